// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing

/// `diff`, `relief`, `sweep` and `merge` in the request view (the default) on a queue solved by
/// hand: a plant at `gen` (1,000 MW, 10 €/MWh), one 100 MW line `line` to `town`, one flat slice of
/// 8,760 h, no firm load; Alpha Steel asked 100 MW (a-furnace, 2020-01-01, 100 kt CO2) before Beta
/// Chemicals asked 100 MW (b-boiler, 2021-01-01, 50 kt), both from 2025. Neither has a tier, so
/// acm is first come, first served: a-furnace takes the line first, b-boiler gets what is left.
@Suite struct RequestScenarioCommandTests {
    /// Two upgrades of the line: +60 MW from 2026 and +40 MW from 2027.
    static let twoUpgrades = """
        id,name,programme,target,capacity_mw,year,status,source
        line-upgrade,Second circuit,MIEK 2023,line,60,2026,planned,invented
        line-third,Third circuit,MIEK 2023,line,40,2027,planned,invented

        """

    /// One upgrade: +100 MW from 2026.
    static let oneUpgrade = """
        id,name,programme,target,capacity_mw,year,status,source
        line-upgrade,Second circuit,MIEK 2023,line,100,2026,planned,invented

        """

    /// The queue dataset in `folder/queue` with `projects` as projects.csv.
    static func queueDataset(in folder: URL, projects: String) throws -> URL {
        let dataset = folder.appendingPathComponent("queue")
        try QueueFixture.write(
            to: dataset, description: "Hand-solvable queue for the request view of diff, relief and sweep", years: "2025-2027", projects: projects)
        return dataset
    }

    /// Rows of a CSV file as dictionaries keyed by the header.
    static func rows(_ url: URL) throws -> [[String: String]] {
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
        guard let header = lines.first else { return [] }
        return lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
    }

    static func header(_ url: URL) throws -> [String] {
        try String(contentsOf: url, encoding: .utf8).prefix { $0 != "\n" }.split(separator: ",").map(String.init)
    }

    /// `cell` parsed as a number equals `expected` within `tolerance`.
    static func expectNumber(
        _ cell: String?, _ expected: Double, tolerance: Double = 1e-6, _ what: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let value = cell.flatMap(Double.init)
        #expect(value.map { abs($0 - expected) <= tolerance } == true, "\(what): \(cell ?? "nil") ≠ \(expected)", sourceLocation: sourceLocation)
    }

