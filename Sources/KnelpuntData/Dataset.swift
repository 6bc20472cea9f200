// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// An energy carrier. Hydrogen quantities are MW of hydrogen on the dataset's energy basis (LHV).
public enum Carrier: String, Hashable, Comparable, Sendable, CaseIterable {
    case electricity
    case hydrogen
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A substation, hub or pipeline junction of one carrier (nodes.csv).
public struct Node: Hashable, Sendable {
    public var id: NodeID
    public var name: String
    public var carrier: Carrier
    public var cluster: String
    public var latitude: Double?
    public var longitude: Double?
    public var origin: RecordOrigin
    public init(id: NodeID, name: String, carrier: Carrier, cluster: String, latitude: Double?, longitude: Double?, origin: RecordOrigin) {
        self.id = id
        self.name = name
        self.carrier = carrier
        self.cluster = cluster
        self.latitude = latitude
        self.longitude = longitude
        self.origin = origin
    }
}

/// A line, cable, transformer or pipeline between two nodes of one carrier (links.csv), usable in
/// both directions up to its capacity; it exists in years `commissioned ≤ y < retired`.
public struct Link: Hashable, Sendable {
    public var id: LinkID
    public var name: String
    public var from: NodeID
    public var to: NodeID
    public var carrier: Carrier
    public var capacityMW: Double
    public var commissioned: Int?
    public var retired: Int?
    /// Series reactance of an AC line or transformer, per unit on a 100 MVA base; `nil` = a
    /// controllable link (HVDC or a hydrogen pipeline) whose flow is free within ±capacity.
    public var reactancePU: Double?
    /// Limit after a contingency, MW; `nil` = ``capacityMW`` (plus projects).
    public var emergencyRatingMW: Double?
    public var source: String
    public var origin: RecordOrigin
    public init(
        id: LinkID, name: String, from: NodeID, to: NodeID, carrier: Carrier, capacityMW: Double, commissioned: Int?, retired: Int?,
        reactancePU: Double? = nil, emergencyRatingMW: Double? = nil, source: String, origin: RecordOrigin
    ) {
        self.id = id
        self.name = name
        self.from = from
        self.to = to
        self.carrier = carrier
        self.capacityMW = capacityMW
        self.commissioned = commissioned
        self.retired = retired
        self.reactancePU = reactancePU
        self.emergencyRatingMW = emergencyRatingMW
        self.source = source
        self.origin = origin
    }

    /// Whether the link is an AC line or transformer (has a reactance), whose flow obeys Kirchhoff.
    public var isAC: Bool { reactancePU != nil }
}

/// Status of an infrastructure project. Cancelled projects add no capacity.
public enum ProjectStatus: String, Hashable, Sendable, CaseIterable {
    case inService = "in-service"
    case construction
    case permitting
    case planned
    case study
    case cancelled
}

/// An infrastructure project (projects.csv) adding `capacityMW` (may be negative) to a link,
/// supply or conversion from 1 January of `year` on. A project without a target lies outside the
/// modelled network (CO2 transport such as Porthos or Aramis): it adds nothing, but a connection
/// request may depend on it being in service (``TransitionProject/dependsOn``).
public struct Project: Hashable, Sendable {
    public var id: ProjectID
    public var name: String
    public var programme: String
    /// Id of a link, supply or conversion (ids are unique across the three files); `nil` = a
    /// project outside the modelled network, whose ``capacityMW`` is 0.
    public var target: String?
    public var capacityMW: Double
    public var year: Int
    public var status: ProjectStatus
    /// The target link's reactance (per unit, 100 MVA base) from `year` on; `nil` = unchanged.
    public var reactancePU: Double?
    public var source: String
    public var origin: RecordOrigin
    public init(
        id: ProjectID, name: String, programme: String, target: String?, capacityMW: Double, year: Int, status: ProjectStatus,
        reactancePU: Double? = nil, source: String, origin: RecordOrigin
    ) {
        self.id = id
        self.name = name
        self.programme = programme
        self.target = target
        self.capacityMW = capacityMW
        self.year = year
        self.status = status
        self.reactancePU = reactancePU
        self.source = source
        self.origin = origin
    }

