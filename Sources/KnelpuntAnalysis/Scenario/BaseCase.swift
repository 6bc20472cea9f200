// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntData
import KnelpuntLP
import KnelpuntModel

/// A solved base case that scenarios of the same dataset are solved against.
///
/// For each year a scenario is either
/// * **taken from the base** when that year is provably the same case: the datasets differ at
///   most in their projects and transition projects, the year's allocation LP is identical (same
///   rows, columns, bounds, costs and names — so the same capacities and demand), the same
///   transition projects are in force (the CO2 they carry), and each of their `depends_on`
///   projects is in service in both or in neither (a project outside the network, such as CO2
///   transport, leaves the LP alone but puts the request's CO2 at risk). The base outcome is then exactly
///   what the scenario's solve would report, since it would start from the base's optimal basis
///   of that year and repeat the base's stages; or
/// * **solved warm-started** from the base's cost-stage basis of that year
///   (``AllocationOptions/startingPoints``).
///
/// Delays and capacity changes usually touch a few years only, so most years are taken.
public struct BaseCase: Sendable {
    public let dataset: Dataset
    /// One outcome per year, in year order.
    public let outcomes: [YearOutcome]
    private let lps: [Int: LinearProgram]

    /// `outcomes` must be the allocation of `dataset` for their years.
    public init(dataset: Dataset, outcomes: [YearOutcome]) {
        self.dataset = dataset
        self.outcomes = outcomes
        var lps: [Int: LinearProgram] = [:]
        for outcome in outcomes { lps[outcome.year] = AllocationModel.build(dataset: dataset, year: outcome.year).lp }
        self.lps = lps
    }

    /// Solves `dataset` for the base's years and the rule in `options`.
    public static func solve(
        dataset: Dataset, years: [Int], solver: any LPSolver, options: AllocationOptions,
        progress: (@Sendable (Int) -> Void)? = nil
    ) throws(AnalysisError) -> BaseCase {
        BaseCase(
            dataset: dataset, outcomes: try AllocationRun(dataset: dataset, solver: solver, options: options).solve(years: years, progress: progress))
    }

    /// The cost-stage warm start of each base year.
    public var starts: [Int: WarmStart] {
        var starts: [Int: WarmStart] = [:]
        for outcome in outcomes { starts[outcome.year] = outcome.costStageStart }
        return starts
    }

    /// A scenario's outcomes for the base's years, and which years were taken from the base.
    public struct ScenarioOutcome: Sendable {
        public var outcomes: [YearOutcome]
        /// Years taken unchanged from the base (the others were solved).
        public var reusedYears: [Int]
    }

    /// True when `scenario` is the same case as the base in `year` (see the type's notes).
    public func isUnchanged(_ scenario: Dataset, in year: Int) -> Bool {
        let base = dataset
        guard scenario.info == base.info, scenario.nodes == base.nodes, scenario.links == base.links,
            scenario.supplies == base.supplies, scenario.conversions == base.conversions, scenario.consumers == base.consumers,
            scenario.demand == base.demand, scenario.flex == base.flex, scenario.timeslices == base.timeslices,
            scenario.transitions.filter({ $0.year <= year }) == base.transitions.filter({ $0.year <= year }),
            base.transitions.allSatisfy({ transition in
                transition.year > year
                    || transition.dependsOn.map { scenario.isInService(project: $0, year: year) == base.isInService(project: $0, year: year) }
                        ?? true
            }),
            let lp = lps[year]
        else { return false }
        // The model is built from the tables compared above and the year view alone (projects
        // and transitions reach it only through the view), so equal views mean an equal LP;
        // otherwise compare the LPs themselves.
        let view = scenario.view(year: year)
        if view == base.view(year: year) { return true }
        return AllocationModel.build(dataset: scenario, view: view).lp == lp
    }

    /// Solves `scenario` for the base's years: unchanged years (checked in parallel) are taken
    /// from the base, the others run in parallel (up to `options.workers`), each from the base's
    /// basis of its year.
    public func solve(
        _ scenario: Dataset, solver: any LPSolver, options: AllocationOptions,
        progress: (@Sendable (Int) -> Void)? = nil
    ) throws(AnalysisError) -> ScenarioOutcome {
        let years = outcomes.map(\.year)
        let base = self
        let unchanged = parallelMap(count: years.count, workers: options.workers) { base.isUnchanged(scenario, in: years[$0]) }
        let reused = years.indices.filter { unchanged[$0] }.map { years[$0] }
        let toSolve = outcomes.map(\.year).filter { !reused.contains($0) }
        for year in reused { progress?(year) }
        var warm = options
        warm.startingPoints = starts
        warm.chainYears = false
        let solved = try AllocationRun(dataset: scenario, solver: solver, options: warm).solve(years: toSolve, progress: progress)
        let merged = outcomes.map { base in reused.contains(base.year) ? base : solved.first { $0.year == base.year } ?? base }
        return ScenarioOutcome(outcomes: merged, reusedYears: reused)
    }
}
