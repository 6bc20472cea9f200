// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntLP
import Testing

/// The optimality certificate on LPs solved by hand: it must accept every true optimum
/// (degenerate ones and their several dual solutions included) and reject a feasible point that
/// is not optimal whatever duals come with it.
@Suite("OptimalityCertificate")
struct OptimalityCertificateTests {
    static func result(
        sense: ObjectiveSense, x: [Double], activities: [Double], objective: Double, duals: [Double], reducedCosts: [Double]
    ) -> SolveResult {
        SolveResult(
            termination: .optimal, primalStatus: .feasiblePoint, dualStatus: .feasiblePoint,
            raw: RawSolverStatus(returnCode: "0", solutionStatus: "hand", message: "worked by hand"), sense: sense,
            objectiveValue: objective, columnValues: x, rowActivities: activities, rowDuals: duals, columnReducedCosts: reducedCosts)
    }

    /// One node with demand 8 MW: supply s ≤ 10 MW at 1 €/MWh, unserved u at 100 €/MWh (VoLL).
    /// balance: s + u = 8. Optimum s = 8, u = 0, cost 8; price y = 1, d_s = 0, d_u = 99.
    static func node() -> LinearProgram {
        var lp = LinearProgram(name: "node")
        lp.addColumn(name: "s", lowerBound: 0, upperBound: 10, cost: 1)
        lp.addColumn(name: "u", lowerBound: 0, upperBound: 8, cost: 100)
        lp.addRow(name: "balance", lowerBound: 8, upperBound: 8, terms: [(0, 1), (1, 1)])
        return lp
    }

    @Test("accepts the hand optimum of the node")
    func acceptsNodeOptimum() {
        let report = OptimalityCertificate.check(
            Self.node(), Self.result(sense: .minimize, x: [8, 0], activities: [8], objective: 8, duals: [1], reducedCosts: [0, 99]))
        #expect(report.isCertifiedOptimal, "\(report.violations)")
        #expect(report.dualityGap <= 1e-12)
    }

