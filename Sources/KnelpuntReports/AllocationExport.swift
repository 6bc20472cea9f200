// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntAnalysis
import KnelpuntData

/// The CSV files of an allocation run, in a fixed order.
public enum AllocationExport {
    /// The files of `outcomes` of `dataset`: requests.csv comes first when the run allocated to
    /// requests (then eop.csv when the dataset has eops.csv, adequacy.csv under
    /// `adequacy = "apart"`), then capacity-map.csv when the run probed it.
    public static func files(_ outcomes: [YearOutcome], dataset: Dataset, dialect: CSVDialect) -> [(name: String, contents: String)] {
        let requestView = outcomes.contains { $0.allocation == .requests }
        var requests: [(name: String, contents: String)] =
            requestView ? [("requests.csv", AllocationTables.requests(outcomes).render(dialect))] : []
        if requestView && !dataset.eops.isEmpty {
            requests.append(("eop.csv", AllocationTables.eops(outcomes, dataset: dataset).render(dialect)))
        }
        if outcomes.contains(where: { $0.adequacy != nil }) {
            requests.append(("adequacy.csv", AllocationTables.adequacy(outcomes, dataset: dataset).render(dialect)))
        }
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
    /// Per year: the energy view's unserved energy, CO2 at risk, top bottlenecks and the
    /// consumers most short; the request view's ``requestYear(_:names:bottlenecks:requests:)``.
    public static func render(_ outcomes: [YearOutcome], dataset: Dataset, bottlenecks: Int = 3, consumers: Int = 3) -> String {
        var lines: [String] = []
        let names = Dictionary(dataset.consumers.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        for outcome in outcomes {
            if outcome.allocation == .requests {
                lines += requestYear(outcome, names: names, bottlenecks: bottlenecks, requests: consumers)
                if let adequacy = outcome.adequacy {
                    let weights = dataset.timeslices.slices.map(\.weightHours)
                    let hours = adequacy.shedHours(weightsHours: weights)
                    lines.append(
                        hours > 0
                            ? "    national adequacy (apart): \(energy(adequacy.shedMWh(weightsHours: weights))) shed from all electricity load in \(CSVTable.fixed(hours, decimals: 0)) h"
                            : "    national adequacy (apart): no shortage")
                }
                continue
            }
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

    /// One year of the request view: MW requested and granted over the active requests, how
    /// many are short, CO2 at risk; firm unserved energy (a security-of-supply violation) with
    /// the consumers most short of it; the top bottlenecks; the `requests` requests with the
    /// largest shortfall (company, project, granted/requested MW, blocking asset and outage).
    static func requestYear(_ outcome: YearOutcome, names: [ConsumerID: String], bottlenecks: Int, requests: Int) -> [String] {
        let requested = outcome.requests.reduce(0) { $0 + $1.requestedMW }
        let granted = outcome.requests.reduce(0) { $0 + $1.grantedMW }
        let short = outcome.requests.filter { $0.grantedShare < AllocationTables.fullGrantShare }
        let co2 = outcome.co2.reduce(0) { $0 + $1.atRiskKt }
        let share = requested > 0 ? granted / requested * 100 : 100
        var lines = [
            outcome.requests.isEmpty
                ? "\(outcome.year) [\(outcome.policy)]: no connection requests active, CO2 at risk \(CSVTable.fixed(co2, decimals: 0)) kt"
                : "\(outcome.year) [\(outcome.policy)]: requested \(mw(requested)), granted \(mw(granted)) (\(CSVTable.fixed(share, decimals: 1)) %), \(short.count) of \(outcome.requests.count) requests short, CO2 at risk \(CSVTable.fixed(co2, decimals: 0)) kt"
        ]
        let firm = outcome.pairs.filter { $0.unservedMWh > 1e-3 }.sorted { ($0.unservedMWh, $1.key) > ($1.unservedMWh, $0.key) }
        if !firm.isEmpty {
            let total = firm.reduce(0) { $0 + $1.unservedMWh }
            lines.append("    firm load unserved \(energy(total)): security of supply violated")
            for pair in firm.prefix(requests) {
                lines.append(
                    "        \(names[pair.key.consumer] ?? pair.key.consumer.rawValue) (\(pair.key.carrier.rawValue)) \(energy(pair.unservedMWh))")
            }
        }
        let top = outcome.assets.filter(\.isBottleneck)
            .sorted { ($0.shadowValueEURPerMWYear, $1.id) > ($1.shadowValueEURPerMWYear, $0.id) }.prefix(bottlenecks)
        for asset in top {
            lines.append(
                "    bottleneck \(asset.id) (\(asset.kind.rawValue)): +1 MW worth \(CSVTable.fixed(asset.shadowValueEURPerMWYear / 1000, decimals: 0)) k€/yr"
            )
        }
        let worst = short.sorted { ($0.requestedMW - $0.grantedMW, $1.key) > ($1.requestedMW - $1.grantedMW, $0.key) }
        for request in worst.prefix(requests) {
            var line =
                "    short: \(names[request.consumer] ?? request.consumer.rawValue), \(request.key.project) (\(request.key.carrier.rawValue)): \(CSVTable.fixed(request.grantedMW, decimals: 1)) of \(mw(request.requestedMW)) granted"
            if let asset = request.blockingAsset {
                line += ", blocked by \(asset)" + (request.bindingContingency.map { " after the outage of \($0)" } ?? "")
            }
            lines.append(line)
        }
        if worst.count > requests { lines.append("    … and \(worst.count - requests) more short (requests.csv; knelpunt explain REQUEST)") }
        return lines
    }

    static func mw(_ value: Double) -> String { CSVTable.fixed(value, decimals: 1) + " MW" }

    public static func energy(_ mwh: Double) -> String {
        if abs(mwh) >= 1_000_000 { return CSVTable.fixed(mwh / 1_000_000, decimals: 2) + " TWh" }
        if abs(mwh) >= 1_000 { return CSVTable.fixed(mwh / 1_000, decimals: 1) + " GWh" }
        return CSVTable.fixed(mwh, decimals: 0) + " MWh"
    }
}
