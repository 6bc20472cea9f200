// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntGLPK
import KnelpuntLP
import Testing

/// GLPK's simplex in exact rational arithmetic (``SolveMethod/exact``), and the decomposition's
/// use of it for a master the floating-point simplex mis-solves.
@Suite("Exact simplex")
struct ExactSimplexTests {
    /// The master of `Fixtures/masters` (see its README): GLPK's floating-point simplex calls it
    /// infeasible; in exact arithmetic it is optimal, within 1e-9 relative of the values
    /// `glpsol --exact` and HiGHS print (the data are rounded to double precision, and the
    /// objective is summed in floating point).
    @Test func exactSolvesAMasterTheFloatingPointSimplexCallsInfeasible() throws {
        let lp = try GLPKSolver.read(try fixtureURL("masters/nl-2034-final-stage-master.mps").path, format: .freeMPS)
        var options = SolveOptions()
        options.method = .exact
        let result = try GLPKSolver().solve(lp, options: options)
        #expect(result.termination == .optimal, "\(result.raw.message)")
        let objective = try #require(result.objectiveValue)
        #expect(abs(objective - 18_361_892_378.5854) <= 1e-9 * objective, "glpsol --exact prints 18361892378.5854")
        #expect(abs(objective - 18_361_892_379.788937) <= 1e-9 * objective, "HiGHS 1.16")
        #expect(OptimalityCertificate.check(lp, result).isFeasible)
    }

    /// From an optimal basis the exact simplex only verifies it: no pivot, the same optimum (up
    /// to the floating-point simplex's round-off).
    @Test func exactFromAnOptimalBasisVerifiesIt() throws {
        let (lp, _) = DecompositionStabilisationTests.polygons(blocks: 3, sides: 12)
        let float = try GLPKSolver().solve(lp)
        var options = SolveOptions()
        options.method = .exact
        options.startingBasis = try #require(float.basis)
        let exact = try GLPKSolver().solve(lp, options: options)
        #expect(exact.termination == .optimal)
        #expect(exact.iterations == 0)
        let a = try #require(float.objectiveValue)
        let b = try #require(exact.objectiveValue)
        #expect(abs(a - b) <= 1e-9 * max(1, abs(a)))
    }

    /// A master that the floating-point simplex fails, warm and from scratch, is solved exactly
    /// and the decomposition still delivers GLPK's monolithic optimum.
    @Test func aMasterTheFloatingPointSimplexFailsIsSolvedExactly() throws {
        let (lp, structure) = DecompositionStabilisationTests.polygons(blocks: 6, sides: 24)
        let expected = try #require(try GLPKSolver().solve(lp).objectiveValue)
        let result = try DantzigWolfeSolver(inner: MasterFailingSolver(failsExact: false), structure: structure).solve(lp)
        let report = try #require(result.decomposition)
        #expect(report.fallbackReason == nil, "\(report.fallbackReason ?? "")")
        #expect(report.masterExactSolves == report.rounds, "every round's master solved exactly")
        let found = try #require(result.objectiveValue)
        #expect(abs(found - expected) <= 1e-9 * max(1, abs(expected)))
        #expect(OptimalityCertificate.check(lp, result).isFeasible)
    }

    /// A master that fails in exact arithmetic too: the monolithic LP is solved, with the reason.
    @Test func aMasterFailingEvenExactlyFallsBackToTheMonolithicLP() throws {
        let (lp, structure) = DecompositionStabilisationTests.polygons(blocks: 6, sides: 24)
        let expected = try #require(try GLPKSolver().solve(lp).objectiveValue)
        let result = try DantzigWolfeSolver(inner: MasterFailingSolver(failsExact: true), structure: structure).solve(lp)
        let reason = try #require(result.decomposition?.fallbackReason)
        #expect(reason.contains("even in exact arithmetic"), "\(reason)")
        let found = try #require(result.objectiveValue)
        #expect(abs(found - expected) <= 1e-9 * max(1, abs(expected)))
    }
}

/// GLPK, except that every floating-point solve of the decomposition's master (and, with
/// `failsExact`, every exact one too) reports "infeasible", as GLPK 5.0 does on the fixture.
struct MasterFailingSolver: LPSolver {
    let failsExact: Bool
    var backendDescription: String { "GLPK failing the master" }

    func solve(_ lp: LinearProgram, options: SolveOptions) throws(SolverError) -> SolveResult {
        guard lp.name == "master", failsExact || options.method != .exact else { return try GLPKSolver().solve(lp, options: options) }
        return SolveResult(
            termination: .infeasible, primalStatus: .infeasiblePoint, dualStatus: .noSolution,
            raw: RawSolverStatus(returnCode: "0", solutionStatus: "GLP_NOFEAS", message: "scripted: no primal feasible solution"),
            sense: lp.sense, objectiveValue: nil)
    }
}

/// A block LP holds only its own rows and columns: one proved infeasible proves the LP infeasible
/// (``DecompositionOptions/infeasibleBlockEndsSolve``).
@Suite("Dantzig–Wolfe decomposition: an infeasible block")
struct InfeasibleBlockTests {
    /// The polygons of ``DecompositionStabilisationTests/polygons(blocks:sides:)`` with block 1's
    /// u held at ≥ 3 (its bounds are [−2, 2]): infeasible whatever the coupling rows say.
    static func infeasible() -> (LinearProgram, BlockStructure) {
        var (lp, structure) = DecompositionStabilisationTests.polygons(blocks: 4, sides: 8)
        let u1 = 2
        lp.addRow(name: "impossible", lowerBound: 3, upperBound: .infinity, terms: [(u1, 1)])
        let rowBlock = structure.rowBlock + [1]
        return (lp, BlockStructure(blockCount: structure.blockCount, columnBlock: structure.columnBlock, rowBlock: rowBlock))
    }

    @Test func withTheSettingTheSolveEndsInfeasibleWithoutTheMonolithicLP() throws {
        let (lp, structure) = Self.infeasible()
        var settings = DecompositionOptions()
        settings.infeasibleBlockEndsSolve = true
        let result = try DantzigWolfeSolver(inner: GLPKSolver(), structure: structure, settings: settings).solve(lp)
        #expect(result.termination == .infeasible)
        #expect(result.primalStatus == .noSolution && result.objectiveValue == nil)
        #expect(result.raw.returnCode == "block infeasible", "\(result.raw)")
        #expect(result.decomposition?.fallbackReason == "block 1 not solved: infeasible")
        #expect(result.decomposition?.infeasibleBlock == 1)
    }

    @Test func withoutItTheMonolithicLPReportsTheInfeasibility() throws {
        let (lp, structure) = Self.infeasible()
        let result = try DantzigWolfeSolver(inner: GLPKSolver(), structure: structure).solve(lp)
        let monolithic = try GLPKSolver().solve(lp)
        #expect(result.termination == monolithic.termination)
        #expect(result.raw.returnCode != "block infeasible")
    }
}
