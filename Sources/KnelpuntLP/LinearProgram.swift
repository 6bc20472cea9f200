// SPDX-License-Identifier: GPL-3.0-or-later

/// Direction of optimisation.
public enum ObjectiveSense: String, Sendable, Hashable, Codable {
    case minimize
    case maximize
}

/// The values a column may take besides its bounds.
public enum ColumnKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// Any real value within the bounds (every column of an LP).
    case continuous
    /// 0 or 1 (bounds within [0, 1]; a binary fixed at 0 or 1 by its bounds is allowed).
    case binary
    /// Any integer within the bounds (finite bounds must be integers).
    case integer
}

/// One decision variable of a ``LinearProgram``: `lowerBound ≤ x ≤ upperBound`, cost `cost`.
///
/// Bounds may be `-Double.infinity` / `+Double.infinity` (a free side); they are never NaN.
/// A ``ColumnKind/binary`` or ``ColumnKind/integer`` column makes the program a mixed-integer
/// program (``MIPSolver``); an ``LPSolver`` solves its continuous relaxation.
public struct LPColumn: Sendable, Hashable {
    /// Name for messages and LP/MPS files only; results are read back by index.
    public var name: String
    public var lowerBound: Double
    public var upperBound: Double
    /// Objective coefficient, in objective units per unit of the variable.
    public var cost: Double
    /// Continuous (the default), binary or integer.
    public var kind: ColumnKind

    public init(name: String, lowerBound: Double = 0, upperBound: Double = .infinity, cost: Double = 0, kind: ColumnKind = .continuous) {
        self.name = name
        self.lowerBound = lowerBound
        self.upperBound = upperBound
        self.cost = cost
        self.kind = kind
    }
}

/// One constraint row of a ``LinearProgram``: `lowerBound ≤ Σ a·x ≤ upperBound`.
///
/// Free rows have both sides infinite, `≤` rows a finite upper side only, `≥` rows a finite lower
/// side only, ranged rows both sides finite, equality rows both sides equal.
public struct LPRow: Sendable, Hashable {
    public var name: String
    public var lowerBound: Double
    public var upperBound: Double

    public init(name: String, lowerBound: Double = -.infinity, upperBound: Double = .infinity) {
        self.name = name
        self.lowerBound = lowerBound
        self.upperBound = upperBound
    }

    /// The row's kind, derived from its bounds.
    public var kind: BoundKind { BoundKind(lower: lowerBound, upper: upperBound) }
}

/// The shape of a pair of bounds.
public enum BoundKind: String, Sendable, Hashable {
    /// Both sides infinite.
    case free
    /// Only a finite lower bound (`≥`).
    case lower
    /// Only a finite upper bound (`≤`).
    case upper
    /// Both finite and different (ranged).
    case ranged
    /// Both finite and equal (`=`).
    case fixed

    public init(lower: Double, upper: Double) {
        switch (lower.isFinite, upper.isFinite) {
        case (false, false): self = .free
        case (true, false): self = .lower
        case (false, true): self = .upper
        case (true, true): self = lower == upper ? .fixed : .ranged
        }
    }
}

/// A linear program as plain data: named columns with bounds and costs, named boxed rows, a
/// sparse coefficient matrix in triplet form, and the objective sense.
///
/// minimise (or maximise)  `objectiveConstant + Σ_j cost_j · x_j`
/// subject to              `row.lower_i ≤ Σ_j a_ij · x_j ≤ row.upper_i`   for every row i
///                         `col.lower_j ≤ x_j ≤ col.upper_j`              for every column j
///
/// Indices are 0-based and stable: results come back in the same order. The value has no
/// pointers, so leximin stages and scenarios work on cheap copies.
public struct LinearProgram: Sendable, Hashable {
    public var name: String
    public var sense: ObjectiveSense
    public var objectiveConstant: Double
    public private(set) var columns: [LPColumn] = []
    public private(set) var rows: [LPRow] = []
    /// Row index of each nonzero (parallel to ``entryColumns`` and ``entryValues``).
    public private(set) var entryRows: [Int32] = []
    /// Column index of each nonzero.
    public private(set) var entryColumns: [Int32] = []
    /// Value of each nonzero.
    public private(set) var entryValues: [Double] = []

    public init(name: String = "knelpunt", sense: ObjectiveSense = .minimize, objectiveConstant: Double = 0) {
        self.name = name
        self.sense = sense
        self.objectiveConstant = objectiveConstant
    }

