// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntAnalysis
import KnelpuntData
import KnelpuntGLPK
import KnelpuntLP
import KnelpuntModel
import Testing

/// The capacity map by timeslice (``CapacityMapMethod/sliced``, the default) against every probe
/// solved as one LP of the whole year (``CapacityMapMethod/monolithic``): the same MW within
/// 1e-6, by hand where the case is small, with the probes the slices certify and the ones they
/// leave to the whole-year LP counted.
@Suite struct CapacityMapSlicedTests {
    static func solve(_ dataset: Dataset, method: CapacityMapMethod, policy: AllocationPolicy = .acm, year: Int = 2025) throws -> YearOutcome {
        var options = AllocationOptions()
        options.view = .requests
        options.policy = policy
        options.capacityMap = true
        options.capacityMapMethod = method
        return try AllocationRun(dataset: dataset, solver: GLPKSolver(), options: options).solve(year: year)
    }

    /// Both methods on `dataset`: equal maps (MW within 1e-6, same colours); returns the sliced
    /// outcome.
    @discardableResult
    static func expectSameMaps(_ dataset: Dataset, _ label: String, policy: AllocationPolicy = .acm) throws -> YearOutcome {
        let sliced = try solve(dataset, method: .sliced, policy: policy)
        let monolithic = try solve(dataset, method: .monolithic, policy: policy)
        #expect(sliced.capacityMap.count == monolithic.capacityMap.count, "\(label)")
        for (a, b) in zip(sliced.capacityMap, monolithic.capacityMap) {
            #expect(
                abs(a.availableOfftakeMW - b.availableOfftakeMW) <= 1e-6,
                "\(label): offtake at \(a.node): \(a.availableOfftakeMW) vs \(b.availableOfftakeMW)")
            #expect(
                abs(a.availableInfeedMW - b.availableInfeedMW) <= 1e-6,
                "\(label): infeed at \(a.node): \(a.availableInfeedMW) vs \(b.availableInfeedMW)")
        }
        #expect(monolithic.solve.capacityMapProbesMonolithic == 2 * monolithic.capacityMap.count, "\(label)")
        #expect(monolithic.solve.capacityMapProbesCertified == 0, "\(label)")
        #expect(monolithic.solve.capacityMapProbesSharedDual == 0, "\(label)")
        #expect(monolithic.solve.capacityMapProbesDecomposed == 0, "\(label)")
        #expect(
            sliced.solve.capacityMapProbesCertified + sliced.solve.capacityMapProbesSharedDual + sliced.solve.capacityMapProbesDecomposed
                + sliced.solve.capacityMapProbesMonolithic == 2 * sliced.capacityMap.count, "\(label)")
        return sliced
    }

    /// The hand-solved chains of ``CapacityMapTests``: one slice, no coupling rows, so every
    /// probe is certified by its slice.
    @Test func handSolvedChainsAreCertifiedBySlices() throws {
        for requestMW in [30.0, 50] {
            let o = try Self.expectSameMaps(CapacityMapTests.chain(requestMW: requestMW).build(), "chain \(requestMW)")
            #expect(o.solve.capacityMapProbesCertified == 6)
            #expect(o.solve.capacityMapProbesMonolithic == 0)
            #expect(o.capacityMap.allSatisfy { $0.offtakeLimitingTimeslice == 0 && $0.infeedLimitingTimeslice == 0 })
        }
        let o = try Self.solve(CapacityMapTests.chain().build(), method: .sliced)
        let load = try CapacityMapTests.node(o, "load")
        #expect(abs(load.availableOfftakeMW - 20) < 1e-6)
        #expect(abs(load.availableInfeedMW - 110) < 1e-6)
    }

    /// The flex-budget case below: two slices of 4,380 h; src (plant 1,000 MW, 10 €/MWh) — line
    /// a 100 MW — `load`, where consumer c has 80 MW of firm load, a 10 MW request and 30 MW of
    /// flex for at most 2,190 h; each of `branches` hangs off `load` on a 1,000 MW line.
    static func flexBudgetCase(at load: String, branches: [String] = []) -> DatasetBuilder {
        var b = DatasetBuilder()
        b.slice("day", hours: 4380, hour: 12)
        b.slice("night", hours: 4380, hour: 0)
        for node in ["src", load] + branches { b.node(node) }
        b.link("a", "src", load, capacity: 100)
        for (k, branch) in branches.enumerated() { b.link("b\(k + 1)", load, branch, capacity: 1000) }
        b.supply("plant", at: "src", capacity: 1000, cost: 10)
        b.consumer("c", electricity: load, queue: "2020-01-01", voll: 3000)
        b.demand("c", mw: 80)
        b.transition("c", project: "c-boiler", year: 2025, mw: 10, co2: 1)
        b.flex("c", maxMW: 30, maxHours: 2190, cost: 100)
        return b
    }

    /// A flex budget that binds the probe (by hand). Two slices of 4,380 h; src (plant 1,000 MW,
    /// 10 €/MWh) — line 100 MW — load (firm load c 80 MW, request 10 MW, granted). c's flex:
    /// 30 MW for at most 2,190 h, i.e. 4,380·(z₁ + z₂) ≤ 30·2,190 MWh: z₁ + z₂ ≤ 15 MW.
    ///
    /// - offtake at load: each slice alone allows 100 − 90 + 30 = 40 MW, but the year
    ///   y ≤ 10 + z_t with z₁ + z₂ ≤ 15 gives 17.5 MW: the slices cannot certify it (the whole
    ///   year's LP answers, solved by timeslice with the probe split into one copy per slice);
    /// - offtake at src: 1,000 − 90 + 7.5 = 917.5 MW, likewise;
    /// - infeed: 90 MW at either node (the plant backs off to 0; only c's 90 MW take it), no
    ///   flex needed: certified by the slices.
    @Test func aBindingFlexBudgetFallsBackToTheWholeYear() throws {
        let o = try Self.expectSameMaps(Self.flexBudgetCase(at: "load").build(), "flex budget")
        #expect(abs(try #require(o.requests.first).grantedMW - 10) < 1e-6)
        let expected: [(String, offtake: Double, infeed: Double)] = [("src", 917.5, 90), ("load", 17.5, 90)]
        for (id, offtake, infeed) in expected {
            let node = try CapacityMapTests.node(o, id)
            #expect(abs(node.availableOfftakeMW - offtake) < 1e-6, "offtake at \(id)")
            #expect(abs(node.availableInfeedMW - infeed) < 1e-6, "infeed at \(id)")
            #expect(node.offtakeLimitingTimeslice == nil, "\(id): solved as one LP")
            #expect(node.infeedLimitingTimeslice != nil, "\(id): certified by a slice")
        }
        #expect(o.solve.capacityMapProbesDecomposed == 2)
        #expect(o.solve.capacityMapProbesMonolithic == 0)
        #expect(o.solve.capacityMapProbesCertified == 2)
    }

    /// Probes that share one limit (by hand): the flex-budget case above with the load at a hub
    /// and two more load nodes behind it on 1,000 MW lines. The offtake at hub, l1 and l2 is
    /// 17.5 MW each (the year's flex budget behind line a), which the slices cannot certify. The
    /// hub's probe is solved as one LP (by timeslice, split); its duals price l1's and l2's probe columns the same
    /// (nothing congests between them), so they bound both at 17.5 MW, and the decomposed LP
    /// with each probe fixed at 17.5 MW is feasible: both certified without an LP of the whole
    /// year (``SharedDualCertificate``).
    @Test func probesBehindOneLimitShareTheFirstProbesDuals() throws {
        let b = Self.flexBudgetCase(at: "hub", branches: ["l1", "l2"])
        let o = try Self.expectSameMaps(b.build(), "shared limit")
        for id in ["hub", "l1", "l2"] {
            let node = try CapacityMapTests.node(o, id)
            #expect(abs(node.availableOfftakeMW - 17.5) < 1e-6, "offtake at \(id)")
            #expect(node.offtakeLimitingTimeslice == nil, "\(id): not certified by a slice")
        }
        #expect(abs(try CapacityMapTests.node(o, "src").availableOfftakeMW - 917.5) < 1e-6)
        #expect(o.solve.capacityMapProbesSharedDual == 2)
        #expect(o.solve.capacityMapProbesDecomposed == 2)
        #expect(o.solve.capacityMapProbesMonolithic == 0)
        // The verifier re-proves every value with its own LPs (the default solve verifies).
        #expect(
            try AllocationRun.capacityMapViolations(
                o, dataset: b.build(), solver: GLPKSolver(),
                options: {
                    var options = AllocationOptions()
                    options.view = .requests
                    options.policy = .acm
                    options.capacityMap = true
                    return options
                }()
            ).isEmpty)
    }

    /// A tdtr request whose curtailment budget binds the probe (by hand). Same two slices and
    /// line, c's firm load 60 MW, and a tdtr request of 40 MW with 1,095 curtailment hours:
    /// 4,380·(z₁ + z₂) ≤ 1,095·40 MWh, z₁ + z₂ ≤ 10 MW. Offtake at load: y ≤ 100 − 100 + z_t,
    /// so each slice alone allows 10 MW and the year 5 MW: the whole year's LP answers, by
    /// timeslice with the probe split into one copy per slice.
    @Test func aBindingTdtrBudgetFallsBackToTheWholeYear() throws {
        var b = DatasetBuilder()
        b.slice("day", hours: 4380, hour: 12)
        b.slice("night", hours: 4380, hour: 0)
        b.node("src")
        b.node("load")
        b.link("a", "src", "load", capacity: 100)
        b.supply("plant", at: "src", capacity: 1000, cost: 10)
        b.consumer("c", electricity: "load", queue: "2020-01-01", voll: 3000)
        b.demand("c", mw: 60)
        var dataset = b.build()
        dataset.transitions.append(
            TransitionProject(
                consumer: ConsumerID("c"), project: TransitionID("c-tdtr"), carrier: .electricity, year: 2025, mw: 40, profile: nil,
                co2AvoidedKtPerYear: 1, product: .tdtr, curtailHoursPerYear: 1095, source: "test", origin: RecordOrigin(file: "test", line: 0)))
        let o = try Self.expectSameMaps(dataset, "tdtr budget")
        #expect(abs(try #require(o.requests.first).grantedMW - 40) < 1e-6)
        let load = try CapacityMapTests.node(o, "load")
        #expect(abs(load.availableOfftakeMW - 5) < 1e-6)
        #expect(load.offtakeLimitingTimeslice == nil)
        #expect(o.solve.capacityMapProbesDecomposed >= 1)
    }

    /// Random networks with 6–24 slices and flex budgets that bind
    /// (``DecompositionExactnessTests/randomNetwork(seed:)``), with three requests each: the
    /// same map both ways. Seeds fixed.
    @Test(arguments: 1...8) func randomNetworksGiveTheSameMap(seed: Int) throws {
        var dataset = DecompositionExactnessTests.randomNetwork(seed: UInt64(seed) &* 7_919)
        Self.addRequests(to: &dataset, seed: seed)
        try Self.expectSameMaps(dataset, "seed \(seed)")
    }

    /// Random meshed grids under N-1 (``PowerFlowPropertyTests/randomGrid(seed:)``), with
    /// requests: the slices' lazy N-1 loops give the same map as the whole-year LP's.
    @Test(arguments: 0..<6) func randomGridsUnderNMinusOneGiveTheSameMap(seed: Int) throws {
        var dataset = PowerFlowPropertyTests.randomGrid(seed: seed)
        Self.addRequests(to: &dataset, seed: seed)
        try Self.expectSameMaps(dataset, "N-1 seed \(seed)")
    }

    /// Three firm requests on electricity consumers of `dataset`, of 10–60 MW.
    static func addRequests(to dataset: inout Dataset, seed: Int) {
        var random = SplitMix64(seed: 2025, stream: seed)
        let consumers = dataset.consumers.filter { $0.electricityNode != nil }
        guard !consumers.isEmpty else { return }
        for k in 0..<3 {
            let consumer = consumers[Int(random.next() % UInt64(consumers.count))]
            dataset.transitions.append(
                TransitionProject(
                    consumer: consumer.id, project: TransitionID("r\(k)"), carrier: .electricity, year: 2025, mw: 10 + 50 * random.uniform(),
                    profile: nil, co2AvoidedKtPerYear: 1, requestDate: CalendarDate(iso: "2021-0\(k + 1)-01"),
                    source: "test",
                    origin: RecordOrigin(file: "test", line: 0)))
        }
    }
}
