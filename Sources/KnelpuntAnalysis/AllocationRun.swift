// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntData
import KnelpuntLP
import KnelpuntModel

/// Options of an allocation run. Everything here is recorded in the run manifest.
public struct AllocationOptions: Sendable {
    /// What is allocated: MW to connection requests or energy over all demand. The library
    /// default is the energy view of earlier versions; the `knelpunt` commands default to
    /// ``AllocationView/requests`` under ``AllocationPolicy/acm``.
    public var view: AllocationView = .energy
    public var policy: AllocationPolicy = .cost
    public var solveOptions = SolveOptions()
    public var tolerances = AnalysisTolerances()
    public var fairness = FairnessTolerances()
    /// Re-check every year with ``AllocationVerifier`` and fail on violations.
    public var verify = true
    /// Years solved in parallel (each on its own thread).
    public var workers = 2
    /// Warm starts for the cost stage per year (e.g. from a base run when solving a scenario).
    /// Years without one start as ``AllocationRun/solve(years:progress:)`` describes.
    public var startingPoints: [Int: WarmStart] = [:]
    /// Start every year's monolithic cost stage from the first planning year's cost-stage basis
    /// (only with ``DecompositionMode/off``: a decomposed cost stage starts each slice from its
    /// neighbour instead; docs/performance.md, "Tuning defaults").
    public var chainYears = true
    /// How the `cost` rule chooses among allocations of equal (minimum) cost.
    public var costTieBreak: CostTieBreak = .leximin
    /// Request view: after the rule's last stage, probe every node for the largest flat firm
    /// offtake and infeed still available (``NodeCapacity``, two LPs per node).
    public var capacityMap = false
    /// How the capacity map's probes are solved (the same values either way; the monolithic
    /// method is there for comparison in tests and is not a command-line option).
    public var capacityMapMethod: CapacityMapMethod = .sliced
    /// When to solve the cost stage by exact timeslice decomposition (see ``DecompositionMode``).
    public var decomposition: DecompositionMode = .auto
    public var decompositionSettings = DecompositionOptions()
    /// Called with the year and ``NumericalRange/warnings`` before a year whose LP (the cost
    /// stage of the rule's LP, with its share rows) is badly scaled is solved; the caller decides
    /// how to show them.
    public var numericalWarnings: (@Sendable (_ year: Int, _ warnings: [String]) -> Void)?
    public init() {}
}

/// How the `cost` rule chooses among the allocations of minimum cost.
public enum CostTieBreak: String, Sendable, Hashable, CaseIterable {
    /// Leximin over the served shares, then the least flexible curtailment (unique shares).
    case leximin
    /// None: the cost stage's own optimum. Cost, unserved and served totals, prices and shadow
    /// values are those of every minimum-cost allocation; how a shortfall is split between
    /// consumers of equal value of lost load (and so the CO2 at risk) is whichever optimum the
    /// solver ends at (the same for the same inputs and options). The cost LP alone, like
    /// glpsol or HiGHS.
    case none
}

/// Which LPs of an allocation rule are solved by exact Dantzig–Wolfe decomposition over
/// timeslices (``DantzigWolfeSolver``) instead of as one LP. Either way the optimum is the same
/// (the decomposition proves its answer or falls back to the monolithic LP).
public enum DecompositionMode: String, Sendable, Hashable, CaseIterable {
    /// The cost stage (and the request view's firm and final stages) always (two or more
    /// timeslices); the rule's later stages (tie-break, progressive filling) from
    /// ``DecompositionMode/autoRuleStageTimeslices`` slices on.
    case auto
    /// Every stage (two or more timeslices).
    case on
    /// None: one LP per stage.
    case off

    /// From this many slices `auto` decomposes the later stages too (the measurements behind it:
    /// docs/performance.md, "Tuning defaults").
    public static let autoRuleStageTimeslices = 1_000

    func decomposesCostStage(_ model: AllocationModel) -> Bool {
        self != .off && model.timesliceCount >= 2
    }

    func decomposesRuleStages(_ model: AllocationModel) -> Bool {
        switch self {
        case .on: return model.timesliceCount >= 2
        case .off: return false
        case .auto: return model.timesliceCount >= Self.autoRuleStageTimeslices
        }
    }
}

/// Solves the allocation of each planning year.
public struct AllocationRun: Sendable {
    public let dataset: Dataset
    public let solver: any LPSolver
    public let options: AllocationOptions

    public init(dataset: Dataset, solver: any LPSolver, options: AllocationOptions = AllocationOptions()) {
        self.dataset = dataset
        self.solver = solver
        self.options = options
    }

