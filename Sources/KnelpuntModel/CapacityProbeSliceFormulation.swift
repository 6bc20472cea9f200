// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntData
import KnelpuntLP

// The probe family split by timeslice (docs/model.md, "How the probes are solved"). With every
// grant g_r fixed, the probe LP (``AllocationModel/setCapacityProbeObjective(node:_:)``) has
// timeslice blocks except for the coupling rows C (flex budgets, tdtr curtailment budgets, the
// rules' share rows). Slice t's LP holds the rows of slice t over the columns of slice t and one
// local copy of every probe column (the probes are the only columns the slices share):
//
//     max y                                   y = y⁻_n or y⁺_n, 0 ≤ y ≤ Ȳ (``probeCapMW``), MW
//     s.t. the rows of slice t (balance, demand and curtailment covers, group contracts,
//          Kirchhoff, the N-1 rows the model holds), each grant's term a·g_r moved into the bounds
//          −E_l ≤ x[l,t] + LODF_{l,k}·x[k,t] ≤ E_l   for the pairs (l, k, t) the slice adds, MW
//
// with every other probe fixed at 0. The rows of C stay apart, with each slice's terms in them.

/// One timeslice's LP of the probe family (``AllocationModel/capacityProbeSlices()``). Only its
/// named operations change it: the objective (``setCapacityProbeObjective(node:_:)``,
/// ``setReferenceObjective()``), the bounds of its model columns
/// (``narrowColumnBounds(_:)``, ``restoreColumnBounds(_:)``) and its N-1 rows
/// (``addContingencyRows(_:model:)``).
public struct CapacityProbeSliceLP: Sendable {
    /// Ȳ: the upper bound of the open probe in a slice LP, MW. A slice optimum at Ȳ says the slice
    /// alone does not bound the probe (the slice LP itself stays bounded).
    public static let probeCapMW = 1e7

    /// The timeslice t.
    public let timeslice: Int
    /// The LP: the model's columns of slice t (local 0..<``modelColumn``.count), then the probe
    /// columns (``probes``); the rows of slice t, then the N-1 rows this slice added.
    public private(set) var lp: LinearProgram
    /// Model column of each local column (the probe columns not included).
    public let modelColumn: [Int]
    /// Local columns of y⁻_n, y⁺_n per node (index into ``Dataset/nodes``).
    public let probes: [CapacityProbeColumns]
    /// Local column of x[l,t] per link (`nil` when the link is absent this year).
    public let flowColumn: [Int?]
    /// The slice's terms in the coupling rows: (coupling row k, local column, coefficient), k an
    /// index into ``CapacityProbeSlicing/couplingRows``.
    public let couplingTerms: [(row: Int, column: Int, value: Double)]
    /// The post-contingency pairs this slice's LP holds beyond the model's, in the order added.
    public private(set) var contingencyPairs: [ContingencyPair] = []
    private var contingencySet: Set<ContingencyPair> = []
    /// Local column of each model column (−1 for a column of another slice or of none); one
    /// array shared by every slice of a ``CapacityProbeSlicing``.
    private let localColumn: [Int]
    /// The model's bounds of the local columns (lower, upper), for ``restoreColumnBounds(_:)``.
    private let ownBounds: [(lower: Double, upper: Double)]

    init(
        timeslice: Int, lp: LinearProgram, modelColumn: [Int], probes: [CapacityProbeColumns], flowColumn: [Int?],
        couplingTerms: [(row: Int, column: Int, value: Double)], localColumn: [Int]
    ) {
        self.timeslice = timeslice
        self.lp = lp
        self.modelColumn = modelColumn
        self.probes = probes
        self.flowColumn = flowColumn
        self.couplingTerms = couplingTerms
        self.localColumn = localColumn
        ownBounds = modelColumn.indices.map { (lp.columns[$0].lowerBound, lp.columns[$0].upperBound) }
    }

    /// The objective `min 0` with every probe fixed at 0: the slice at y = 0, which the
    /// allocation itself meets; its optimal basis is where every probe starts.
    public mutating func setReferenceObjective() {
        closeProbes()
        lp.sense = .minimize
    }

