// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntData
import KnelpuntLP
import KnelpuntModel

/// Tolerances of the allocation rules, recorded in the manifest.
public struct FairnessTolerances: Sendable, Hashable {
    /// A fixed share may fall this far (absolute, as a fraction of 1) below its fixed value.
    /// Kept far below ``rise``: slack given to a large pair can lift a small one by the ratio of
    /// their annual demands.
    public var share: Double = 1e-9
    /// A pair counts as able to rise only if some allocation lifts it more than this above the floor.
    public var rise: Double = 1e-6
    /// The `cost` rule treats a reduced cost or dual as nonzero above this (× (1 + |cost|)), in
    /// objective units, when it restricts the model to the minimum-cost allocations.
    public var optimalFaceDual: Double = 1e-7
    public init() {}
}

/// What the lazy N-1 loop did in one year: LP solves are "rounds" (a stage without violations is
/// one round), rows are the post-contingency rows added.
struct SecurityLoopRecord: Sendable, Hashable {
    var rounds = 0
    var costStageRounds = 0
    var rowsAdded = 0
}

/// Runs the stages of an allocation rule on an ``AllocationModel`` with its allocation-rule
/// families, through the model's named stage operations: each stage is an LP solve warm-started
/// from the previous stage's basis.
struct PolicyEngine {
    var model: AllocationModel
    let solver: any LPSolver
    let baseOptions: SolveOptions
    let fairness: FairnessTolerances
    let dataset: Dataset
    private(set) var basis: LPBasis?
    /// Timeslice blocks of the policy LP (stages change only bounds and costs; the N-1 loop adds
    /// rows, each in its slice's block).
    private(set) var blocks: BlockStructure
    let decomposition: DecompositionOptions
    /// Stages solved by decomposition, and the reason of the last fallback to the monolithic LP.
    private(set) var decomposedSolves = 0
    private(set) var decompositionFallback: String?
    /// Solve the stages after the cost stage by decomposition too (see ``DecompositionMode``).
    var decomposeStages = false
    /// Certify every stage's solve with ``OptimalityCertificate`` at these tolerances (`nil`: don't).
    var certificate: FeasibilityTolerance?
    private(set) var solves = 0
    /// The last stage's result (the solution the next stage starts from).
    private(set) var lastResult: SolveResult?
    private(set) var iterations = 0
    private(set) var seconds = 0.0
    /// Stages after the first start the primal simplex from the last basis (see
    /// ``run(_:sensitivity:decompose:)``: the basis stays primal feasible). `false` keeps the
    /// configured method, for a sequence of LPs whose bounds the last optimum need not meet.
    var laterStagesUsePrimal = true
    /// With `decompose`, a model that is not in block form because yearly columns (a capacity
    /// probe) are free is solved by timeslice all the same: each free yearly column gets one copy
    /// per slice tied to it by a coupling row (``LinkingColumnSplit``). Such a result is always
    /// certified on the model's LP (``OptimalityCertificate``), with or without ``certificate``.
    var splitYearlyColumns = false
    /// Solves repeated monolithic from scratch after a warm or decomposed attempt failed.
    private(set) var coldRetries = 0
    /// The firm hold of stage 0, for ``loosenHolds()`` (`nil`: none, e.g. the energy view).
    var firmHold: FirmHold?
    /// The slack in MW that ``loosenHolds()`` gives every hold (``AnalysisTolerances/powerMW``).
    var holdSlackMW = 1e-6
    /// Whether the holds were loosened this year (``runRule(_:sensitivity:decompose:)``).
    var holdsLoosened = false
    /// What the lazy N-1 loop did (``run(_:sensitivity:decompose:)``).
    private(set) var security = SecurityLoopRecord()
    /// Tolerance above the emergency rating at which a post-contingency flow counts as violated, MW.
    var contingencyToleranceMW = 1e-6
    /// After the cost stage, the N-1 rows found so far whose post-contingency flow stays within
    /// this share of E_l (and that are basic) leave the LP of the later stages
    /// (``dropSlackContingencyRows(at:)``); `nil`: keep every row.
    var slackContingencyShare: Double? = 0.9
    /// The solver's session for the monolithic stages (one GLPK problem per year, changed in
    /// place between stages), `nil` when the solver has none. Used on this engine's thread only.
    private let session: (any LPSession)?
    /// Fixed share of each rule member (`nil` while unfixed).
    private(set) var fixedShare: [Double?]
    private(set) var ruleStep: [Int?]
    private(set) var blockingAsset: [String?]
    /// Under N-1, the outage under which each member's blocking asset binds (`nil`: the intact grid).
    private(set) var blockingContingency: [String?]
    /// Request view: per rule member fixed below full by ``fill(_:)``, the basis of the LP that
    /// proved it cannot rise (``YearOutcome/blockedStageStarts``).
    private(set) var blockedStart: [WarmStart?]
    /// The mixed-integer stages solved (``IndivisibleFilling``), in order.
    var mipStages: [MIPStageRecord] = []
    /// Per rule member, the mixed-integer stage that decided it (`nil`: decided by LPs).
    var mipStage: [String?]
    var step = 0

