// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntAnalysis
import KnelpuntData
import KnelpuntGLPK
import KnelpuntLP
import KnelpuntModel
import Testing

/// Hand-solved cases of the request view: grants in MW behind one 100 MW line from a cheap
/// supply at `src` to the requests at `load` (one slice of 8,760 h unless a case needs more).
@Suite struct RequestAllocationTests {
    /// `src` (1,000 MW at 10 €/MWh) — line `line` (100 MW) — `load`, where consumers a and b sit
    /// with no firm load unless a case adds some.
    static func corridor(slices: [(id: String, hours: Double, hour: Int?)] = [("year", 8760, 12)]) -> DatasetBuilder {
        var b = DatasetBuilder()
        for slice in slices { b.slice(slice.id, hours: slice.hours, hour: slice.hour) }
        b.node("src")
        b.node("load")
        b.link("line", "src", "load", capacity: 100)
        b.supply("plant", at: "src", capacity: 1000, cost: 10)
        b.consumer("a", electricity: "load", queue: "2020-01-01", voll: 3000)
        b.consumer("b", electricity: "load", queue: "2021-01-01", voll: 3000)
        return b
    }

    static func solve(_ dataset: Dataset, policy: AllocationPolicy, year: Int = 2025) throws -> YearOutcome {
        var options = AllocationOptions()
        options.view = .requests
        options.policy = policy
        return try AllocationRun(dataset: dataset, solver: GLPKSolver(), options: options).solve(year: year)
    }

    static func grant(_ outcome: YearOutcome, _ project: String) throws -> RequestOutcome {
        try #require(outcome.requests.first { $0.key.project.rawValue == project })
    }

    func twoRequests() -> DatasetBuilder {
        var b = Self.corridor()
        b.transition("a", project: "a-furnace", year: 2025, mw: 100, co2: 100)
        b.transition("b", project: "b-boiler", year: 2025, mw: 100, co2: 50)
        return b
    }

    @Test func firstComeFirstServedGivesTheEarlierRequestTheLine() throws {
        let o = try Self.solve(twoRequests().build(), policy: .fcfs)
        #expect(abs(try Self.grant(o, "a-furnace").grantedMW - 100) < 1e-6)
        let later = try Self.grant(o, "b-boiler")
        #expect(abs(later.grantedMW) < 1e-6)
        #expect(later.blockingAsset == "line")
        #expect(abs(later.co2AtRiskKt - 50) < 1e-6)
        #expect(abs(try Self.grant(o, "a-furnace").co2AtRiskKt) < 1e-6)
        #expect(o.requests.map(\.fcfsRank).sorted() == [1, 2])
    }

    @Test func leximinSplitsTheLine() throws {
        let o = try Self.solve(twoRequests().build(), policy: .leximin)
        #expect(abs(try Self.grant(o, "a-furnace").grantedMW - 50) < 1e-6)
        #expect(abs(try Self.grant(o, "b-boiler").grantedMW - 50) < 1e-6)
        // Half of each request is at risk.
        #expect(abs(try Self.grant(o, "a-furnace").co2AtRiskKt - 50) < 1e-6)
    }

    @Test func acmServesTierThreeFirst() throws {
        var b = twoRequests()
        b.consumers[1].priority = 3
        let o = try Self.solve(b.build(), policy: .acm)
        #expect(abs(try Self.grant(o, "b-boiler").grantedMW - 100) < 1e-6)
        #expect(abs(try Self.grant(o, "a-furnace").grantedMW) < 1e-6)
        #expect(try Self.grant(o, "b-boiler").tier == 3)
    }

    @Test func firmLoadIsServedBeforeAnyRequest() throws {
        var b = twoRequests()
        b.demand("a", mw: 120)
        let o = try Self.solve(b.build(), policy: .fcfs)
        let firm = try #require(o.pairs.first { $0.key.consumer == "a" })
        #expect(abs(firm.unservedMWh - 20 * 8760) < 1e-3)
        #expect(o.requests.allSatisfy { abs($0.grantedMW) < 1e-6 })
    }

