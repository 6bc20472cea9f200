// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// One run's checked and locked `--out` target. Creating it applies the output-safety policy
/// (README "Output safety") before any solving starts; the `write…` methods check again and
/// swap the new output into place atomically.
///
/// Policy, whatever `--force` says: no empty path, no `/`, nothing in /dev, /proc or /sys, not
/// the current folder or an ancestor of it, no device, FIFO, socket or symbolic link, not an
/// input of the run, no folder holding an input, nothing inside an input folder. Paths are
/// compared after resolving symbolic links in the parent folders. An existing target is
/// refused without `--force`; with it only an empty folder or one Knelpunt wrote
/// (``OutputKind/folder``), or a regular file Knelpunt wrote of the same kind, is replaced.
///
/// Concurrent runs writing one target are serialised by an ``OutputLock`` on `.X.lock` next to
/// it, held from this check until ``release()``.
///
/// Replacing a folder: the new files go into `.X.partial-PID`, which `renameat2(RENAME_EXCHANGE)`
/// swaps with X in one step; the old content, now at the staging name, is deleted. Where the
/// file system lacks the exchange (EINVAL, ENOSYS), two renames do it: X → `.X.old-PID`, then
/// staging → X, then the old copy is deleted. A crash between the two renames leaves no X and an
/// `.X.old-PID` of a dead process: the next claim of X renames it back. Leftover
/// `.X.partial-PID` and `.X.old-PID` of dead processes are deleted by the next claim. Single
/// files are written to `.X.partial-PID` and renamed over X (rename(2) is atomic for files).
public final class OutputClaim: @unchecked Sendable {
    /// What to do with an existing target.
    public enum Existing: Sendable {
        /// Refuse it (no `--force`).
        case refuse
        /// Replace it when it is Knelpunt's (`--force`).
        case replace
        /// Keep it and write into it (`sweep --resume`).
        case keep
    }

    /// The target as given, made absolute.
    public let url: URL
    /// The target with symbolic links in its parent folders resolved: where files go.
    public let resolvedPath: String
    public let kind: OutputKind
    public let existing: Existing
    private let currentDirectory: String
    private let inputs: [(shown: String, resolved: String)]
    private var lock: OutputLock?
    /// False forces the two-rename replacement (tests of the fallback and its recovery).
    var useExchange = true

    /// Checks `path` for a run reading `inputs`, locks it (waiting up to `lockWaitSeconds` for
    /// another run), recovers a half-done swap, cleans stale staging names and checks again.
    public init(
        path: String, kind: OutputKind, existing: Existing, inputs: [URL] = [],
        currentDirectory: String = FileManager.default.currentDirectoryPath, lockWaitSeconds: Double = 2
    ) throws(ReportError) {
        guard !path.isEmpty else { throw .emptyPath }
        let here = Self.realPath(currentDirectory) ?? currentDirectory
        let absolute = path.hasPrefix("/") ? path : here + "/" + path
        url = URL(fileURLWithPath: absolute).standardizedFileURL
        resolvedPath = Self.resolve(absolute)
        self.kind = kind
        self.existing = existing
        self.currentDirectory = here
        self.inputs = inputs.map { ($0.path, Self.resolve($0.path.hasPrefix("/") ? $0.path : here + "/" + $0.path)) }
        try checkHazards()
        try checkExisting()
        try Self.makeFolders(parentPath, shownAs: url.deletingLastPathComponent().path)
        lock = try OutputLock.acquire(sibling("lock"), for: url.path, waitSeconds: lockWaitSeconds)
        recoverStaleNames()
        try checkExisting()
    }

    deinit { release() }

    /// Unlocks the target; a claim that is not released is released when it goes away.
    public func release() {
        lock?.release()
        lock = nil
    }

    /// Checks the target again (call right before writing).
    public func recheck() throws(ReportError) {
        try checkHazards()
        try checkExisting()
    }

    // MARK: Writing

    /// Writes `files` (name → UTF-8 text) as the new folder and swaps it into place.
    public func writeFolder(_ files: [(name: String, contents: String)]) throws(ReportError) {
        do {
            try writeFolder { staging in
                for file in files { try Self.writeDurably(Data(file.contents.utf8), to: staging.appendingPathComponent(file.name).path) }
            }
        } catch let error as ReportError {
            throw error
        } catch {
            throw .writeFailed(path: url.path, reason: ReportError.reason(error))
        }
    }