    /// Whether the project lies outside the modelled network (no target): it changes no capacity.
    public var isExternal: Bool { target == nil }
}

public enum SupplyKind: String, Hashable, Sendable, CaseIterable {
    case offshoreWind = "offshore-wind"
    case onshoreWind = "onshore-wind"
    case solar
    case interconnector
    case generation
    case `import`
    case grid
}

/// What can be injected at a node (supply.csv): available power = capacity × profile value.
public struct Supply: Hashable, Sendable {
    public var id: SupplyID
    public var name: String
    public var node: NodeID
    public var kind: SupplyKind
    public var capacityMW: Double
    /// Profile column of timeslices.csv; `nil` means a constant 1.
    public var profile: String?
    public var costEURPerMWh: Double
    public var commissioned: Int?
    public var retired: Int?
    public var source: String
    public var origin: RecordOrigin
    public init(
        id: SupplyID, name: String, node: NodeID, kind: SupplyKind, capacityMW: Double, profile: String?, costEURPerMWh: Double, commissioned: Int?,
        retired: Int?, source: String, origin: RecordOrigin
    ) {
        self.id = id
        self.name = name
        self.node = node
        self.kind = kind
        self.capacityMW = capacityMW
        self.profile = profile
        self.costEURPerMWh = costEURPerMWh
        self.commissioned = commissioned
        self.retired = retired
        self.source = source
        self.origin = origin
    }
}

/// An electrolyser or other converter (conversions.csv): takes up to `capacityMW` of electricity
/// at `from` and delivers `efficiency` × input at hydrogen node `to`.
public struct Conversion: Hashable, Sendable {
    public var id: ConversionID
    public var name: String
    public var from: NodeID
    public var to: NodeID
    public var capacityMW: Double
    public var efficiency: Double
    public var commissioned: Int?
    public var retired: Int?
    public var source: String
    public var origin: RecordOrigin
    public init(
        id: ConversionID, name: String, from: NodeID, to: NodeID, capacityMW: Double, efficiency: Double, commissioned: Int?, retired: Int?,
        source: String, origin: RecordOrigin
    ) {
        self.id = id
        self.name = name
        self.from = from
        self.to = to
        self.capacityMW = capacityMW
        self.efficiency = efficiency
        self.commissioned = commissioned
        self.retired = retired
        self.source = source
        self.origin = origin
    }
}

public enum ConsumerGroup: String, Hashable, Comparable, Sendable, CaseIterable {
    /// A company with a maatwerk (custom sustainability) agreement track.
    case maatwerk
    /// Everyone else (newcomers in the waiting lists, aggregated demand).
    case other
    /// Households, services and DSO-connected load behind a substation: firm transport.
    case `public`
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Step reached in the maatwerk process.
public enum AgreementStage: String, Hashable, Sendable, CaseIterable {
    case none
    /// Expression of Principles.
    case eop
    /// Joint Letter of Intent.
    case jloi
    /// Binding agreement.
    case binding
}

/// A company or aggregated group of companies (consumers.csv).
public struct Consumer: Hashable, Sendable {
    public var id: ConsumerID
    public var name: String
    public var cluster: String
    public var electricityNode: NodeID?
    public var hydrogenNode: NodeID?
    public var group: ConsumerGroup
    public var stage: AgreementStage
    /// ACM priority category (1 congestion relief, 2 safety, 3 basic needs); `nil` = none.
    public var priority: Int?
    /// Date of the transport-capacity request (first come, first served); `nil`: no place in
    /// the queue (capacity in use before any request, e.g. public load).
    public var queueDate: CalendarDate?
    /// Value of lost load; `nil` = the dataset default.
    public var vollEURPerMWh: Double?
    /// The group transport contract (group_contracts.csv) the consumer takes part in; `nil` = none.
    public var groupContract: GroupContractID?
    public var source: String
    public var origin: RecordOrigin
    public init(
        id: ConsumerID, name: String, cluster: String, electricityNode: NodeID?, hydrogenNode: NodeID?, group: ConsumerGroup, stage: AgreementStage,
        priority: Int?, queueDate: CalendarDate?, vollEURPerMWh: Double?, groupContract: GroupContractID? = nil, source: String, origin: RecordOrigin
    ) {
        self.id = id
        self.name = name
        self.cluster = cluster
        self.electricityNode = electricityNode
        self.hydrogenNode = hydrogenNode
        self.group = group
        self.stage = stage
        self.priority = priority
        self.queueDate = queueDate
        self.vollEURPerMWh = vollEURPerMWh
        self.groupContract = groupContract
        self.source = source
        self.origin = origin
    }

