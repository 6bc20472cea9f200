// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntData
import KnelpuntLP
import KnelpuntModel

// The allocation rules in the request view (``AllocationView/requests``): grants in MW to
// connection requests, as TenneT and the ACM allocate transport capacity. Every rule is a
// sequence of exact LP stages, each fixed before the next:
//
//   0. minimise firm unserved energy (demand.csv is capacity in use: served before any request),
//      then hold each firm pair's unserved power there;
//   1. the rule's stages over the requests (classes filled in turn, see `requestClasses`);
//   2. with every grant held, minimise Σ_t w_t·(supply cost + VoLL_r·z_r(t) + flex cost
//      + VoLL·firm unserved): curtailing a granted request costs its consumer's VoLL.

extension AllocationPolicy {
    /// The classes of requests (indices into ``YearView/requests``) filled in turn, each by
    /// progressive filling on g_r/R_r (a class of one request maximises its grant).
    ///
    /// - `acm`: tier 1, 2, 3, then the rest; inside each, by request date (equal dates share).
    /// - `fcfs`: by request date over all requests.
    /// - `priority`: tier 1, 2, 3, then the rest, leximin inside each.
    /// - `leximin`, `cost` (its tie-break): one class.
    func requestClasses(view: YearView) -> [[Int]] {
        let all = Array(view.requests.indices)
        let tiers: [[Int]] = [1, 2, 3].map { tier in all.filter { view.requests[$0].tier == tier } } + [all.filter { view.requests[$0].tier == nil }]
        func byDate(_ members: [Int]) -> [[Int]] {
            Set(members.map { view.requests[$0].requestDate }).sorted().map { date in members.filter { view.requests[$0].requestDate == date } }
        }
        switch self {
        case .cost, .leximin: return all.isEmpty ? [] : [all]
        case .priority: return tiers.filter { !$0.isEmpty }
        case .fcfs: return byDate(all)
        case .acm: return tiers.flatMap(byDate)
        }
    }

