// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntAnalysis
import KnelpuntData
import KnelpuntGLPK
import KnelpuntLP
import Testing

/// A backend that reports `termination` for `count` solves from solve number `failing` on
/// (counted from 0 by the caller) and solves every other LP with GLPK: GLPK's numerical trouble,
/// reproduced on demand.
struct TroubledSolver: LPSolver {
    let termination: TerminationStatus
    let failing: Int
    var count = 1
    let counter = Counter()

    final class Counter: @unchecked Sendable {
        var solves = 0
    }

    var backendDescription: String { "troubled GLPK" }

    func solve(_ lp: LinearProgram, options: SolveOptions) throws(SolverError) -> SolveResult {
        defer { counter.solves += 1 }
        guard counter.solves >= failing, counter.solves < failing + count else { return try GLPKSolver().solve(lp, options: options) }
        return SolveResult(
            termination: termination, primalStatus: .noSolution, dualStatus: .noSolution,
            raw: RawSolverStatus(returnCode: "GLP_EFAIL", solutionStatus: "GLP_UNDEF", message: "scripted trouble"),
            sense: lp.sense, objectiveValue: nil)
    }
}

/// A solve that ends without an optimum is solver trouble or a limit, named with year and
/// stage, never a data error.
@Suite struct SolverTroubleTests {
    func error(_ termination: TerminationStatus, failing: Int = 0, count: Int = 1, policy: AllocationPolicy = .cost) -> AnalysisError? {
        var options = AllocationOptions()
        options.decomposition = .off
        options.workers = 1
        options.policy = policy
        do {
            _ = try AllocationRun(
                dataset: DatasetBuilder.tiny(), solver: TroubledSolver(termination: termination, failing: failing, count: count), options: options
            )
            .solve(year: 2025)
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: [TerminationStatus.infeasible, .infeasibleOrUnbounded, .unbounded, .numericalError, .otherError])
    func troubleIsNumericalNotData(termination: TerminationStatus) throws {
        let failure = try #require(error(termination))
        guard case .numericalTrouble(let year, let stage, let status, _) = failure else {
            Issue.record("expected numerical trouble, got \(failure)")
            return
        }
        #expect(year == 2025 && stage == "cost stage" && status == termination)
        #expect(failure.description.contains("year 2025, cost stage: numerical trouble in the LP solver"))
        #expect(failure.description.contains("not a data error"))
        #expect(!failure.description.contains("check the dataset"))
    }

    @Test(arguments: [TerminationStatus.timeLimit, .iterationLimit])
    func limitsNameYearAndStage(termination: TerminationStatus) throws {
        let failure = try #require(error(termination))
        guard case .limitReached(2025, "cost stage", termination, _) = failure else {
            Issue.record("expected a limit, got \(failure)")
            return
        }
    }

    /// A later stage starts from the previous stage's basis; in trouble, it is solved once more
    /// from scratch (solve 2), and only when that fails too is the trouble reported, by stage.
    @Test func laterStagesAreNamed() throws {
        let failure = try #require(error(.numericalError, failing: 1, count: 2, policy: .leximin))
        #expect(failure.description.hasPrefix("year 2025, step 1 (maximise the common share floor): numerical trouble"), "\(failure)")
    }

    /// Trouble in a warm-started stage that the solve from scratch does not repeat costs nothing:
    /// the year's outcome is the one of an untroubled run.
    @Test func aWarmStageInTroubleIsSolvedAgainFromScratch() throws {
        var options = AllocationOptions()
        options.decomposition = .off
        options.workers = 1
        options.policy = .leximin
        let dataset = DatasetBuilder.tiny()
        let troubled = try AllocationRun(dataset: dataset, solver: TroubledSolver(termination: .numericalError, failing: 1), options: options)
            .solve(year: 2025)
        let clean = try AllocationRun(dataset: dataset, solver: GLPKSolver(), options: options).solve(year: 2025)
        try #require(troubled.pairs.count == clean.pairs.count)
        for (a, b) in zip(troubled.pairs, clean.pairs) { #expect(abs(a.servedShare - b.servedShare) <= 1e-9, "\(a.key)") }
        #expect(troubled.solve.lpSolves == clean.solve.lpSolves + 1, "the stage in trouble was solved twice")
    }

    /// A rule stage called infeasible (a hold at the simplex's tolerance) loosens every hold by
    /// ``AnalysisTolerances/powerMW`` and is solved again warm, before any cold retry: one extra
    /// LP, recorded in the summary; the shares move by at most that slack.
    @Test func anInfeasibleRuleStageLoosensTheHoldsFirst() throws {
        let (troubled, clean) = try troubledAndClean(.infeasible, count: 1)
        #expect(troubled.solve.lpSolves == clean.solve.lpSolves + 1, "one extra solve: the loosened stage")
        #expect(troubled.solve.holdsLoosenedMW == 1e-6)
        #expect(clean.solve.holdsLoosenedMW == nil)
        for (a, b) in zip(troubled.pairs, clean.pairs) { #expect(abs(a.servedShare - b.servedShare) <= 1e-6, "\(a.key)") }
    }

    /// Still infeasible after the loosening: solved once more from scratch; after that too, the
    /// trouble is reported under the loosened stage's name.
    @Test func aLoosenedStageStillInTroubleIsRetriedColdThenReported() throws {
        let (troubled, clean) = try troubledAndClean(.infeasible, count: 2)
        #expect(troubled.solve.lpSolves == clean.solve.lpSolves + 2)
        #expect(troubled.solve.holdsLoosenedMW == 1e-6)
        let failure = try #require(error(.infeasible, failing: 1, count: 3, policy: .leximin))
        #expect(
            failure.description.hasPrefix("year 2025, step 1 (maximise the common share floor) (holds loosened by 1e-06 MW): numerical trouble"),
            "\(failure)")
    }

    func troubledAndClean(_ termination: TerminationStatus, count: Int) throws -> (YearOutcome, YearOutcome) {
        var options = AllocationOptions()
        options.decomposition = .off
        options.workers = 1
        options.policy = .leximin
        let dataset = DatasetBuilder.tiny()
        let troubled = try AllocationRun(
            dataset: dataset, solver: TroubledSolver(termination: termination, failing: 1, count: count), options: options
        ).solve(year: 2025)
        let clean = try AllocationRun(dataset: dataset, solver: GLPKSolver(), options: options).solve(year: 2025)
        try #require(troubled.pairs.count == clean.pairs.count)
        return (troubled, clean)
    }
}