    init(
        model: AllocationModel, solver: any LPSolver, options: SolveOptions, fairness: FairnessTolerances, dataset: Dataset,
        start: WarmStart? = nil, decomposition: DecompositionOptions = DecompositionOptions()
    ) {
        precondition(model.hasAllocationRuleFamilies, "the rule stages need the allocation-rule families")
        self.model = model
        blocks = model.blockStructure()
        // A slice LP proved infeasible ends a decomposed stage as infeasible: the engine's own
        // remedies (loosened holds, a cold monolithic retry) follow, not a monolithic solve first.
        var settings = decomposition
        settings.infeasibleBlockEndsSolve = true
        self.decomposition = settings
        basis = start?.basis(for: model)
        self.solver = solver
        session = solver.makeSession()
        self.baseOptions = options
        self.fairness = fairness
        self.dataset = dataset
        fixedShare = Array(repeating: nil, count: model.ruleMemberCount)
        ruleStep = Array(repeating: nil, count: model.ruleMemberCount)
        blockingAsset = Array(repeating: nil, count: model.ruleMemberCount)
        blockingContingency = Array(repeating: nil, count: model.ruleMemberCount)
        blockedStart = Array(repeating: nil, count: model.ruleMemberCount)
        mipStage = Array(repeating: nil, count: model.ruleMemberCount)
    }

    var year: Int { model.year }

    /// Solves the current stage LP from the last basis; throws unless optimal with duals.
    ///
    /// The first stage may start from a warm start of another year or scenario (bounds changed:
    /// the dual simplex suits it). Every stage after the first only relaxes bounds, tightens them to values the previous
    /// optimum already meets, or changes the objective: the previous basis stays primal feasible,
    /// so the later stages use the primal simplex from it (the dual simplex would first have to
    /// regain dual feasibility).
    ///
    /// With `decompose`, the stage is solved by ``DantzigWolfeSolver`` over the timeslice blocks
    /// (exact; it falls back to the monolithic LP itself when it cannot prove its answer), when
    /// the model is in block form (``AllocationModel/isDecomposable``; else as one LP).
    ///
    /// With ``certificate`` set, the result is certified optimal for the whole stage LP as
    /// solved (its extra rows, bounds and objective included) before anything reads it; `stage`
    /// names it in the error.
    ///
    /// Under N-1 (``SecuritySetup/outageBranches`` not empty) every stage runs the lazy
    /// contingency loop: solve, check every checked outage against every AC link in every slice,
    /// add the violated post-contingency rows (``AllocationModel/addContingencyRows(pairs:dataset:)``),
    /// re-solve warm by the dual simplex (the new rows start basic: the basis stays dual feasible),
    /// until nothing is violated. The result is then optimal for the LP with every N-1 row (a
    /// relaxation's optimum that is feasible for the full LP), and later stages keep the rows.
    mutating func run(
        _ stage: String? = nil, sensitivity: SensitivityRequest = SensitivityRequest(), decompose: Bool? = nil, retryInfeasible: Bool = true
    ) throws(AnalysisError) -> SolveResult {
        let stage = stage ?? (solves == 0 ? "cost stage" : "rule stage (LP solve \(solves + 1), filling step \(step))")
        var result = try solveOnce(stage, sensitivity: sensitivity, decompose: decompose, method: nil, retryInfeasible: retryInfeasible)
        guard !model.security.outageBranches.isEmpty else { return result }
        var rounds = 1
        while true {
            let violated = model.contingencyViolations(result, toleranceMW: contingencyToleranceMW)
            if violated.isEmpty { break }
            let rows = model.addContingencyRows(pairs: violated, dataset: dataset)
            guard !rows.isEmpty else { break }
            security.rowsAdded += rows.count
            blocks = model.blockStructure()
            if let old = basis {
                basis = LPBasis(rowStatus: old.rowStatus + Array(repeating: .basic, count: rows.count), columnStatus: old.columnStatus)
            }
            rounds += 1
            result = try solveOnce(
                "\(stage), N-1 round \(rounds)", sensitivity: sensitivity, decompose: decompose,
                method: baseOptions.method == .interior ? nil : .dualThenPrimal, retryInfeasible: retryInfeasible)
        }
        security.rounds += rounds
        if security.costStageRounds == 0 { security.costStageRounds = rounds }
        return result
    }

