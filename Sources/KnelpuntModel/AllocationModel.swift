// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntData
import KnelpuntLP

/// The allocation LP of one planning year, with typed keys for every row and column.
///
/// Sets: timeslices t (weight w_t hours), nodes n, links l (from → to), supplies s,
/// conversions v, consumer-carrier pairs i (at node n(i)), flex commitments f (of pair i(f)).
/// All variables are MW; the objective is € per year:
///
///     min Σ_t w_t · ( Σ_s cost_s·g[s,t] + Σ_i VoLL_i·u[i,t] + Σ_f cost_f·z[f,t] )
///
/// Columns are laid out in per-timeslice blocks (all columns of slice 0, then slice 1, …) and
/// rows likewise, followed by the few coupling rows (flex budgets), so the model can be
/// decomposed by timeslice. The build is a visible sequence of one function per family; see
/// ``build(dataset:year:)``.
public struct AllocationModel: Sendable {
    public let year: Int
    public let view: YearView
    /// Node indices, incidence and lookups of this year, shared by every reader of the model.
    public let network: NetworkIndex
    /// The LP. Only the family functions and the named stage operations of this type change it.
    public private(set) var lp: LinearProgram
    /// Key of every column, the allocation-rule columns included.
    public private(set) var columnKeys: [ColumnKey] = []
    /// Key of every row, the allocation-rule rows included.
    public private(set) var rowKeys: [RowKey] = []
    /// Timeslice weights w_t in hours.
    public let weightsHours: [Double]
    /// DC power-flow factors and cycle basis of this year's AC subnetwork (no branches when the
    /// dataset gives no reactances: then no Kirchhoff rows).
    public let physics: NetworkPhysics
    /// The N-1 outages checked this year (see ``SecuritySetup``).
    public let security: SecuritySetup

    /// Column of g[s,t] (`nil` when the supply does not exist in this year).
    public private(set) var supplyColumn: [[Int]?]
    /// Column of x[l,t] (`nil` when the link does not exist in this year).
    public private(set) var flowColumn: [[Int]?]
    /// Column of p[v,t] (`nil` when the conversion does not exist in this year).
    public private(set) var conversionColumn: [[Int]?]
    /// Column of z[f,t] per flex commitment (outer index into ``Dataset/flex``); `nil` when the
    /// commitment is not in force, and `nil` per slice outside its window (z fixed to 0 there:
    /// the column is omitted, which is the same LP).
    public private(set) var flexColumn: [[Int?]?]
    /// Column of u[i,t] per pair (index into ``YearView/pairs``).
    public private(set) var unservedColumn: [[Int]]
    /// Row of the nodal balance per node and slice.
    public private(set) var balanceRow: [[Int]]
    /// Row of the demand cover per pair and slice (`nil` for pairs without flex: u ≤ D is then a
    /// column bound).
    public private(set) var demandCoverRow: [[Int]?]
    /// Row of the flex budget per flex commitment (`nil` when unlimited or not in force).
    public private(set) var flexBudgetRow: [Int?]
    /// Column of q_i per rule member, pairs or requests (``ruleMemberCount``; empty until
    /// ``addAllocationRuleFamilies()``).
    public internal(set) var shortfallColumn: [Int] = []
    /// Column of λ (`nil` until ``addAllocationRuleFamilies()``).
    public internal(set) var shareFloorColumn: Int?
    /// Row `Σ_t (w_t/E_i)·u[i,t] − q_i = 0` per pair, or `g_r/R_r + q_r = 1` per request (empty
    /// until ``addAllocationRuleFamilies()``).
    public internal(set) var shareRow: [Int] = []
    /// Row `q_i + λ ≤ 1` per rule member (empty until ``addAllocationRuleFamilies()``).
    public internal(set) var fillRow: [Int] = []
    /// Row of Kirchhoff's voltage law per cycle of ``physics`` and slice.
    public private(set) var kirchhoffRow: [[Int]] = []
    /// Row of each post-contingency limit added so far (``addContingencyRows(pairs:)``).
    public private(set) var contingencyRow: [ContingencyPair: Int] = [:]
    /// The post-contingency pairs in the order their rows were added.
    public private(set) var contingencyPairs: [ContingencyPair] = []
    /// Column of g_r per request (index into ``YearView/requests``; request view only).
    public private(set) var grantColumn: [Int] = []
    /// Column of z_r(t) per request and slice; `nil` for a request the grid may not curtail
    /// (`firm`, `time-block`), and `nil` per slice where it takes no load (π_r(t) = 0).
    public private(set) var requestCurtailmentColumn: [[Int?]?] = []
    /// Row z_r(t) − π_r(t)·g_r ≤ 0 per curtailable request and slice (`nil` where no z column).
    public private(set) var requestCurtailmentCoverRow: [[Int?]?] = []
    /// Row of the curtailment budget per `tdtr` request (`nil` for other products).
    public private(set) var curtailmentBudgetRow: [Int?] = []
    /// Rows of each group contract (index into ``Dataset/groupContracts``) per slice; `nil` when
    /// not in force this year or without members with load.
    public private(set) var groupContractRow: [[Int]?] = []
    /// Columns y⁻_n, y⁺_n of the capacity probes per node (index into ``Dataset/nodes``; empty
    /// until ``addCapacityProbeFamily(dataset:)``).
    public private(set) var capacityProbeColumns: [CapacityProbeColumns] = []
    /// The cost-stage objective coefficients, restored by ``setCostObjective()``.
    var costStageCosts: [Double] = []

