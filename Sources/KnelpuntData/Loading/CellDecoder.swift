// SPDX-License-Identifier: GPL-3.0-or-later

/// A decoded cell.
enum CellValue: Equatable {
    case empty
    case text(String)
    case number(Double)
    case integer(Int)
    case date(CalendarDate)
    case window(HourWindow)
}

/// The ids other files may reference, gathered while files are read in ``DatasetSchema/loadOrder``.
/// A kind whose file is missing or has a broken header is not checked (to avoid a cascade of
/// `unknownReference` errors caused by one problem).
struct ReferenceIndex {
    var ids: [ReferenceKind: Set<String>] = [:]
    var unchecked: Set<ReferenceKind> = []

    func isKnown(_ id: String, kind: ReferenceKind) -> Bool {
        unchecked.contains(kind) || ids[kind]?.contains(id) == true
    }
}

/// How to decode one column, worked out once per file from its ``ColumnSpec``. Trivially
/// copyable, so the per-cell loop copies no strings or arrays.
struct ColumnPlan {
    enum Kind {
        case id
        case reference(ReferenceKind)
        case text
        case number
        case integer
        case year
        case date
        case choice
        case hourWindow
    }

    var kind: Kind
    var presence: CellPresence
    var bounds: ValueBounds?
    /// A profile column of timeslices.csv (an empty cell is `profileMissing`).
    var isProfile: Bool
    /// 0-based column in the file's header.
    var headerIndex: Int

    init(spec: ColumnSpec, headerIndex: Int, isProfile: Bool) {
        switch spec.type {
        case .id: kind = .id
        case .reference(let target): kind = .reference(target)
        case .text: kind = .text
        case .number: kind = .number
        case .integer: kind = .integer
        case .year: kind = .year
        case .date: kind = .date
        case .choice: kind = .choice
        case .hourWindow: kind = .hourWindow
        }
        presence = spec.presence
        bounds = spec.bounds
        self.isProfile = isProfile
        self.headerIndex = headerIndex
    }
}

/// Decodes cells according to their ``ColumnSpec``, reporting every problem.
struct CellDecoder {
    let file: String
    /// The specs of the planned columns, for messages (profile columns carry their own name).
    let specs: [ColumnSpec]
    /// The allowed words of each planned choice column (empty for other columns).
    let choices: [[String]]
    var references: ReferenceIndex

    init(file: String, specs: [ColumnSpec], references: ReferenceIndex) {
        self.file = file
        self.specs = specs
        choices = specs.map { spec in
            if case .choice(let words) = spec.type { return words }
            return []
        }
        self.references = references
    }

