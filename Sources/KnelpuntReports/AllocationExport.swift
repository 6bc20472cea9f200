// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntAnalysis
import KnelpuntData

/// The CSV files of an allocation run, in a fixed order.
public enum AllocationExport {
    /// The files of `outcomes`: requests.csv comes first when the run allocated to requests, then
    /// capacity-map.csv when the run probed it.
    public static func files(_ outcomes: [YearOutcome], dialect: CSVDialect) -> [(name: String, contents: String)] {
        var requests: [(name: String, contents: String)] =
            outcomes.contains { $0.allocation == .requests } ? [("requests.csv", AllocationTables.requests(outcomes).render(dialect))] : []
        if outcomes.contains(where: { !$0.capacityMap.isEmpty }) {
            requests.append(("capacity-map.csv", AllocationTables.capacityMap(outcomes).render(dialect)))
        }
        return requests + [
            ("allocation.csv", AllocationTables.allocation(outcomes).render(dialect)),
            ("bottlenecks.csv", AllocationTables.bottlenecks(outcomes).render(dialect)),
            ("nodes.csv", AllocationTables.nodes(outcomes).render(dialect)),
            ("flex.csv", AllocationTables.flex(outcomes).render(dialect)),
            ("co2.csv", AllocationTables.co2(outcomes).render(dialect)),
            ("summary.csv", AllocationTables.summary(outcomes).render(dialect)),
            ("fairness.csv", AllocationTables.fairness(outcomes).render(dialect)),
        ]
    }
}

/// The short human summary of a run: per year the unserved energy, the top bottlenecks with
/// their value, and the consumers most affected.
public enum RunSummaryText {
    public static func render(_ outcomes: [YearOutcome], dataset: Dataset, bottlenecks: Int = 3, consumers: Int = 3) -> String {
        var lines: [String] = []
        let names = Dictionary(dataset.consumers.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        for outcome in outcomes {
            let totals = YearTotals(outcome, group: .all)
            let share = totals.demandMWh > 0 ? totals.unservedMWh / totals.demandMWh * 100 : 0
            lines.append(
                "\(outcome.year) [\(outcome.policy)]: unserved \(energy(totals.unservedMWh)) (\(CSVTable.fixed(share, decimals: 1)) % of demand), CO2 at risk \(CSVTable.fixed(totals.co2AtRiskKt, decimals: 0)) kt"
            )
            let top = outcome.assets.filter(\.isBottleneck)
                .sorted { ($0.shadowValueEURPerMWYear, $1.id) > ($1.shadowValueEURPerMWYear, $0.id) }.prefix(bottlenecks)
            for asset in top {
                let value = CSVTable.fixed(asset.shadowValueEURPerMWYear / 1000, decimals: 0)
                lines.append("    bottleneck \(asset.id) (\(asset.kind.rawValue)): +1 MW worth \(value) k€/yr")
            }
            let affected = outcome.pairs.filter { $0.unservedMWh > 1e-3 }
                .sorted { ($0.unservedMWh, $1.key) > ($1.unservedMWh, $0.key) }.prefix(consumers)
            for pair in affected {
                let name = names[pair.key.consumer] ?? pair.key.consumer.rawValue
                lines.append(
                    "    short: \(name) (\(pair.key.carrier.rawValue)) \(energy(pair.unservedMWh)) unserved, \(CSVTable.fixed(pair.servedShare * 100, decimals: 1)) % served"
                )
            }
        }
        return lines.joined(separator: "\n")
    }

    public static func energy(_ mwh: Double) -> String {
        if abs(mwh) >= 1_000_000 { return CSVTable.fixed(mwh / 1_000_000, decimals: 2) + " TWh" }
        if abs(mwh) >= 1_000 { return CSVTable.fixed(mwh / 1_000, decimals: 1) + " GWh" }
        return CSVTable.fixed(mwh, decimals: 0) + " MWh"
    }
}
