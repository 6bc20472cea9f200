// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntData
import KnelpuntModel
import Testing

@testable import KnelpuntAnalysis

/// The national shed of dataset.toml `adequacy = "apart"` (``NationalAdequacy``) and its
/// independent re-check in the verifier, on the case of AdequacyCommandTests (by hand there):
/// α(peak) = 0.1875, α(rest) = 0, grant 40 MW on the line.
@Suite struct AdequacyVerifierTests {
    static func dataset(_ mode: AdequacyMode) -> Dataset {
        var b = DatasetBuilder()
        b.profileNames = ["avail"]
        b.slice("peak", hours: 100, hour: 18, profiles: [0.6])
        b.slice("rest", hours: 8660, hour: 12, profiles: [1])
        b.node("gen")
        b.node("town")
        b.node("h2", .hydrogen)
        b.link("line", "gen", "town", capacity: 100)
        b.supply("plant", at: "gen", capacity: 150, cost: 10, profile: "avail")
        b.supply("local", at: "town", capacity: 40, cost: 20)
        // Hydrogen supply is not electricity supply: it must not enter S(t).
        b.supply("h2-import", at: "h2", capacity: 1000, cost: 30)
        b.consumer("pub", electricity: "town", group: .public, queue: "2000-01-01", voll: 3000)
        b.consumer("a", electricity: "town", hydrogen: "h2", queue: "2020-01-01", voll: 3000)
        b.demand("pub", mw: 100)
        b.transition("a", project: "a-furnace", year: 2025, mw: 60, co2: 100)
        // A hydrogen request is not electricity load: it must not enter L(t).
        b.transition("a", project: "a-h2", .hydrogen, year: 2025, mw: 500, co2: 10)
        var dataset = b.build()
        dataset.info.adequacy = mode
        return dataset
    }

    @Test func shedShareByHand() throws {
        let view = Self.dataset(.apart).view(year: 2025, allocation: .requests)
        let adequacy = try #require(view.adequacy)
        #expect(adequacy.loadMW == [160, 160])
        #expect(adequacy.supplyMW == [130, 190])
        #expect(adequacy.shedShare == [0.1875, 0])
        #expect(adequacy.shedMWh(weightsHours: [100, 8660]) == 3000)
        #expect(adequacy.shedHours(weightsHours: [100, 8660]) == 100)
        let pub = try #require(view.pairs.first { $0.key.consumer.rawValue == "pub" })
        #expect(pub.demandMW == [81.25, 100])
        let furnace = try #require(view.requests.first { $0.key.project.rawValue == "a-furnace" })
        #expect(furnace.loadPerMW == [0.8125, 1])
        let hydrogen = try #require(view.requests.first { $0.key.project.rawValue == "a-h2" })
        #expect(hydrogen.loadPerMW == [1, 1], "hydrogen load is not shed")
        #expect(Self.dataset(.inGrants).view(year: 2025, allocation: .requests).adequacy == nil)
        #expect(Self.dataset(.apart).view(year: 2025, allocation: .energy).adequacy == nil, "the energy view is not shed")
    }

    @Test func verifierRechecksTheShed() throws {
        let dataset = Self.dataset(.apart)
        let outcome = try RequestAllocationTests.solve(dataset, policy: .acm)
        let furnace = try RequestAllocationTests.grant(outcome, "a-furnace")
        #expect(abs(furnace.grantedMW - 40) < 1e-6)
        #expect(AllocationVerifier.check(outcome, dataset: dataset).isEmpty)
        // Checked against the unshed loads, the same allocation leaves town short at the peak.
        #expect(!AllocationVerifier.check(outcome, dataset: Self.dataset(.inGrants)).isEmpty)
        // A grant above what the line carries after the shed is caught.
        var tampered = outcome
        let r = try #require(tampered.requests.firstIndex { $0.key.project.rawValue == "a-furnace" })
        tampered.requests[r].grantedMW = 45
        #expect(!AllocationVerifier.check(tampered, dataset: dataset).isEmpty)
    }
}
