// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing

/// sweep-statistics.csv on the hand-solvable queue (``QueueFixture``) in the energy view, where
/// both 100 MW projects are demand behind the 100 MW line: one upgrade of +150 MW from 2026,
/// on time or two years late. Beta Chemicals is moved to the `public` group. Under acm, Alpha
/// (queued first) is served and Beta is short by 100 MW whenever the line has 100 MW: unserved
/// 100 MW × 8,760 h = 876,000 MWh (public), CO2 at risk Beta's 50 kt, and the line is worth
/// 8,760 h × (VoLL 2,000 − 10 €/MWh) = 17,432,400 €/MW/year. With the upgrade (250 MW for
/// 200 MW) the line has slack: no bottleneck, nothing unserved.
@Suite struct SweepStatisticsCommandTests {
    static let z = 1.959963984540054
    static let lineValue = 8760.0 * (2000 - 10)
    static let shortMWh = 100.0 * 8760

    /// The queue with the +150 MW upgrade and Beta in the `public` group.
    static func dataset(in folder: URL) throws -> URL {
        let dataset = folder.appendingPathComponent("queue")
        try QueueFixture.write(
            to: dataset, description: "Hand-solvable statistics of a sweep", years: "2025-2027",
            projects:
                "id,name,programme,target,capacity_mw,year,status,source\nline-upgrade,Second circuit,MIEK 2023,line,150,2026,planned,invented\n")
        try """
        id,name,cluster,electricity_node,hydrogen_node,group,stage,priority,queue_date,voll_eur_per_mwh,source
        a,Alpha Steel,SOUTH,town,,other,none,,2020-01-01,,invented
        b,Beta Chemicals,SOUTH,town,,public,none,,2021-01-01,,invented

        """.write(to: dataset.appendingPathComponent("consumers.csv"), atomically: true, encoding: .utf8)
        return dataset
    }