    /// Allocates one year in the request view (see the stages above).
    func allocateRequests(model: AllocationModel, dataset: Dataset, solver: any LPSolver, options: AllocationOptions, start: WarmStart?)
        throws(AnalysisError) -> YearOutcome
    {
        var engine = Self.engine(model: model, dataset: dataset, solver: solver, options: options, start: start)
        engine.model.setFillRows(active: [], floorLowerBound: 0)
        if let report = options.numericalWarnings {
            engine.model.setCostObjective()
            let warnings = engine.model.numericalRange().warnings
            if !warnings.isEmpty { report(model.year, warnings) }
        }
        // Stage 0: firm load first, with every grant at 0 (a grant only adds load, so the least
        // firm unserved energy is the same; fixed grants let the slices decouple). 0a finds the
        // least firm unserved energy U*; when it is above zero, 0b picks, among the allocations
        // with U*, the one of least cost (VoLL-weighted: whose firm load is short follows the
        // value of lost load). Then every firm pair's unserved power is held where stage 0 left
        // it, so no request can take capacity from firm load.
        let decompose = options.decomposition.decomposesCostStage(engine.model)
        let none = [Double](repeating: 0, count: model.view.requests.count)
        let firm = try engine.serveFirmLoadFirst(options: options, stage: "firm load")
        let firmStart = firm.start
        engine.model.holdFirmUnserved(atMostMW: firm.unservedMW, zeroMW: options.tolerances.powerMW)
        engine.firmHold = FirmHold(unservedMW: firm.unservedMW, zeroMW: options.tolerances.powerMW)
        // Stage 1: the rule.
        var classes = requestClasses(view: model.view)
        if self == .cost {
            engine.model.setRequestValueObjective()
            // Indivisible requests: decided together by a MIP on the same objective, then held.
            if engine.hasUndecidedIndivisible { try engine.decideIndivisibleByValue() }
            let value = try engine.run("maximise the value of the delivered request energy", decompose: false)
            if options.costTieBreak == .none {
                for (r, share) in engine.model.servedShares(value).enumerated() { engine.fix(r, share: min(1, max(0, share)), blocking: nil) }
                classes = []
            } else {
                engine.model.restrictToOptimalFace(of: value, tolerance: options.fairness.optimalFaceDual)
                engine.fixDeterminedPairs()
            }
        }
        if decompose, try engine.grantEveryRequestInFull(classes) { classes = [] }
        try engine.fillInOrder(classes)
        // Stage 2: minimum cost with every grant fixed where the rule left it: the last stage's
        // solution (a feasible point that holds every fixed share), less the share tolerance
        // (``FairnessTolerances/share`` × R_r, as every held share allows) so that round-off in
        // that solution cannot make the fixed LP infeasible. The shares are implied by the grants
        // now, so their holds are released. A solution the simplex accepts can still exceed a
        // GW-sized row (an N-1 limit, a firm hold) by 1e-7 MW, which grants held that close cannot
        // give back: when the stage is infeasible, the grants are held once more at
        // ``AnalysisTolerances/powerMW`` below their value (``PolicyEngine/heldGrantsMW(_:view:margin:)``)
        // and the firm hold is loosened by as much (``PolicyEngine/loosenHolds()``).
        let grants = engine.lastResult.map { engine.model.grantsMW($0) } ?? none
        for r in model.view.requests.indices { engine.model.releaseShare(member: r) }
        var heldGrants = PolicyEngine.heldGrantsMW(grants, view: model.view, margin: { options.fairness.share * $0 })
        engine.model.fixGrants(atMW: heldGrants)
        engine.model.setFillRows(active: [], floorLowerBound: 0)
        engine.model.setCostObjective()
        let capacity = SensitivityRequest(columns: CostStage.capacityColumns(engine.model, dataset: dataset), minimumDualMagnitude: 1e-9)
        let stage = "minimum cost with the grants held"
        let final: SolveResult
        do {
            final = try engine.run(stage, sensitivity: capacity, decompose: decompose, retryInfeasible: false)
        } catch {
            guard error.isInfeasibleStage else { throw error }
            heldGrants = PolicyEngine.heldGrantsMW(grants, view: model.view, margin: { max(options.fairness.share * $0, options.tolerances.powerMW) })
            engine.model.fixGrants(atMW: heldGrants)
            engine.loosenHolds()
            final = try engine.run(
                "\(stage) (\(options.tolerances.powerMW) MW below the rule's grants)", sensitivity: capacity, decompose: decompose)
        }
        // The capacity map: probes with the final stage's grants and firm hold, from its basis.
        let capacityMap =
            options.capacityMap
            ? try engine.capacityMap(
                grantsMW: heldGrants, firmUnservedMW: firm.unservedMW, zeroMW: options.tolerances.powerMW, method: options.capacityMapMethod)
            : nil
        var summary = SolveSummary(
            termination: final.termination, rawStatus: final.raw.message, solveSeconds: engine.seconds + (capacityMap?.seconds ?? 0),
            iterations: engine.iterations, lpSolves: engine.solves + (capacityMap?.solves ?? 0), rows: engine.model.rowCount,
            columns: engine.model.columnCount)
        summary.costStageSeconds = final.solveTimeSeconds
        summary.capacityMapLPSolves = capacityMap?.solves ?? 0
        summary.capacityMapSeconds = capacityMap?.seconds ?? 0
        summary.capacityMapProbesCertified = capacityMap?.certifiedProbes ?? 0
        summary.capacityMapProbesMonolithic = capacityMap?.monolithicProbes ?? 0
        summary.capacityMapProbesSharedDual = capacityMap?.sharedDualProbes ?? 0
        summary.capacityMapProbesDecomposed = capacityMap?.splitProbes ?? 0
        summary.decomposedLPSolves = engine.decomposedSolves
        summary.decompositionFallback = engine.decompositionFallback
        summary.holdsLoosenedMW = engine.holdsLoosened ? engine.holdSlackMW : nil
        if let report = final.decomposition {
            summary.costStageMethod =
                report.fallbackReason.map { "monolithic after decomposition fell back: \($0)" }
                ?? "decomposed (\(report.rounds) rounds, \(report.blocks) blocks, \(report.pricedBlocks) priced)"
        }
        summary.security = SecuritySummary(model: engine.model, record: engine.security)
        summary.mipStages = engine.mipStages
        var outcome = YearOutcome.extract(
            dataset: dataset, model: engine.model, result: final, policy: rawValue, minCostEUR: final.objectiveValue ?? 0,
            summary: summary, tolerances: options.tolerances)
        outcome.addRequests(
            dataset: dataset, model: engine.model, result: final, ruleSteps: engine.ruleStep, blockingAssets: engine.blockingAsset,
            blockingContingencies: engine.blockingContingency, tolerances: options.tolerances)
        for r in outcome.requests.indices {
            outcome.requests[r].mipStage = engine.mipStage[r]
            outcome.requests[r].ruleShare = engine.fixedShare[r]
        }
        outcome.capacityMap = capacityMap?.map ?? []
        outcome.contingencyPairs = engine.model.contingencyPairs
        for (i, pair) in model.view.pairs.enumerated() { outcome.firmHoldMW[pair.key] = firm.unservedMW[i] }
        outcome.costStageStart = firmStart
        outcome.finalStageStart = final.basis.map { WarmStart(model: engine.model, basis: $0) }
        for (r, request) in model.view.requests.enumerated() {
            if let start = engine.blockedStart[r] { outcome.blockedStageStarts[request.key] = start }
        }
        outcome.costStageWarmStarted = firm.result.warmStarted
        return outcome
    }
}

