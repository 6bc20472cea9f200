// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntData
import KnelpuntLP
import KnelpuntModel

/// The rule that decides who gets scarce capacity. Every rule first solves the cost stage (its
/// optimum is reported as the minimum cost), then fills shares class by class (see
/// ``PolicyEngine/fill(_:)``), then minimises cost with the shares held.
///
/// Prices and shadow values: under `cost` they are the cost stage's duals (valid for every
/// minimum-cost allocation). Under the other rules they come from the last stage, where every
/// share is held at least at its fixed value: the € a MW more would save without lowering
/// anyone's share.
public enum AllocationPolicy: String, Sendable, CaseIterable, Hashable {
    /// Minimum cost; among the minimum-cost allocations, leximin, then the least flexible
    /// curtailment.
    case cost
    /// Leximin (max-min fairness, then the next-worst, …) over all pairs; then minimum cost.
    case leximin
    /// ACM categories 1, 2, 3 in turn (leximin inside each), then all others leximin.
    case priority
    /// First come, first served by queue date (equal dates leximin); the pre-2024 rule.
    case fcfs
    /// ACM categories 1, 2, 3 as in `priority`, then everyone else first come, first served.
    case acm

    /// The classes of pairs (indices into ``YearView/pairs``) filled in turn.
    func classes(view: YearView, dataset: Dataset) -> [[Int]] {
        let pairs = Array(view.pairs.indices)
        let consumer = { (i: Int) in dataset.consumers[view.pairs[i].consumerIndex] }
        let priorityClasses: [[Int]] = (1...3).map { level in pairs.filter { consumer($0).priority == level } }.filter { !$0.isEmpty }
        let unprioritised = pairs.filter { consumer($0).priority == nil }
        func byQueueDate(_ members: [Int]) -> [[Int]] {
            // A consumer without a queue date holds capacity in use before any request: first.
            let inUse = members.filter { consumer($0).queueDate == nil }
            let dates = Set(members.compactMap { consumer($0).queueDate }).sorted()
            return (inUse.isEmpty ? [] : [inUse]) + dates.map { date in members.filter { consumer($0).queueDate == date } }
        }
        switch self {
        case .cost, .leximin: return pairs.isEmpty ? [] : [pairs]
        case .priority: return priorityClasses + (unprioritised.isEmpty ? [] : [unprioritised])
        case .fcfs: return byQueueDate(pairs)
        case .acm: return priorityClasses + byQueueDate(unprioritised)
        }
    }

    /// Solves only the cost stage of `model` (cold) and returns its basis keyed by the model's row and column keys.
    func costStageStart(model: AllocationModel, dataset: Dataset, solver: any LPSolver, options: AllocationOptions) throws(AnalysisError)
        -> WarmStart?
    {
        var engine = Self.engine(model: model, dataset: dataset, solver: solver, options: options, start: nil)
        return try Self.solveCostStage(&engine, options: options, sensitivity: SensitivityRequest()).start
    }

    static func engine(model: AllocationModel, dataset: Dataset, solver: any LPSolver, options: AllocationOptions, start: WarmStart?)
        -> PolicyEngine
    {
        var model = model
        model.addAllocationRuleFamilies()
        var engine = PolicyEngine(
            model: model, solver: solver, options: options.solveOptions, fairness: options.fairness,
            dataset: dataset, start: start, decomposition: options.decompositionSettings)
        engine.certificate = options.verify ? options.tolerances.certificate : nil
        engine.holdSlackMW = options.tolerances.powerMW
        return engine
    }

    /// Stage 1, minimum cost (decomposed unless `--decomposition off`): the result and its basis
    /// keyed by the model's row and column keys.
    private static func solveCostStage(_ engine: inout PolicyEngine, options: AllocationOptions, sensitivity: SensitivityRequest)
        throws(AnalysisError) -> (result: SolveResult, start: WarmStart?)
    {
        engine.model.setFillRows(active: [], floorLowerBound: 0)
        engine.model.setCostObjective()
        let result = try engine.run("cost stage", sensitivity: sensitivity, decompose: options.decomposition.decomposesCostStage(engine.model))
        let model = engine.model
        return (result, result.basis.map { WarmStart(model: model, basis: $0) })
    }

    /// Allocates one year. When a decomposed or warm-started run ends in numerical trouble or a
    /// failed certificate (a badly scaled LP can leave GLPK, or the face restriction built from
    /// the decomposition's duals, on the wrong side of its tolerances), the year is solved once
    /// more from scratch, monolithic and cold, before the trouble is reported; the summary says so.
    func allocate(model: AllocationModel, dataset: Dataset, solver: any LPSolver, options: AllocationOptions, start: WarmStart?) throws(AnalysisError)
        -> YearOutcome
    {
        do {
            return try allocateOnce(model: model, dataset: dataset, solver: solver, options: options, start: start)
        } catch {
            switch error {
            case .numericalTrouble, .certificateFailed: break
            default: throw error
            }
            guard start != nil || options.decomposition != .off else { throw error }
            var cold = options
            cold.decomposition = .off
            cold.numericalWarnings = nil // already reported by the first attempt
            var outcome = try allocateOnce(model: model, dataset: dataset, solver: solver, options: cold, start: nil)
            outcome.solve.costStageMethod = "monolithic from scratch after the first attempt failed: \(error)"
            return outcome
        }
    }

