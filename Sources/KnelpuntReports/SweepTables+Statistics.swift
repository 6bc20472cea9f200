// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import KnelpuntAnalysis
import KnelpuntData

extension SweepTables {
    /// The header of sweep-statistics.csv: one row per year, kind (`asset`, `request`, `group`),
    /// id and measure; the cells a measure has no use for are empty.
    static let statisticsHeader = [
        "year", "kind", "id", "measure", "scenarios", "successes", "estimate", "sd", "ci95_low", "ci95_high",
        "min", "min_scenario", "min_label", "max", "max_scenario", "max_label",
    ]

    /// sweep-statistics.csv, Antares-style statistics over the n scenarios of the sweep (all
    /// shards), per year:
    /// * kind `asset`, every asset that is a bottleneck in at least one scenario (by id):
    ///   `congestion_probability` = k/n (k scenarios in which it is a bottleneck) with its 95 %
    ///   Wilson interval (``wilsonInterval(successes:trials:z:)``), then
    ///   `shadow_value_eur_per_mw_year` (0 in a scenario where the asset has none) with
    ///   ``SampleSummary``'s mean, sample σ, Student t interval of the mean, and the extremes with
    ///   the scenario (index and label, the lowest index on ties) that produced each;
    /// * kind `request` (request view), in queue order: `full_grant_probability`, the k/n and
    ///   Wilson interval of sweep-requests.csv (the same counts, the same cells);
    /// * kind `group`, ids `all`, `maatwerk`, `other`, `public`: `firm_unserved_mwh` (the energy
    ///   view: `unserved_mwh`) and `co2_at_risk_kt` with the summary of `shadow_value…`.
    public static func statistics(_ results: [SweepResult]) -> CSVTable {
        var table = CSVTable(header: statisticsHeader)
        let sorted = results.sorted { $0.index < $1.index }
        let requestView = hasRequests(sorted)
        let years = Set(sorted.flatMap { $0.years.map(\.year) }).sorted()
        for year in years {
            let rows = sorted.compactMap { result in result.years.first { $0.year == year }.map { (result: result, year: $0) } }
            let n = rows.count
            func probability(_ kind: String, _ id: String, _ measure: String, successes: Int) -> [CSVCell] {
                let interval = wilsonInterval(successes: successes, trials: n)
                return [
                    .integer(year), .text(kind), .text(id), .text(measure), .integer(n), .integer(successes),
                    .number(n > 0 ? Double(successes) / Double(n) : 0, decimals: 6), .empty,
                    .optional(interval?.low, decimals: 6), .optional(interval?.high, decimals: 6),
                    .empty, .empty, .empty, .empty, .empty, .empty,
                ]
            }
            func summary(_ kind: String, _ id: String, _ measure: String, _ values: [Double], decimals: Int) -> [CSVCell]? {
                guard let s = SampleSummary(values) else { return nil }
                let low = rows[s.minSample].result
                let high = rows[s.maxSample].result
                return [
                    .integer(year), .text(kind), .text(id), .text(measure), .integer(n), .empty, .number(s.mean, decimals: decimals),
                    .optional(s.standardDeviation, decimals: decimals), .optional(s.meanLow, decimals: decimals),
                    .optional(s.meanHigh, decimals: decimals), .number(s.min, decimals: decimals), .integer(low.index), .text(low.label),
                    .number(s.max, decimals: decimals), .integer(high.index), .text(high.label),
                ]
            }
            for asset in Set(rows.flatMap(\.year.bottlenecks)).sorted() {
                table.append(probability("asset", asset, "congestion_probability", successes: rows.count { $0.year.bottlenecks.contains(asset) }))
                let values = rows.map { row in row.year.shadowValues.first { $0.asset == asset }?.shadowValueEURPerMWYear ?? 0 }
                if let cells = summary("asset", asset, "shadow_value_eur_per_mw_year", values, decimals: 2) { table.append(cells) }
            }
            for (_, active) in activeRequests(year: year, in: rows.map(\.result)) {
                table.append(probability("request", active[0].request, "full_grant_probability", successes: active.count(where: isFullGrant)))
            }
            let unservedMeasure = requestView ? "firm_unserved_mwh" : "unserved_mwh"
            for group in ["all"] + ConsumerGroup.allCases.map(\.rawValue) {
                func totals(_ year: SweepResult.Year) -> (unservedMWh: Double, co2AtRiskKt: Double) {
                    if group == "all" { return (year.unservedMWh, year.co2AtRiskKt) }
                    let found = year.groups.first { $0.group == group }
                    return (found?.unservedMWh ?? 0, found?.co2AtRiskKt ?? 0)
                }
                let values = rows.map { totals($0.year) }
                for cells in [
                    summary("group", group, unservedMeasure, values.map(\.unservedMWh), decimals: 3),
                    summary("group", group, "co2_at_risk_kt", values.map(\.co2AtRiskKt), decimals: 3),
                ] {
                    if let cells { table.append(cells) }
                }
            }
        }
        return table
    }

