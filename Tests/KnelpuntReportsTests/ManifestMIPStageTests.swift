// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import KnelpuntAnalysis
import KnelpuntData
import KnelpuntReports
import Testing

/// manifest.json carries a year's MIP stages (indivisible requests decided together) with their
/// LP bound and gap, and nothing when a year has none.
@Suite struct ManifestMIPStageTests {
    @Test func mipStagesAppearOnlyWhenAStageWasAMIP() throws {
        let plain = ReportFixture.manifest(ReportFixture.leximin).json()
        #expect(!plain.contains("mip_stages"))
        var outcomes = ReportFixture.leximin
        outcomes[0].solve.mipStages = [
            MIPStageRecord(
                stage: "step 1 (fewest refused indivisible requests)",
                requests: [RequestKey(project: "a-furnace", carrier: .electricity), RequestKey(project: "b-boiler", carrier: .electricity)],
                status: .optimal, objective: 1, lpBound: 5.0 / 3, relativeGap: 2.0 / 3, seconds: 0.01)
        ]
        let json = ReportFixture.manifest(outcomes).json()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let solves = try #require(object["solves"] as? [[String: Any]])
        let stages = try #require(solves[0]["mip_stages"] as? [[String: Any]])
        #expect(stages.count == 1)
        #expect(stages[0]["stage"] as? String == "step 1 (fewest refused indivisible requests)")
        #expect(stages[0]["requests"] as? [String] == ["a-furnace/electricity", "b-boiler/electricity"])
        #expect(stages[0]["status"] as? String == "optimal")
        #expect(abs((stages[0]["lp_bound"] as? Double ?? 0) - 5.0 / 3) < 1e-12)
        #expect(abs((stages[0]["relative_gap"] as? Double ?? 0) - 2.0 / 3) < 1e-12)
        #expect(solves.dropFirst().allSatisfy { $0["mip_stages"] == nil })
    }
}
