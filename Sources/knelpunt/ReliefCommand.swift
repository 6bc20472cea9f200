// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser
import Foundation
import KnelpuntAnalysis
import KnelpuntData
import KnelpuntGLPK
import KnelpuntReports

struct Relief: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The relief curve of one asset: granted MW (request view) or unserved energy, and CO2 at risk, as its capacity grows.",
        discussion: """
            Adds --step MW at a time, up to --max MW, to a link, supply or conversion in one year and \
            solves each step (warm-started from the previous one). Steps after the first at which the \
            asset is no longer at capacity in any timeslice are provably unchanged and are not solved \
            (marked `unchanged`); see docs/scenarios.md for why that is exact and why nothing is \
            interpolated. Writes one CSV row per step; in the request view (the default) a row `all` per \
            step (granted and requested MW, MW granted per MW added, firm unserved MWh) followed by one \
            row per request (its grant and MW granted per MW added).
            """)

    /// `--out` of `relief`.
    enum Output: OutputTarget {
        static let help = "Output CSV file (default: out/<dataset>-relief-<asset>-<year>.csv)."
    }

    @OptionGroup var input: DatasetOptions
    @OptionGroup var scenario: ScenarioOption

    @Option(help: "Id of the link, supply or conversion.")
    var asset: String

    @Option(help: "Capacity added per step, MW.")
    var step: Double

    @Option(help: "Largest capacity added, MW.")
    var max: Double

    @OptionGroup var year: YearOption
    @OptionGroup var rule: PolicyOption
    @OptionGroup var solving: RunOptions
    @OptionGroup var output: OutputOptions<Output>
    @OptionGroup var dialect: DialectOption

    func validate() throws {
        guard step.isFinite, step > 0 else { throw ValidationError("--step must be a positive number of MW") }
        guard max.isFinite, max >= 0, max <= NumericRanges.maxCapacityMW else {
            throw ValidationError(
                "--max must be a number of MW between 0 and \(ValueBounds.format(NumericRanges.maxCapacityMW)) (the capacity range, docs/numerics.md)"
            )
        }
        guard max / step <= 10_000 else { throw ValidationError("--max / --step gives more than 10,000 steps; use a larger --step") }
    }

    func run() throws {
        let inputs = try input.load(scenario: scenario.scenario)
        let data = inputs.dataset
        let selectedYear = try year.select(in: data)
        let target = try output.checkTarget(
            default: "out/\(data.info.name)-relief-\(asset)-\(selectedYear).csv", kind: .reliefCSV, inputs: inputs.paths)
        let outURL = target.url
        let options = solving.allocationOptions(policy: rule.policy)
        let clock = DispatchTime.now()
        let steps = Int((max / step + 1e-9).rounded(.down)) + 1
        let points = try runWithProgress(total: steps, unit: "steps", quiet: output.quiet) { progress in
            try ReliefCurve.compute(
                dataset: data, asset: asset, year: selectedYear, stepMW: step, maxMW: max,
                solver: GLPKSolver(), options: options
            ) { done, _ in progress.advance(label: "\(asset) step \(done)") }
        }
        guard let kind = data.asset(id: asset)?.kind else {
            throw ReliefCurve.Failure.unknownAsset(id: asset, year: selectedYear, known: data.assets.map { data.id(of: $0) }.sorted())
        }
        let table = ReliefTables.curve(points, year: selectedYear, asset: asset, kind: kind)
        try writeOutput(outURL) { try target.writeFile(Data(table.render(dialect.csvDialect).utf8)) }
        output.report(ReliefTables.summary(points, asset: asset, year: selectedYear, seconds: secondsSince(clock)))
        output.report("Wrote \(outURL.path)")
    }
}
