// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing

@Suite("eop.csv of solve (issue 15)")
struct EoPCommandTests {
    /// The queue fixture (one 100 MW line, flat load, one slice) with three requests from 2025:
    /// a-furnace 60 MW (100 kt, 2020-01-01) and a-later 30 MW (20 kt, 2022-01-01) of `alpha-eop`
    /// (claim 150 kt), b-boiler 100 MW (50 kt, 2021-01-01) of `beta-eop` (claim 70 kt). By hand
    /// under `acm` (first come, first served): a-furnace gets its 60 MW (full), b-boiler the other
    /// 40 MW (part), a-later nothing. alpha-eop: 2 requests, 90 MW asked, 60 granted, 120 kt
    /// planned = 100 full + 0 part + 20 none, at risk 20 kt; beta-eop: 1 request, 100 MW, 40
    /// granted, 50 kt planned, all in part, at risk 50 × (1 − 40/100) = 30 kt.
    @Test func eopCSVSplitsTheClaimedCO2ByGrant() throws {
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let dataset = folder.appendingPathComponent("queue")
        try QueueFixture.write(
            to: dataset, description: "Three requests in two EoPs behind one line", years: "2025",
            projects: "id,name,programme,target,capacity_mw,year,status,source\n")
        try """
        consumer,project,carrier,year,mw,profile,co2_avoided_kt_per_year,request_date,eop,source
        a,a-furnace,electricity,2025,60,,100,,alpha-eop,invented
        a,a-later,electricity,2025,30,,20,2022-01-01,alpha-eop,invented
        b,b-boiler,electricity,2025,100,,50,,beta-eop,invented

        """.write(to: dataset.appendingPathComponent("transition.csv"), atomically: true, encoding: .utf8)
        try """
        id,company,stage,date,co2_reduction_kt_per_year,source
        alpha-eop,Alpha Steel,eop,2022-07-15,150,invented
        beta-eop,Beta Chemicals,jloi,2023-01-26,70,invented

        """.write(to: dataset.appendingPathComponent("eops.csv"), atomically: true, encoding: .utf8)
        let out = folder.appendingPathComponent("out")
        let run = CLI.run(["solve", dataset.path, "--out", out.path, "--quiet"])
        #expect(run.status == 0, "\(run.stderr)")
        let file = out.appendingPathComponent("eop.csv")
        #expect(
            try RequestScenarioCommandTests.header(file) == [
                "year", "policy", "eop", "company", "stage", "date", "claimed_co2_kt_per_year", "requests", "requested_mw", "granted_mw",
                "co2_planned_kt", "co2_granted_full_kt", "co2_granted_part_kt", "co2_granted_none_kt", "co2_at_risk_kt",
            ])
        let rows = try RequestScenarioCommandTests.rows(file)
        #expect(rows.map { $0["eop"] } == ["alpha-eop", "beta-eop"])
        #expect(rows.map { $0["year"] } == ["2025", "2025"] && rows.map { $0["policy"] } == ["acm", "acm"])
        #expect(rows.map { $0["stage"] } == ["eop", "jloi"] && rows.map { $0["requests"] } == ["2", "1"])
        let expected: [[String: Double]] = [
            [
                "claimed_co2_kt_per_year": 150, "requested_mw": 90, "granted_mw": 60, "co2_planned_kt": 120, "co2_granted_full_kt": 100,
                "co2_granted_part_kt": 0, "co2_granted_none_kt": 20, "co2_at_risk_kt": 20,
            ],
            [
                "claimed_co2_kt_per_year": 70, "requested_mw": 100, "granted_mw": 40, "co2_planned_kt": 50, "co2_granted_full_kt": 0,
                "co2_granted_part_kt": 50, "co2_granted_none_kt": 0, "co2_at_risk_kt": 30,
            ],
        ]
        for (row, values) in zip(rows, expected) {
            for (column, value) in values.sorted(by: { $0.key < $1.key }) {
                RequestScenarioCommandTests.expectNumber(row[column], value, tolerance: 1e-3, "\(row["eop"] ?? "?") \(column)")
            }
        }
    }

    @Test func noEoPFileWritesNoEoPCSV() throws {
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let dataset = folder.appendingPathComponent("queue")
        try QueueFixture.write(
            to: dataset, description: "No EoPs", years: "2025", projects: "id,name,programme,target,capacity_mw,year,status,source\n")
        let out = folder.appendingPathComponent("out")
        let run = CLI.run(["solve", dataset.path, "--out", out.path, "--quiet"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("eop.csv").path))
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("requests.csv").path))
    }
}
