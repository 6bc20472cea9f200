// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntData

/// Fairness statistics of served shares r_i = 1 − U_i/E_i over a set of consumer-carrier pairs.
public struct FairnessMetrics: Sendable, Hashable {
    public var pairs: Int
    public var minShare: Double?
    public var meanShare: Double?
    /// Jain's index (Σr)² / (n·Σr²): 1 when all shares are equal, 1/n when one pair gets all.
    public var jainIndex: Double?
    /// Gini coefficient Σ_i Σ_j |r_i − r_j| / (2·n²·mean): 0 when all shares are equal.
    public var gini: Double?
    public var pairsBelow50Percent: Int
    public var pairsBelow90Percent: Int
    public var servedMWh: Double
    public var unservedMWh: Double

    /// Metrics of `outcome`'s pairs in `group` (all pairs when `nil`).
    public init(_ outcome: YearOutcome, group: ConsumerGroup?) {
        let selected = outcome.pairs.filter { group == nil || $0.group == group }
        self.init(shares: selected.map(\.servedShare))
        servedMWh = selected.reduce(0) { $0 + $1.servedMWh }
        unservedMWh = selected.reduce(0) { $0 + $1.unservedMWh }
    }

    /// Metrics of `outcome`'s connection requests in `group` (all when `nil`; request view):
    /// the shares are the granted shares g_r/R_r, ``pairs`` counts the requests, the energies
    /// are the firm load's (served and unserved, MWh).
    public init(requestsOf outcome: YearOutcome, group: ConsumerGroup?) {
        let selected = outcome.requests.filter { group == nil || $0.group == group }
        self.init(shares: selected.map(\.grantedShare))
        // A grant is held to within 1e-9·R_r of the rule's share: count a share as below a
        // threshold only when it is clearly below (1e-6).
        pairsBelow50Percent = selected.count { $0.grantedShare < 0.5 - 1e-6 }
        pairsBelow90Percent = selected.count { $0.grantedShare < 0.9 - 1e-6 }
        let firm = outcome.pairs.filter { group == nil || $0.group == group }
        servedMWh = firm.reduce(0) { $0 + $1.servedMWh }
        unservedMWh = firm.reduce(0) { $0 + $1.unservedMWh }
    }

    /// The metrics of `outcome`'s view: over the requests' granted shares in the request view,
    /// over the pairs' served shares in the energy view.
    public init(viewOf outcome: YearOutcome, group: ConsumerGroup?) {
        if outcome.allocation == .requests { self.init(requestsOf: outcome, group: group) } else { self.init(outcome, group: group) }
    }

    /// Metrics of a list of shares (energies zero).
    public init(shares: [Double]) {
        pairs = shares.count
        servedMWh = 0
        unservedMWh = 0
        pairsBelow50Percent = shares.filter { $0 < 0.5 }.count
        pairsBelow90Percent = shares.filter { $0 < 0.9 }.count
        guard !shares.isEmpty else { return }
        let n = Double(shares.count)
        let sum = shares.reduce(0, +)
        let squares = shares.reduce(0) { $0 + $1 * $1 }
        minShare = shares.min()
        meanShare = sum / n
        jainIndex = squares > 0 ? sum * sum / (n * squares) : nil
        if sum > 0 {
            // Σ_i Σ_j |r_i − r_j| computed on sorted shares: Σ_k (2k − n + 1)·r_(k).
            let sorted = shares.sorted()
            var total = 0.0
            for (k, share) in sorted.enumerated() { total += (2 * Double(k) - n + 1) * share }
            gini = 2 * total / (2 * n * n * (sum / n))
        }
    }
}
