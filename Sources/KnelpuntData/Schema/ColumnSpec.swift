// SPDX-License-Identifier: GPL-3.0-or-later

/// What a reference column points at.
public enum ReferenceKind: String, Hashable, Sendable, CaseIterable {
    /// A node id (nodes.csv).
    case node
    /// A consumer id (consumers.csv).
    case consumer
    /// A link, supply or conversion id (these share one id space).
    case asset
    /// A link id (links.csv).
    case link
    /// A profile name: a column of timeslices.csv.
    case profile
    /// An infrastructure project id (projects.csv).
    case project
    /// A group transport contract id (group_contracts.csv).
    case groupContract = "group contract"
    /// An Expression of Principles id (eops.csv).
    case eop = "EoP"

    /// The file(s) the referenced ids come from, for messages and docs.
    public var files: String {
        switch self {
        case .node: return "nodes.csv"
        case .consumer: return "consumers.csv"
        case .asset: return "links.csv, supply.csv or conversions.csv"
        case .link: return "links.csv"
        case .profile: return "timeslices.csv (a profile column)"
        case .project: return "projects.csv"
        case .groupContract: return "group_contracts.csv"
        case .eop: return "eops.csv"
        }
    }
}

/// The type of a CSV column's cells.
public enum ColumnType: Hashable, Sendable {
    /// An id: `[A-Za-z0-9_.-]+`, case-sensitive.
    case id
    /// An id that must exist in another file.
    case reference(ReferenceKind)
    /// Free text.
    case text
    /// A finite decimal number with `.` as decimal separator (`1e3` allowed; NaN/inf not).
    case number
    /// A whole number.
    case integer
    /// A calendar year, 1900–2200.
    case year
    /// A date `YYYY-MM-DD`.
    case date
    /// One of a fixed list of words (case-sensitive).
    case choice([String])
    /// Hours of the day as ranges: `7-23`, `0-6;22-23`.
    case hourWindow

    /// How the type is written in the docs.
    public var documentation: String {
        switch self {
        case .id: return "id"
        case .reference(let kind): return "\(kind.rawValue) id"
        case .text: return "text"
        case .number: return "number"
        case .integer: return "integer"
        case .year: return "year"
        case .date: return "date (YYYY-MM-DD)"
        case .choice(let words): return "one of " + words.map { "`\($0)`" }.joined(separator: ", ")
        case .hourWindow: return "hour window"
        }
    }
}

/// An allowed range for a numeric column, with the rules that report values outside it and the
/// reason for the range (docs/numerics.md lists every range with its reason).
public struct ValueBounds: Hashable, Sendable, CustomStringConvertible {
    public var lower: Double?
    public var lowerInclusive: Bool
    public var upper: Double?
    public var upperInclusive: Bool
    /// The rule reported for a value below the range.
    public var rule: DiagnosticRule
    /// The rule reported for a value above the range.
    public var upperRule: DiagnosticRule
    /// Why the range is what it is (physics, or numerical safety of the LP); nil for self-evident ranges.
    public var reason: String?
    /// The smallest magnitude a nonzero value may have (0 itself is allowed), or nil for none:
    /// values such as 1e-300 MW are typing errors that would make the LP unsolvable.
    public var resolution: Double?

    public init(
        lower: Double?, lowerInclusive: Bool = true, upper: Double?, upperInclusive: Bool = true, rule: DiagnosticRule = .valueOutOfRange,
        upperRule: DiagnosticRule? = nil, reason: String? = nil
    ) {
        self.lower = lower
        self.lowerInclusive = lowerInclusive
        self.upper = upper
        self.upperInclusive = upperInclusive
        self.rule = rule
        self.upperRule = upperRule ?? rule
        self.reason = reason
    }

    /// `value ≥ lower`.
    public static func atLeast(_ lower: Double, rule: DiagnosticRule = .valueOutOfRange) -> Self {
        Self(lower: lower, upper: nil, rule: rule)
    }

    /// `lower ≤ value ≤ upper`.
    public static func between(
        _ lower: Double, _ upper: Double, rule: DiagnosticRule = .valueOutOfRange, upperRule: DiagnosticRule? = nil,
        reason: String? = nil
    ) -> Self {
        Self(lower: lower, upper: upper, rule: rule, upperRule: upperRule, reason: reason)
    }

