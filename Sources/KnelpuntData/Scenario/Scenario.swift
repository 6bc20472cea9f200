// SPDX-License-Identifier: GPL-3.0-or-later

/// A what-if case: a named list of edits applied on top of a dataset, never changing the dataset's
/// files. Written as a small TOML file (see docs/scenarios.md) and read with ``Scenario/parse(_:file:)``;
/// ``Scenario/apply(to:)`` turns a dataset into the changed dataset (a pure transform, checked
/// against the dataset with the same diagnostics as `knelpunt validate`).
///
/// ```swift
/// let scenario = try Scenario.parse(Array(text.utf8), file: "late.toml")
/// let changed = try scenario.apply(to: loaded.dataset)
/// ```
public struct Scenario: Hashable, Sendable {
    /// Name shown in reports and recorded in run manifests.
    public var name: String
    /// The dataset the scenario is written for (`name` in its dataset.toml), if given.
    public var base: String?
    public var description: String?
    /// File name used in diagnostics (as given on the command line).
    public var file: String
    /// The edits in file order. ``apply(to:)`` applies them kind by kind (see ``ScenarioEdit/Kind``)
    /// and in file order within a kind.
    public var edits: [ScenarioEdit]
    /// The security criterion to use instead of the dataset's (`security`); nil = the dataset's.
    public var security: SecurityMode?

    public init(
        name: String, base: String? = nil, description: String? = nil, file: String = "(scenario)", edits: [ScenarioEdit] = [],
        security: SecurityMode? = nil
    ) {
        self.name = name
        self.base = base
        self.description = description
        self.file = file
        self.edits = edits
        self.security = security
    }

    /// True when the scenario changes nothing.
    public var isEmpty: Bool { edits.isEmpty && security == nil }
}

/// Where an edit was written: the `[[table]]` header and the value of each key, for diagnostics.
/// Edits made in code (sweeps) may carry an origin that points at the spec file instead.
public struct EditOrigin: Hashable, Sendable {
    /// Position of the `[[table]]` header (or of the spec entry that generated the edit).
    public var table: TOMLPosition?
    /// Position of each key's value, looked up by key name (never iterated).
    public var values: [String: TOMLPosition]

    public init(table: TOMLPosition? = nil, values: [String: TOMLPosition] = [:]) {
        self.table = table
        self.values = values
    }

    /// Where `key`'s value was written, else the table header.
    public func position(of key: String?) -> TOMLPosition? {
        key.flatMap { values[$0] } ?? table
    }
}

/// One edit of a scenario.
public enum ScenarioEdit: Hashable, Sendable {
    /// Shift a project (projects.csv) or a consumer's transition project (transition.csv) by whole years.
    case delay(ProjectDelay)
    /// Change a link, supply or conversion from a year on.
    case capacity(CapacityChange)
    /// Scale a consumer's demand of one carrier from a year on.
    case demand(DemandScaling)
    /// Add a flexible-load commitment.
    case flex(FlexAddition)
    /// Drop a consumer, supply or project.
    case remove(Removal)
    /// Add a link to the contingencies checked under `security = "n-1"`.
    case contingency(ContingencyAddition)

    /// The order in which kinds are applied: removals first, then delays, capacity changes (so
    /// `set_mw` sees the delayed project timeline), demand scaling, new flex commitments and new
    /// contingencies.
    public enum Kind: Int, Hashable, Comparable, Sendable, CaseIterable {
        case remove, delay, capacity, demand, flex, contingency

        /// The TOML table name (`[[delay]]`).
        public var tableName: String {
            switch self {
            case .remove: return "remove"
            case .delay: return "delay"
            case .capacity: return "capacity"
            case .demand: return "demand"
            case .flex: return "flex"
            case .contingency: return "contingency"
            }
        }

        public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    public var kind: Kind {
        switch self {
        case .delay: return .delay
        case .capacity: return .capacity
        case .demand: return .demand
        case .flex: return .flex
        case .remove: return .remove
        case .contingency: return .contingency
        }
    }

    public var origin: EditOrigin {
        switch self {
        case .delay(let edit): return edit.origin
        case .capacity(let edit): return edit.origin
        case .demand(let edit): return edit.origin
        case .flex(let edit): return edit.origin
        case .remove(let edit): return edit.origin
        case .contingency(let edit): return edit.origin
        }
    }
}

/// `[[delay]]`: `project` moves `years` later (earlier when negative).
public struct ProjectDelay: Hashable, Sendable {
    /// Id in projects.csv, or a transition project id in transition.csv (all its carrier rows move).
    public var project: String
    public var years: Int
    public var origin: EditOrigin

