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
            the base, the others start from the base's optimal basis of that year. In the request view (the default) writes \
            diff-requests.csv (per year and request: granted MW, share, first full year, blocking asset and CO2 \
            at risk in both runs and the deltas); always diff-allocation.csv (per consumer, carrier and year: base \
            and scenario values and the deltas), diff-bottlenecks.csv (assets binding in either run: \
            newly binding, released, change of shadow value), diff-summary.csv (per year and group, \
            and totals; the request view adds firm unserved energy and granted MW) and manifest.json. Scenario files are described in docs/scenarios.md.
            """)

    /// `--out` of `diff`.
    enum Output: OutputTarget {
        static let help = "Output folder (default: out/<dataset>-diff-<scenario file name>)."
    }

    @OptionGroup var input: DatasetOptions
    @OptionGroup var scenario: ScenarioOption
    @OptionGroup var years: YearsOption
    @OptionGroup var rule: PolicyOption
    @OptionGroup var solving: RunOptions
    @OptionGroup var output: OutputOptions<Output>
    @OptionGroup var dialect: DialectOption

    @Flag(
        inversion: .prefixedNo,
        help: "Start each scenario year from the base's optimal basis of that year (--no-warm-start: solve it as `solve --scenario` does).")
    var warmStart = true

    func validate() throws {
        guard scenario.scenario != nil else { throw ValidationError("Missing expected argument '--scenario <scenario>'") }
    }

    func run() throws {
        let inputs = try input.load(scenario: scenario.scenario)
        guard let file = inputs.scenario else { return }
        let base = inputs.base
        let changed = inputs.dataset
        let selectedYears = try years.select(in: base)
        let target = try output.checkTarget(default: "out/\(base.info.name)-diff-\(fileStem(file.path))", kind: .folder, inputs: inputs.paths)
        let outURL = target.url
        let options = solving.allocationOptions(policy: rule.policy)
        var baseSeconds = 0.0
        var scenarioSeconds = 0.0
        var reused: [Int] = []
        let (baseOutcomes, scenarioOutcomes) = try runWithProgress(total: 2 * selectedYears.count, unit: "solves", quiet: output.quiet) { progress in
            var clock = DispatchTime.now()
            let baseCase = try BaseCase.solve(dataset: base, years: selectedYears, solver: GLPKSolver(), options: options) { year in
                progress.advance(label: "base \(year)")
            }
            baseSeconds = secondsSince(clock)
            clock = DispatchTime.now()
            let scenarioOutcomes: [YearOutcome]
            if warmStart {
                let solved = try baseCase.solve(changed, solver: GLPKSolver(), options: options) { year in progress.advance(label: "scenario \(year)")
                }
                scenarioOutcomes = solved.outcomes
                reused = solved.reusedYears
            } else {
                scenarioOutcomes = try AllocationRun(dataset: changed, solver: GLPKSolver(), options: options)
                    .solve(years: selectedYears) { year in progress.advance(label: "scenario \(year)") }
            }
            scenarioSeconds = secondsSince(clock)
            return (baseCase.outcomes, scenarioOutcomes)
        }
        let csvDialect = dialect.csvDialect
        let extra = [
            "csv_dialect": csvDialect.rawValue, "warm_start": String(warmStart),
            "years_taken_from_base": reused.map(String.init).joined(separator: ","),
            "base_seconds": CSVTable.fixed(baseSeconds, decimals: 3), "scenario_seconds": CSVTable.fixed(scenarioSeconds, decimals: 3),
        ]
        let manifest = RunManifest(
            toolVersion: Knelpunt.toolVersion, solver: GLPKSolver().backendDescription, dataset: base.info.name, datasetFolder: inputs.folder,
            scenario: file.scenario.name, years: selectedYears, options: manifestOptions(options, strict: input.strict, scenario: file, extra: extra),
            tolerances: options.tolerances, outcomes: scenarioOutcomes, commandLine: CommandLine.arguments)
        let files =
            ScenarioDiffTables.files(base: baseOutcomes, scenario: scenarioOutcomes, dialect: csvDialect) + [("manifest.json", manifest.json())]
        try writeOutput(outURL) { try target.writeFolder(files) }
        output.report(ScenarioDiffText.render(base: baseOutcomes, scenario: scenarioOutcomes, name: file.scenario.name))
        let solvedYears = scenarioOutcomes.count - reused.count
        output.report(
            "Solved the base in \(CSVTable.fixed(baseSeconds, decimals: 2)) s and the scenario in \(CSVTable.fixed(scenarioSeconds, decimals: 2)) s"
                + (warmStart
                    ? " (\(solvedYears) changed year\(solvedYears == 1 ? "" : "s") solved from the base's bases, \(reused.count) unchanged taken from the base)"
                    : " (cold)"))
        output.report("Wrote \(files.map(\.name).joined(separator: ", ")) to \(outURL.path)")
    }
}
