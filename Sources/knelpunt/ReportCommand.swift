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

    @Argument(help: "Dataset folder, or a name under ./datasets.")
    var dataset: String = "nl"

    @Option(help: "Years to solve, e.g. 2026,2030 or 2025-2035 (default: all planning years).")
    var years: String?

    @Option(help: "Allocation rule of the report: \(AllocationPolicy.allCases.map(\.rawValue).joined(separator: ", ")).")
    var policy: String = AllocationPolicy.cost.rawValue

    @Option(name: .customLong("compare-policies"), help: "Also solve these rules (comma-separated, e.g. cost,leximin,acm,fcfs) and show their shares side by side.")
    var comparePolicies: String?

    @Option(help: "Language of the report: nl or en (labels and number format).")
    var lang: String = ReportLanguage.nl.rawValue

    @Option(help: "Output file (default: out/<dataset name>-report.html).")
    var out: String?

    @Option(help: "Years solved in parallel.")
    var workers: Int = 2

    /// The report's rule first, then the other compared rules in the given order.
    @OptionGroup var flags: RunFlags

    func policies() throws -> [AllocationPolicy] {
        guard let primary = AllocationPolicy(rawValue: policy) else {
            throw ValidationError("--policy '\(policy)' is unknown; choose one of \(AllocationPolicy.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        var chosen = [primary]
        for name in (comparePolicies ?? "").split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !name.isEmpty {
            guard let other = AllocationPolicy(rawValue: name) else {
                throw ValidationError("--compare-policies: '\(name)' is unknown; choose from \(AllocationPolicy.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            if !chosen.contains(other) { chosen.append(other) }
        }
        return chosen
    }

    func validate() throws {
        _ = try policies()
        guard ReportLanguage(rawValue: lang) != nil else { throw ValidationError("--lang '\(lang)' is unknown; choose nl or en") }
        guard (1...64).contains(workers) else { throw ValidationError("--workers must be between 1 and 64") }
        if let years { _ = try parseYears(years) }
    }

    func run() throws {
        let folder = try resolveDatasetFolder(dataset)
        let data = try loadDataset(folder, strict: flags.strict).dataset
        let selectedYears = try selectYears(years.map(parseYears), dataset: data)
        let chosen = try policies()
        let language = ReportLanguage(rawValue: lang)!
        let outURL = URL(fileURLWithPath: out ?? "out/\(data.info.name)-report.html")
        try refuseExistingOutput(outURL, force: flags.force)
        var options = AllocationOptions()
        flags.apply(to: &options)
        options.workers = workers
        let progress = ProgressLine(total: chosen.count * selectedYears.count, enabled: standardErrorIsTerminal && !flags.quiet)
        var runs: [ReportRun] = []
        for policy in chosen {
            options.policy = policy
            do {
                let outcomes = try AllocationRun(dataset: data, solver: GLPKSolver(), options: options)
                    .solve(years: selectedYears) { year in progress.advance(label: "\(policy.rawValue) \(year)") }
                runs.append(ReportRun(label: policy.rawValue, kind: .policy, outcomes: outcomes))
            } catch {
                progress.finish()
                printError("knelpunt: \(error)")
                if case .infeasibleModel = error { throw ExitStatus.dataError }
                throw ExitStatus.internalError
            }
        }
        progress.finish()
        options.policy = chosen[0]
        let manifest = RunManifest(
            toolVersion: Knelpunt.toolVersion, solver: GLPKSolver().backendDescription, dataset: data.info.name, datasetFolder: folder,
            years: selectedYears, options: manifestOptions(options, policies: chosen, language: language), tolerances: options.tolerances,
            outcomes: runs.flatMap(\.outcomes), commandLine: CommandLine.arguments)
        let input = ReportInput(dataset: data, primary: runs[0], comparisons: Array(runs.dropFirst()), manifest: manifest, language: language)
        let html = HTMLReport.render(input)
        do {
            try ReportFile(url: outURL, force: flags.force).write(html)
        } catch {
            printError("knelpunt: \(error)")
            throw ExitStatus.cannotCreate
        }
        if !flags.quiet {
            print(RunSummaryText.render(runs[0].outcomes, dataset: data))
            print("Wrote \(outURL.path) (\(html.utf8.count / 1024) KiB)")
        }
    }

    func manifestOptions(_ options: AllocationOptions, policies: [AllocationPolicy], language: ReportLanguage) -> [String: String] {
        var result = [
            "policy": options.policy.rawValue, "lang": language.rawValue, "verify": String(options.verify), "decomposition": options.decomposition.rawValue, "cost_tie_break": options.costTieBreak.rawValue,
            "workers": String(options.workers), "method": options.solveOptions.method.rawValue,
            "presolve": String(options.solveOptions.presolve), "scaling": String(options.solveOptions.scaling),
            "primal_feasibility_tolerance": String(options.solveOptions.primalFeasibilityTolerance),
            "dual_feasibility_tolerance": String(options.solveOptions.dualFeasibilityTolerance),
            "fairness_share_tolerance": String(options.fairness.share), "fairness_rise_tolerance": String(options.fairness.rise),
            "strict": String(flags.strict),
        ]
        if policies.count > 1 { result["compare_policies"] = policies.map(\.rawValue).joined(separator: ",") }
        return result
    }
}
