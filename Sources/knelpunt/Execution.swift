// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser
import Foundation
import KnelpuntAnalysis
import KnelpuntData
import KnelpuntLP
import KnelpuntReports

/// Where commands write text: the process's standard output and error, or a capture in tests.
struct Console: Sendable {
    var output: @Sendable (String) -> Void
    var error: @Sendable (String) -> Void
    /// Progress lines are drawn only on a terminal.
    var isTerminal: Bool

    /// Standard output and standard error of the process.
    static let standard = Console(
        output: { print($0, terminator: "") },
        error: { FileHandle.standardError.write(Data($0.utf8)) },
        isTerminal: isatty(STDERR_FILENO) != 0)

    /// The console of the running command (tests bind their own).
    @TaskLocal static var current = Console.standard
}

/// Writes a line to standard output.
func printOutput(_ text: String, terminator: String = "\n") {
    Console.current.output(text + terminator)
}

/// Writes a line to standard error.
func printError(_ text: String) {
    Console.current.error(text + "\n")
}

/// Prints `error` and returns its exit code: the one place where failures become sysexits.
func exitStatus(reporting error: any Error) -> ExitCode {
    if let code = error as? ExitCode { return code }
    printError("knelpunt: \(error)")
    return exitStatus(for: error)
}

/// The exit code of a library failure: bad input data 65, a bug or solver trouble 70 (a failed
/// verification or optimality certificate too), unwritable output 73.
func exitStatus(for error: any Error) -> ExitCode {
    switch error {
    case let code as ExitCode:
        return code
    case is AnalysisError:
        // Validated data always has an optimum: a failed solve is solver trouble, a limit or a bug.
        return ExitStatus.internalError
    case let failure as SweepRunner.Failure:
        switch failure {
        case .scenario: return ExitStatus.dataError
        case .analysis(_, let error): return exitStatus(for: error)
        case .interrupted: return ExitStatus.incomplete
        }
    case let failure as ReliefCurve.Failure:
        switch failure {
        case .unknownAsset, .scenario: return ExitStatus.dataError
        case .analysis(let error): return exitStatus(for: error)
        }
    case is DatasetError:
        return ExitStatus.dataError
    case let journal as SweepJournalError:
        return journal.kind == .corrupt ? ExitStatus.dataError : ExitStatus.cannotCreate
    case is ReportError:
        return ExitStatus.cannotCreate
    default:
        return ExitStatus.internalError
    }
}

/// Runs allocations with a progress line of `total` steps (cleared afterwards); a failure is
/// printed and rethrown as its exit code.
func runWithProgress<T>(
    total: Int, alreadyDone: Int = 0, unit: String = "", quiet: Bool, _ body: (ProgressLine) throws -> T
) throws -> T {
    let progress = ProgressLine(total: total, alreadyDone: alreadyDone, unit: unit, enabled: Console.current.isTerminal && !quiet)
    defer { progress.finish() }
    do {
        return try body(progress)
    } catch {
        throw exitStatus(reporting: error)
    }
}

/// Writes outputs to `url`; a failure is printed and becomes exit 73 (70 when the LP to write
/// is invalid: a bug in the model builder).
func writeOutput(_ url: URL, _ write: () throws -> Void) throws {
    do {
        try write()
    } catch let error as ExitCode {
        throw error
    } catch {
        switch error {
        case is ReportError, is SweepJournalError: printError("knelpunt: \(error)")
        case is SolverError: printError("knelpunt: cannot write \(url.path): \(error)")
        default: printError("knelpunt: cannot write \(url.path): \(ReportError.reason(error))")
        }
        if let error = error as? SolverError, case .invalidModel = error { throw ExitStatus.internalError }
        if let error = error as? SweepJournalError, error.kind == .corrupt { throw ExitStatus.dataError }
        throw ExitStatus.cannotCreate
    }
}

