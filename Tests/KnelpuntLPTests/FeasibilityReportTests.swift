// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntLP
import Testing

/// The independent checker must accept a correct solution and catch every kind of wrong one
/// (otherwise the GLPK tests that rely on it could not fail).
@Suite("FeasibilityReport")
struct FeasibilityReportTests {
    /// min x + y  s.t. r0: x + 2y ≥ 4, r1: 3x + y ≥ 6, x, y ≥ 0.
    /// Optimum x = 1.6, y = 1.2, objective 2.8; duals 0.4, 0.2 (Aᵀy = c on the basic x, y).
    static func lp(sense: ObjectiveSense = .minimize) -> LinearProgram {
        var lp = LinearProgram(name: "two-rows", sense: sense)
        lp.addColumn(name: "x", cost: 1)
        lp.addColumn(name: "y", cost: 1)
        lp.addRow(name: "r0", lowerBound: 4, terms: [(column: 0, coefficient: 1), (column: 1, coefficient: 2)])
        lp.addRow(name: "r1", lowerBound: 6, terms: [(column: 0, coefficient: 3), (column: 1, coefficient: 1)])
        return lp
    }

    static func optimum(
        x: [Double] = [1.6, 1.2], activities: [Double] = [4, 6], objective: Double = 2.8,
        duals: [Double] = [0.4, 0.2], reducedCosts: [Double] = [0, 0], dualStatus: ResultStatus = .feasiblePoint
    ) -> SolveResult {
        SolveResult(
            termination: .optimal, primalStatus: .feasiblePoint, dualStatus: dualStatus,
            raw: RawSolverStatus(returnCode: "0", solutionStatus: "hand", message: "worked by hand"), sense: .minimize,
            objectiveValue: objective, columnValues: x, rowActivities: activities, rowDuals: duals, columnReducedCosts: reducedCosts)
    }

    @Test("accepts the hand optimum")
    func acceptsOptimum() {
        let report = FeasibilityReport.check(Self.lp(), Self.optimum())
        #expect(report.isFeasible, "\(report.violations)")
        #expect(report.maxPrimalViolation <= 1e-12)
        #expect(report.dualityGap <= 1e-12)
    }

    struct Corruption: Sendable, CustomTestStringConvertible {
        let testDescription: String
        let result: SolveResult
        /// A fragment of the expected violation message.
        let fragment: String
    }

    static let corruptions: [Corruption] = [
        // x = 1.0, y = 1.2: r0 activity 3.4 < 4 (and r1 4.2 < 6).
        Corruption(
            testDescription: "row violated", result: optimum(x: [1.0, 1.2], activities: [3.4, 4.2], objective: 2.2), fragment: "row r0 activity 3.4"),
        // x = −0.5 below its bound 0 (rows recomputed: r0 1.9, r1 −0.3 — also violated).
        Corruption(
            testDescription: "column below its bound", result: optimum(x: [-0.5, 1.2], activities: [1.9, -0.3], objective: 0.7),
            fragment: "column x = -0.5"),
        Corruption(testDescription: "activity misreported", result: optimum(activities: [4, 7]), fragment: "row r1: reported activity 7.0"),
        Corruption(testDescription: "objective misreported", result: optimum(objective: 3), fragment: "reported objective 3.0"),
        // y0 = 0.5: d_x = 1 − 0.5 − 0.6 = −0.1 ≠ 0 reported.
        Corruption(testDescription: "reduced cost inconsistent", result: optimum(duals: [0.5, 0.2]), fragment: "column x: reported reduced cost"),
        // Negative dual on a ≥ row when minimising needs an upper bound the row does not have.
        Corruption(
            testDescription: "wrong dual sign", result: optimum(duals: [-0.4, 0.2], reducedCosts: [0.8, 1.6]),
            fragment: "row r0: dual -0.4 needs a finite upper bound"),
        // Consistent duals y = (1, 0), d = (0, −1), but d_y < 0 on y at its lower bound 0 with
        // no upper bound: dual infeasible.
        Corruption(
            testDescription: "reduced cost with the wrong sign", result: optimum(duals: [1, 0], reducedCosts: [0, -1]),
            fragment: "column y: dual -1.0 needs a finite upper bound"),
        Corruption(testDescription: "vector of the wrong length", result: optimum(x: [1.6]), fragment: "primal vector has 1 values for 2 columns"),
    ]

    @Test("catches a corrupted result", arguments: corruptions)
    func catchesCorruption(_ item: Corruption) {
        let report = FeasibilityReport.check(Self.lp(), item.result)
        #expect(!report.isFeasible)
        #expect(report.violations.contains { $0.contains(item.fragment) }, "\(report.violations)")
    }

    /// A positive duality gap: duals consistent with the costs and signs, but not optimal.
    /// y = (0.2, 0): d = (0.8, 0.6) ≥ 0, dual objective 4·0.2 = 0.8 ≠ 2.8. The primal point
    /// (1.6, 1.2) has d > 0 on columns away from their bound 0: complementary slackness fails.
    @Test("catches a non-optimal dual")
    func catchesGap() {
        let report = FeasibilityReport.check(Self.lp(), Self.optimum(duals: [0.2, 0], reducedCosts: [0.8, 0.6]))
        #expect(!report.isFeasible)
        #expect(report.violations.contains { $0.contains("not at its lower bound") }, "\(report.violations)")
    }

    @Test("duals are skipped without a feasible dual status, and everything without a primal")
    func skips() {
        let noDual = FeasibilityReport.check(Self.lp(), Self.optimum(duals: [9, 9], dualStatus: .noSolution))
        #expect(noDual.isFeasible)
        let unchecked = FeasibilityReport.check(Self.lp(), Self.optimum(duals: [9, 9]), checkDuals: false)
        #expect(unchecked.isFeasible)
        var infeasible = Self.optimum(x: [0, 0], activities: [0, 0], objective: 0)
        infeasible.primalStatus = .infeasiblePoint
        #expect(FeasibilityReport.check(Self.lp(), infeasible).isFeasible, "nothing claimed, nothing to check")
    }

    /// The tolerance decides: a violation of 1e-7 passes the default (1e-6) and fails 1e-9.
    @Test("tolerances are explicit")
    func tolerance() {
        let nearly = Self.optimum(x: [1.6, 1.2 - 5e-8], activities: [4 - 1e-7, 6 - 5e-8], objective: 2.8 - 5e-8)
        #expect(FeasibilityReport.check(Self.lp(), nearly, checkDuals: false).isFeasible)
        let tight = FeasibilityTolerance(absolute: 1e-9, relative: 0)
        #expect(!FeasibilityReport.check(Self.lp(), nearly, tolerance: tight, checkDuals: false).isFeasible)
    }
}
