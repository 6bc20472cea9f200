// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser
import Foundation
import KnelpuntAnalysis
import KnelpuntData
import KnelpuntGLPK
import KnelpuntReports

struct Relief: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The relief curve of one asset: unserved energy and CO2 at risk as its capacity grows.",
        discussion: """
        Adds --step MW at a time, up to --max MW, to a link, supply or conversion in one year and \
        solves each step (warm-started from the previous one). Steps after the first at which the \
        asset is no longer at capacity in any timeslice are provably unchanged and are not solved \
        (marked `unchanged`); see docs/scenarios.md for why that is exact and why nothing is \
        interpolated. Writes one CSV row per step.
        """)

    @Argument(help: "Dataset folder, or a name under ./datasets (default: the scenario's `base`, else nl).")
    var dataset: String?

    @Option(help: "Id of the link, supply or conversion.")
    var asset: String

    @Option(help: "Capacity added per step, MW.")
    var step: Double

    @Option(help: "Largest capacity added, MW.")
    var max: Double

    @Option(help: "Planning year (default: the dataset's first).")
    var year: Int?

    @Option(help: "Allocation rule: \(AllocationPolicy.allCases.map(\.rawValue).joined(separator: ", ")).")
    var policy: String = AllocationPolicy.cost.rawValue

    @Option(help: "Scenario file applied before the curve is computed.")
    var scenario: String?

    @Option(help: "Output CSV file (default: out/<dataset>-relief-<asset>-<year>.csv).")
    var out: String?

    @Option(name: .customLong("csv-dialect"), help: "en (, and .) or nl (; and decimal comma, with BOM).")
    var csvDialect: String = CSVDialect.en.rawValue

    @OptionGroup var flags: RunFlags

    func validate() throws {
        _ = try parsePolicy(policy)
        guard step.isFinite, step > 0 else { throw ValidationError("--step must be a positive number of MW") }
        guard max.isFinite, max >= 0 else { throw ValidationError("--max must be a number of MW ≥ 0") }
        guard max / step <= 10_000 else { throw ValidationError("--max / --step gives more than 10,000 steps; use a larger --step") }
        guard CSVDialect(rawValue: csvDialect) != nil else { throw ValidationError("--csv-dialect '\(csvDialect)' is unknown; choose en or nl") }
    }

    func run() throws {
        let file = try scenario.map(readScenarioFile)
        let folder = try resolveDatasetFolder(scenarioDatasetArgument(dataset, base: file?.scenario.base))
        let loaded = try loadDataset(folder, strict: flags.strict).dataset
        let data = try file.map { try applyScenario($0, to: loaded) } ?? loaded
        let selectedYear = try selectYears(year.map { [$0] }, dataset: data).first ?? 0
        let outURL = URL(fileURLWithPath: out ?? "out/\(data.info.name)-relief-\(asset)-\(selectedYear).csv")
        try refuseExistingOutput(outURL, force: flags.force)
        var options = AllocationOptions()
        options.policy = try parsePolicy(policy)
        flags.apply(to: &options)
        let progress = ProgressLine(total: Int((max / step + 1e-9).rounded(.down)) + 1, enabled: standardErrorIsTerminal && !flags.quiet)
        let clock = DispatchTime.now()
        let points: [ReliefCurve.Point]
        do {
            points = try ReliefCurve.compute(dataset: data, asset: asset, year: selectedYear, stepMW: step, maxMW: max,
                                             solver: GLPKSolver(), options: options) { done, _ in
                progress.advance(label: "\(asset) step \(done)")
            }
        } catch {
            progress.finish()
            switch error {
            case .analysis(let failure): throw allocationFailure(failure)
            case .unknownAsset, .scenario:
                printError("knelpunt: \(error)")
                throw ExitStatus.dataError
            }
        }
        progress.finish()
        let dialect = CSVDialect(rawValue: csvDialect)!
        let kind = data.links.contains { $0.id.rawValue == asset } ? "link" : data.supplies.contains { $0.id.rawValue == asset } ? "supply" : "conversion"
        let table = ReliefTables.curve(points, year: selectedYear, asset: asset, kind: kind)
        do {
            try writeFileAtomically(table.render(dialect), to: outURL)
        } catch {
            printError("knelpunt: cannot write \(outURL.path): \(error.localizedDescription)")
            throw ExitStatus.cannotCreate
        }
        if !flags.quiet {
            print(ReliefTables.summary(points, asset: asset, year: selectedYear, seconds: secondsSince(clock)))
            print("Wrote \(outURL.path)")
        }
    }
}
