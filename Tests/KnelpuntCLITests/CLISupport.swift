// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser
import Foundation

@testable import knelpunt

/// Runs `knelpunt` commands: parsed and run in this process (``run(_:)``), or as the built
/// executable, as a user would (``runProcess(_:in:)``).
struct CLI {
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Dataset names and relative paths resolve against the repository, as in ``runProcess(_:in:)``.
    private static let inRepository: Void = {
        _ = FileManager.default.changeCurrentDirectoryPath(repositoryRoot.path)
    }()

    /// Parses and runs `arguments` in this process as `knelpunt`'s `main` does: the output and
    /// the exit code a user would see, without starting a process.
    static func run(_ arguments: [String]) -> Output {
        _ = inRepository
        let capture = Capture()
        let console = Console(output: { capture.append($0, error: false) }, error: { capture.append($0, error: true) }, isTerminal: false)
        let status = Console.$current.withValue(console) { () -> Int32 in
            do {
                var command = try Knelpunt.parseAsRoot(arguments)
                try command.run()
                return 0
            } catch {
                let code = Knelpunt.exitCode(for: error)
                let message = Knelpunt.fullMessage(for: error)
                if !message.isEmpty { capture.append(message + "\n", error: code != .success) }
                return code.rawValue
            }
        }
        return Output(status: status, stdout: capture.text(error: false), stderr: capture.text(error: true))
    }

    /// Text written by a command run in process.
    private final class Capture: @unchecked Sendable {
        private let lock = NSLock()
        private var stdout = "", stderr = ""

        func append(_ text: String, error: Bool) {
            lock.lock()
            defer { lock.unlock() }
            if error { stderr += text } else { stdout += text }
        }

        func text(error: Bool) -> String {
            lock.lock()
            defer { lock.unlock() }
            return error ? stderr : stdout
        }
    }

    /// The `knelpunt` binary next to the test bundle.
    static var executable: URL {
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = folder.appendingPathComponent("knelpunt")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        return repositoryRoot.appendingPathComponent(".build/debug/knelpunt")
    }

    /// Runs the built executable in `directory`: the true end-to-end path (exit status, the
    /// split of standard output and error).
    static func runProcess(_ arguments: [String], in directory: URL = repositoryRoot) throws -> Output {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdoutData = out.fileHandleForReading.readDataToEndOfFile()
        let stderrData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(
            status: process.terminationStatus, stdout: String(decoding: stdoutData, as: UTF8.self),
            stderr: String(decoding: stderrData, as: UTF8.self))
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("knelpunt-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
