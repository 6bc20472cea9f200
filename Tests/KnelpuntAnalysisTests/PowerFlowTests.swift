// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntAnalysis
import KnelpuntData
import KnelpuntGLPK
import KnelpuntLP
import KnelpuntModel
import Testing

extension DatasetBuilder {
    /// An AC line: an electricity link with a reactance (p.u.) and optionally an emergency rating.
    mutating func acLink(
        _ id: String, _ from: String, _ to: String, capacity: Double, reactance: Double, emergency: Double? = nil,
        commissioned: Int? = nil
    ) {
        link(id, from, to, capacity: capacity, commissioned: commissioned)
        links[links.count - 1].reactancePU = reactance
        links[links.count - 1].emergencyRatingMW = emergency
    }
}

/// Kirchhoff's voltage law and N-1 security, solved by hand (docs/model.md, "Power flow and N-1").
@Suite struct PowerFlowTests {
    static let hours = 1000.0

    func solve(_ dataset: Dataset, policy: AllocationPolicy = .cost) throws -> YearOutcome {
        var options = AllocationOptions()
        options.policy = policy
        return try AllocationRun(dataset: dataset, solver: GLPKSolver(), options: options).solve(year: 2025)
    }

    /// Flow on link `id` in the one slice (NaN, failing every comparison, when absent).
    func flow(_ o: YearOutcome, _ dataset: Dataset, _ id: String) -> Double {
        dataset.links.firstIndex { $0.id.rawValue == id }.flatMap { o.linkFlowMW[$0]?[0] } ?? .nan
    }

    /// Price at `node` in the one slice (NaN when absent).
    func price(_ o: YearOutcome, _ node: String) -> Double {
        o.nodes.first { $0.node.rawValue == node }?.priceEURPerMWh[0] ?? .nan
    }

    /// Triangle a–b–c, equal reactances; cheap supply at a (10 €/MWh), dear supply at c
    /// (50 €/MWh), 150 MW load at c; the direct line a–c holds 80 MW, the others 200 MW.
    ///
    /// Power from a to c splits 2/3 over a–c and 1/3 over a–b–c (path reactances 1 and 2). So a
    /// can send at most 80 / (2/3) = 120 MW (80 direct, 40 round), c makes the other 30 MW.
    /// Prices: with a as reference, λ_n = λ_a − μ·PTDF_{ac,n}, μ the value of the a–c limit
    /// (€/MWh). PTDF_{ac,c} = −2/3, so 50 = 10 + (2/3)μ gives μ = 60 €/MWh: one more MW on a–c
    /// lets a send 1.5 MW more, each saving 50 − 10 = 40 €. PTDF_{ac,b} = −1/3, so λ_b = 10 + 20
    /// = 30 €/MWh, between the two ends: the congested line raises the price at its receiving end.
    static func triangle(reactances: Bool) -> Dataset {
        var b = DatasetBuilder()
        b.slice("s", hours: hours)
        b.node("a")
        b.node("b")
        b.node("c")
        if reactances {
            b.acLink("ab", "a", "b", capacity: 200, reactance: 0.01)
            b.acLink("bc", "b", "c", capacity: 200, reactance: 0.01)
            b.acLink("ac", "a", "c", capacity: 80, reactance: 0.01)
        } else {
            b.link("ab", "a", "b", capacity: 200)
            b.link("bc", "b", "c", capacity: 200)
            b.link("ac", "a", "c", capacity: 80)
        }
        b.supply("cheap", at: "a", capacity: 300, cost: 10)
        b.supply("dear", at: "c", capacity: 300, cost: 50)
        b.consumer("load", electricity: "c", voll: 5000)
        b.demand("load", mw: 150)
        return b.build()
    }