    /// Starts the next solve from `start` (mapped onto the model by key) instead of the last
    /// basis. Only the simplex's starting point changes, never the optimum it reaches.
    mutating func startNextSolve(from start: WarmStart) {
        basis = start.basis(for: model)
    }

    /// After the grants were fixed for a decomposed stage and released again: their basis
    /// status becomes at-lower or at-upper by their value (a fixed status would not fit the new
    /// bounds).
    mutating func releaseGrantStatuses(_ values: [Double]) {
        guard var basis else { return }
        for (r, column) in model.grantColumn.enumerated() where basis.columnStatus[column] == .fixed {
            basis.columnStatus[column] = values[r] > 0 ? .atUpper : .atLower
        }
        self.basis = basis
    }

    /// One solve of the stage LP as it stands. A warm-started or decomposed solve that ends in
    /// numerical trouble or fails its certificate (GLPK can call a badly scaled, degenerate LP
    /// infeasible from a start that sits on its tolerances) is solved once more, monolithic from
    /// scratch, before the trouble is reported; ``coldRetries`` counts them. Without
    /// `retryInfeasible`, an attempt called infeasible is reported at once (the caller has a
    /// cheaper remedy: ``runRule(_:sensitivity:decompose:)``).
    private mutating func solveOnce(_ stage: String, sensitivity: SensitivityRequest, decompose: Bool?, method: SolveMethod?, retryInfeasible: Bool)
        throws(AnalysisError) -> SolveResult
    {
        let decompose = decompose ?? decomposeStages
        let warm = basis != nil || (decompose && model.isDecomposable)
        do {
            return try solveAttempt(stage, sensitivity: sensitivity, decompose: decompose, method: method, cold: false)
        } catch {
            switch error {
            case _ where error.isInfeasibleStage:
                guard retryInfeasible else { throw error }
            case .numericalTrouble, .certificateFailed: break
            default: throw error
            }
            // A split solve that fails goes back to its caller, which has the monolithic LP
            // from a better start than none.
            guard warm, !(splitYearlyColumns && decompose) else { throw error }
            coldRetries += 1
            return try solveAttempt(stage, sensitivity: sensitivity, decompose: false, method: nil, cold: true)
        }
    }

    private mutating func solveAttempt(_ stage: String, sensitivity: SensitivityRequest, decompose: Bool, method: SolveMethod?, cold: Bool)
        throws(AnalysisError) -> SolveResult
    {
        var options = baseOptions
        options.startingBasis = cold ? nil : basis
        if !cold, solves > 0, laterStagesUsePrimal, options.method == .dualThenPrimal { options.method = .primal }
        if let method { options.method = method }
        options.sensitivity = sensitivity
        let result: SolveResult
        var certificate = self.certificate
        do {
            if decompose, model.isDecomposable {
                let solver = DantzigWolfeSolver(inner: solver, structure: blocks, settings: decomposition)
                result = try solver.solve(model.decomposableLP(), options: options).restoringFixedColumns(model.yearlyColumns, of: model.lp)
            } else if decompose, splitYearlyColumns {
                let form = model.splitBlockForm()
                var splitOptions = options
                splitOptions.startingBasis = options.startingBasis.flatMap(form.split.extending)
                // Every slice is first also solved with its copy pushed the way the objective
                // moves the column. The rows y_t − y = 0 carry the master's round-off on
                // proposals of up to thousands of MW (about 1e-6 MW): the split LP's own check
                // allows 1e-5 MW there, and the answer is certified on the model's LP below.
                var settings = decomposition
                settings.seedRowDuals = form.split.seedRowDuals
                settings.check.absolute = max(settings.check.absolute, 1e-5)
                let solver = DantzigWolfeSolver(inner: solver, structure: form.split.structure, settings: settings)
                result = form.restoring(try solver.solve(form.split.lp, options: splitOptions))
                certificate = certificate ?? FeasibilityTolerance()
            } else if let session, !cold {
                result = try session.solve(model.lp, options: options)
            } else {
                result = try solver.solve(model.lp, options: options)
            }
        } catch {
            throw .solver(year: year, stage: stage, error: error)
        }
        solves += 1
        if let report = result.decomposition {
            if report.fallbackReason == nil {
                decomposedSolves += 1
            } else if report.infeasibleBlock == nil {
                decompositionFallback = report.fallbackReason
            }
        }
        iterations += result.iterations
        seconds += result.solveTimeSeconds
        try CostStage.check(result, year: year, stage: stage)
        if let certificate {
            let report = OptimalityCertificate.check(model.lp, result, tolerance: certificate)
            if !report.isFeasible {
                throw .certificateFailed(year: year, stage: stage, violationCount: report.violationCount, worst: report.worst.map(\.message))
            }
        }
        if let next = result.basis { basis = next }
        lastResult = result
        return result
    }

