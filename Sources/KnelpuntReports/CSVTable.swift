// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// How CSV files are written.
public enum CSVDialect: String, Sendable, CaseIterable {
    /// `,` separators and `.` decimals (the default).
    case en
    /// `;` separators, decimal commas and a UTF-8 BOM, so Dutch Excel opens the files correctly.
    case nl

    var separator: String { self == .en ? "," : ";" }
}

/// A cell of a report table, formatted the same way on every run.
public enum CSVCell: Sendable, Hashable {
    case text(String)
    /// A number with a fixed count of decimals.
    case number(Double, decimals: Int)
    case integer(Int)
    case bool(Bool)
    /// An empty cell: "none" (no sentinel values).
    case empty

    static func optional(_ value: Double?, decimals: Int) -> CSVCell {
        value.map { .number($0, decimals: decimals) } ?? .empty
    }
}

/// A table with a header and rows, rendered deterministically in a chosen dialect.
public struct CSVTable: Sendable {
    public var header: [String]
    public var rows: [[CSVCell]] = []

    public init(header: [String]) { self.header = header }

    public mutating func append(_ row: [CSVCell]) {
        precondition(row.count == header.count, "row has \(row.count) cells for \(header.count) columns")
        rows.append(row)
    }

    /// The file's text (LF line endings; nl adds a BOM).
    public func render(_ dialect: CSVDialect) -> String {
        var text = dialect == .nl ? "\u{FEFF}" : ""
        text += header.map { Self.quote($0, dialect) }.joined(separator: dialect.separator) + "\n"
        for row in rows {
            text += row.map { Self.quote(Self.format($0, dialect), dialect) }.joined(separator: dialect.separator) + "\n"
        }
        return text
    }

    static func format(_ cell: CSVCell, _ dialect: CSVDialect) -> String {
        switch cell {
        case .text(let text): return text
        case .integer(let value): return String(value)
        case .bool(let value): return value ? "true" : "false"
        case .empty: return ""
        case .number(let value, let decimals):
            var text = fixed(value, decimals: decimals)
            if dialect == .nl { text = text.replacingOccurrences(of: ".", with: ",") }
            return text
        }
    }

    /// `value` with exactly `decimals` decimals, "." as separator, no "-0".
    public static func fixed(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return value.isNaN ? "nan" : (value > 0 ? "inf" : "-inf") }
        var text = String(format: "%.\(decimals)f", value)
        if text.hasPrefix("-"), text.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) { text.removeFirst() }
        return text
    }

    static func quote(_ text: String, _ dialect: CSVDialect) -> String {
        guard text.contains(dialect.separator) || text.contains("\"") || text.contains("\n") || text.contains("\r") else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
