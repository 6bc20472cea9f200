// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import KnelpuntAnalysis

extension SweepTables {
    /// z of a two-sided 95 % interval: Φ⁻¹(0.975).
    public static let z95 = 1.959963984540054

    /// The Wilson score interval of a proportion with `successes` of `trials` (95 % by default):
    /// (p̂ + z²/2n ± z·√(p̂(1−p̂)/n + z²/4n²)) / (1 + z²/n), clipped to [0, 1]; `nil` without trials.
    /// Unlike p̂ ± z·√(p̂(1−p̂)/n) it stays inside [0, 1] and is not empty at p̂ = 0 or 1.
    public static func wilsonInterval(successes: Int, trials: Int, z: Double = z95) -> (low: Double, high: Double)? {
        guard trials > 0 else { return nil }
        let n = Double(trials)
        let p = Double(successes) / n
        let z2 = z * z
        let centre = (p + z2 / (2 * n)) / (1 + z2 / n)
        let half = z / (1 + z2 / n) * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot()
        // At k = 0 (k = n) the lower (upper) end is exactly 0 (1); set it so that round-off does not show.
        return (successes == 0 ? 0 : max(0, centre - half), successes == trials ? 1 : min(1, centre + half))
    }

    /// True when the results carry grants per request (a request-view sweep).
    public static func hasRequests(_ results: [SweepResult]) -> Bool {
        results.contains { $0.years.contains { $0.requests != nil } }
    }

    /// sweep-requests.csv (request view): one row per year and request active in at least one
    /// scenario that year, in queue order, over the n scenarios:
    /// * `full_grant_probability` = k/n, k the scenarios in which the request is granted in full
    ///   (g ≥ (1 − 10⁻⁶)·R), with its 95 % Wilson interval (`full_grant_ci95_low`, `_high`);
    /// * `granted_mw_mean` and P10/P50/P90 of the granted MW (type 7, as sweep-percentiles.csv);
    /// * `first_full_year_share`: the share of scenarios whose first year (of the sweep's years)
    ///   with a full grant is this year; `full_by_year_share` the share with one in this year or
    ///   earlier; `never_full_share` the share with none in any year (the same on every row of the
    ///   request: Σ first_full_year_share over the years + never_full_share = 1).
    /// A scenario in which the request is not active that year (its project starts later there)
    /// counts as 0 MW and not granted in full; `active_scenarios` says in how many it is active.
    public static func requests(_ results: [SweepResult]) -> CSVTable {
        var table = CSVTable(header: [
            "year", "request", "consumer", "carrier", "request_date", "requested_mw", "scenarios", "active_scenarios",
            "full_grant_probability", "full_grant_ci95_low", "full_grant_ci95_high",
            "granted_mw_mean", "granted_mw_p10", "granted_mw_p50", "granted_mw_p90",
            "first_full_year_share", "full_by_year_share", "never_full_share",
        ])
        let sorted = results.sorted { $0.index < $1.index }
        let n = sorted.count
        // Each scenario's first year with a full grant, per request.
        var firstFull: [RequestKey: [Int]] = [:]
        for result in sorted {
            var seen: [RequestKey: Int] = [:]
            for year in result.years.sorted(by: { $0.year < $1.year }) {
                for request in year.requests ?? [] where isFullGrant(request) {
                    let key = RequestKey(request: request.request, carrier: request.carrier)
                    if seen[key] == nil { seen[key] = year.year }
                }
            }
            for (key, year) in seen { firstFull[key, default: []].append(year) }
        }
        let years = Set(sorted.flatMap { $0.years.map(\.year) }).sorted()
        for year in years {
            for (key, rows) in activeRequests(year: year, in: sorted) {
                let first = rows[0]
                let granted = (rows.map(\.grantedMW) + Array(repeating: 0, count: max(0, n - rows.count))).sorted()
                let full = rows.count(where: isFullGrant)
                let interval = wilsonInterval(successes: full, trials: n)
                let firsts = firstFull[key] ?? []
                let share = { (count: Int) -> CSVCell in .number(n > 0 ? Double(count) / Double(n) : 0, decimals: 6) }
                table.append([
                    .integer(year), .text(first.request), .text(first.consumer), .text(first.carrier), .text(first.requestDate),
                    .number(first.requestedMW, decimals: 3), .integer(n), .integer(rows.count), share(full),
                    .optional(interval?.low, decimals: 6), .optional(interval?.high, decimals: 6),
                    .number(n > 0 ? granted.reduce(0, +) / Double(n) : 0, decimals: 3),
                    .number(percentile(granted, 0.1), decimals: 3), .number(percentile(granted, 0.5), decimals: 3),
                    .number(percentile(granted, 0.9), decimals: 3),
                    share(firsts.count { $0 == year }), share(firsts.count { $0 <= year }), share(n - firsts.count),
                ])
            }
        }
        return table
    }

    /// A request and carrier: one row of sweep-requests.csv per year.
    struct RequestKey: Hashable {
        var request: String
        var carrier: String
    }

    /// Granted in full: g ≥ (1 − 10⁻⁶)·R with R > 0.
    static func isFullGrant(_ request: SweepResult.Request) -> Bool {
        request.requestedMW > 0 && request.grantedMW / request.requestedMW >= AllocationTables.fullGrantShare
    }

    /// The requests active in `year` in at least one of `sorted` (results in index order), in queue
    /// order (request date, project, carrier), each with its grants in the scenarios where it is
    /// active (in index order; never empty).
    static func activeRequests(year: Int, in sorted: [SweepResult]) -> [(key: RequestKey, rows: [SweepResult.Request])] {
        var active: [RequestKey: [SweepResult.Request]] = [:]
        for result in sorted {
            for request in result.years.first(where: { $0.year == year })?.requests ?? [] {
                active[RequestKey(request: request.request, carrier: request.carrier), default: []].append(request)
            }
        }
        return active.map { (key: $0.key, rows: $0.value) }.sorted {
            let a = $0.rows[0]
            let b = $1.rows[0]
            return (a.requestDate, a.request, a.carrier) < (b.requestDate, b.request, b.carrier)
        }
    }
}
