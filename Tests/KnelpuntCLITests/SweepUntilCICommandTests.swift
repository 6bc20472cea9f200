// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing

/// `knelpunt sweep --until-ci PCT` on the statistics queue (``SweepStatisticsCommandTests``): the
/// upgrade late by 0 or 2 years with probability ½ each (seed 7), energy view. The watched
/// outputs are the line's congestion probabilities: 1 in 2025 (a bottleneck in every sample),
/// ≈ ½ in 2026 and 2027, whose Wilson interval is about 2·z·√(¼/n) wide: ≈ 27 points after the
/// first batch of 50 samples, ≈ 19 after 100.
@Suite struct SweepUntilCICommandTests {
    typealias Support = SweepStatisticsCommandTests

    /// Samples whose 2026 row names the line as a bottleneck, among those with index < `end`.
    static func congested(_ sweepCSV: URL, year: String, below end: Int) throws -> Int {
        try Support.rows(sweepCSV).count { row in
            row["year"] == year && Int(row["scenario"]!)! < end && row["bottleneck_assets"]!.split(separator: ";").contains("line")
        }
    }

    /// --until-ci 20 stops after the second batch, 100 samples: recounted from sweep.csv by hand,
    /// the widest interval (2026 or 2027) is > 20 points over samples 0–49 and ≤ 20 over 0–99. The
    /// same bytes with 1 worker, and after an interruption (--stop-after 30) and --resume.
    @Test func stopsAtTheFirstBatchWhoseWidestIntervalIsNarrowEnough() throws {
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let dataset = try Support.dataset(in: folder)
        let spec = try Support.monteCarlo(samples: 400, in: folder)
        func sweep(_ name: String, _ extra: [String]) -> (URL, CLI.Output) {
            let out = folder.appendingPathComponent(name)
            let run = CLI.run(["sweep", dataset.path, "--spec", spec.path, "--view", "energy", "--until-ci", "20", "--out", out.path] + extra)
            return (out, run)
        }
        let (two, run) = sweep("two", ["--workers", "2"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("Sweep \"upgrade late\": 100 scenario(s)"), "\(run.stdout)")
        #expect(run.stdout.contains("--until-ci 20.00 pp: stopped after 100 of at most 400 samples (batches of 50)"), "\(run.stdout)")

        let sweepCSV = two.appendingPathComponent("sweep.csv")
        let scenarios = Set(try Support.rows(sweepCSV).map { $0["scenario"]! })
        #expect(scenarios.count == 100 && scenarios.contains("99") && !scenarios.contains("100"))
        var widest: [Int: Double] = [:]
        for end in [50, 100] {
            widest[end] = try ["2026", "2027"].map { Support.wilsonWidthPP(try Self.congested(sweepCSV, year: $0, below: end), end) }.max()
        }
        #expect(widest[50]! > 20 && widest[100]! <= 20, "\(widest)")
        #expect(Support.wilsonWidthPP(50, 50) < 20) // 2025 is never the widest
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: two.appendingPathComponent("manifest.json"))) as? [String: Any]
        let stop = try #require(manifest?["until_ci"] as? [String: Any])
        #expect(manifest?["scenarios"] as? Int == 100)
        #expect(stop["samples"] as? Int == 100 && stop["samples_cap"] as? Int == 400 && stop["batch_size"] as? Int == 50)
        #expect(stop["met"] as? Bool == true && stop["target_pp"] as? Double == 20)
        #expect(abs((stop["widest_ci95_pp"] as? Double ?? 0) - widest[100]!) < 1e-9)
        let statistics = try Support.rows(two.appendingPathComponent("sweep-statistics.csv"))
        #expect(statistics.allSatisfy { $0["scenarios"] == "100" })

        let (one, runOne) = sweep("one", ["--workers", "1", "--quiet"])
        #expect(runOne.status == 0, "\(runOne.stderr)")
        let (resumed, stopped) = sweep("resumed", ["--stop-after", "30", "--quiet"])
        #expect(stopped.status == 75, "\(stopped.stderr)")
        let (_, resume) = sweep("resumed", ["--resume", "--quiet"])
        #expect(resume.status == 0, "\(resume.stderr)")
        for name in ["sweep.csv", "sweep-percentiles.csv", "sweep-statistics.csv", "sweep.journal", "manifest.json"] {
            let reference = try Data(contentsOf: two.appendingPathComponent(name))
            #expect(reference == (try Data(contentsOf: one.appendingPathComponent(name))), "\(name): 2 workers ≠ 1 worker")
            #expect(reference == (try Data(contentsOf: resumed.appendingPathComponent(name))), "\(name): uninterrupted ≠ resumed")
        }
        // An --until-ci folder is complete as it is: merge refuses it, naming the option.
        let merge = CLI.run(["merge", two.path, "--out", folder.appendingPathComponent("merged").path])
        #expect(merge.status == 64 && merge.stderr.contains("--until-ci"), "\(merge.stderr)")
    }

    /// With `samples = 60` and a target no 60 samples can reach (5 points: the 2025 interval alone
    /// is 100·(z²/60)/(1 + z²/60) = 6.0 points wide at k = n), the sweep draws 50, then the cap's
    /// last 10, and stops there saying the target was not reached.
    @Test func stopsAtTheCapWhenTheTargetIsNotReached() throws {
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let dataset = try Support.dataset(in: folder)
        let spec = try Support.monteCarlo(samples: 60, in: folder)
        let out = folder.appendingPathComponent("capped")
        let run = CLI.run(["sweep", dataset.path, "--spec", spec.path, "--view", "energy", "--until-ci", "5", "--out", out.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("--until-ci 5.00 pp: not reached within the spec's 60 samples"), "\(run.stdout)")
        #expect(abs(Support.wilsonWidthPP(60, 60) - 6.0) < 0.05)
        let manifest = try String(contentsOf: out.appendingPathComponent("manifest.json"), encoding: .utf8)
        #expect(manifest.contains("\"met\" : false") && manifest.contains("\"samples\" : 60") && manifest.contains("\"scenarios\" : 60"))
        #expect(Set(try Support.rows(out.appendingPathComponent("sweep.csv")).map { $0["scenario"]! }).count == 60)
    }

    /// Bad --until-ci: out of range, with --shard, or with a grid spec: exit 64 naming the option.
    @Test(arguments: [["0"], ["=-5"], ["150"], ["nan"], ["10", "--shard", "1/2"], ["10", "grid"]])
    func badUntilCIIsAUsageError(_ case: [String]) throws {
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let dataset = try Support.dataset(in: folder)
        let grid = try Support.write(
            "name = \"g\"\n[grid]\ndelays = [0, 2]\nprojects = [\"line-upgrade\"]\n", to: folder.appendingPathComponent("grid.toml"))
        let spec = `case`.contains("grid") ? grid : try Support.monteCarlo(samples: 10, in: folder)
        let value = `case`[0].hasPrefix("=") ? ["--until-ci\(`case`[0])"] : ["--until-ci", `case`[0]]
        let extra = Array(`case`.dropFirst()).filter { $0 != "grid" }
        let run = CLI.run(["sweep", dataset.path, "--spec", spec.path, "--out", folder.appendingPathComponent("o").path] + value + extra)
        #expect(run.status == 64, "\(`case`): \(run.stderr)")
        #expect(run.stderr.contains("--until-ci"), "\(`case`): \(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("o").path))
    }
}