    /// Firm load of 120 MW behind the 100 MW line: the 20 MW short fall on b, whose VoLL is
    /// lower (stage 0b), and stay there; a tier-1 request at the same node gets nothing.
    @Test func firmShortfallFollowsVoLLAndNoRequestTakesFromIt() throws {
        var b = Self.corridor()
        b.consumers[1].vollEURPerMWh = 2000
        b.consumer("c", electricity: "load", priority: 1, queue: "2019-01-01", voll: 90_000)
        b.demand("a", mw: 60)
        b.demand("b", mw: 60)
        b.transition("c", project: "c-datacentre", year: 2025, mw: 50, co2: 0)
        let o = try Self.solve(b.build(), policy: .acm)
        let short = try #require(o.pairs.first { $0.key.consumer == "b" })
        #expect(abs(short.unservedMWh - 20 * 8760) < 1e-3)
        #expect(abs(try #require(o.pairs.first { $0.key.consumer == "a" }).unservedMWh) < 1e-3)
        #expect(abs(try Self.grant(o, "c-datacentre").grantedMW) < 1e-6)
        #expect(try Self.grant(o, "c-datacentre").blockingAsset == "line")
        // The rule's firm hold (what the rule-order check holds): b's 20 MW short in the one
        // slice, a served; the grant's rule share is the one it was fixed at.
        let hold = try #require(o.firmHoldMW[short.key])
        #expect(hold.count == 1 && abs(hold[0] - 20) < 1e-6)
        let served = try #require(o.pairs.first { $0.key.consumer == "a" })
        #expect(abs(try #require(o.firmHoldMW[served.key])[0]) < 1e-6)
        let c = try Self.grant(o, "c-datacentre")
        #expect(abs(try #require(c.ruleShare) - c.grantedShare) <= 1e-9)
    }

    /// Peak slice (876 h): firm load 80 MW, off-peak (7,884 h): 20 MW, line 100 MW. A firm request
    /// fits 20 MW; a tdtr request with H = 500 h gets g with load g − z ≤ 20 in the peak, g ≤ 80
    /// off-peak and 876·z ≤ 500·g: z = g − 20, so 376·g = 17,520 and g = 46.5957… MW.
    @Test func tdtrGrantsMoreThanFirmOnALineCongestedInFewHours() throws {
        func build(_ product: RequestProduct, hours: Double?) throws -> YearOutcome {
            var b = Self.corridor(slices: [("peak", 876, 18), ("offpeak", 7884, 3)])
            b.profileNames = ["shape"]
            b.slices[0].profileValues = [0.8]
            b.slices[1].profileValues = [0.2]
            b.demand("a", mw: 100, profile: "shape")
            b.transition("b", project: "b-eboiler", year: 2025, mw: 100, co2: 10)
            b.transitions[0].product = product
            b.transitions[0].curtailHoursPerYear = hours
            return try Self.solve(b.build(), policy: .fcfs)
        }
        let firm = try Self.grant(build(.firm, hours: nil), "b-eboiler")
        #expect(abs(firm.grantedMW - 20) < 1e-6)
        let tdtr = try Self.grant(build(.tdtr, hours: 500), "b-eboiler")
        let expected = 17_520.0 / 376
        #expect(abs(tdtr.grantedMW - expected) < 1e-6)
        #expect(abs(tdtr.curtailedMWh - 500 * expected) < 1e-3)
        // With the default budget (1,314 h) it grows past 80 MW, curtailed off-peak too:
        // 876·(g − 20) + 7,884·(g − 80) = 1,314·g, so g = 648,240 / 7,446 = 87.0588… MW.
        let wide = try Self.grant(build(.tdtr, hours: nil), "b-eboiler")
        let wideExpected = 648_240.0 / 7_446
        #expect(abs(wide.grantedMW - wideExpected) < 1e-6)
        #expect(abs(wide.curtailedMWh - 1314 * wideExpected) < 1e-3)
        // Non-firm: no budget, so the whole 100 MW, curtailed by 80 MW in the peak and 20 MW
        // off-peak, and only there.
        let nonFirm = try Self.grant(build(.nonFirm, hours: nil), "b-eboiler")
        #expect(abs(nonFirm.grantedMW - 100) < 1e-6)
        #expect(abs(nonFirm.curtailedMWh - (876 * 80 + 7884 * 20)) < 1e-3)
    }

