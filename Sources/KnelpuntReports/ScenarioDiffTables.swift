// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntAnalysis
import KnelpuntData

/// The tables of `knelpunt diff`: a base run and a scenario run of the same years side by side.
/// `base` and `scenario` hold one outcome per year, matched by year. Rows are sorted by year,
/// then by the keys named for each table; a pair or asset present on one side only has empty
/// cells on the other, and its deltas count the missing side as 0.
public enum ScenarioDiffTables {
    /// The files in a fixed order; the request view adds diff-requests.csv first.
    public static func files(base: [YearOutcome], scenario: [YearOutcome], dialect: CSVDialect) -> [(name: String, contents: String)] {
        let requestFiles = isRequestView(base, scenario) ? [("diff-requests.csv", requests(base: base, scenario: scenario).render(dialect))] : []
        return requestFiles + [
            ("diff-allocation.csv", allocation(base: base, scenario: scenario).render(dialect)),
            ("diff-bottlenecks.csv", bottlenecks(base: base, scenario: scenario).render(dialect)),
            ("diff-summary.csv", summary(base: base, scenario: scenario).render(dialect)),
        ]
    }

    /// Outcomes of the years both runs have, in the base's order.
    static func matched(_ base: [YearOutcome], _ scenario: [YearOutcome]) -> [(base: YearOutcome, scenario: YearOutcome)] {
        base.compactMap { outcome in scenario.first { $0.year == outcome.year }.map { (outcome, $0) } }
    }

    /// diff-allocation.csv: one row per year and consumer-carrier pair with demand in either run.
    public static func allocation(base: [YearOutcome], scenario: [YearOutcome]) -> CSVTable {
        var table = CSVTable(header: [
            "year", "consumer", "carrier", "group", "demand_mwh_base", "demand_mwh_scenario", "served_mwh_base", "served_mwh_scenario",
            "unserved_mwh_base", "unserved_mwh_scenario", "served_share_base", "served_share_scenario",
            "delta_served_mwh", "delta_unserved_mwh", "delta_served_share",
        ])
        for (before, after) in matched(base, scenario) {
            let keys = Set(before.pairs.map(\.key)).union(after.pairs.map(\.key)).sorted()
            for key in keys {
                let b = before.pairs.first { $0.key == key }
                let s = after.pairs.first { $0.key == key }
                let group = (b ?? s).map(\.group.rawValue) ?? ""
                let deltaShare: CSVCell = if let b, let s { .number(s.servedShare - b.servedShare, decimals: 6) } else { .empty }
                table.append([
                    .integer(before.year), .text(key.consumer.rawValue), .text(key.carrier.rawValue), .text(group),
                    .optional(b?.demandMWh, decimals: 3), .optional(s?.demandMWh, decimals: 3),
                    .optional(b?.servedMWh, decimals: 3), .optional(s?.servedMWh, decimals: 3),
                    .optional(b?.unservedMWh, decimals: 3), .optional(s?.unservedMWh, decimals: 3),
                    .optional(b?.servedShare, decimals: 6), .optional(s?.servedShare, decimals: 6),
                    .number((s?.servedMWh ?? 0) - (b?.servedMWh ?? 0), decimals: 3),
                    .number((s?.unservedMWh ?? 0) - (b?.unservedMWh ?? 0), decimals: 3), deltaShare,
                ])
            }
        }
        return table
    }

    /// How an asset's bottleneck status changes.
    public enum Change: String, Sendable {
        case newlyBinding = "newly-binding"
        case released
        case stillBinding = "still-binding"
    }

    /// Assets that are a bottleneck in either run of `year`, sorted by kind then id.
    public static func bottleneckChanges(base: YearOutcome, scenario: YearOutcome) -> [(base: AssetOutcome?, scenario: AssetOutcome?, change: Change)]
    {
        struct Key: Hashable, Comparable {
            var kind: AssetKind
            var id: String
            static func < (lhs: Key, rhs: Key) -> Bool { (lhs.kind, lhs.id) < (rhs.kind, rhs.id) }
        }
        let keys = Set((base.assets + scenario.assets).filter(\.isBottleneck).map { Key(kind: $0.kind, id: $0.id) }).sorted()
        return keys.map { key in
            let b = base.assets.first { $0.kind == key.kind && $0.id == key.id }
            let s = scenario.assets.first { $0.kind == key.kind && $0.id == key.id }
            let change: Change =
                switch (b?.isBottleneck ?? false, s?.isBottleneck ?? false) {
                case (true, true): .stillBinding
                case (true, false): .released
                default: .newlyBinding
                }
            return (b, s, change)
        }
    }

