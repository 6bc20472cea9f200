// SPDX-License-Identifier: GPL-3.0-or-later

/// How national electricity adequacy enters the request view (dataset.toml `adequacy`).
public enum AdequacyMode: String, Hashable, Sendable, CaseIterable {
    /// A request is granted only as far as its load can be supplied in every slice: a national
    /// shortage of supply refuses requests like a congested line does.
    case inGrants = "in-grants"
    /// The national shortage is shed from every electricity load alike before the grants
    /// (``NationalAdequacy``), so the grants are decided on the grid's limits, as TenneT decides
    /// transport; the shed is reported apart.
    case apart
}

/// National electricity adequacy of one year, per timeslice (request view under
/// ``AdequacyMode/apart``).
///
/// With L(t) the national electricity load in MW (every firm pair's D_i(t) plus every active
/// electricity request at its full R_r·π_r(t)) and S(t) the national electricity supply in MW
/// (Σ_s cap_s·a_s(t) over the supplies at electricity nodes, interconnector imports included),
/// the shed share is α(t) = max(0, 1 − S(t)/L(t)) (0 when L(t) = 0). Every electricity load is
/// then served at (1 − α(t)) of its level: D_i(t) → (1 − α(t))·D_i(t) and π_r(t) → (1 − α(t))·π_r(t),
/// so that after the shed the nation's load never exceeds its supply, and the grid alone decides
/// which request can be connected. Conversions (electrolysers) are not load here: they are
/// dispatched by the LP. Flex commitments are not counted: they stay for the grid.
public struct NationalAdequacy: Sendable, Equatable {
    /// L(t), MW.
    public var loadMW: [Double]
    /// S(t), MW.
    public var supplyMW: [Double]
    /// α(t) ∈ [0, 1].
    public var shedShare: [Double]

    /// Load shed in slice t, α(t)·L(t) MW.
    public func shedMW(_ t: Int) -> Double { shedShare[t] * loadMW[t] }

    /// Energy shed in the year, Σ_t w_t·α(t)·L(t) MWh.
    public func shedMWh(weightsHours: [Double]) -> Double {
        var total = 0.0
        for t in shedShare.indices { total += weightsHours[t] * shedMW(t) }
        return total
    }

    /// Hours of the year with a shed, Σ_{t: α(t) > 0} w_t (a loss-of-load expectation of the
    /// modelled year, comparable with the 4 h norm of TenneT's adequacy monitor).
    public func shedHours(weightsHours: [Double]) -> Double {
        var total = 0.0
        for t in shedShare.indices where shedShare[t] > 0 { total += weightsHours[t] }
        return total
    }

    /// α(t) = max(0, 1 − S/L), 0 when L ≤ 0.
    public static func shedShare(loadMW: Double, supplyMW: Double) -> Double {
        guard loadMW > 0, supplyMW < loadMW else { return 0 }
        return min(1, max(0, 1 - supplyMW / loadMW))
    }
}

extension Dataset {
    /// The national electricity load and supply of `view` (before any shed) and the shed share,
    /// as ``NationalAdequacy`` defines them.
    public func nationalAdequacy(of view: YearView) -> NationalAdequacy {
        let count = timeslices.slices.count
        let carrierOfNode = Dictionary(nodes.map { ($0.id, $0.carrier) }, uniquingKeysWith: { first, _ in first })
        var load = [Double](repeating: 0, count: count)
        for pair in view.pairs where pair.key.carrier == .electricity {
            for t in 0..<count { load[t] += pair.demandMW[t] }
        }
        for request in view.requests where request.key.carrier == .electricity {
            for t in 0..<count { load[t] += request.requestedMW * request.loadPerMW[t] }
        }
        var supply = [Double](repeating: 0, count: count)
        for (s, source) in supplies.enumerated() where view.supplyExists[s] && carrierOfNode[source.node] == .electricity {
            let availability = profileValues(source.profile)
            let capacity = max(0, view.supplyCapacityMW[s])
            for t in 0..<count { supply[t] += max(0, capacity * availability[t]) }
        }
        let shed = (0..<count).map { NationalAdequacy.shedShare(loadMW: load[$0], supplyMW: supply[$0]) }
        return NationalAdequacy(loadMW: load, supplyMW: supply, shedShare: shed)
    }
}

extension YearView {
    /// Sheds α(t) of every electricity load (``NationalAdequacy``): the firm pairs' D_i(t) and
    /// E_i, the electricity requests' π_r(t) and E_r per MW. Keeps `adequacy` for the reports.
    mutating func shedNationalShortage(_ adequacy: NationalAdequacy, weights: [Double]) {
        self.adequacy = adequacy
        let served = adequacy.shedShare.map { 1 - $0 }
        /// Scales `values` by the served share per slice; returns Σ_t w_t·value(t).
        func shed(_ values: inout [Double]) -> Double {
            var energy = 0.0
            for t in served.indices {
                values[t] *= served[t]
                energy += weights[t] * values[t]
            }
            return energy
        }
        for i in pairs.indices where pairs[i].key.carrier == .electricity {
            pairs[i].annualDemandMWh = shed(&pairs[i].demandMW)
        }
        for r in requests.indices where requests[r].key.carrier == .electricity {
            requests[r].energyPerMWh = shed(&requests[r].loadPerMW)
        }
    }
}
