// SPDX-License-Identifier: GPL-3.0-or-later

/// Reads the subset of TOML 1.0 that dataset and scenario files use, keeping positions.
///
/// Supported: `#` comments; `key = value` with bare, quoted and dotted keys; basic strings with
/// escapes (`\n`, `\"`, `\u00E9`, …) and literal strings; integers (with `_`, `0x`, `0o`, `0b`);
/// floats (including `inf` and `nan`); booleans; arrays, also spread over several lines with
/// comments and a trailing comma; inline tables `{ a = 1 }`; `[table]` and `[[array.of.tables]]`
/// headers with dotted names. Not supported (reported as errors): multi-line strings and dates.
/// Keys or tables defined twice are `duplicateKey` errors. After an error the reader skips to
/// the next line and continues, so one pass reports every broken line.
public enum TOMLReader {
    /// Reads a document from UTF-8 bytes.
    public static func read(_ bytes: [UInt8]) -> TOMLDocument {
        var parser = TOMLParser(bytes: bytes)
        return parser.run()
    }

    /// Reads a document from text.
    public static func read(_ text: String) -> TOMLDocument { read(Array(text.utf8)) }

    /// Reads a document and throws its first error, if any.
    public static func parse(_ text: String) throws(TOMLError) -> TOMLTable {
        let document = read(text)
        if let first = document.errors.first { throw first }
        return document.root
    }
}

/// A table under construction; a class so that headers can reopen nested tables by path.
private final class TableBuilder {
    enum Origin { case root, implicit, header, dotted }
    enum Content {
        case value(TOMLValue, elements: [TOMLPosition])
        case table(TableBuilder)
        case tableArray([TableBuilder], positions: [TOMLPosition])
    }
    struct Item {
        var key: String
        var keyPosition: TOMLPosition
        var valuePosition: TOMLPosition
        var content: Content
    }

    var origin: Origin
    var position: TOMLPosition
    var items: [Item] = []
    var index: [String: Int] = [:]

    init(origin: Origin, position: TOMLPosition) {
        self.origin = origin
        self.position = position
    }

    func add(_ item: Item) {
        index[item.key] = items.count
        items.append(item)
    }

    func build() -> TOMLTable {
        var table = TOMLTable(position: position)
        for item in items {
            switch item.content {
            case .value(let value, let elements):
                table.insert(
                    .init(key: item.key, value: value, keyPosition: item.keyPosition, valuePosition: item.valuePosition, elementPositions: elements))
            case .table(let child):
                table.insert(.init(key: item.key, value: .table(child.build()), keyPosition: item.keyPosition, valuePosition: child.position))
            case .tableArray(let children, let positions):
                table.insert(
                    .init(
                        key: item.key, value: .array(children.map { .table($0.build()) }), keyPosition: item.keyPosition,
                        valuePosition: positions[0], elementPositions: positions))
            }
        }
        return table
    }
}

private let lineFeed: UInt8 = 0x0A
private let carriageReturn: UInt8 = 0x0D

private struct TOMLParser {
    let bytes: [UInt8]
    var offset = 0
    var line = 1
    var lineStart = 0
    var errors: [TOMLError] = []
    let root = TableBuilder(origin: .root, position: TOMLPosition(line: 1, column: 1))
    var current: TableBuilder
    /// Where column counting last stopped: (start of that line, offset, column).
    var columnCache = (lineStart: -1, offset: 0, column: 1)
    /// Nesting depth of arrays and inline tables being read.
    var depth = 0
    /// Deeper nesting is an error rather than a stack overflow on hostile input.
    static let maxDepth = 64

