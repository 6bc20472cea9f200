// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser
import Foundation
import KnelpuntAnalysis
import KnelpuntData
import KnelpuntGLPK
import KnelpuntModel
import KnelpuntReports

struct Sweep: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run many scenarios (a grid or a seeded Monte Carlo of project delays) and summarise them.",
        discussion: """
        The spec (TOML, see docs/scenarios.md) generates the scenarios. They run in parallel, each \
        on one thread; years a scenario leaves unchanged are taken from the base case and the others \
        start from the base's optimal basis of that year. Every finished scenario is appended to \
        sweep.journal in the output folder (fsync'ed), so an interrupted sweep continues with \
        --resume. --shard K/N runs every N-th scenario starting at the K-th; `knelpunt merge` \
        combines the shard folders into exactly what one run writes. Writes sweep.csv (one row per \
        scenario and year), sweep-percentiles.csv, sweep.journal and manifest.json.
        """)

    @Argument(help: "Dataset folder, or a name under ./datasets (default: the spec's `base`, else nl).")
    var dataset: String?

    @Option(help: "Sweep spec file (TOML, see docs/scenarios.md).")
    var spec: String

    @Option(help: "Scenarios solved in parallel (one thread each).")
    var workers: Int = 2

    @Flag(help: "Continue an interrupted sweep in the same output folder, keeping its finished scenarios.")
    var resume = false

    @Option(help: "Run only shard K of N (every N-th scenario from the K-th), e.g. 2/4.")
    var shard: String?

    @Option(help: "Output folder (default: out/<dataset>-sweep-<spec file name>[-shard-K-of-N]).")
    var out: String?

    @Option(name: .customLong("csv-dialect"), help: "en (, and .) or nl (; and decimal comma, with BOM).")
    var csvDialect: String = CSVDialect.en.rawValue

    /// Test hook: stop after this many scenarios have been started in this run (simulates a kill).
    @Option(help: .hidden)
    var stopAfter: Int?

    @OptionGroup var flags: RunFlags

    func validate() throws {
        guard (1...256).contains(workers) else { throw ValidationError("--workers must be between 1 and 256") }
        if let shard { _ = try Self.parseShard(shard) }
        if resume && flags.force { throw ValidationError("--resume keeps the finished scenarios and --force deletes them; choose one") }
        guard CSVDialect(rawValue: csvDialect) != nil else { throw ValidationError("--csv-dialect '\(csvDialect)' is unknown; choose en or nl") }
        if let stopAfter, stopAfter < 0 { throw ValidationError("--stop-after must be ≥ 0") }
    }

    static func parseShard(_ text: String) throws -> (index: Int, count: Int) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map { Int($0) }
        guard parts.count == 2, let k = parts[0], let n = parts[1], n >= 1, (1...n).contains(k) else {
            throw ValidationError("--shard '\(text)' is not K/N with 1 ≤ K ≤ N, e.g. 1/4")
        }
        return (k, n)
    }

    func run() throws {
        let specBytes = try readInputFile(spec, what: "sweep spec")
        let sweep: SweepSpec
        do {
            sweep = try SweepSpec.parse(specBytes, file: spec)
        } catch {
            for diagnostic in error.diagnostics { printError(diagnostic.description) }
            printError("\(spec): \(error.errorCount) error(s); fix them and run again")
            throw ExitStatus.dataError
        }
        let folder = try resolveDatasetFolder(scenarioDatasetArgument(dataset, base: sweep.base))
        let data = try loadDataset(folder, strict: flags.strict).dataset
        let policy: AllocationPolicy
        do {
            policy = try parsePolicy(sweep.policy ?? AllocationPolicy.cost.rawValue, option: "policy")
        } catch {
            let position = sweep.policyPosition
            printError("\(spec):\(position?.line ?? 1):\(position?.column ?? 1): error [badEnum]: \(error)")
            throw ExitStatus.dataError
        }
        let years: [Int]
        do {
            years = try selectYears(sweep.years, dataset: data)
        } catch {
            printError("\(spec): error [badYear]: \(error)")
            throw ExitStatus.dataError
        }
        let members: [SweepMember]
        do {
            members = try sweep.members(for: data)
        } catch {
            for diagnostic in error.diagnostics { printError(diagnostic.description) }
            throw ExitStatus.dataError
        }
        let (shardIndex, shardCount) = try shard.map(Self.parseShard) ?? (1, 1)
        let mine = members.filter { $0.index % shardCount == shardIndex - 1 }
        let shardText = "\(shardIndex)/\(shardCount)"
        let defaultOut = "out/\(data.info.name)-sweep-\(fileStem(spec))" + (shardCount > 1 ? "-shard-\(shardIndex)-of-\(shardCount)" : "")
        let outURL = URL(fileURLWithPath: out ?? defaultOut)
        let journalURL = outURL.appendingPathComponent(SweepJournal.fileName)
        let header = SweepJournalHeader(
            spec: sweep.name, specSHA256: SHA256.hex(specBytes), datasetSHA256: SweepManifest.datasetFingerprint(folder),
            policy: policy.rawValue, years: years, scenarios: members.count, shard: shardText)

        let manager = FileManager.default
        let journal: SweepJournal
        var finished: [SweepResult] = []
        do {
            if manager.fileExists(atPath: outURL.path) {
                if resume && manager.fileExists(atPath: journalURL.path) {
                    (journal, finished) = try SweepJournal.resume(at: journalURL, header: header)
                } else if flags.force {
                    try manager.removeItem(at: outURL)
                    try manager.createDirectory(at: outURL, withIntermediateDirectories: true)
                    journal = try SweepJournal.create(at: journalURL, header: header)
                } else {
                    printError("\(outURL.path) already exists; pass --resume to continue its sweep, --force to start over, or choose another --out")
                    throw ExitStatus.cannotCreate
                }
            } else {
                try manager.createDirectory(at: outURL, withIntermediateDirectories: true)
                journal = try SweepJournal.create(at: journalURL, header: header)
            }
        } catch let error as SweepJournalError {
            printError("knelpunt: \(error)")
            throw ExitStatus.cannotCreate
        } catch let error as ExitCode {
            throw error
        } catch {
            printError("knelpunt: cannot prepare \(outURL.path): \(error.localizedDescription)")
            throw ExitStatus.cannotCreate
        }

        let done = Set(finished.map(\.index))
        let pending = mine.filter { !done.contains($0.index) }
        var options = AllocationOptions()
        options.policy = policy
        flags.apply(to: &options)
        options.workers = workers
        var clock = DispatchTime.now()
        var baseSeconds = 0.0
        var solved: [SweepResult] = []
        if !pending.isEmpty {
            // The base case gives every scenario-year its warm start.
            let base: BaseCase
            do {
                base = try BaseCase.solve(dataset: data, years: years, solver: GLPKSolver(), options: options)
            } catch {
                throw allocationFailure(error)
            }
            baseSeconds = secondsSince(clock)
            clock = DispatchTime.now()
            let runner = SweepRunner(base: base, solver: GLPKSolver(), options: options)
            let progress = SweepProgress(total: mine.count, alreadyDone: mine.count - pending.count, enabled: standardErrorIsTerminal && !flags.quiet)
            let journalFailure = JournalFailure()
            do throws(SweepRunner.Failure) {
                solved = try runner.run(pending, workers: workers, limit: stopAfter) { result in
                    do {
                        try journal.append(result)
                    } catch {
                        journalFailure.record(error as? SweepJournalError ?? SweepJournalError("\(error)"))
                    }
                    progress.advance()
                }
            } catch {
                progress.finish()
                printError("knelpunt: \(error)")
                switch error {
                case .scenario: throw ExitStatus.dataError
                case .analysis(_, let failure):
                    if case .infeasibleModel = failure { throw ExitStatus.dataError }
                    throw ExitStatus.internalError
                }
            }
            progress.finish()
            if let error = journalFailure.error {
                printError("knelpunt: \(error)")
                throw ExitStatus.cannotCreate
            }
        }
        let seconds = secondsSince(clock)
        let results = finished + solved
        if results.count < mine.count {
            printError("knelpunt: stopped after \(solved.count) scenario(s) in this run; \(mine.count - results.count) of \(mine.count) still to do: run again with --resume")
            throw ExitStatus.incomplete
        }
        let manifest = SweepManifest(
            toolVersion: Knelpunt.toolVersion, solver: GLPKSolver().backendDescription, dataset: data.info.name, datasetFolder: folder,
            spec: sweep.name, specSHA256: header.specSHA256, policy: policy.rawValue, years: years, scenarios: results.count, shard: shardText)
        let dialect = CSVDialect(rawValue: csvDialect)!
        do {
            try SweepOutput.write(results, header: header, manifest: manifest, dialect: dialect, into: outURL)
        } catch {
            printError("knelpunt: cannot write the sweep outputs to \(outURL.path): \(error)")
            throw ExitStatus.cannotCreate
        }
        if !flags.quiet {
            let rate = seconds > 0 ? Double(solved.count) / seconds * 60 : 0
            print("Sweep \"\(sweep.name)\": \(mine.count) scenario(s)\(shardCount > 1 ? " in shard \(shardText) of \(members.count)" : ""), "
                  + "\(solved.count) solved in \(CSVTable.fixed(seconds, decimals: 1)) s after the base case (\(CSVTable.fixed(baseSeconds, decimals: 1)) s): "
                  + "\(CSVTable.fixed(rate, decimals: 1)) per minute with \(workers) worker\(workers == 1 ? "" : "s")"
                  + (finished.isEmpty ? "" : ", \(finished.count) resumed from the journal"))
            print("Wrote \(SweepOutput.fileNames.joined(separator: ", ")) to \(outURL.path)")
        }
    }
}