    /// Solves `years` and returns one outcome per year in the given order, or the first year's
    /// error.
    ///
    /// The years run in parallel, up to ``AllocationOptions/workers`` threads, each from its
    /// ``AllocationOptions/startingPoints`` entry if any (e.g. the base run's basis of that year
    /// when solving a scenario). With the cost stage decomposed (the default) a year needs no
    /// other warm start: each slice starts from its neighbour. With `--decomposition off`, the
    /// cost stage of the dataset's first planning year is first solved cold (also when that year
    /// is not among `years`) and its basis starts every year. Either way every year starts the
    /// same whatever the number of workers and whichever years were asked for, so a year's
    /// numbers depend on neither (where the optimum is not unique, e.g. flows on parallel paths,
    /// the same one is reported). A single year uses the workers for the blocks of its
    /// decomposition instead.
    public func solve(years: [Int], progress: (@Sendable (Int) -> Void)? = nil) throws(AnalysisError) -> [YearOutcome] {
        guard !years.isEmpty else { return [] }
        var options = options
        if years.count == 1 { options.decompositionSettings.workers = max(1, options.workers) }
        let run = AllocationRun(dataset: dataset, solver: solver, options: options)
        var chained: WarmStart?
        if options.chainYears, options.decomposition == .off, options.view == .energy, let source = dataset.info.years.first,
            years.contains(where: { options.startingPoints[$0] == nil })
        {
            chained = try run.costStageStart(year: source)
        }
        let starts = options.startingPoints
        let source = chained
        let results = parallelMap(count: years.count, workers: years.count == 1 ? 1 : options.workers) {
            index -> Result<YearOutcome, AnalysisError> in
            let year = years[index]
            let result = Result { () throws(AnalysisError) -> YearOutcome in try run.solve(year: year, start: starts[year] ?? source) }
            progress?(year)
            return result
        }
        var outcomes: [YearOutcome] = []
        for result in results {
            switch result {
            case .success(let outcome): outcomes.append(outcome)
            case .failure(let error): throw error
            }
        }
        return outcomes
    }

    /// The basis of `year`'s cost stage solved cold (the warm start every year begins from).
    func costStageStart(year: Int) throws(AnalysisError) -> WarmStart? {
        let model = AllocationModel.build(dataset: dataset, year: year, allocation: options.view)
        return try options.policy.costStageStart(model: model, dataset: dataset, solver: solver, options: options)
    }

    /// Solves one year synchronously on the calling thread, optionally from a warm start.
    public func solve(year: Int, start: WarmStart? = nil) throws(AnalysisError) -> YearOutcome {
        let model = AllocationModel.build(dataset: dataset, year: year, allocation: options.view)
        var outcome = try options.policy.allocate(model: model, dataset: dataset, solver: solver, options: options, start: start)
        if options.verify {
            var violations = AllocationVerifier.check(outcome, dataset: dataset, tolerances: options.tolerances)
            if violations.isEmpty { violations = try RuleOrderCheck.violations(outcome, dataset: dataset, solver: solver, options: options) }
            if violations.isEmpty { violations = try CapacityMapCheck.violations(outcome, dataset: dataset, solver: solver, options: options) }
            if !violations.isEmpty { throw .verificationFailed(year: year, violations: violations) }
        }
        // Only the rule-order check reads it; a sweep keeps many outcomes.
        outcome.finalStageStart = nil
        outcome.blockedStageStarts = [:]
        return outcome
    }
}

/// Helpers shared by the allocation stages.
enum CostStage {
    /// Columns whose bounds are capacities (links, conversions, supplies), in model order.
    static func capacityColumns(_ model: AllocationModel, dataset: Dataset) -> [Int] {
        BottleneckAnalysis.capacityAssets(dataset: dataset, model: model).flatMap(\.columns)
    }

    static func check(_ result: SolveResult, year: Int, stage: String) throws(AnalysisError) {
        switch result.termination {
        case .optimal:
            guard result.isSolvedAndFeasible(requireDual: true) else {
                throw .numericalTrouble(
                    year: year, stage: stage, status: result.termination, detail: "optimal but without feasible duals: \(result.raw.message)")
            }
        case .infeasible, .infeasibleOrUnbounded, .unbounded, .numericalError, .otherError:
            throw .numericalTrouble(year: year, stage: stage, status: result.termination, detail: result.raw.message)
        case .timeLimit, .iterationLimit:
            throw .limitReached(year: year, stage: stage, status: result.termination, detail: result.raw.message)
        case .objectiveLimit, .invalidModel:
            throw .notSolved(year: year, stage: stage, status: result.termination, detail: result.raw.message)
        }
    }
}
