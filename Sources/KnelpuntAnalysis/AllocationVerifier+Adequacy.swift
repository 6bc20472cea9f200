// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntData

extension AllocationVerifier {
    /// The national shed share α(t) under dataset.toml `adequacy = "apart"` (request view), rebuilt
    /// here from the dataset without the shed: the electricity load L(t) of the firm pairs and of
    /// every active electricity request in full (profiles and windows read again from
    /// transition.csv), and the supply S(t) = Σ cap_s·a_s(t) at electricity nodes. Checks that the
    /// view the model was built from holds the same α(t) (to 1e-12), that every firm pair's
    /// demand is its unshed demand × (1 − α(t)), and that after the shed the nation's load is
    /// within its supply. All zeros when the shed does not apply.
    static func adequacyShedShare(
        _ outcome: YearOutcome, dataset: Dataset, view: YearView, tolerances: AnalysisTolerances, violations: inout [String]
    ) -> [Double] {
        let slices = dataset.timeslices.slices
        guard outcome.allocation == .requests, dataset.info.adequacy == .apart else {
            if view.adequacy != nil { violations.append("the year view sheds a national shortage, but adequacy is not \"apart\"") }
            return Array(repeating: 0, count: slices.count)
        }
        var plainDataset = dataset
        plainDataset.info.adequacy = .inGrants
        let plain = plainDataset.view(year: outcome.year, allocation: .requests)
        let electricNodes = Set(dataset.nodes.filter { $0.carrier == .electricity }.map(\.id))
        var load = [Double](repeating: 0, count: slices.count)
        for pair in plain.pairs where electricNodes.contains(pair.node) {
            for t in slices.indices { load[t] += pair.demandMW[t] }
        }
        for transition in dataset.transitions where transition.year <= outcome.year && transition.mw > 0 && transition.carrier == .electricity {
            guard let consumer = dataset.consumers.first(where: { $0.id == transition.consumer }), consumer.node(for: .electricity) != nil
            else { continue }
            let profile = dataset.profileValues(transition.profile)
            for t in slices.indices {
                let open =
                    transition.product != .timeBlock || (transition.window.map { w in slices[t].hour.map { w.contains(hour: $0) } ?? false } ?? true)
                if open { load[t] += transition.mw * profile[t] }
            }
        }
        var supply = [Double](repeating: 0, count: slices.count)
        for (s, source) in dataset.supplies.enumerated() where plain.supplyExists[s] && electricNodes.contains(source.node) {
            let profile = dataset.profileValues(source.profile)
            for t in slices.indices { supply[t] += max(0, max(0, plain.supplyCapacityMW[s]) * profile[t]) }
        }
        var shed = [Double](repeating: 0, count: slices.count)
        for t in slices.indices where load[t] > supply[t] && load[t] > 0 { shed[t] = 1 - supply[t] / load[t] }
        guard let adequacy = view.adequacy else {
            violations.append("adequacy is \"apart\" but the year view of \(outcome.year) sheds nothing")
            return shed
        }
        for t in slices.indices {
            if abs(adequacy.shedShare[t] - shed[t]) > 1e-12 {
                violations.append("national shed share in \(slices[t].id): the model used \(adequacy.shedShare[t]), the dataset gives \(shed[t])")
            }
            let served = (1 - shed[t]) * load[t]
            if served > supply[t] + tolerances.verifierAbsolute + tolerances.verifierRelative * supply[t] {
                violations.append("national load after the shed in \(slices[t].id): \(served) MW above the supply \(supply[t]) MW")
            }
        }
        for pair in plain.pairs where electricNodes.contains(pair.node) {
            guard let used = view.pairs.first(where: { $0.key == pair.key }) else { continue }
            for t in slices.indices {
                let expected = pair.demandMW[t] * (1 - shed[t])
                if abs(used.demandMW[t] - expected) > tolerances.verifierAbsolute + tolerances.verifierRelative * expected {
                    violations.append(
                        "firm demand of \(pair.key) in \(slices[t].id): \(used.demandMW[t]) MW, but \(expected) MW after the national shed")
                }
            }
        }
        return shed
    }
}