    /// Both upgrades a year late. By hand: 2025 (line 100 MW) a 100, b 0 in both runs. 2026: the
    /// base has 160 MW, so b gets 60; late, 100 MW, b gets 0: −60 MW, CO2 at risk of b 50 × (1 −
    /// 60/100) = 20 → 50 kt (+30). 2027: the base has 200 MW, b full; late, 160 MW, b 60: −40 MW,
    /// CO2 at risk 0 → 20 kt (+20). b's first full year: 2027 in the base, none late.
    @Test func diffOfTwoLateUpgradesCostsBetaKnownMW() throws {
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let dataset = try Self.queueDataset(in: folder, projects: Self.twoUpgrades)
        let scenario = folder.appendingPathComponent("late.toml")
        try "name = \"both upgrades a year late\"\n[[delay]]\nproject = \"line-upgrade\"\nyears = 1\n[[delay]]\nproject = \"line-third\"\nyears = 1\n"
            .write(to: scenario, atomically: true, encoding: .utf8)
        let out = folder.appendingPathComponent("d")
        let run = CLI.run(["diff", dataset.path, "--scenario", scenario.path, "--out", out.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("(request view)"))
        #expect(run.stdout.contains("2026: granted −60.0 MW (160.0 MW → 100.0 MW of 200.0 MW requested), firm unserved ±0 MWh, CO2 at risk +30.0 kt"))
        #expect(run.stdout.contains("b-boiler/electricity −40.0 MW"))
        #expect(!run.stdout.contains("2025:"))

        let requests = try Self.rows(out.appendingPathComponent("diff-requests.csv"))
        #expect(requests.map { "\($0["year"]!) \($0["request"]!)" } == (2025...2027).flatMap { ["\($0) a-furnace", "\($0) b-boiler"] })
        let expected: [(year: String, base: Double, late: Double, co2Base: Double, co2Late: Double)] = [
            ("2025", 0, 0, 50, 50), ("2026", 60, 0, 20, 50), ("2027", 100, 60, 0, 20),
        ]
        for e in expected {
            let row = try #require(requests.first { $0["year"] == e.year && $0["request"] == "b-boiler" })
            Self.expectNumber(row["granted_mw_base"], e.base, tolerance: 1e-3, "\(e.year) base MW")
            Self.expectNumber(row["granted_mw_scenario"], e.late, tolerance: 1e-3, "\(e.year) late MW")
            Self.expectNumber(row["delta_granted_mw"], e.late - e.base, tolerance: 1e-3, "\(e.year) delta MW")
            Self.expectNumber(row["delta_granted_share"], (e.late - e.base) / 100, "\(e.year) delta share")
            Self.expectNumber(row["delta_co2_at_risk_kt"], e.co2Late - e.co2Base, tolerance: 1e-3, "\(e.year) delta CO2")
            #expect(row["first_full_year_base"] == "2027" && row["first_full_year_scenario"] == "")
            #expect(row["blocking_asset_scenario"] == "line")
            #expect(row["blocking_asset_base"] == (e.base < 100 ? "line" : ""))
        }
        for row in requests where row["request"] == "a-furnace" {
            Self.expectNumber(row["delta_granted_mw"], 0, tolerance: 1e-3, "a-furnace delta")
            #expect(row["first_full_year_base"] == "2025" && row["first_full_year_scenario"] == "2025")
        }

        let summary = try Self.rows(out.appendingPathComponent("diff-summary.csv"))
        let all2026 = try #require(summary.first { $0["year"] == "2026" && $0["group"] == "all" })
        Self.expectNumber(all2026["delta_granted_mw"], -60, tolerance: 1e-3, "2026 delta granted")
        Self.expectNumber(all2026["requested_mw_scenario"], 200, tolerance: 1e-3, "2026 requested")
        Self.expectNumber(all2026["delta_firm_unserved_mwh"], 0, tolerance: 1e-3, "2026 firm")
        let all2027 = try #require(summary.first { $0["year"] == "2027" && $0["group"] == "all" })
        Self.expectNumber(all2027["delta_granted_mw"], -40, tolerance: 1e-3, "2027 delta granted")
        let total = try #require(summary.first { $0["year"] == "total" && $0["group"] == "all" })
        Self.expectNumber(total["delta_co2_at_risk_kt"], 50, tolerance: 1e-3, "total CO2")
        #expect(total["delta_granted_mw"] == "")
        let manifest = try String(contentsOf: out.appendingPathComponent("manifest.json"), encoding: .utf8)
        #expect(manifest.contains("\"view\" : \"requests\"") && manifest.contains("\"policy\" : \"acm\""))
    }

    /// A delayed project outside the network (CO2 transport) leaves the LP alone but puts the CO2
    /// of the request that depends on it at risk: the warm-started diff must solve that year, not
    /// take it from the base. b-boiler (50 kt) depends on co2-pipe (2026); a year late, its 50 kt
    /// are at risk in 2026 although it is granted in full.
    @Test func diffSeesADelayedDependency() throws {
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let dataset = try Self.queueDataset(in: folder, projects: Self.oneUpgrade + "co2-pipe,CO2 pipe,Porthos,,0,2026,planned,invented\n")
        try """
        consumer,project,carrier,year,mw,profile,co2_avoided_kt_per_year,depends_on,source
        a,a-furnace,electricity,2025,100,,100,,invented
        b,b-boiler,electricity,2025,100,,50,co2-pipe,invented

        """.write(to: dataset.appendingPathComponent("transition.csv"), atomically: true, encoding: .utf8)
        let scenario = folder.appendingPathComponent("pipe.toml")
        try "name = \"pipe late\"\n[[delay]]\nproject = \"co2-pipe\"\nyears = 1\n".write(to: scenario, atomically: true, encoding: .utf8)
        for warm in ["--warm-start", "--no-warm-start"] {
            let out = folder.appendingPathComponent("d\(warm)")
            let run = CLI.run(["diff", dataset.path, "--scenario", scenario.path, warm, "--out", out.path])
            #expect(run.status == 0, "\(run.stderr)")
            #expect(
                run.stdout.contains("2026: granted ±0 MW (200.0 MW → 200.0 MW of 200.0 MW requested), firm unserved ±0 MWh, CO2 at risk +50.0 kt"),
                "\(warm): \(run.stdout)")
            let rows = try Self.rows(out.appendingPathComponent("diff-requests.csv"))
            let row = try #require(rows.first { $0["year"] == "2026" && $0["request"] == "b-boiler" })
            Self.expectNumber(row["delta_granted_mw"], 0, tolerance: 1e-3, "\(warm) delta MW")
            Self.expectNumber(row["delta_co2_at_risk_kt"], 50, tolerance: 1e-3, "\(warm) delta CO2")
        }
    }

