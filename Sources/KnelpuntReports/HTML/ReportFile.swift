// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// Writes one report file through an ``OutputClaim``: a hidden temporary file next to the
/// target, renamed into place only when complete. `--force` replaces only a Knelpunt report.
public struct ReportFile: Sendable {
    public let url: URL
    public var force: Bool

    public init(url: URL, force: Bool) {
        self.url = url
        self.force = force
    }

    /// Writes `contents` (UTF-8); refuses to replace an existing file unless ``force`` is set
    /// and the file is a Knelpunt report.
    public func write(_ contents: String) throws(ReportError) {
        let claim = try OutputClaim(path: url.path, kind: .htmlReport, existing: force ? .replace : .refuse)
        defer { claim.release() }
        try claim.writeFile(Data(contents.utf8))
    }
}