    /// Lets `build` fill a new staging folder, then swaps it into place. Errors of `build` are
    /// rethrown unchanged (after removing the staging folder).
    public func writeFolder(_ build: (URL) throws -> Void) throws {
        precondition(kind.isFolder, "writeFolder on a \(kind) claim")
        try recheck()
        let staging = sibling("partial-\(getpid())")
        Self.removeTree(staging)
        guard mkdir(staging, 0o755) == 0 else { throw ReportError.writeFailed(path: staging, reason: String(cString: strerror(errno))) }
        do {
            try build(URL(fileURLWithPath: staging, isDirectory: true))
        } catch {
            Self.removeTree(staging)
            throw error
        }
        try installFolder(staging)
    }

    /// Writes `data` to a temporary file next to the target and renames it into place.
    public func writeFile(_ data: Data) throws(ReportError) {
        do {
            try writeFile { temporary in try Self.writeDurably(data, to: temporary) }
        } catch let error as ReportError {
            throw error
        } catch {
            throw .writeFailed(path: url.path, reason: ReportError.reason(error))
        }
    }

    /// Lets `build` write the file at a temporary path next to the target, then renames it into
    /// place. Errors of `build` are rethrown unchanged.
    public func writeFile(_ build: (String) throws -> Void) throws {
        precondition(!kind.isFolder, "writeFile on a folder claim")
        try recheck()
        let temporary = sibling("partial-\(getpid())")
        Self.removeTree(temporary)
        do {
            try build(temporary)
        } catch {
            Self.removeTree(temporary)
            throw error
        }
        guard rename(temporary, resolvedPath) == 0 else {
            let reason = String(cString: strerror(errno))
            Self.removeTree(temporary)
            throw ReportError.writeFailed(path: url.path, reason: reason)
        }
    }

    /// Moves the complete staging folder to the target: RENAME_EXCHANGE, else two renames.
    private func installFolder(_ staging: String) throws(ReportError) {
        var info = stat()
        if lstat(resolvedPath, &info) != 0 {
            guard FileSwap.renameNoReplace(staging, resolvedPath) else {
                let reason = String(cString: strerror(errno))
                Self.removeTree(staging)
                throw .writeFailed(path: url.path, reason: reason)
            }
            return
        }
        if useExchange {
            switch FileSwap.exchange(staging, resolvedPath) {
            case .exchanged:
                Self.removeTree(staging) // the old content now has the staging name
                return
            case .failed(let code):
                Self.removeTree(staging)
                throw .writeFailed(path: url.path, reason: String(cString: strerror(code)))
            case .unsupported:
                break
            }
        }
        let old = sibling("old-\(getpid())")
        Self.removeTree(old)
        guard rename(resolvedPath, old) == 0 else {
            let reason = String(cString: strerror(errno))
            Self.removeTree(staging)
            throw .writeFailed(path: url.path, reason: reason)
        }
        guard rename(staging, resolvedPath) == 0 else {
            let reason = String(cString: strerror(errno))
            _ = rename(old, resolvedPath)
            Self.removeTree(staging)
            throw .writeFailed(path: url.path, reason: reason)
        }
        Self.removeTree(old)
    }

    // MARK: Checks

    private var parentPath: String { (resolvedPath as NSString).deletingLastPathComponent }
    private var name: String { (resolvedPath as NSString).lastPathComponent }

    /// `.X.<suffix>` next to the target.
    func sibling(_ suffix: String) -> String {
        (parentPath as NSString).appendingPathComponent(".\(name).\(suffix)")
    }

    private func checkHazards() throws(ReportError) {
        let target = resolvedPath
        if target == "/" { throw .rootFolder }
        try checkFileType()
        for system in ["/dev", "/proc", "/sys"] where target == system || target.hasPrefix(system + "/") {
            throw .specialFile(path: url.path, kind: "inside \(system), a system folder")
        }
        if target == currentDirectory || Self.isInside(currentDirectory, target) { throw .currentFolder(path: url.path) }
        for input in inputs {
            if input.resolved == target { throw .inputItself(path: url.path) }
            if Self.isInside(input.resolved, target) { throw .containsInput(path: url.path, input: input.shown) }
            if Self.isInside(target, input.resolved) { throw .insideInput(path: url.path, input: input.shown) }
        }
        try checkIdentities()
    }

