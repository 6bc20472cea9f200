// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntAnalysis
import KnelpuntData
import KnelpuntGLPK
import KnelpuntLP
import KnelpuntModel
import Testing

/// The capacity map by hand on a 3-node chain (one slice of 8,760 h):
///
///     src (plant 1,000 MW, 10 €/MWh; firm load s 200 MW)
///       — line a 100 MW —  mid (firm load m 30 MW)
///       — line b  60 MW —  load (local plant 10 MW, 50 €/MWh; firm load c 20 MW, request c 30 MW firm)
///
/// The request is granted in full (line b 60 MW + local 10 MW ≥ 20 + 30). Then, with every firm
/// load served and the grant held:
///
/// - offtake at load: 20 + 30 + y ≤ 60 + 10 → 20 MW; at mid: 30 + y + (50 − 10) ≤ 100 → 30 MW;
///   at src: the plant's 1,000 MW less 200 + 30 + 40 → 730 MW;
/// - infeed (the plants back off to 0): at src all load, 200 + 30 + 50 = 280 MW (line a carries
///   80 ≤ 100); at mid 100 to src + 30 + 50 to load = 180 MW; at load its own 50 + 60 on line b
///   = 110 MW.
@Suite struct CapacityMapTests {
    static func chain(requestMW: Double = 30) -> DatasetBuilder {
        var b = DatasetBuilder()
        b.slice("year", hours: 8760, hour: 12)
        b.node("src")
        b.node("mid")
        b.node("load")
        b.link("a", "src", "mid", capacity: 100)
        b.link("b", "mid", "load", capacity: 60)
        b.supply("plant", at: "src", capacity: 1000, cost: 10)
        b.supply("local", at: "load", capacity: 10, cost: 50)
        b.consumer("s", electricity: "src", queue: "2020-01-01", voll: 3000)
        b.consumer("m", electricity: "mid", queue: "2020-01-01", voll: 3000)
        b.consumer("c", electricity: "load", queue: "2020-01-01", voll: 3000)
        b.demand("s", mw: 200)
        b.demand("m", mw: 30)
        b.demand("c", mw: 20)
        b.transition("c", project: "c-furnace", year: 2025, mw: requestMW, co2: 10)
        return b
    }

    static func solve(_ dataset: Dataset, capacityMap: Bool, policy: AllocationPolicy = .acm) throws -> YearOutcome {
        var options = AllocationOptions()
        options.view = .requests
        options.policy = policy
        options.capacityMap = capacityMap
        return try AllocationRun(dataset: dataset, solver: GLPKSolver(), options: options).solve(year: 2025)
    }

    static func node(_ outcome: YearOutcome, _ id: String) throws -> NodeCapacity {
        try #require(outcome.capacityMap.first { $0.node.rawValue == id })
    }

    @Test func threeNodeChainByHand() throws {
        let o = try Self.solve(Self.chain().build(), capacityMap: true)
        #expect(abs(try #require(o.requests.first).grantedMW - 30) < 1e-6)
        #expect(o.capacityMap.map(\.node.rawValue) == ["src", "mid", "load"])
        let expected: [(String, offtake: Double, infeed: Double)] = [("src", 730, 280), ("mid", 30, 180), ("load", 20, 110)]
        for (id, offtake, infeed) in expected {
            let node = try Self.node(o, id)
            #expect(abs(node.availableOfftakeMW - offtake) < 1e-6, "offtake at \(id)")
            #expect(abs(node.availableInfeedMW - infeed) < 1e-6, "infeed at \(id)")
            #expect(node.carrier == .electricity)
        }
        #expect(try Self.node(o, "load").offtakeColour == .yellow)
        #expect(try Self.node(o, "src").offtakeColour == .green)
        #expect(o.solve.capacityMapLPSolves >= 6)
    }