extension PolicyEngine {
    /// What stage 0 of the request view found.
    struct FirmStage {
        /// Stage 0a's result (least firm unserved energy).
        var result: SolveResult
        /// U*, MWh.
        var unservedMWh: Double
        /// u[i,t] of the allocation stage 0 picks (all 0 when U* is 0), MW.
        var unservedMW: [[Double]]
        /// Stage 0a's basis with its keys (taken before 0b adds rows).
        var start: WarmStart?
    }

    /// Stage 0 of the request view, with every grant at 0 (a grant only adds load, so the least
    /// firm unserved energy is the same; fixed grants let the slices decouple): 0a finds the least
    /// firm unserved energy U*; when it is above zero, 0b picks, among the allocations with U*,
    /// the one of least cost (VoLL-weighted: whose firm load is short follows the value of lost
    /// load). The grants are free again afterwards; the caller holds the firm shortfall
    /// (``AllocationModel/holdFirmUnserved(atMostMW:zeroMW:slackMW:)``). `stage` prefixes the
    /// stage names.
    mutating func serveFirmLoadFirst(options: AllocationOptions, stage: String) throws(AnalysisError) -> FirmStage {
        let decompose = options.decomposition.decomposesCostStage(model)
        let none = [Double](repeating: 0, count: model.view.requests.count)
        model.fixGrants(atMW: none)
        model.setFirmUnservedObjective()
        let firm = try run("\(stage) (minimise firm unserved energy)", decompose: decompose)
        let unservedMWh = max(0, firm.objectiveValue ?? 0)
        let model = self.model
        let start = firm.basis.map { WarmStart(model: model, basis: $0) }
        var unservedMW = model.unservedMW(firm).map { $0.map { _ in 0.0 } }
        if unservedMWh > options.tolerances.powerMW {
            let unrestricted = self.model.boundsSnapshot()
            self.model.restrictToOptimalFace(of: firm, tolerance: options.fairness.optimalFaceDual)
            self.model.setCostObjective()
            let cheapest = try run("\(stage) (least cost among the least unserved)", decompose: decompose)
            unservedMW = self.model.unservedMW(cheapest)
            self.model.restoreBounds(unrestricted)
        }
        self.model.releaseGrants()
        releaseGrantStatuses(none)
        return FirmStage(result: firm, unservedMWh: unservedMWh, unservedMW: unservedMW, start: start)
    }