    init(bytes: [UInt8]) {
        self.bytes = bytes
        current = root
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            offset = 3
            lineStart = 3
        }
    }

    mutating func run() -> TOMLDocument {
        if let bad = firstInvalidUTF8Line() {
            return TOMLDocument(
                root: TOMLTable(),
                errors: [
                    TOMLError(
                        kind: .encoding, position: TOMLPosition(line: bad, column: 1),
                        message: "line is not valid UTF-8; save the file as UTF-8")
                ])
        }
        while offset < bytes.count {
            do {
                try parseLine()
            } catch {
                errors.append(error)
                skipToNextLine()
            }
        }
        return TOMLDocument(root: root.build(), errors: errors)
    }

    // MARK: Positions and low-level scanning

    var atEnd: Bool { offset >= bytes.count }
    var byte: UInt8 { bytes[offset] }

    /// Position of `offset` on the current line, with the column counted in characters (UTF-8
    /// lead bytes). Counting resumes from the last position asked for, so that a very long line
    /// costs linear time, not quadratic.
    mutating func position(at offset: Int) -> TOMLPosition {
        var (index, column) =
            columnCache.lineStart == lineStart && columnCache.offset <= offset
            ? (columnCache.offset, columnCache.column) : (lineStart, 1)
        while index < offset && index < bytes.count {
            if bytes[index] & 0xC0 != 0x80 { column += 1 }
            index += 1
        }
        columnCache = (lineStart, index, column)
        return TOMLPosition(line: line, column: column)
    }

    var here: TOMLPosition {
        mutating get { position(at: offset) }
    }

    mutating func error(_ message: String, at position: TOMLPosition? = nil, kind: TOMLError.Kind = .syntax) -> TOMLError {
        TOMLError(kind: kind, position: position ?? here, message: message)
    }

    func firstInvalidUTF8Line() -> Int? {
        var start = offset
        var lineNumber = 1
        while start <= bytes.count {
            var end = start
            while end < bytes.count && bytes[end] != lineFeed { end += 1 }
            let valid = bytes.withUnsafeBufferPointer { UTF8Validation.isValid(UnsafeBufferPointer(rebasing: $0[start..<end])) }
            if !valid || bytes[start..<end].contains(0) { return lineNumber }
            start = end + 1
            lineNumber += 1
        }
        return nil
    }

    mutating func skipSpaces() {
        while !atEnd && (byte == 0x20 || byte == 0x09) { offset += 1 }
    }

    mutating func skipComment() {
        guard !atEnd && byte == 0x23 else { return }
        while !atEnd && byte != lineFeed && byte != carriageReturn { offset += 1 }
    }

    /// Consumes a line break if there is one; true when it did.
    mutating func consumeNewline() -> Bool {
        guard !atEnd else { return false }
        if byte == carriageReturn {
            offset += 1
            if !atEnd && byte == lineFeed { offset += 1 }
        } else if byte == lineFeed {
            offset += 1
        } else {
            return false
        }
        line += 1
        lineStart = offset
        return true
    }

    mutating func skipToNextLine() {
        while !atEnd && byte != lineFeed && byte != carriageReturn { offset += 1 }
        _ = consumeNewline()
    }

    /// Skips spaces, comments and line breaks (inside arrays).
    mutating func skipBlank() {
        while true {
            skipSpaces()
            skipComment()
            if !consumeNewline() { return }
        }
    }

    mutating func expectEndOfLine() throws(TOMLError) {
        skipSpaces()
        skipComment()
        if atEnd { return }
        guard consumeNewline() else {
            throw error("unexpected `\(String(decoding: [byte], as: UTF8.self))` after the value; put one `key = value` per line")
        }
    }

    // MARK: Lines

    mutating func parseLine() throws(TOMLError) {
        skipSpaces()
        if atEnd { return }
        switch byte {
        case 0x23:
            skipComment()
        case lineFeed, carriageReturn:
            break
        case UInt8(ascii: "["):
            try parseHeader()
        default:
            try parseKeyValue(into: current)
        }
        try expectEndOfLine()
    }

    mutating func parseHeader() throws(TOMLError) {
        let start = here
        offset += 1
        let isArray = !atEnd && byte == UInt8(ascii: "[")
        if isArray { offset += 1 }
        let keys = try parseKey()
        skipSpaces()
        let closing = isArray ? "]]" : "]"
        for _ in 0..<(isArray ? 2 : 1) {
            guard !atEnd && byte == UInt8(ascii: "]") else { throw error("expected `\(closing)` to close the table header") }
            offset += 1
        }
        let name = keys.map(\.key).joined(separator: ".")
        var table = root
        for (key, keyPosition) in keys.dropLast() {
            if let index = table.index[key] {
                switch table.items[index].content {
                case .table(let child): table = child
                case .tableArray(let children, _): table = children[children.count - 1]
                case .value:
                    throw error(
                        "`\(key)` is already a value (line \(table.items[index].keyPosition.line)); it cannot also hold table [\(name)]",
                        at: keyPosition, kind: .duplicateKey)
                }
            } else {
                let child = TableBuilder(origin: .implicit, position: keyPosition)
                table.add(.init(key: key, keyPosition: keyPosition, valuePosition: keyPosition, content: .table(child)))
                table = child
            }
        }
        let (key, _) = keys[keys.count - 1]
        let fresh = TableBuilder(origin: .header, position: start)
        if let index = table.index[key] {
            let existing = table.items[index]
            switch existing.content {
            case .table(let child) where child.origin == .implicit && !isArray:
                child.origin = .header
                child.position = start
                current = child
            case .tableArray(let children, let positions) where isArray:
                table.items[index].content = .tableArray(children + [fresh], positions: positions + [start])
                current = fresh
            default:
                throw error(
                    "[\(name)] is already defined on line \(existing.keyPosition.line); merge the two or rename one",
                    at: start, kind: .duplicateKey)
            }
        } else {
            let content: TableBuilder.Content = isArray ? .tableArray([fresh], positions: [start]) : .table(fresh)
            table.add(.init(key: key, keyPosition: start, valuePosition: start, content: content))
            current = fresh
        }
    }

    mutating func parseKeyValue(into target: TableBuilder) throws(TOMLError) {
        let keys = try parseKey()
        skipSpaces()
        guard !atEnd && byte == UInt8(ascii: "=") else {
            throw error("expected `=` after key `\(keys.map(\.key).joined(separator: "."))`")
        }
        offset += 1
        skipSpaces()
        let valuePosition = here
        let (value, elements) = try parseValue()
        var table = target
        for (key, keyPosition) in keys.dropLast() {
            if let index = table.index[key] {
                guard case .table(let child) = table.items[index].content, child.origin == .dotted || child.origin == .implicit else {
                    throw error(
                        "`\(key)` is already defined on line \(table.items[index].keyPosition.line); it cannot be extended with a dotted key",
                        at: keyPosition, kind: .duplicateKey)
                }
                table = child
            } else {
                let child = TableBuilder(origin: .dotted, position: keyPosition)
                table.add(.init(key: key, keyPosition: keyPosition, valuePosition: keyPosition, content: .table(child)))
                table = child
            }
        }
        let (key, keyPosition) = keys[keys.count - 1]
        if let index = table.index[key] {
            throw error(
                "key `\(key)` is already defined on line \(table.items[index].keyPosition.line); remove one of the two",
                at: keyPosition, kind: .duplicateKey)
        }
        table.add(.init(key: key, keyPosition: keyPosition, valuePosition: valuePosition, content: .value(value, elements: elements)))
    }

    /// A bare, quoted or dotted key: its segments with positions.
    mutating func parseKey() throws(TOMLError) -> [(key: String, position: TOMLPosition)] {
        var segments: [(key: String, position: TOMLPosition)] = []
        while true {
            skipSpaces()
            let start = here
            guard !atEnd else { throw error("expected a key") }
            if byte == 0x22 {
                segments.append((try parseBasicString(), start))
            } else if byte == 0x27 {
                segments.append((try parseLiteralString(), start))
            } else {
                let first = offset
                while !atEnd && Self.isBareKeyByte(byte) { offset += 1 }
                guard offset > first else {
                    throw error("expected a key (letters, digits, `_`, `-`, or a quoted string), found `\(String(decoding: [byte], as: UTF8.self))`")
                }
                segments.append((String(decoding: bytes[first..<offset], as: UTF8.self), start))
            }
            skipSpaces()
            guard !atEnd && byte == UInt8(ascii: ".") else { return segments }
            offset += 1
        }
    }

    static func isBareKeyByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x5F || byte == 0x2D
    }

    // MARK: Values

    mutating func parseValue() throws(TOMLError) -> (TOMLValue, [TOMLPosition]) {
        guard !atEnd, byte != lineFeed, byte != carriageReturn, byte != 0x23 else { throw error("expected a value after `=`") }
        guard depth < Self.maxDepth else { throw error("arrays or inline tables nested more than \(Self.maxDepth) deep; flatten the value") }
        depth += 1
        defer { depth -= 1 }
        switch byte {
        case 0x22: return (.string(try parseBasicString()), [])
        case 0x27: return (.string(try parseLiteralString()), [])
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "{"): return (.table(try parseInlineTable()), [])
        default: return (try parseScalar(), [])
        }
    }

    mutating func parseArray() throws(TOMLError) -> (TOMLValue, [TOMLPosition]) {
        let opening = here
        offset += 1
        var values: [TOMLValue] = []
        var positions: [TOMLPosition] = []
        while true {
            skipBlank()
            guard !atEnd else { throw error("array opened at \(opening) never closes; add `]`", at: opening) }
            if byte == UInt8(ascii: "]") {
                offset += 1
                break
            }
            positions.append(here)
            values.append(try parseValue().0)
            skipBlank()
            guard !atEnd else { throw error("array opened at \(opening) never closes; add `]`", at: opening) }
            if byte == UInt8(ascii: ",") {
                offset += 1
                continue
            }
            if byte == UInt8(ascii: "]") {
                offset += 1
                break
            }
            throw error("expected `,` or `]` in the array")
        }
        return (.array(values), positions)
    }

    mutating func parseInlineTable() throws(TOMLError) -> TOMLTable {
        let table = TableBuilder(origin: .dotted, position: here)
        offset += 1
        skipSpaces()
        if !atEnd && byte == UInt8(ascii: "}") {
            offset += 1
            return table.build()
        }
        while true {
            try parseKeyValue(into: table)
            skipSpaces()
            guard !atEnd else { throw error("inline table never closes; add `}` on the same line") }
            if byte == UInt8(ascii: ",") {
                offset += 1
                continue
            }
            if byte == UInt8(ascii: "}") {
                offset += 1
                return table.build()
            }
            throw error("expected `,` or `}` in the inline table (inline tables stay on one line)")
        }
    }

    mutating func parseBasicString() throws(TOMLError) -> String {
        let start = here
        if offset + 2 < bytes.count && bytes[offset + 1] == 0x22 && bytes[offset + 2] == 0x22 {
            throw error("multi-line strings (\"\"\") are not supported; write one line with `\\n` escapes")
        }
        offset += 1
        var text: [UInt8] = []
        while true {
            guard !atEnd, byte != lineFeed, byte != carriageReturn else {
                throw error("string never closes; add the closing `\"` on the same line", at: start)
            }
            let current = byte
            if current == 0x22 {
                offset += 1
                break
            }
            if current < 0x20 && current != 0x09 || current == 0x7F {
                throw error("control character in a string; write it as an escape such as `\\t`")
            }
            if current != 0x5C {
                text.append(current)
                offset += 1
                continue
            }
            let escapePosition = here
            offset += 1
            guard !atEnd else { throw error("string never closes", at: start) }
            let code = byte
            offset += 1
            switch code {
            case UInt8(ascii: "b"): text.append(0x08)
            case UInt8(ascii: "t"): text.append(0x09)
            case UInt8(ascii: "n"): text.append(0x0A)
            case UInt8(ascii: "f"): text.append(0x0C)
            case UInt8(ascii: "r"): text.append(0x0D)
            case 0x22: text.append(0x22)
            case 0x5C: text.append(0x5C)
            case UInt8(ascii: "u"), UInt8(ascii: "U"):
                let length = code == UInt8(ascii: "u") ? 4 : 8
                guard offset + length <= bytes.count, bytes[offset..<(offset + length)].allSatisfy(TOMLNumber.isHexDigit),
                    let scalarValue = UInt32(String(decoding: bytes[offset..<(offset + length)], as: UTF8.self), radix: 16),
                    let scalar = Unicode.Scalar(scalarValue)
                else {
                    throw error("invalid unicode escape; write `\\u` with 4 or `\\U` with 8 hex digits of a valid code point", at: escapePosition)
                }
                text.append(contentsOf: Array(String(Character(scalar)).utf8))
                offset += length
            default:
                throw error(
                    "invalid escape `\\\(String(decoding: [code], as: UTF8.self))`; use \\b \\t \\n \\f \\r \\\" \\\\ \\uXXXX or a literal string '…'",
                    at: escapePosition)
            }
        }
        return String(decoding: text, as: UTF8.self)
    }

    mutating func parseLiteralString() throws(TOMLError) -> String {
        let start = here
        if offset + 2 < bytes.count && bytes[offset + 1] == 0x27 && bytes[offset + 2] == 0x27 {
            throw error("multi-line literal strings (''') are not supported; write one line")
        }
        offset += 1
        let first = offset
        while !atEnd && byte != 0x27 {
            if byte == lineFeed || byte == carriageReturn { break }
            offset += 1
        }
        guard !atEnd, byte == 0x27 else { throw error("literal string never closes; add the closing `'` on the same line", at: start) }
        let text = String(decoding: bytes[first..<offset], as: UTF8.self)
        offset += 1
        return text
    }

    /// A boolean, integer or float (dates are rejected with a hint).
    mutating func parseScalar() throws(TOMLError) -> TOMLValue {
        let start = here
        let first = offset
        while !atEnd {
            let current = byte
            let isTokenByte =
                Self.isBareKeyByte(current) || current == UInt8(ascii: "+") || current == UInt8(ascii: ".") || current == UInt8(ascii: ":")
            guard isTokenByte else { break }
            offset += 1
        }
        let token = String(decoding: bytes[first..<offset], as: UTF8.self)
        guard !token.isEmpty else {
            throw error("expected a value (string in quotes, number, true/false, array or inline table)")
        }
        if token == "true" { return .boolean(true) }
        if token == "false" { return .boolean(false) }
        if let value = TOMLNumber.parse(token) { return value }
        if let number = Double(token.filter { $0 != "_" }), !number.isFinite, !token.lowercased().contains("n") {
            throw error("`\(token)` is beyond the range of a 64-bit float; use a smaller number", at: start)
        }
        if TOMLNumber.isOverflowingInteger(token) {
            throw error("`\(token)` is outside the range of a 64-bit integer (±9223372036854775807); write a smaller number", at: start)
        }
        if TOMLNumber.looksLikeDate(token) {
            throw error("dates and times are not supported; write the date as a string in quotes", at: start)
        }
        throw error("`\(token)` is not a value; put text in quotes, write numbers with `.` decimals, booleans as true/false", at: start)
    }
}