    /// diff-bottlenecks.csv: one row per year and asset that is a bottleneck in either run.
    public static func bottlenecks(base: [YearOutcome], scenario: [YearOutcome]) -> CSVTable {
        var table = CSVTable(header: [
            "year", "asset", "kind", "change", "capacity_mw_base", "capacity_mw_scenario",
            "shadow_value_eur_per_mw_year_base", "shadow_value_eur_per_mw_year_scenario", "delta_shadow_value_eur_per_mw_year",
            "affected_consumers_base", "affected_consumers_scenario",
        ])
        for (before, after) in matched(base, scenario) {
            for (b, s, change) in bottleneckChanges(base: before, scenario: after) {
                guard let any = b ?? s else { continue }
                table.append([
                    .integer(before.year), .text(any.id), .text(any.kind.rawValue), .text(change.rawValue),
                    .optional(b?.capacityMW, decimals: 3), .optional(s?.capacityMW, decimals: 3),
                    .optional(b?.shadowValueEURPerMWYear, decimals: 2), .optional(s?.shadowValueEURPerMWYear, decimals: 2),
                    .number((s?.shadowValueEURPerMWYear ?? 0) - (b?.shadowValueEURPerMWYear ?? 0), decimals: 2),
                    .text(b?.affectedConsumers.map(\.rawValue).joined(separator: ";") ?? ""),
                    .text(s?.affectedConsumers.map(\.rawValue).joined(separator: ";") ?? ""),
                ])
            }
        }
        return table
    }

    /// diff-summary.csv: per year and group (all, maatwerk, other, public), then `total` rows
    /// summed over the years. The request view adds firm unserved energy and requested and
    /// granted MW (``requestSummaryCells(_:_:total:)``).
    public static func summary(base: [YearOutcome], scenario: [YearOutcome]) -> CSVTable {
        let requestView = isRequestView(base, scenario)
        var table = CSVTable(
            header: [
                "year", "group", "demand_mwh_base", "demand_mwh_scenario", "served_mwh_base", "served_mwh_scenario", "delta_served_mwh",
                "unserved_mwh_base", "unserved_mwh_scenario", "delta_unserved_mwh",
                "co2_at_risk_kt_base", "co2_at_risk_kt_scenario", "delta_co2_at_risk_kt",
                "cost_eur_base", "cost_eur_scenario", "delta_cost_eur", "bottlenecks_base", "bottlenecks_scenario",
            ] + (requestView ? requestSummaryHeader : []))
        let pairs = matched(base, scenario)
        func row(_ year: CSVCell, _ group: YearTotals.Group, _ b: [YearOutcome], _ s: [YearOutcome], total: Bool = false) -> [CSVCell] {
            let tb = b.map { YearTotals($0, group: group) }
            let ts = s.map { YearTotals($0, group: group) }
            func sum(_ totals: [YearTotals], _ value: (YearTotals) -> Double) -> Double { totals.reduce(0) { $0 + value($1) } }
            let all = group == .all
            let costB = b.reduce(0) { $0 + $1.costEUR }
            let costS = s.reduce(0) { $0 + $1.costEUR }
            let countB = b.reduce(0) { $0 + $1.assets.filter(\.isBottleneck).count }
            let countS = s.reduce(0) { $0 + $1.assets.filter(\.isBottleneck).count }
            return [
                year, .text(group.rawValue),
                .number(sum(tb, \.demandMWh), decimals: 3), .number(sum(ts, \.demandMWh), decimals: 3),
                .number(sum(tb, \.servedMWh), decimals: 3), .number(sum(ts, \.servedMWh), decimals: 3),
                .number(sum(ts, \.servedMWh) - sum(tb, \.servedMWh), decimals: 3),
                .number(sum(tb, \.unservedMWh), decimals: 3), .number(sum(ts, \.unservedMWh), decimals: 3),
                .number(sum(ts, \.unservedMWh) - sum(tb, \.unservedMWh), decimals: 3),
                .number(sum(tb, \.co2AtRiskKt), decimals: 3), .number(sum(ts, \.co2AtRiskKt), decimals: 3),
                .number(sum(ts, \.co2AtRiskKt) - sum(tb, \.co2AtRiskKt), decimals: 3),
                all ? .number(costB, decimals: 2) : .empty, all ? .number(costS, decimals: 2) : .empty,
                all ? .number(costS - costB, decimals: 2) : .empty,
                all ? .integer(countB) : .empty, all ? .integer(countS) : .empty,
            ] + (requestView ? requestSummaryCells(tb, ts, total: total) : [])
        }
        for (before, after) in pairs {
            for group in YearTotals.Group.allCases { table.append(row(.integer(before.year), group, [before], [after])) }
        }
        for group in YearTotals.Group.allCases { table.append(row(.text("total"), group, pairs.map(\.base), pairs.map(\.scenario), total: true)) }
        return table
    }
}

