// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// Writes one report file atomically: the text goes into a hidden temporary file next to the
/// target, which is renamed into place only when complete.
public struct ReportFile: Sendable {
    public let url: URL
    public var force: Bool

    public init(url: URL, force: Bool) {
        self.url = url
        self.force = force
    }

    /// Writes `contents` (UTF-8); refuses to replace an existing file unless ``force`` is set.
    public func write(_ contents: String) throws(ReportError) {
        let manager = FileManager.default
        if manager.fileExists(atPath: url.path), !force { throw .outputExists(path: url.path) }
        let folder = url.deletingLastPathComponent()
        let staging = folder.appendingPathComponent(".\(url.lastPathComponent).partial-\(ProcessInfo.processInfo.processIdentifier)")
        do {
            try manager.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(contents.utf8).write(to: staging)
        } catch {
            try? manager.removeItem(at: staging)
            throw .writeFailed(path: url.path, reason: "\(error.localizedDescription)")
        }
        // rename(2) replaces an existing file atomically.
        guard rename(staging.path, url.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? manager.removeItem(at: staging)
            throw .writeFailed(path: url.path, reason: reason)
        }
    }
}