    /// The same relations by device and inode, for paths that differ but name the same folder
    /// (bind mounts, hard-linked files).
    private func checkIdentities() throws(ReportError) {
        let above = Self.lineage(parentPath)
        if let target = Self.identity(resolvedPath) {
            if Self.lineage(currentDirectory).contains(target) { throw .currentFolder(path: url.path) }
            for input in inputs {
                if Self.identity(input.resolved) == target { throw .inputItself(path: url.path) }
                let above = Self.lineage((input.resolved as NSString).deletingLastPathComponent)
                if above.contains(target) { throw .containsInput(path: url.path, input: input.shown) }
            }
        }
        for input in inputs {
            if let folder = Self.identity(input.resolved), above.contains(folder) { throw .insideInput(path: url.path, input: input.shown) }
        }
    }

    struct Identity: Equatable {
        var device: UInt64
        var inode: UInt64
    }

    static func identity(_ path: String) -> Identity? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        return Identity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }

    /// The identities of `path` (when it exists) and of every existing folder above it.
    static func lineage(_ path: String) -> [Identity] {
        var result: [Identity] = []
        var current = path
        while true {
            if let identity = identity(current) { result.append(identity) }
            guard current != "/" else { return result }
            current = (current as NSString).deletingLastPathComponent
            if current.isEmpty { current = "/" }
        }
    }

    /// Refuses devices, FIFOs, sockets and symbolic links.
    private func checkFileType() throws(ReportError) {
        let target = resolvedPath
        var info = stat()
        guard lstat(target, &info) == 0 else { return }
        switch info.st_mode & S_IFMT {
        case S_IFREG, S_IFDIR: return
        case S_IFLNK:
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let count = readlink(target, &buffer, Int(PATH_MAX))
            let destination = count > 0 ? String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self) : "?"
            throw .symbolicLink(path: url.path, destination: destination)
        case S_IFCHR: throw .specialFile(path: url.path, kind: "a character device")
        case S_IFBLK: throw .specialFile(path: url.path, kind: "a block device")
        case S_IFIFO: throw .specialFile(path: url.path, kind: "a FIFO (named pipe)")
        case S_IFSOCK: throw .specialFile(path: url.path, kind: "a socket")
        default: throw .specialFile(path: url.path, kind: "not a regular file or folder")
        }
    }

    private func checkExisting() throws(ReportError) {
        var info = stat()
        guard lstat(resolvedPath, &info) == 0 else { return }
        let isFolder = info.st_mode & S_IFMT == S_IFDIR
        switch existing {
        case .refuse:
            throw .outputExists(path: url.path)
        case .keep:
            if !isFolder && kind.isFolder { throw .wrongType(path: url.path, expected: "a folder") }
        case .replace:
            if kind.isFolder {
                guard isFolder else { throw .wrongType(path: url.path, expected: "a folder") }
                guard OutputKind.isKnelpuntFolder(resolvedPath) else { throw .notKnelpuntOutput(path: url.path, expected: kind.expectation) }
            } else {
                guard !isFolder else { throw .wrongType(path: url.path, expected: "a file (it is a folder)") }
                guard kind.isKnelpuntFile(resolvedPath) else { throw .notKnelpuntOutput(path: url.path, expected: kind.expectation) }
            }
        }
    }

    /// Under the lock: renames an `.X.old-PID` of a dead process back to X when X is missing
    /// (a swap interrupted between its two renames), and deletes the other staging leftovers.
    private func recoverStaleNames() {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: parentPath) else { return }
        let partial = ".\(name).partial-"
        let old = ".\(name).old-"
        for entry in names.sorted() {
            for prefix in [partial, old] where entry.hasPrefix(prefix) {
                guard let pid = Int32(entry.dropFirst(prefix.count)), Self.isGone(pid) else { continue }
                let path = (parentPath as NSString).appendingPathComponent(entry)
                var info = stat()
                if prefix == old, lstat(resolvedPath, &info) != 0, rename(path, resolvedPath) == 0 { continue }
                Self.removeTree(path)
            }
        }
    }

    /// True when no live process but this one (which holds the lock) can own `pid`'s names.
    static func isGone(_ pid: Int32) -> Bool {
        if pid == getpid() { return true }
        return kill(pid, 0) != 0 && errno == ESRCH
    }

    // MARK: File system helpers

    /// `inner` lies strictly inside `outer`.
    static func isInside(_ inner: String, _ outer: String) -> Bool {
        outer == "/" ? inner != "/" : inner.hasPrefix(outer + "/")
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// The absolute `path` with symbolic links resolved in every existing folder above the last
    /// component; the last component itself is not followed.
    static func resolve(_ absolute: String) -> String {
        var components = absolute.split(separator: "/").map(String.init)
        guard let last = components.last, last != ".", last != ".." else { return resolveFolder(components) }
        components.removeLast()
        let parent = resolveFolder(components)
        return parent == "/" ? "/" + last : parent + "/" + last
    }

    /// The real path of the folder `components`: the longest existing prefix resolved, the rest
    /// applied lexically.
    private static func resolveFolder(_ components: [String]) -> String {
        var existing = components
        var rest: [String] = []
        while realPath("/" + existing.joined(separator: "/")) == nil, let last = existing.popLast() { rest.insert(last, at: 0) }
        var parts = (realPath("/" + existing.joined(separator: "/")) ?? "/").split(separator: "/").map(String.init)
        for part in rest {
            switch part {
            case ".": continue
            case "..": _ = parts.popLast()
            default: parts.append(part)
            }
        }
        return "/" + parts.joined(separator: "/")
    }

    private static func makeFolders(_ path: String, shownAs shown: String) throws(ReportError) {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw .writeFailed(path: shown, reason: ReportError.reason(error))
        }
    }

    static func removeTree(_ path: String) {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Writes `data` to a new file at `path` and waits until it is on disk.
    static func writeDurably(_ data: Data, to path: String) throws(ReportError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard descriptor >= 0 else { throw .writeFailed(path: path, reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        var offset = 0
        while offset < data.count {
            let written = data.withUnsafeBytes { write(descriptor, $0.baseAddress! + offset, data.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                throw .writeFailed(path: path, reason: String(cString: strerror(errno)))
            }
            offset += written
        }
        guard fsync(descriptor) == 0 else { throw .writeFailed(path: path, reason: String(cString: strerror(errno))) }
    }
}

/// `renameat2(2)`, looked up in the C library at run time: Swift's Glibc module hides it (it
/// needs _GNU_SOURCE) and `syscall(2)` is variadic, which Swift cannot call.
enum FileSwap {
    enum Outcome {
        case exchanged, unsupported
        case failed(Int32)
    }

    private typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>?, Int32, UnsafePointer<CChar>?, UInt32) -> Int32
    /// linux/fs.h.
    private static let renameNoReplaceFlag: UInt32 = 1
    private static let renameExchangeFlag: UInt32 = 2

    private static let renameat2: RenameAt2? = {
        guard let symbol = dlsym(dlopen(nil, RTLD_NOW), "renameat2") else { return nil }
        return unsafeBitCast(symbol, to: RenameAt2.self)
    }()

    /// Swaps two existing paths atomically.
    static func exchange(_ first: String, _ second: String) -> Outcome {
        guard let renameat2 else { return .unsupported }
        if renameat2(AT_FDCWD, first, AT_FDCWD, second, renameExchangeFlag) == 0 { return .exchanged }
        let code = errno
        return [EINVAL, ENOSYS, EOPNOTSUPP].contains(code) ? .unsupported : .failed(code)
    }

    /// Renames `source` to `target` when `target` does not exist (plain rename(2) where the
    /// flag is unsupported; the caller holds the target's lock). Sets errno on failure.
    static func renameNoReplace(_ source: String, _ target: String) -> Bool {
        if let renameat2 {
            if renameat2(AT_FDCWD, source, AT_FDCWD, target, renameNoReplaceFlag) == 0 { return true }
            guard [EINVAL, ENOSYS, EOPNOTSUPP].contains(errno) else { return false }
        }
        return rename(source, target) == 0
    }
}