    /// Removes the N-1 rows that are slack in `result`, the last stage solved (see
    /// ``slackContingencyShare`` and ``AllocationModel/removeSlackContingencyRows(at:share:)``):
    /// they are basic there, so the basis without them is a basis of the smaller LP. Returns the
    /// keep mask over the rows before the removal.
    mutating func dropSlackContingencyRows(at result: SolveResult) -> [Bool] {
        guard let share = slackContingencyShare, !model.security.outageBranches.isEmpty else {
            return [Bool](repeating: true, count: model.rowCount)
        }
        let keep = model.removeSlackContingencyRows(at: result, share: share)
        guard keep.contains(false) else { return keep }
        blocks = model.blockStructure()
        if let old = basis, old.rowStatus.count == keep.count {
            basis = LPBasis(rowStatus: old.rowStatus.indices.filter { keep[$0] }.map { old.rowStatus[$0] }, columnStatus: old.columnStatus)
        }
        return keep
    }

    /// Progressive filling of one class of pairs, the pairs fixed so far held at their shares:
    /// maximise the common floor λ of the unfixed pairs of the class; find the pairs that cannot
    /// rise above it — each proven by an LP that maximises that pair's share while every other
    /// unfixed pair keeps at least λ — fix them at λ, and repeat.
    ///
    /// A class with at least two unfixed members of which at least one is an undecided
    /// indivisible request is filled by mixed-integer stages instead (``fillIndivisible(_:)``).
    mutating func fill(_ members: [Int]) throws(AnalysisError) {
        if needsMIP(members) {
            try fillIndivisible(members)
            return
        }
        var active = Set(members.filter { fixedShare[$0] == nil })
        while !active.isEmpty {
            // Every active member full in the last solution, which meets every fixing so far:
            // the floor LP would find λ = 1 (each member's upper bound), so it is not solved.
            if let shares = lastFeasibleShares(), active.allSatisfy({ shares[$0] >= 1 - fairness.share }) {
                for i in active.sorted() { fix(i, share: 1, blocking: nil) }
                return
            }
            step += 1
            model.setFillRows(active: active, floorLowerBound: 0)
            model.setFloorObjective()
            let stage = try runRule("step \(step) (maximise the common share floor)")
            let floor = min(1, stage.objectiveValue ?? 0)
            if floor >= 1 - fairness.share {
                for i in active.sorted() { fix(i, share: 1, blocking: nil) }
                return
            }
            model.setFillRows(active: active, floorLowerBound: floor)
            var canRise = Set<Int>()
            markRisers(model.servedShares(stage), floor: floor, among: active, into: &canRise)
            if active.count > 1 {
                model.setTotalShortfallObjective(pairs: active.sorted())
                let witness = try runRule("step \(step) (raise the pairs above the floor \(floor))")
                markRisers(model.servedShares(witness), floor: floor, among: active, into: &canRise)
            }
            var blocked: [(pair: Int, asset: (asset: String, contingency: String?)?)] = []
            for j in active.sorted() where !canRise.contains(j) {
                if active.count == 1 {
                    blocked.append((j, BottleneckAnalysis.blockingCapacity(dataset: dataset, model: model, result: stage)))
                    keepProof(of: j)
                    continue
                }
                model.setShortfallObjective(pair: j)
                let check = try runRule("step \(step) (can \(model.ruleMemberName(j)) rise above \(floor))")
                let shares = model.servedShares(check)
                if shares[j] <= floor + fairness.rise {
                    blocked.append((j, BottleneckAnalysis.blockingCapacity(dataset: dataset, model: model, result: check)))
                    keepProof(of: j)
                } else {
                    markRisers(shares, floor: floor, among: active, into: &canRise)
                }
            }
            if blocked.isEmpty {
                // Only possible through round-off: fix the pair that is lowest in the stage solution.
                let shares = model.servedShares(stage)
                if let lowest = active.min(by: { (shares[$0], $0) < (shares[$1], $1) }) { blocked.append((lowest, nil)) }
            }
            for (pair, asset) in blocked {
                fix(pair, share: floor, blocking: asset)
                active.remove(pair)
            }
        }
    }

