// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntData

extension AllocationVerifier {
    /// Checks of the request view, rebuilt from transition.csv, consumers.csv and
    /// group_contracts.csv (profiles and windows read again from the dataset, not from the model):
    ///
    /// - every request active this year is reported, with 0 ≤ g_r ≤ R_r, and g_r = 0 or
    ///   g_r ≥ min_mw for an indivisible one;
    /// - curtailment: z_r(t) = 0 for `firm` and `time-block`, 0 ≤ z_r(t) ≤ π_r(t)·g_r otherwise,
    ///   Σ_t w_t·z_r(t) ≤ H_r·g_r for `tdtr`; a `time-block` request takes no load outside its window;
    /// - group contracts: the members' delivered firm load plus their requests' load ≤ C in
    ///   every slice;
    /// - under `adequacy = "apart"`, the national shed (``adequacyShedShare``), which scales
    ///   every electricity request's load by 1 − α(t).
    ///
    /// Adds each request's load π_r(t)·g_r − z_r(t) to `withdrawal` at its node, so that the nodal
    /// balances check it too.
    static func requestViolations(
        _ outcome: YearOutcome, dataset: Dataset, view: YearView, tolerances: AnalysisTolerances, withdrawal: inout [NodeID: [Double]]
    ) -> [String] {
        guard outcome.allocation == .requests else { return [] }
        let slices = dataset.timeslices.slices
        let weights = slices.map(\.weightHours)
        var violations: [String] = []
        let shed = adequacyShedShare(outcome, dataset: dataset, view: view, tolerances: tolerances, violations: &violations)
        func tolerance(_ scale: Double) -> Double { tolerances.verifierAbsolute + tolerances.verifierRelative * abs(scale) }
        func check(_ ok: Bool, _ message: @autoclosure () -> String) { if !ok { violations.append(message()) } }
        let consumerIndex = Dictionary(dataset.consumers.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        let reported = Dictionary(outcome.requests.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        var memberLoad: [GroupContractID: [Double]] = [:]
        for transition in dataset.transitions where transition.year <= outcome.year && transition.mw > 0 {
            guard let c = consumerIndex[transition.consumer], let node = dataset.consumers[c].node(for: transition.carrier) else { continue }
            let key = RequestKey(project: transition.project, carrier: transition.carrier)
            guard let request = reported[key] else {
                violations.append("request \(key) is active in \(outcome.year) but has no reported grant")
                continue
            }
            let g = request.grantedMW
            let requested = transition.mw
            check(g >= -tolerance(requested) && g <= requested + tolerance(requested), "request \(key): grant \(g) MW outside [0, \(requested)]")
            if let minimum = transition.minMW {
                check(
                    g <= tolerance(minimum) || g >= minimum - tolerance(minimum),
                    "request \(key): grant \(g) MW is neither 0 nor at least min_mw \(minimum)")
            }
            let profile = dataset.profileValues(transition.profile)
            var net = withdrawal[node] ?? Array(repeating: 0, count: slices.count)
            var curtailedEnergy = 0.0
            for t in slices.indices {
                var load = profile[t] * g
                if transition.carrier == .electricity { load *= 1 - shed[t] }
                if transition.product == .timeBlock, let window = transition.window, !(slices[t].hour.map { window.contains(hour: $0) } ?? false) {
                    load = 0
                }
                let z = request.curtailedMW[t]
                switch transition.product {
                case .firm, .timeBlock:
                    check(abs(z) <= tolerance(load), "request \(key) (\(transition.product.rawValue)) is curtailed \(z) MW in \(slices[t].id)")
                case .tdtr, .nonFirm:
                    check(
                        z >= -tolerance(load) && z <= load + tolerance(load),
                        "request \(key) in \(slices[t].id): curtailment \(z) MW outside [0, \(load)]")
                }
                curtailedEnergy += weights[t] * z
                net[t] += load - z
                if transition.carrier == .electricity, let contract = dataset.consumers[c].groupContract {
                    memberLoad[contract, default: Array(repeating: 0, count: slices.count)][t] += load - z
                }
            }
            withdrawal[node] = net
            if transition.product == .tdtr {
                let budget = transition.effectiveCurtailHoursPerYear * g
                check(
                    curtailedEnergy <= budget + tolerance(budget),
                    "request \(key) is curtailed \(curtailedEnergy) MWh, above its tdtr budget \(budget) MWh")
            }
        }
        for pair in outcome.pairs where pair.key.carrier == .electricity {
            guard let c = consumerIndex[pair.key.consumer], let contract = dataset.consumers[c].groupContract,
                let demand = view.pairs.first(where: { $0.key == pair.key })
            else { continue }
            let flex = outcome.flex.filter { $0.consumer == pair.key.consumer && $0.carrier == .electricity }
            for t in slices.indices {
                let delivered = demand.demandMW[t] - pair.unservedMW[t] - flex.reduce(0) { $0 + $1.curtailedMW[t] }
                memberLoad[contract, default: Array(repeating: 0, count: slices.count)][t] += delivered
            }
        }
        for contract in dataset.groupContracts where contract.isActive(in: outcome.year) {
            guard let load = memberLoad[contract.id] else { continue }
            for t in slices.indices {
                check(
                    load[t] <= contract.capacityMW + tolerance(contract.capacityMW),
                    "group contract \(contract.id) in \(slices[t].id): members take \(load[t]) MW, above its \(contract.capacityMW) MW")
            }
        }
        return violations
    }
}
