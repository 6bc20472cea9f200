// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser
import Foundation
import KnelpuntAnalysis
import KnelpuntData
import KnelpuntGLPK
import KnelpuntReports

struct ComparePolicies: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare-policies",
        abstract: "Solve the same case under several allocation rules and compare them side by side.",
        discussion: """
            In the request view (default) writes policy-comparison.csv (granted MW and share per year and \
            request under each rule), price-of-fairness.csv (MW granted, min and mean granted share, MW \
            granted given up and extra cost relative to the cost rule) and fairness.csv (granted shares per \
            year, rule and group), plus manifest.json. With --view energy the same files compare served \
            energy per consumer and carrier instead.
            """)

    /// `--out` of `compare-policies`.
    enum Output: OutputTarget {
        static let help = "Output folder (default: out/<dataset name>[-<scenario file name>]-policies)."
    }

    @OptionGroup var input: DatasetOptions
    @OptionGroup var scenario: ScenarioOption
    @OptionGroup var years: YearsOption

    @Option(help: "Rules to compare, comma-separated; the cost rule is always solved as the reference.")
    var policies = PolicyList([.cost, .leximin, .acm, .fcfs])

    @OptionGroup var solving: RunOptions
    @OptionGroup var output: OutputOptions<Output>
    @OptionGroup var dialect: DialectOption

    func run() throws {
        let inputs = try input.load(scenario: scenario.scenario)
        let data = inputs.dataset
        let selectedYears = try years.select(in: data)
        let chosen = policies.policies
        let target = try output.checkTarget(default: "out/\(data.info.name)\(inputs.scenarioSuffix)-policies", kind: .folder, inputs: inputs.paths)
        let outURL = target.url
        let solved = chosen.contains(.cost) ? chosen : [.cost] + chosen
        let runs = try runWithProgress(total: solved.count * selectedYears.count, unit: "solves", quiet: output.quiet) { progress in
            try solved.map { policy in
                try AllocationRun(dataset: data, solver: GLPKSolver(), options: solving.allocationOptions(policy: policy))
                    .solve(years: selectedYears) { year in progress.advance(label: "\(policy.rawValue) \(year)") }
            }
        }
        let reference = runs[solved.firstIndex(of: .cost)!]
        let shownRuns = chosen.map { runs[solved.firstIndex(of: $0)!] }
        let names = chosen.map(\.rawValue)
        let csvDialect = dialect.csvDialect
        let options = solving.allocationOptions(policy: chosen[0])
        let manifest = RunManifest(
            toolVersion: Knelpunt.toolVersion, solver: GLPKSolver().backendDescription, dataset: data.info.name, datasetFolder: inputs.folder,
            scenario: inputs.scenario?.scenario.name, years: selectedYears,
            options: manifestOptions(
                options, strict: input.strict, scenario: inputs.scenario,
                extra: ["policies": names.joined(separator: ","), "csv_dialect": csvDialect.rawValue]),
            tolerances: options.tolerances, outcomes: shownRuns.flatMap { $0 }, commandLine: CommandLine.arguments)
        let files: [(name: String, contents: String)] = [
            ("policy-comparison.csv", AllocationTables.policyComparison(policies: names, runs: shownRuns).render(csvDialect)),
            ("price-of-fairness.csv", AllocationTables.priceOfFairness(policies: names, runs: shownRuns, reference: reference).render(csvDialect)),
            ("fairness.csv", AllocationTables.fairness(shownRuns.flatMap { $0 }).render(csvDialect)),
            ("manifest.json", manifest.json()),
        ]
        try writeOutput(outURL) { try target.writeFolder(files) }
        for (y, year) in selectedYears.enumerated() {
            let parts = chosen.enumerated().map { k, policy -> String in
                let outcome = shownRuns[k][y]
                let metrics = FairnessMetrics(viewOf: outcome, group: nil)
                let minimum = metrics.minShare.map { CSVTable.fixed($0 * 100, decimals: 1) + " %" } ?? "-"
                guard outcome.allocation == .requests else {
                    return "\(policy.rawValue): min share \(minimum), unserved \(RunSummaryText.energy(metrics.unservedMWh))"
                }
                let granted = YearTotals(outcome, group: .all).grantedMW
                return "\(policy.rawValue): granted \(CSVTable.fixed(granted, decimals: 1)) MW, min granted share \(minimum)"
            }
            output.report("\(year)  " + parts.joined(separator: " | "))
        }
        output.report("Wrote \(files.map(\.name).joined(separator: ", ")) to \(outURL.path)")
    }
}
