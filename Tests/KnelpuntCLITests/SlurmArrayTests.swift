// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing

/// Whether the Slurm and munge programs the driver script needs are installed.
enum SlurmTools {
    static let names = ["munged", "mungekey", "slurmctld", "slurmd", "sbatch", "sinfo", "scancel"]
    static let installed = names.allSatisfy { tool in
        ((ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init) + ["/usr/sbin", "/sbin"]).contains {
            FileManager.default.isExecutableFile(atPath: "\($0)/\(tool)")
        }
    }
}

/// The Slurm job array of docs/scenarios.md on a real single-node cluster started on this
/// machine (.ci/slurm/sweep-array-test.sh): the documented batch script under `sbatch --array`,
/// the documented `knelpunt merge`, and the merged folder equal to an unsharded run byte for
/// byte. One after the other: each test starts and stops its own daemons.
@Suite(
    .serialized, .enabled(if: SlurmTools.installed, "Slurm is absent: apt-get install slurmctld slurmd slurm-client munge (.ci/run does)"),
    .enabled(if: getuid() == 0, "starting slurmd and munged needs root"))
struct SlurmArrayTests {
    /// Runs the driver script with the built `knelpunt` in a fresh folder under `work`.
    static func runArray(work: URL, _ extra: [String] = []) throws -> CLI.Output {
        let script = CLI.repositoryRoot.appendingPathComponent(".ci/slurm/sweep-array-test.sh")
        return try runProcess("/bin/bash", [script.path, "--knelpunt", CLI.executable.path, "--work", work.path] + extra)
    }

    static func runProcess(_ executable: String, _ arguments: [String]) throws -> CLI.Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let stderrData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CLI.Output(status: process.terminationStatus, stdout: "", stderr: String(decoding: stderrData, as: UTF8.self))
    }

    /// The daemons the script started (cluster/daemons.pids) are no longer running.
    static func expectDaemonsStopped(_ work: URL, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let lines = try String(contentsOf: work.appendingPathComponent("cluster/daemons.pids"), encoding: .utf8).split(separator: "\n")
        #expect(lines.map { $0.split(separator: " ").first ?? "" } == ["munged", "slurmctld", "slurmd"], sourceLocation: sourceLocation)
        for line in lines {
            let pid = try #require(pid_t(line.split(separator: " ").last ?? ""), sourceLocation: sourceLocation)
            #expect(!isRunning(pid), "\(line) still runs", sourceLocation: sourceLocation)
        }
    }

    /// Whether `pid` runs: it exists and is not a zombie (a stopped daemon whose parent, the
    /// process that reaps orphans here, has not collected it yet).
    static func isRunning(_ pid: pid_t) -> Bool {
        guard kill(pid, 0) == 0, let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return false }
        // "PID (COMMAND) STATE …": the state follows the last ')'.
        guard let close = stat.lastIndex(of: ")") else { return true }
        return stat[stat.index(after: close)...].split(separator: " ").first != "Z"
    }

    @Test func jobArrayMergesToTheUnshardedRun() throws {
        let work = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let run = try Self.runArray(work: work)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("4 tasks, sbatch --wait exited 0"), "\(run.stderr)")
        #expect(run.stderr.contains("merged = unsharded, byte for byte: manifest.json"), "\(run.stderr)")
        let shards = try FileManager.default.contentsOfDirectory(atPath: work.appendingPathComponent("run/runs/miek-late").path).sorted()
        #expect(shards == ["all", "shard-1", "shard-2", "shard-3", "shard-4", "unsharded"])
        try Self.expectDaemonsStopped(work)
    }

    /// A task that fails (its shard folder is taken by a plain file, so `sweep` exits 73) fails
    /// the array, nothing is merged, and the daemons are stopped all the same.
    @Test func failedTaskFailsTheRun() throws {
        let work = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let run = try Self.runArray(work: work, ["--fail-task", "2"])
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stderr.contains("the job array failed (sbatch --wait exited 73"), "\(run.stderr)")
        #expect(run.stderr.contains("shard-2: it is not a folder"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: work.appendingPathComponent("run/runs/miek-late/all").path))
        try Self.expectDaemonsStopped(work)
    }
}
