// SPDX-License-Identifier: GPL-3.0-or-later

/// How serious a diagnostic is. Errors stop a dataset from loading; warnings do not (unless strict).
public enum Severity: String, Hashable, Comparable, Sendable, CaseIterable {
    case warning
    case error

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs == .warning && rhs == .error }
}

/// One problem found in a dataset, located as precisely as the file allows.
///
/// `file` is relative to the dataset folder (`links.csv`; `.` for the folder itself). `line` is the 1-based physical line
/// (a record spanning lines is reported at its first line). For CSV files `column` is the 1-based
/// index of the column in that file's header; for `dataset.toml` it is the 1-based character
/// column. Either is `nil` when the problem has no such position (a missing file has no line).
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var column: Int?
    public var severity: Severity
    public var rule: DiagnosticRule
    /// Names the offending value and says what would fix it.
    public var message: String

    public init(file: String, line: Int?, column: Int?, severity: Severity, rule: DiagnosticRule, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.severity = severity
        self.rule = rule
        self.message = message
    }

    /// A diagnostic with the rule's default severity.
    public init(file: String, line: Int?, column: Int?, rule: DiagnosticRule, message: String) {
        self.init(file: file, line: line, column: column, severity: rule.defaultSeverity, rule: rule, message: message)
    }

    /// `file:line:column: error|warning [rule]: message` (positions that are `nil` are left out).
    public var description: String { formatted(directory: nil) }

    /// Like ``description``, with `directory` prefixed to the file name so editors can jump to it.
    public func formatted(directory: String?) -> String {
        var location = file
        if let directory, !directory.isEmpty {
            // "." is the dataset folder itself.
            location = file == "." ? directory : directory.hasSuffix("/") ? directory + file : directory + "/" + file
        }
        if let line {
            location += ":\(line)"
            if let column { location += ":\(column)" }
        }
        return "\(location): \(severity.rawValue) [\(rule.rawValue)]: \(message)"
    }
}

/// Thrown when a dataset has errors. Carries every diagnostic found (errors and warnings), in
/// file order, never just the first.
public struct DatasetError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]

    public init(diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }

    public var errorCount: Int { diagnostics.count { $0.severity == .error } }
    public var warningCount: Int { diagnostics.count { $0.severity == .warning } }

    public var description: String {
        let count = errorCount
        let lines = diagnostics.map(\.description)
        return (["dataset has \(count) error\(count == 1 ? "" : "s")"] + lines).joined(separator: "\n")
    }
}

/// A dataset that loaded without errors, with the warnings found on the way.
public struct LoadedDataset: Sendable {
    public var dataset: Dataset
    /// Warnings only (a dataset with errors is never returned), in file order.
    public var diagnostics: [Diagnostic]
    /// Non-zero number cells per file by provenance kind; nil unless the load asked for them.
    public var provenance: ProvenanceSummary?

    public init(dataset: Dataset, diagnostics: [Diagnostic], provenance: ProvenanceSummary? = nil) {
        self.dataset = dataset
        self.diagnostics = diagnostics
        self.provenance = provenance
    }
}

/// Gathers diagnostics while a dataset is read, keeping at most `maxPerRule` per (file, rule)
/// so that a hostile file with a million bad rows cannot exhaust memory; what is held back is
/// summarised in one extra diagnostic of the same rule.
public struct DiagnosticCollector: Sendable {
    public let maxPerRule: Int
    public private(set) var diagnostics: [Diagnostic] = []
    private var counts: [Key: Int] = [:]
    /// Held-back diagnostics per key, in order of first occurrence: (key, first held back, count).
    private var heldBack: [(key: Key, first: Diagnostic, count: Int)] = []
    private var heldBackIndex: [Key: Int] = [:]

    private struct Key: Hashable, Sendable {
        var file: String
        var rule: DiagnosticRule
    }

    public init(maxPerRule: Int = 100) {
        self.maxPerRule = max(1, maxPerRule)
    }

    public var errorCount: Int {
        diagnostics.count { $0.severity == .error } + heldBack.reduce(0) { $0 + ($1.first.severity == .error ? $1.count : 0) }
    }

    public var hasErrors: Bool {
        diagnostics.contains { $0.severity == .error } || heldBack.contains { $0.first.severity == .error }
    }

    public mutating func report(_ diagnostic: Diagnostic) {
        let key = Key(file: diagnostic.file, rule: diagnostic.rule)
        let count = counts[key, default: 0]
        counts[key] = count + 1
        if count < maxPerRule {
            diagnostics.append(diagnostic)
        } else if let index = heldBackIndex[key] {
            heldBack[index].count += 1
        } else {
            heldBackIndex[key] = heldBack.count
            heldBack.append((key, diagnostic, 1))
        }
    }

    public mutating func report(file: String, line: Int?, column: Int?, rule: DiagnosticRule, message: String) {
        report(Diagnostic(file: file, line: line, column: column, rule: rule, message: message))
    }

    /// All diagnostics plus one summary per held-back group, sorted by file (in `fileOrder`,
    /// unknown names after, alphabetically), then line and column; ties keep reporting order.
    public func finished(fileOrder: [String] = []) -> [Diagnostic] {
        var all = diagnostics
        for group in heldBack {
            var summary = group.first
            summary.message =
                "\(group.count) more [\(group.key.rule.rawValue)] diagnostic\(group.count == 1 ? "" : "s") "
                + "in \(group.key.file) not shown (first: \(group.first.message))"
            all.append(summary)
        }
        let rank = Dictionary(fileOrder.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let ordered = all.enumerated().sorted { left, right in
            let a = left.element
            let b = right.element
            let rankA = rank[a.file] ?? fileOrder.count
            let rankB = rank[b.file] ?? fileOrder.count
            if rankA != rankB { return rankA < rankB }
            if a.file != b.file { return a.file < b.file }
            let lineA = a.line ?? 0
            let lineB = b.line ?? 0
            if lineA != lineB { return lineA < lineB }
            let columnA = a.column ?? 0
            let columnB = b.column ?? 0
            if columnA != columnB { return columnA < columnB }
            return left.offset < right.offset
        }
        return ordered.map(\.element)
    }
}