    public var timesliceCount: Int { weightsHours.count }

    private init(dataset: Dataset, view: YearView) {
        self.year = view.year
        self.view = view
        let network = NetworkIndex(dataset: dataset, view: view)
        let physics = NetworkPhysics(dataset: dataset, view: view, network: network)
        self.network = network
        self.weightsHours = dataset.timeslices.slices.map(\.weightHours)
        self.physics = physics
        self.security = SecuritySetup(dataset: dataset, view: view, physics: physics)
        self.lp = LinearProgram(name: "knelpunt-\(dataset.info.name)-\(view.year)", sense: .minimize)
        supplyColumn = Array(repeating: nil, count: dataset.supplies.count)
        flowColumn = Array(repeating: nil, count: dataset.links.count)
        conversionColumn = Array(repeating: nil, count: dataset.conversions.count)
        flexColumn = Array(repeating: nil, count: dataset.flex.count)
        unservedColumn = Array(repeating: [], count: view.pairs.count)
        balanceRow = Array(repeating: [], count: dataset.nodes.count)
        demandCoverRow = Array(repeating: nil, count: view.pairs.count)
        flexBudgetRow = Array(repeating: nil, count: dataset.flex.count)
        requestCurtailmentColumn = Array(repeating: nil, count: view.requests.count)
        requestCurtailmentCoverRow = Array(repeating: nil, count: view.requests.count)
        curtailmentBudgetRow = Array(repeating: nil, count: view.requests.count)
        groupContractRow = Array(repeating: nil, count: dataset.groupContracts.count)
    }

    /// Builds the allocation LP of `year` for the given ``AllocationView``.
    public static func build(dataset: Dataset, year: Int, allocation: AllocationView = .energy) -> AllocationModel {
        build(dataset: dataset, view: dataset.view(year: year, allocation: allocation))
    }

    /// Builds the cost-stage allocation LP for an already computed year view.
    public static func build(dataset: Dataset, view: YearView) -> AllocationModel {
        var model = AllocationModel(dataset: dataset, view: view)
        let context = FormulationContext(dataset: dataset, view: view, network: model.network, weights: model.weightsHours)
        model.addGrantColumns(context)
        for t in 0..<model.timesliceCount {
            model.addSupplyColumns(context, timeslice: t)
            model.addFlowColumns(context, timeslice: t)
            model.addConversionColumns(context, timeslice: t)
            model.addFlexColumns(context, timeslice: t)
            model.addUnservedColumns(context, timeslice: t)
            model.addRequestCurtailmentColumns(context, timeslice: t)
            model.addNodalBalanceRows(context, timeslice: t)
            model.addDemandCoverRows(context, timeslice: t)
            model.addRequestCurtailmentCoverRows(context, timeslice: t)
            model.addGroupContractRows(context, timeslice: t)
            model.addKirchhoffRows(context, timeslice: t)
        }
        model.addFlexBudgetRows(context)
        model.addCurtailmentBudgetRows(context)
        return model
    }

    // MARK: - Bookkeeping used by the family functions

    mutating func appendColumn(_ key: ColumnKey, name: String, lower: Double, upper: Double, cost: Double) -> Int {
        columnKeys.append(key)
        return lp.addColumn(name: name, lowerBound: lower, upperBound: upper, cost: cost)
    }

