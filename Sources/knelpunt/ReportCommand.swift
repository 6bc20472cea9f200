// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser
import Foundation
import KnelpuntAnalysis
import KnelpuntData
import KnelpuntGLPK
import KnelpuntReports

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Solve the planning years and write one self-contained HTML report.",
        discussion: """
            Writes a single HTML file (inline CSS, SVG and a small sorting script; no network access) \
            with a map of the nodes and links coloured by utilisation, the bottlenecks per year, a \
            bottleneck timeline with the MIEK project years, demand and supply per company, summary \
            cards and the run's provenance. --compare-policies adds the served shares under other \
            allocation rules side by side.
            """)

    /// `--out` of `report`.
    enum Output: OutputTarget {
        static let help = "Output file (default: out/<dataset name>[-<scenario file name>]-report.html)."
    }

    @OptionGroup var input: DatasetOptions
    @OptionGroup var scenario: ScenarioOption
    @OptionGroup var years: YearsOption
    @OptionGroup var rule: PolicyOption

    @Option(name: .customLong("compare-policies"), help: "Also solve these rules (comma-separated) and show their shares side by side.")
    var comparePolicies: PolicyList?

    @Option(help: "Language of the report (labels and number format).")
    var lang: ReportLanguage = .nl

    @OptionGroup var solving: RunOptions
    @OptionGroup var capacity: CapacityMapOption
    @OptionGroup var output: OutputOptions<Output>

    /// The report's rule first, then the other compared rules in the given order.
    var policies: [AllocationPolicy] {
        [rule.policy] + (comparePolicies?.policies ?? []).filter { $0 != rule.policy }
    }

    func run() throws {
        let inputs = try input.load(scenario: scenario.scenario)
        let data = inputs.dataset
        let selectedYears = try years.select(in: data)
        let chosen = policies
        let target = try output.checkTarget(
            default: "out/\(data.info.name)\(inputs.scenarioSuffix)-report.html", kind: .htmlReport, inputs: inputs.paths)
        let outURL = target.url
        let runs = try runWithProgress(total: chosen.count * selectedYears.count, unit: "solves", quiet: output.quiet) { progress in
            try chosen.map { policy in
                var options = solving.allocationOptions(policy: policy)
                if policy == chosen[0] { capacity.apply(to: &options) } // the map of the reported rule only
                let outcomes = try AllocationRun(dataset: data, solver: GLPKSolver(), options: options)
                    .solve(years: selectedYears) { year in progress.advance(label: "\(policy.rawValue) \(year)") }
                return ReportRun(label: policy.rawValue, kind: .policy, outcomes: outcomes)
            }
        }
        var options = solving.allocationOptions(policy: chosen[0])
        capacity.apply(to: &options)
        var extra = ["lang": lang.rawValue]
        if chosen.count > 1 { extra["compare_policies"] = chosen.map(\.rawValue).joined(separator: ",") }
        let manifest = RunManifest(
            toolVersion: Knelpunt.toolVersion, solver: GLPKSolver().backendDescription, dataset: data.info.name, datasetFolder: inputs.folder,
            scenario: inputs.scenario?.scenario.name, years: selectedYears,
            options: manifestOptions(options, strict: input.strict, scenario: inputs.scenario, extra: extra), tolerances: options.tolerances,
            outcomes: runs.flatMap(\.outcomes), commandLine: CommandLine.arguments)
        let reportInput = ReportInput(dataset: data, primary: runs[0], comparisons: Array(runs.dropFirst()), manifest: manifest, language: lang)
        let html = HTMLReport.render(reportInput)
        try writeOutput(outURL) { try target.writeFile(Data(html.utf8)) }
        output.report(RunSummaryText.render(runs[0].outcomes, dataset: data))
        output.report("Wrote \(outURL.path) (\(html.utf8.count / 1024) KiB)")
    }
}
