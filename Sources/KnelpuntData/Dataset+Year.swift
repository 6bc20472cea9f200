// SPDX-License-Identifier: GPL-3.0-or-later

/// A consumer's demand for one carrier: the unit of allocation ("pair" i = (c, k)).
public struct ConsumerCarrier: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var consumer: ConsumerID
    public var carrier: Carrier
    public init(consumer: ConsumerID, carrier: Carrier) {
        self.consumer = consumer
        self.carrier = carrier
    }
    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.consumer.rawValue, lhs.carrier.rawValue) < (rhs.consumer.rawValue, rhs.carrier.rawValue)
    }
    public var description: String { "\(consumer)/\(carrier.rawValue)" }
}

/// The dataset as it stands in one planning year: capacities after projects, demand per
/// consumer-carrier pair per timeslice, and the flexible-load commitments in force.
public struct YearView: Sendable, Equatable {
    /// One consumer-carrier pair with demand in this year.
    public struct Pair: Sendable, Equatable {
        public var key: ConsumerCarrier
        /// Index into ``Dataset/consumers``.
        public var consumerIndex: Int
        public var node: NodeID
        /// D_i(t) in MW, per timeslice.
        public var demandMW: [Double]
        /// E_i = Σ_t w_t·D_i(t) in MWh.
        public var annualDemandMWh: Double
        public var vollEURPerMWh: Double
    }

    public var year: Int
    /// Capacity of each link (indexed like ``Dataset/links``); 0 when it does not exist this year.
    public var linkCapacityMW: [Double]
    /// Whether each link exists this year (commissioned ≤ y < retired).
    public var linkExists: [Bool]
    public var supplyCapacityMW: [Double]
    public var supplyExists: [Bool]
    public var conversionCapacityMW: [Double]
    public var conversionExists: [Bool]
    /// Pairs with positive annual demand, sorted by consumer id then carrier.
    public var pairs: [Pair]
    /// Indices into ``Dataset/flex`` of the commitments in force whose pair has demand.
    public var flexIndices: [Int]
    /// Reactance of each link this year (per unit, 100 MVA base; indexed like ``Dataset/links``):
    /// links.csv overridden by the latest non-cancelled project with a reactance; nil = controllable.
    public var linkReactances: [Double?] = []
    /// Post-contingency limit of each link this year, MW (indexed like ``Dataset/links``): its
    /// `emergency_rating_mw` plus its projects' capacity changes up to this year, or the capacity
    /// when the rating is empty; 0 when the link is not in service.
    public var linkEmergencyRatingsMW: [Double] = []
    /// Indices into ``Dataset/links`` of the single outages to check this year, ascending.
    public var contingencyLinks: [Int] = []
    /// What is allocated (``AllocationView``): under `.requests` the pairs hold only the firm load
    /// of demand.csv and the transition rows are ``requests``; under `.energy` the pairs include
    /// the transition load and there are no requests.
    public var allocation: AllocationView = .energy
    /// The connection requests active this year (empty under ``AllocationView/energy``).
    public var requests: [Request] = []
    /// The national shortage shed before the grants (request view under dataset.toml
    /// `adequacy = "apart"`; nil otherwise): the pairs' and requests' electricity load above is
    /// already net of it.
    public var adequacy: NationalAdequacy?

    /// Post-contingency limit of link `link` (an index into ``Dataset/links``) this year, MW.
    public func linkEmergencyRatingMW(_ link: Int) -> Double { linkEmergencyRatingsMW[link] }

    /// Reactance of link `link` (an index into ``Dataset/links``) this year, per unit on a 100 MVA
    /// base; nil for a controllable link (HVDC, hydrogen).
    public func linkReactancePU(_ link: Int) -> Double? { linkReactances[link] }

    /// Whether link `link` (an index into ``Dataset/links``) is part of this year's network: it
    /// exists (commissioned ≤ y < retired) and its capacity after projects is above 0 MW (beyond
    /// the round-off of adding projects, 1e-9 MW). A link that is not in service carries no flow
    /// and is never a bottleneck or blocking asset.
    public func isInService(_ link: Int) -> Bool { linkExists[link] && linkCapacityMW[link] > Self.inServiceThresholdMW }