/// The manifest's `options` entries for a run with `options`; `extra` adds the command's own.
func manifestOptions(_ options: AllocationOptions, strict: Bool, scenario: ScenarioFile? = nil, extra: [String: String] = [:]) -> [String: String] {
    var entries = [
        "policy": options.policy.rawValue, "view": options.view.rawValue, "verify": String(options.verify),
        "decomposition": options.decomposition.rawValue,
        "cost_tie_break": options.costTieBreak.rawValue, "workers": String(options.workers), "method": options.solveOptions.method.rawValue,
        "presolve": String(options.solveOptions.presolve), "scaling": String(options.solveOptions.scaling),
        "primal_feasibility_tolerance": String(options.solveOptions.primalFeasibilityTolerance),
        "dual_feasibility_tolerance": String(options.solveOptions.dualFeasibilityTolerance),
        "fairness_share_tolerance": String(options.fairness.share), "fairness_rise_tolerance": String(options.fairness.rise),
        "strict": String(strict), "capacity_map": String(options.capacityMap),
    ]
    if let limit = options.solveOptions.timeLimitSeconds { entries["time_limit_seconds"] = String(limit) }
    if let limit = options.solveOptions.iterationLimit { entries["iteration_limit"] = String(limit) }
    if let scenario {
        entries["scenario_file"] = scenario.path
        entries["scenario_sha256"] = scenario.sha256
    }
    return entries.merging(extra) { $1 }
}

/// A progress line on standard error, redrawn in place on a terminal: a bar, the count, the
/// rate and time left once known, and the last step's label.
final class ProgressLine: @unchecked Sendable {
    private let lock = NSLock()
    private let total: Int
    private let alreadyDone: Int
    private let unit: String
    private let enabled: Bool
    private var done: Int
    private var note = ""
    private let start = DispatchTime.now()
    private let console = Console.current

    init(total: Int, alreadyDone: Int = 0, unit: String = "", enabled: Bool) {
        self.total = total
        self.alreadyDone = alreadyDone
        self.unit = unit
        self.enabled = enabled
        done = alreadyDone
        if enabled { draw(label: "") }
    }

    /// Counts one step done.
    func advance(label: String = "") {
        lock.lock()
        defer { lock.unlock() }
        done += 1
        if enabled { draw(label: label) }
    }

    /// Text shown after the counts from now on (e.g. a sweep's widest interval); redraws the line.
    func setNote(_ text: String) {
        lock.lock()
        defer { lock.unlock() }
        note = text
        if enabled { draw(label: "") }
    }

    private func draw(label: String) {
        let width = 30
        let filled = total > 0 ? min(width, done * width / total) : width
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        var text = "\r\u{1B}[K[\(bar)] \(done)/\(total)" + (unit.isEmpty ? "" : " \(unit)")
        let elapsed = secondsSince(start)
        let fresh = done - alreadyDone
        if fresh > 0, elapsed > 0 {
            let perSecond = Double(fresh) / elapsed
            text += "  \(CSVTable.fixed(perSecond * 60, decimals: 1))/min  ETA \(Self.duration(Double(total - done) / perSecond))"
        }
        if !note.isEmpty { text += "  \(note)" }
        if !label.isEmpty { text += "  \(label)" }
        console.error(text)
    }

    /// `1h05m`, `3m07s` or `42s`.
    static func duration(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded())
        if whole >= 3600 { return "\(whole / 3600)h\(String(format: "%02d", whole % 3600 / 60))m" }
        if whole >= 60 { return "\(whole / 60)m\(String(format: "%02d", whole % 60))s" }
        return "\(whole)s"
    }

    /// Clears the line.
    func finish() {
        guard enabled else { return }
        console.error("\r\u{1B}[K")
    }
}

/// Prints LP scaling warnings (``AllocationOptions/numericalWarnings``) on standard error, each
/// text once: scenarios and sweep members repeat the same LPs.
final class NumericalWarnings: @unchecked Sendable {
    private let lock = NSLock()
    private var printed: Set<String> = []

    func print(year: Int, warnings: [String]) {
        lock.lock()
        defer { lock.unlock() }
        for warning in warnings where printed.insert(warning).inserted {
            printError(
                "knelpunt: warning: year \(year): the allocation LP is badly scaled: \(warning); GLPK may report numerical trouble or an inexact optimum, so check the inputs named there (ranges: docs/numerics.md)"
            )
        }
    }
}
