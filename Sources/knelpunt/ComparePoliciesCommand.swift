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
        Writes policy-comparison.csv (served share and unserved energy per consumer, carrier and year \
        under each rule), price-of-fairness.csv (served energy and cost given up relative to the cost \
        rule) and fairness.csv (per year, rule and group), plus manifest.json.
        """)

    @Argument(help: "Dataset folder, or a name under ./datasets.")
    var dataset: String = "nl"

    @Option(help: "Comma-separated rules to compare; the cost rule is always solved as the reference.")
    var policies: String = "cost,leximin,acm,fcfs"

    @Option(help: "Years to solve, e.g. 2026,2030 or 2025-2035 (default: all planning years).")
    var years: String?

    @Option(help: "Output folder (default: out/<dataset name>-policies).")
    var out: String?

    @Option(name: .customLong("csv-dialect"), help: "en (, and .) or nl (; and decimal comma, with BOM).")
    var csvDialect: String = CSVDialect.en.rawValue

    @Option(help: "Years solved in parallel.")
    var workers: Int = 2

    @OptionGroup var flags: RunFlags

    func selectedPolicies() throws -> [AllocationPolicy] {
        var selected: [AllocationPolicy] = []
        for name in policies.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            guard let policy = AllocationPolicy(rawValue: name) else {
                throw ValidationError("--policies: '\(name)' is unknown; choose from \(AllocationPolicy.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            if !selected.contains(policy) { selected.append(policy) }
        }
        guard !selected.isEmpty else { throw ValidationError("--policies: name at least one rule") }
        return selected
    }

    func validate() throws {
        _ = try selectedPolicies()
        guard CSVDialect(rawValue: csvDialect) != nil else { throw ValidationError("--csv-dialect '\(csvDialect)' is unknown; choose en or nl") }
        guard (1...64).contains(workers) else { throw ValidationError("--workers must be between 1 and 64") }
        if let years { _ = try parseYears(years) }
    }

    func run() throws {
        let folder = try resolveDatasetFolder(dataset)
        let data = try loadDataset(folder, strict: flags.strict).dataset
        let selectedYears = try selectYears(years.map(parseYears), dataset: data)
        let chosen = try selectedPolicies()
        let outURL = URL(fileURLWithPath: out ?? "out/\(data.info.name)-policies")
        try refuseExistingOutput(outURL, force: flags.force)
        let solved = chosen.contains(.cost) ? chosen : [.cost] + chosen
        var runs: [[YearOutcome]] = []
        let progress = ProgressLine(total: solved.count * selectedYears.count, enabled: standardErrorIsTerminal && !flags.quiet)
        for policy in solved {
            var options = AllocationOptions()
            options.policy = policy
            flags.apply(to: &options)
            options.workers = workers
            do {
                runs.append(try AllocationRun(dataset: data, solver: GLPKSolver(), options: options)
                    .solve(years: selectedYears) { year in progress.advance(label: "\(policy.rawValue) \(year)") })
            } catch {
                progress.finish()
                printError("knelpunt: \(error)")
                if case .infeasibleModel = error { throw ExitStatus.dataError }
                throw ExitStatus.internalError
            }
        }
        progress.finish()
        let reference = runs[solved.firstIndex(of: .cost)!]
        let shownRuns = chosen.map { runs[solved.firstIndex(of: $0)!] }
        let names = chosen.map(\.rawValue)
        let dialect = CSVDialect(rawValue: csvDialect)!
        let manifest = RunManifest(
            toolVersion: Knelpunt.toolVersion, solver: GLPKSolver().backendDescription, dataset: data.info.name, datasetFolder: folder,
            years: selectedYears, options: ["policies": names.joined(separator: ","), "csv_dialect": dialect.rawValue, "verify": String(flags.verify)],
            tolerances: AnalysisTolerances(), outcomes: shownRuns.flatMap { $0 }, commandLine: CommandLine.arguments)
        let files: [(name: String, contents: String)] = [
            ("policy-comparison.csv", AllocationTables.policyComparison(policies: names, runs: shownRuns).render(dialect)),
            ("price-of-fairness.csv", AllocationTables.priceOfFairness(policies: names, runs: shownRuns, reference: reference).render(dialect)),
            ("fairness.csv", AllocationTables.fairness(shownRuns.flatMap { $0 }).render(dialect)),
            ("manifest.json", manifest.json()),
        ]
        do {
            try OutputFolder(url: outURL, force: flags.force).write(files)
        } catch {
            printError("knelpunt: \(error)")
            throw ExitStatus.cannotCreate
        }
        if !flags.quiet {
            for (y, year) in selectedYears.enumerated() {
                let parts = chosen.enumerated().map { k, policy -> String in
                    let outcome = shownRuns[k][y]
                    let metrics = FairnessMetrics(outcome, group: nil)
                    let minimum = metrics.minShare.map { CSVTable.fixed($0 * 100, decimals: 1) + " %" } ?? "-"
                    return "\(policy.rawValue): min share \(minimum), unserved \(RunSummaryText.energy(metrics.unservedMWh))"
                }
                print("\(year)  " + parts.joined(separator: " | "))
            }
            print("Wrote \(files.map(\.name).joined(separator: ", ")) to \(outURL.path)")
        }
    }
}
