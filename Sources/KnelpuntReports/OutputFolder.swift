// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// Why an output could not be written, or why Knelpunt refuses to write or replace it. Every
/// message names the path, says why, and what to do instead.
public enum ReportError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The target exists and `--force` was not given.
    case outputExists(path: String)
    /// A file system call failed; `reason` is the system's reason (strerror), never a domain code.
    case writeFailed(path: String, reason: String)
    /// `--out ""`: an empty path (an unset shell variable) would name the current folder.
    case emptyPath
    /// The target is the file system root.
    case rootFolder
    /// The target is the current folder or one of its ancestors.
    case currentFolder(path: String)
    /// The target is a device, FIFO or socket.
    case specialFile(path: String, kind: String)
    /// The target is a symbolic link (to `destination`).
    case symbolicLink(path: String, destination: String)
    /// The target is one of the run's inputs.
    case inputItself(path: String)
    /// The target is a folder that holds one of the run's inputs.
    case containsInput(path: String, input: String)
    /// The target lies inside one of the run's input folders.
    case insideInput(path: String, input: String)
    /// `--force` met a folder or file that Knelpunt did not write.
    case notKnelpuntOutput(path: String, expected: String)
    /// The target is a file where a folder is written, or the other way round.
    case wrongType(path: String, expected: String)
    /// Another run holds the target's lock.
    case busy(path: String, pid: Int32?)

    public var description: String {
        switch self {
        case .outputExists(let path):
            return "\(path) already exists; choose another --out or pass --force to replace it"
        case .writeFailed(let path, let reason):
            return "cannot write \(path): \(reason)"
        case .emptyPath:
            return "--out is empty (an unset shell variable?); name the output explicitly"
        case .rootFolder:
            return "refusing to write to /, the root folder; choose an --out folder of its own, e.g. out/run1"
        case .currentFolder(let path):
            return "refusing to write to \(path): it is the current folder or holds it; choose an --out folder of its own, e.g. out/run1"
        case .specialFile(let path, let kind):
            return "refusing to write to \(path): it is \(kind); choose an ordinary --out file or folder"
        case .symbolicLink(let path, let destination):
            return "refusing to write to \(path): it is a symbolic link to \(destination); name the real path, or remove the link"
        case .inputItself(let path):
            return "refusing to write to \(path): it is an input of this run; choose another --out"
        case .containsInput(let path, let input):
            return "refusing to write to \(path): it holds \(input), an input of this run; choose another --out"
        case .insideInput(let path, let input):
            return "refusing to write to \(path): it lies inside \(input), an input of this run; choose an --out outside it"
        case .notKnelpuntOutput(let path, let expected):
            return "refusing to replace \(path): --force replaces only \(expected), and this was not written by knelpunt; "
                + "choose another --out, or move it away yourself"
        case .wrongType(let path, let expected):
            return "refusing to replace \(path): it is not \(expected); choose another --out"
        case .busy(let path, let pid):
            let who = pid.map { "another knelpunt run (PID \($0))" } ?? "another knelpunt run"
            return "\(who) is writing \(path); wait until it has finished, or choose another --out"
        }
    }

    /// The system's reason for a failed file operation: the POSIX error's text when Foundation
    /// wraps one (never "NSCocoaErrorDomain error 512").
    public static func reason(_ error: any Error) -> String {
        if let posix = error as? POSIXError { return String(cString: strerror(posix.code.rawValue)) }
        let nsError = error as NSError
        if nsError.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(nsError.code))) }
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError { return reason(underlying) }
        if let code = (error as? CocoaError)?.code {
            switch code {
            case .fileNoSuchFile, .fileReadNoSuchFile: return String(cString: strerror(ENOENT))
            case .fileWriteNoPermission, .fileReadNoPermission: return String(cString: strerror(EACCES))
            case .fileWriteOutOfSpace: return String(cString: strerror(ENOSPC))
            case .fileWriteVolumeReadOnly: return String(cString: strerror(EROFS))
            case .fileWriteFileExists: return String(cString: strerror(EEXIST))
            default: break
            }
        }
        if nsError.domain == NSCocoaErrorDomain { return "the file system refused (\(nsError.localizedFailureReason ?? "no reason given"))" }
        return "\(error)"
    }
}

/// Writes a set of files as one output folder, through an ``OutputClaim``: the checks of
/// docs/output-safety (in README "Output safety"), then an atomic swap into place.
public struct OutputFolder: Sendable {
    public let url: URL
    public var force: Bool

    public init(url: URL, force: Bool) {
        self.url = url
        self.force = force
    }

    /// Writes `files` (name → UTF-8 text, in the given order) and swaps them into place.
    public func write(_ files: [(name: String, contents: String)]) throws(ReportError) {
        let claim = try OutputClaim(path: url.path, kind: .folder, existing: force ? .replace : .refuse)
        defer { claim.release() }
        try claim.writeFolder(files)
    }
}
