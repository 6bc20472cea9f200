// SPDX-License-Identifier: GPL-3.0-or-later
import Dispatch
import Foundation
import KnelpuntGLPK
import KnelpuntLP
import Testing

/// Many independent solves on many threads at once. Each solve is one synchronous call that
/// creates, uses and frees its GLPK problem on the worker thread that runs it (GLPK's
/// environment is thread-local); nothing crosses an `await`.
@Suite("GLPK concurrency")
struct ConcurrencyTests {
    /// What one worker found; checked on the test's own thread afterwards.
    struct Outcome: Sendable {
        var label: String
        var problems: [String] = []
    }

    /// A job: an LP with its independently known optimum (and primal point, when unique).
    struct Job: Sendable {
        var label: String
        var lp: LinearProgram
        var objective: Double
        var primal: [Double]?
    }

    /// 240 planted transportation problems (3–9 sources × 3–9 sinks, different seeds, so
    /// different optima) plus every optimal catalogue LP scaled by 1…4 (objective and primal
    /// scale with the costs and right-hand sides: c·k and b·k give objective·k², x·k).
    static func jobs() -> [Job] {
        var jobs = [Job]()
        for seed in 0..<240 {
            let planted = PlantedTransport(sources: 3 + seed % 7, sinks: 3 + (seed / 7) % 7, seed: UInt64(1000 + seed))
            jobs.append(Job(label: planted.lp.name, lp: planted.lp, objective: planted.objective, primal: planted.plan))
        }
        for item in LPCatalogue.optimal where item.lp.objectiveConstant == 0 {
            for factor in 1...4 {
                let k = Double(factor)
                var lp = item.lp
                for j in 0..<lp.columnCount {
                    let column = lp.columns[j]
                    lp.setColumnBounds(j, lower: column.lowerBound * k, upper: column.upperBound * k)
                    lp.setCost(j, column.cost * k)
                }
                for i in 0..<lp.rowCount {
                    lp.setRowBounds(i, lower: lp.rows[i].lowerBound * k, upper: lp.rows[i].upperBound * k)
                }
                jobs.append(
                    Job(
                        label: "\(item.name)×\(factor)", lp: lp, objective: (item.objective ?? 0) * k * k,
                        primal: item.primal.map { $0.map { $0 * k } }))
            }
        }
        return jobs
    }

    static func run(_ job: Job) -> Outcome {
        var outcome = Outcome(label: job.label)
        do {
            let result = try GLPKSolver().solve(job.lp)
            guard result.isSolvedAndFeasible(requireDual: true) else {
                outcome.problems.append("not optimal: \(result.raw.message)")
                return outcome
            }
            let report = FeasibilityReport.check(job.lp, result)
            if !report.isFeasible { outcome.problems.append("FeasibilityReport: \(report.violations)") }
            let objective = result.objectiveValue ?? .nan
            if !isClose(objective, job.objective, absolute: 1e-9, relative: 1e-9) {
                outcome.problems.append("objective \(objective), expected \(job.objective)")
            }
            if let primal = job.primal,
                zip(result.columnValues, primal).contains(where: { !isClose($0, $1, absolute: 1e-7, relative: 1e-9) })
            {
                outcome.problems.append("primal differs from the known optimum")
            }
        } catch {
            outcome.problems.append("threw \(error)")
        }
        return outcome
    }

    @Test("hundreds of LPs solved concurrently on many threads")
    func concurrentSolves() throws {
        let jobs = Self.jobs()
        try #require(jobs.count >= 200)
        let lock = NSLock()
        nonisolated(unsafe) var outcomes = [Outcome?](repeating: nil, count: jobs.count)
        DispatchQueue.concurrentPerform(iterations: jobs.count) { index in
            let outcome = Self.run(jobs[index])
            lock.lock()
            outcomes[index] = outcome
            lock.unlock()
        }
        let finished = outcomes.compactMap { $0 }
        #expect(finished.count == jobs.count)
        let failures = finished.filter { !$0.problems.isEmpty }
        #expect(failures.isEmpty, "\(failures.count) of \(jobs.count) failed, e.g. \(failures.prefix(3).map { "\($0.label): \($0.problems)" })")
    }

    /// The same jobs on explicit `Thread`s (8 workers taking every 8th job), each checked.
    /// (`concurrentPerform` may use fewer threads when the pool is busy with other tests; these
    /// are guaranteed to be 8 distinct OS threads running at once.)
    @Test("explicit threads agree")
    func explicitThreads() throws {
        let jobs = Array(Self.jobs().prefix(120))
        let workers = 8
        let lock = NSLock()
        let group = DispatchGroup()
        nonisolated(unsafe) var outcomes = [Outcome]()
        nonisolated(unsafe) var threadIDs = Set<UInt>()
        // A barrier: every worker starts solving only once all are alive, so they overlap and
        // their thread ids are distinct.
        let arrived = DispatchGroup()
        let go = DispatchSemaphore(value: 0)
        for worker in 0..<workers {
            group.enter()
            arrived.enter()
            let thread = Thread {
                lock.lock()
                threadIDs.insert(UInt(pthread_self()))
                lock.unlock()
                arrived.leave()
                go.wait()
                let mine = stride(from: worker, to: jobs.count, by: workers).map { Self.run(jobs[$0]) }
                lock.lock()
                outcomes.append(contentsOf: mine)
                lock.unlock()
                group.leave()
            }
            thread.start()
        }
        arrived.wait()
        for _ in 0..<workers { go.signal() }
        group.wait()
        #expect(outcomes.count == jobs.count)
        #expect(threadIDs.count == workers, "jobs ran on \(threadIDs.count) distinct threads")
        let failures = outcomes.filter { !$0.problems.isEmpty }
        #expect(failures.isEmpty, "\(failures.prefix(3).map { "\($0.label): \($0.problems)" })")
    }
}