    /// Opens the probe at node n in `direction` (0 ≤ y ≤ ``probeCapMW``), fixes every other probe
    /// at 0 and sets the objective `max y` (MW), as ``AllocationModel/setCapacityProbeObjective(node:_:)``
    /// does on the whole year's LP.
    public mutating func setCapacityProbeObjective(node n: Int, _ direction: CapacityProbeDirection) {
        closeProbes()
        lp.sense = .maximize
        let column = probes[n][direction]
        lp.setColumnBounds(column, lower: 0, upper: Self.probeCapMW)
        lp.setCost(column, 1)
    }

    private mutating func closeProbes() {
        lp.clearObjective()
        for columns in probes {
            lp.setColumnBounds(columns.offtake, lower: 0, upper: 0)
            lp.setColumnBounds(columns.infeed, lower: 0, upper: 0)
        }
    }

    /// Narrows the bounds of local model columns: `lower ≤ z_j ≤ upper` (MW) per entry, within the
    /// column's own bounds (a restriction of the slice, never a relaxation).
    public mutating func narrowColumnBounds(_ bounds: [(column: Int, lower: Double, upper: Double)]) {
        for item in bounds {
            let own = ownBounds[item.column]
            precondition(item.lower >= own.lower && item.upper <= own.upper, "narrowed bounds must lie within the column's own")
            lp.setColumnBounds(item.column, lower: item.lower, upper: item.upper)
        }
    }

    /// Gives the local model columns `columns` their own bounds (the model's) back.
    public mutating func restoreColumnBounds(_ columns: [Int]) {
        for column in columns { lp.setColumnBounds(column, lower: ownBounds[column].lower, upper: ownBounds[column].upper) }
    }

    /// Adds the post-contingency rows of `pairs` (pairs of this slice) that the slice does not
    /// hold yet: −E_l ≤ x[l,t] + LODF_{l,k}·x[k,t] ≤ E_l (MW), the row
    /// ``AllocationModel/contingencyLimit(_:)`` gives for ``AllocationModel/addContingencyRows(pairs:dataset:)``,
    /// on the slice's local flow columns. A pair without an AC limit this year adds nothing.
    /// Returns the number of rows added.
    @discardableResult
    public mutating func addContingencyRows(_ pairs: [ContingencyPair], model: AllocationModel) -> Int {
        var added = 0
        for pair in pairs where !contingencySet.contains(pair) {
            precondition(pair.timeslice == timeslice, "a post-contingency pair of slice \(pair.timeslice) added to slice \(timeslice)")
            guard let limit = model.contingencyLimit(pair) else { continue }
            let terms = limit.terms.map { (column: localColumn[$0.column], coefficient: $0.coefficient) }
            lp.addRow(name: "", lowerBound: -limit.ratingMW, upperBound: limit.ratingMW, terms: terms)
            contingencyPairs.append(pair)
            contingencySet.insert(pair)
            added += 1
        }
        return added
    }
}

/// The probe LP split by timeslice (``AllocationModel/capacityProbeSlices()``): one
/// ``CapacityProbeSliceLP`` per slice and the coupling rows C that tie them.
public struct CapacityProbeSlicing: Sendable {
    /// One LP per timeslice.
    public var slices: [CapacityProbeSliceLP]
    /// Local column of each model column in its slice's LP (−1 for a column of no slice: the rule
    /// columns, the grants, the probes).
    public let localColumn: [Int]
    /// The rows of C (model row index) with their bounds after the grants were substituted (in
    /// each row's unit: MWh for the budgets, dimensionless for the rule rows).
    public let couplingRows: [(row: Int, lower: Double, upper: Double)]
    /// Every term of the rows of C: (coupling row k, model column, coefficient), in the matrix's
    /// entry order.
    public let couplingEntries: [(row: Int, column: Int, value: Double)]
}

