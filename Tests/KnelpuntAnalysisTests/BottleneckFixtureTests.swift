// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntAnalysis
import KnelpuntData
import KnelpuntGLPK
import KnelpuntLP
import KnelpuntModel
import Testing

@Suite struct BottleneckFixtureTests {
    /// Cheap power, a 30 MW electrolyser (efficiency 0.5) and a 20 MW hydrogen demand: the
    /// electrolyser delivers at most 15 MW, so 5 MW of hydrogen is unserved all year. One more MW
    /// of electrolyser input yields 0.5 MW of hydrogen worth VoLL 4,000 €/MWh: 2,000 €/MWh × 8,760 h.
    @Test func electrolyserBottleneckShowsOnTheConversion() throws {
        var b = DatasetBuilder()
        b.slice("all", hours: 8760, hour: 12)
        b.node("e")
        b.node("h", .hydrogen)
        b.supply("wind", at: "e", capacity: 500, cost: 10)
        b.conversion("ely", from: "e", to: "h", capacity: 30, efficiency: 0.5)
        b.consumer("steel", hydrogen: "h", voll: 4000)
        b.demand("steel", .hydrogen, mw: 20)
        let outcome = try AllocationRun(dataset: b.build(), solver: GLPKSolver()).solve(year: 2025)
        let ely = try #require(outcome.assets.first { $0.id == "ely" })
        #expect(ely.kind == .conversion)
        #expect(ely.isBottleneck)
        // d = (hydrogen price · 0.5 − electricity price) per MW-slice: (4000·0.5 − 10) · 8760.
        #expect(abs(ely.shadowValueEURPerMWYear - (4000 * 0.5 - 10) * 8760) < 1e-3)
        #expect(abs((ely.validUpToMW ?? 0) - 10) < 1e-6)
        #expect(ely.affectedConsumers == ["steel"])
        let pair = try #require(outcome.pairs.first)
        #expect(abs(pair.unservedMWh - 5 * 8760) < 1e-6)
        let wind = try #require(outcome.assets.first { $0.id == "wind" })
        #expect(!wind.isBottleneck)
    }

    /// Two nodes, a congested 50 MW line: the price difference across it equals VoLL − supply cost.
    @Test func congestedLinePriceDifferenceIsVoLLMinusSupplyCost() throws {
        var b = DatasetBuilder()
        b.slice("a", hours: 5000, hour: 3)
        b.slice("b", hours: 3760, hour: 15)
        b.node("gen")
        b.node("load")
        b.link("line", "load", "gen", capacity: 50) // drawn against the flow: flow is negative
        b.supply("plant", at: "gen", capacity: 200, cost: 40)
        b.consumer("c", electricity: "load", voll: 1500)
        b.demand("c", mw: 80)
        let outcome = try AllocationRun(dataset: b.build(), solver: GLPKSolver()).solve(year: 2025)
        let line = try #require(outcome.assets.first { $0.id == "line" })
        #expect(abs(line.shadowValueEURPerMWYear - (1500 - 40) * 8760) < 1e-3)
        #expect(abs(line.congestedHours - 8760) < 1e-9)
        #expect(abs((line.validUpToMW ?? 0) - 30) < 1e-6)
        #expect(line.flowMW.allSatisfy { abs($0 + 50) < 1e-9 })
        let load = try #require(outcome.nodes.first { $0.node == "load" })
        let gen = try #require(outcome.nodes.first { $0.node == "gen" })
        #expect(abs(load.meanPriceEURPerMWh - 1500) < 1e-6)
        #expect(abs(gen.meanPriceEURPerMWh - 40) < 1e-6)
        #expect(abs(outcome.pairs[0].unservedMWh - 30 * 8760) < 1e-6)
    }

    /// The independent verifier is not a formality: it catches a tampered allocation.
    @Test func verifierCatchesATamperedAllocation() throws {
        let dataset = DatasetBuilder.tiny()
        var outcome = try AllocationRun(dataset: dataset, solver: GLPKSolver()).solve(year: 2025)
        #expect(AllocationVerifier.check(outcome, dataset: dataset).isEmpty)
        var flow = outcome.linkFlowMW
        flow[0]![0] += 1
        outcome.linkFlowMW = flow
        let violations = AllocationVerifier.check(outcome, dataset: dataset)
        #expect(violations.contains { $0.contains("coast-port") })
        #expect(violations.contains { $0.contains("balance of port") })
        var flexed = try AllocationRun(dataset: dataset, solver: GLPKSolver()).solve(year: 2025)
        flexed.flex[0].curtailedMW[0] = 5 // winter-day is outside the flex window
        #expect(AllocationVerifier.check(flexed, dataset: dataset).contains { $0.contains("outside its window") })
    }
}
