// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntData
import KnelpuntLP
import KnelpuntModel

/// Options of an allocation run. Everything here is recorded in the run manifest.
public struct AllocationOptions: Sendable {
    public var policy: AllocationPolicy = .cost
    public var solveOptions = SolveOptions()
    public var tolerances = AnalysisTolerances()
    public var fairness = FairnessTolerances()
    /// Re-check every year with ``AllocationVerifier`` and fail on violations.
    public var verify = true
    /// Years solved in parallel (each on its own thread).
    public var workers = 2
    public init() {}
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

    /// Solves `years` (in parallel, up to ``AllocationOptions/workers``) and returns one outcome
    /// per year in the given order, or the first year's error.
    public func solve(years: [Int], progress: (@Sendable (Int) -> Void)? = nil) throws(AnalysisError) -> [YearOutcome] {
        let results = parallelMap(count: years.count, workers: options.workers) { index -> Result<YearOutcome, AnalysisError> in
            let result = Result { () throws(AnalysisError) -> YearOutcome in try solve(year: years[index]) }
            progress?(years[index])
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

    /// Solves one year synchronously on the calling thread.
    public func solve(year: Int) throws(AnalysisError) -> YearOutcome {
        let model = AllocationModel.build(dataset: dataset, year: year)
        let outcome = try options.policy.allocate(model: model, dataset: dataset, solver: solver, options: options)
        if options.verify {
            let violations = AllocationVerifier.check(outcome, dataset: dataset, tolerances: options.tolerances)
            if !violations.isEmpty { throw .verificationFailed(year: year, violations: violations) }
        }
        return outcome
    }
}

/// The cost stage: the allocation LP as built, with sensitivity ranges of every capacity bound.
enum CostStage {
    static func solve(model: AllocationModel, solver: any LPSolver, options base: SolveOptions) throws(AnalysisError) -> (SolveResult, SolveSummary) {
        var options = base
        options.sensitivity = SensitivityRequest(columns: capacityColumns(model))
        let result: SolveResult
        do {
            result = try solver.solve(model.lp, options: options)
        } catch {
            throw .solver(year: model.year, error: error)
        }
        try check(result, year: model.year)
        let summary = SolveSummary(
            termination: result.termination, rawStatus: result.raw.message, solveSeconds: result.solveTimeSeconds,
            iterations: result.iterations, lpSolves: 1, rows: model.lp.rowCount, columns: model.lp.columnCount)
        return (result, summary)
    }

    /// Columns whose bounds are capacities (links, conversions, supplies), in model order.
    static func capacityColumns(_ model: AllocationModel) -> [Int] {
        var columns: [Int] = []
        for case let list? in model.flowColumn { columns += list }
        for case let list? in model.conversionColumn { columns += list }
        for case let list? in model.supplyColumn { columns += list }
        return columns
    }

    static func check(_ result: SolveResult, year: Int) throws(AnalysisError) {
        switch result.termination {
        case .optimal:
            guard result.isSolvedAndFeasible(requireDual: true) else {
                throw .notSolved(year: year, status: result.termination, detail: "optimal but without feasible duals: \(result.raw.message)")
            }
        case .infeasible, .infeasibleOrUnbounded:
            throw .infeasibleModel(year: year, detail: result.raw.message)
        default:
            throw .notSolved(year: year, status: result.termination, detail: result.raw.message)
        }
    }
}
