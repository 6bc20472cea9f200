// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing

/// `knelpunt sweep` and `knelpunt merge` end to end on the tiny dataset: reproducible across runs
/// and thread counts, resumable after a kill, and shards that merge into one run's files.
@Suite struct SweepCommandTests {
    static let spec = """
        name = "tiny delays, Monte Carlo"
        base = "tiny"
        years = "2028-2030"

        [monte_carlo]
        samples = 10
        seed = 2025

        [[delay]]
        status = "planned"
        values = [0, 1, 2, 3]
        weights = [0.4, 0.3, 0.2, 0.1]

        [[delay]]
        project = "chem-green-h2"
        values = [-1, 0, 1]
        """

    static let files = ["sweep.csv", "sweep-percentiles.csv", "sweep.journal", "manifest.json"]

    /// A temporary folder with the spec; removed by the caller.
    func workspace() throws -> (folder: URL, spec: String) {
        let folder = try CLI.temporaryDirectory()
        let spec = folder.appendingPathComponent("mc.toml")
        try Self.spec.write(to: spec, atomically: true, encoding: .utf8)
        return (folder, spec.path)
    }

    func sweep(_ spec: String, out: URL, _ extra: [String] = []) -> CLI.Output {
        CLI.run(["sweep", "--spec", spec, "--out", out.path, "--quiet"] + extra)
    }

    func expectSameFiles(_ a: URL, _ b: URL, sourceLocation: SourceLocation = #_sourceLocation) throws {
        for name in Self.files {
            let left = try Data(contentsOf: a.appendingPathComponent(name))
            let right = try Data(contentsOf: b.appendingPathComponent(name))
            #expect(!left.isEmpty, sourceLocation: sourceLocation)
            #expect(left == right, "\(name) differs between \(a.lastPathComponent) and \(b.lastPathComponent)", sourceLocation: sourceLocation)
        }
    }

    @Test func seededSweepIsByteIdenticalAcrossRunsAndWorkerCounts() throws {
        let (folder, spec) = try workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        let one = folder.appendingPathComponent("one")
        let two = folder.appendingPathComponent("two")
        let again = folder.appendingPathComponent("again")
        let first = sweep(spec, out: one, ["--workers", "1"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(sweep(spec, out: two, ["--workers", "2"]).status == 0)
        #expect(sweep(spec, out: again, ["--workers", "2"]).status == 0)
        try expectSameFiles(one, two)
        try expectSameFiles(one, again)
        let table = try String(contentsOf: one.appendingPathComponent("sweep.csv"), encoding: .utf8)
        #expect(table.split(separator: "\n").count == 1 + 10 * 3)
        let percentiles = try String(contentsOf: one.appendingPathComponent("sweep-percentiles.csv"), encoding: .utf8)
        #expect(percentiles.contains("2030,asset,coast-port,10,"))
        #expect(percentiles.contains("2030,consumer,chem,10,"))
    }

    @Test func resumeAfterAKillGivesTheUninterruptedResult() throws {
        let (folder, spec) = try workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        let whole = folder.appendingPathComponent("whole")
        let killed = folder.appendingPathComponent("killed")
        #expect(sweep(spec, out: whole).status == 0)
        // Stop after 4 scenarios, as a kill would: the journal keeps them, no tables are written.
        let stopped = sweep(spec, out: killed, ["--stop-after", "4"])
        #expect(stopped.status == 75, "\(stopped.stderr)")
        #expect(stopped.stderr.contains("--resume"))
        let journal = try String(contentsOf: killed.appendingPathComponent("sweep.journal"), encoding: .utf8)
        #expect(journal.split(separator: "\n").count == 1 + 4)
        #expect(!FileManager.default.fileExists(atPath: killed.appendingPathComponent("sweep.csv").path))
        // Without --resume an existing sweep folder is refused.
        #expect(sweep(spec, out: killed).status == 73)
        let resumed = CLI.run(["sweep", "--spec", spec, "--out", killed.path, "--resume"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stdout.contains("4 resumed from the journal"))
        try expectSameFiles(whole, killed)
    }

    @Test func resumeAfterATornJournalWrite() throws {
        let (folder, spec) = try workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        let whole = folder.appendingPathComponent("whole")
        let torn = folder.appendingPathComponent("torn")
        #expect(sweep(spec, out: whole).status == 0)
        #expect(sweep(spec, out: torn).status == 0)
        // Keep the header, three whole scenarios and half of the fourth line.
        let journal = torn.appendingPathComponent("sweep.journal")
        let lines = try String(contentsOf: journal, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        let kept = lines.prefix(4).joined(separator: "\n") + "\n" + lines[4].prefix(lines[4].count / 2)
        try kept.write(to: journal, atomically: true, encoding: .utf8)
        for name in ["sweep.csv", "sweep-percentiles.csv"] { try FileManager.default.removeItem(at: torn.appendingPathComponent(name)) }
        #expect(sweep(spec, out: torn, ["--resume"]).status == 0)
        try expectSameFiles(whole, torn)
    }

    @Test func fourShardsMergeIntoOneRun() throws {
        let (folder, spec) = try workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        let whole = folder.appendingPathComponent("whole")
        #expect(sweep(spec, out: whole).status == 0)
        var shards: [String] = []
        for k in 1...4 {
            let out = folder.appendingPathComponent("shard-\(k)")
            let run = sweep(spec, out: out, ["--shard", "\(k)/4", "--workers", "1"])
            #expect(run.status == 0, "\(run.stderr)")
            shards.append(out.path)
        }
        let shardTable = try String(contentsOf: URL(fileURLWithPath: shards[1]).appendingPathComponent("sweep.csv"), encoding: .utf8)
        #expect(shardTable.split(separator: "\n").dropFirst().allSatisfy { [1, 5, 9].contains(Int($0.prefix { $0 != "," }) ?? -1) })
        // Merging three of four shards is refused; all four give exactly the unsharded files.
        let partial = CLI.run(["merge"] + shards.dropLast() + ["--out", folder.appendingPathComponent("partial").path])
        #expect(partial.status == 65)
        #expect(partial.stderr.contains("missing"))
        let merged = folder.appendingPathComponent("merged")
        let run = CLI.run(["merge"] + shards.reversed() + ["--out", merged.path])
        #expect(run.status == 0, "\(run.stderr)")
        try expectSameFiles(whole, merged)
        // The same shard twice is refused.
        let twice = CLI.run(["merge", shards[0], shards[0], "--out", folder.appendingPathComponent("twice").path])
        #expect(twice.status == 65)
    }

    @Test func gridSpecErrorsPointIntoTheSpec() throws {
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let spec = folder.appendingPathComponent("bad.toml")
        try "name = \"bad\"\n[grid]\ndelays = [0, 1]\nprojects = [\"coast-port-upgrad\"]\n".write(to: spec, atomically: true, encoding: .utf8)
        let run = CLI.run(["sweep", "tiny", "--spec", spec.path, "--out", folder.appendingPathComponent("o").path])
        #expect(run.status == 65)
        #expect(run.stderr.contains("\(spec.path):4:12: error [unknownReference]"))
        #expect(run.stderr.contains("did you mean `coast-port-upgrade`?"))
    }
}