    mutating func appendRow(_ key: RowKey, name: String, lower: Double, upper: Double, terms: [(column: Int, coefficient: Double)]) -> Int {
        rowKeys.append(key)
        return lp.addRow(name: name, lowerBound: lower, upperBound: upper, terms: terms)
    }

    mutating func setColumnBounds(_ column: Int, lower: Double, upper: Double) { lp.setColumnBounds(column, lower: lower, upper: upper) }
    mutating func setRowBounds(_ row: Int, lower: Double, upper: Double) { lp.setRowBounds(row, lower: lower, upper: upper) }
    mutating func setObjective(sense: ObjectiveSense) {
        lp.sense = sense
        lp.clearObjective()
    }
    mutating func setCost(_ column: Int, _ cost: Double) { lp.setCost(column, cost) }
    mutating func addCoefficient(row: Int, column: Int, value: Double) { lp.addCoefficient(row: row, column: column, value: value) }

    mutating func recordSupply(_ s: Int, column: Int) { supplyColumn[s, default: []].append(column) }
    mutating func recordFlow(_ l: Int, column: Int) { flowColumn[l, default: []].append(column) }
    mutating func recordConversion(_ v: Int, column: Int) { conversionColumn[v, default: []].append(column) }
    mutating func recordFlex(_ f: Int, column: Int?) { flexColumn[f, default: []].append(column) }
    mutating func recordUnserved(_ i: Int, column: Int) { unservedColumn[i].append(column) }
    mutating func recordBalance(_ n: Int, row: Int) { balanceRow[n].append(row) }
    mutating func recordDemandCover(_ i: Int, row: Int) { demandCoverRow[i, default: []].append(row) }
    mutating func recordFlexBudget(_ f: Int, row: Int) { flexBudgetRow[f] = row }
    mutating func recordKirchhoff(_ c: Int, row: Int) {
        if kirchhoffRow.count <= c { kirchhoffRow.append([]) }
        kirchhoffRow[c].append(row)
    }
    mutating func recordGrant(column: Int) { grantColumn.append(column) }
    mutating func recordRequestCurtailment(_ r: Int, column: Int?) { requestCurtailmentColumn[r, default: []].append(column) }
    mutating func recordRequestCurtailmentCover(_ r: Int, row: Int?) { requestCurtailmentCoverRow[r, default: []].append(row) }
    mutating func recordCurtailmentBudget(_ r: Int, row: Int) { curtailmentBudgetRow[r] = row }
    mutating func recordGroupContract(_ g: Int, row: Int) { groupContractRow[g, default: []].append(row) }
    mutating func recordCapacityProbes(_ columns: [CapacityProbeColumns]) { capacityProbeColumns = columns }
    mutating func recordContingency(_ pair: ContingencyPair, row: Int) {
        contingencyRow[pair] = row
        contingencyPairs.append(pair)
    }

    /// Removes the post-contingency rows of `pairs` from the LP and the bookkeeping. They come
    /// after every row of the other families (N-1 rows are added last), so no other family's row
    /// index moves. Returns the keep mask over the rows before the removal.
    mutating func removeContingencyRows(_ pairs: Set<ContingencyPair>) -> [Bool] {
        var keep = [Bool](repeating: true, count: lp.rowCount)
        for pair in pairs { if let row = contingencyRow[pair] { keep[row] = false } }
        guard let first = keep.firstIndex(of: false) else { return keep }
        precondition(
            rowKeys[first...].allSatisfy {
                if case .contingency = $0 { return true } else { return false }
            }, "the N-1 rows must be the last rows")
        var newIndex = [Int](repeating: -1, count: keep.count)
        var next = 0
        for (i, kept) in keep.enumerated() where kept {
            newIndex[i] = next
            next += 1
        }
        lp.removeRows(keeping: keep)
        rowKeys = rowKeys.indices.filter { keep[$0] }.map { rowKeys[$0] }
        contingencyPairs.removeAll { pairs.contains($0) }
        var rows: [ContingencyPair: Int] = [:]
        for pair in contingencyPairs { rows[pair] = newIndex[contingencyRow[pair]!] }
        contingencyRow = rows
        return keep
    }

    /// The columns bounded by `asset`'s capacity, one per timeslice (x[l,t] for a link, both
    /// bounds; p[v,t] for a conversion and g[s,t] for a supply, upper bound), or `nil` when the
    /// asset does not exist this year.
    public func capacityColumns(of asset: AssetReference) -> [Int]? {
        switch asset.kind {
        case .link: return flowColumn[asset.index]
        case .conversion: return conversionColumn[asset.index]
        case .supply: return supplyColumn[asset.index]
        }
    }

