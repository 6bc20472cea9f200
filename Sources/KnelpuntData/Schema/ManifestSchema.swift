// SPDX-License-Identifier: GPL-3.0-or-later

/// One key of dataset.toml.
public struct ManifestKey: Hashable, Sendable {
    public enum ValueType: Hashable, Sendable {
        /// A string.
        case text
        /// A string that is an id.
        case id
        /// Planning years: `"2025-2035"`, `"2025,2030"` or `[2025, 2030]`.
        case years
        /// A number (integer or float), optionally bounded.
        case number(ValueBounds?)
        /// A table whose values are all strings.
        case stringTable
        /// A string that is one of these words (case-sensitive).
        case choice([String])

        public var documentation: String {
            switch self {
            case .text: return "string"
            case .id: return "string (an id)"
            case .years: return "years: `\"2025-2035\"`, `\"2025,2030\"` or `[2025, 2030]`"
            case .number(let bounds): return bounds.map { "number, \($0)" } ?? "number"
            case .stringTable: return "table of strings"
            case .choice(let words): return "one of " + words.map { "`\"\($0)\"`" }.joined(separator: ", ")
            }
        }
    }

    public var name: String
    public var type: ValueType
    public var unit: String?
    public var required: Bool
    public var doc: String

    public init(_ name: String, _ type: ValueType, unit: String? = nil, required: Bool = true, doc: String) {
        self.name = name
        self.type = type
        self.unit = unit
        self.required = required
        self.doc = doc
    }
}

extension DatasetSchema {
    /// The keys of dataset.toml, in documentation order.
    public static let manifestKeys: [ManifestKey] = [
        ManifestKey("name", .id, doc: "Short name of the dataset (usually the folder name)."),
        ManifestKey("title", .text, doc: "One-line title."),
        ManifestKey("description", .text, doc: "What the dataset covers."),
        ManifestKey("years", .years, doc: "The planning years, ascending, each 1900–2200. A range includes both ends."),
        ManifestKey(
            "default_voll_eur_per_mwh", .number(NumericRanges.defaultVOLL), unit: "EUR/MWh",
            doc: "Value of lost load for consumers without their own `voll_eur_per_mwh`."),
        ManifestKey("energy_basis", .text, doc: "Energy basis of hydrogen quantities, e.g. `LHV`."),
        ManifestKey(
            "security", .choice(SecurityMode.allCases.map(\.rawValue)), required: false,
            doc:
                "Outages the electricity grid must survive: `\"none\"` (default) checks only the intact grid; `\"n-1\"` also every single outage of contingencies.csv (without that file: of every AC link in service that year), each flow within its link's `emergency_rating_mw`."
        ),
        ManifestKey(
            "adequacy", .choice(AdequacyMode.allCases.map(\.rawValue)), required: false,
            doc:
                "How national electricity adequacy enters the request view: `\"in-grants\"` (default): a request is granted only as far as its load can be supplied in every slice, so a national shortage refuses requests; `\"apart\"`: in each slice the share of the national electricity load (firm load plus every active request in full) that the national electricity supply (imports included) cannot cover is shed from every electricity load alike before the grants, so grants are decided on the grid's limits, and adequacy.csv reports the shed. The energy view is not affected."
        ),
        ManifestKey(
            "sources", .stringTable, required: false, doc: "`[sources]` table: free-text `key = \"string\"` entries naming the sources used."),
    ]

    public static func manifestKey(named name: String) -> ManifestKey? { manifestKeys.first { $0.name == name } }
}

/// Parsing of the planning-years value of dataset.toml.
public enum PlanningYears {
    /// Calendar years the format accepts anywhere.
    public static let plausible: ClosedRange<Int> = 1900...2200

    /// The years written as `"2025-2035"`, `"2025,2030"` or an integer array; a message saying
    /// what is wrong otherwise. Years must lie in ``plausible`` and be strictly ascending.
    public static func parse(_ value: TOMLValue) -> Result<[Int], PlanningYearsError> {
        var years: [Int] = []
        switch value {
        case .string(let text):
            let trimmed = text.trimmingSpaces
            let parts = trimmed.split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmingSpaces }
            if parts.count == 1, let dash = trimmed.dropFirst().firstIndex(of: "-") {
                guard let first = Int(trimmed[..<dash].trimmingSpaces), let last = Int(trimmed[trimmed.index(after: dash)...].trimmingSpaces) else {
                    return .failure(.init("`\(text)` is not a year range; write it as \"2025-2035\""))
                }
                guard plausible.contains(first), plausible.contains(last) else {
                    return .failure(.init("`\(text)` is outside \(plausible.lowerBound)–\(plausible.upperBound); write calendar years"))
                }
                guard first <= last else { return .failure(.init("`\(text)` runs backwards; write the earlier year first")) }
                return .success(Array(first...last))
            }
            for part in parts {
                guard let year = Int(part) else {
                    return .failure(.init("`\(part)` in `\(text)` is not a year; write \"2025-2035\" or \"2025,2030\""))
                }
                years.append(year)
            }
        case .array(let elements):
            for element in elements {
                guard case .integer(let year) = element else {
                    return .failure(.init("the years array holds \(element.typeNameWithArticle); write integers such as [2025, 2030]"))
                }
                years.append(year)
            }
        case .integer(let year):
            years = [year]
        default:
            return .failure(.init("years is \(value.typeNameWithArticle); write \"2025-2035\", \"2025,2030\" or [2025, 2030]"))
        }
        guard !years.isEmpty else { return .failure(.init("no planning years given; write e.g. \"2025-2035\"")) }
        if let bad = years.first(where: { !plausible.contains($0) }) {
            return .failure(.init("\(bad) is not a calendar year between \(plausible.lowerBound) and \(plausible.upperBound)"))
        }
        for index in years.indices.dropFirst() where years[index] <= years[index - 1] {
            return .failure(.init("years must be strictly ascending, but \(years[index]) follows \(years[index - 1])"))
        }
        return .success(years)
    }
}

public struct PlanningYearsError: Error, Hashable, Sendable {
    public var message: String
    init(_ message: String) { self.message = message }
}

extension StringProtocol {
    /// The text without leading and trailing spaces and tabs.
    var trimmingSpaces: String {
        var scalars = Substring(self).unicodeScalars[...]
        while let first = scalars.first, first == " " || first == "\t" { scalars = scalars.dropFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars = scalars.dropLast() }
        return String(String.UnicodeScalarView(scalars))
    }
}