    /// The rule a value outside the range breaks: ``rule`` below it, ``upperRule`` above it.
    public func violatedRule(by value: Double) -> DiagnosticRule {
        if let lower, lowerInclusive ? value < lower : value <= lower { return rule }
        if isBelowResolution(value) { return .magnitudeOutOfRange }
        return upperRule
    }

    /// Whether `value` is nonzero but smaller in magnitude than ``resolution``.
    public func isBelowResolution(_ value: Double) -> Bool {
        guard let resolution else { return false }
        return value != 0 && abs(value) < resolution
    }

    /// The same range with nonzero values of magnitude below `resolution` refused.
    public func withResolution(_ resolution: Double) -> Self {
        var bounds = self
        bounds.resolution = resolution
        return bounds
    }

    /// Whether `value` lies in the range (NaN never does).
    public func contains(_ value: Double) -> Bool {
        if value.isNaN { return false }
        if let lower, lowerInclusive ? value < lower : value <= lower { return false }
        if let upper, upperInclusive ? value > upper : value >= upper { return false }
        return !isBelowResolution(value)
    }

    /// `≥ 0`, `(0, 1]`, `1–12` style text.
    public var description: String {
        switch (lower, upper) {
        case (let lower?, let upper?):
            return "\(lowerInclusive ? "[" : "(")\(Self.format(lower)), \(Self.format(upper))\(upperInclusive ? "]" : ")")"
        case (let lower?, nil):
            return "\(lowerInclusive ? "≥" : ">") \(Self.format(lower))"
        case (nil, let upper?):
            return "\(upperInclusive ? "≤" : "<") \(Self.format(upper))"
        case (nil, nil):
            return "any"
        }
    }

    /// `; nonzero values at least 0.001 MW in magnitude` when a resolution is set, else empty.
    public func resolutionNote(unit: String?) -> String {
        guard let resolution else { return "" }
        return "; nonzero values at least \(Self.format(resolution))\(unit.map { " \($0)" } ?? "") in magnitude"
    }

    public static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}

/// Whether a cell must hold a value.
public enum CellPresence: String, Hashable, Sendable {
    /// An empty cell is an error (`missingValue`).
    case required
    /// An empty cell means "none"; its meaning is in the column's doc.
    case optional
    /// May be empty, but an empty cell is a warning (`missingSource`).
    case recommended
}

/// One column of a CSV file: the single source for parsing, validation and the docs.
public struct ColumnSpec: Hashable, Sendable {
    public var name: String
    public var type: ColumnType
    /// Unit of the values (`MW`, `EUR/MWh`, `h`), or nil for unitless columns.
    public var unit: String?
    public var presence: CellPresence
    public var bounds: ValueBounds?
    /// Whether the whole column may be left out of the header (then every cell counts as empty).
    /// Columns added to the format later are omittable, so older datasets stay valid.
    public var omittable: Bool
    /// One or two sentences: what the value means and, for optional cells, what empty means.
    public var doc: String

    public init(
        _ name: String, _ type: ColumnType, unit: String? = nil, _ presence: CellPresence = .required, bounds: ValueBounds? = nil,
        omittable: Bool = false, doc: String
    ) {
        self.name = name
        self.type = type
        self.unit = unit
        self.presence = presence
        self.bounds = bounds
        self.omittable = omittable
        self.doc = doc
    }

    /// The `source` column every data file ends with.
    public static let source = ColumnSpec(
        "source", .text, .recommended,
        doc: "Where the numbers come from (publication, URL, or `estimate: …` with the reasoning).")
}

/// One CSV file of a dataset.
public struct FileSchema: Hashable, Sendable {
    /// File name inside the dataset folder.
    public var name: String
    /// Whether the file must exist.
    public var required: Bool
    /// What a row means.
    public var doc: String
    /// The fixed columns, in the documented order (files may order them differently).
    public var columns: [ColumnSpec]
    /// When set, every header name that is not a fixed column is a column of this kind (its name
    /// must be an id); used for the profile columns of timeslices.csv.
    public var extraColumns: ColumnSpec?

    public init(name: String, required: Bool, doc: String, columns: [ColumnSpec], extraColumns: ColumnSpec? = nil) {
        self.name = name
        self.required = required
        self.doc = doc
        self.columns = columns
        self.extraColumns = extraColumns
    }

    public func column(named name: String) -> ColumnSpec? { columns.first { $0.name == name } }

    /// Index of the fixed column `name` in ``columns``.
    public func index(of name: String) -> Int? { columns.firstIndex { $0.name == name } }
}
