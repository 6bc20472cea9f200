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
            scenario and year), sweep-percentiles.csv, in the request view (the default) sweep-requests.csv \
            (per year and request: probability of a full grant with its 95 % interval, granted MW mean and \
            P10/P50/P90, first-full-year distribution), sweep-statistics.csv (congestion and full-grant \
            probabilities with 95 % intervals; mean, σ, interval, min and max of shadow values and of unserved \
            energy and CO2 at risk per group), sweep.journal and manifest.json. --policy overrides the spec's \
            `policy` (default acm). --until-ci PCT (Monte Carlo specs) draws the samples in batches of \(SweepStoppingRule.batchSize) and \
            stops once the widest 95 % interval of the congestion and full-grant probabilities is at most PCT \
            percentage points wide (the spec's `samples` is the cap).
            """)

    /// `--out` of `sweep`.
    enum Output: OutputTarget {
        static let help = "Output folder (default: out/<dataset>-sweep-<spec file name>[-shard-K-of-N])."
    }

    @OptionGroup var input: DatasetOptions

    @Option(help: "Sweep spec file (TOML, see docs/scenarios.md).", completion: .file(extensions: ["toml"]))
    var spec: String

    @Flag(help: "Continue an interrupted sweep in the same output folder, keeping its finished scenarios.")
    var resume = false

    @Option(help: "Run only shard K of N (every N-th scenario from the K-th), e.g. 2/4.", transform: Self.parseShard)
    var shard: Shard?

    @Option(
        name: .customLong("until-ci"),
        help: ArgumentHelp(
            "Monte Carlo specs: draw samples in batches of \(SweepStoppingRule.batchSize) until the widest 95 % interval of the congestion and full-grant probabilities is at most PCT percentage points wide (the spec's `samples` is the cap).",
            valueName: "PCT"))
    var untilCI: Double?

    @OptionGroup var rule: SpecPolicyOption
    @OptionGroup var solving: RunOptions
    @OptionGroup var output: OutputOptions<Output>
    @OptionGroup var dialect: DialectOption

    /// Test hook: stop after this many scenarios have been started in this run (simulates a kill).
    @Option(help: .hidden)
    var stopAfter: Int?

    /// `K/N`: every N-th scenario from the K-th (1-based).
    struct Shard {
        var index: Int
        var count: Int
    }

    func validate() throws {
        if resume && output.force { throw ValidationError("--resume keeps the finished scenarios and --force deletes them; choose one") }
        if let stopAfter, stopAfter < 0 { throw ValidationError("--stop-after must be ≥ 0") }
        if let untilCI {
            guard untilCI > 0, untilCI <= 100 else {
                throw ValidationError(
                    "--until-ci \(untilCI) is not an interval width in percentage points in (0, 100]; e.g. --until-ci 10 stops once every watched 95 % interval is at most 10 points wide"
                )
            }
            if shard != nil {
                throw ValidationError(
                    "--until-ci cannot be combined with --shard: when to stop depends on every sample drawn so far, so the sweep runs whole; leave out --shard, or --until-ci (then `samples` sets the size)"
                )
            }
        }
    }

    /// This process's command line with `--resume` (and without `--force`), quoted for a shell.
    static func resumeCommand() -> String {
        var arguments = CommandLine.arguments.dropFirst().filter { $0 != "--force" && $0 != "--resume" }
        arguments.append("--resume")
        let quoted = arguments.map {
            $0.isEmpty || $0.contains(where: { " '\"$\\".contains($0) }) ? "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" : $0
        }
        return (["knelpunt"] + quoted).joined(separator: " ")
    }

    static func parseShard(_ text: String) throws -> Shard {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map { Int($0) }
        guard parts.count == 2, let k = parts[0], let n = parts[1], n >= 1, (1...n).contains(k) else {
            throw ValidationError("--shard '\(text)' is not K/N with 1 ≤ K ≤ N, e.g. 1/4")
        }
        return Shard(index: k, count: n)
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
        var stopping: SweepStoppingRule?
        if let untilCI {
            guard case .monteCarlo(let monteCarlo) = sweep.design else {
                printError(
                    "knelpunt: --until-ci needs a Monte Carlo spec ([monte_carlo], whose `samples` is the cap); \(spec) is a grid, whose scenarios are all run: leave out --until-ci"
                )
                throw ExitStatus.usage
            }
            stopping = SweepStoppingRule(widestPercentagePoints: untilCI, cap: monteCarlo.samples)
        }
        let folder = try input.folder(base: sweep.base, from: spec)
        let data = try loadDataset(folder, strict: input.strict).dataset
        guard let specPolicy = AllocationPolicy(rawValue: sweep.policy ?? AllocationPolicy.acm.rawValue) else {
            let position = sweep.policyPosition
            let names = AllocationPolicy.allCases.map(\.rawValue).joined(separator: ", ")
            printError(
                "\(spec):\(position?.line ?? 1):\(position?.column ?? 1): error [badEnum]: policy '\(sweep.policy ?? "")' is unknown; choose one of \(names)"
            )
            throw ExitStatus.dataError
        }
        let policy = rule.policy ?? specPolicy
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
        let shard = self.shard ?? Shard(index: 1, count: 1)
        let mine = members.filter { $0.index % shard.count == shard.index - 1 }
        let shardText = "\(shard.index)/\(shard.count)"
        // The claim (and its lock) is held for the whole sweep: it writes the journal as it goes.
        let target = try output.checkTarget(
            default: "out/\(data.info.name)-sweep-\(fileStem(spec))" + (shard.count > 1 ? "-shard-\(shard.index)-of-\(shard.count)" : ""),
            kind: .folder, inputs: [folder, URL(fileURLWithPath: spec)], existing: resume ? .keep : nil)
        let outURL = target.url
        let header = SweepJournalHeader(
            spec: sweep.name, specSHA256: SHA256.hex(specBytes), datasetSHA256: SweepManifest.datasetFingerprint(folder),
            policy: policy.rawValue, view: solving.view.rawValue, years: years, scenarios: members.count, shard: shardText,
            untilCIPercentagePoints: untilCI)
        let journalPath = outURL.appendingPathComponent(SweepJournal.fileName).path
        let early = EarlyInterruption { signal in
            "knelpunt: interrupted by \(SweepSignals.name(signal)) before the scenarios started; the journal \(journalPath) keeps "
                + "every scenario finished so far; continue with: \(Self.resumeCommand())"
        }
        defer { early.restore() }
        var journal: SweepJournal?
        var finished: [SweepResult] = []
        try writeOutput(outURL) {
            // A new sweep (or --force) swaps in a folder holding only the journal's header; --resume
            // continues the journal found there.
            if !resume || !FileManager.default.fileExists(atPath: outURL.path) {
                try target.writeFolder { staging in
                    _ = try SweepJournal.create(at: staging.appendingPathComponent(SweepJournal.fileName), header: header)
                }
            }
            (journal, finished) = try SweepJournal.start(in: outURL, header: header, existing: .resume)
        }

        let done = Set(finished.map(\.index))
        let pendingCount = mine.count { !done.contains($0.index) }
        let options = solving.allocationOptions(policy: policy)
        var clock = DispatchTime.now()
        var baseSeconds = 0.0
        var solved: [SweepResult] = []
        let journalFailure = JournalFailure()
        var interruption: Int32?
        var stop: SweepStoppingRule.Check?
        if let journal {
            solved = try runWithProgress(total: mine.count, alreadyDone: mine.count - pendingCount, unit: "scenarios", quiet: output.quiet) {
                progress in
                var runner: SweepRunner?
                var solvedHere: [SweepResult] = []
                var start = 0
                // One batch (all scenarios) without --until-ci; fixed batches of samples with it.
                for end in stopping?.batchEnds ?? [members.count] {
                    let batch = mine.filter { $0.index >= start && $0.index < end && !done.contains($0.index) }
                    start = end
                    if !batch.isEmpty {
                        if runner == nil {
                            // The base case gives every scenario-year its warm start.
                            let base = try BaseCase.solve(dataset: data, years: years, solver: GLPKSolver(), options: options)
                            baseSeconds = secondsSince(clock)
                            early.handOver()
                            clock = DispatchTime.now()
                            runner = SweepRunner(base: base, solver: GLPKSolver(), options: options)
                        }
                        let limit = stopAfter.map { max(0, $0 - solvedHere.count) }
                        do {
                            let finishedHere = try runner!.run(batch, workers: solving.workers, limit: limit, handlingSignals: true) { result in
                                do throws(SweepJournalError) {
                                    try journal.append(result)
                                } catch {
                                    journalFailure.record(error)
                                }
                                progress.advance()
                            }
                            solvedHere += finishedHere
                            if finishedHere.count < batch.count { return solvedHere }
                        } catch SweepRunner.Failure.interrupted(let signal, let finishedHere) {
                            interruption = signal
                            return solvedHere + finishedHere
                        }
                    }
                    if let stopping {
                        let check = stopping.check(finished + solvedHere, end: end)
                        progress.setNote(
                            "widest 95 % interval \(Self.width(check)) after \(end) samples (target ≤ \(Self.points(stopping.widestPercentagePoints)))"
                        )
                        if check.isMet || end == stopping.cap {
                            stop = check
                            return solvedHere
                        }
                    }
                }
                return solvedHere
            }
            if let error = journalFailure.error { throw exitStatus(reporting: error) }
        }
        if let interruption {
            // Every finished scenario was appended and fsync'ed as it finished.
            let done = finished.count + solved.count
            printError(
                "knelpunt: interrupted by \(SweepSignals.name(interruption)) after the scenarios in flight finished: "
                    + "\(done) of \(stopping == nil ? "\(mine.count)" : "at most \(mine.count)") scenario(s) are in the journal \(journalPath); continue with: \(Self.resumeCommand())"
            )
            throw ExitStatus.incomplete
        }
        let seconds = secondsSince(clock)
        let expected = stop?.samples ?? mine.count
        // With --until-ci, the samples of the batches up to the stop (all shards' otherwise).
        let results = (finished + solved).filter { $0.index < stop?.samples ?? members.count }
        if results.count < expected || (stopping != nil && stop == nil) {
            printError(
                "knelpunt: stopped after \(solved.count) scenario(s) in this run; \(stopping == nil ? "\(mine.count - results.count) of \(mine.count)" : "more") still to do: run again with --resume"
            )
            throw ExitStatus.incomplete
        }
        var manifest = SweepManifest(
            toolVersion: Knelpunt.toolVersion, solver: GLPKSolver().backendDescription, dataset: data.info.name, datasetFolder: folder,
            spec: sweep.name, specSHA256: header.specSHA256, policy: policy.rawValue, view: solving.view.rawValue, years: years,
            scenarios: results.count, shard: shardText)
        if let stopping, let stop { manifest.untilCI = SweepManifest.SequentialStop(rule: stopping, check: stop) }
        try writeOutput(outURL) { try SweepOutput.write(results, header: header, manifest: manifest, dialect: dialect.csvDialect, into: outURL) }
        let rate = seconds > 0 ? Double(solved.count) / seconds * 60 : 0
        let workers = solving.workers
        output.report(
            "Sweep \"\(sweep.name)\": \(results.count) scenario(s)\(shard.count > 1 ? " in shard \(shardText) of \(members.count)" : ""), "
                + "\(solved.count) solved in \(CSVTable.fixed(seconds, decimals: 1)) s after the base case (\(CSVTable.fixed(baseSeconds, decimals: 1)) s): "
                + "\(CSVTable.fixed(rate, decimals: 1)) per minute with \(workers) worker\(workers == 1 ? "" : "s")"
                + (finished.isEmpty ? "" : ", \(finished.count) resumed from the journal"))
        if let stopping, let stop { output.report(Self.stopSummary(stopping, stop)) }
        output.report("Wrote \(SweepOutput.fileNames(view: solving.view).joined(separator: ", ")) to \(outURL.path)")
    }

    /// `12.34 pp`.
    static func points(_ value: Double) -> String { "\(CSVTable.fixed(value, decimals: 2)) pp" }

    /// The widest watched interval of `check`, or that there is none.
    static func width(_ check: SweepStoppingRule.Check) -> String {
        guard let widest = check.widestPP, let output = check.widestOutput else { return "none (no bottleneck, no active request)" }
        return "\(points(widest)) (\(output))"
    }

    /// The `--until-ci` line of the summary: where the sweep stopped and why.
    static func stopSummary(_ rule: SweepStoppingRule, _ check: SweepStoppingRule.Check) -> String {
        let target = points(rule.widestPercentagePoints)
        if check.isMet {
            return "--until-ci \(target): stopped after \(check.samples) of at most \(rule.cap) samples (batches of \(SweepStoppingRule.batchSize)); "
                + "widest 95 % interval \(width(check)) ≤ \(target)"
        }
        return "--until-ci \(target): not reached within the spec's \(rule.cap) samples; widest 95 % interval \(width(check)) > \(target); "
            + "raise `samples` in the spec to draw more"
    }
}

/// `--policy` of `sweep`: the allocation rule, overriding the spec's `policy`.
struct SpecPolicyOption: ParsableArguments {
    @Option(help: "Allocation rule (default: the spec's `policy`, else acm: ACM tiers, then first come first served; the current Dutch rule).")
    var policy: AllocationPolicy?
}

/// The files of a finished sweep (or a merge): the same bytes however the sweep was run.
enum SweepOutput {
    /// The files a sweep in `view` writes.
    static func fileNames(view: AllocationView) -> [String] {
        SweepTables.fileNames(view: view) + [SweepJournal.fileName, "manifest.json"]
    }

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

/// SIGINT and SIGTERM before the scenarios start (loading, the base case): nothing is in flight
/// and the journal holds every finished scenario, so the sweep stops at once with exit 75. From
/// the scenario run on, ``SweepRunner`` handles them (finishing the scenarios in flight).
private final class EarlyInterruption: @unchecked Sendable {
    private let lock = NSLock()
    private var sources: [DispatchSourceSignal] = []
    private var previous: [(signal: Int32, action: sighandler_t?)] = []

    init(message: @escaping @Sendable (Int32) -> String) {
        for signal in [SIGINT, SIGTERM] {
            previous.append((signal, Foundation.signal(signal, SIG_IGN)))
            let source = DispatchSource.makeSignalSource(signal: signal, queue: .global())
            source.setEventHandler {
                FileHandle.standardError.write(Data((message(signal) + "\n").utf8))
                _exit(ExitStatus.incomplete.rawValue)
            }
            source.resume()
            sources.append(source)
        }
    }

    /// Stops handling; the signals stay ignored until the scenario run installs its handlers.
    func handOver() {
        lock.lock()
        defer { lock.unlock() }
        for source in sources { source.cancel() }
        sources = []
    }

    /// The actions from before (the command is done).
    func restore() {
        handOver()
        lock.lock()
        defer { lock.unlock() }
        for (signal, action) in previous { Foundation.signal(signal, action) }
        previous = []
    }
}

/// The first journal write error, recorded from worker threads.
private final class JournalFailure: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var error: SweepJournalError?

    func record(_ error: SweepJournalError) {
        lock.lock()
        defer { lock.unlock() }
        if self.error == nil { self.error = error }
    }
}