    static func write(_ text: String, to url: URL) throws -> URL {
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    /// The upgrade late by 0 or 2 years with a Monte Carlo draw of `samples`.
    static func monteCarlo(samples: Int, in folder: URL) throws -> URL {
        try write(
            "name = \"upgrade late\"\nyears = \"2025-2027\"\n[monte_carlo]\nsamples = \(samples)\nseed = 7\n[[delay]]\nproject = \"line-upgrade\"\nvalues = [0, 2]\n",
            to: folder.appendingPathComponent("mc-\(samples).toml"))
    }

    static func rows(_ url: URL) throws -> [[String: String]] { try RequestScenarioCommandTests.rows(url) }

    static func expectNumber(
        _ cell: String?, _ expected: Double, tolerance: Double, _ what: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        RequestScenarioCommandTests.expectNumber(cell, expected, tolerance: tolerance, what, sourceLocation: sourceLocation)
    }

    /// The width of the 95 % Wilson interval of k of n, percentage points, written out here
    /// independently of SweepTables.
    static func wilsonWidthPP(_ k: Int, _ n: Int) -> Double {
        let p = Double(k) / Double(n)
        let nn = Double(n)
        let half = z * (p * (1 - p) / nn + z * z / (4 * nn * nn)).squareRoot() / (1 + z * z / nn)
        let centre = (p + z * z / (2 * nn)) / (1 + z * z / nn)
        return (min(1, centre + half) - max(0, centre - half)) * 100
    }

    /// A grid of the two delays (n = 2). 2026 (and 2027): the line is a bottleneck in one
    /// scenario: k = 1, p̂ = ½, Wilson [0.094531, 0.905469]. Shadow values {0, 17,432,400}: mean
    /// 8,716,200, σ = 17,432,400/√2 = 12,326,568.25, interval mean ± t(0.975; 1)·σ/√2 with
    /// t = tan(0.475π) = 12.706205; min 0 in scenario 0 (baseline), max in 1 (line-upgrade+2).
    /// 2025: a bottleneck in both (k = 2: [1/(1 + z²/2), 1] = [0.342380, 1]), both values equal,
    /// so min and max come from the lowest index, 0. Public unserved energy in 2026 {0, 876,000}
    /// MWh: mean 438,000, σ 619,425.54; its CO2 at risk {0, 50}: mean 25, σ 35.355339.
    @Test func statisticsOfAFiftyFiftyDelayByHand() throws {
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let dataset = try Self.dataset(in: folder)
        let spec = try Self.write(
            "name = \"upgrade on time or two years late\"\nyears = \"2025-2027\"\n[grid]\ndelays = [0, 2]\nprojects = [\"line-upgrade\"]\n",
            to: folder.appendingPathComponent("grid.toml"))
        let out = folder.appendingPathComponent("energy")
        let run = CLI.run(["sweep", dataset.path, "--spec", spec.path, "--view", "energy", "--out", out.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("sweep-statistics.csv"))
        let rows = try Self.rows(out.appendingPathComponent("sweep-statistics.csv"))
        func row(_ year: Int, _ kind: String, _ id: String, _ measure: String) throws -> [String: String] {
            try #require(rows.first { $0["year"] == "\(year)" && $0["kind"] == kind && $0["id"] == id && $0["measure"] == measure })
        }
        #expect(!rows.contains { $0["kind"] == "request" } && !rows.contains { $0["measure"] == "firm_unserved_mwh" })
        // Per year: 2 asset rows (the line) + 8 group rows (all, maatwerk, other, public × 2 measures).
        #expect(rows.count == 3 * (2 + 8))
        let t1 = tan(0.475 * Double.pi)
        #expect(abs(t1 - 12.706205) < 1e-6)
        for year in [2026, 2027] {
            let congestion = try row(year, "asset", "line", "congestion_probability")
            #expect(congestion["scenarios"] == "2" && congestion["successes"] == "1")
            Self.expectNumber(congestion["estimate"], 0.5, tolerance: 1e-9, "\(year) p")
            Self.expectNumber(congestion["ci95_low"], 0.094531, tolerance: 1e-6, "\(year) low")
            Self.expectNumber(congestion["ci95_high"], 0.905469, tolerance: 1e-6, "\(year) high")
            let value = try row(year, "asset", "line", "shadow_value_eur_per_mw_year")
            let sigma = Self.lineValue / 2.squareRoot()
            Self.expectNumber(value["estimate"], Self.lineValue / 2, tolerance: 0.01, "\(year) mean")
            Self.expectNumber(value["sd"], sigma, tolerance: 0.01, "\(year) σ")
            Self.expectNumber(value["ci95_low"], Self.lineValue / 2 - t1 * sigma / 2.squareRoot(), tolerance: 0.05, "\(year) mean low")
            Self.expectNumber(value["ci95_high"], Self.lineValue / 2 + t1 * sigma / 2.squareRoot(), tolerance: 0.05, "\(year) mean high")
            Self.expectNumber(value["min"], 0, tolerance: 0.01, "\(year) min")
            Self.expectNumber(value["max"], Self.lineValue, tolerance: 0.01, "\(year) max")
            #expect(value["min_scenario"] == "0" && value["min_label"] == "baseline")
            #expect(value["max_scenario"] == "1" && value["max_label"] == "line-upgrade+2")
            let unserved = try row(year, "group", "public", "unserved_mwh")
            Self.expectNumber(unserved["estimate"], Self.shortMWh / 2, tolerance: 0.01, "\(year) public mean")
            Self.expectNumber(unserved["sd"], Self.shortMWh / 2.squareRoot(), tolerance: 0.01, "\(year) public σ")
            #expect(unserved["max_label"] == "line-upgrade+2")
            let co2 = try row(year, "group", "public", "co2_at_risk_kt")
            Self.expectNumber(co2["estimate"], 25, tolerance: 1e-3, "\(year) public CO2 mean")
            Self.expectNumber(co2["sd"], 50 / 2.squareRoot(), tolerance: 1e-3, "\(year) public CO2 σ")
            Self.expectNumber(try row(year, "group", "other", "unserved_mwh")["max"], 0, tolerance: 0.01, "\(year) other")
            Self.expectNumber(try row(year, "group", "all", "co2_at_risk_kt")["estimate"], 25, tolerance: 1e-3, "\(year) all CO2")
        }
        let early = try row(2025, "asset", "line", "congestion_probability")
        #expect(early["successes"] == "2")
        Self.expectNumber(early["ci95_low"], 1 / (1 + Self.z * Self.z / 2), tolerance: 1e-6, "2025 low")
        Self.expectNumber(early["ci95_high"], 1, tolerance: 0, "2025 high")
        let value2025 = try row(2025, "asset", "line", "shadow_value_eur_per_mw_year")
        Self.expectNumber(value2025["sd"], 0, tolerance: 0.01, "2025 σ")
        #expect(value2025["min_scenario"] == "0" && value2025["max_scenario"] == "0")

        // Request view (no firm load, so no bottleneck): the full-grant rows are those of sweep-requests.csv.
        let requestsOut = folder.appendingPathComponent("requests")
        #expect(CLI.run(["sweep", dataset.path, "--spec", spec.path, "--out", requestsOut.path, "--quiet"]).status == 0)
        let statistics = try Self.rows(requestsOut.appendingPathComponent("sweep-statistics.csv"))
        let requests = try Self.rows(requestsOut.appendingPathComponent("sweep-requests.csv"))
        #expect(statistics.contains { $0["measure"] == "firm_unserved_mwh" } && !statistics.contains { $0["kind"] == "asset" })
        let grants = statistics.filter { $0["kind"] == "request" }
        #expect(grants.count == requests.count && grants.count == 6)
        for (grant, request) in zip(grants, requests) {
            #expect(grant["year"] == request["year"] && grant["id"] == request["request"])
            #expect(grant["estimate"] == request["full_grant_probability"])
            #expect(grant["ci95_low"] == request["full_grant_ci95_low"] && grant["ci95_high"] == request["full_grant_ci95_high"])
        }
    }

    /// The statistics (and every other file) are the same bytes with 1 or 2 workers and merged
    /// from 3 shards.
    @Test func statisticsAreByteIdenticalAcrossWorkersAndShards() throws {
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let dataset = try Self.dataset(in: folder)
        let spec = try Self.monteCarlo(samples: 9, in: folder)
        func sweep(_ name: String, _ extra: [String]) -> URL {
            let out = folder.appendingPathComponent(name)
            let run = CLI.run(["sweep", dataset.path, "--spec", spec.path, "--view", "energy", "--out", out.path, "--quiet"] + extra)
            #expect(run.status == 0, "\(name): \(run.stderr)")
            return out
        }
        let one = sweep("one", ["--workers", "1"])
        let two = sweep("two", ["--workers", "2"])
        let shards = (1...3).map { sweep("shard-\($0)", ["--shard", "\($0)/3"]) }
        let merged = folder.appendingPathComponent("merged")
        let merge = CLI.run(["merge"] + shards.map(\.path) + ["--out", merged.path, "--quiet"])
        #expect(merge.status == 0, "\(merge.stderr)")
        let statistics = try String(contentsOf: one.appendingPathComponent("sweep-statistics.csv"), encoding: .utf8)
        #expect(statistics.contains(",asset,line,shadow_value_eur_per_mw_year,9,"))
        for name in ["sweep.csv", "sweep-percentiles.csv", "sweep-statistics.csv", "sweep.journal", "manifest.json"] {
            let reference = try Data(contentsOf: one.appendingPathComponent(name))
            for other in [two, merged] {
                #expect(reference == (try Data(contentsOf: other.appendingPathComponent(name))), "\(name): one ≠ \(other.lastPathComponent)")
            }
        }
    }
}