/// The files of a finished sweep (or a merge): the same bytes however the sweep was run.
enum SweepOutput {
    static let fileNames = ["sweep.csv", "sweep-percentiles.csv", SweepJournal.fileName, "manifest.json"]

    /// The CSV files and the manifest's text.
    static func files(_ results: [SweepResult], manifest: SweepManifest, dialect: CSVDialect) -> [(name: String, contents: String)] {
        SweepTables.files(results, dialect: dialect) + [("manifest.json", manifest.json())]
    }

    /// Writes each file atomically into `folder` and rewrites the journal sorted by scenario.
    static func write(_ results: [SweepResult], header: SweepJournalHeader, manifest: SweepManifest, dialect: CSVDialect, into folder: URL) throws {
        try SweepJournal.writeCompacted(to: folder.appendingPathComponent(SweepJournal.fileName), header: header, results: results)
        for file in files(results, manifest: manifest, dialect: dialect) {
            try writeFileAtomically(file.contents, to: folder.appendingPathComponent(file.name))
        }
    }
}

/// The first journal write error, recorded from worker threads.
private final class JournalFailure: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var error: SweepJournalError?

    func record(_ error: SweepJournalError) {
        lock.lock(); defer { lock.unlock() }
        if self.error == nil { self.error = error }
    }
}