    /// The served shares (``AllocationModel/servedShares(_:)``) of the last stage's solution when
    /// that solution still meets the current LP's rows and bounds (at the certificate's
    /// tolerances), else `nil`. Fixings only tighten bounds to values the solution meets, but a
    /// refused indivisible request (grant 0) or rows added since can break it, so it is checked.
    func lastFeasibleShares() -> [Double]? {
        guard let last = lastResult, last.primalStatus == .feasiblePoint else { return nil }
        let report = FeasibilityReport.check(model.lp, last, tolerance: certificate ?? FeasibilityTolerance(), checkDuals: false)
        return report.isFeasible ? model.servedShares(last) : nil
    }

    /// Fixes, without any LP, every pair whose unserved power is pinned in every slice (all its
    /// u columns have equal bounds, e.g. after the `cost` rule restricted the model to the
    /// minimum-cost allocations) or whose q_i is pinned: its share is determined. Recorded as
    /// step 0.
    mutating func fixDeterminedPairs() {
        for i in 0..<model.ruleMemberCount where fixedShare[i] == nil {
            switch model.determinedShare(pair: i) {
            case .byShortfall(let share)?:
                fixedShare[i] = share
                ruleStep[i] = 0
            case .byUnserved(let share)?:
                fixedShare[i] = share
                ruleStep[i] = 0
                model.fixShare(pair: i, share: share, tolerance: fairness.share)
            case nil:
                continue
            }
        }
    }

    /// Keeps the basis of the LP just solved, which proved rule member `pair` cannot rise
    /// (``blockedStart``). Only the request view's rule-order check reads it.
    private mutating func keepProof(of pair: Int) {
        guard model.view.allocation == .requests else { return }
        blockedStart[pair] = basis.map { WarmStart(model: model, basis: $0) }
    }

    private func markRisers(_ shares: [Double], floor: Double, among active: Set<Int>, into canRise: inout Set<Int>) {
        for i in active where shares[i] > floor + fairness.rise { canRise.insert(i) }
    }

    /// Records the capacity (and outage) that blocks rule member `pair`.
    mutating func recordBlocking(_ pair: Int, _ blocking: (asset: String, contingency: String?)?) {
        blockingAsset[pair] = blocking?.asset
        blockingContingency[pair] = blocking?.contingency
    }

    /// Counts a solve made outside ``run(_:sensitivity:decompose:)`` (a MIP stage).
    mutating func countSolve(iterations count: Int, seconds time: Double) {
        solves += 1
        iterations += count
        seconds += time
    }

    /// After `count` post-contingency rows were added to the model outside ``run(_:sensitivity:decompose:)``:
    /// the blocks follow the model, and the new rows start basic.
    mutating func extendBasis(byBasicRows count: Int) {
        security.rowsAdded += count
        blocks = model.blockStructure()
        if let old = basis {
            basis = LPBasis(rowStatus: old.rowStatus + Array(repeating: .basic, count: count), columnStatus: old.columnStatus)
        }
    }

    /// Records how rule member `pair` was blocked (the stage, the capacity and its outage).
    mutating func record(_ pair: Int, share: Double, blocking: (asset: String, contingency: String?)?) {
        fixedShare[pair] = share
        ruleStep[pair] = step
        recordBlocking(pair, blocking)
    }

    /// Fixes rule member `pair` at `share`, with the capacity that blocks it. In the request view
    /// an indivisible request whose share is below its minimum grant is refused (grant 0).
    mutating func fix(_ pair: Int, share: Double, blocking: (asset: String, contingency: String?)?) {
        record(pair, share: share, blocking: blocking)
        if model.view.allocation == .requests, let minimum = model.view.requests[pair].minMW,
            share * model.view.requests[pair].requestedMW < minimum - fairness.rise * minimum
        {
            fixedShare[pair] = 0
            model.refuseGrant(request: pair)
            return
        }
        model.fixShare(pair: pair, share: share, tolerance: fairness.share)
    }
}