    /// Decodes `cell`, planned as `plan` (the `index`-th plan); nil when it is invalid (the
    /// problem is reported at `line` and the plan's column).
    func decode(_ cell: ByteSpan, plan: ColumnPlan, index: Int, line: Int, into sink: inout DiagnosticCollector) -> CellValue? {
        if cell.isEmpty {
            switch plan.presence {
            case .optional:
                return .empty
            case .recommended:
                sink.report(
                    file: file, line: line, column: plan.headerIndex + 1, rule: .missingSource,
                    message: "`\(specs[index].name)` is empty; say where the numbers come from (publication, URL, or `estimate: …`)")
                return .empty
            case .required:
                let spec = specs[index]
                if plan.isProfile {
                    sink.report(
                        file: file, line: line, column: plan.headerIndex + 1, rule: .profileMissing,
                        message: "profile `\(spec.name)` has no value in this timeslice; give a value in [0, 1]")
                } else {
                    sink.report(
                        file: file, line: line, column: plan.headerIndex + 1, rule: .missingValue,
                        message: "`\(spec.name)` is empty; it needs \(Self.expectation(of: spec))")
                }
                return nil
            }
        }
        switch plan.kind {
        case .number:
            switch NumberSyntax.parseNumber(cell) {
            case .value(let value):
                if let bounds = plan.bounds, !bounds.contains(value) {
                    let rule = bounds.violatedRule(by: value)
                    report(
                        rule,
                        "\(specs[index].name) \(Self.quoted(cell.string)) is outside \(Self.range(bounds, unit: specs[index].unit, value: value)); \(Self.fix(for: rule, spec: specs[index]))",
                        plan, line, &sink)
                    return nil
                }
                return .number(value)
            case .malformed(let hint):
                let text = cell.string
                if NumberSyntax.isNonFiniteWord(text) {
                    let orEmpty = plan.presence == .optional ? " or leave the cell empty" : ""
                    report(
                        .nonFinite, "\(specs[index].name) \(Self.quoted(text)) is not a finite number; write a finite value\(orEmpty)", plan, line,
                        &sink)
                } else {
                    report(.badNumber, "\(specs[index].name) \(Self.quoted(text)) is not a number; \(hint)", plan, line, &sink)
                }
                return nil
            case .nonFinite:
                report(
                    .nonFinite, "\(specs[index].name) \(Self.quoted(cell.string)) is beyond the range of a double; write a finite value", plan, line,
                    &sink)
                return nil
            }
        case .id, .reference:
            guard Self.isValidID(cell) else {
                report(
                    .badId,
                    "\(specs[index].name) \(Self.quoted(cell.string)) is not a valid id; use only letters, digits, `_`, `.` and `-` (no spaces)",
                    plan, line, &sink)
                return nil
            }
            let text = cell.string
            if case .reference(let kind) = plan.kind, !references.isKnown(text, kind: kind) {
                let what = Self.noun(of: kind)
                report(
                    .unknownReference,
                    "\(specs[index].name) \(Self.quoted(text)) is not a known \(what) in \(kind.files); fix the id or add it there", plan, line, &sink
                )
                return nil
            }
            return .text(text)
        case .text:
            return .text(cell.string)
        case .choice:
            for word in choices[index] where cell.equals(word) { return .text(word) }
            let text = cell.string
            let words = choices[index]
            let caseHint = words.first { $0.lowercased() == text.lowercased() }.map { " (did you mean `\($0)`? values are case-sensitive)" } ?? ""
            report(
                .badEnum, "\(specs[index].name) \(Self.quoted(text)) is not allowed; use one of \(words.joined(separator: ", "))\(caseHint)", plan,
                line, &sink)
            return nil
        case .year:
            guard let year = NumberSyntax.parseInteger(cell), PlanningYears.plausible.contains(year) else {
                let range = "\(PlanningYears.plausible.lowerBound) and \(PlanningYears.plausible.upperBound)"
                report(
                    .badYear, "\(specs[index].name) \(Self.quoted(cell.string)) is not a calendar year; write a four-digit year between \(range)",
                    plan, line, &sink)
                return nil
            }
            return .integer(year)
        case .integer:
            guard let value = NumberSyntax.parseInteger(cell) else {
                report(.badInteger, "\(specs[index].name) \(Self.quoted(cell.string)) is not a whole number; write digits only", plan, line, &sink)
                return nil
            }
            if let bounds = plan.bounds, !bounds.contains(Double(value)) {
                let rule = bounds.violatedRule(by: Double(value))
                report(
                    rule,
                    "\(specs[index].name) \(value) is outside \(Self.range(bounds, unit: specs[index].unit, value: Double(value))); \(Self.fix(for: rule, spec: specs[index]))",
                    plan, line, &sink)
                return nil
            }
            return .integer(value)
        case .date:
            let text = cell.string
            guard let date = CalendarDate(iso: text) else {
                report(
                    .badDate, "\(specs[index].name) \(Self.quoted(text)) is not a calendar date; write YYYY-MM-DD, e.g. 2024-03-15", plan, line, &sink
                )
                return nil
            }
            return .date(date)
        case .hourWindow:
            let text = cell.string
            guard let window = HourWindow(parsing: text) else {
                report(
                    .badWindow,
                    "\(specs[index].name) \(Self.quoted(text)) is not an hour window; write ranges of hours 0–23 such as `7-23` or `0-6;22-23`", plan,
                    line, &sink)
                return nil
            }
            return .window(window)
        }
    }

