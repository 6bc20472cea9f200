// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntData

/// Re-checks a reported allocation against the dataset, independently of the LP: it rebuilds
/// every nodal balance, bound and budget from the dataset and the reported MW values, without
/// looking at the LP's rows, columns or the solver's activities. The power-flow checks rebuild the
/// PTDF and LODF from the dataset's reactances (AllocationVerifier+Physics.swift).
public enum AllocationVerifier {
    /// Returns every violation beyond tolerance (empty when the allocation is consistent).
    public static func check(_ outcome: YearOutcome, dataset: Dataset, tolerances: AnalysisTolerances = AnalysisTolerances()) -> [String] {
        var violations: [String] = []
        let view = dataset.view(year: outcome.year, allocation: outcome.allocation)
        let slices = dataset.timeslices.slices
        let weights = slices.map(\.weightHours)
        func tolerance(_ scale: Double) -> Double { tolerances.verifierAbsolute + tolerances.verifierRelative * abs(scale) }
        func check(_ ok: Bool, _ message: @autoclosure () -> String) { if !ok { violations.append(message()) } }

        // Bounds of supplies, links and conversions.
        for (s, supply) in dataset.supplies.enumerated() {
            guard let mw = outcome.supplyMW[s] else {
                check(!view.supplyExists[s], "supply \(supply.id) exists in \(outcome.year) but has no reported output")
                continue
            }
            let profile = dataset.profileValues(supply.profile)
            for t in slices.indices {
                let bound = max(0, view.supplyCapacityMW[s]) * profile[t]
                check(
                    mw[t] >= -tolerance(bound) && mw[t] <= bound + tolerance(bound),
                    "supply \(supply.id) in \(slices[t].id): \(mw[t]) MW outside [0, \(bound)]")
            }
        }
        for (l, link) in dataset.links.enumerated() {
            guard let mw = outcome.linkFlowMW[l] else { continue }
            let capacity = max(0, view.linkCapacityMW[l])
            for t in slices.indices {
                check(abs(mw[t]) <= capacity + tolerance(capacity), "link \(link.id) in \(slices[t].id): |\(mw[t])| MW above capacity \(capacity)")
            }
        }
        for (v, conversion) in dataset.conversions.enumerated() {
            guard let mw = outcome.conversionMW[v] else { continue }
            let capacity = max(0, view.conversionCapacityMW[v])
            for t in slices.indices {
                check(
                    mw[t] >= -tolerance(capacity) && mw[t] <= capacity + tolerance(capacity),
                    "conversion \(conversion.id) in \(slices[t].id): \(mw[t]) MW outside [0, \(capacity)]")
            }
        }

        // Flex: bounds, window, budget; and per-pair demand cover.
        var flexOfPair: [ConsumerCarrier: [Double]] = [:]
        for flex in outcome.flex {
            let commitment = dataset.flex[flex.flexIndex]
            check(commitment.isInForce(in: outcome.year), "flex \(commitment.key) reported but not in force in \(outcome.year)")
            var used = 0.0
            for t in slices.indices {
                let z = flex.curtailedMW[t]
                used += weights[t] * z
                check(
                    z >= -tolerance(commitment.maxMW) && z <= commitment.maxMW + tolerance(commitment.maxMW),
                    "flex \(commitment.key) in \(slices[t].id): \(z) MW outside [0, \(commitment.maxMW)]")
                if let window = commitment.window, z > tolerances.powerMW {
                    check(
                        slices[t].hour.map { window.contains(hour: $0) } ?? false,
                        "flex \(commitment.key) curtails \(z) MW in \(slices[t].id), outside its window \(window)")
                }
                flexOfPair[
                    ConsumerCarrier(consumer: commitment.consumer, carrier: commitment.carrier), default: Array(repeating: 0, count: slices.count)][
                        t] += z
            }
            if let hours = commitment.maxHoursPerYear {
                let budget = commitment.maxMW * hours
                check(used <= budget + tolerance(budget), "flex \(commitment.key) uses \(used) MWh, above its budget \(budget) MWh")
            }
        }
        var withdrawal = [NodeID: [Double]]()
        for pair in view.pairs {
            guard let reported = outcome.pairs.first(where: { $0.key == pair.key }) else {
                violations.append("pair \(pair.key) has demand in \(outcome.year) but no reported outcome")
                continue
            }
            let flex = flexOfPair[pair.key] ?? Array(repeating: 0, count: slices.count)
            var net = withdrawal[pair.node] ?? Array(repeating: 0, count: slices.count)
            for t in slices.indices {
                let u = reported.unservedMW[t]
                let demand = pair.demandMW[t]
                check(
                    u >= -tolerance(demand) && u <= demand + tolerance(demand),
                    "unserved of \(pair.key) in \(slices[t].id): \(u) MW outside [0, \(demand)]")
                check(
                    u + flex[t] <= demand + tolerance(demand),
                    "unserved + flex of \(pair.key) in \(slices[t].id): \(u + flex[t]) MW above demand \(demand)")
                net[t] += demand - u - flex[t]
            }
            withdrawal[pair.node] = net
        }

        violations += requestViolations(outcome, dataset: dataset, view: view, tolerances: tolerances, withdrawal: &withdrawal)

        // Nodal balances from the reported MW values.
        for node in dataset.nodes {
            for t in slices.indices {
                var injection = 0.0
                var scale = 0.0
                for (s, supply) in dataset.supplies.enumerated() where supply.node == node.id {
                    injection += outcome.supplyMW[s]?[t] ?? 0
                }
                for (l, link) in dataset.links.enumerated() where link.from != link.to {
                    let flow = outcome.linkFlowMW[l]?[t] ?? 0
                    if link.to == node.id { injection += flow }
                    if link.from == node.id { injection -= flow }
                    scale = max(scale, abs(flow))
                }
                for (v, conversion) in dataset.conversions.enumerated() {
                    let input = outcome.conversionMW[v]?[t] ?? 0
                    if conversion.to == node.id { injection += conversion.efficiency * input }
                    if conversion.from == node.id { injection -= input }
                }
                let withdrawn = withdrawal[node.id]?[t] ?? 0
                scale = max(scale, abs(injection), abs(withdrawn))
                check(
                    abs(injection - withdrawn) <= tolerance(scale) * 10,
                    "balance of \(node.id) in \(slices[t].id): injection \(injection) MW but withdrawal \(withdrawn) MW")
            }
        }
        violations += physicsViolations(outcome, dataset: dataset, view: view, tolerances: tolerances)
        return violations
    }
}
