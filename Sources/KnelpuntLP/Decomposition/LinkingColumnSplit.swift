// SPDX-License-Identifier: GPL-3.0-or-later

/// An LP whose linking columns appear in block rows, put into the bordered block-diagonal shape
/// of ``BlockStructure`` by one copy of each such column per block.
///
/// A column y with coefficients in the rows of several blocks (e.g. a probe's flat offtake,
/// one value for the year in every timeslice's balance row) cannot be a linking column as it
/// stands. The split LP gives every block b that y touches its own copy y_b, which takes y's
/// coefficients in b's rows, and one coupling row per copy:
///
///     y_b − y = 0                       (coupling row; y_b in block b, y linking)
///
/// y keeps its cost, its bounds and its coefficients in coupling rows; each copy has y's bounds
/// and no cost. Every solution of the split LP restricted to the original columns is a
/// solution of the original LP with the same objective, and the converse holds with y_b = y, so
/// the optima agree. ``SolveResult/restoringSplitColumns(_:of:)`` reads a result back: the
/// original rows keep their duals, and y's reduced cost on the original LP,
/// d_y = c_y − Σ_i a_iy·π_i, is d_y of the split LP plus the copies' reduced costs (each copy is
/// basic with reduced cost 0, or at the bound where y sits), so an optimal pair of the split LP
/// is an optimal pair of the original LP. The caller still certifies it on the original LP.
public struct LinkingColumnSplit: Sendable {
    /// The split LP: the original rows and columns at their indices, then the copies, then the
    /// coupling rows y_b − y = 0.
    public let lp: LinearProgram
    /// The original structure with the copies in their blocks and the new rows as coupling rows.
    public let structure: BlockStructure
    /// The original column of each copy (in copy order).
    public let copyOf: [Int]
    let originalRowCount: Int
    let originalColumnCount: Int

    /// Splits `columns` of `lp` (linking columns of `structure`: `nil` block) into one copy per
    /// block whose rows they touch.
    public init(_ lp: LinearProgram, columns: [Int], structure: BlockStructure) {
        precondition(columns.allSatisfy { structure.columnBlock[$0] == nil }, "only linking columns are split")
        var isSplit = [Bool](repeating: false, count: lp.columnCount)
        for j in columns { isSplit[j] = true }
        // The copy of (column, block), in the order the entries first name them.
        var copyIndex: [Int: [Int: Int]] = [:]
        var copies: [(column: Int, block: Int)] = []
        var terms = [[(column: Int, coefficient: Double)]](repeating: [], count: lp.rowCount)
        for k in lp.entryValues.indices {
            let i = Int(lp.entryRows[k])
            var j = Int(lp.entryColumns[k])
            if isSplit[j], let block = structure.rowBlock[i] {
                if let copy = copyIndex[j]?[block] {
                    j = lp.columnCount + copy
                } else {
                    copyIndex[j, default: [:]][block] = copies.count
                    copies.append((j, block))
                    j = lp.columnCount + copies.count - 1
                }
            }
            terms[i].append((j, lp.entryValues[k]))
        }
        var split = LinearProgram(name: lp.name, sense: lp.sense, objectiveConstant: lp.objectiveConstant)
        for column in lp.columns { split.addColumn(column) }
        for (c, copy) in copies.enumerated() {
            let column = lp.columns[copy.column]
            split.addColumn(name: "\(column.name)_b\(copy.block)_\(c)", lowerBound: column.lowerBound, upperBound: column.upperBound, cost: 0)
        }
        for (i, row) in lp.rows.enumerated() {
            split.addRow(name: row.name, lowerBound: row.lowerBound, upperBound: row.upperBound, terms: terms[i])
        }
        for (c, copy) in copies.enumerated() {
            split.addRow(
                name: "split_\(c)", lowerBound: 0, upperBound: 0, terms: [(lp.columnCount + c, 1), (copy.column, -1)])
        }
        self.lp = split
        self.structure = BlockStructure(
            blockCount: structure.blockCount, columnBlock: structure.columnBlock + copies.map(\.block),
            rowBlock: structure.rowBlock + copies.map { _ in nil })
        copyOf = copies.map(\.column)
        originalRowCount = lp.rowCount
        originalColumnCount = lp.columnCount
    }

    /// Coupling-row duals for ``DecompositionOptions/seedRowDuals`` that push every copy the way
    /// the objective moves its column (a copy of a column whose cost falls as it rises is
    /// raised: tie-row dual +1 in the blocks' minimising sense; the other way −1; no cost:
    /// none).
    public var seedRowDuals: [Int: Double] {
        var duals: [Int: Double] = [:]
        for (c, column) in copyOf.enumerated() {
            let cost = (lp.sense == .maximize ? -1 : 1) * lp.columns[column].cost
            if cost != 0 { duals[originalRowCount + c] = cost < 0 ? 1 : -1 }
        }
        return duals
    }

    /// A basis of the original LP extended to the split LP, with as many basic variables as the
    /// split LP has rows: each copy takes its column's status; its tie row y_b − y = 0 is
    /// nonbasic when the copy is basic and basic (at activity 0) when the copy sits at y's bound.
    public func extending(_ basis: LPBasis) -> LPBasis? {
        guard basis.rowStatus.count == originalRowCount, basis.columnStatus.count == originalColumnCount else { return nil }
        return LPBasis(
            rowStatus: basis.rowStatus + copyOf.map { basis.columnStatus[$0] == .basic ? .fixed : .basic },
            columnStatus: basis.columnStatus + copyOf.map { basis.columnStatus[$0] })
    }
}

extension SolveResult {
    /// This result of `split.lp`, read back onto `lp` (the LP that was split): its columns' values
    /// and its rows' duals, activities recomputed from the matrix, and each split column's reduced
    /// cost d_j = c_j − Σ_i a_ij·π_i on `lp`. The basis and the sensitivity ranges are dropped.
    public func restoringSplitColumns(_ split: LinkingColumnSplit, of lp: LinearProgram) -> SolveResult {
        var result = self
        result.basis = nil
        result.rowRanges = [:]
        result.columnRanges = [:]
        guard columnValues.count == split.lp.columnCount else { return result }
        result.columnValues = Array(columnValues[..<split.originalColumnCount])
        result.rowActivities = lp.rowActivities(of: result.columnValues)
        guard rowDuals.count == split.lp.rowCount, columnReducedCosts.count == split.lp.columnCount else {
            result.rowDuals = []
            result.columnReducedCosts = []
            return result
        }
        result.rowDuals = Array(rowDuals[..<split.originalRowCount])
        result.columnReducedCosts = Array(columnReducedCosts[..<split.originalColumnCount])
        var reduced = Dictionary(split.copyOf.map { ($0, lp.columns[$0].cost) }, uniquingKeysWith: { first, _ in first })
        for k in lp.entryValues.indices {
            let j = Int(lp.entryColumns[k])
            if reduced[j] != nil { reduced[j]! -= lp.entryValues[k] * result.rowDuals[Int(lp.entryRows[k])] }
        }
        for (j, value) in reduced { result.columnReducedCosts[j] = value }
        return result
    }
}
