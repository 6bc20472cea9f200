// SPDX-License-Identifier: GPL-3.0-or-later

/// Reads typed keys of one TOML table, reporting every problem as a ``Diagnostic`` in `file`.
/// Shared by scenario files and sweep specs: unknown keys (with a spelling hint), missing keys,
/// wrong types, bad ids, years and non-finite numbers.
struct TOMLFields {
    let table: TOMLTable
    let file: String
    /// Name for messages: "[[delay]]" or "the scenario".
    let context: String
    private(set) var diagnostics: [Diagnostic] = []
    /// Position of each key's value that was read.
    private(set) var positions: [String: TOMLPosition] = [:]
    /// After a syntax error a missing key may sit on the broken line: do not pile on.
    let reportsMissingKeys: Bool

    init(_ table: TOMLTable, file: String, context: String, afterSyntaxErrors: Bool = false) {
        self.table = table
        self.file = file
        self.context = context
        reportsMissingKeys = !afterSyntaxErrors
    }

    var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    mutating func report(_ position: TOMLPosition?, _ rule: DiagnosticRule, _ message: String) {
        diagnostics.append(Diagnostic(file: file, line: position?.line, column: position?.column, rule: rule, message: message))
    }

    /// Reports every key not in `known` (sub-tables and arrays of tables too).
    mutating func rejectUnknownKeys(_ known: [String], what: String = "key") {
        for entry in table.entries where !known.contains(entry.key) {
            let hint =
                Spelling.closest(to: entry.key, among: known.filter { table[$0] == nil }).map { "did you mean `\($0)`?" }
                ?? "the keys of \(context) are \(known.map { "`\($0)`" }.joined(separator: ", "))"
            report(entry.keyPosition, .unknownKey, "unknown \(what) `\(entry.key)` in \(context); \(hint)")
        }
    }

    private mutating func entry(_ key: String, required: Bool, expected: String) -> TOMLTable.Entry? {
        guard let entry = table.entry(key) else {
            if required && reportsMissingKeys {
                report(table.position, .missingKey, "\(context) has no `\(key)`; add `\(key) = …` (\(expected))")
            }
            return nil
        }
        positions[key] = entry.valuePosition
        return entry
    }

    mutating func string(_ key: String, required: Bool = true) -> String? {
        guard let entry = entry(key, required: required, expected: "a string in quotes") else { return nil }
        guard let text = entry.value.stringValue else {
            report(entry.valuePosition, .wrongType, "`\(key)` is \(entry.value.typeNameWithArticle); write it as a string in quotes")
            return nil
        }
        return text
    }

    /// A string that must be a valid id (`[A-Za-z0-9_.-]+`).
    mutating func id(_ key: String, required: Bool = true) -> String? {
        guard let text = string(key, required: required) else { return nil }
        guard Identifier<NodeTag>.isValid(text) else {
            report(positions[key], .badId, "`\(key)` \"\(text)\" is not a valid id; use only letters, digits, `_`, `.` and `-`")
            return nil
        }
        return text
    }

    /// One of the raw values of `type` (case-sensitive).
    mutating func choice<T: RawRepresentable & CaseIterable>(_ key: String, _ type: T.Type, required: Bool = true) -> T? where T.RawValue == String {
        guard let text = string(key, required: required) else { return nil }
        guard let value = T(rawValue: text) else {
            let words = T.allCases.map(\.rawValue)
            let hint =
                Spelling.closest(to: text, among: words).map { "did you mean `\($0)`?" }
                ?? "use one of \(words.map { "`\($0)`" }.joined(separator: ", "))"
            report(positions[key], .badEnum, "`\(key)` \"\(text)\" is not allowed; \(hint)")
            return nil
        }
        return value
    }

    mutating func number(_ key: String, required: Bool = true, bounds: ValueBounds? = nil, unit: String? = nil) -> Double? {
        guard let entry = entry(key, required: required, expected: "a number") else { return nil }
        guard let number = entry.value.doubleValue else {
            report(entry.valuePosition, .wrongType, "`\(key)` is \(entry.value.typeNameWithArticle); write a number without quotes")
            return nil
        }
        guard number.isFinite else {
            report(entry.valuePosition, .nonFinite, "`\(key)` is \(number); write a finite number")
            return nil
        }
        if let bounds, !bounds.contains(number) {
            let rule = bounds.violatedRule(by: number)
            report(
                entry.valuePosition, rule,
                "`\(key)` \(ValueBounds.format(number)) is outside \(CellDecoder.range(bounds, unit: unit, value: number)); \(rule == .magnitudeOutOfRange && unit != nil ? "check the unit and correct it" : "correct it")"
            )
            return nil
        }
        return number
    }

    mutating func integer(_ key: String, required: Bool = true, bounds: ClosedRange<Int>? = nil) -> Int? {
        guard let entry = entry(key, required: required, expected: "a whole number") else { return nil }
        guard let number = entry.value.integerValue else {
            report(entry.valuePosition, .wrongType, "`\(key)` is \(entry.value.typeNameWithArticle); write a whole number without quotes")
            return nil
        }
        if let bounds, !bounds.contains(number) {
            report(entry.valuePosition, .valueOutOfRange, "`\(key)` \(number) is outside \(bounds.lowerBound)–\(bounds.upperBound); correct it")
            return nil
        }
        return number
    }

    /// A calendar year, 1900–2200.
    mutating func year(_ key: String, required: Bool = true) -> Int? {
        guard let entry = entry(key, required: required, expected: "a year such as 2030") else { return nil }
        guard let year = entry.value.integerValue else {
            report(entry.valuePosition, .wrongType, "`\(key)` is \(entry.value.typeNameWithArticle); write a year such as 2030 without quotes")
            return nil
        }
        guard PlanningYears.plausible.contains(year) else {
            report(
                entry.valuePosition, .badYear,
                "`\(key)` \(year) is not a calendar year between \(PlanningYears.plausible.lowerBound) and \(PlanningYears.plausible.upperBound)")
            return nil
        }
        return year
    }

    /// An array of values read by `element` (which returns nil after reporting).
    mutating func array<T>(
        _ key: String, required: Bool = true, expected: String,
        _ element: (TOMLValue) -> T?
    ) -> [T]? {
        guard let entry = entry(key, required: required, expected: expected) else { return nil }
        guard let values = entry.value.arrayValue else {
            report(entry.valuePosition, .wrongType, "`\(key)` is \(entry.value.typeNameWithArticle); write \(expected)")
            return nil
        }
        var result: [T] = []
        for (index, value) in values.enumerated() {
            guard let item = element(value) else {
                let position = index < entry.elementPositions.count ? entry.elementPositions[index] : entry.valuePosition
                report(position, .wrongType, "element \(index + 1) of `\(key)` is \(value.typeNameWithArticle); write \(expected)")
                return nil
            }
            result.append(item)
        }
        return result
    }

    /// Reports `message` at the first of `keys` that is present when more than one is.
    mutating func requireOne(of keys: [String]) -> String? {
        let present = keys.filter { table[$0] != nil }
        let list = keys.map { "`\($0)`" }.joined(separator: " or ")
        if present.isEmpty {
            if reportsMissingKeys { report(table.position, .missingKey, "\(context) needs \(list); add one") }
            return nil
        }
        if present.count > 1 {
            let second = table.entry(present[1])?.keyPosition
            report(second, .duplicateKey, "\(context) gives both `\(present[0])` and `\(present[1])`; keep one of \(list)")
            return nil
        }
        return present[0]
    }

    /// The origin of an edit read from this table.
    var origin: EditOrigin { EditOrigin(table: table.position, values: positions) }
}
