// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntData
import KnelpuntLP
import KnelpuntModel

/// The capacity probes by timeslice: an upper bound from the slices alone, certified by a point
/// of the whole year's LP.
///
/// With every grant fixed, the probe LP `max y` (y = y⁻_n or y⁺_n, one value for the year in
/// every slice's balance row of n; ``AllocationModel/setCapacityProbeObjective(node:_:)``) has
/// timeslice blocks except for the coupling rows C (flex budgets, tdtr curtailment budgets, the
/// rules' share rows). Without C it splits into one LP per slice t that shares only y:
///
///     y*_t = max { y : the rows of slice t hold, N-1 included, with y in n's balance row }   MW
///
/// Each slice's feasible y form an interval that holds 0 (the final stage's allocation x⁰), so
/// the relaxation's optimum is U = min_t y*_t, and U ≥ y* (the probe's optimum). Exactness:
///
/// 1. in every slice, y_t = the most y with the slice's columns in C narrowed towards x⁰ (each
///    may move from its x⁰ value only in the direction that uses less of every row of C), at a
///    point x_t; y_t ≤ y*_t;
/// 2. U' = min_t y_t is feasible for the whole LP: the blend x_t(U') = α_t·x_t + (1 − α_t)·x⁰_t,
///    α_t = U'/y_t ∈ [0, 1], meets slice t's rows (convex; both points meet them) and every row
///    of C (it uses no more than x⁰; checked from the rows' terms all the same). So y* ≥ U';
/// 3. in the slice t₀ that gave U', y*_{t₀} (own bounds) ≥ y*. When y*_{t₀} = U' (within the
///    tolerance), y* = U' exactly.
///
/// Otherwise (the coupling resources matter for this probe) the probe is left to the exact LP of
/// the whole year (``PolicyEngine/capacityMap(grantsMW:firmUnservedMW:zeroMW:method:thresholds:)``).
///
/// Each slice is one small LP kept loaded in one solver session while every probe is solved on
/// it: only the probe column's bounds and the objective change, and each probe starts from the
/// slice's basis at y = 0 (primal feasible) with the primal simplex. Post-contingency rows found
/// by the lazy N-1 loop of a slice stay for the next probes (they hold in the full LP anyway) and
/// are handed to the full model afterwards (``pairs``).
struct CapacityProbeSlices {
    /// A probe's upper bound above this is treated as unbounded: the slices cannot certify it, MW.
    static let capMW = 1e7

    /// One slice's LP: the rows of slice t with the grants substituted, over the slice's columns
    /// and every probe column (fixed at 0 except the one probed).
    struct Slice {
        let timeslice: Int
        var lp: LinearProgram
        /// Model column of each local column of the slice (the probe columns not included).
        let modelColumn: [Int]
        /// Local column of the probe columns, per node.
        let probes: [CapacityProbeColumns]
        /// Local column of x[l,t] per link (`nil` when the link is absent).
        let flowColumn: [Int?]
        /// The slice's terms in the coupling rows: (coupling row k, local column, coefficient).
        let couplingTerms: [(row: Int, column: Int, value: Double)]
        /// The bounds of the slice's columns in C while the feasible point is sought: (local
        /// column, lower, upper), narrowed towards x⁰ so that no row of C can use more than x⁰
        /// uses (see ``sweep(timeslice:probes:session:options:certificate:contingencyToleranceMW:)``).
        let narrowed: [(column: Int, lower: Double, upper: Double)]
        /// x⁰ on the local columns, and its activity in each row of C.
        let reference: [Double]
        let referenceCoupling: [Double]
        /// The basis of the slice at y = 0 (every probe fixed at 0).
        var referenceBasis: LPBasis?
        /// Post-contingency pairs this slice's lazy loop added.
        var pairs: [ContingencyPair] = []
        var pairSet: Set<ContingencyPair> = []
    }