    private func allocateOnce(model: AllocationModel, dataset: Dataset, solver: any LPSolver, options: AllocationOptions, start: WarmStart?)
        throws(AnalysisError) -> YearOutcome
    {
        if model.view.allocation == .requests {
            return try allocateRequests(model: model, dataset: dataset, solver: solver, options: options, start: start)
        }
        var engine = Self.engine(model: model, dataset: dataset, solver: solver, options: options, start: start)
        if let report = options.numericalWarnings {
            // The cost stage's LP as it will be solved (solveCostStage sets the same objective),
            // checked in place: no copy of the model.
            engine.model.setCostObjective()
            let warnings = engine.model.numericalRange().warnings
            if !warnings.isEmpty { report(model.year, warnings) }
        }
        // Ranges are needed only where a capacity has value (nonzero reduced cost).
        let capacity = SensitivityRequest(columns: CostStage.capacityColumns(model, dataset: dataset), minimumDualMagnitude: 1e-9)
        let sequence = self == .cost && options.costTieBreak == .none ? [] : classes(view: model.view, dataset: dataset)
        let solved = try Self.solveCostStage(&engine, options: options, sensitivity: capacity)
        var costStage = solved.result
        let costStageStart = solved.start
        engine.decomposeStages = options.decomposition.decomposesRuleStages(model)
        let minimumCost = costStage.objectiveValue ?? 0
        if self == .cost, !sequence.isEmpty {
            engine.model.restrictToOptimalFace(of: costStage, tolerance: options.fairness.optimalFaceDual)
            engine.fixDeterminedPairs()
        }
        if !sequence.isEmpty {
            // The later stages run without the N-1 rows that are slack here; the cost stage's
            // prices are read on the model's rows as they are now.
            costStage = costStage.keepingRows(engine.dropSlackContingencyRows(at: costStage))
        }
        var final = costStage
        // Stage 2: fill shares class by class.
        for members in sequence { try engine.fill(members) }
        // Stage 3: minimum cost with the shares held (`cost`: already minimum on its face, so
        // the least flexible curtailment among those allocations).
        if !sequence.isEmpty {
            engine.model.setFillRows(active: [], floorLowerBound: 0)
            if self == .cost { engine.model.setFlexObjective() } else { engine.model.setCostObjective() }
            final = try engine.run(
                self == .cost ? "least flex among minimum-cost allocations" : "minimum cost with the shares held",
                sensitivity: self == .cost ? SensitivityRequest() : capacity)
        }
        if self == .cost {
            // Every minimum-cost allocation shares the cost stage's duals (complementary
            // slackness), so prices and shadow values come from the plain cost LP.
            final.rowDuals = costStage.rowDuals
            final.columnReducedCosts = costStage.columnReducedCosts
            final.columnRanges = costStage.columnRanges
            final.rowRanges = costStage.rowRanges
            final.dualStatus = costStage.dualStatus
        }
        var summary = SolveSummary(
            termination: final.termination, rawStatus: final.raw.message, solveSeconds: engine.seconds,
            iterations: engine.iterations, lpSolves: engine.solves, rows: model.rowCount, columns: model.columnCount)
        summary.costStageSeconds = costStage.solveTimeSeconds
        summary.decomposedLPSolves = engine.decomposedSolves
        summary.decompositionFallback = engine.decompositionFallback
        summary.holdsLoosenedMW = engine.holdsLoosened ? engine.holdSlackMW : nil
        summary.security = SecuritySummary(model: engine.model, record: engine.security)
        if let report = costStage.decomposition {
            summary.costStageMethod =
                report.fallbackReason.map { "monolithic after decomposition fell back: \($0)" }
                ?? "decomposed (\(report.rounds) rounds, \(report.blocks) blocks, \(report.pricedBlocks) priced)"
        }
        var outcome = YearOutcome.extract(
            dataset: dataset, model: engine.model, result: final, policy: rawValue, minCostEUR: minimumCost,
            summary: summary, tolerances: options.tolerances)
        outcome.pairRuleSteps = engine.ruleStep
        outcome.pairBlockingAssets = engine.blockingAsset
        // Pairs whose share the cost stage alone determined (step 0): the most valuable
        // bottleneck that leaves them short.
        for (i, pair) in outcome.pairs.enumerated() where engine.ruleStep[i] == 0 && pair.unservedMWh > options.tolerances.powerMW {
            outcome.pairBlockingAssets[i] =
                outcome.assets
                .filter { $0.isBottleneck && $0.affectedConsumers.contains(pair.key.consumer) }
                .max { ($0.shadowValueEURPerMWYear, $1.id) < ($1.shadowValueEURPerMWYear, $0.id) }?.id
        }
        outcome.costStageStart = costStageStart
        outcome.costStageWarmStarted = costStage.warmStarted
        return outcome
    }
}