    /// A 50 MW request fills line b and the local plant (20 + 50 = 60 + 10): nothing is left at
    /// load, which is red; mid keeps 100 − 30 − 60 = 10 MW (yellow), infeed at load only 0 + 60
    /// on line b + its own 70 = 130 MW.
    @Test func aFullNodeIsRed() throws {
        let o = try Self.solve(Self.chain(requestMW: 50).build(), capacityMap: true)
        #expect(abs(try #require(o.requests.first).grantedMW - 50) < 1e-6)
        let load = try Self.node(o, "load")
        #expect(abs(load.availableOfftakeMW) < 1e-6)
        #expect(load.offtakeColour == .red)
        #expect(abs(try Self.node(o, "mid").availableOfftakeMW - 10) < 1e-6)
        #expect(try Self.node(o, "mid").offtakeColour == .yellow)
        #expect(abs(load.availableInfeedMW - 130) < 1e-6)
    }

    /// The probes run after the final stage on a copy of its model: grants, costs, unserved
    /// energy and flows are the same with and without the map.
    @Test func probesDoNotChangeTheAllocation() throws {
        for policy in [AllocationPolicy.acm, .leximin, .cost] {
            var b = Self.chain(requestMW: 45)
            b.transition("m", project: "m-boiler", year: 2025, mw: 40, co2: 5)
            let dataset = b.build()
            let without = try Self.solve(dataset, capacityMap: false, policy: policy)
            let with = try Self.solve(dataset, capacityMap: true, policy: policy)
            #expect(without.capacityMap.isEmpty)
            #expect(with.capacityMap.count == 3)
            #expect(with.requests == without.requests, "\(policy)")
            #expect(with.costEUR == without.costEUR, "\(policy)")
            #expect(with.pairs == without.pairs, "\(policy)")
            #expect(with.linkFlowMW == without.linkFlowMW, "\(policy)")
        }
    }

    @Test func coloursFollowTheThresholds() {
        let thresholds = CapacityColourThresholds()
        #expect(thresholds.colour(availableMW: 0) == .red)
        #expect(thresholds.colour(availableMW: 0.999) == .red)
        #expect(thresholds.colour(availableMW: 1) == .orange)
        #expect(thresholds.colour(availableMW: 9.99) == .orange)
        #expect(thresholds.colour(availableMW: 10) == .yellow)
        #expect(thresholds.colour(availableMW: 99.9) == .yellow)
        #expect(thresholds.colour(availableMW: 100) == .green)
        #expect(thresholds.colour(availableMW: 100 - 1e-9) == .green) // written as 100.000
        #expect(thresholds.colour(availableMW: 99.9994) == .yellow) // written as 99.999
    }
}

/// The verifier's re-check of the map (``AllocationRun`` runs it with `verify`, the default):
/// a map edited up or down is caught.
@Suite struct CapacityMapCheckTests {
    @Test func anEditedMapFailsTheCheck() throws {
        let dataset = CapacityMapTests.chain().build()
        var options = AllocationOptions()
        options.view = .requests
        options.policy = .acm
        options.capacityMap = true
        let outcome = try AllocationRun(dataset: dataset, solver: GLPKSolver(), options: options).solve(year: 2025)
        #expect(try AllocationRun.capacityMapViolations(outcome, dataset: dataset, solver: GLPKSolver(), options: options).isEmpty)
        var higher = outcome
        higher.capacityMap[2].availableOfftakeMW = 21 // load: 20 by hand
        let tooHigh = try AllocationRun.capacityMapViolations(higher, dataset: dataset, solver: GLPKSolver(), options: options)
        #expect(tooHigh.count == 1)
        #expect(tooHigh.first?.contains("not feasible") == true)
        var lower = outcome
        lower.capacityMap[1].availableInfeedMW = 179 // mid: 180 by hand
        let tooLow = try AllocationRun.capacityMapViolations(lower, dataset: dataset, solver: GLPKSolver(), options: options)
        #expect(tooLow.count == 1)
        #expect(tooLow.first?.contains("above the reported") == true)
        var negative = outcome
        negative.capacityMap[0].availableInfeedMW = -1
        #expect(try AllocationRun.capacityMapViolations(negative, dataset: dataset, solver: GLPKSolver(), options: options).count == 1)
    }
}
