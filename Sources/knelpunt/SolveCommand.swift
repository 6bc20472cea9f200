// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser
import Foundation
import KnelpuntAnalysis
import KnelpuntData
import KnelpuntGLPK
import KnelpuntLP
import KnelpuntReports

#if DEBUG
let verifyByDefault = true
#else
let verifyByDefault = false
#endif

struct Solve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Solve the allocation of every planning year and write the CSV exports.",
        discussion: """
        For each planning year, matches demand and flexible-load commitments against the capacity in \
        force that year, and writes allocation.csv, bottlenecks.csv, nodes.csv, flex.csv, co2.csv, \
        summary.csv and manifest.json to the output folder.
        """)

    @Argument(help: "Dataset folder, or a name under ./datasets.")
    var dataset: String = "nl"

    @Option(help: "Years to solve, e.g. 2026,2030 or 2025-2035 (default: all planning years).")
    var years: String?

    @Option(help: "Output folder (default: out/<dataset name>).")
    var out: String?

    @Option(help: "Allocation rule: \(AllocationPolicy.allCases.map(\.rawValue).joined(separator: ", ")).")
    var policy: String = AllocationPolicy.cost.rawValue

    @Option(name: .customLong("csv-dialect"), help: "en (, and .) or nl (; and decimal comma, with BOM).")
    var csvDialect: String = CSVDialect.en.rawValue

    @Option(help: "Years solved in parallel.")
    var workers: Int = 2

    @Option(help: "Scenario file to apply to the dataset before solving (see docs/scenarios.md).")
    var scenario: String?

    @OptionGroup var flags: RunFlags

    func validate() throws {
        guard AllocationPolicy(rawValue: policy) != nil else {
            throw ValidationError("--policy '\(policy)' is unknown; choose one of \(AllocationPolicy.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard CSVDialect(rawValue: csvDialect) != nil else {
            throw ValidationError("--csv-dialect '\(csvDialect)' is unknown; choose en or nl")
        }
        guard (1...64).contains(workers) else { throw ValidationError("--workers must be between 1 and 64") }
        if let years { _ = try parseYears(years) }
    }

    func run() throws {
        let folder = try resolveDatasetFolder(dataset)
        let loaded = try loadDataset(folder, strict: flags.strict)
        let scenarioFile = try scenario.map(readScenarioFile)
        let data = try scenarioFile.map { try applyScenario($0, to: loaded.dataset) } ?? loaded.dataset
        let selectedYears = try selectYears(years.map(parseYears), dataset: data)
        let outURL = URL(fileURLWithPath: out ?? "out/\(data.info.name)\(scenarioFile.map { "-" + fileStem($0.path) } ?? "")")
        try refuseExistingOutput(outURL, force: flags.force)
        var options = AllocationOptions()
        options.policy = AllocationPolicy(rawValue: policy)!
        flags.apply(to: &options)
        options.workers = workers
        let run = AllocationRun(dataset: data, solver: GLPKSolver(), options: options)
        let progress = ProgressLine(total: selectedYears.count, enabled: standardErrorIsTerminal && !flags.quiet)
        let outcomes: [YearOutcome]
        do {
            outcomes = try run.solve(years: selectedYears) { year in progress.advance(label: "solved \(year)") }
        } catch {
            progress.finish()
            printError("knelpunt: \(error)")
            switch error {
            case .infeasibleModel: throw ExitStatus.dataError
            default: throw ExitStatus.internalError
            }
        }
        progress.finish()
        let dialect = CSVDialect(rawValue: csvDialect)!
        let manifest = RunManifest(
            toolVersion: Knelpunt.toolVersion, solver: GLPKSolver().backendDescription, dataset: data.info.name, datasetFolder: folder,
            scenario: scenarioFile?.scenario.name, years: selectedYears,
            options: manifestOptions(options, dialect: dialect).merging(scenarioManifestOptions(scenarioFile)) { $1 },
            tolerances: options.tolerances, outcomes: outcomes, commandLine: CommandLine.arguments)
        let files = AllocationExport.files(outcomes, dialect: dialect) + [("manifest.json", manifest.json())]
        do {
            try OutputFolder(url: outURL, force: flags.force).write(files)
        } catch {
            printError("knelpunt: \(error)")
            throw ExitStatus.cannotCreate
        }
        if !flags.quiet {
            print(RunSummaryText.render(outcomes, dataset: data))
            print("Wrote \(files.map(\.name).joined(separator: ", ")) to \(outURL.path)")
        }
    }

    func manifestOptions(_ options: AllocationOptions, dialect: CSVDialect) -> [String: String] {
        [
            "policy": options.policy.rawValue, "csv_dialect": dialect.rawValue, "verify": String(options.verify), "decomposition": options.decomposition.rawValue, "cost_tie_break": options.costTieBreak.rawValue,
            "workers": String(options.workers), "method": options.solveOptions.method.rawValue,
            "presolve": String(options.solveOptions.presolve), "scaling": String(options.solveOptions.scaling),
            "primal_feasibility_tolerance": String(options.solveOptions.primalFeasibilityTolerance),
            "dual_feasibility_tolerance": String(options.solveOptions.dualFeasibilityTolerance),
            "fairness_share_tolerance": String(options.fairness.share), "fairness_rise_tolerance": String(options.fairness.rise),
            "strict": String(flags.strict),
        ]
    }
}

/// A one-line progress indicator on standard error, rewritten in place on a terminal.
final class ProgressLine: @unchecked Sendable {
    private let lock = NSLock()
    private let total: Int
    private let enabled: Bool
    private var done = 0

    init(total: Int, enabled: Bool) {
        self.total = total
        self.enabled = enabled
    }

    func advance(label: String) {
        lock.lock(); defer { lock.unlock() }
        done += 1
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K[\(done)/\(total)] \(label)".utf8))
    }

    func finish() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