    private func report(_ rule: DiagnosticRule, _ message: String, _ plan: ColumnPlan, _ line: Int, _ sink: inout DiagnosticCollector) {
        sink.report(file: file, line: line, column: plan.headerIndex + 1, rule: rule, message: message)
    }

    /// `[A-Za-z0-9_.-]+`, checked on the bytes (the same rule as ``Identifier/isValid(_:)``).
    static func isValidID(_ cell: ByteSpan) -> Bool {
        guard cell.count > 0 else { return false }
        var index = 0
        while index < cell.count {
            let byte = cell[index]
            let valid =
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == 0x5F || byte == 0x2E || byte == 0x2D
            guard valid else { return false }
            index += 1
        }
        return true
    }

    /// What a reference of `kind` names, in words: `node`, `link, supply or conversion`, `group contract`.
    static func noun(of kind: ReferenceKind) -> String {
        kind == .asset ? "link, supply or conversion" : kind.rawValue
    }

    /// What a required cell of this column must hold, for `missingValue` messages.
    static func expectation(of spec: ColumnSpec) -> String {
        let unit = spec.unit.map { " in \($0)" } ?? ""
        switch spec.type {
        case .id: return "an id"
        case .reference(let kind): return "the id of a \(noun(of: kind))"
        case .text: return "text"
        case .number: return "a number\(unit)"
        case .integer: return "a whole number"
        case .year: return "a year"
        case .date: return "a date (YYYY-MM-DD)"
        case .choice(let words): return "one of \(words.joined(separator: ", "))"
        case .hourWindow: return "an hour window"
        }
    }

    /// `the allowed range [0, 1000000] MW` (with a pointer to docs/numerics.md where the range has a reason).
    /// The allowed range in words; the resolution is named when `value` falls below it.
    static func range(_ bounds: ValueBounds, unit: String?, value: Double? = nil) -> String {
        let note = value.map(bounds.isBelowResolution) == true ? bounds.resolutionNote(unit: unit) : ""
        return "the allowed range \(bounds)\(unit.map { " \($0)" } ?? "")\(note)\(bounds.reason == nil ? "" : " (docs/numerics.md)")"
    }

    static func fix(for rule: DiagnosticRule, spec: ColumnSpec) -> String {
        switch rule {
        case .magnitudeOutOfRange:
            switch spec.unit {
            case "MW": return "check the unit (MW, not kW) and correct the value"
            case "EUR/MWh": return "check the unit (EUR/MWh, not EUR/kWh) and correct the value"
            case "pu": return "check the base (per unit on 100 MVA, not ohms or percent) and correct the value"
            default: return "check the unit and correct the value"
            }
        case .negativeCapacity: return "capacities are never negative (model a reduction as a project with negative capacity_mw)"
        case .negativeDemand: return "demand is never negative"
        case .efficiencyOutOfRange: return "write the efficiency as a fraction such as 0.6 (not a percentage, not below 0.001)"
        case .profileOutOfRange: return "profile values are fractions between 0 and 1"
        case .badReactance:
            return "write the series reactance in per unit on a 100 MVA base (above 0), or empty the cell for a controllable link (HVDC)"
        default: return "correct the value\(spec.unit.map { " (in \($0))" } ?? "")"
        }
    }

    /// The cell text in backticks, shortened so a hostile cell cannot flood the output.
    static func quoted(_ text: String) -> String {
        let limit = 40
        guard text.unicodeScalars.count > limit else { return "`\(text)`" }
        return "`\(String(String.UnicodeScalarView(text.unicodeScalars.prefix(limit))))…`"
    }
}
