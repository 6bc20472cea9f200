// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// An exclusive `flock(2)` on a lock file next to an output (`.X.lock`), holding the owner's
/// PID: it serialises Knelpunt runs writing the same `--out` from the target check to the swap.
///
/// The lock file is removed on release. A run that was waiting on the removed file notices
/// (its descriptor no longer matches the path) and locks the new one, so two runs never both
/// believe they hold the lock.
final class OutputLock: @unchecked Sendable {
    let path: String
    private var descriptor: Int32

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = descriptor
    }

    deinit { release() }

    /// Locks `path`, retrying for up to `waitSeconds`; then throws ``ReportError/busy(path:pid:)``
    /// naming `target` and the holder's PID.
    static func acquire(_ path: String, for target: String, waitSeconds: Double) throws(ReportError) -> OutputLock {
        let deadline = Date().addingTimeInterval(max(0, waitSeconds))
        while true {
            let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o644)
            guard descriptor >= 0 else { throw .writeFailed(path: path, reason: String(cString: strerror(errno))) }
            if flock(descriptor, LOCK_EX | LOCK_NB) == 0 {
                guard isStillLinked(descriptor, path: path) else {
                    close(descriptor)
                    continue
                }
                let pid = Array("\(getpid())\n".utf8)
                _ = ftruncate(descriptor, 0)
                _ = pid.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, pid.count, 0) }
                return OutputLock(path: path, descriptor: descriptor)
            }
            let failure = errno
            let holder = readPID(descriptor)
            close(descriptor)
            guard failure == EWOULDBLOCK || failure == EINTR else {
                throw .writeFailed(path: path, reason: String(cString: strerror(failure)))
            }
            if Date() >= deadline { throw .busy(path: target, pid: holder) }
            usleep(50_000)
        }
    }

    /// Removes the lock file and unlocks (in that order: see the type's comment).
    func release() {
        guard descriptor >= 0 else { return }
        if isStillLinked(descriptor, path: path) { unlink(path) }
        close(descriptor)
        descriptor = -1
    }

    private static func isStillLinked(_ descriptor: Int32, path: String) -> Bool {
        var open = stat()
        var named = stat()
        guard fstat(descriptor, &open) == 0, lstat(path, &named) == 0 else { return false }
        return open.st_dev == named.st_dev && open.st_ino == named.st_ino
    }

    private func isStillLinked(_ descriptor: Int32, path: String) -> Bool {
        Self.isStillLinked(descriptor, path: path)
    }

    private static func readPID(_ descriptor: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, 32, 0) }
        guard count > 0 else { return nil }
        return Int32(String(decoding: buffer.prefix(count), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