    /// y*_t of one probe in one slice and the slice optimum's activity in each coupling row
    /// (`nil`: the slice could not prove a bound: not optimal, or its certificate failed).
    struct SliceBound {
        var maximumMW: Double
        var coupling: [Double]
    }

    /// What the slices' optima say about one probe.
    enum Answer {
        /// The whole LP is feasible with y = `mw` (the blend meets C), the least slice optimum,
        /// found in `limitingTimeslice`. y* = `mw` once that slice's own maximum
        /// (``maximum(timeslice:probe:session:options:certificate:contingencyToleranceMW:solves:seconds:)``)
        /// is no higher.
        case feasible(mw: Double, limitingTimeslice: Int)
        /// The slices give no proof (coupling rows bind, or a slice failed): solve monolithically.
        case unproven
    }

    let model: AllocationModel
    /// Position of each model column in its slice's LP (−1 for a column of no slice).
    let localColumn: [Int]
    /// Rows of C (indices into the model's rows) with their bounds after the grants were substituted.
    let couplingRows: [(row: Int, lower: Double, upper: Double)]
    /// Activity of x⁰ in each row of C, and each slice's share of it.
    let referenceActivity: [Double]
    var slices: [Slice]

    /// `model` holds the probe columns with the grants fixed; `reference` is x⁰ on its columns.
    init(model: AllocationModel, reference: [Double]) {
        self.model = model
        let lp = model.lp.substitutingFixedColumns(model.grantColumn)
        let blocks = model.blockStructure()
        let slices = model.timesliceCount
        var isProbe = [Bool](repeating: false, count: lp.columnCount)
        for columns in model.capacityProbeColumns {
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
        for (m, columns) in model.capacityProbeColumns.enumerated() {
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
            for _ in model.capacityProbeColumns {
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
        var activity = [Double](repeating: 0, count: coupling.count)
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
                activity[row] += value * reference[j]
                if let t = blocks.columnBlock[j] { couplingTerms[t].append((row, local[j], value)) }
            }
        }
        couplingRows = coupling
        referenceActivity = activity
        localColumn = local
        self.slices = (0..<slices).map { t in
            var flows = [Int?](repeating: nil, count: model.flowColumn.count)
            for (l, columns) in model.flowColumn.enumerated() { if let columns { flows[l] = local[columns[t]] } }
            let probes = model.capacityProbeColumns.indices.map {
                CapacityProbeColumns(offtake: probeStart[t] + 2 * $0, infeed: probeStart[t] + 2 * $0 + 1)
            }
            let values = sliceColumns[t].map { reference[$0] } + Array(repeating: 0, count: 2 * probes.count)
            var referenceCoupling = [Double](repeating: 0, count: coupling.count)
            for term in couplingTerms[t] { referenceCoupling[term.row] += term.value * values[term.column] }
            // A column may move away from x⁰ only in the direction that lowers the activity of
            // every row of C it is in relative to that row's finite bound; else it stays at x⁰.
            var safeDown: [Int: Bool] = [:]
            var safeUp: [Int: Bool] = [:]
            for term in couplingTerms[t] {
                let row = coupling[term.row]
                let onlyUpper = row.lower == -.infinity && row.upper < .infinity
                let onlyLower = row.upper == .infinity && row.lower > -.infinity
                let free = row.lower == -.infinity && row.upper == .infinity
                safeDown[term.column] = (safeDown[term.column] ?? true) && (free || (term.value > 0 ? onlyUpper : onlyLower))
                safeUp[term.column] = (safeUp[term.column] ?? true) && (free || (term.value > 0 ? onlyLower : onlyUpper))
            }
            let narrowed = safeDown.keys.sorted().map { column -> (column: Int, lower: Double, upper: Double) in
                let bounds = lps[t].columns[column]
                let x = min(bounds.upperBound, max(bounds.lowerBound, values[column]))
                return (
                    column, safeUp[column]! ? x : safeDown[column]! ? bounds.lowerBound : x,
                    safeDown[column]! ? x : safeUp[column]! ? bounds.upperBound : x
                )
            }
            return Slice(
                timeslice: t, lp: lps[t], modelColumn: sliceColumns[t], probes: probes, flowColumn: flows, couplingTerms: couplingTerms[t],
                narrowed: narrowed,
                reference: values, referenceCoupling: referenceCoupling)
        }
    }

    /// The most y of every probe (in `probes` order) in slice `t` with the slice's columns in C
    /// narrowed towards x⁰ (``Slice/narrowed``: a column in a budget row `Σ a·z ≤ B`, a > 0, may
    /// only fall below its x⁰ value), solved in `session`: a point of slice t whose use of every
    /// coupling resource is at most x⁰'s, so the blend of these points meets C by construction
    /// (``answer(_:tolerance:)`` still checks it). Throws when a solver call fails; a slice
    /// without a certified optimum gives `nil`.
    mutating func sweep(
        timeslice t: Int, probes: [(node: Int, direction: CapacityProbeDirection)], session: any LPSession, options: SolveOptions,
        certificate: FeasibilityTolerance?, contingencyToleranceMW: Double
    ) throws(SolverError) -> (bounds: [SliceBound?], solves: Int, seconds: Double) {
        var solves = 0
        var seconds = 0.0
        var bounds: [SliceBound?] = []
        for probe in probes {
            let result = try solve(
                timeslice: t, probe: probe, narrowed: true, session: session, options: options, certificate: certificate,
                contingencyToleranceMW: contingencyToleranceMW, solves: &solves, seconds: &seconds)
            guard let result else {
                bounds.append(nil)
                continue
            }
            let column = slices[t].probes[probe.node][probe.direction]
            var coupling = [Double](repeating: 0, count: couplingRows.count)
            for term in slices[t].couplingTerms { coupling[term.row] += term.value * result.columnValues[term.column] }
            bounds.append(SliceBound(maximumMW: result.columnValues[column], coupling: coupling))
        }
        return (bounds, solves, seconds)
    }

    /// y*_t of `probe` in slice `t` (every column with its own bounds): the relaxation's bound,
    /// certified when `certificate` is set; `nil` when not proven.
    mutating func maximum(
        timeslice t: Int, probe: (node: Int, direction: CapacityProbeDirection), session: any LPSession, options: SolveOptions,
        certificate: FeasibilityTolerance?, contingencyToleranceMW: Double, solves: inout Int, seconds: inout Double
    ) throws(SolverError) -> Double? {
        try solve(
            timeslice: t, probe: probe, narrowed: false, session: session, options: options, certificate: certificate,
            contingencyToleranceMW: contingencyToleranceMW, solves: &solves, seconds: &seconds)?.objectiveValue
    }

    /// Solves `probe` in slice `t` from the slice's basis at y = 0 with the lazy N-1 loop (rows
    /// added for the slice stay); `nil` unless optimal (and certified, with `certificate`).
    private mutating func solve(
        timeslice t: Int, probe: (node: Int, direction: CapacityProbeDirection), narrowed: Bool, session: any LPSession,
        options: SolveOptions, certificate: FeasibilityTolerance?, contingencyToleranceMW: Double, solves: inout Int, seconds: inout Double
    ) throws(SolverError) -> SolveResult? {
        var slice = slices[t]
        defer { slices[t] = slice }
        var count = 0
        var time = 0.0
        defer {
            solves += count
            seconds += time
        }
        func solve(_ options: SolveOptions) throws(SolverError) -> SolveResult {
            let result = try session.solve(slice.lp, options: options)
            count += 1
            time += result.solveTimeSeconds
            return result
        }
        if slice.referenceBasis == nil {
            var start = options
            start.method = .dualThenPrimal
            slice.lp.sense = .minimize
            let result = try solve(start)
            guard result.termination == .optimal, let basis = result.basis else { return nil }
            slice.referenceBasis = basis
        }
        slice.lp.sense = .maximize
        for item in slice.narrowed {
            let own = model.lp.columns[slice.modelColumn[item.column]]
            slice.lp.setColumnBounds(
                item.column, lower: narrowed ? item.lower : own.lowerBound, upper: narrowed ? item.upper : own.upperBound)
        }
        let column = slice.probes[probe.node][probe.direction]
        slice.lp.setColumnBounds(column, lower: 0, upper: Self.capMW)
        slice.lp.setCost(column, 1)
        defer {
            slice.lp.setColumnBounds(column, lower: 0, upper: 0)
            slice.lp.setCost(column, 0)
        }
        var probeOptions = options
        probeOptions.method = .primal
        probeOptions.startingBasis = slice.referenceBasis
        var result = try solve(probeOptions)
        while result.termination == .optimal, !model.security.outageBranches.isEmpty {
            let values = result.columnValues
            let violated = model.contingencyViolations(timeslice: t, toleranceMW: contingencyToleranceMW) { l in
                slice.flowColumn[l].map { values[$0] } ?? 0
            }
            let fresh = violated.filter { !slice.pairSet.contains($0) }
            guard !fresh.isEmpty else { break }
            var added = 0
            for pair in fresh {
                guard let limit = model.contingencyLimit(pair) else { continue }
                let terms = limit.terms.map { (column: localColumn[$0.column], coefficient: $0.coefficient) }
                slice.lp.addRow(name: "", lowerBound: -limit.ratingMW, upperBound: limit.ratingMW, terms: terms)
                slice.pairs.append(pair)
                slice.pairSet.insert(pair)
                added += 1
            }
            guard added > 0 else { break }
            let basic = [BasisStatus](repeating: .basic, count: added)
            if let reference = slice.referenceBasis {
                slice.referenceBasis = LPBasis(rowStatus: reference.rowStatus + basic, columnStatus: reference.columnStatus)
            }
            var again = options
            again.method = .dualThenPrimal
            again.startingBasis = result.basis.map { LPBasis(rowStatus: $0.rowStatus + basic, columnStatus: $0.columnStatus) }
            result = try solve(again)
        }
        guard result.termination == .optimal, result.objectiveValue != nil else { return nil }
        if let certificate, !OptimalityCertificate.check(slice.lp, result, tolerance: certificate).isFeasible { return nil }
        return result
    }

    /// The answer for one probe from its slice optima (`bounds[t]`): U' = min_t y_t, feasible
    /// when the blend (α_t = U'/y_t) meets every row of C within `tolerance` (absolute +
    /// relative × the larger of |bound| and |activity|).
    func answer(_ bounds: [SliceBound?], tolerance: FeasibilityTolerance) -> Answer {
        var limiting = 0
        var upper = Double.infinity
        for (t, bound) in bounds.enumerated() {
            guard let bound else { return .unproven }
            if bound.maximumMW < upper {
                upper = bound.maximumMW
                limiting = t
            }
        }
        guard upper.isFinite, upper < Self.capMW * (1 - 1e-9) else { return .unproven }
        // y = 0 is the final allocation itself.
        guard upper > 0 else { return .feasible(mw: 0, limitingTimeslice: limiting) }
        var activity = referenceActivity
        for (t, bound) in bounds.enumerated() {
            guard let bound else { continue }
            let alpha = min(1, upper / bound.maximumMW)
            let reference = slices[t].referenceCoupling
            for k in activity.indices where bound.coupling[k] != reference[k] { activity[k] += alpha * (bound.coupling[k] - reference[k]) }
        }
        for (k, row) in couplingRows.enumerated() {
            let scale = max(abs(activity[k]), row.lower.isFinite ? abs(row.lower) : 0, row.upper.isFinite ? abs(row.upper) : 0)
            let slack = tolerance.absolute + tolerance.relative * scale
            if activity[k] < row.lower - slack || activity[k] > row.upper + slack { return .unproven }
        }
        return .feasible(mw: upper, limitingTimeslice: limiting)
    }

    /// Every post-contingency pair the slices added, in slice order.
    var pairs: [ContingencyPair] { slices.flatMap(\.pairs) }
}
