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
/// Each slice is one small LP (``CapacityProbeSliceLP``, formulated by
/// ``AllocationModel/capacityProbeSlices()``; this type only solves it) kept loaded in one solver
/// session while every probe is solved on it: only the probe column's bounds and the objective
/// change, and each probe starts from the slice's basis at y = 0 (primal feasible) with the
/// primal simplex. Post-contingency rows found
/// by the lazy N-1 loop of a slice stay for the next probes (they hold in the full LP anyway) and
/// are handed to the full model afterwards (``pairs``).
struct CapacityProbeSlices {
    /// A probe's upper bound above this is treated as unbounded: the slices cannot certify it, MW
    /// (the open probe's bound in a slice LP, ``CapacityProbeSliceLP/probeCapMW``).
    static let capMW = CapacityProbeSliceLP.probeCapMW

    /// One slice's LP (``CapacityProbeSliceLP``: the rows of slice t with the grants substituted,
    /// over the slice's columns and every probe column) and what the certificate keeps of it.
    struct Slice {
        var formulation: CapacityProbeSliceLP
        /// The bounds of the slice's columns in C while the feasible point is sought: (local
        /// column, lower, upper), narrowed towards x⁰ so that no row of C can use more than x⁰
        /// uses (see ``sweep(timeslice:probes:session:options:certificate:contingencyToleranceMW:)``).
        let narrowed: [(column: Int, lower: Double, upper: Double)]
        /// x⁰ on the local columns, and its activity in each row of C.
        let reference: [Double]
        let referenceCoupling: [Double]
        /// The basis of the slice at y = 0 (every probe fixed at 0).
        var referenceBasis: LPBasis?
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
    /// Rows of C (indices into the model's rows) with their bounds after the grants were substituted.
    let couplingRows: [(row: Int, lower: Double, upper: Double)]
    /// Activity of x⁰ in each row of C, and each slice's share of it.
    let referenceActivity: [Double]
    var slices: [Slice]

    /// `model` holds the probe columns with the grants fixed; `reference` is x⁰ on its columns.
    init(model: AllocationModel, reference: [Double]) {
        self.model = model
        let slicing = model.capacityProbeSlices()
        let coupling = slicing.couplingRows
        var activity = [Double](repeating: 0, count: coupling.count)
        for entry in slicing.couplingEntries { activity[entry.row] += entry.value * reference[entry.column] }
        couplingRows = coupling
        referenceActivity = activity
        self.slices = slicing.slices.map { formulation in
            let values = formulation.modelColumn.map { reference[$0] } + Array(repeating: 0, count: 2 * formulation.probes.count)
            var referenceCoupling = [Double](repeating: 0, count: coupling.count)
            for term in formulation.couplingTerms { referenceCoupling[term.row] += term.value * values[term.column] }
            // A column may move away from x⁰ only in the direction that lowers the activity of
            // every row of C it is in relative to that row's finite bound; else it stays at x⁰.
            var safeDown: [Int: Bool] = [:]
            var safeUp: [Int: Bool] = [:]
            for term in formulation.couplingTerms {
                let row = coupling[term.row]
                let onlyUpper = row.lower == -.infinity && row.upper < .infinity
                let onlyLower = row.upper == .infinity && row.lower > -.infinity
                let free = row.lower == -.infinity && row.upper == .infinity
                safeDown[term.column] = (safeDown[term.column] ?? true) && (free || (term.value > 0 ? onlyUpper : onlyLower))
                safeUp[term.column] = (safeUp[term.column] ?? true) && (free || (term.value > 0 ? onlyLower : onlyUpper))
            }
            let narrowed = safeDown.keys.sorted().map { column -> (column: Int, lower: Double, upper: Double) in
                let bounds = formulation.lp.columns[column]
                let x = min(bounds.upperBound, max(bounds.lowerBound, values[column]))
                return (
                    column, safeUp[column]! ? x : safeDown[column]! ? bounds.lowerBound : x,
                    safeDown[column]! ? x : safeUp[column]! ? bounds.upperBound : x
                )
            }
            return Slice(formulation: formulation, narrowed: narrowed, reference: values, referenceCoupling: referenceCoupling)
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
            let column = slices[t].formulation.probes[probe.node][probe.direction]
            var coupling = [Double](repeating: 0, count: couplingRows.count)
            for term in slices[t].formulation.couplingTerms { coupling[term.row] += term.value * result.columnValues[term.column] }
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
            let result = try session.solve(slice.formulation.lp, options: options)
            count += 1
            time += result.solveTimeSeconds
            return result
        }
        if slice.referenceBasis == nil {
            var start = options
            start.method = .dualThenPrimal
            slice.formulation.setReferenceObjective()
            let result = try solve(start)
            guard result.termination == .optimal, let basis = result.basis else { return nil }
            slice.referenceBasis = basis
        }
        if narrowed {
            slice.formulation.narrowColumnBounds(slice.narrowed)
        } else {
            slice.formulation.restoreColumnBounds(slice.narrowed.map(\.column))
        }
        slice.formulation.setCapacityProbeObjective(node: probe.node, probe.direction)
        var probeOptions = options
        probeOptions.method = .primal
        probeOptions.startingBasis = slice.referenceBasis
        var result = try solve(probeOptions)
        while result.termination == .optimal, !model.security.outageBranches.isEmpty {
            let values = result.columnValues
            let violated = model.contingencyViolations(timeslice: t, toleranceMW: contingencyToleranceMW) { l in
                slice.formulation.flowColumn[l].map { values[$0] } ?? 0
            }
            let added = slice.formulation.addContingencyRows(violated, model: model)
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
        if let certificate, !OptimalityCertificate.check(slice.formulation.lp, result, tolerance: certificate).isFeasible { return nil }
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
    var pairs: [ContingencyPair] { slices.flatMap(\.formulation.contingencyPairs) }
}