    @Test func triangleSplitsByReactanceAndPricesTheCongestion() throws {
        let dataset = Self.triangle(reactances: true)
        let o = try solve(dataset)
        #expect(abs(flow(o, dataset, "ac") - 80) < 1e-6)
        #expect(abs(flow(o, dataset, "ab") - 40) < 1e-6 && abs(flow(o, dataset, "bc") - 40) < 1e-6)
        #expect(abs(o.minCostEUR - Self.hours * (120 * 10 + 30 * 50)) < 1e-3)
        #expect(abs(price(o, "a") - 10) < 1e-6)
        #expect(abs(price(o, "b") - 30) < 1e-6)
        #expect(abs(price(o, "c") - 50) < 1e-6)
        let ac = try #require(o.assets.first { $0.id == "ac" })
        #expect(abs(ac.shadowValueEURPerMWYear - 60 * Self.hours) < 1e-3)
        #expect(ac.isBottleneck && ac.bindingContingency == nil, "the intact grid binds")
        #expect(o.assets.first { $0.id == "ab" }.map { $0.shadowValueEURPerMWYear < 1e-6 } == true)
        let security = try #require(o.solve.security)
        #expect(security.mode == "none" && security.acBranches == 3 && security.kirchhoffCyclesPerTimeslice == 1)
        #expect(security.contingenciesChecked == 0 && security.contingencyRowsAdded == 0)
    }

    /// The same grid as a transport model (no reactances): a sends all 150 MW, 80 direct and 70
    /// round by b, at 10 €/MWh; every price is 10 €/MWh. Kirchhoff forbids that split: round the
    /// cycle x·70 + x·70 − x·80 ≠ 0, so no angles give those flows.
    @Test func transportModelDiffersFromKirchhoff() throws {
        let dataset = Self.triangle(reactances: false)
        let o = try solve(dataset)
        #expect(abs(o.minCostEUR - Self.hours * 150 * 10) < 1e-3)
        #expect(abs(flow(o, dataset, "ac") - 80) < 1e-6 && abs(flow(o, dataset, "bc") - 70) < 1e-6)
        #expect(abs(price(o, "c") - 10) < 1e-6)
        #expect(o.solve.security == nil)
        let withPhysics = try solve(Self.triangle(reactances: true))
        #expect(withPhysics.minCostEUR > o.minCostEUR + 1)
    }

    /// Two equal parallel lines a–b (100 MW each, emergency rating 120 MW), cheap supply at a,
    /// dear at b, 200 MW load at b. Intact, both carry 100 MW. Under N-1 the outage of either puts
    /// the whole transfer 2f on the other (LODF = 1): 2f ≤ 120, so each carries 60 MW and b's own
    /// supply makes 80 MW; b's price is then the dear supply's 50 €/MWh.
    static func parallelLines(security: SecurityMode) -> Dataset {
        var b = DatasetBuilder()
        b.slice("s", hours: hours)
        b.node("a")
        b.node("b")
        b.acLink("l1", "a", "b", capacity: 100, reactance: 0.02, emergency: 120)
        b.acLink("l2", "a", "b", capacity: 100, reactance: 0.02, emergency: 120)
        b.supply("cheap", at: "a", capacity: 300, cost: 10)
        b.supply("dear", at: "b", capacity: 300, cost: 50)
        b.consumer("load", electricity: "b", voll: 5000)
        b.demand("load", mw: 200)
        var dataset = b.build()
        dataset.info.security = security
        return dataset
    }

