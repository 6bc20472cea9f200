// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntAnalysis
import KnelpuntData
import KnelpuntGLPK
import KnelpuntLP
import KnelpuntModel
import Testing

/// A backend that gives a wrong optimum for the stages `sabotages` selects: the LP solved in
/// the opposite sense (the worst feasible point, e.g. every MW unserved), reported as optimal
/// for the sense asked, with that solve's duals. Every other LP is solved by GLPK.
struct WrongOptimumSolver: LPSolver {
    let sabotages: @Sendable (LinearProgram) -> Bool
    var backendDescription: String { "GLPK with wrong optima" }

    func solve(_ lp: LinearProgram, options: SolveOptions) throws(SolverError) -> SolveResult {
        guard sabotages(lp) else { return try GLPKSolver().solve(lp, options: options) }
        var flipped = lp
        flipped.sense = lp.sense == .minimize ? .maximize : .minimize
        var cold = options
        cold.startingBasis = nil
        var result = try GLPKSolver().solve(flipped, options: cold)
        result.sense = lp.sense
        return result
    }
}

/// Every stage LP of every rule is certified optimal when verification is on.
@Suite struct StageCertificateTests {
    let dataset = DatasetBuilder.tiny()

    func options(_ policy: AllocationPolicy, verify: Bool = true, decomposition: DecompositionMode = .off) -> AllocationOptions {
        var options = AllocationOptions()
        options.policy = policy
        options.verify = verify
        options.decomposition = decomposition
        return options
    }

    func certificateFailure(_ run: () throws(AnalysisError) -> YearOutcome) -> (year: Int, stage: String, worst: [String])? {
        do {
            _ = try run()
            return nil
        } catch {
            guard case .certificateFailed(let year, let stage, _, let worst) = error else { return nil }
            return (year, stage, worst)
        }
    }

    /// A wrong cost-stage optimum (all demand unserved) is caught before anything reads it,
    /// naming the year, the stage and the worst violation.
    @Test("a wrong cost-stage optimum fails the certificate")
    func wrongCostStage() throws {
        let solver = WrongOptimumSolver { $0.sense == .minimize }
        let failure = certificateFailure { () throws(AnalysisError) in
            try AllocationRun(dataset: dataset, solver: solver, options: options(.cost)).solve(year: 2025)
        }
        let found = try #require(failure)
        #expect(found.year == 2025)
        #expect(found.stage == "cost stage")
        #expect(found.worst.first?.isEmpty == false)
        let message = AnalysisError.certificateFailed(year: found.year, stage: found.stage, violationCount: 1, worst: found.worst).description
        #expect(message.contains("year 2025, stage cost stage") && message.contains("worst: "))
    }

    /// Only the leximin floor LP (maximise λ) is wrong: λ comes back at its lower bound 0.
    @Test("a wrong progressive-filling optimum fails the certificate, naming the step")
    func wrongFillingStage() throws {
        let solver = WrongOptimumSolver { $0.sense == .maximize }
        let failure = certificateFailure { () throws(AnalysisError) in
            try AllocationRun(dataset: dataset, solver: solver, options: options(.leximin)).solve(year: 2025)
        }
        let found = try #require(failure)
        #expect(found.stage == "step 1 (maximise the common share floor)")
    }

    /// The same wrong answers pass without verification: the certificate is what stops them.
    @Test("without verification the wrong cost stage goes through")
    func unverified() throws {
        let solver = WrongOptimumSolver { $0.sense == .minimize }
        var plain = options(.cost, verify: false)
        plain.costTieBreak = .none
        let wrong = try AllocationRun(dataset: dataset, solver: solver, options: plain).solve(year: 2025)
        let right = try AllocationRun(dataset: dataset, solver: GLPKSolver(), options: options(.cost)).solve(year: 2025)
        #expect(wrong.minCostEUR > right.minCostEUR + 1)
    }

    /// The decomposed cost stage returns duals of the whole LP (block duals, coupling-row prices,
    /// the linking columns' reduced costs): they certify its optimum, and a changed coupling
    /// price does not.
    @Test("the decomposition's assembled duals certify the whole LP")
    func decomposedCostStageCertificate() throws {
        var corrupted = 0
        for seed in UInt64(1)...6 {
            let network = DecompositionExactnessTests.randomNetwork(seed: seed &* 104_729)
            let model = AllocationModel.build(dataset: network, year: 2025)
            let structure = model.blockStructure()
            let decomposed = try DantzigWolfeSolver(inner: GLPKSolver(), structure: structure).solve(model.lp)
            #expect(decomposed.decomposition?.fallbackReason == nil, "seed \(seed)")
            let report = OptimalityCertificate.check(model.lp, decomposed)
            #expect(report.isCertifiedOptimal, "seed \(seed): \(report.violations)")
            // Double the largest price of a coupling row (a flex budget): no longer a certificate.
            let coupling = structure.rowBlock.indices.filter { structure.rowBlock[$0] == nil }
            guard let row = coupling.max(by: { abs(decomposed.rowDuals[$0]) < abs(decomposed.rowDuals[$1]) }),
                abs(decomposed.rowDuals[row]) > 1
            else { continue }
            var wrong = decomposed
            wrong.rowDuals[row] *= 2
            #expect(!OptimalityCertificate.check(model.lp, wrong).isFeasible, "seed \(seed): a doubled price of \(model.lp.rows[row].name)")
            corrupted += 1
        }
        #expect(corrupted >= 2, "binding budgets have prices to corrupt")
    }

    /// With every stage decomposed (Dantzig–Wolfe), the assembled full-LP duals (block duals,
    /// coupling-row prices and the linking columns' reduced costs) are certified like any other.
    @Test("decomposed stages are certified on the whole LP", arguments: AllocationPolicy.allCases)
    func decomposedStagesCertified(policy: AllocationPolicy) throws {
        for seed in UInt64(1)...4 {
            let network = DecompositionExactnessTests.randomNetwork(seed: seed &* 7_727)
            let outcome = try AllocationRun(dataset: network, solver: GLPKSolver(), options: options(policy, decomposition: .on)).solve(year: 2025)
            #expect(outcome.solve.decomposedLPSolves > 0, "seed \(seed): some stage was decomposed")
        }
    }
}
