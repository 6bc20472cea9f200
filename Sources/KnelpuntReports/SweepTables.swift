// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import KnelpuntAnalysis
import KnelpuntData

/// The tables of `knelpunt sweep` and `knelpunt merge`, computed from the scenario results alone
/// (sorted by scenario index), so a merged run writes exactly what one unsharded run writes.
public enum SweepTables {
    /// sweep.csv: one row per scenario and year.
    public static func scenarios(_ results: [SweepResult]) -> CSVTable {
        var table = CSVTable(header: [
            "scenario", "label", "delays", "year", "demand_mwh", "unserved_mwh", "co2_at_risk_kt", "cost_eur", "bottlenecks", "bottleneck_assets",
        ])
        for result in results.sorted(by: { $0.index < $1.index }) {
            for year in result.years {
                table.append([
                    .integer(result.index), .text(result.label), .text(result.delays), .integer(year.year),
                    .number(year.demandMWh, decimals: 3), .number(year.unservedMWh, decimals: 3), .number(year.co2AtRiskKt, decimals: 3),
                    .number(year.costEUR, decimals: 2), .integer(year.bottlenecks.count), .text(year.bottlenecks.joined(separator: ";")),
                ])
            }
        }
        return table
    }

    /// sweep-percentiles.csv: per year, the P10/P50/P90 over the scenarios of the total and of
    /// each consumer's unserved energy and CO2 at risk (kind `total` and `consumer`), and for
    /// every asset that is a bottleneck in at least one scenario the share of scenarios in which
    /// it is (kind `asset`, like Antares' congestion probability). A consumer without demand in a
    /// scenario counts as 0 there. Percentiles interpolate linearly between order statistics
    /// (position p·(n−1) in the sorted values, "type 7").
    public static func percentiles(_ results: [SweepResult]) -> CSVTable {
        var table = CSVTable(header: [
            "year", "kind", "id", "scenarios", "unserved_mwh_p10", "unserved_mwh_p50", "unserved_mwh_p90",
            "co2_at_risk_kt_p10", "co2_at_risk_kt_p50", "co2_at_risk_kt_p90", "bottleneck_probability",
        ])
        let sorted = results.sorted { $0.index < $1.index }
        let years = Set(sorted.flatMap { $0.years.map(\.year) }).sorted()
        for year in years {
            let rows = sorted.compactMap { result in result.years.first { $0.year == year } }
            let n = rows.count
            func stats(_ unserved: [Double], _ co2: [Double]) -> [CSVCell] {
                let u = unserved.sorted()
                let c = co2.sorted()
                return [0.1, 0.5, 0.9].map { .number(percentile(u, $0), decimals: 3) }
                    + [0.1, 0.5, 0.9].map { .number(percentile(c, $0), decimals: 3) }
            }
            table.append(
                [.integer(year), .text("total"), .text("all"), .integer(n)]
                    + stats(rows.map(\.unservedMWh), rows.map(\.co2AtRiskKt)) + [.empty])
            let consumers = Set(rows.flatMap { $0.consumers.map(\.consumer) }).sorted()
            for consumer in consumers {
                let values = rows.map { row in row.consumers.first { $0.consumer == consumer } }
                table.append(
                    [.integer(year), .text("consumer"), .text(consumer), .integer(n)]
                        + stats(values.map { $0?.unservedMWh ?? 0 }, values.map { $0?.co2AtRiskKt ?? 0 }) + [.empty])
            }
            let assets = Set(rows.flatMap(\.bottlenecks)).sorted()
            for asset in assets {
                let count = rows.count { $0.bottlenecks.contains(asset) }
                table.append([
                    .integer(year), .text("asset"), .text(asset), .integer(n), .empty, .empty, .empty, .empty, .empty, .empty,
                    .number(Double(count) / Double(max(n, 1)), decimals: 6),
                ])
            }
        }
        return table
    }

    /// The `p`-quantile of ascending `values` (linear between order statistics; 0 when empty).
    public static func percentile(_ values: [Double], _ p: Double) -> Double {
        guard let first = values.first else { return 0 }
        guard values.count > 1 else { return first }
        let position = p * Double(values.count - 1)
        let lower = Int(position.rounded(.down))
        let upper = min(lower + 1, values.count - 1)
        let fraction = position - Double(lower)
        return values[lower] + (values[upper] - values[lower]) * fraction
    }