    /// `--view energy` writes the energy tables only, with the summary columns of before.
    @Test func diffInTheEnergyViewHasNoRequestTable() throws {
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let dataset = try Self.queueDataset(in: folder, projects: Self.twoUpgrades)
        let scenario = folder.appendingPathComponent("late.toml")
        try "name = \"late\"\n[[delay]]\nproject = \"line-upgrade\"\nyears = 1\n".write(to: scenario, atomically: true, encoding: .utf8)
        let out = folder.appendingPathComponent("d")
        let run = CLI.run(["diff", dataset.path, "--scenario", scenario.path, "--view", "energy", "--out", out.path, "--quiet"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("diff-requests.csv").path))
        let header = try Self.header(out.appendingPathComponent("diff-summary.csv"))
        #expect(header.last == "bottlenecks_scenario" && !header.contains("granted_mw_base"))
        // Energy view, 2026: the line carries 160 MW instead of 100 MW of the 200 MW: 60 MW × 8,760 h more unserved.
        let summary = try Self.rows(out.appendingPathComponent("diff-summary.csv"))
        let all2026 = try #require(summary.first { $0["year"] == "2026" && $0["group"] == "all" })
        Self.expectNumber(all2026["delta_unserved_mwh"], 60 * 8760, tolerance: 1e-2, "2026 unserved")
    }