/// The short stdout summary of `knelpunt diff`.
public enum ScenarioDiffText {
    public static func render(base: [YearOutcome], scenario: [YearOutcome], name: String) -> String {
        if ScenarioDiffTables.isRequestView(base, scenario) { return renderRequests(base: base, scenario: scenario, name: name) }
        var lines = ["Scenario \"\(name)\" against the base:"]
        let pairs = ScenarioDiffTables.matched(base, scenario)
        var changedYears = 0
        for (before, after) in pairs {
            let b = YearTotals(before, group: .all)
            let s = YearTotals(after, group: .all)
            let changes = ScenarioDiffTables.bottleneckChanges(base: before, scenario: after)
            let newly = changes.filter { $0.change == .newlyBinding }.compactMap { $0.scenario?.id }
            let released = changes.filter { $0.change == .released }.compactMap { $0.base?.id }
            let deltaUnserved = s.unservedMWh - b.unservedMWh
            let deltaCO2 = s.co2AtRiskKt - b.co2AtRiskKt
            guard abs(deltaUnserved) >= 0.5 || abs(deltaCO2) >= 0.0005 || !newly.isEmpty || !released.isEmpty else { continue }
            changedYears += 1
            var line =
                "  \(before.year): unserved \(signed(deltaUnserved)) (\(RunSummaryText.energy(b.unservedMWh)) → \(RunSummaryText.energy(s.unservedMWh))), CO2 at risk \(signedKt(deltaCO2))"
            if !newly.isEmpty { line += "; newly binding: \(newly.joined(separator: ", "))" }
            if !released.isEmpty { line += "; released: \(released.joined(separator: ", "))" }
            lines.append(line)
        }
        let tb = pairs.map { YearTotals($0.base, group: .all) }
        let ts = pairs.map { YearTotals($0.scenario, group: .all) }
        let deltaUnserved = ts.reduce(0) { $0 + $1.unservedMWh } - tb.reduce(0) { $0 + $1.unservedMWh }
        let deltaCO2 = ts.reduce(0) { $0 + $1.co2AtRiskKt } - tb.reduce(0) { $0 + $1.co2AtRiskKt }
        if changedYears == 0 { lines.append("  no change in any year") }
        lines.append(
            "  total over \(pairs.count) year\(pairs.count == 1 ? "" : "s"): unserved \(signed(deltaUnserved)), CO2 at risk \(signedKt(deltaCO2))")
        return lines.joined(separator: "\n")
    }

    static func signed(_ mwh: Double) -> String {
        let text = RunSummaryText.energy(abs(mwh))
        return abs(mwh) < 0.5 ? "±0 MWh" : (mwh > 0 ? "+" : "−") + text
    }

    static func signedKt(_ kt: Double) -> String {
        abs(kt) < 0.0005 ? "±0 kt" : (kt > 0 ? "+" : "−") + CSVTable.fixed(abs(kt), decimals: 1) + " kt"
    }
}