    /// Capacities at or below this (MW) count as 0: round-off of summing projects such as +0.3 −0.1 −0.2.
    public static let inServiceThresholdMW = 1e-9

    /// Capacity of `asset` this year after its projects, MW (0 when it does not exist).
    public func capacityMW(of asset: AssetReference) -> Double {
        switch asset.kind {
        case .link: return linkCapacityMW[asset.index]
        case .conversion: return conversionCapacityMW[asset.index]
        case .supply: return supplyCapacityMW[asset.index]
        }
    }

    /// Whether `asset` exists this year (commissioned ≤ y < retired).
    public func exists(_ asset: AssetReference) -> Bool {
        switch asset.kind {
        case .link: return linkExists[asset.index]
        case .conversion: return conversionExists[asset.index]
        case .supply: return supplyExists[asset.index]
        }
    }
}

extension Dataset {
    /// True when an asset with these dates exists in `year` (commissioned ≤ y < retired).
    public static func exists(commissioned: Int?, retired: Int?, in year: Int) -> Bool {
        (commissioned.map { $0 <= year } ?? true) && (retired.map { year < $0 } ?? true)
    }

    /// Σ capacity of the non-cancelled projects on `target` with year ≤ `year`, in MW, summed in
    /// file order.
    public func projectCapacityMW(target: String, upTo year: Int) -> Double {
        projectCapacityMW(target: target, upTo: year, byTarget: projectsByTarget())
    }

    /// ``projectCapacityMW(target:upTo:)`` with the index ``projectsByTarget()`` built once by
    /// the caller (for loops over many assets).
    public func projectCapacityMW(target: String, upTo year: Int, byTarget: [String: [Int]]) -> Double {
        (byTarget[target] ?? []).reduce(0) { total, p in
            let project = projects[p]
            return project.status != .cancelled && project.year <= year ? total + project.capacityMW : total
        }
    }

    /// Profile value of `profile` in every timeslice (all 1 for `nil`).
    public func profileValues(_ profile: String?) -> [Double] {
        guard let profile, let index = timeslices.profileIndex(profile) else {
            return [Double](repeating: 1, count: timeslices.slices.count)
        }
        return timeslices.slices.map { $0.profileValues[index] }
    }

    /// The demand level row of `pair` in force in `year` (the latest with row year ≤ `year`).
    public func demandLevel(of pair: ConsumerCarrier, in year: Int) -> DemandLevel? {
        var best: DemandLevel?
        for level in demand where level.consumer == pair.consumer && level.carrier == pair.carrier && level.year <= year {
            if best.map({ level.year >= $0.year }) ?? true { best = level }
        }
        return best
    }

    /// Reactance of link `index` in `year`: links.csv, overridden by the latest non-cancelled
    /// project on it with a `reactance_pu` and year ≤ `year` (file order breaks ties: the later row).
    public func linkReactancePU(_ index: Int, in year: Int, byTarget: [String: [Int]]) -> Double? {
        var reactance = links[index].reactancePU
        var fromYear = Int.min
        for p in byTarget[links[index].id.rawValue] ?? [] {
            let project = projects[p]
            guard project.status != .cancelled, project.year <= year, let x = project.reactancePU, project.year >= fromYear else { continue }
            reactance = x
            fromYear = project.year
        }
        return reactance
    }

