// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntAnalysis
import KnelpuntData
import KnelpuntGLPK
import KnelpuntLP
import Testing

/// A backend that reports `termination` for solve number `failing` (counted from 0 by the
/// caller) and solves every other LP with GLPK: GLPK's numerical trouble, reproduced on demand.
struct TroubledSolver: LPSolver {
    let termination: TerminationStatus
    let failing: Int
    let counter = Counter()

    final class Counter: @unchecked Sendable {
        var solves = 0
    }

    var backendDescription: String { "troubled GLPK" }

    func solve(_ lp: LinearProgram, options: SolveOptions) throws(SolverError) -> SolveResult {
        defer { counter.solves += 1 }
        guard counter.solves == failing else { return try GLPKSolver().solve(lp, options: options) }
        return SolveResult(
            termination: termination, primalStatus: .noSolution, dualStatus: .noSolution,
            raw: RawSolverStatus(returnCode: "GLP_EFAIL", solutionStatus: "GLP_UNDEF", message: "scripted trouble"),
            sense: lp.sense, objectiveValue: nil)
    }
}

/// A solve that ends without an optimum is solver trouble or a limit, named with year and
/// stage, never a data error.
@Suite struct SolverTroubleTests {
    func error(_ termination: TerminationStatus, failing: Int = 0, policy: AllocationPolicy = .cost) -> AnalysisError? {
        var options = AllocationOptions()
        options.decomposition = .off
        options.workers = 1
        options.policy = policy
        do {
            _ = try AllocationRun(
                dataset: DatasetBuilder.tiny(), solver: TroubledSolver(termination: termination, failing: failing), options: options
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

    @Test func laterStagesAreNamed() throws {
        let failure = try #require(error(.numericalError, failing: 1, policy: .leximin))
        #expect(failure.description.hasPrefix("year 2025, step 1 (maximise the common share floor): numerical trouble"), "\(failure)")
    }
}