    /// Before the rule's first stage: whether every request can be granted in full at once. The
    /// grants are fixed at R_r, so the slices decouple and the LP (minimum cost, to leave a good
    /// basis for the last stage) is solved by timeslice; a slice that cannot carry its load
    /// proves it infeasible at once. When it is feasible, that solution meets every bound and
    /// grants every member of every class its full request, so it proves each class's stage
    /// optimum (full is each grant's upper bound): every class is fixed at share 1 without the
    /// witness LP of ``fillInOrder(_:)``, whose grants link the slices (one LP of the whole year).
    /// Otherwise nothing changes and `false` is returned. Only before anything is fixed.
    mutating func grantEveryRequestInFull(_ classes: [[Int]]) throws(AnalysisError) -> Bool {
        guard !classes.isEmpty, fixedShare.allSatisfy({ $0 == nil }) else { return false }
        let full = model.view.requests.map(\.requestedMW)
        model.fixGrants(atMW: full)
        model.setFillRows(active: [], floorLowerBound: 0)
        model.setCostObjective()
        do {
            _ = try run("step \(step + 1) (every request in full, solved by timeslice)", decompose: true, retryInfeasible: false)
        } catch {
            guard error.isInfeasibleStage else { throw error }
            model.releaseGrants()
            // A first N-1 round may have been feasible and left its basis (grants fixed): the
            // next stage starts with every grant at 0 again, as after stage 0.
            releaseGrantStatuses(full.map { _ in 0 })
            return false
        }
        model.releaseGrants()
        releaseGrantStatuses(full)
        step += 1
        for members in classes { for j in members where fixedShare[j] == nil { fix(j, share: 1, blocking: nil) } }
        return true
    }

    /// Fills the classes in order, each fixed before the next. A class is fixed at full share
    /// without a stage of its own when every unfixed member reaches its full request in a
    /// solution that meets every fixing so far (exact: full is each member's upper bound, so that
    /// solution proves the class's stage optimum). Two sources of such solutions:
    ///
    /// - the last stage's solution, when it meets the current bounds (checked, not assumed: a
    ///   refused indivisible request can break it): no LP;
    /// - a witness LP that maximises the grants of every request not yet fixed (minimise Σ q_r),
    ///   solved before the first class and after a class that its own stage found full (full
    ///   classes come in runs). After a class that was not full the next class goes straight to
    ///   ``fill(_:)``: a witness whose prefix of full classes is empty is a wasted LP, and on a
    ///   single class fill's first LP answers "all full?" itself.
    ///
    /// The first class that is not full is filled by ``fill(_:)``.
    mutating func fillInOrder(_ classes: [[Int]]) throws(AnalysisError) {
        var witnessDue = classes.count > 1
        var k = 0
        while true {
            if let shares = lastFeasibleShares() { k = fixFullClasses(classes, from: k, shares: shares) }
            while k < classes.count, classes[k].allSatisfy({ fixedShare[$0] != nil }) { k += 1 }
            guard k < classes.count else { return }
            let remaining = classes[k...].flatMap { $0 }.filter { fixedShare[$0] == nil }
            if witnessDue, remaining.contains(where: { !classes[k].contains($0) }) {
                witnessDue = false
                step += 1
                model.setFillRows(active: [], floorLowerBound: 0)
                model.setTotalShortfallObjective(pairs: remaining)
                let witness = try runRule("step \(step) (grant every remaining request as far as possible)")
                k = fixFullClasses(classes, from: k, shares: model.servedShares(witness))
                continue
            }
            try fill(classes[k])
            witnessDue = classes[k].allSatisfy { (fixedShare[$0] ?? 0) >= 1 }
            k += 1
        }
    }

    /// Fixes at full share, from class `k` on, every class whose unfixed members all have share
    /// ≥ 1 − ``FairnessTolerances/share`` in `shares` (a solution that meets every fixing so
    /// far); returns the first class that is not full.
    private mutating func fixFullClasses(_ classes: [[Int]], from k: Int, shares: [Double]) -> Int {
        var k = k
        while k < classes.count, classes[k].allSatisfy({ fixedShare[$0] != nil || shares[$0] >= 1 - fairness.share }) {
            for j in classes[k] where fixedShare[j] == nil { fix(j, share: 1, blocking: nil) }
            k += 1
        }
        return k
    }

    /// Each grant less `margin(R_r)` MW (never below 0, never above R_r). An indivisible request
    /// granted at least min_mw keeps min_mw (the margin must not take it below; a smaller load
    /// is always feasible).
    static func heldGrantsMW(_ grants: [Double], view: YearView, margin: (Double) -> Double) -> [Double] {
        grants.enumerated().map { r, grant in
            let requested = view.requests[r].requestedMW
            let held = max(0, min(requested, grant) - margin(requested))
            if let minimum = view.requests[r].minMW, grant >= minimum, held < minimum { return min(requested, minimum) }
            return held
        }
    }
}
