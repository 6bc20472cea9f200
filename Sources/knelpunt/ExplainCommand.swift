// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser
import Foundation
import KnelpuntAnalysis
import KnelpuntData
import KnelpuntGLPK
import KnelpuntReports

struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Why a connection request is short: its grant per year, what blocks it, which projects relieve it.",
        discussion: """
            REQUEST is a project id of transition.csv (every carrier of it, or --carrier). Solves the \
            request view under --policy for every planning year (or --year) and, for each year in which \
            the request is short, maximises its grant with the requests ahead of it held as the rule \
            holds them: the capacities whose relaxation raises the grant most (MW of grant per MW), the \
            projects of projects.csv that raise them later, and the least extra MW on the first of them \
            for a full grant (exact: Newton's method on the parametric LP; docs/model.md, "Explaining \
            a request"). Prints the explanation; --out also writes it as CSV.
            """)

    /// `--out` of `explain`.
    enum Output: OutputTarget {
        static let help = "Also write the explanation as CSV to this file (one row per year and binding asset)."
    }

    @Argument(help: "Project id of the request (transition.csv `project`).")
    var request: String

    @OptionGroup var input: DatasetOptions
    @OptionGroup var scenario: ScenarioOption

    @Option(help: "Only this carrier of the project (default: all its carriers).")
    var carrier: Carrier?

    @Option(help: "Only this planning year (default: every planning year).")
    var year: Int?

    @OptionGroup var rule: PolicyOption
    @OptionGroup var solving: RunOptions
    @OptionGroup var output: OutputOptions<Output>
    @OptionGroup var dialect: DialectOption

    func validate() throws {
        guard solving.view == .requests else { throw ValidationError("explain works in the request view; leave out --view energy") }
    }

    func run() throws {
        let inputs = try input.load(scenario: scenario.scenario)
        let data = inputs.dataset
        let keys = try requestKeys(in: data)
        let firstYear = keys.compactMap { key in data.transitions.first { $0.project == key.project && $0.carrier == key.carrier }?.year }.min()
        let years = try selectedYears(in: data, from: firstYear ?? data.info.years.first ?? 0)
        let target = try output.out.map { _ in try output.checkTarget(default: "", kind: .explainCSV, inputs: inputs.paths) }
        let options = solving.allocationOptions(policy: rule.policy)
        let explanations = try runWithProgress(total: years.count * (keys.count + 1), unit: "steps", quiet: output.quiet) { progress in
            let solver = GLPKSolver()
            let outcomes = try AllocationRun(dataset: data, solver: solver, options: options).solve(years: years) { year in
                progress.advance(label: "solved \(year)")
            }
            var explanations: [RequestExplanation] = []
            for key in keys {
                for outcome in outcomes where outcome.requests.contains(where: { $0.key == key }) {
                    explanations.append(try RequestExplanation.explain(dataset: data, key: key, outcome: outcome, solver: solver, options: options))
                    progress.advance(label: "explained \(key) in \(outcome.year)")
                }
            }
            return explanations
        }
        output.report(ExplainTables.text(explanations))
        if let target {
            let table = ExplainTables.table(explanations)
            try writeOutput(target.url) { try target.writeFile(Data(table.render(dialect.csvDialect).utf8)) }
            output.report("Wrote \(target.url.path)")
        }
    }

    /// The requests of project `request` (all carriers, or `--carrier`), or a usage error that
    /// names the closest project ids.
    func requestKeys(in data: Dataset) throws -> [RequestKey] {
        let rows = data.transitions.filter { $0.project.rawValue == request }
        guard !rows.isEmpty else {
            var ids: [String] = []
            for row in data.transitions where !ids.contains(row.project.rawValue) { ids.append(row.project.rawValue) }
            let hint =
                ids.isEmpty
                ? "the dataset has no connection requests (transition.csv is absent or empty)"
                : "closest: \(Spelling.nearest(to: request, among: ids.sorted(), count: 3).joined(separator: ", "))"
            throw ValidationError("unknown request `\(request)`: no project of transition.csv has this id; \(hint)")
        }
        let carriers = rows.map(\.carrier)
        if let carrier {
            guard carriers.contains(carrier) else {
                throw ValidationError(
                    "request `\(request)` has no \(carrier.rawValue) row; its carriers are \(carriers.map(\.rawValue).sorted().joined(separator: ", "))"
                )
            }
            return [RequestKey(project: rows[0].project, carrier: carrier)]
        }
        return Set(carriers).sorted { $0.rawValue < $1.rawValue }.map { RequestKey(project: rows[0].project, carrier: $0) }
    }

    /// `--year` (checked against the planning years and the request's first year), else every
    /// planning year from the request's first year on.
    func selectedYears(in data: Dataset, from firstYear: Int) throws -> [Int] {
        let horizon = data.info.years
        guard let year else {
            let active = horizon.filter { $0 >= firstYear }
            guard !active.isEmpty else {
                throw ValidationError("request `\(request)` starts in \(firstYear), after the last planning year \(horizon.last ?? 0)")
            }
            return active
        }
        guard horizon.contains(year) else {
            throw ValidationError("--year \(year) is not among the dataset's planning years (\(horizon.map(String.init).joined(separator: ",")))")
        }
        guard year >= firstYear else {
            throw ValidationError("request `\(request)` is not active in \(year): it starts in \(firstYear); pick --year \(firstYear) or later")
        }
        return [year]
    }
}
