// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntAnalysis
import KnelpuntData
import KnelpuntGLPK
import KnelpuntLP
import Testing

/// Hand-solved cases where a stage decides several indivisible requests (min_mw) at once, on
/// the corridor of ``RequestAllocationTests``: a cheap supply behind one 100 MW line.
@Suite struct IndivisibleRequestTests {
    static let tolerance = 1e-6

    /// An ``LPSolver`` without a MIP solver (GLPK's LP side only).
    struct LPOnlySolver: LPSolver {
        var backendDescription: String { "GLPK LP only" }
        func solve(_ lp: LinearProgram, options: SolveOptions) throws(SolverError) -> SolveResult {
            try GLPKSolver().solve(lp, options: options)
        }
    }

    static func solve(_ dataset: Dataset, policy: AllocationPolicy, solver: any LPSolver = GLPKSolver()) throws -> YearOutcome {
        var options = AllocationOptions()
        options.view = .requests
        options.policy = policy
        return try AllocationRun(dataset: dataset, solver: solver, options: options).solve(year: 2025)
    }

    static func grantMW(_ outcome: YearOutcome, _ project: String) throws -> Double {
        try RequestAllocationTests.grant(outcome, project).grantedMW
    }

    /// a: 100 MW indivisible from 60 MW, b: 80 MW indivisible from 60 MW, c: 40 MW divisible,
    /// all at `load`, leximin, line 100 MW.
    ///
    /// The continuous fill gives every share 100/220 = 0.4545: a 45.5 MW and b 36.4 MW, both
    /// below their 60 MW, so both were refused and c kept 18.2 MW of a line with room for 100.
    ///
    /// Exact: a and b together need 120 MW > 100, so one refusal is the fewest (K* = 1).
    /// Refusing a, b and c share the line at 100/(80 + 40) = 0.8333 (b 66.67 ≥ 60 MW); refusing
    /// b, a and c share it at 100/140 = 0.7143. Sorted shares (0, 0.8333, 0.8333) beat
    /// (0, 0.7143, 0.7143): a 0, b 66.667, c 33.333 MW.
    @Test func leximinRefusesOneRequestNotTwo() throws {
        var b = RequestAllocationTests.corridor()
        b.consumer("c", electricity: "load", queue: "2022-01-01", voll: 3000)
        b.transition("a", project: "a-furnace", year: 2025, mw: 100, co2: 100)
        b.transition("b", project: "b-boiler", year: 2025, mw: 80, co2: 50)
        b.transition("c", project: "c-heatpump", year: 2025, mw: 40, co2: 10)
        b.transitions[0].minMW = 60
        b.transitions[1].minMW = 60
        let o = try Self.solve(b.build(), policy: .leximin)
        #expect(abs(try Self.grantMW(o, "a-furnace")) < Self.tolerance)
        #expect(abs(try Self.grantMW(o, "b-boiler") - 200.0 / 3) < Self.tolerance)
        #expect(abs(try Self.grantMW(o, "c-heatpump") - 100.0 / 3) < Self.tolerance)
        // Every request was decided by a MIP stage, and the line blocks each of them.
        #expect(o.requests.allSatisfy { $0.mipStage != nil && $0.blockingAsset == "line" })
        // The first MIP stage counts the granted: 1. Its relaxation has b_r ≤ g_r/60, so it
        // grants a 60 MW (b_a = 1) and b 40 MW (b_b = 2/3): bound 5/3, gap (5/3 − 1)/1 = 2/3.
        let first = try #require(o.solve.mipStages.first)
        #expect(first.status == .optimal)
        #expect(abs((first.objective ?? 0) - 1) < Self.tolerance, "one of the two indivisible requests granted")
        #expect(first.requests.map(\.project.rawValue) == ["a-furnace", "b-boiler"])
        #expect(abs((first.lpBound ?? 0) - 5.0 / 3) < Self.tolerance)
        #expect(abs((first.relativeGap ?? 0) - 2.0 / 3) < Self.tolerance)
    }

