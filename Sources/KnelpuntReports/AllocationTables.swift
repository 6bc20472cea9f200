// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntAnalysis
import KnelpuntData

/// The CSV exports of an allocation run. Rows are ordered by year, then by the sorted keys named
/// for each table; numbers have fixed decimals; units are in the column names.
public enum AllocationTables {
    /// allocation.csv: one row per year and consumer-carrier pair with demand.
    public static func allocation(_ outcomes: [YearOutcome]) -> CSVTable {
        var table = CSVTable(header: [
            "year", "policy", "consumer", "carrier", "group", "demand_mwh", "served_mwh", "flex_mwh", "unserved_mwh",
            "served_share", "peak_demand_mw", "peak_unserved_mw", "rule_step", "blocking_asset",
        ])
        for outcome in outcomes {
            for (index, pair) in outcome.pairs.enumerated() {
                table.append([
                    .integer(outcome.year), .text(outcome.policy), .text(pair.key.consumer.rawValue), .text(pair.key.carrier.rawValue),
                    .text(pair.group.rawValue), .number(pair.demandMWh, decimals: 3), .number(pair.servedMWh, decimals: 3),
                    .number(pair.flexMWh, decimals: 3), .number(pair.unservedMWh, decimals: 3), .number(pair.servedShare, decimals: 6),
                    .number(pair.peakDemandMW, decimals: 3), .number(pair.peakUnservedMW, decimals: 3),
                    outcome.pairRuleSteps[index].map { .integer($0) } ?? .empty,
                    outcome.pairBlockingAssets[index].map { .text($0) } ?? .empty,
                ])
            }
        }
        return table
    }

    /// bottlenecks.csv: one row per year and asset (kind, then id).
    public static func bottlenecks(_ outcomes: [YearOutcome]) -> CSVTable {
        var table = CSVTable(header: [
            "year", "asset", "kind", "capacity_mw", "peak_flow_mw", "utilisation", "congested_hours",
            "shadow_value_eur_per_mw_year", "valid_up_to_mw", "bottleneck", "affected_consumers", "in_service",
            "binding_contingency",
        ])
        for outcome in outcomes {
            for asset in outcome.assets.sorted(by: { ($0.kind, $0.id) < ($1.kind, $1.id) }) {
                table.append([
                    .integer(outcome.year), .text(asset.id), .text(asset.kind.rawValue), .number(asset.capacityMW, decimals: 3),
                    .number(asset.peakFlowMW, decimals: 3), .optional(asset.utilisation, decimals: 6),
                    .number(asset.congestedHours, decimals: 3), .number(asset.shadowValueEURPerMWYear, decimals: 2),
                    .optional(asset.validUpToMW, decimals: 3), .bool(asset.isBottleneck),
                    .text(asset.affectedConsumers.map(\.rawValue).joined(separator: ";")), .bool(asset.isInService),
                    asset.bindingContingency.map { .text($0) } ?? .empty,
                ])
            }
        }
        return table
    }

    /// nodes.csv: one row per year and node (dataset order).
    public static func nodes(_ outcomes: [YearOutcome]) -> CSVTable {
        var table = CSVTable(header: ["year", "node", "mean_price_eur_per_mwh", "max_price_eur_per_mwh", "unserved_mwh"])
        for outcome in outcomes {
            for node in outcome.nodes.sorted(by: { $0.node < $1.node }) {
                table.append([
                    .integer(outcome.year), .text(node.node.rawValue), .number(node.meanPriceEURPerMWh, decimals: 2),
                    .number(node.maxPriceEURPerMWh, decimals: 2), .number(node.unservedMWh, decimals: 3),
                ])
            }
        }
        return table
    }

    /// flex.csv: one row per year and flex commitment in force.
    public static func flex(_ outcomes: [YearOutcome]) -> CSVTable {
        var table = CSVTable(header: [
            "year", "consumer", "carrier", "product", "used_mwh", "budget_mwh", "used_hours_equivalent", "hours", "within_contract",
        ])
        for outcome in outcomes {
            let sorted = outcome.flex.sorted {
                ($0.consumer, $0.carrier, $0.product, $0.flexIndex) < ($1.consumer, $1.carrier, $1.product, $1.flexIndex)
            }
            for flex in sorted {
                table.append([
                    .integer(outcome.year), .text(flex.consumer.rawValue), .text(flex.carrier.rawValue), .text(flex.product.rawValue),
                    .number(flex.usedMWh, decimals: 3), .optional(flex.budgetMWh, decimals: 3),
                    .number(flex.usedHoursEquivalent, decimals: 3), .number(flex.hours, decimals: 3), .bool(flex.withinContract),
                ])
            }
        }
        return table
    }