    /// The node where this consumer takes `carrier`, if any.
    public func node(for carrier: Carrier) -> NodeID? {
        switch carrier {
        case .electricity: return electricityNode
        case .hydrogen: return hydrogenNode
        }
    }
}

/// A demand level (demand.csv), in force from `year` until the next row of the same consumer and
/// carrier; demand in a timeslice = `mw` × profile value.
public struct DemandLevel: Hashable, Sendable {
    public var consumer: ConsumerID
    public var carrier: Carrier
    public var year: Int
    public var mw: Double
    public var profile: String?
    public var source: String
    public var origin: RecordOrigin
    public init(consumer: ConsumerID, carrier: Carrier, year: Int, mw: Double, profile: String?, source: String, origin: RecordOrigin) {
        self.consumer = consumer
        self.carrier = carrier
        self.year = year
        self.mw = mw
        self.profile = profile
        self.source = source
        self.origin = origin
    }
}

public enum FlexProduct: String, Hashable, Comparable, Sendable, CaseIterable {
    /// Capacity-limiting contract (capaciteitsbeperkend contract).
    case cbc
    /// Time-duration-bound transport right: curtailable in 15 % of the hours of a year.
    case atr85
    /// Time-block-bound transport right.
    case timeBlock = "time-block"
    /// Other agreed curtailment.
    case curtail
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Hours of the day (0–23) as inclusive ranges, e.g. `7-23` or `0-6;22-23`.
public struct HourWindow: Hashable, Sendable, CustomStringConvertible {
    public var ranges: [ClosedRange<Int>]
    public init(ranges: [ClosedRange<Int>]) { self.ranges = ranges }
    public func contains(hour: Int) -> Bool { ranges.contains { $0.contains(hour) } }
    public var description: String {
        ranges.map { $0.lowerBound == $0.upperBound ? "\($0.lowerBound)" : "\($0.lowerBound)-\($0.upperBound)" }.joined(separator: ";")
    }

    /// Parses `a-b;c-d;e` (each 0 ≤ a ≤ b ≤ 23); nil when malformed.
    public init?(parsing text: String) {
        var ranges: [ClosedRange<Int>] = []
        for part in text.split(separator: ";", omittingEmptySubsequences: false) {
            let bounds = part.split(separator: "-", omittingEmptySubsequences: false)
                .map { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard (1...2).contains(bounds.count), let first = bounds[0], let last = bounds[bounds.count - 1],
                (0...23).contains(first), (0...23).contains(last), first <= last
            else { return nil }
            ranges.append(first...last)
        }
        guard !ranges.isEmpty else { return nil }
        self.ranges = ranges
    }
}

/// A flexible-load commitment (flex.csv).
public struct FlexCommitment: Hashable, Sendable {
    public var consumer: ConsumerID
    public var carrier: Carrier
    public var product: FlexProduct
    public var fromYear: Int
    /// Last year in force; `nil` = open-ended.
    public var toYear: Int?
    public var maxMW: Double
    /// Yearly budget in hours at `maxMW`; `nil` = unlimited.
    public var maxHoursPerYear: Double?
    public var costEURPerMWh: Double
    /// Hours of day in which curtailment may happen; `nil` = any hour.
    public var window: HourWindow?
    public var source: String
    public var origin: RecordOrigin
    public init(
        consumer: ConsumerID, carrier: Carrier, product: FlexProduct, fromYear: Int, toYear: Int?, maxMW: Double, maxHoursPerYear: Double?,
        costEURPerMWh: Double, window: HourWindow?, source: String, origin: RecordOrigin
    ) {
        self.consumer = consumer
        self.carrier = carrier
        self.product = product
        self.fromYear = fromYear
        self.toYear = toYear
        self.maxMW = maxMW
        self.maxHoursPerYear = maxHoursPerYear
        self.costEURPerMWh = costEURPerMWh
        self.window = window
        self.source = source
        self.origin = origin
    }

    /// A stable key: consumer, carrier, product and first year (unique within a dataset).
    public var key: String { "\(consumer).\(carrier.rawValue).\(product.rawValue).\(fromYear)" }

