// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing

/// `knelpunt sweep` as a process, stopped by SIGTERM or SIGINT (Ctrl-C) once it has journalled a
/// scenario: it finishes the scenario in flight, exits 75 naming the journal and the command to
/// resume, and `--resume` completes it to exactly the files of an uninterrupted run.
@Suite(.serialized) struct SweepSignalTests {
    static let spec = """
        name = "tiny delays, many samples"
        base = "tiny"
        years = "2028-2030"

        [monte_carlo]
        samples = 40
        seed = 18

        [[delay]]
        status = "planned"
        values = [0, 1, 2, 3]

        [[delay]]
        project = "chem-green-h2"
        values = [-1, 0, 1]
        """

    /// Lines of the journal that are complete (newline-terminated).
    static func journalLines(_ folder: URL) -> Int {
        guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent("sweep.journal").path) else { return 0 }
        return data.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
    }

    /// After the first scenario line (the scenarios are running: those in flight finish), and
    /// as soon as the journal's header exists (the base case may still be running: the sweep
    /// stops at once).
    @Test(
        "a signal: exit 75, a valid journal, --resume completes it",
        arguments: [(SIGTERM, 2), (SIGINT, 2), (SIGTERM, 1)])
    func interruptedSweepResumes(signal: Int32, linesBeforeSignal: Int) throws {
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let spec = folder.appendingPathComponent("many.toml")
        try Self.spec.write(to: spec, atomically: true, encoding: .utf8)
        let whole = folder.appendingPathComponent("whole")
        let cut = folder.appendingPathComponent("cut")

        let process = Process()
        process.executableURL = CLI.executable
        process.arguments = ["sweep", "--spec", spec.path, "--out", cut.path, "--workers", "1", "--quiet"]
        process.currentDirectoryURL = CLI.repositoryRoot
        let errors = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        try process.run()
        let deadline = Date().addingTimeInterval(300)
        while Self.journalLines(cut) < linesBeforeSignal, process.isRunning, Date() < deadline { usleep(1_000) }
        #expect(process.isRunning, "the sweep ended before the signal; give it more scenarios")
        kill(process.processIdentifier, signal)
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()

        #expect(process.terminationReason == .exit, "ended by the signal instead of exiting: \(stderr)")
        #expect(process.terminationStatus == 75, "\(stderr)")
        let name = signal == SIGINT ? "SIGINT" : "SIGTERM"
        #expect(stderr.contains("knelpunt: interrupted by \(name)"), "\(stderr)")
        #expect(stderr.contains(cut.appendingPathComponent("sweep.journal").path), "names the journal: \(stderr)")
        #expect(stderr.contains("--resume") && !stderr.contains("--force"), "says how to resume: \(stderr)")
        let journalled = Self.journalLines(cut)
        #expect(journalled >= linesBeforeSignal && journalled < 1 + 40, "the header and not all of the 40 scenarios: \(journalled) lines")
        #expect(!FileManager.default.fileExists(atPath: cut.appendingPathComponent("sweep.csv").path))

        let resumed = CLI.run(["sweep", "--spec", spec.path, "--out", cut.path, "--resume", "--quiet"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(CLI.run(["sweep", "--spec", spec.path, "--out", whole.path, "--quiet"]).status == 0)
        for file in ["sweep.csv", "sweep-percentiles.csv", "sweep.journal", "manifest.json"] {
            let left = try Data(contentsOf: whole.appendingPathComponent(file))
            let right = try Data(contentsOf: cut.appendingPathComponent(file))
            #expect(!left.isEmpty && left == right, "\(file) differs after resuming")
        }
    }
}