/// A progress bar with throughput and ETA on standard error, redrawn in place on a terminal.
final class SweepProgress: @unchecked Sendable {
    private let lock = NSLock()
    private let total: Int
    private let alreadyDone: Int
    private let enabled: Bool
    private var done: Int
    private let start = DispatchTime.now()

    init(total: Int, alreadyDone: Int, enabled: Bool) {
        self.total = total
        self.alreadyDone = alreadyDone
        self.enabled = enabled
        done = alreadyDone
        if enabled { draw() }
    }

    func advance() {
        lock.lock(); defer { lock.unlock() }
        done += 1
        if enabled { draw() }
    }

    private func draw() {
        let width = 30
        let filled = total > 0 ? done * width / total : width
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        let elapsed = secondsSince(start)
        let fresh = done - alreadyDone
        var text = "\r\u{1B}[K[\(bar)] \(done)/\(total) scenarios"
        if fresh > 0, elapsed > 0 {
            let perSecond = Double(fresh) / elapsed
            let remaining = Double(total - done) / perSecond
            text += "  \(CSVTable.fixed(perSecond * 60, decimals: 1))/min  ETA \(Self.duration(remaining))"
        }
        FileHandle.standardError.write(Data(text.utf8))
    }

    static func duration(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded())
        if whole >= 3600 { return "\(whole / 3600)h\(String(format: "%02d", whole % 3600 / 60))m" }
        if whole >= 60 { return "\(whole / 60)m\(String(format: "%02d", whole % 60))s" }
        return "\(whole)s"
    }

    func finish() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