    /// The check MIPs of ``RuleOrderCheck`` accept the exact answer above and reject two
    /// tampered ones: both indivisible requests refused (one refusal is the fewest), and c cut
    /// to 20 MW (with b held granted at ≥ 0.5 + ε of its share and a refused, c could take 40).
    @Test func ruleOrderCheckRejectsWrongIndivisibleOutcomes() throws {
        var b = RequestAllocationTests.corridor()
        b.consumer("c", electricity: "load", queue: "2022-01-01", voll: 3000)
        b.transition("a", project: "a-furnace", year: 2025, mw: 100, co2: 100)
        b.transition("b", project: "b-boiler", year: 2025, mw: 80, co2: 50)
        b.transition("c", project: "c-heatpump", year: 2025, mw: 40, co2: 10)
        b.transitions[0].minMW = 60
        b.transitions[1].minMW = 60
        let dataset = b.build()
        var options = AllocationOptions()
        options.view = .requests
        options.policy = .leximin
        let outcome = try AllocationRun(dataset: dataset, solver: GLPKSolver(), options: options).solve(year: 2025)
        #expect(try RuleOrderCheck.violations(outcome, dataset: dataset, solver: GLPKSolver(), options: options).isEmpty)
        func tampered(_ project: String, mw: Double) throws -> [String] {
            var wrong = outcome
            let index = try #require(wrong.requests.firstIndex { $0.key.project.rawValue == project })
            wrong.requests[index].grantedMW = mw
            wrong.requests[index].ruleShare = mw / wrong.requests[index].requestedMW
            return try RuleOrderCheck.violations(wrong, dataset: dataset, solver: GLPKSolver(), options: options)
        }
        let bothRefused = try tampered("b-boiler", mw: 0)
        #expect(
            bothRefused.contains { $0.contains("2 indivisible request(s) of a class are refused under leximin where 1 would do") }, "\(bothRefused)")
        let cutShort = try tampered("c-heatpump", mw: 20)
        #expect(cutShort.contains { $0.contains("request c-heatpump/electricity could be granted 40") }, "\(cutShort)")
        // A last stage that lost part of a grant the rule fixed.
        var lost = outcome
        let c = try #require(lost.requests.firstIndex { $0.key.project.rawValue == "c-heatpump" })
        lost.requests[c].grantedMW -= 0.001
        let lostViolations = try RuleOrderCheck.violations(lost, dataset: dataset, solver: GLPKSolver(), options: options)
        #expect(lostViolations.contains { $0.contains("its rule step fixed") }, "\(lostViolations)")
    }

    /// The `priority` rule: tier 1 holds a (100 MW, indivisible from 70 MW) and b (60 MW,
    /// divisible); tier 2 holds c (100 MW). Line 100 MW.
    ///
    /// Continuous: tier 1 shares 100/160 = 0.625, a (62.5 MW) is below 70 and refused, b keeps
    /// 37.5 and c gets the other 62.5 MW.
    ///
    /// Exact inside tier 1: a and b fit together (70 + 30 ≤ 100), so no refusal. Floor λ with
    /// a ≥ 70: 70 + 60λ ≤ 100 gives λ = 0.5 (b 30 MW); a then rises to its 70 MW (share 0.7),
    /// and tier 2's c gets nothing: a 70, b 30, c 0 MW. Sorted tier-1 shares (0.5, 0.7) beat
    /// (0, 0.625).
    @Test func priorityTierDecidedTogether() throws {
        var b = RequestAllocationTests.corridor()
        b.consumers[0].priority = 1
        b.consumers[1].priority = 1
        b.consumer("c", electricity: "load", priority: 2, queue: "2019-01-01", voll: 3000)
        b.transition("a", project: "a-furnace", year: 2025, mw: 100, co2: 100)
        b.transition("b", project: "b-boiler", year: 2025, mw: 60, co2: 50)
        b.transition("c", project: "c-datacentre", year: 2025, mw: 100, co2: 0)
        b.transitions[0].minMW = 70
        let o = try Self.solve(b.build(), policy: .priority)
        #expect(abs(try Self.grantMW(o, "a-furnace") - 70) < Self.tolerance)
        #expect(abs(try Self.grantMW(o, "b-boiler") - 30) < Self.tolerance)
        #expect(abs(try Self.grantMW(o, "c-datacentre")) < Self.tolerance)
        #expect(try RequestAllocationTests.grant(o, "c-datacentre").mipStage == nil)
        #expect(try RequestAllocationTests.grant(o, "a-furnace").mipStage != nil)
    }

    /// The `cost` rule: firm load 30 MW at `load` leaves 70 MW. a (100 MW, indivisible from
    /// 80 MW, VoLL 3,000 €/MWh) is worth more per MW than b (50 MW, VoLL 2,000 €/MWh).
    ///
    /// Continuous: the value LP gives a its 70 MW and b nothing; a is below 80 and refused, so
    /// nothing was granted. Exact: a cannot reach 80 MW, so the value is 2,000 − 10 €/MWh on
    /// b's 50 MW: a 0, b 50 MW.
    @Test func costRuleDecidesByValue() throws {
        var b = RequestAllocationTests.corridor()
        b.consumers[1].vollEURPerMWh = 2000
        b.demand("b", mw: 30)
        b.transition("a", project: "a-furnace", year: 2025, mw: 100, co2: 100)
        b.transition("b", project: "b-boiler", year: 2025, mw: 50, co2: 50)
        b.transitions[0].minMW = 80
        let o = try Self.solve(b.build(), policy: .cost)
        #expect(abs(try Self.grantMW(o, "a-furnace")) < Self.tolerance)
        #expect(abs(try Self.grantMW(o, "b-boiler") - 50) < Self.tolerance)
        let stage = try #require(o.solve.mipStages.first)
        // The value of b's 50 MW for a year, less the supply cost: (2,000 − 10) × 50 × 8,760 €,
        // minus the firm load's supply cost 10 × 30 × 8,760 € (the cost objective's part).
        let value = (2000.0 - 10) * 50 * 8760 - 10 * 30 * 8760
        #expect(abs((stage.objective ?? 0) + value) < 1e-6 * value, "minimised: cost − value")
        // The relaxation grants a its 70 MW at 2,990 €/MWh instead: a better bound.
        let relaxed = (3000.0 - 10) * 70 * 8760 - 10 * 30 * 8760
        #expect(abs((stage.lpBound ?? 0) + relaxed) < 1e-6 * relaxed)
    }

    /// A grant within the rule's rise tolerance (1e-6 relative) below min_mw counts as granted:
    /// firm load 30 MW leaves 70 MW for a (min_mw 70.000005). The last stage must hold the grant
    /// the rule found (70 MW), not lift it to min_mw, which the line cannot carry (found on nl
    /// with min_mw on every request, 2033: that stage was infeasible).
    @Test func grantWithinToleranceBelowMinimumIsHeldWhereItIs() throws {
        var b = RequestAllocationTests.corridor()
        b.demand("b", mw: 30)
        b.transition("a", project: "a-furnace", year: 2025, mw: 100, co2: 100)
        b.transitions[0].minMW = 70.000005
        let o = try Self.solve(b.build(), policy: .fcfs)
        #expect(abs(try Self.grantMW(o, "a-furnace") - 70) < Self.tolerance)
    }

    /// No indivisible request: no MIP stage runs, the LP-only backend gives the same grants,
    /// and the numbers are the hand ones (50/50 under leximin).
    @Test func continuousPathUnchangedWithoutIndivisibleRequests() throws {
        var b = RequestAllocationTests.corridor()
        b.transition("a", project: "a-furnace", year: 2025, mw: 100, co2: 100)
        b.transition("b", project: "b-boiler", year: 2025, mw: 100, co2: 50)
        for policy in [AllocationPolicy.leximin, .priority, .cost, .acm] {
            let withMIP = try Self.solve(b.build(), policy: policy)
            let lpOnly = try Self.solve(b.build(), policy: policy, solver: LPOnlySolver())
            #expect(withMIP.solve.mipStages.isEmpty && withMIP.requests.allSatisfy { $0.mipStage == nil })
            #expect(withMIP.requests.map(\.grantedMW) == lpOnly.requests.map(\.grantedMW), "bit-identical grants")
            #expect(withMIP.solve.lpSolves == lpOnly.solve.lpSolves)
        }
        let leximin = try Self.solve(b.build(), policy: .leximin)
        #expect(abs(try Self.grantMW(leximin, "a-furnace") - 50) < Self.tolerance)
    }

    /// A backend without a MIP solver cannot decide two indivisible requests together: the
    /// error names the stage and the reason.
    @Test func backendWithoutMIPIsRefusedWithAReason() throws {
        var b = RequestAllocationTests.corridor()
        b.transition("a", project: "a-furnace", year: 2025, mw: 100, co2: 100)
        b.transition("b", project: "b-boiler", year: 2025, mw: 80, co2: 50)
        b.transitions[0].minMW = 60
        do {
            _ = try Self.solve(b.build(), policy: .leximin, solver: LPOnlySolver())
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".contains("has no MIP solver"), "\(error)")
        }
    }
}
