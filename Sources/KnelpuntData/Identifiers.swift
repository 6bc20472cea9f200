// SPDX-License-Identifier: GPL-3.0-or-later

/// A typed identifier: a node id cannot be passed where a link id is expected.
/// Ids are case-sensitive and match `[A-Za-z0-9_.-]+`.
public struct Identifier<Tag>: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public var description: String { rawValue }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    /// True when `text` is a valid id: non-empty, only ASCII letters, digits, `_`, `.` and `-`.
    public static func isValid(_ text: String) -> Bool {
        !text.isEmpty
            && text.utf8.allSatisfy { byte in
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                    || byte == 0x5F || byte == 0x2E || byte == 0x2D
            }
    }
}

public enum NodeTag {}
public enum LinkTag {}
public enum ProjectTag {}
public enum SupplyTag {}
public enum ConversionTag {}
public enum ConsumerTag {}
public enum TransitionTag {}
public enum TimesliceTag {}
public enum GroupContractTag {}
public enum EoPTag {}

public typealias NodeID = Identifier<NodeTag>
public typealias LinkID = Identifier<LinkTag>
public typealias ProjectID = Identifier<ProjectTag>
public typealias SupplyID = Identifier<SupplyTag>
public typealias ConversionID = Identifier<ConversionTag>
public typealias ConsumerID = Identifier<ConsumerTag>
/// Id of a consumer's transition project (transition.csv `project`).
public typealias TransitionID = Identifier<TransitionTag>
public typealias TimesliceID = Identifier<TimesliceTag>
/// Id of a group transport contract (group_contracts.csv `id`).
public typealias GroupContractID = Identifier<GroupContractTag>
/// Id of an Expression of Principles or later agreement (eops.csv `id`).
public typealias EoPID = Identifier<EoPTag>

/// Where a record came from: file name (relative to the dataset folder) and 1-based line.
public struct RecordOrigin: Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public init(file: String, line: Int) {
        self.file = file
        self.line = line
    }
    public var description: String { "\(file):\(line)" }
}

/// A calendar date (YYYY-MM-DD), ordered chronologically.
public struct CalendarDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int
    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }
    /// Parses `YYYY-MM-DD` strictly (real calendar days, leap years included); nil otherwise.
    public init?(iso text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            (1...12).contains(month), day >= 1
        else { return nil }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        guard day <= days else { return nil }
        self.init(year: year, month: month, day: day)
    }
    public var description: String {
        let m = month < 10 ? "0\(month)" : "\(month)"
        let d = day < 10 ? "0\(day)" : "\(day)"
        return "\(year)-\(m)-\(d)"
    }
    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }
}