    /// Day (hour 12): firm load 80 MW; night (hour 2): 20 MW. A time-block request allowed only
    /// 0–6 takes load at night alone: 80 MW; a firm one 20 MW.
    @Test func timeBlockRequestUsesItsWindow() throws {
        var b = Self.corridor(slices: [("day", 4380, 12), ("night", 4380, 2)])
        b.profileNames = ["shape"]
        b.slices[0].profileValues = [0.8]
        b.slices[1].profileValues = [0.2]
        b.demand("a", mw: 100, profile: "shape")
        b.transition("b", project: "b-night", year: 2025, mw: 100, co2: 10)
        b.transitions[0].product = .timeBlock
        b.transitions[0].window = HourWindow(parsing: "0-6")
        let o = try Self.solve(b.build(), policy: .fcfs)
        let night = try Self.grant(o, "b-night")
        #expect(abs(night.grantedMW - 80) < 1e-6)
        #expect(abs(night.deliveredMWh - 80 * 4380) < 1e-3)
        #expect(abs(night.curtailedMWh) < 1e-9)
    }

    /// Firm load 30 MW at `load`: the first request (100 MW, indivisible from 80 MW) could get
    /// 70 MW only, so it is refused; the later 50 MW request then gets all of it.
    @Test func indivisibleRequestDropsToZero() throws {
        var b = twoRequests()
        b.demand("b", mw: 30)
        b.transitions[0].minMW = 80
        b.transitions[1].mw = 50
        let o = try Self.solve(b.build(), policy: .fcfs)
        #expect(abs(try Self.grant(o, "a-furnace").grantedMW) < 1e-9)
        #expect(abs(try Self.grant(o, "b-boiler").grantedMW - 50) < 1e-6)
        // Divisible, it would have taken the 70 MW.
        b.transitions[0].minMW = nil
        let divisible = try Self.solve(b.build(), policy: .fcfs)
        #expect(abs(try Self.grant(divisible, "a-furnace").grantedMW - 70) < 1e-6)
        #expect(abs(try Self.grant(divisible, "b-boiler").grantedMW) < 1e-6)
    }

    /// a and b share a 60 MW group contract; a's firm load is 20 MW, so b's 50 MW request gets 40.
    @Test func groupContractCapsTheMembers() throws {
        var b = Self.corridor()
        b.demand("a", mw: 20)
        b.transition("b", project: "b-boiler", year: 2025, mw: 50, co2: 10)
        b.consumers[0].groupContract = "g1"
        b.consumers[1].groupContract = "g1"
        var dataset = b.build()
        dataset.groupContracts = [
            GroupContract(
                id: "g1", name: "g1", capacityMW: 60, fromYear: 2025, toYear: nil, source: "test", origin: RecordOrigin(file: "test", line: 0))
        ]
        let o = try Self.solve(dataset, policy: .fcfs)
        #expect(abs(try Self.grant(o, "b-boiler").grantedMW - 40) < 1e-6)
    }

    /// Granted in full, but the CO2 transport it depends on is not in service: all of its CO2
    /// is at risk.
    @Test func dependsOnPutsCO2AtRiskAlthoughGranted() throws {
        var b = Self.corridor()
        b.transition("a", project: "a-ccs", year: 2025, mw: 10, co2: 200)
        b.projects.append(
            Project(
                id: "porthos", name: "Porthos", programme: "CCS", target: nil, capacityMW: 0, year: 2026, status: .construction,
                source: "test", origin: RecordOrigin(file: "test", line: 0)))
        b.transitions[0].dependsOn = "porthos"
        b.years = [2025, 2026]
        let before = try Self.grant(Self.solve(b.build(), policy: .acm, year: 2025), "a-ccs")
        #expect(abs(before.grantedMW - 10) < 1e-6)
        #expect(before.dependencyInService == false)
        #expect(abs(before.co2AtRiskKt - 200) < 1e-9)
        let after = try Self.grant(Self.solve(b.build(), policy: .acm, year: 2026), "a-ccs")
        #expect(after.dependencyInService == true)
        #expect(abs(after.co2AtRiskKt) < 1e-6)
    }

