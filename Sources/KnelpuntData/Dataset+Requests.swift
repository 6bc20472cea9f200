// SPDX-License-Identifier: GPL-3.0-or-later

/// The transport right a connection request asks for (ACM, Netcode: firm, time-block-bound,
/// time-duration-bound and non-firm transport rights).
public enum RequestProduct: String, Hashable, Comparable, Sendable, CaseIterable {
    /// Firm transport in every hour: load g·π(t).
    case firm
    /// Time-block-bound right (tijdsblokgebonden): transport only in the hours of ``TransitionProject/window``.
    case timeBlock = "time-block"
    /// Time-duration-bound right (tijdsduurgebonden, e.g. TDTR85): curtailable in at most
    /// ``TransitionProject/effectiveCurtailHoursPerYear`` hours a year.
    case tdtr
    /// Non-firm right: curtailable in any hour, without limit.
    case nonFirm = "non-firm"

    /// Curtailment budget of a `tdtr` request without `curtail_hours_per_year`, in h per year:
    /// 15 % of 8,760 h = 1,314 h (TDTR85: transport in at least 85 % of the hours).
    public static let defaultTDTRCurtailHoursPerYear = 1314.0

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A connection request of a consumer (a row of transition.csv: one per project and carrier):
/// `mw` of extra transport capacity from 1 January of `year` on, avoiding `co2AvoidedKtPerYear`
/// when granted in full.
public struct TransitionProject: Hashable, Sendable {
    public var consumer: ConsumerID
    public var project: TransitionID
    public var carrier: Carrier
    public var year: Int
    /// Capacity requested, MW.
    public var mw: Double
    public var profile: String?
    public var co2AvoidedKtPerYear: Double
    /// Date of the request (first come, first served); `nil` = the consumer's `queue_date`
    /// (``Dataset/requestDate(of:)``).
    public var requestDate: CalendarDate?
    /// The transport right asked for.
    public var product: RequestProduct
    /// Yearly curtailment budget of a `tdtr` request, h; `nil` = 1,314 h
    /// (``effectiveCurtailHoursPerYear``). Only `tdtr` requests have one.
    public var curtailHoursPerYear: Double?
    /// Hours of day in which a `time-block` request may take transport; only `time-block`
    /// requests have one (and they must).
    public var window: HourWindow?
    /// Smallest useful grant, MW, with 0 < `minMW` ≤ ``mw``: the grant is 0 or at least this
    /// (an indivisible request); `nil` = divisible.
    public var minMW: Double?
    /// A project (projects.csv) without which the request's CO2 reduction cannot happen, even when
    /// granted (``Dataset/isInService(project:year:)``); `nil` = none.
    public var dependsOn: ProjectID?
    /// The Expression of Principles (eops.csv) the request belongs to; `nil` = none.
    public var eop: EoPID?
    public var source: String
    public var origin: RecordOrigin
    public init(
        consumer: ConsumerID, project: TransitionID, carrier: Carrier, year: Int, mw: Double, profile: String?, co2AvoidedKtPerYear: Double,
        requestDate: CalendarDate? = nil, product: RequestProduct = .firm, curtailHoursPerYear: Double? = nil, window: HourWindow? = nil,
        minMW: Double? = nil, dependsOn: ProjectID? = nil, eop: EoPID? = nil, source: String, origin: RecordOrigin
    ) {
        self.consumer = consumer
        self.project = project
        self.carrier = carrier
        self.year = year
        self.mw = mw
        self.profile = profile
        self.co2AvoidedKtPerYear = co2AvoidedKtPerYear
        self.requestDate = requestDate
        self.product = product
        self.curtailHoursPerYear = curtailHoursPerYear
        self.window = window
        self.minMW = minMW
        self.dependsOn = dependsOn
        self.eop = eop
        self.source = source
        self.origin = origin
    }

    /// The yearly curtailment budget H in h: for `tdtr` the row's value or 1,314 h (15 % of
    /// 8,760 h); 0 for every other product (firm and time-block loads are fixed by their grant,
    /// non-firm loads have no budget at all).
    public var effectiveCurtailHoursPerYear: Double {
        product == .tdtr ? curtailHoursPerYear ?? RequestProduct.defaultTDTRCurtailHoursPerYear : 0
    }
}

/// A group transport contract (groepstransportovereenkomst, group_contracts.csv): in every
/// timeslice of the years it is in force, its members' firm load plus their requests' load stays
/// ≤ `capacityMW`.
public struct GroupContract: Hashable, Sendable {
    public var id: GroupContractID
    public var name: String
    /// Shared transport capacity, MW.
    public var capacityMW: Double
    /// First year in force.
    public var fromYear: Int
    /// Last year in force (inclusive); `nil` = open-ended.
    public var toYear: Int?
    public var source: String
    public var origin: RecordOrigin
    public init(
        id: GroupContractID, name: String, capacityMW: Double, fromYear: Int, toYear: Int?, source: String, origin: RecordOrigin
    ) {
        self.id = id
        self.name = name
        self.capacityMW = capacityMW
        self.fromYear = fromYear
        self.toYear = toYear
        self.source = source
        self.origin = origin
    }

    /// Whether the contract is in force in `year`: `fromYear ≤ year ≤ toYear`.
    public func isActive(in year: Int) -> Bool {
        fromYear <= year && (toYear.map { year <= $0 } ?? true)
    }
}

/// An Expression of Principles or a later agreement of the maatwerk track (eops.csv): the CO2
/// reduction a company claims, against which its requests (transition.csv `eop`) can be checked.
public struct ExpressionOfPrinciples: Hashable, Sendable {
    public var id: EoPID
    public var company: String
    /// The document: `eop`, `jloi` or `binding` (never `none`).
    public var stage: AgreementStage
    public var date: CalendarDate
    /// Claimed reduction once realised, kt CO2 per year.
    public var co2ReductionKtPerYear: Double
    public var source: String
    public var origin: RecordOrigin
    public init(
        id: EoPID, company: String, stage: AgreementStage, date: CalendarDate, co2ReductionKtPerYear: Double, source: String,
        origin: RecordOrigin
    ) {
        self.id = id
        self.company = company
        self.stage = stage
        self.date = date
        self.co2ReductionKtPerYear = co2ReductionKtPerYear
        self.source = source
        self.origin = origin
    }
}

extension Dataset {
    /// The date that ranks `request` in the queue: its `request_date`, or else its consumer's
    /// `queue_date`; `nil` when neither is given (a validated dataset has none such: rule
    /// ``DiagnosticRule/requestWithoutDate``). The consumer must be in ``consumers`` (true of
    /// every loaded dataset).
    public func requestDate(of request: TransitionProject) -> CalendarDate? {
        if let date = request.requestDate { return date }
        guard let consumer = consumers.first(where: { $0.id == request.consumer }) else {
            preconditionFailure("request `\(request.project)` names consumer `\(request.consumer)`, which is not in the dataset")
        }
        return consumer.queueDate
    }

    /// Whether project `id` is in service in `year`: it exists, is not cancelled, and
    /// `year ≥` its year. An unknown id is never in service.
    public func isInService(project id: ProjectID, year: Int) -> Bool {
        guard let project = projects.first(where: { $0.id == id }) else { return false }
        return project.status != .cancelled && year >= project.year
    }

    /// The group contract `id`, if the dataset has it.
    public func groupContract(_ id: GroupContractID) -> GroupContract? {
        groupContracts.first { $0.id == id }
    }

    /// The consumers taking part in group contract `id`, in file order.
    public func members(of id: GroupContractID) -> [Consumer] {
        consumers.filter { $0.groupContract == id }
    }
}