    /// The wrong answer of issue 18 in miniature: all demand unserved (feasible, cost 800) with
    /// duals that are exactly consistent with it (y = 100, reduced costs c − Aᵀy reported as
    /// such). Dual feasible too — s's negative reduced cost −99 selects its upper bound 10 — but
    /// s sits at 0, not 10: complementary slackness fails by 990 and the gap is 800 − (−190).
    @Test("rejects a feasible but suboptimal point with consistent duals")
    func rejectsWrongOptimum() {
        let wrong = Self.result(sense: .minimize, x: [0, 8], activities: [8], objective: 800, duals: [100], reducedCosts: [-99, 0])
        let report = OptimalityCertificate.check(Self.node(), wrong)
        #expect(!report.isFeasible)
        #expect(report.maxPrimalViolation == 0, "the point itself is feasible")
        #expect(report.dualityGap == 990)
        let kinds = Set(report.worst.map(\.kind))
        #expect(kinds == [.complementarySlackness, .dualityGap], "\(report.violations)")
        let first = report.worst.first
        #expect(first?.subject == "column s" || first?.subject == "objective", "worst first: \(report.violations)")
        #expect(
            report.violations.contains { $0.contains("column s: dual -99.0 but value 0.0 is not at its upper bound 10.0") }, "\(report.violations)")
    }

    /// The same wrong point with zero prices (y = 0, d = c): every sign is right, but u = 8
    /// carries the positive reduced cost 100 away from its lower bound.
    @Test("rejects the suboptimal point with zero prices")
    func rejectsWrongOptimumWithZeroPrices() {
        let wrong = Self.result(sense: .minimize, x: [0, 8], activities: [8], objective: 800, duals: [0], reducedCosts: [1, 100])
        let report = OptimalityCertificate.check(Self.node(), wrong)
        #expect(!report.isFeasible)
        #expect(report.worst.first?.subject == "column u", "\(report.violations)")
        #expect(report.worst.first.map { abs($0.amount - 800) < 1e-9 } == true)
        #expect(report.violations.contains { $0.contains("duality gap 800.0") }, "\(report.violations)")
    }

    /// The two-row LP (min x + y, x + 2y ≥ 4, 3x + y ≥ 6; optimum (1.6, 1.2), duals (0.4, 0.2))
    /// at the feasible point (2, 1), cost 3, reported with the true optimal duals: r1 is slack
    /// (7 > 6) but carries the dual 0.2, and the gap is 3 − 2.8.
    @Test("rejects a suboptimal vertex reported with the optimal duals")
    func rejectsSuboptimalVertex() {
        let lp = FeasibilityReportTests.lp()
        let wrong = Self.result(sense: .minimize, x: [2, 1], activities: [4, 7], objective: 3, duals: [0.4, 0.2], reducedCosts: [0, 0])
        let report = OptimalityCertificate.check(lp, wrong)
        #expect(!report.isFeasible)
        #expect(abs(report.dualityGap - 0.2) < 1e-12)
        #expect(report.violations.contains { $0.contains("row r1: dual 0.2 but value 7.0 is not at its lower bound 6.0") }, "\(report.violations)")
    }

    /// max x + y s.t. a: x + y ≤ 2, b: x ≤ 1, c: y ≤ 1, x, y ≥ 0. The optimum (1, 1) is
    /// degenerate (three active rows at a vertex of the plane) and has many dual solutions:
    /// (1, 0, 0), (0, 1, 1) and their convex combinations, all with d = 0 and dual objective 2.
    @Test("accepts every dual solution of a degenerate optimum", arguments: [[1.0, 0, 0], [0, 1, 1], [0.5, 0.5, 0.5]])
    func degenerate(_ duals: [Double]) {
        var lp = LinearProgram(name: "degenerate", sense: .maximize)
        lp.addColumn(name: "x", cost: 1)
        lp.addColumn(name: "y", cost: 1)
        lp.addRow(name: "a", upperBound: 2, terms: [(0, 1), (1, 1)])
        lp.addRow(name: "b", upperBound: 1, terms: [(0, 1)])
        lp.addRow(name: "c", upperBound: 1, terms: [(1, 1)])
        let report = OptimalityCertificate.check(
            lp, Self.result(sense: .maximize, x: [1, 1], activities: [2, 1, 1], objective: 2, duals: duals, reducedCosts: [0, 0]))
        #expect(report.isCertifiedOptimal, "\(report.violations)")
        // Maximising, a negative dual on a ≤ row would select its (missing) lower side.
        let flipped = OptimalityCertificate.check(
            lp, Self.result(sense: .maximize, x: [1, 1], activities: [2, 1, 1], objective: 2, duals: [-1, 1, 1], reducedCosts: [1, 1]))
        #expect(
            flipped.violations.contains { $0.contains("row a: dual -1.0 needs a finite lower bound (dual infeasible when maximising)") },
            "\(flipped.violations)")
    }

    /// min f with f free and row r: f ≥ 3. Optimum f = 3, y = 1, d = 0. Without the price
    /// (y = 0) the reduced cost 1 would need a lower bound on the free f.
    @Test("free column: accepted at the optimum, dual infeasible without the price")
    func freeColumn() {
        var lp = LinearProgram(name: "free")
        lp.addColumn(name: "f", lowerBound: -.infinity, upperBound: .infinity, cost: 1)
        lp.addRow(name: "r", lowerBound: 3, terms: [(0, 1)])
        #expect(
            OptimalityCertificate.check(lp, Self.result(sense: .minimize, x: [3], activities: [3], objective: 3, duals: [1], reducedCosts: [0]))
                .isCertifiedOptimal)
        let wrong = OptimalityCertificate.check(
            lp, Self.result(sense: .minimize, x: [3], activities: [3], objective: 3, duals: [0], reducedCosts: [1]))
        #expect(wrong.worst.contains { $0.kind == .dualFeasibility && $0.subject == "column f" }, "\(wrong.violations)")
    }

    /// min cost·z + w with z fixed at 2 and row r: z + w ≥ 5, w ≥ 0. Optimum w = 3, y = 1; the
    /// fixed z's reduced cost cost − 1 may have either sign.
    @Test("fixed column: its reduced cost may have either sign", arguments: [5.0, -5.0])
    func fixedColumn(_ cost: Double) {
        var lp = LinearProgram(name: "fixed")
        lp.addColumn(name: "z", lowerBound: 2, upperBound: 2, cost: cost)
        lp.addColumn(name: "w", cost: 1)
        lp.addRow(name: "r", lowerBound: 5, terms: [(0, 1), (1, 1)])
        let optimum = Self.result(sense: .minimize, x: [2, 3], activities: [5], objective: 2 * cost + 3, duals: [1], reducedCosts: [cost - 1, 0])
        let report = OptimalityCertificate.check(lp, optimum)
        #expect(report.isCertifiedOptimal, "\(report.violations)")
        #expect(abs(report.dualityGap) < 1e-12)
    }

    /// Tolerances scale with the magnitudes: a row of 1e6 MW may be off by 1e-4 MW (allowed
    /// 1e-6 + 1e-9·1e6), not by 1e-2 MW.
    @Test("primal tolerance scales with the row's magnitude")
    func scaledTolerance() {
        var lp = LinearProgram(name: "large")
        lp.addColumn(name: "s", lowerBound: 0, upperBound: 2e6, cost: 1)
        lp.addRow(name: "balance", lowerBound: 1e6, upperBound: 1e6, terms: [(0, 1)])
        for (offset, passes) in [(1e-4, true), (1e-2, false)] {
            let x = 1e6 - offset
            let report = OptimalityCertificate.check(
                lp, Self.result(sense: .minimize, x: [x], activities: [x], objective: x, duals: [1], reducedCosts: [0]))
            #expect(report.isFeasible == passes, "offset \(offset): \(report.violations)")
        }
    }

    @Test("a result without duals cannot be certified")
    func needsDuals() {
        var noDuals = Self.result(sense: .minimize, x: [8, 0], activities: [8], objective: 8, duals: [1], reducedCosts: [0, 99])
        noDuals.dualStatus = .noSolution
        let report = OptimalityCertificate.check(Self.node(), noDuals)
        #expect(!report.isCertifiedOptimal)
        #expect(report.violations.first?.contains("nothing to certify") == true)
        #expect(FeasibilityReport.check(Self.node(), noDuals).isFeasible, "the lenient check still passes the primal side")
        #expect(!FeasibilityReport.check(Self.node(), noDuals).dualsChecked)
    }
}