    /// Relief of the line in 2025 under the default rule: each MW added up to +100 MW grants
    /// b-boiler one MW (a-furnace is full from the start); from +100 MW on nothing more is asked
    /// for, and the first step with slack (+150 MW, 200 MW on a 250 MW line) ends the solving.
    @Test func reliefCountsGrantedMWPerStep() throws {
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let dataset = try Self.queueDataset(in: folder, projects: Self.twoUpgrades)
        let out = folder.appendingPathComponent("relief.csv")
        let run = CLI.run(["relief", dataset.path, "--asset", "line", "--step", "50", "--max", "200", "--year", "2025", "--out", out.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("granted 100.0 MW at +0 MW → 200.0 MW at +200 MW of 200.0 MW requested"))
        #expect(run.stdout.contains("slope changes at +100.0 MW: 1.000 → 0.000 MW granted per MW added"))
        #expect(run.stdout.contains("4 of 5 steps solved"))
        let rows = try Self.rows(out)
        #expect(rows.count == 5 * 3)
        let totals = rows.filter { $0["request"] == "all" }
        let boiler = rows.filter { $0["request"] == "b-boiler" }
        let grantedTotal: [Double] = [100, 150, 200, 200, 200]
        let grantedBoiler: [Double] = [0, 50, 100, 100, 100]
        let slopes: [Double?] = [nil, 1, 1, 0, 0]
        for k in 0..<5 {
            Self.expectNumber(totals[k]["added_mw"], Double(k) * 50, "added")
            Self.expectNumber(totals[k]["granted_mw"], grantedTotal[k], tolerance: 1e-3, "Σ granted at step \(k)")
            Self.expectNumber(boiler[k]["granted_mw"], grantedBoiler[k], tolerance: 1e-3, "b granted at step \(k)")
            Self.expectNumber(totals[k]["firm_unserved_mwh"], 0, tolerance: 1e-3, "firm at step \(k)")
            Self.expectNumber(boiler[k]["co2_at_risk_kt"], 50 * (1 - grantedBoiler[k] / 100), tolerance: 1e-3, "b CO2 at step \(k)")
            if let slope = slopes[k] {
                Self.expectNumber(totals[k]["relief_granted_mw_per_mw"], slope, "Σ slope at step \(k)")
                Self.expectNumber(boiler[k]["relief_granted_mw_per_mw"], slope, "b slope at step \(k)")
            } else {
                #expect(totals[k]["relief_granted_mw_per_mw"] == "")
            }
            #expect(boiler[k]["blocking_asset"] == (grantedBoiler[k] < 100 ? "line" : ""))
        }
        #expect(rows.map { $0["point"]! } == Array(repeating: "solved", count: 12) + Array(repeating: "unchanged", count: 3))
        // --force recognises the request view's relief CSV as knelpunt's.
        let again = CLI.run(["relief", dataset.path, "--asset", "line", "--step", "50", "--max", "0", "--out", out.path, "--force", "--quiet"])
        #expect(again.status == 0, "\(again.stderr)")
    }

    /// One upgrade late by 0 or 2 years with probability ½ each (a grid of two scenarios): b-boiler
    /// is granted in full in 2026 and 2027 in one scenario (100 MW) and gets nothing in the other.
    /// By hand, n = 2, z = Φ⁻¹(0.975): k = 1 gives p̂ = ½ with the Wilson interval
    /// ½ ± z·√(1/8 + z²/16)/(1 + z²/2) = [0.094531, 0.905469]; k = 2 gives [1/(1 + z²/2), 1] =
    /// [0.342380, 1]; k = 0 gives [0, 0.657620]. Granted MW {0, 100}: mean 50, P10/P50/P90 10/50/90.
    /// First full year of b-boiler: 2026 in half the scenarios, never in the other half.
    @Test func sweepStatisticsOfAFiftyFiftyDelay() throws {
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let dataset = try Self.queueDataset(in: folder, projects: Self.oneUpgrade)
        let spec = folder.appendingPathComponent("grid.toml")
        try "name = \"upgrade on time or two years late\"\nyears = \"2025-2027\"\n[grid]\ndelays = [0, 2]\nprojects = [\"line-upgrade\"]\n"
            .write(to: spec, atomically: true, encoding: .utf8)
        let out = folder.appendingPathComponent("s")
        let run = CLI.run(["sweep", dataset.path, "--spec", spec.path, "--out", out.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("sweep-requests.csv"))
        let z = 1.959963984540054
        let half = z * (1.0 / 8 + z * z / 16).squareRoot() / (1 + z * z / 2)
        let allFull = 1 / (1 + z * z / 2)
        #expect(abs(0.5 - half - 0.094531) < 1e-6 && abs(allFull - 0.342380) < 1e-6)
        let rows = try Self.rows(out.appendingPathComponent("sweep-requests.csv"))
        #expect(rows.map { "\($0["year"]!) \($0["request"]!)" } == (2025...2027).flatMap { ["\($0) a-furnace", "\($0) b-boiler"] })
        for row in rows {
            #expect(row["scenarios"] == "2" && row["active_scenarios"] == "2")
            let year = Int(row["year"]!)!
            if row["request"] == "a-furnace" {
                Self.expectNumber(row["full_grant_probability"], 1, "a probability")
                Self.expectNumber(row["full_grant_ci95_low"], allFull, "a low")
                Self.expectNumber(row["full_grant_ci95_high"], 1, "a high")
                Self.expectNumber(row["granted_mw_p10"], 100, tolerance: 1e-3, "a P10")
                Self.expectNumber(row["first_full_year_share"], year == 2025 ? 1 : 0, "a first full")
                Self.expectNumber(row["never_full_share"], 0, "a never")
                continue
            }
            let p = year == 2025 ? 0.0 : 0.5
            Self.expectNumber(row["full_grant_probability"], p, "b probability \(year)")
            Self.expectNumber(row["full_grant_ci95_low"], year == 2025 ? 0 : 0.5 - half, "b low \(year)")
            Self.expectNumber(row["full_grant_ci95_high"], year == 2025 ? 1 - allFull : 0.5 + half, "b high \(year)")
            Self.expectNumber(row["granted_mw_mean"], 100 * p, tolerance: 1e-3, "b mean \(year)")
            Self.expectNumber(row["granted_mw_p10"], 20 * p, tolerance: 1e-3, "b P10 \(year)")
            Self.expectNumber(row["granted_mw_p50"], 100 * p, tolerance: 1e-3, "b P50 \(year)")
            Self.expectNumber(row["granted_mw_p90"], 180 * p, tolerance: 1e-3, "b P90 \(year)")
            Self.expectNumber(row["first_full_year_share"], year == 2026 ? 0.5 : 0, "b first full \(year)")
            Self.expectNumber(row["full_by_year_share"], p, "b full by \(year)")
            Self.expectNumber(row["never_full_share"], 0.5, "b never \(year)")
        }
        let manifest = try String(contentsOf: out.appendingPathComponent("manifest.json"), encoding: .utf8)
        #expect(manifest.contains("\"view\" : \"requests\"") && manifest.contains("\"policy\" : \"acm\""))
    }

    /// A seeded Monte Carlo on the queue in the request view: the same bytes in every file with 1
    /// or 2 workers and merged from 2 or 3 shards; shards of another view are not merged.
    @Test func sweepRequestsAreByteIdenticalAcrossWorkersAndShards() throws {
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let dataset = try Self.queueDataset(in: folder, projects: Self.twoUpgrades)
        let spec = folder.appendingPathComponent("mc.toml")
        try """
        name = "queue upgrades late"
        years = "2025-2027"
        [monte_carlo]
        samples = 7
        seed = 16
        [[delay]]
        status = "planned"
        values = [0, 1, 2]
        weights = [0.5, 0.3, 0.2]
        """.write(to: spec, atomically: true, encoding: .utf8)
        func sweep(_ name: String, _ extra: [String]) throws -> URL {
            let out = folder.appendingPathComponent(name)
            let run = CLI.run(["sweep", dataset.path, "--spec", spec.path, "--out", out.path, "--quiet"] + extra)
            #expect(run.status == 0, "\(name): \(run.stderr)")
            return out
        }
        let files = ["sweep.csv", "sweep-percentiles.csv", "sweep-requests.csv", "sweep-statistics.csv", "sweep.journal", "manifest.json"]
        func expectSame(_ a: URL, _ b: URL) throws {
            for name in files {
                let left = try Data(contentsOf: a.appendingPathComponent(name))
                #expect(!left.isEmpty)
                #expect(left == (try Data(contentsOf: b.appendingPathComponent(name))), "\(name): \(a.lastPathComponent) ≠ \(b.lastPathComponent)")
            }
        }
        let one = try sweep("one", ["--workers", "1"])
        let two = try sweep("two", ["--workers", "2"])
        try expectSame(one, two)
        let rows = try Self.rows(one.appendingPathComponent("sweep-requests.csv"))
        #expect(rows.count == 6 && rows.allSatisfy { $0["scenarios"] == "7" })
        for count in [2, 3] {
            let shards = try (1...count).map { try sweep("shard-\($0)-of-\(count)", ["--shard", "\($0)/\(count)", "--workers", "1"]) }
            let merged = folder.appendingPathComponent("merged-\(count)")
            let run = CLI.run(["merge"] + shards.map(\.path) + ["--out", merged.path, "--quiet"])
            #expect(run.status == 0, "\(run.stderr)")
            try expectSame(one, merged)
        }
        let energy = try sweep("energy-shard", ["--shard", "2/2", "--view", "energy"])
        #expect(!FileManager.default.fileExists(atPath: energy.appendingPathComponent("sweep-requests.csv").path))
        let mixed = CLI.run([
            "merge", folder.appendingPathComponent("shard-1-of-2").path, energy.path, "--out", folder.appendingPathComponent("mixed").path,
        ])
        #expect(mixed.status == 65)
        #expect(mixed.stderr.contains("view"))
    }

    /// `--policy` overrides the spec's `policy`; the manifest and the journal record both settings.
    @Test func sweepPolicyOptionOverridesTheSpec() throws {
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let dataset = try Self.queueDataset(in: folder, projects: Self.oneUpgrade)
        let spec = folder.appendingPathComponent("grid.toml")
        try "name = \"g\"\npolicy = \"fcfs\"\nyears = \"2025\"\n[grid]\ndelays = [0]\n".write(to: spec, atomically: true, encoding: .utf8)
        let fromSpec = folder.appendingPathComponent("spec")
        #expect(CLI.run(["sweep", dataset.path, "--spec", spec.path, "--out", fromSpec.path, "--quiet"]).status == 0)
        #expect(try String(contentsOf: fromSpec.appendingPathComponent("manifest.json"), encoding: .utf8).contains("\"policy\" : \"fcfs\""))
        let overridden = folder.appendingPathComponent("leximin")
        let run = CLI.run(["sweep", dataset.path, "--spec", spec.path, "--policy", "leximin", "--out", overridden.path, "--quiet"])
        #expect(run.status == 0, "\(run.stderr)")
        let journal = try String(contentsOf: overridden.appendingPathComponent("sweep.journal"), encoding: .utf8)
        #expect(journal.contains("\"policy\":\"leximin\"") && journal.contains("\"view\":\"requests\""))
        // Under leximin both requests share the 100 MW line in 2025: 50 MW each.
        let rows = try Self.rows(overridden.appendingPathComponent("sweep-requests.csv"))
        #expect(rows.count == 2)
        for row in rows { Self.expectNumber(row["granted_mw_mean"], 50, tolerance: 1e-3, "\(row["request"] ?? "") under leximin") }
    }
}
