// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing

/// `knelpunt explain` on a queue solved by hand: a plant at `gen` (`supplyMW`, 10 €/MWh), one
/// 100 MW line `line` to `town`, one flat slice of 8,760 h, no firm load; Alpha Steel asked 100 MW
/// (a-furnace, 2020) before Beta Chemicals asked 100 MW (b-boiler, 2021). The MIEK project
/// line-upgrade adds 100 MW to the line from 2026. Under fcfs in 2025 a-furnace takes the whole
/// line, so b-boiler gets 0 MW; one MW more on the line gives it one MW (1 MW/MW), and a full
/// grant needs +100 MW on the line. In 2026 both are full.
@Suite struct ExplainCommandTests {
    static func queueDataset(supplyMW: Double = 1000) throws -> URL {
        let folder = try CLI.temporaryDirectory().appendingPathComponent("queue")
        try QueueFixture.write(
            to: folder, description: "Hand-solvable queue for knelpunt explain", years: "2025-2026", supplyMW: supplyMW,
            projects: """
                id,name,programme,target,capacity_mw,year,status,source
                line-upgrade,Second circuit gen to town,MIEK 2023,line,100,2026,planned,invented

                """)
        return folder
    }

    static func rows(_ csv: String) -> [[String: String]] {
        let lines = csv.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        guard let header = lines.first else { return [] }
        return lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
    }

    @Test func theLaterRequestIsBlockedByTheLineAndNeedsOneHundredMW() throws {
        let dataset = try Self.queueDataset()
        defer { try? FileManager.default.removeItem(at: dataset.deletingLastPathComponent()) }
        let csv = dataset.deletingLastPathComponent().appendingPathComponent("explain.csv")
        let run = CLI.run(["explain", "b-boiler", dataset.path, "--policy", "fcfs", "--out", csv.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("Request b-boiler/electricity of Beta Chemicals (b): 100.0 MW firm, rule fcfs"))
        #expect(run.stdout.contains("2025: granted 0.0 MW of 100.0 MW (0.0 %), short 100.0 MW; queue place 2"))
        #expect(run.stdout.contains("1 request ahead held (a-furnace/electricity)"))
        #expect(run.stdout.contains("line (link, 100.0 MW): 1.000 MW/MW"))
        #expect(run.stdout.contains("relieved from 2026 by line-upgrade \"Second circuit gen to town\" (MIEK 2023, planned): +100.0 MW"))
        #expect(run.stdout.contains("a full grant needs +100.0 MW on line (exact"))
        #expect(run.stdout.contains("the rule then grants it in full"))
        #expect(run.stdout.contains("2026: granted in full (100.0 MW)"))
        let rows = Self.rows(try String(contentsOf: csv, encoding: .utf8))
        #expect(rows.count == 2)
        let first = try #require(rows.first)
        #expect(first["year"] == "2025" && first["asset"] == "line" && first["relief_projects"] == "line-upgrade@2026")
        #expect(abs(Double(first["granted_mw"] ?? "") ?? -1) <= 1e-6)
        #expect(abs((Double(first["grant_mw_per_mw"] ?? "") ?? 0) - 1) <= 1e-6)
        #expect(abs((Double(first["extra_mw_for_full_grant"] ?? "") ?? 0) - 100) <= 1e-3)
        #expect(abs((Double(first["rule_grant_mw_at_extra"] ?? "") ?? 0) - 100) <= 1e-3)
        #expect(first["extra_exact"] == "true")
        #expect(rows.last?["year"] == "2026" && rows.last?["asset"] == "")
    }

    /// The first request is never short: it is granted in full in both years, with no LP of its own.
    @Test func aFullyGrantedRequestHasNothingToExplain() throws {
        let dataset = try Self.queueDataset()
        defer { try? FileManager.default.removeItem(at: dataset.deletingLastPathComponent()) }
        let run = CLI.run(["explain", "a-furnace", dataset.path, "--policy", "fcfs", "--year", "2025"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("2025: granted in full (100.0 MW), queue place 1, no tier"))
        #expect(!run.stdout.contains("2026"))
    }

    /// With the plant at 150 MW, 100 MW more on the line gives b-boiler only the 50 MW the plant
    /// has left: Newton's second step finds the line worth 0 MW/MW, so no amount on it alone
    /// suffices.
    @Test func anotherCapacityTakesOverBeforeTheGrantIsFull() throws {
        let dataset = try Self.queueDataset(supplyMW: 150)
        defer { try? FileManager.default.removeItem(at: dataset.deletingLastPathComponent()) }
        let run = CLI.run(["explain", "b-boiler", dataset.path, "--policy", "fcfs", "--year", "2025"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("no amount on line alone gives a full grant: at most 50.0 MW before another capacity binds"))
    }

    @Test func badRequestsAndYearsAreRefusedWithTheFix() throws {
        let dataset = try Self.queueDataset()
        defer { try? FileManager.default.removeItem(at: dataset.deletingLastPathComponent()) }
        let unknown = CLI.run(["explain", "b-boilr", dataset.path])
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("unknown request `b-boilr`: no project of transition.csv has this id; closest: b-boiler, a-furnace"))
        let year = CLI.run(["explain", "b-boiler", dataset.path, "--year", "2030"])
        #expect(year.status == 64)
        #expect(year.stderr.contains("--year 2030 is not among the dataset's planning years (2025,2026)"))
        let carrier = CLI.run(["explain", "b-boiler", dataset.path, "--carrier", "hydrogen"])
        #expect(carrier.status == 64)
        #expect(carrier.stderr.contains("request `b-boiler` has no hydrogen row; its carriers are electricity"))
        let energy = CLI.run(["explain", "b-boiler", dataset.path, "--view", "energy"])
        #expect(energy.status == 64)
        #expect(energy.stderr.contains("explain works in the request view"))
    }
}