    /// co2.csv: one row per year and transition project in force.
    public static func co2(_ outcomes: [YearOutcome]) -> CSVTable {
        var table = CSVTable(header: ["year", "consumer", "project", "carrier", "co2_avoided_kt_planned", "co2_at_risk_kt"])
        for outcome in outcomes {
            for row in outcome.co2 {
                table.append([
                    .integer(outcome.year), .text(row.consumer.rawValue), .text(row.project.rawValue), .text(row.carrier.rawValue),
                    .number(row.plannedKt, decimals: 3), .number(row.atRiskKt, decimals: 3),
                ])
            }
        }
        return table
    }

    /// summary.csv: per year, rows for `all`, `maatwerk`, `other` and `public`. In the request
    /// view demand, served and unserved are the firm load of demand.csv (`firm_unserved_mwh`
    /// repeats the unserved firm energy, a security-of-supply violation) and the requests' MW are
    /// summed; CO2 at risk is charged to the requests.
    public static func summary(_ outcomes: [YearOutcome]) -> CSVTable {
        var table = CSVTable(header: [
            "year", "group", "demand_mwh", "served_mwh", "flex_mwh", "unserved_mwh", "cost_eur", "min_cost_eur", "bottlenecks", "co2_at_risk_kt",
            "firm_unserved_mwh", "requested_mw", "granted_mw",
        ])
        for outcome in outcomes {
            for group in YearTotals.Group.allCases {
                let totals = YearTotals(outcome, group: group)
                table.append([
                    .integer(outcome.year), .text(group.rawValue), .number(totals.demandMWh, decimals: 3),
                    .number(totals.servedMWh, decimals: 3), .number(totals.flexMWh, decimals: 3),
                    .number(totals.unservedMWh, decimals: 3),
                    group == .all ? .number(outcome.costEUR, decimals: 2) : .empty,
                    group == .all ? .number(outcome.minCostEUR, decimals: 2) : .empty,
                    group == .all ? .integer(outcome.assets.filter(\.isBottleneck).count) : .empty,
                    .number(totals.co2AtRiskKt, decimals: 3),
                    outcome.allocation == .requests ? .number(totals.unservedMWh, decimals: 3) : .empty,
                    outcome.allocation == .requests ? .number(totals.requestedMW, decimals: 3) : .empty,
                    outcome.allocation == .requests ? .number(totals.grantedMW, decimals: 3) : .empty,
                ])
            }
        }
        return table
    }
}

/// Totals of one year for a group of consumers.
public struct YearTotals: Sendable {
    public enum Group: String, CaseIterable, Sendable {
        case all
        case maatwerk
        case other
        case `public`
    }

    public var demandMWh = 0.0
    public var servedMWh = 0.0
    public var flexMWh = 0.0
    public var unservedMWh = 0.0
    public var co2AtRiskKt = 0.0
    /// Σ R_r and Σ g_r of the group's requests (request view), MW.
    public var requestedMW = 0.0
    public var grantedMW = 0.0

    public init(_ outcome: YearOutcome, group: Group) {
        func included(_ consumerGroup: ConsumerGroup) -> Bool {
            switch group {
            case .all: return true
            case .maatwerk: return consumerGroup == .maatwerk
            case .other: return consumerGroup == .other
            case .public: return consumerGroup == .public
            }
        }
        for pair in outcome.pairs {
            guard included(pair.group) else { continue }
            demandMWh += pair.demandMWh
            servedMWh += pair.servedMWh
            flexMWh += pair.flexMWh
            unservedMWh += pair.unservedMWh
        }
        for request in outcome.requests {
            guard included(request.group) else { continue }
            requestedMW += request.requestedMW
            grantedMW += request.grantedMW
        }
        let groupOf = outcome.consumerGroups
        for row in outcome.co2 where included(groupOf[row.consumer] ?? .other) {
            co2AtRiskKt += row.atRiskKt
        }
    }
}