extension AllocationModel {
    /// The probe LP split by timeslice (see ``CapacityProbeSliceLP``): the rows of slice t over the
    /// columns of slice t and a local probe column y⁻_n, y⁺_n per node (−1 / +1 in n's balance
    /// row of t, fixed at 0), each grant's terms moved into the row bounds (−a·g_r), a zero
    /// objective; the rows of C kept apart. Requires ``addCapacityProbeFamily(dataset:)`` and
    /// every grant fixed (``fixGrants(atMW:)``).
    public func capacityProbeSlices() -> CapacityProbeSlicing {
        let lp = lp.substitutingFixedColumns(grantColumn)
        let blocks = blockStructure()
        let slices = timesliceCount
        var isProbe = [Bool](repeating: false, count: lp.columnCount)
        for columns in capacityProbeColumns {
            isProbe[columns.offtake] = true
            isProbe[columns.infeed] = true
        }
        var local = [Int](repeating: -1, count: lp.columnCount)
        var sliceColumns = [[Int]](repeating: [], count: slices)
        for (j, block) in blocks.columnBlock.enumerated() {
            guard let block else { continue }
            local[j] = sliceColumns[block].count
            sliceColumns[block].append(j)
        }
        let probeStart = sliceColumns.map(\.count)
        var probeLocal: [Int: Int] = [:]
        for (m, columns) in capacityProbeColumns.enumerated() {
            probeLocal[columns.offtake] = 2 * m
            probeLocal[columns.infeed] = 2 * m + 1
        }
        var couplingIndex = [Int](repeating: -1, count: lp.rowCount)
        var coupling: [(row: Int, lower: Double, upper: Double)] = []
        var localRow = [Int](repeating: -1, count: lp.rowCount)
        var lps = (0..<slices).map { LinearProgram(name: "probe-slice\($0)", sense: .maximize) }
        for t in 0..<slices {
            for j in sliceColumns[t] {
                let column = lp.columns[j]
                lps[t].addColumn(name: "", lowerBound: column.lowerBound, upperBound: column.upperBound, cost: 0)
            }
            for _ in capacityProbeColumns {
                lps[t].addColumn(name: "", lowerBound: 0, upperBound: 0, cost: 0)
                lps[t].addColumn(name: "", lowerBound: 0, upperBound: 0, cost: 0)
            }
        }
        for (i, block) in blocks.rowBlock.enumerated() {
            if let block {
                localRow[i] = lps[block].addRow(name: "", lowerBound: lp.rows[i].lowerBound, upperBound: lp.rows[i].upperBound, terms: [])
            } else {
                couplingIndex[i] = coupling.count
                coupling.append((i, lp.rows[i].lowerBound, lp.rows[i].upperBound))
            }
        }
        var couplingTerms = [[(row: Int, column: Int, value: Double)]](repeating: [], count: slices)
        var couplingEntries: [(row: Int, column: Int, value: Double)] = []
        for k in lp.entryValues.indices {
            let i = Int(lp.entryRows[k])
            let j = Int(lp.entryColumns[k])
            let value = lp.entryValues[k]
            if let t = blocks.rowBlock[i] {
                let column = isProbe[j] ? probeStart[t] + probeLocal[j]! : local[j]
                precondition(column >= 0 && (isProbe[j] || blocks.columnBlock[j] == t), "a slice row of the probe LP spans slices")
                lps[t].addCoefficient(row: localRow[i], column: column, value: value)
            } else {
                let row = couplingIndex[i]
                couplingEntries.append((row, j, value))
                if let t = blocks.columnBlock[j] { couplingTerms[t].append((row, local[j], value)) }
            }
        }
        let sliceLPs = (0..<slices).map { t in
            var flows = [Int?](repeating: nil, count: flowColumn.count)
            for (l, columns) in flowColumn.enumerated() { if let columns { flows[l] = local[columns[t]] } }
            let probes = capacityProbeColumns.indices.map {
                CapacityProbeColumns(offtake: probeStart[t] + 2 * $0, infeed: probeStart[t] + 2 * $0 + 1)
            }
            return CapacityProbeSliceLP(
                timeslice: t, lp: lps[t], modelColumn: sliceColumns[t], probes: probes, flowColumn: flows,
                couplingTerms: couplingTerms[t], localColumn: local)
        }
        return CapacityProbeSlicing(slices: sliceLPs, localColumn: local, couplingRows: coupling, couplingEntries: couplingEntries)
    }
}