    public var columnCount: Int { columns.count }
    public var rowCount: Int { rows.count }
    public var nonzeroCount: Int { entryValues.count }
    /// True when some column is binary or integer (a mixed-integer program).
    public var hasIntegerColumns: Bool { columns.contains { $0.kind != .continuous } }

    /// Adds a column and returns its index.
    @discardableResult
    public mutating func addColumn(_ column: LPColumn) -> Int {
        columns.append(column)
        return columns.count - 1
    }

    /// Adds a column and returns its index.
    @discardableResult
    public mutating func addColumn(
        name: String, lowerBound: Double = 0, upperBound: Double = .infinity, cost: Double = 0, kind: ColumnKind = .continuous
    ) -> Int {
        addColumn(LPColumn(name: name, lowerBound: lowerBound, upperBound: upperBound, cost: cost, kind: kind))
    }

    /// Makes column `column` continuous, binary or integer (checked by ``validate()``).
    public mutating func setColumnKind(_ column: Int, _ kind: ColumnKind) {
        columns[column].kind = kind
    }

    /// Adds a row `lowerBound ≤ Σ coefficient·x[column] ≤ upperBound` and returns its index.
    /// Terms with a zero coefficient are dropped; a column may appear once per row.
    @discardableResult
    public mutating func addRow(
        name: String, lowerBound: Double = -.infinity, upperBound: Double = .infinity,
        terms: [(column: Int, coefficient: Double)]
    ) -> Int {
        let index = rows.count
        rows.append(LPRow(name: name, lowerBound: lowerBound, upperBound: upperBound))
        for term in terms where term.coefficient != 0 {
            entryRows.append(Int32(truncatingIfNeeded: index))
            entryColumns.append(Int32(truncatingIfNeeded: term.column))
            entryValues.append(term.coefficient)
        }
        return index
    }

    /// Adds one coefficient `a[row, column]` (for builders that fill a row column by column).
    public mutating func addCoefficient(row: Int, column: Int, value: Double) {
        guard value != 0 else { return }
        entryRows.append(Int32(truncatingIfNeeded: row))
        entryColumns.append(Int32(truncatingIfNeeded: column))
        entryValues.append(value)
    }

    public mutating func setColumnBounds(_ column: Int, lower: Double, upper: Double) {
        columns[column].lowerBound = lower
        columns[column].upperBound = upper
    }

    public mutating func setRowBounds(_ row: Int, lower: Double, upper: Double) {
        rows[row].lowerBound = lower
        rows[row].upperBound = upper
    }

    public mutating func setCost(_ column: Int, _ cost: Double) {
        columns[column].cost = cost
    }

    /// Removes every row i with `keep[i] == false` and its coefficients; the rows kept stay in
    /// order, so a kept row's index falls by the number of removed rows before it.
    public mutating func removeRows(keeping keep: [Bool]) {
        precondition(keep.count == rows.count, "keep has \(keep.count) entries for \(rows.count) rows")
        var newIndex = [Int32](repeating: -1, count: rows.count)
        var next: Int32 = 0
        for (i, kept) in keep.enumerated() where kept {
            newIndex[i] = next
            next += 1
        }
        rows = rows.indices.filter { keep[$0] }.map { rows[$0] }
        var k = 0
        for e in entryValues.indices {
            let row = newIndex[Int(entryRows[e])]
            guard row >= 0 else { continue }
            entryRows[k] = row
            entryColumns[k] = entryColumns[e]
            entryValues[k] = entryValues[e]
            k += 1
        }
        entryRows.removeLast(entryRows.count - k)
        entryColumns.removeLast(entryColumns.count - k)
        entryValues.removeLast(entryValues.count - k)
    }

    /// Sets every objective coefficient to zero (for feasibility or lexicographic stages).
    public mutating func clearObjective() {
        for index in columns.indices { columns[index].cost = 0 }
        objectiveConstant = 0
    }

    /// Objective value of a primal point (`objectiveConstant + Σ cost·x`).
    public func objectiveValue(of primal: [Double]) -> Double {
        precondition(primal.count == columns.count, "primal has \(primal.count) values for \(columns.count) columns")
        var total = objectiveConstant
        for (column, value) in zip(columns, primal) { total += column.cost * value }
        return total
    }

    /// Row activities `Σ a_ij·x_j` of a primal point, recomputed from the matrix.
    public func rowActivities(of primal: [Double]) -> [Double] {
        precondition(primal.count == columns.count, "primal has \(primal.count) values for \(columns.count) columns")
        var activity = [Double](repeating: 0, count: rows.count)
        for k in entryValues.indices {
            activity[Int(entryRows[k])] += entryValues[k] * primal[Int(entryColumns[k])]
        }
        return activity
    }
}
