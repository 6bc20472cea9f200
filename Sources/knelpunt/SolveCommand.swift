// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser
import Foundation
import KnelpuntAnalysis
import KnelpuntData
import KnelpuntGLPK
import KnelpuntLP
import KnelpuntReports

/// Every run re-checks its results (the optimality certificate of each stage LP and the
/// domain verifier) unless `--no-verify`, in release builds too (cost: docs/performance.md).
let verifyByDefault = true

struct Solve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Solve the allocation of every planning year and write the CSV exports.",
        discussion: """
            For each planning year, serves the firm load of demand.csv, then grants transport capacity in \
            MW to the connection requests of transition.csv in the order of the allocation rule (--view \
            energy: shares energy over all demand instead), against the capacity in force that year, and \
            writes requests.csv (request view), eop.csv (request view, when the dataset has eops.csv), \
            adequacy.csv (request view, when dataset.toml says adequacy = "apart"), \
            allocation.csv, bottlenecks.csv, nodes.csv, flex.csv, co2.csv, summary.csv, fairness.csv and manifest.json to the output folder.
            """)

    /// `--out` of `solve`.
    enum Output: OutputTarget {
        static let help = "Output folder (default: out/<dataset name>[-<scenario file name>])."
    }

    @OptionGroup var input: DatasetOptions
    @OptionGroup var scenario: ScenarioOption
    @OptionGroup var years: YearsOption
    @OptionGroup var rule: PolicyOption
    @OptionGroup var solving: RunOptions
    @OptionGroup var capacity: CapacityMapOption
    @OptionGroup var output: OutputOptions<Output>
    @OptionGroup var dialect: DialectOption

    func run() throws {
        let inputs = try input.load(scenario: scenario.scenario)
        let data = inputs.dataset
        let selectedYears = try years.select(in: data)
        let target = try output.checkTarget(default: "out/\(data.info.name)\(inputs.scenarioSuffix)", kind: .folder, inputs: inputs.paths)
        let outURL = target.url
        var options = solving.allocationOptions(policy: rule.policy)
        capacity.apply(to: &options)
        let outcomes = try runWithProgress(total: selectedYears.count, unit: "years", quiet: output.quiet) { progress in
            try AllocationRun(dataset: data, solver: GLPKSolver(), options: options)
                .solve(years: selectedYears) { year in progress.advance(label: "solved \(year)") }
        }
        printSkippedOutages(outcomes)
        let csvDialect = dialect.csvDialect
        let manifest = RunManifest(
            toolVersion: Knelpunt.toolVersion, solver: GLPKSolver().backendDescription, dataset: data.info.name, datasetFolder: inputs.folder,
            scenario: inputs.scenario?.scenario.name, years: selectedYears,
            options: manifestOptions(options, strict: input.strict, scenario: inputs.scenario, extra: ["csv_dialect": csvDialect.rawValue]),
            tolerances: options.tolerances, outcomes: outcomes, commandLine: CommandLine.arguments)
        let files = AllocationExport.files(outcomes, dataset: data, dialect: csvDialect) + [("manifest.json", manifest.json())]
        try writeOutput(outURL) { try target.writeFolder(files) }
        output.report(RunSummaryText.render(outcomes, dataset: data))
        output.report("Wrote \(files.map(\.name).joined(separator: ", ")) to \(outURL.path)")
    }
}
