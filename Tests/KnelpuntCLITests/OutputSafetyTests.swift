// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import KnelpuntReports
import Testing

/// `--out` and `--force` (README "Output safety", issue 18): every refusal exits 73 and touches
/// nothing; Knelpunt's own outputs and empty folders are replaced atomically; a cut swap is
/// recovered; concurrent writers are told who holds the target.
@Suite struct OutputSafetyTests {
    /// A temporary folder with a copy of datasets/tiny at `tiny` and a scenario at `late.toml`.
    struct Workspace {
        let root: URL
        var tiny: URL { root.appendingPathComponent("tiny") }
        var scenario: URL { root.appendingPathComponent("late.toml") }

        init() throws {
            root = try CLI.temporaryDirectory()
            try FileManager.default.copyItem(at: CLI.repositoryRoot.appendingPathComponent("datasets/tiny"), to: tiny)
            try Data("name = \"late\"\n".utf8).write(to: scenario)
        }

        func path(_ name: String) -> String { root.appendingPathComponent(name).path }

        /// Every file and folder under the root: path, kind, size, modification time and bytes.
        func snapshot() throws -> [String] {
            var entries: [String] = []
            let manager = FileManager.default
            for case let relative as String in manager.enumerator(atPath: root.path)! {
                var info = stat()
                let path = root.appendingPathComponent(relative).path
                guard lstat(path, &info) == 0 else { continue }
                var entry = "\(relative) \(info.st_mode) \(info.st_size) \(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
                if info.st_mode & S_IFMT == S_IFREG { entry += " " + SHA256.hex([UInt8](manager.contents(atPath: path) ?? Data())) }
                entries.append(entry)
            }
            return entries.sorted()
        }

        func remove() { try? FileManager.default.removeItem(at: root) }
    }

