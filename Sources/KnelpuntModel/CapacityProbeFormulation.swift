// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntData
import KnelpuntLP

// The capacity-probe family of the request view: how much more a node could take or give after
// the queue's grants. Per node n two columns, one value for the whole year (they link every
// slice, like a grant):
//
//     y⁻_n ≥ 0  MW  flat firm offtake: withdraws y⁻_n in every slice's balance row of n
//     y⁺_n ≥ 0  MW  flat firm infeed:  injects   y⁺_n in every slice's balance row of n
//
// so the balance of n in slice t (``addNodalBalanceRows(_:timeslice:)``) gains − y⁻_n + y⁺_n
// on its left-hand side. Every probe column is fixed at 0 except the one being probed, and the
// probe LP maximises that one:
//
//     max y⁻_n  (or y⁺_n)   subject to every row of the year's model, the grants fixed at the
//                           rule's values and the firm unserved energy held at its minimum.
//
// The offtake is bounded by what the network can deliver to n in the tightest slice (links,
// supplies, conversions, and the room flex contracts and non-firm or tdtr curtailment can make
// within their limits); the infeed by what can be absorbed: supplies elsewhere back off (their
// lower bound is 0), conversions take more, and the links must carry it away. Units: MW; the
// probe LP's objective is in MW.

/// The direction of a capacity probe at a node.
public enum CapacityProbeDirection: String, Sendable, Hashable, CaseIterable {
    /// A flat firm withdrawal (a new load), y⁻.
    case offtake
    /// A flat firm injection (a new producer or import), y⁺.
    case infeed
}

/// The two probe columns of one node.
public struct CapacityProbeColumns: Sendable, Hashable {
    public var offtake: Int
    public var infeed: Int
    public init(offtake: Int, infeed: Int) {
        self.offtake = offtake
        self.infeed = infeed
    }
    public subscript(direction: CapacityProbeDirection) -> Int { direction == .offtake ? offtake : infeed }
}

extension AllocationModel {
    /// Adds the probe columns y⁻_n and y⁺_n of every node, fixed at 0, each with coefficient −1
    /// (offtake) or +1 (infeed) in slice t's balance row of its node. Added only when a capacity
    /// map is asked for, after the rule's last stage, so the stage LPs never see them. Calling it
    /// again adds nothing.
    ///
    /// Under `adequacy = "apart"` (``NationalAdequacy``), in a slice t with a national shed
    /// (α(t) > 0) a new electricity load takes its share of the shed: it is served at (1 − α(t))
    /// like every load, and since the nation's supply is used in full there, the other loads give
    /// up as much, each electricity node m in proportion to its share s_m(t) of the national load.
    /// So y⁻_n enters slice t's balance of n with −(1 − α(t)) and that of every electricity node m
    /// with +(1 − α(t))·s_m(t) (the first-order effect of adding y⁻_n to L(t), exact for y ≪ L);
    /// the national balance of the slice does not move.
    public mutating func addCapacityProbeFamily(dataset: Dataset) {
        guard capacityProbeColumns.isEmpty else { return }
        let relief = shedRelief(dataset: dataset)
        var probes: [CapacityProbeColumns] = []
        for (n, node) in dataset.nodes.enumerated() {
            let offtake = appendColumn(.capacityProbe(node.id, .offtake), name: "y-[\(node.id)]", lower: 0, upper: 0, cost: 0)
            let infeed = appendColumn(.capacityProbe(node.id, .infeed), name: "y+[\(node.id)]", lower: 0, upper: 0, cost: 0)
            for (t, row) in balanceRow[n].enumerated() {
                addCoefficient(row: row, column: infeed, value: 1)
                guard node.carrier == .electricity, let shares = relief[t] else {
                    addCoefficient(row: row, column: offtake, value: -1)
                    continue
                }
                let served = 1 - (view.adequacy?.shedShare[t] ?? 0)
                for (m, share) in shares.enumerated() where m != n && share != 0 {
                    addCoefficient(row: balanceRow[m][t], column: offtake, value: served * share)
                }
                addCoefficient(row: row, column: offtake, value: -served * (1 - shares[n]))
            }
            probes.append(CapacityProbeColumns(offtake: offtake, infeed: infeed))
        }
        recordCapacityProbes(probes)
    }

    /// Per slice with a national shed, each node's share s_m(t) of the national electricity load
    /// (firm pairs and requests at full size, all scaled alike by the shed, so the shares are
    /// those of the unshed load; 0 at hydrogen nodes); nil for a slice without a shed.
    func shedRelief(dataset: Dataset) -> [[Double]?] {
        guard let adequacy = view.adequacy else { return Array(repeating: nil, count: timesliceCount) }
        return (0..<timesliceCount).map { t -> [Double]? in
            guard adequacy.shedShare[t] > 0 else { return nil }
            var load = [Double](repeating: 0, count: dataset.nodes.count)
            for (m, pairs) in network.pairsAtNode.enumerated() {
                for i in pairs where view.pairs[i].key.carrier == .electricity { load[m] += view.pairs[i].demandMW[t] }
            }
            for (m, requests) in network.requestsAtNode.enumerated() {
                for r in requests where view.requests[r].key.carrier == .electricity {
                    load[m] += view.requests[r].requestedMW * view.requests[r].loadPerMW[t]
                }
            }
            let total = load.reduce(0, +)
            return total > 0 ? load.map { $0 / total } : nil
        }
    }

    /// Column of the probe at node n (index into ``Dataset/nodes``) in `direction`.
    public func capacityProbeColumn(node n: Int, _ direction: CapacityProbeDirection) -> Int? {
        n < capacityProbeColumns.count ? capacityProbeColumns[n][direction] : nil
    }

    /// Opens the probe at node n in `direction` (y ∈ [0, ∞)), fixes every other probe at 0 and
    /// sets the objective max y. Requires ``addCapacityProbeFamily(dataset:)``.
    public mutating func setCapacityProbeObjective(node n: Int, _ direction: CapacityProbeDirection) {
        setObjective(sense: .maximize)
        for columns in capacityProbeColumns {
            setColumnBounds(columns.offtake, lower: 0, upper: 0)
            setColumnBounds(columns.infeed, lower: 0, upper: 0)
        }
        guard let column = capacityProbeColumn(node: n, direction) else { return }
        setColumnBounds(column, lower: 0, upper: .infinity)
        setCost(column, 1)
    }

    /// Fixes the probe at node n in `direction` at `mw` and every other probe at 0, with a zero
    /// objective: the LP is then a feasibility check of that flat request (used by the verifier).
    public mutating func fixCapacityProbe(node n: Int, _ direction: CapacityProbeDirection, atMW mw: Double) {
        setObjective(sense: .minimize)
        for columns in capacityProbeColumns {
            setColumnBounds(columns.offtake, lower: 0, upper: 0)
            setColumnBounds(columns.infeed, lower: 0, upper: 0)
        }
        guard let column = capacityProbeColumn(node: n, direction) else { return }
        setColumnBounds(column, lower: mw, upper: mw)
    }
}