    /// Indices of the links whose outage is checked in a year with these reactances and in-service
    /// flags: none under `security = "none"`; under `"n-1"` the links of contingencies.csv when it
    /// was given, else every electricity link with a reactance; always only AC links in service.
    func contingencyLinks(reactances: [Double?], inService: [Bool]) -> [Int] {
        guard info.security == .n1 else { return [] }
        let candidates: [Int]
        if listsContingencies {
            let index = Dictionary(links.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
            candidates = Set(contingencies.compactMap { index[$0.link] }).sorted()
        } else {
            candidates = Array(links.indices)
        }
        return candidates.filter { links[$0].carrier == .electricity && reactances[$0] != nil && inService[$0] }
    }

    /// The dataset as it stands in `year`, for the given ``AllocationView``.
    public func view(year: Int, allocation: AllocationView = .energy) -> YearView {
        let linkExists = links.map { Self.exists(commissioned: $0.commissioned, retired: $0.retired, in: year) }
        let supplyExists = supplies.map { Self.exists(commissioned: $0.commissioned, retired: $0.retired, in: year) }
        let conversionExists = conversions.map { Self.exists(commissioned: $0.commissioned, retired: $0.retired, in: year) }
        let byTarget = projectsByTarget()
        func capacity(_ asset: AssetReference, exists: Bool) -> Double {
            guard exists else { return 0 }
            let facts = facts(of: asset)
            return facts.capacityMW + projectCapacityMW(target: facts.id, upTo: year, byTarget: byTarget)
        }
        let linkCapacity = links.indices.map { capacity(AssetReference(kind: .link, index: $0), exists: linkExists[$0]) }
        let supplyCapacity = supplies.indices.map { capacity(AssetReference(kind: .supply, index: $0), exists: supplyExists[$0]) }
        let conversionCapacity = conversions.indices.map { capacity(AssetReference(kind: .conversion, index: $0), exists: conversionExists[$0]) }

        let weights = timeslices.slices.map(\.weightHours)
        var keys = Set<ConsumerCarrier>()
        for level in demand { keys.insert(ConsumerCarrier(consumer: level.consumer, carrier: level.carrier)) }
        let transitionLoad = allocation == .energy ? transitions : []
        for transition in transitionLoad { keys.insert(ConsumerCarrier(consumer: transition.consumer, carrier: transition.carrier)) }
        let consumerIndex = Dictionary(consumers.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })

        var pairs: [YearView.Pair] = []
        for key in keys.sorted() {
            guard let index = consumerIndex[key.consumer], let node = consumers[index].node(for: key.carrier) else { continue }
            var mw = [Double](repeating: 0, count: weights.count)
            if let level = demandLevel(of: key, in: year) {
                let profile = profileValues(level.profile)
                for t in mw.indices { mw[t] += level.mw * profile[t] }
            }
            for transition in transitionLoad where transition.consumer == key.consumer && transition.carrier == key.carrier && transition.year <= year
            {
                let profile = profileValues(transition.profile)
                for t in mw.indices { mw[t] += transition.mw * profile[t] }
            }
            var energy = 0.0
            for t in mw.indices { energy += weights[t] * mw[t] }
            guard energy > 0 else { continue }
            pairs.append(
                YearView.Pair(
                    key: key, consumerIndex: index, node: node, demandMW: mw, annualDemandMWh: energy,
                    vollEURPerMWh: consumers[index].vollEURPerMWh ?? info.defaultVOLLEURPerMWh))
        }
        let pairKeys = Set(pairs.map(\.key))
        let flexIndices = flex.indices.filter {
            flex[$0].isInForce(in: year) && pairKeys.contains(ConsumerCarrier(consumer: flex[$0].consumer, carrier: flex[$0].carrier))
        }
        let reactances = links.indices.map { linkReactancePU($0, in: year, byTarget: byTarget) }
        let inService = links.indices.map { linkExists[$0] && linkCapacity[$0] > YearView.inServiceThresholdMW }
        let emergencyRatings = links.indices.map { index -> Double in
            guard inService[index] else { return 0 }
            guard let rating = links[index].emergencyRatingMW else { return linkCapacity[index] }
            return max(0, rating + linkCapacity[index] - links[index].capacityMW)
        }
        var view = YearView(
            year: year, linkCapacityMW: linkCapacity, linkExists: linkExists, supplyCapacityMW: supplyCapacity,
            supplyExists: supplyExists, conversionCapacityMW: conversionCapacity, conversionExists: conversionExists,
            pairs: pairs, flexIndices: flexIndices, linkReactances: reactances, linkEmergencyRatingsMW: emergencyRatings,
            contingencyLinks: contingencyLinks(reactances: reactances, inService: inService), allocation: allocation,
            requests: allocation == .requests ? activeRequests(year: year) : [])
        if allocation == .requests && info.adequacy == .apart {
            view.shedNationalShortage(nationalAdequacy(of: view), weights: weights)
        }
        return view
    }
}
