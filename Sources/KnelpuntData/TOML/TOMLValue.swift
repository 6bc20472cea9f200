// SPDX-License-Identifier: GPL-3.0-or-later

/// A 1-based line and character column in a TOML document.
public struct TOMLPosition: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }
    public var description: String { "\(line):\(column)" }
    public static func < (lhs: Self, rhs: Self) -> Bool { (lhs.line, lhs.column) < (rhs.line, rhs.column) }
}

/// A TOML value. Dates and times are not supported (the reader reports them as errors).
public indirect enum TOMLValue: Hashable, Sendable {
    case string(String)
    case integer(Int)
    case float(Double)
    case boolean(Bool)
    /// An array; `[[name]]` arrays of tables are arrays of `.table`.
    case array([TOMLValue])
    case table(TOMLTable)

    /// The TOML type name, for messages ("expected a string, found an integer").
    public var typeName: String {
        switch self {
        case .string: return "string"
        case .integer: return "integer"
        case .float: return "float"
        case .boolean: return "boolean"
        case .array: return "array"
        case .table: return "table"
        }
    }

    /// The type name with its article: "a string", "an integer", "an array".
    public var typeNameWithArticle: String {
        let name = typeName
        return (["a", "e", "i", "o", "u"].contains(name.first.map(String.init) ?? "") ? "an " : "a ") + name
    }

    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    public var integerValue: Int? {
        if case .integer(let value) = self { return value }
        return nil
    }

    /// A float, or an integer converted to a double.
    public var doubleValue: Double? {
        switch self {
        case .float(let value): return value
        case .integer(let value): return Double(value)
        default: return nil
        }
    }

    public var boolValue: Bool? {
        if case .boolean(let value) = self { return value }
        return nil
    }

    public var arrayValue: [TOMLValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    public var tableValue: TOMLTable? {
        if case .table(let value) = self { return value }
        return nil
    }
}

/// A TOML table that keeps its keys in file order and where each key and value was written.
public struct TOMLTable: Hashable, Sendable {
    /// One `key = value` (or a sub-table, or an array of tables) of a table.
    public struct Entry: Hashable, Sendable {
        public var key: String
        public var value: TOMLValue
        /// Where the key was written (for a table: its `[header]`; for an array of tables: the first `[[header]]`).
        public var keyPosition: TOMLPosition
        /// Where the value starts.
        public var valuePosition: TOMLPosition
        /// Where each element starts, when the value is an array (for arrays of tables: each `[[header]]`).
        public var elementPositions: [TOMLPosition]

        public init(key: String, value: TOMLValue, keyPosition: TOMLPosition, valuePosition: TOMLPosition, elementPositions: [TOMLPosition] = []) {
            self.key = key
            self.value = value
            self.keyPosition = keyPosition
            self.valuePosition = valuePosition
            self.elementPositions = elementPositions
        }
    }

    /// Entries in file order.
    public private(set) var entries: [Entry] = []
    private var indexByKey: [String: Int] = [:]
    /// Where the table was defined: its `[header]`, or 1:1 for the root table.
    public var position: TOMLPosition

    public init(position: TOMLPosition = TOMLPosition(line: 1, column: 1)) {
        self.position = position
    }

    public var keys: [String] { entries.map(\.key) }
    public var isEmpty: Bool { entries.isEmpty }

    public subscript(key: String) -> TOMLValue? { entry(key)?.value }

    public func entry(_ key: String) -> Entry? {
        indexByKey[key].map { entries[$0] }
    }

    /// Adds `entry`; returns false (and changes nothing) when the key exists already.
    @discardableResult
    public mutating func insert(_ entry: Entry) -> Bool {
        guard indexByKey[entry.key] == nil else { return false }
        indexByKey[entry.key] = entries.count
        entries.append(entry)
        return true
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.entries == rhs.entries && lhs.position == rhs.position
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(entries)
        hasher.combine(position)
    }
}

/// A problem in a TOML document, at a position.
public struct TOMLError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Kind: String, Hashable, Sendable {
        /// Syntax the reader does not accept (including unsupported TOML such as dates).
        case syntax
        /// A key or table defined twice.
        case duplicateKey
        /// Bytes that are not UTF-8.
        case encoding
    }

    public var kind: Kind
    public var position: TOMLPosition
    public var message: String

    public init(kind: Kind, position: TOMLPosition, message: String) {
        self.kind = kind
        self.position = position
        self.message = message
    }

    public var description: String { "\(position): \(message)" }
}

/// The result of reading a TOML document: the table built from everything that parsed, plus
/// every error (the reader skips to the next line after an error and keeps going).
public struct TOMLDocument: Sendable {
    public var root: TOMLTable
    public var errors: [TOMLError]
}