    @Test func parallelLinesUnderNMinusOne() throws {
        let intact = try solve(Self.parallelLines(security: .none))
        #expect(abs(intact.minCostEUR - Self.hours * 200 * 10) < 1e-3)
        let dataset = Self.parallelLines(security: .n1)
        for policy in [AllocationPolicy.cost, .leximin] {
            let o = try solve(dataset, policy: policy)
            #expect(abs(flow(o, dataset, "l1") - 60) < 1e-6 && abs(flow(o, dataset, "l2") - 60) < 1e-6)
            #expect(abs(o.minCostEUR - Self.hours * (120 * 10 + 80 * 50)) < 1e-3)
            #expect(abs(price(o, "b") - 50) < 1e-6)
            if policy == .cost {
                // Both post-contingency rows read f₁ + f₂ ≤ 120: one more MW on either line alone
                // gains nothing; the LP's duals split the 40 €/MWh of both together between the
                // two identical rows (stationarity of f₁ + f₂: y₁ + y₂ = λ_b − λ_a), so the two
                // lines' values sum to 40 € per MW per hour, however the solver splits them.
                let values = o.assets.filter { $0.kind == .link }.map(\.shadowValueEURPerMWYear)
                #expect(abs(values.reduce(0, +) - 40 * Self.hours) < 1e-3, "\(values)")
            }
            let security = try #require(o.solve.security)
            #expect(security.mode == "n-1" && security.contingenciesChecked == 2)
            #expect(security.contingencyRowsAdded == 2 && security.costStageRounds == 2, "one round finds both pairs violated")
        }
    }

    /// The verifier rebuilds PTDF and LODF from the dataset: the transport flows fail Kirchhoff
    /// on the grid with reactances (the DC flow of 150 MW a→c is 100 direct, not 80: residual
    /// 20 MW), and the intact 100 + 100 MW fail N-1 (200 MW after a trip).
    @Test func verifierRejectsTransportFlowsAndInsecureFlows() throws {
        let transport = try solve(Self.triangle(reactances: false))
        let kirchhoff = AllocationVerifier.check(transport, dataset: Self.triangle(reactances: true))
        #expect(kirchhoff.count == 1 && kirchhoff.first?.hasPrefix("Kirchhoff in s: the AC flows are 20.0") == true, "\(kirchhoff)")
        let intact = try solve(Self.parallelLines(security: .none))
        #expect(AllocationVerifier.check(intact, dataset: Self.parallelLines(security: .none)).isEmpty)
        let n1 = AllocationVerifier.check(intact, dataset: Self.parallelLines(security: .n1))
        #expect(n1.count == 2 && n1.allSatisfy { $0.contains("above its emergency rating 120.0 MW") }, "\(n1)")
    }

    /// The LP `knelpunt export` writes under N-1 carries the Kirchhoff rows and the two
    /// post-contingency rows the loop needed; its optimum is the N-1 optimum.
    @Test func exportedModelCarriesTheNeededContingencyRows() throws {
        let dataset = Self.parallelLines(security: .n1)
        let (model, rounds) = try AllocationRun(dataset: dataset, solver: GLPKSolver()).certifyingCostStageModel(year: 2025)
        #expect(rounds == 2 && model.contingencyPairs.count == 2 && model.kirchhoffRow.count == 1)
        #expect(model.rowKeys.contains(.contingency(monitored: "l1", outage: "l2", timeslice: 0)))
        let optimum = try #require(try GLPKSolver().solve(model.lp).objectiveValue)
        #expect(abs(optimum - Self.hours * (120 * 10 + 80 * 50)) < 1e-3)
        let (plain, none) = try AllocationRun(dataset: Self.parallelLines(security: .none), solver: GLPKSolver()).certifyingCostStageModel(year: 2025)
        #expect(none == 0 && plain.contingencyPairs.isEmpty)
    }

    /// Shadow values count the post-contingency limits: with l2's emergency rating at 150 MW only
    /// "l1 after l2 trips" binds (f₁ + f₂ ≤ 120). One more MW of l1 raises E₁ to 121, so a sends
    /// 1 MW more (0.5 on each line), saving 50 − 10 = 40 €/MWh: l1 is worth 40 € per MW per hour,
    /// although its flow (60 MW) is far below its capacity; l2 is worth nothing.
    @Test func shadowValueIncludesThePostContingencyLimit() throws {
        var dataset = Self.parallelLines(security: .n1)
        dataset.links[1].emergencyRatingMW = 150
        let o = try solve(dataset)
        #expect(abs(flow(o, dataset, "l1") - 60) < 1e-6 && abs(flow(o, dataset, "l2") - 60) < 1e-6)
        let l1 = try #require(o.assets.first { $0.id == "l1" })
        let l2 = try #require(o.assets.first { $0.id == "l2" })
        #expect(abs(l1.shadowValueEURPerMWYear - 40 * Self.hours) < 1e-3 && l1.isBottleneck)
        #expect(l1.bindingContingency == "l2", "l1 binds when l2 trips")
        #expect(l2.shadowValueEURPerMWYear < 1e-6 && !l2.isBottleneck)
    }

