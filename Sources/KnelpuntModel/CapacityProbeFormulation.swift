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
    /// Adds the probe columns y⁻_n and y⁺_n of every node, fixed at 0, each with coefficient
    /// −(1 − α(t)) (offtake) or +1 (infeed) in slice t's balance row of its node, α(t) the national
    /// shed share at an electricity node under `adequacy = "apart"` (``NationalAdequacy``: a new
    /// load is shed like every other), else 0. Added only when a capacity map is asked for, after
    /// the rule's last stage, so the stage LPs never see them. Calling it again adds nothing.
    public mutating func addCapacityProbeFamily(dataset: Dataset) {
        guard capacityProbeColumns.isEmpty else { return }
        var probes: [CapacityProbeColumns] = []
        for (n, node) in dataset.nodes.enumerated() {
            let offtake = appendColumn(.capacityProbe(node.id, .offtake), name: "y-[\(node.id)]", lower: 0, upper: 0, cost: 0)
            let infeed = appendColumn(.capacityProbe(node.id, .infeed), name: "y+[\(node.id)]", lower: 0, upper: 0, cost: 0)
            let shed = node.carrier == .electricity ? view.adequacy?.shedShare : nil
            for (t, row) in balanceRow[n].enumerated() {
                addCoefficient(row: row, column: offtake, value: -(1 - (shed?[t] ?? 0)))
                addCoefficient(row: row, column: infeed, value: 1)
            }
            probes.append(CapacityProbeColumns(offtake: offtake, infeed: infeed))
        }
        recordCapacityProbes(probes)
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