    public var rowCount: Int { lp.rowCount }
    public var columnCount: Int { lp.columnCount }

    /// Whether the timeslices can be solved as blocks (``blockStructure()``) of ``decomposableLP()``:
    /// always in the energy view; in the request view only while every grant g_r (and every
    /// capacity probe y_n) is fixed (one value for the year, it appears in every slice's rows;
    /// fixed, it is a constant there).
    public var isDecomposable: Bool { yearlyColumns.allSatisfy { lp.columns[$0].lowerBound == lp.columns[$0].upperBound } }

    /// The columns with one value for the whole year that appear in slice rows: the grants g_r
    /// and the capacity probes y⁻_n, y⁺_n (``decomposableLP()`` substitutes them).
    public var yearlyColumns: [Int] { grantColumn + capacityProbeColumns.flatMap { [$0.offtake, $0.infeed] } }

    /// The LP in block form: ``lp`` itself, or in the request view ``lp`` with the fixed grants
    /// and probes substituted (``LinearProgram/substitutingFixedColumns(_:)``; map its results back
    /// with ``SolveResult/restoringFixedColumns(_:of:)`` and ``yearlyColumns``). Requires
    /// ``isDecomposable``.
    public func decomposableLP() -> LinearProgram {
        let yearly = yearlyColumns
        return yearly.isEmpty ? lp : lp.substitutingFixedColumns(yearly)
    }

    /// The LP in block form while some yearly columns are free (a capacity probe being
    /// maximised): the fixed ones substituted as in ``decomposableLP()``, each free one split
    /// into one copy per slice tied to it by a coupling row (``LinkingColumnSplit``, over
    /// ``blockStructure()``). Read a result of its ``SplitBlockForm/split`` LP back with
    /// ``SplitBlockForm/restoring(_:)``.
    public func splitBlockForm() -> SplitBlockForm {
        let yearly = yearlyColumns
        let fixed = yearly.filter { lp.columns[$0].lowerBound == lp.columns[$0].upperBound }
        let free = yearly.filter { lp.columns[$0].lowerBound != lp.columns[$0].upperBound }
        let reduced = lp.substitutingFixedColumns(fixed)
        return SplitBlockForm(
            split: LinkingColumnSplit(reduced, columns: free, structure: blockStructure()), reduced: reduced, fixed: fixed, original: lp)
    }

    /// The largest finite row bound of the current LP, at least 1 (in the rows' own units: MW for
    /// balances and limits): the scale of the simplex's round-off on its rows.
    public var largestFiniteRowBound: Double {
        lp.rows.reduce(1.0) { largest, row in
            max(largest, row.lowerBound.isFinite ? abs(row.lowerBound) : 0, row.upperBound.isFinite ? abs(row.upperBound) : 0)
        }
    }

    /// The timeslice blocks of the current LP for ``DantzigWolfeSolver``: block t holds the
    /// columns and rows of slice t; flex budgets and the rule rows are coupling rows; the rule
    /// columns (q_i, λ) are linking columns.
    public func blockStructure() -> BlockStructure {
        var columns = [Int?](repeating: nil, count: lp.columnCount)
        for (j, key) in columnKeys.enumerated() { columns[j] = key.timeslice }
        return BlockStructure(blockCount: max(1, timesliceCount), columnBlock: columns, rowBlock: rowKeys.map(\.timeslice))
    }
}

extension Array where Element == [Int]? {
    fileprivate subscript(index: Int, default defaultValue: [Int]) -> [Int] {
        get { self[index] ?? defaultValue }
        set { self[index] = newValue }
    }
}

extension Array where Element == [Int?]? {
    fileprivate subscript(index: Int, default defaultValue: [Int?]) -> [Int?] {
        get { self[index] ?? defaultValue }
        set { self[index] = newValue }
    }
}

/// ``AllocationModel/splitBlockForm()``: the split LP and how to read its results back.
public struct SplitBlockForm: Sendable {
    public let split: LinkingColumnSplit
    let reduced: LinearProgram
    let fixed: [Int]
    let original: LinearProgram

    /// A result of `split.lp` read back onto the model's LP (copies dropped, the fixed yearly
    /// columns restored with their reduced costs).
    public func restoring(_ result: SolveResult) -> SolveResult {
        result.restoringSplitColumns(split, of: reduced).restoringFixedColumns(fixed, of: original)
    }
}