    /// The PID of a process that has exited.
    static func deadPID() throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try process.run()
        process.waitUntilExit()
        return process.processIdentifier
    }

    static let refusals = [
        "dev-null", "fifo", "char-device", "root", "current", "ancestor", "empty", "dataset", "inside-dataset",
        "contains-dataset", "scenario", "foreign-folder", "foreign-report", "foreign-mps", "foreign-lp", "foreign-relief", "symlink",
    ]

    /// Sets up one refusal case: the arguments and what the message must say.
    static func refusal(_ name: String, in space: Workspace) throws -> (arguments: [String], reason: String) {
        let solve = ["solve", space.tiny.path, "--years", "2025", "--force", "--out"]
        switch name {
        case "dev-null":
            var info = stat()
            let isDevice = lstat("/dev/null", &info) == 0 && info.st_mode & S_IFMT == S_IFCHR
            return (solve + ["/dev/null"], isDevice ? "it is a character device" : "inside /dev, a system folder")
        case "fifo":
            #expect(mkfifo(space.path("pipe"), 0o600) == 0)
            return (["report", space.tiny.path, "--years", "2025", "--force", "--out", space.path("pipe")], "it is a FIFO")
        case "char-device":
            // A copy of /dev/null's device outside /dev (root only; otherwise /dev/zero).
            if getuid() == 0, mknod(space.path("null"), S_IFCHR | 0o666, (1 << 8) | 3) == 0 {
                return (["export", space.tiny.path, "--format", "lp", "--force", "--out", space.path("null")], "it is a character device")
            }
            return (["export", space.tiny.path, "--format", "lp", "--force", "--out", "/dev/zero"], "it is a character device")
        case "root": return (solve + ["/"], "refusing to write to /, the root folder")
        case "current": return (solve + ["."], "it is the current folder or holds it")
        case "ancestor": return (solve + [".."], "it is the current folder or holds it")
        case "empty": return (solve + [""], "--out is empty")
        case "dataset": return (solve + [space.tiny.path], "it is an input of this run")
        case "inside-dataset": return (solve + [space.tiny.appendingPathComponent("out").path], "it lies inside \(space.tiny.path)")
        case "contains-dataset": return (solve + [space.root.path], "it holds \(space.tiny.path)")
        case "scenario":
            return (
                ["report", space.tiny.path, "--scenario", space.scenario.path, "--force", "--out", space.scenario.path], "it is an input of this run"
            )
        case "foreign-folder":
            try FileManager.default.createDirectory(atPath: space.path("thesis"), withIntermediateDirectories: true)
            try Data("my thesis".utf8).write(to: URL(fileURLWithPath: space.path("thesis/thesis.tex")))
            return (solve + [space.path("thesis")], "this was not written by knelpunt")
        case "foreign-report":
            try Data("<html><body>my notes</body></html>".utf8).write(to: URL(fileURLWithPath: space.path("notes.html")))
            return (["report", space.tiny.path, "--years", "2025", "--force", "--out", space.path("notes.html")], "this was not written by knelpunt")
        case "foreign-mps", "foreign-lp":
            let format = name == "foreign-mps" ? "mps" : "lp"
            try Data("* Problem:    someone-else\nNAME x\n".utf8).write(to: URL(fileURLWithPath: space.path("model.\(format)")))
            return (
                ["export", space.tiny.path, "--format", format, "--force", "--out", space.path("model.\(format)")], "this was not written by knelpunt"
            )
        case "foreign-relief":
            try Data("year,value\n2025,1\n".utf8).write(to: URL(fileURLWithPath: space.path("data.csv")))
            return (
                ["relief", space.tiny.path, "--asset", "coast-port", "--step", "5", "--max", "10", "--force", "--out", space.path("data.csv")],
                "this was not written by knelpunt"
            )
        case "symlink":
            try FileManager.default.createSymbolicLink(atPath: space.path("link"), withDestinationPath: space.tiny.path)
            return (solve + [space.path("link")], "it is a symbolic link to \(space.tiny.path)")
        default:
            Issue.record("unknown case \(name)")
            return ([], "")
        }
    }

    @Test(arguments: refusals)
    func refusalsExit73AndTouchNothing(_ name: String) throws {
        let space = try Workspace()
        defer { space.remove() }
        let (arguments, reason) = try Self.refusal(name, in: space)
        let before = try space.snapshot()
        let output = CLI.run(arguments)
        #expect(output.status == 73, "\(name): \(output.stderr)")
        #expect(output.stderr.contains(reason), "\(name): \(output.stderr)")
        #expect(!output.stderr.contains("NSCocoaErrorDomain"))
        #expect(output.stdout.isEmpty, "\(name)")
        #expect(try space.snapshot() == before, "\(name): the workspace changed")
    }

    /// Each command replaces its own earlier output with --force, leaving no staging or lock.
    @Test(arguments: ["solve", "compare-policies", "diff", "report", "relief", "export-mps", "export-lp", "export-mathprog", "generate", "sweep"])
    func ownOutputIsReplacedWithForce(_ command: String) throws {
        let space = try Workspace()
        defer { space.remove() }
        let out = space.path("out/result")
        let tiny = space.tiny.path
        var arguments: [String]
        switch command {
        case "diff": arguments = ["diff", tiny, "--scenario", space.scenario.path, "--years", "2025"]
        case "relief": arguments = ["relief", tiny, "--asset", "coast-port", "--step", "5", "--max", "10"]
        case "export-mps", "export-lp", "export-mathprog": arguments = ["export", tiny, "--format", String(command.dropFirst(7))]
        case "generate": arguments = ["generate", tiny, "--timeslices", "96"]
        case "sweep":
            let spec = space.path("spec.toml")
            try Data("name = \"s\"\nyears = \"2025\"\n[grid]\ndelays = [0, 1]\nprojects = [\"coast-port-upgrade\"]\n".utf8).write(
                to: URL(fileURLWithPath: spec))
            arguments = ["sweep", tiny, "--spec", spec]
        default: arguments = [command, tiny, "--years", "2025"]
        }
        arguments += ["--quiet", "--out", out]
        let first = CLI.run(arguments)
        #expect(first.status == 0, "\(command): \(first.stderr)")
        let again = CLI.run(arguments)
        #expect(again.status == 73 && again.stderr.contains("already exists"), "\(command): \(again.stderr)")
        let forced = CLI.run(arguments + ["--force"])
        #expect(forced.status == 0, "\(command): \(forced.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: space.path("out")) == ["result"], "\(command): staging or lock left")
    }

    @Test func anEmptyFolderIsFilledWithForce() throws {
        let space = try Workspace()
        defer { space.remove() }
        try FileManager.default.createDirectory(atPath: space.path("empty"), withIntermediateDirectories: true)
        let arguments = ["solve", space.tiny.path, "--years", "2025", "--quiet", "--out", space.path("empty")]
        #expect(CLI.run(arguments).status == 73)
        #expect(CLI.run(arguments + ["--force"]).status == 0)
        #expect(FileManager.default.fileExists(atPath: space.path("empty/manifest.json")))
    }

    /// A run killed between the two renames of the fallback swap left `.o.old-PID` and no `o`;
    /// the next run puts the old output back before it decides, and cleans the staging folder.
    @Test func aCutSwapIsRecoveredAndStaleStagingCleaned() throws {
        let space = try Workspace()
        defer { space.remove() }
        let arguments = ["solve", space.tiny.path, "--years", "2025", "--quiet", "--out", space.path("o")]
        #expect(CLI.run(arguments).status == 0)
        let dead = try Self.deadPID()
        try FileManager.default.moveItem(atPath: space.path("o"), toPath: space.path(".o.old-\(dead)"))
        try FileManager.default.createDirectory(atPath: space.path(".o.partial-\(dead)"), withIntermediateDirectories: true)
        let refused = CLI.run(arguments)
        #expect(refused.status == 73 && refused.stderr.contains("already exists"), "\(refused.stderr)")
        #expect(FileManager.default.fileExists(atPath: space.path("o/manifest.json")))
        #expect(!FileManager.default.fileExists(atPath: space.path(".o.old-\(dead)")))
        #expect(!FileManager.default.fileExists(atPath: space.path(".o.partial-\(dead)")))
        try FileManager.default.createDirectory(atPath: space.path(".o.partial-\(dead)"), withIntermediateDirectories: true)
        #expect(CLI.run(arguments + ["--force"]).status == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: space.root.path).sorted() == ["late.toml", "o", "tiny"])
    }

    /// Another writer holds `o` (this test process, through the library): a run in this process
    /// and one in another process both wait briefly, then name the holder and exit 73.
    @Test func aSecondWriterNamesTheHolderAndExits73() throws {
        let space = try Workspace()
        defer { space.remove() }
        let holder = try OutputClaim(path: space.path("o"), kind: .folder, existing: .refuse)
        defer { holder.release() }
        let arguments = ["solve", space.tiny.path, "--years", "2025", "--quiet", "--out", space.path("o")]
        let message = "another knelpunt run (PID \(getpid())) is writing \(space.path("o"))"
        let inProcess = CLI.run(arguments)
        #expect(inProcess.status == 73 && inProcess.stderr.contains(message), "\(inProcess.stderr)")
        let otherProcess = try CLI.runProcess(arguments)
        #expect(otherProcess.status == 73 && otherProcess.stderr.contains(message), "\(otherProcess.stderr)")
        #expect(!FileManager.default.fileExists(atPath: space.path("o")))
    }

    /// `--out .` and `--out ""` (an unset variable) in a folder holding the user's work, run as
    /// a user would: refused, nothing touched.
    @Test(arguments: [".", ""])
    func theCurrentFolderSurvivesForce(_ out: String) throws {
        let space = try Workspace()
        defer { space.remove() }
        let work = space.root.appendingPathComponent("work")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        try Data("three years of work".utf8).write(to: work.appendingPathComponent("thesis.tex"))
        let before = try space.snapshot()
        let output = try CLI.runProcess(["solve", space.tiny.path, "--years", "2025", "--out", out, "--force"], in: work)
        #expect(output.status == 73, "\(output.stderr)")
        #expect(output.stderr.contains(out.isEmpty ? "--out is empty" : "it is the current folder"), "\(output.stderr)")
        #expect(try space.snapshot() == before)
    }
}