extension AllocationTables {
    /// fairness.csv: per year, policy and group (all, maatwerk, other, public). In the energy view
    /// over the pairs' served shares; in the request view (``requestFairness(_:)``) over the
    /// requests' granted shares.
    public static func fairness(_ outcomes: [YearOutcome]) -> CSVTable {
        if outcomes.first?.allocation == .requests { return requestFairness(outcomes) }
        var table = CSVTable(header: [
            "year", "policy", "group", "pairs", "min_share", "mean_share", "jain_index", "gini", "pairs_below_50pct",
            "pairs_below_90pct", "served_mwh", "unserved_mwh", "cost_eur",
        ])
        for outcome in outcomes {
            for group in YearTotals.Group.allCases {
                let consumerGroup: ConsumerGroup? = group == .all ? nil : ConsumerGroup(rawValue: group.rawValue)
                let metrics = FairnessMetrics(outcome, group: consumerGroup)
                table.append([
                    .integer(outcome.year), .text(outcome.policy), .text(group.rawValue), .integer(metrics.pairs),
                    .optional(metrics.minShare, decimals: 6), .optional(metrics.meanShare, decimals: 6),
                    .optional(metrics.jainIndex, decimals: 6), .optional(metrics.gini, decimals: 6),
                    .integer(metrics.pairsBelow50Percent), .integer(metrics.pairsBelow90Percent),
                    .number(metrics.servedMWh, decimals: 3), .number(metrics.unservedMWh, decimals: 3),
                    group == .all ? .number(outcome.costEUR, decimals: 2) : .empty,
                ])
            }
        }
        return table
    }

    /// policy-comparison.csv: per year and consumer-carrier pair, the share and unserved energy
    /// under each policy side by side (columns in the order of `policies`). `runs[k]` holds the
    /// outcomes of `policies[k]`, one per year in the same year order. In the request view:
    /// ``requestComparison(policies:runs:)``.
    public static func policyComparison(policies: [String], runs: [[YearOutcome]]) -> CSVTable {
        if runs.first?.first?.allocation == .requests { return requestComparison(policies: policies, runs: runs) }
        var header = ["year", "consumer", "carrier", "group", "demand_mwh"]
        for policy in policies { header += ["served_share_\(policy)", "unserved_mwh_\(policy)"] }
        var table = CSVTable(header: header)
        guard let reference = runs.first else { return table }
        for (y, outcome) in reference.enumerated() {
            for pair in outcome.pairs {
                var row: [CSVCell] = [
                    .integer(outcome.year), .text(pair.key.consumer.rawValue), .text(pair.key.carrier.rawValue),
                    .text(pair.group.rawValue), .number(pair.demandMWh, decimals: 3),
                ]
                for run in runs {
                    if let other = run[y].pairs.first(where: { $0.key == pair.key }) {
                        row += [.number(other.servedShare, decimals: 6), .number(other.unservedMWh, decimals: 3)]
                    } else {
                        row += [.empty, .empty]
                    }
                }
                table.append(row)
            }
        }
        return table
    }

    /// price-of-fairness.csv: per year and policy, served energy and cost, and what the policy
    /// gives up relative to the `cost` rule (`reference`, one outcome per year in the same order).
    public static func priceOfFairness(policies: [String], runs: [[YearOutcome]], reference: [YearOutcome]) -> CSVTable {
        if reference.first?.allocation == .requests { return requestPriceOfFairness(policies: policies, runs: runs, reference: reference) }
        var table = CSVTable(header: [
            "year", "policy", "served_mwh", "unserved_mwh", "cost_eur", "served_mwh_given_up", "extra_cost_eur", "min_share",
        ])
        for (y, base) in reference.enumerated() {
            let baseServed = YearTotals(base, group: .all).servedMWh
            for (k, policy) in policies.enumerated() {
                let outcome = runs[k][y]
                let totals = YearTotals(outcome, group: .all)
                table.append([
                    .integer(outcome.year), .text(policy), .number(totals.servedMWh, decimals: 3),
                    .number(totals.unservedMWh, decimals: 3), .number(outcome.costEUR, decimals: 2),
                    .number(baseServed - totals.servedMWh, decimals: 3), .number(outcome.costEUR - base.costEUR, decimals: 2),
                    .optional(FairnessMetrics(outcome, group: nil).minShare, decimals: 6),
                ])
            }
        }
        return table
    }
}