    public func isInForce(in year: Int) -> Bool {
        fromYear <= year && (toYear.map { year <= $0 } ?? true)
    }
}

/// One row of timeslices.csv: `weightHours` hours of the year with these profile values.
public struct Timeslice: Hashable, Sendable {
    public var id: TimesliceID
    public var weightHours: Double
    public var month: Int?
    public var hour: Int?
    /// Values in [0, 1], indexed like ``Timeslices/profileNames``.
    public var profileValues: [Double]
    public var origin: RecordOrigin
    public init(id: TimesliceID, weightHours: Double, month: Int?, hour: Int?, profileValues: [Double], origin: RecordOrigin) {
        self.id = id
        self.weightHours = weightHours
        self.month = month
        self.hour = hour
        self.profileValues = profileValues
        self.origin = origin
    }
}

/// The time resolution of a dataset and its profiles.
public struct Timeslices: Hashable, Sendable {
    public var profileNames: [String]
    public var slices: [Timeslice]
    public init(profileNames: [String], slices: [Timeslice]) {
        self.profileNames = profileNames
        self.slices = slices
    }
    public func profileIndex(_ name: String) -> Int? { profileNames.firstIndex(of: name) }
    public var totalHours: Double { slices.reduce(0) { $0 + $1.weightHours } }
}

/// The security criterion of the electricity grid (dataset.toml `security`).
public enum SecurityMode: String, Hashable, Sendable, CaseIterable {
    /// Only the intact grid: flows within ±capacity.
    case none
    /// Every single outage of ``Dataset/contingencies`` (or, without contingencies.csv, of every
    /// AC link in service) must leave post-contingency flows within the emergency ratings.
    case n1 = "n-1"
}

/// A single outage that must be survivable (contingencies.csv).
public struct Contingency: Hashable, Sendable {
    /// The AC link that trips.
    public var link: LinkID
    public var origin: RecordOrigin
    public var source: String
    public init(link: LinkID, origin: RecordOrigin, source: String) {
        self.link = link
        self.origin = origin
        self.source = source
    }
}

/// dataset.toml.
public struct DatasetInfo: Hashable, Sendable {
    public var name: String
    public var title: String
    public var description: String
    /// Planning years, ascending.
    public var years: [Int]
    public var defaultVOLLEURPerMWh: Double
    public var energyBasis: String
    /// `[sources]` entries in file order.
    public var sources: [(key: String, text: String)]
    /// Which outages the electricity grid must survive (`security`; default ``SecurityMode/none``).
    public var security: SecurityMode
    /// How national electricity adequacy enters the request view (`adequacy`; default
    /// ``AdequacyMode/inGrants``).
    public var adequacy: AdequacyMode
    public init(
        name: String, title: String, description: String, years: [Int], defaultVOLLEURPerMWh: Double, energyBasis: String,
        sources: [(key: String, text: String)], security: SecurityMode = .none, adequacy: AdequacyMode = .inGrants
    ) {
        self.name = name
        self.title = title
        self.description = description
        self.years = years
        self.defaultVOLLEURPerMWh = defaultVOLLEURPerMWh
        self.energyBasis = energyBasis
        self.sources = sources
        self.security = security
        self.adequacy = adequacy
    }
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.name == rhs.name && lhs.title == rhs.title && lhs.description == rhs.description && lhs.years == rhs.years
            && lhs.defaultVOLLEURPerMWh == rhs.defaultVOLLEURPerMWh && lhs.energyBasis == rhs.energyBasis && lhs.security == rhs.security
            && lhs.adequacy == rhs.adequacy
            && lhs.sources.map(\.key) == rhs.sources.map(\.key) && lhs.sources.map(\.text) == rhs.sources.map(\.text)
    }
    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(years)
    }
}

/// A whole dataset, as loaded and validated. Arrays keep file order.
public struct Dataset: Hashable, Sendable {
    public var info: DatasetInfo
    public var nodes: [Node]
    public var links: [Link]
    public var projects: [Project]
    public var supplies: [Supply]
    public var conversions: [Conversion]
    public var consumers: [Consumer]
    public var demand: [DemandLevel]
    public var transitions: [TransitionProject]
    public var flex: [FlexCommitment]
    public var timeslices: Timeslices
    /// The outages listed in contingencies.csv, in file order (empty when the file is absent).
    public var contingencies: [Contingency]
    /// Whether contingencies.csv was given: then ``contingencies`` is the whole list to check under
    /// `security = "n-1"` (even when empty); otherwise every in-service AC link is checked.
    public var listsContingencies: Bool
    /// The group transport contracts of group_contracts.csv, in file order (empty when absent).
    public var groupContracts: [GroupContract]
    /// The Expressions of Principles of eops.csv, in file order (empty when absent).
    public var eops: [ExpressionOfPrinciples]
    /// The rows of delay_distributions.csv, in file order (empty when absent).
    public var delayDistributions: [DelayDistributionRow]
    public init(
        info: DatasetInfo, nodes: [Node], links: [Link], projects: [Project], supplies: [Supply], conversions: [Conversion], consumers: [Consumer],
        demand: [DemandLevel], transitions: [TransitionProject], flex: [FlexCommitment], timeslices: Timeslices,
        contingencies: [Contingency] = [], listsContingencies: Bool? = nil, groupContracts: [GroupContract] = [],
        eops: [ExpressionOfPrinciples] = [], delayDistributions: [DelayDistributionRow] = []
    ) {
        self.info = info
        self.nodes = nodes
        self.links = links
        self.projects = projects
        self.supplies = supplies
        self.conversions = conversions
        self.consumers = consumers
        self.demand = demand
        self.transitions = transitions
        self.flex = flex
        self.timeslices = timeslices
        self.contingencies = contingencies
        self.listsContingencies = listsContingencies ?? !contingencies.isEmpty
        self.groupContracts = groupContracts
        self.eops = eops
        self.delayDistributions = delayDistributions
    }
}
