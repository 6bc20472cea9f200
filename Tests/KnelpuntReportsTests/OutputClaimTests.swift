// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing

@testable import KnelpuntReports

/// The output-safety policy of ``OutputClaim``: what it refuses, the atomic swap and its
/// two-rename fallback, recovery of a half-done swap, stale staging names and the lock.
@Suite struct OutputClaimTests {
    static let manifest = ("manifest.json", #"{"tool": "knelpunt"}"#)

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("knelpunt-claim-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The PID of a process that has exited.
    static func deadPID() throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try process.run()
        process.waitUntilExit()
        return process.processIdentifier
    }

    static func write(_ files: [(String, String)], in folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (name, text) in files { try Data(text.utf8).write(to: folder.appendingPathComponent(name)) }
    }

    static func names(_ folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    }

    static func refusal(_ body: () throws(ReportError) -> Void) -> ReportError? {
        do {
            try body()
            return nil
        } catch {
            return error
        }
    }

    @Test func hazardsAreRefusedWhateverForceSays() throws {
        let temp = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: temp) }
        let dataset = temp.appendingPathComponent("in/ds")
        try Self.write([("dataset.toml", "name = \"ds\"\n")], in: dataset)
        let scenario = temp.appendingPathComponent("late.toml")
        try Data("x".utf8).write(to: scenario)
        let work = temp.appendingPathComponent("work/sub")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: temp.appendingPathComponent("alias"), withDestinationURL: dataset)
        let inputs = [dataset, scenario]
        func claim(_ path: String, _ kind: OutputKind = .folder) -> ReportError? {
            Self.refusal { () throws(ReportError) in
                _ = try OutputClaim(path: path, kind: kind, existing: .replace, inputs: inputs, currentDirectory: work.path)
            }
        }
        #expect(claim("") == .emptyPath)
        #expect(claim("/") == .rootFolder)
        #expect(claim("/work/../") == .rootFolder)
        #expect(claim(".") == .currentFolder(path: work.path))
        #expect(claim("..") == .currentFolder(path: work.deletingLastPathComponent().path))
        #expect(claim(temp.path) == .currentFolder(path: temp.path))
        #expect(claim(temp.path + "/in") == .containsInput(path: temp.path + "/in", input: dataset.path))
        #expect(claim(dataset.path) == .inputItself(path: dataset.path))
        #expect(claim(scenario.path, .reliefCSV) == .inputItself(path: scenario.path))
        #expect(
            claim(dataset.appendingPathComponent("out").path) == .insideInput(path: dataset.appendingPathComponent("out").path, input: dataset.path))
        // A symbolic link in a parent folder is resolved; the target itself is never followed.
        #expect(claim(temp.path + "/alias/out") == .insideInput(path: temp.path + "/alias/out", input: dataset.path))
        #expect(claim(temp.path + "/alias") == .symbolicLink(path: temp.path + "/alias", destination: dataset.path))
        #expect(claim("/dev/zero", .htmlReport) == .specialFile(path: "/dev/zero", kind: "a character device"))
        #expect(claim("/dev/knelpunt-out") == .specialFile(path: "/dev/knelpunt-out", kind: "inside /dev, a system folder"))
        // A hard link names the input's inode under another path.
        #expect(link(scenario.path, temp.appendingPathComponent("work/copy.toml").path) == 0)
        #expect(claim(temp.path + "/work/copy.toml", .reliefCSV) == .inputItself(path: temp.path + "/work/copy.toml"))
        try FileManager.default.removeItem(at: temp.appendingPathComponent("work/copy.toml"))
        let fifo = temp.appendingPathComponent("pipe")
        #expect(mkfifo(fifo.path, 0o600) == 0)
        #expect(claim(fifo.path, .reliefCSV) == .specialFile(path: fifo.path, kind: "a FIFO (named pipe)"))
        // Nothing was created next to any refused target.
        #expect(try Self.names(temp) == ["alias", "in", "late.toml", "pipe", "work"])
        #expect(try Self.names(dataset) == ["dataset.toml"])
    }

    @Test func forceReplacesOnlyWhatKnelpuntWrote() throws {
        let temp = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: temp) }
        let foreign = temp.appendingPathComponent("thesis")
        try Self.write([("chapter1.tex", "x")], in: foreign)
        let refused = Self.refusal { () throws(ReportError) in _ = try OutputClaim(path: foreign.path, kind: .folder, existing: .replace) }
        #expect(refused == .notKnelpuntOutput(path: foreign.path, expected: OutputKind.folder.expectation))
        let empty = temp.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        try OutputClaim(path: empty.path, kind: .folder, existing: .replace).writeFolder([("a.csv", "1\n"), Self.manifest])
        #expect(try Self.names(empty) == ["a.csv", "manifest.json"])
        // A knelpunt folder is replaced; a file is not a folder.
        try OutputClaim(path: empty.path, kind: .folder, existing: .replace).writeFolder([("b.csv", "2\n"), Self.manifest])
        #expect(try Self.names(empty) == ["b.csv", "manifest.json"])
        let notFolder = Self.refusal { () throws(ReportError) in
            _ = try OutputClaim(path: empty.appendingPathComponent("b.csv").path, kind: .folder, existing: .replace)
        }
        #expect(notFolder == .wrongType(path: empty.appendingPathComponent("b.csv").path, expected: "a folder"))
        // Files: recognised by content.
        let mps = temp.appendingPathComponent("model.mps")
        try Data("* Problem:    other\nNAME\n".utf8).write(to: mps)
        #expect(!OutputKind.freeMPS.isKnelpuntFile(mps.path))
        try Data("* Problem:    knelpunt-tiny-2025\n".utf8).write(to: mps)
        #expect(OutputKind.freeMPS.isKnelpuntFile(mps.path) && !OutputKind.cplexLP.isKnelpuntFile(mps.path))
        let relief = temp.appendingPathComponent("relief.csv")
        try Data(("\u{FEFF}" + ReliefTables.header.joined(separator: ";") + "\n").utf8).write(to: relief)
        #expect(OutputKind.reliefCSV.isKnelpuntFile(relief.path))
        try Data("year,asset\n".utf8).write(to: relief)
        #expect(!OutputKind.reliefCSV.isKnelpuntFile(relief.path))
        // Generated datasets and MathProg tables carry the marker line.
        let generated = temp.appendingPathComponent("gen")
        try Self.write([("dataset.toml", OutputKind.knelpuntMarker + " generate\nname = \"gen\"\n")], in: generated)
        #expect(OutputKind.isKnelpuntFolder(generated.path))
        try Self.write([("dataset.toml", "name = \"gen\"\n")], in: generated)
        #expect(!OutputKind.isKnelpuntFolder(generated.path))
    }

    @Test(arguments: [true, false])
    func replacementLeavesNoStagingBehind(useExchange: Bool) throws {
        let temp = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: temp) }
        let out = temp.appendingPathComponent("out")
        try Self.write([("old.csv", "old\n"), Self.manifest], in: out)
        let claim = try OutputClaim(path: out.path, kind: .folder, existing: .replace)
        claim.useExchange = useExchange
        #expect(FileManager.default.fileExists(atPath: temp.appendingPathComponent(".out.lock").path))
        try claim.writeFolder([("new.csv", "new\n"), Self.manifest])
        claim.release()
        #expect(try Self.names(out) == ["manifest.json", "new.csv"])
        #expect(try Self.names(temp) == ["out"])
    }

    @Test func aSwapCutBetweenItsTwoRenamesIsUndoneAtTheNextStart() throws {
        let temp = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: temp) }
        let dead = try Self.deadPID()
        // The state a kill between X → .X.old-PID and staging → X leaves.
        try Self.write([("old.csv", "old\n"), Self.manifest], in: temp.appendingPathComponent(".out.old-\(dead)"))
        try Self.write([("new.csv", "half\n")], in: temp.appendingPathComponent(".out.partial-\(dead)"))
        // Without --force the recovered output is there again, so it is refused, and kept.
        let refused = Self.refusal { () throws(ReportError) in
            _ = try OutputClaim(path: temp.appendingPathComponent("out").path, kind: .folder, existing: .refuse)
        }
        #expect(refused == .outputExists(path: temp.appendingPathComponent("out").path))
        #expect(try Self.names(temp) == ["out"])
        #expect(try Self.names(temp.appendingPathComponent("out")) == ["manifest.json", "old.csv"])
    }

    @Test func staleStagingOfDeadRunsIsCleanedAndLiveOnesAreKept() throws {
        let temp = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: temp) }
        let dead = try Self.deadPID()
        try Self.write([("a.csv", "new\n"), Self.manifest], in: temp.appendingPathComponent("out"))
        try Self.write([("a.csv", "old\n")], in: temp.appendingPathComponent(".out.old-\(dead)"))
        try Self.write([("a.csv", "partial\n")], in: temp.appendingPathComponent(".out.partial-\(dead)"))
        try Self.write([("a.csv", "other\n")], in: temp.appendingPathComponent(".other.partial-\(dead)"))
        try Self.write([("a.csv", "live\n")], in: temp.appendingPathComponent(".out.partial-1")) // PID 1 is alive
        let claim = try OutputClaim(path: temp.appendingPathComponent("out").path, kind: .folder, existing: .replace)
        claim.release()
        #expect(try Self.names(temp) == [".other.partial-\(dead)", ".out.partial-1", "out"])
        #expect(try String(contentsOf: temp.appendingPathComponent("out/a.csv"), encoding: .utf8) == "new\n")
    }

    @Test func aSecondWriterIsToldWhoHoldsTheTargetOrWaits() throws {
        let temp = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: temp) }
        let out = temp.appendingPathComponent("out").path
        let first = try OutputClaim(path: out, kind: .folder, existing: .refuse)
        let busy = Self.refusal { () throws(ReportError) in
            _ = try OutputClaim(path: out, kind: .folder, existing: .refuse, lockWaitSeconds: 0.2)
        }
        #expect(busy == .busy(path: out, pid: getpid()))
        #expect(busy?.description.contains("another knelpunt run (PID \(getpid())) is writing \(out)") == true)
        // The second one gets the lock once the first has swapped its output in and released.
        let released = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            try? first.writeFolder([("a.csv", "1\n"), Self.manifest])
            usleep(200_000)
            first.release()
            released.signal()
        }
        let second = try OutputClaim(path: out, kind: .folder, existing: .replace, lockWaitSeconds: 10)
        released.wait()
        try second.writeFolder([("b.csv", "2\n"), Self.manifest])
        second.release()
        #expect(try Self.names(temp) == ["out"])
        #expect(try Self.names(temp.appendingPathComponent("out")) == ["b.csv", "manifest.json"])
    }

    @Test func fileSystemErrorsReadAsTheSystemsReason() {
        let wrapped = NSError(
            domain: NSCocoaErrorDomain, code: 512, userInfo: [NSUnderlyingErrorKey: NSError(domain: NSPOSIXErrorDomain, code: Int(EBUSY))])
        #expect(ReportError.reason(wrapped) == String(cString: strerror(EBUSY)))
        #expect(ReportError.reason(CocoaError(.fileWriteNoPermission)) == String(cString: strerror(EACCES)))
        #expect(!ReportError.reason(NSError(domain: NSCocoaErrorDomain, code: 512)).contains("NSCocoaErrorDomain"))
    }
}
