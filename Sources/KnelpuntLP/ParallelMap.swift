// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// Runs `body(0..<count)` on up to `workers` OS threads and returns the results in index order.
///
/// Each call of `body` runs start to finish on one thread, which is what GLPK needs: its
/// environment is thread-local, so a problem must be created, solved and freed on one thread.
/// Results are deterministic (placed by index), whatever the scheduling.
public func parallelMap<T: Sendable>(count: Int, workers: Int, _ body: @escaping @Sendable (Int) -> T) -> [T] {
    guard count > 0 else { return [] }
    let threads = max(1, min(workers, count))
    if threads == 1 { return (0..<count).map(body) }
    let state = ParallelState<T>(count: count)
    let group = DispatchGroup()
    for _ in 0..<threads {
        group.enter()
        let thread = Thread {
            while let index = state.nextIndex() {
                state.store(body(index), at: index)
            }
            group.leave()
        }
        thread.stackSize = 8 << 20
        thread.start()
    }
    group.wait()
    return state.results()
}

/// Shared work queue and result slots of ``parallelMap(count:workers:_:)``.
private final class ParallelState<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    private let count: Int
    private var slots: [T?]

    init(count: Int) {
        self.count = count
        slots = Array(repeating: nil, count: count)
    }

    func nextIndex() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard next < count else { return nil }
        next += 1
        return next - 1
    }

    func store(_ value: T, at index: Int) {
        lock.lock()
        defer { lock.unlock() }
        slots[index] = value
    }

    func results() -> [T] {
        lock.lock()
        defer { lock.unlock() }
        return slots.map { $0! }
    }
}
