// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntAnalysis
import KnelpuntData

extension AllocationTables {
    /// A request counts as fully granted from this share of its MW on (round-off of the LP).
    public static let fullGrantShare = 1 - 1e-6

    /// The first year of `outcomes` in which each request is granted in full (share ≥
    /// ``fullGrantShare``); requests never granted in full are absent.
    public static func firstFullYears(_ outcomes: [YearOutcome]) -> [RequestKey: Int] {
        var firstFull: [RequestKey: Int] = [:]
        for outcome in outcomes.sorted(by: { $0.year < $1.year }) {
            for request in outcome.requests where request.grantedShare >= fullGrantShare && firstFull[request.key] == nil {
                firstFull[request.key] = outcome.year
            }
        }
        return firstFull
    }

    /// requests.csv: one row per year and active request (request view), in queue order (request
    /// date, then project id and carrier). `first_full_year` is the first year of the run in
    /// which the request is granted in full (empty if none).
    public static func requests(_ outcomes: [YearOutcome]) -> CSVTable {
        var table = CSVTable(header: [
            "year", "policy", "request", "consumer", "carrier", "product", "tier", "fcfs_rank", "request_date", "requested_mw",
            "granted_mw", "granted_share", "delivered_mwh", "curtailed_mwh", "first_full_year", "blocking_asset",
            "binding_contingency", "rule_step", "co2_avoided_kt_planned", "co2_at_risk_kt",
        ])
        let firstFull = firstFullYears(outcomes)
        for outcome in outcomes {
            let ordered = outcome.requests.sorted { ($0.requestDate, $0.key) < ($1.requestDate, $1.key) }
            for request in ordered {
                table.append([
                    .integer(outcome.year), .text(outcome.policy), .text(request.key.project.rawValue), .text(request.consumer.rawValue),
                    .text(request.key.carrier.rawValue), .text(request.product.rawValue), request.tier.map { .integer($0) } ?? .empty,
                    .integer(request.fcfsRank), .text(request.requestDate.description), .number(request.requestedMW, decimals: 3),
                    .number(request.grantedMW, decimals: 3), .number(request.grantedShare, decimals: 6),
                    .number(request.deliveredMWh, decimals: 3), .number(request.curtailedMWh, decimals: 3),
                    firstFull[request.key].map { .integer($0) } ?? .empty, request.blockingAsset.map { .text($0) } ?? .empty,
                    request.bindingContingency.map { .text($0) } ?? .empty, request.ruleStep.map { .integer($0) } ?? .empty,
                    .number(request.plannedCO2Kt, decimals: 3), .number(request.co2AtRiskKt, decimals: 3),
                ])
            }
        }
        return table
    }
}