    public init(project: String, years: Int, origin: EditOrigin = EditOrigin()) {
        self.project = project
        self.years = years
        self.origin = origin
    }
}

/// `[[capacity]]`: a link, supply or conversion changes from 1 January of `fromYear` on.
///
/// * `add_mw = A` adds A MW from `fromYear` on (a project of A MW in that year).
/// * `set_mw = S` makes the capacity in force in `fromYear` exactly S MW: it adds
///   S − (capacity in force in `fromYear`), computed after the removals, delays and earlier capacity
///   edits. Projects of later years still add on top, as they would on the planned capacity.
/// * `reactance_pu = X` (an AC link only; alone it means `add_mw = 0`) makes the link's
///   reactance X from `fromYear` on, as a project's `reactance_pu` does.
public struct CapacityChange: Hashable, Sendable {
    public enum Amount: Hashable, Sendable {
        case add(Double)
        case set(Double)
    }

    /// Id of a link, supply or conversion.
    public var target: String
    public var fromYear: Int
    public var amount: Amount
    /// The target link's new reactance (per unit, 100 MVA base) from `fromYear` on; nil = unchanged.
    public var reactancePU: Double?
    public var origin: EditOrigin

    public init(target: String, fromYear: Int, amount: Amount, reactancePU: Double? = nil, origin: EditOrigin = EditOrigin()) {
        self.target = target
        self.fromYear = fromYear
        self.amount = amount
        self.reactancePU = reactancePU
        self.origin = origin
    }
}

/// `[[demand]]`: every demand level and transition project of (`consumer`, `carrier`) in force from
/// `fromYear` on is multiplied by `scale`; earlier years are unchanged. Planned CO2 is unchanged.
public struct DemandScaling: Hashable, Sendable {
    public var consumer: ConsumerID
    public var carrier: Carrier
    public var scale: Double
    public var fromYear: Int
    public var origin: EditOrigin

    public init(consumer: ConsumerID, carrier: Carrier, scale: Double, fromYear: Int, origin: EditOrigin = EditOrigin()) {
        self.consumer = consumer
        self.carrier = carrier
        self.scale = scale
        self.fromYear = fromYear
        self.origin = origin
    }
}

/// `[[flex]]`: a new flexible-load commitment with the columns of flex.csv.
public struct FlexAddition: Hashable, Sendable {
    public var consumer: ConsumerID
    public var carrier: Carrier
    public var product: FlexProduct
    public var fromYear: Int
    public var toYear: Int?
    public var maxMW: Double
    public var maxHoursPerYear: Double?
    /// Compensation per MWh curtailed; 0 when the scenario gives none.
    public var costEURPerMWh: Double
    public var window: HourWindow?
    public var origin: EditOrigin

    public init(
        consumer: ConsumerID, carrier: Carrier, product: FlexProduct, fromYear: Int, toYear: Int? = nil, maxMW: Double,
        maxHoursPerYear: Double? = nil, costEURPerMWh: Double = 0, window: HourWindow? = nil, origin: EditOrigin = EditOrigin()
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
        self.origin = origin
    }
}

/// `[[contingency]]`: `link` (an AC link) becomes one of the listed contingencies.
public struct ContingencyAddition: Hashable, Sendable {
    public var link: LinkID
    public var origin: EditOrigin

    public init(link: LinkID, origin: EditOrigin = EditOrigin()) {
        self.link = link
        self.origin = origin
    }
}

/// `[[remove]]`: drop a consumer (with its demand, transition projects and flex), a supply (with
/// the projects on it), a project (projects.csv, or all rows of a transition project) or a
/// contingency (an outage no longer checked).
public struct Removal: Hashable, Sendable {
    public enum Target: String, Hashable, Sendable, CaseIterable {
        case consumer
        case supply
        case project
        case contingency
    }

    public var target: Target
    public var id: String
    public var origin: EditOrigin

    public init(target: Target, id: String, origin: EditOrigin = EditOrigin()) {
        self.target = target
        self.id = id
        self.origin = origin
    }
}