    /// The CSV files of a finished sweep in the view, in a fixed order (the journal and manifest
    /// are written by the caller).
    public static func fileNames(view: AllocationView) -> [String] {
        ["sweep.csv", "sweep-percentiles.csv"] + (view == .requests ? ["sweep-requests.csv"] : []) + ["sweep-statistics.csv"]
    }

    /// The output files of a finished sweep, in a fixed order (the journal and manifest are
    /// written by the caller); sweep-requests.csv when the results carry grants per request.
    public static func files(_ results: [SweepResult], dialect: CSVDialect) -> [(name: String, contents: String)] {
        [
            ("sweep.csv", scenarios(results).render(dialect)),
            ("sweep-percentiles.csv", percentiles(results).render(dialect)),
        ] + (hasRequests(results) ? [("sweep-requests.csv", requests(results).render(dialect))] : [])
            + [("sweep-statistics.csv", statistics(results).render(dialect))]
    }
}

/// manifest.json of a sweep: only facts that are the same however the sweep was run (no paths,
/// timings or command line), so a merged sweep's manifest equals an unsharded one's.
public struct SweepManifest: Codable, Sendable {
    public var tool = "knelpunt"
    public var toolVersion: String
    public var solver: String
    public var dataset: String
    public var inputFiles: [RunManifest.InputFile]
    public var spec: String
    public var specSHA256: String
    public var policy: String
    /// `requests` or `energy` (``AllocationView``).
    public var view: String
    public var years: [Int]
    public var scenarios: Int
    /// `K/N` for a shard, `1/1` for a whole (or merged) sweep.
    public var shard: String
    /// How a `--until-ci` sweep stopped; `nil` (and left out) otherwise.
    public var untilCI: SequentialStop?

    /// The sequential stop of `knelpunt sweep --until-ci` (``SweepStoppingRule``).
    public struct SequentialStop: Codable, Sendable, Hashable {
        /// PCT, percentage points.
        public var targetPP: Double
        /// The spec's `samples`.
        public var samplesCap: Int
        public var batchSize: Int
        /// Samples drawn (= ``SweepManifest/scenarios``).
        public var samples: Int
        /// The widest watched 95 % interval over those samples, percentage points, and its output.
        public var widestCI95PP: Double?
        public var widestOutput: String?
        /// Whether the widest interval reached PCT (false: the cap stopped the sweep).
        public var met: Bool

        public init(rule: SweepStoppingRule, check: SweepStoppingRule.Check) {
            targetPP = rule.widestPercentagePoints
            samplesCap = rule.cap
            batchSize = SweepStoppingRule.batchSize
            samples = check.samples
            widestCI95PP = check.widestPP
            widestOutput = check.widestOutput
            met = check.isMet
        }

        enum CodingKeys: String, CodingKey {
            case samples, met
            case targetPP = "target_pp"
            case samplesCap = "samples_cap"
            case batchSize = "batch_size"
            case widestCI95PP = "widest_ci95_pp"
            case widestOutput = "widest_output"
        }
    }

    enum CodingKeys: String, CodingKey {
        case tool, solver, dataset, spec, policy, view, years, scenarios, shard
        case untilCI = "until_ci"
        case toolVersion = "tool_version"
        case inputFiles = "input_files"
        case specSHA256 = "spec_sha256"
    }

    public init(
        toolVersion: String, solver: String, dataset: String, datasetFolder: URL, spec: String, specSHA256: String,
        policy: String, view: String, years: [Int], scenarios: Int, shard: String
    ) {
        self.toolVersion = toolVersion
        self.solver = solver
        self.dataset = dataset
        inputFiles = RunManifest.hashFiles(in: datasetFolder)
        self.spec = spec
        self.specSHA256 = specSHA256
        self.policy = policy
        self.view = view
        self.years = years
        self.scenarios = scenarios
        self.shard = shard
    }

    /// SHA-256 over the names and hashes of the dataset's files: one fingerprint of the inputs.
    public static func datasetFingerprint(_ folder: URL) -> String {
        SHA256.hex(Array(RunManifest.hashFiles(in: folder).map { "\($0.name) \($0.sha256)\n" }.joined().utf8))
    }

    public func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(self), let text = String(data: data, encoding: .utf8) else { return "{}\n" }
        return text + "\n"
    }

    /// Reads a manifest written by ``json()``.
    public static func decode(_ data: Data) -> SweepManifest? {
        try? JSONDecoder().decode(SweepManifest.self, from: data)
    }
}