    /// The outputs `--until-ci` watches: every congestion probability and every full-grant
    /// probability of sweep-statistics.csv, all years. Returns the widest of their 95 % Wilson
    /// intervals in percentage points, (high − low) × 100, with the output's
    /// `year kind id` (the first in table order on ties); `nil` when there is none.
    public static func widestProbabilityInterval(_ results: [SweepResult]) -> (widthPP: Double, output: String)? {
        let sorted = results.sorted { $0.index < $1.index }
        var widest: (widthPP: Double, output: String)?
        for year in Set(sorted.flatMap { $0.years.map(\.year) }).sorted() {
            let rows = sorted.compactMap { result in result.years.first { $0.year == year } }
            var counts: [(output: String, successes: Int)] = Set(rows.flatMap(\.bottlenecks)).sorted().map { asset in
                ("\(year) asset \(asset)", rows.count { $0.bottlenecks.contains(asset) })
            }
            counts += activeRequests(year: year, in: sorted).map { ("\(year) request \($0.rows[0].request)", $0.rows.count(where: isFullGrant)) }
            for (output, successes) in counts {
                guard let interval = wilsonInterval(successes: successes, trials: rows.count) else { continue }
                let width = (interval.high - interval.low) * 100
                if widest.map({ width > $0.widthPP }) ?? true { widest = (width, output) }
            }
        }
        return widest
    }
}

/// `knelpunt sweep --until-ci PCT`: draw the samples of a Monte Carlo spec in fixed batches of
/// ``batchSize`` (samples 0–49, 50–99, …; the last batch ends at the spec's `samples`, the cap)
/// and stop after the first batch at whose end the widest 95 % Wilson interval of the watched
/// outputs (``SweepTables/widestProbabilityInterval(_:)``, unrounded) is at most PCT percentage
/// points. The decision depends only on samples 0..<end, each fixed by the seed and its index, so
/// the stopping point is the same whatever the number of workers.
public struct SweepStoppingRule: Sendable, Hashable {
    /// Samples per batch.
    public static let batchSize = 50
    /// PCT: the widest interval allowed, percentage points (0 < PCT ≤ 100).
    public var widestPercentagePoints: Double
    /// The spec's `samples`: no sample is drawn beyond it.
    public var cap: Int

    public init(widestPercentagePoints: Double, cap: Int) {
        self.widestPercentagePoints = widestPercentagePoints
        self.cap = cap
    }

    /// The sample counts after each batch: 50, 100, …, and `cap` last.
    public var batchEnds: [Int] {
        Array(stride(from: Self.batchSize, to: cap, by: Self.batchSize)) + [cap]
    }

    /// What the rule says after the batch ending at `end`.
    public struct Check: Sendable, Hashable {
        public var samples: Int
        /// The widest watched interval (percentage points) and its output (`year kind id`); `nil`
        /// when no asset is a bottleneck and no request is active (then the rule is met at once).
        public var widestPP: Double?
        public var widestOutput: String?
        /// Width ≤ PCT.
        public var isMet: Bool
    }

    /// Checks the rule over the results with index < `end` (all of them must be there).
    public func check(_ results: [SweepResult], end: Int) -> Check {
        let widest = SweepTables.widestProbabilityInterval(results.filter { $0.index < end })
        return Check(
            samples: end, widestPP: widest?.widthPP, widestOutput: widest?.output,
            isMet: (widest?.widthPP ?? 0) <= widestPercentagePoints)
    }
}