    /// The request view's outcome passes the independent verifier, and a grant pushed above
    /// what the line carries does not.
    @Test func verifierCatchesAnOvergrant() throws {
        let dataset = twoRequests().build()
        var o = try Self.solve(dataset, policy: .fcfs)
        #expect(AllocationVerifier.check(o, dataset: dataset).isEmpty)
        let index = try #require(o.requests.firstIndex { $0.key.project == "b-boiler" })
        o.requests[index].grantedMW = 10
        #expect(!AllocationVerifier.check(o, dataset: dataset).isEmpty)
    }

    /// Line of 100 MW; fcfs queue a 150 MW, b 50 MW, c 20 MW. The witness (maximise Σ g_r/R_r)
    /// grants c 20, b 50, a 30: a is not full there, so nothing is fixed. a's own stage gives it
    /// the whole line (100 MW, blocked by it); with the line full no later request can rise, and
    /// each is fixed at 0 by its own stage, without a witness before it (one would fix nothing).
    /// LP solves: firm load 1, witness 1, the three classes 3, final cost stage 1 = 6 (a witness
    /// before b and c made 8).
    @Test func queueBehindAFullLineNeedsNoWitnessPerClass() throws {
        var b = Self.corridor()
        b.consumer("c", electricity: "load", queue: "2022-01-01", voll: 3000)
        b.transition("a", project: "a-furnace", year: 2025, mw: 150, co2: 100)
        b.transition("b", project: "b-boiler", year: 2025, mw: 50, co2: 50)
        b.transition("c", project: "c-pump", year: 2025, mw: 20, co2: 10)
        let o = try Self.solve(b.build(), policy: .fcfs)
        #expect(abs(try Self.grant(o, "a-furnace").grantedMW - 100) < 1e-6)
        for project in ["b-boiler", "c-pump"] {
            #expect(abs(try Self.grant(o, project).grantedMW) < 1e-6)
            #expect(try Self.grant(o, project).blockingAsset == "line")
        }
        #expect(try Self.grant(o, "a-furnace").ruleStep == 2)
        #expect(try Self.grant(o, "b-boiler").ruleStep == 3)
        #expect(try Self.grant(o, "c-pump").ruleStep == 4)
        #expect(o.solve.lpSolves == 6)
    }

    /// Line of 100 MW; fcfs queue a 80 MW, b 10, c 10, d 30. The witness grants b, c and d in
    /// full and a 50 MW, so a gets a stage of its own: 80 MW, full. A run of full classes may
    /// follow, so a witness (or a's stage solution) fixes b and c at 10 MW; the line is then
    /// full and d gets 0. LP solves: at most the 6 of a witness before every class (firm load,
    /// witness, a, witness, d, final cost stage), 5 when a's solution already grants b and c.
    @Test func fullClassAfterAWitnessIsFollowedByAWitness() throws {
        var b = Self.corridor()
        b.consumer("c", electricity: "load", queue: "2022-01-01", voll: 3000)
        b.consumer("d", electricity: "load", queue: "2023-01-01", voll: 3000)
        b.transition("a", project: "a-furnace", year: 2025, mw: 80, co2: 100)
        b.transition("b", project: "b-boiler", year: 2025, mw: 10, co2: 50)
        b.transition("c", project: "c-pump", year: 2025, mw: 10, co2: 10)
        b.transition("d", project: "d-kiln", year: 2025, mw: 30, co2: 10)
        let o = try Self.solve(b.build(), policy: .fcfs)
        for (project, mw) in [("a-furnace", 80.0), ("b-boiler", 10), ("c-pump", 10), ("d-kiln", 0)] {
            #expect(abs(try Self.grant(o, project).grantedMW - mw) < 1e-6, "\(project)")
        }
        #expect(try Self.grant(o, "d-kiln").blockingAsset == "line")
        #expect((5...6).contains(o.solve.lpSolves))
    }
}
