// SPDX-License-Identifier: GPL-3.0-or-later

/// What is allocated: transport capacity in MW to connection requests (the default, as TenneT
/// and the ACM do), or energy over all demand (the adequacy view of earlier versions).
public enum AllocationView: String, Sendable, Hashable, CaseIterable {
    /// demand.csv is firm load in use, served first; each transition.csv row is a request that
    /// receives a grant in MW, in the order of the allocation rule.
    case requests
    /// Every demand, transition load included, shares energy (MWh at VoLL) under the rule.
    case energy
}

/// A connection request (one transition.csv row) as it stands in one planning year.
public struct RequestKey: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var project: TransitionID
    public var carrier: Carrier
    public init(project: TransitionID, carrier: Carrier) {
        self.project = project
        self.carrier = carrier
    }
    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.project.rawValue, lhs.carrier.rawValue) < (rhs.project.rawValue, rhs.carrier.rawValue)
    }
    public var description: String { "\(project)/\(carrier.rawValue)" }
}

extension YearView {
    /// An active request (its `year` ≤ the planning year) whose consumer has a node of its carrier.
    public struct Request: Sendable, Equatable {
        public var key: RequestKey
        /// Index into ``Dataset/transitions``.
        public var transitionIndex: Int
        /// Index into ``Dataset/consumers``.
        public var consumerIndex: Int
        public var node: NodeID
        public var product: RequestProduct
        /// R_r: the MW requested (the grant's upper bound).
        public var requestedMW: Double
        /// π_r(t): load per MW granted in each timeslice (the profile; 0 outside a time-block
        /// request's window, where it may not take transport).
        public var loadPerMW: [Double]
        /// E_r = Σ_t w_t·π_r(t): MWh per year per MW granted, before curtailment.
        public var energyPerMWh: Double
        /// H_r: the yearly curtailment budget of a `tdtr` request in full-load hours (0 otherwise).
        public var curtailHoursPerYear: Double
        /// The smallest useful grant of an indivisible request (`nil`: divisible).
        public var minMW: Double?
        public var vollEURPerMWh: Double
        public var requestDate: CalendarDate
        /// ACM priority tier of the consumer (1, 2, 3), `nil` for none.
        public var tier: Int?

        /// Whether the grid may curtail this request's load below g_r·π_r(t) (`tdtr`, `non-firm`).
        public var isCurtailable: Bool { product == .tdtr || product == .nonFirm }
    }
}

extension Dataset {
    /// The requests active in `year`, in transition.csv order.
    public func activeRequests(year: Int) -> [YearView.Request] {
        let weights = timeslices.slices.map(\.weightHours)
        let consumerIndex = Dictionary(consumers.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        var requests: [YearView.Request] = []
        for (index, transition) in transitions.enumerated() where transition.year <= year && transition.mw > 0 {
            guard let c = consumerIndex[transition.consumer], let node = consumers[c].node(for: transition.carrier) else { continue }
            guard let date = requestDate(of: transition) else {
                preconditionFailure("request `\(transition.project)` has no date in the queue (rule requestWithoutDate); validate the dataset first")
            }
            let profile = profileValues(transition.profile)
            var load = profile
            if transition.product == .timeBlock, let window = transition.window {
                for (t, slice) in timeslices.slices.enumerated() where !(slice.hour.map { window.contains(hour: $0) } ?? false) { load[t] = 0 }
            }
            var energy = 0.0
            for t in load.indices { energy += weights[t] * load[t] }
            requests.append(
                YearView.Request(
                    key: RequestKey(project: transition.project, carrier: transition.carrier), transitionIndex: index, consumerIndex: c,
                    node: node, product: transition.product, requestedMW: transition.mw, loadPerMW: load, energyPerMWh: energy,
                    curtailHoursPerYear: transition.effectiveCurtailHoursPerYear, minMW: transition.minMW,
                    vollEURPerMWh: consumers[c].vollEURPerMWh ?? info.defaultVOLLEURPerMWh, requestDate: date,
                    tier: consumers[c].priority))
        }
        return requests
    }
}
