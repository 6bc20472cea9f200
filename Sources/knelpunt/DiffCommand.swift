// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser
import Foundation
import KnelpuntAnalysis
import KnelpuntData
import KnelpuntGLPK
import KnelpuntModel
import KnelpuntReports

struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Solve a dataset with and without a scenario and write what changes.",
        discussion: """
        Solves the base case, then the scenario: years the scenario leaves unchanged are taken from \
        the base, the others start from the base's optimal basis of that year. Writes diff-allocation.csv (per consumer, carrier and year: base \
        and scenario values and the deltas), diff-bottlenecks.csv (assets binding in either run: \
        newly binding, released, change of shadow value), diff-summary.csv (per year and group, \
        and totals) and manifest.json. Scenario files are described in docs/scenarios.md.
        """)

    @Argument(help: "Dataset folder, or a name under ./datasets (default: the scenario's `base`, else nl).")
    var dataset: String?

    @Option(help: "Scenario file (TOML, see docs/scenarios.md).")
    var scenario: String

    @Option(help: "Allocation rule: \(AllocationPolicy.allCases.map(\.rawValue).joined(separator: ", ")).")
    var policy: String = AllocationPolicy.cost.rawValue

    @Option(help: "Years to solve, e.g. 2026,2030 or 2025-2035 (default: all planning years).")
    var years: String?

    @Option(help: "Output folder (default: out/<dataset>-diff-<scenario file name>).")
    var out: String?

    @Option(name: .customLong("csv-dialect"), help: "en (, and .) or nl (; and decimal comma, with BOM).")
    var csvDialect: String = CSVDialect.en.rawValue

    @Option(help: "Years solved in parallel.")
    var workers: Int = 2

    @Flag(inversion: .prefixedNo, help: "Start each scenario year from the base's optimal basis of that year (--no-warm-start: solve it as `solve --scenario` does).")
    var warmStart = true

    @OptionGroup var flags: RunFlags

    func validate() throws {
        _ = try parsePolicy(policy)
        guard CSVDialect(rawValue: csvDialect) != nil else { throw ValidationError("--csv-dialect '\(csvDialect)' is unknown; choose en or nl") }
        guard (1...64).contains(workers) else { throw ValidationError("--workers must be between 1 and 64") }
        if let years { _ = try parseYears(years) }
    }

    func run() throws {
        let file = try readScenarioFile(scenario)
        let folder = try resolveDatasetFolder(scenarioDatasetArgument(dataset, base: file.scenario.base))
        let base = try loadDataset(folder, strict: flags.strict).dataset
        let changed = try applyScenario(file, to: base)
        let selectedYears = try selectYears(years.map(parseYears), dataset: base)
        let outURL = URL(fileURLWithPath: out ?? "out/\(base.info.name)-diff-\(fileStem(file.path))")
        try refuseExistingOutput(outURL, force: flags.force)
        var options = AllocationOptions()
        options.policy = try parsePolicy(policy)
        flags.apply(to: &options)
        options.workers = workers
        let progress = ProgressLine(total: 2 * selectedYears.count, enabled: standardErrorIsTerminal && !flags.quiet)
        let baseOutcomes: [YearOutcome], scenarioOutcomes: [YearOutcome]
        let baseSeconds: Double, scenarioSeconds: Double
        var reused: [Int] = []
        do {
            var clock = DispatchTime.now()
            let baseCase = try BaseCase.solve(dataset: base, years: selectedYears, solver: GLPKSolver(), options: options) { year in
                progress.advance(label: "base \(year)")
            }
            baseOutcomes = baseCase.outcomes
            baseSeconds = secondsSince(clock)
            clock = DispatchTime.now()
            if warmStart {
                let solved = try baseCase.solve(changed, solver: GLPKSolver(), options: options) { year in progress.advance(label: "scenario \(year)") }
                scenarioOutcomes = solved.outcomes
                reused = solved.reusedYears
            } else {
                scenarioOutcomes = try AllocationRun(dataset: changed, solver: GLPKSolver(), options: options)
                    .solve(years: selectedYears) { year in progress.advance(label: "scenario \(year)") }
            }
            scenarioSeconds = secondsSince(clock)
        } catch {
            progress.finish()
            throw allocationFailure(error)
        }
        progress.finish()
        let dialect = CSVDialect(rawValue: csvDialect)!
        var manifestOptions = scenarioManifestOptions(file)
        manifestOptions["policy"] = options.policy.rawValue
        manifestOptions["csv_dialect"] = dialect.rawValue
        manifestOptions["verify"] = String(flags.verify)
        manifestOptions["warm_start"] = String(warmStart)
        manifestOptions["years_taken_from_base"] = reused.map(String.init).joined(separator: ",")
        manifestOptions["base_seconds"] = CSVTable.fixed(baseSeconds, decimals: 3)
        manifestOptions["scenario_seconds"] = CSVTable.fixed(scenarioSeconds, decimals: 3)
        let manifest = RunManifest(
            toolVersion: Knelpunt.toolVersion, solver: GLPKSolver().backendDescription, dataset: base.info.name, datasetFolder: folder,
            scenario: file.scenario.name, years: selectedYears, options: manifestOptions, tolerances: options.tolerances,
            outcomes: scenarioOutcomes, commandLine: CommandLine.arguments)
        let files = ScenarioDiffTables.files(base: baseOutcomes, scenario: scenarioOutcomes, dialect: dialect) + [("manifest.json", manifest.json())]
        do {
            try OutputFolder(url: outURL, force: flags.force).write(files)
        } catch {
            printError("knelpunt: \(error)")
            throw ExitStatus.cannotCreate
        }
        if !flags.quiet {
            print(ScenarioDiffText.render(base: baseOutcomes, scenario: scenarioOutcomes, name: file.scenario.name))
            let solvedYears = scenarioOutcomes.count - reused.count
            print("Solved the base in \(CSVTable.fixed(baseSeconds, decimals: 2)) s and the scenario in \(CSVTable.fixed(scenarioSeconds, decimals: 2)) s"
                  + (warmStart ? " (\(solvedYears) changed year\(solvedYears == 1 ? "" : "s") solved from the base's bases, \(reused.count) unchanged taken from the base)" : " (cold)"))
            print("Wrote \(files.map(\.name).joined(separator: ", ")) to \(outURL.path)")
        }
    }
}
