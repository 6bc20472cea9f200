// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntAnalysis
import KnelpuntData

// The request view's fairness.csv, policy-comparison.csv and price-of-fairness.csv: grants in MW
// to connection requests compared across rules (the energy view's tables compare served energy).

extension AllocationTables {
    /// fairness.csv in the request view: per year, policy and group (all, maatwerk, other,
    /// public), the spread of the granted shares g_r/R_r over the active requests (min, mean,
    /// Jain, Gini, how many below 50 % and 90 %), MW requested and granted, and the firm
    /// unserved energy of the group (MWh; > 0 is a security-of-supply violation).
    public static func requestFairness(_ outcomes: [YearOutcome]) -> CSVTable {
        var table = CSVTable(header: [
            "year", "policy", "group", "requests", "min_granted_share", "mean_granted_share", "jain_index", "gini", "requests_below_50pct",
            "requests_below_90pct", "requested_mw", "granted_mw", "firm_unserved_mwh", "cost_eur",
        ])
        for outcome in outcomes {
            for group in YearTotals.Group.allCases {
                let consumerGroup: ConsumerGroup? = group == .all ? nil : ConsumerGroup(rawValue: group.rawValue)
                let metrics = FairnessMetrics(requestsOf: outcome, group: consumerGroup)
                let totals = YearTotals(outcome, group: group)
                table.append([
                    .integer(outcome.year), .text(outcome.policy), .text(group.rawValue), .integer(metrics.pairs),
                    .optional(metrics.minShare, decimals: 6), .optional(metrics.meanShare, decimals: 6),
                    .optional(metrics.jainIndex, decimals: 6), .optional(metrics.gini, decimals: 6),
                    .integer(metrics.pairsBelow50Percent), .integer(metrics.pairsBelow90Percent),
                    .number(totals.requestedMW, decimals: 3), .number(totals.grantedMW, decimals: 3),
                    .number(metrics.unservedMWh, decimals: 3), group == .all ? .number(outcome.costEUR, decimals: 2) : .empty,
                ])
            }
        }
        return table
    }

    /// policy-comparison.csv in the request view: per year and request (queue order: request
    /// date, then project and carrier), the granted MW and share under each policy side by side
    /// (columns in the order of `policies`; `runs[k]` holds `policies[k]`'s outcomes, one per
    /// year in the same order).
    public static func requestComparison(policies: [String], runs: [[YearOutcome]]) -> CSVTable {
        var header = ["year", "request", "consumer", "carrier", "group", "tier", "fcfs_rank", "request_date", "requested_mw"]
        for policy in policies { header += ["granted_mw_\(policy)", "granted_share_\(policy)"] }
        var table = CSVTable(header: header)
        guard let reference = runs.first else { return table }
        for (y, outcome) in reference.enumerated() {
            for request in outcome.requests.sorted(by: { ($0.requestDate, $0.key) < ($1.requestDate, $1.key) }) {
                var row: [CSVCell] = [
                    .integer(outcome.year), .text(request.key.project.rawValue), .text(request.consumer.rawValue),
                    .text(request.key.carrier.rawValue), .text(request.group.rawValue), request.tier.map { .integer($0) } ?? .empty,
                    .integer(request.fcfsRank), .text(request.requestDate.description), .number(request.requestedMW, decimals: 3),
                ]
                for run in runs {
                    if let other = run[y].requests.first(where: { $0.key == request.key }) {
                        row += [.number(other.grantedMW, decimals: 3), .number(other.grantedShare, decimals: 6)]
                    } else {
                        row += [.empty, .empty]
                    }
                }
                table.append(row)
            }
        }
        return table
    }

    /// price-of-fairness.csv in the request view: per year and policy, MW requested and granted,
    /// the MW granted given up relative to the `cost` rule (`reference`: Σ_r g_r(cost) − Σ_r
    /// g_r(policy); negative when the policy grants more MW, since `cost` maximises the value of
    /// the delivered energy, Σ_r VoLL_r·E_r, not MW), the min and mean granted share, how many
    /// requests are short, CO2 at risk, firm unserved energy, cost and extra cost.
    public static func requestPriceOfFairness(policies: [String], runs: [[YearOutcome]], reference: [YearOutcome]) -> CSVTable {
        var table = CSVTable(header: [
            "year", "policy", "requested_mw", "granted_mw", "granted_mw_given_up", "min_granted_share", "mean_granted_share", "requests_short",
            "co2_at_risk_kt", "firm_unserved_mwh", "cost_eur", "extra_cost_eur",
        ])
        for (y, base) in reference.enumerated() {
            let baseGranted = YearTotals(base, group: .all).grantedMW
            for (k, policy) in policies.enumerated() {
                let outcome = runs[k][y]
                let totals = YearTotals(outcome, group: .all)
                let metrics = FairnessMetrics(requestsOf: outcome, group: nil)
                table.append([
                    .integer(outcome.year), .text(policy), .number(totals.requestedMW, decimals: 3), .number(totals.grantedMW, decimals: 3),
                    .number(baseGranted - totals.grantedMW, decimals: 3), .optional(metrics.minShare, decimals: 6),
                    .optional(metrics.meanShare, decimals: 6), .integer(outcome.requests.count { $0.grantedShare < fullGrantShare }),
                    .number(totals.co2AtRiskKt, decimals: 3), .number(totals.unservedMWh, decimals: 3), .number(outcome.costEUR, decimals: 2),
                    .number(outcome.costEUR - base.costEUR, decimals: 2),
                ])
            }
        }
        return table
    }
}