    /// A radial spur to a load node is a bridge: its outage would island the node, so it is not
    /// checked and the summary names the node; the triangle's lines are checked. With
    /// contingencies.csv listing only a–c, only that outage is checked.
    @Test func islandingOutageIsSkippedWithAWarningAndTheListIsHonoured() throws {
        var b = DatasetBuilder()
        b.slice("s", hours: Self.hours)
        b.node("a")
        b.node("b")
        b.node("c")
        b.node("d")
        b.acLink("ab", "a", "b", capacity: 200, reactance: 0.01)
        b.acLink("bc", "b", "c", capacity: 200, reactance: 0.01)
        b.acLink("ac", "a", "c", capacity: 200, reactance: 0.01)
        b.acLink("cd", "c", "d", capacity: 200, reactance: 0.01)
        b.supply("cheap", at: "a", capacity: 300, cost: 10)
        b.consumer("load", electricity: "d", voll: 5000)
        b.demand("load", mw: 150)
        var dataset = b.build()
        dataset.info.security = .n1
        let o = try solve(dataset)
        let security = try #require(o.solve.security)
        #expect(security.contingenciesChecked == 3)
        #expect(security.skippedOutages == ["outage of link cd is not checked: it would island d (no post-contingency flow exists)"])
        // After a–c trips all 150 MW run a–b–c: within 200, so no row is needed.
        #expect(security.contingencyRowsAdded == 0 && abs(o.pairs[0].unservedMWh) < 1e-6)

        dataset.contingencies = [Contingency(link: "ac", origin: RecordOrigin(file: "contingencies.csv", line: 2), source: "test")]
        dataset.listsContingencies = true
        let listed = try #require(try solve(dataset).solve.security)
        #expect(listed.contingenciesChecked == 1 && listed.skippedOutages.isEmpty)
    }

    /// A line built in 2030 is out of the 2025 network (no cycle through it) and part of 2030's.
    @Test func lineBuiltMidHorizon() throws {
        var b = DatasetBuilder()
        b.years = [2025, 2030]
        b.slice("s", hours: Self.hours)
        b.node("a")
        b.node("b")
        b.node("c")
        b.acLink("ab", "a", "b", capacity: 200, reactance: 0.01)
        b.acLink("bc", "b", "c", capacity: 200, reactance: 0.01)
        b.acLink("ac", "a", "c", capacity: 80, reactance: 0.01, commissioned: 2030)
        b.supply("cheap", at: "a", capacity: 300, cost: 10)
        b.consumer("load", electricity: "c", voll: 5000)
        b.demand("load", mw: 150)
        let dataset = b.build()
        let run = AllocationRun(dataset: dataset, solver: GLPKSolver())
        let before = try run.solve(year: 2025)
        let after = try run.solve(year: 2030)
        #expect(before.solve.security?.kirchhoffCyclesPerTimeslice == 0 && after.solve.security?.kirchhoffCyclesPerTimeslice == 1)
        #expect(abs(flow(before, dataset, "bc") - 150) < 1e-6)
        // 2030: the triangle; a can send only 120 MW (80 direct, 40 round), 30 MW go unserved.
        #expect(abs(flow(after, dataset, "ac") - 80) < 1e-6 && abs(flow(after, dataset, "bc") - 40) < 1e-6)
        #expect(abs(after.pairs[0].unservedMWh - 30 * Self.hours) < 1e-3)
        #expect(before.pairs[0].unservedMWh < 1e-6)
    }
}
