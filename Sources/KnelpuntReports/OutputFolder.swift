// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// Why an export could not be written.
public enum ReportError: Error, CustomStringConvertible, Sendable {
    case outputExists(path: String)
    case writeFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case .outputExists(let path):
            return "\(path) already exists; choose another --out folder or pass --force to replace it"
        case .writeFailed(let path, let reason):
            return "cannot write \(path): \(reason)"
        }
    }
}

/// Writes a set of files into a folder atomically: everything goes into a hidden staging folder
/// next to the target, which is renamed into place only when every file is complete, so a crash
/// or Ctrl-C never leaves a half-written export.
public struct OutputFolder: Sendable {
    public let url: URL
    public var force: Bool

    public init(url: URL, force: Bool) {
        self.url = url
        self.force = force
    }

    /// Writes `files` (name → UTF-8 text, in the given order) and moves them into place.
    public func write(_ files: [(name: String, contents: String)]) throws(ReportError) {
        let manager = FileManager.default
        if manager.fileExists(atPath: url.path), !force { throw .outputExists(path: url.path) }
        let parent = url.deletingLastPathComponent()
        let staging = parent.appendingPathComponent(".\(url.lastPathComponent).partial-\(ProcessInfo.processInfo.processIdentifier)")
        do {
            try? manager.removeItem(at: staging)
            try manager.createDirectory(at: staging, withIntermediateDirectories: true)
            for file in files {
                try Data(file.contents.utf8).write(to: staging.appendingPathComponent(file.name), options: .atomic)
            }
            if manager.fileExists(atPath: url.path) {
                let old = parent.appendingPathComponent(".\(url.lastPathComponent).old-\(ProcessInfo.processInfo.processIdentifier)")
                try manager.moveItem(at: url, to: old)
                try manager.moveItem(at: staging, to: url)
                try manager.removeItem(at: old)
            } else {
                try manager.moveItem(at: staging, to: url)
            }
        } catch {
            try? manager.removeItem(at: staging)
            throw .writeFailed(path: url.path, reason: "\(error.localizedDescription)")
        }
    }
}
