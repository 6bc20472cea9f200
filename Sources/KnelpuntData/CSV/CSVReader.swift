// SPDX-License-Identifier: GPL-3.0-or-later

/// Reads the dataset CSV dialect from UTF-8 bytes.
///
/// The dialect: UTF-8 (a leading byte-order mark is skipped), comma separator, RFC 4180 quoting
/// (`"a, b"`, `"say ""hi"""`, line breaks inside quotes), lines ending in `\r\n`, `\n` or `\r`,
/// `#` comment lines and blank lines before the header, blank lines elsewhere ignored, spaces and
/// tabs around every cell trimmed. Line breaks inside a quoted cell become `\n`.
///
/// The reader works on bytes, never on `Character`s, and validates UTF-8 only in cells that
/// contain non-ASCII bytes, so a million-row file reads in about a second even in a debug build.
public enum CSVReader {
    /// Parses `bytes`; every problem goes to `diagnostics` with `file` and a line and column.
    /// Returns `nil` only when there is no usable header (empty file, broken header row).
    public static func read(_ bytes: [UInt8], file: String, diagnostics: inout DiagnosticCollector) -> CSVDocument? {
        ByteSpan.over(bytes) { span in
            var parser = Parser(bytes: span, file: file)
            return parser.run(&diagnostics)
        }
    }

    /// Parses `text` (convenience for tests and small inputs).
    public static func read(_ text: String, file: String, diagnostics: inout DiagnosticCollector) -> CSVDocument? {
        read(Array(text.utf8), file: file, diagnostics: &diagnostics)
    }
}

private let comma: UInt8 = 0x2C
private let quote: UInt8 = 0x22
private let lineFeed: UInt8 = 0x0A
private let carriageReturn: UInt8 = 0x0D
private let space: UInt8 = 0x20
private let tab: UInt8 = 0x09
private let hash: UInt8 = 0x23

private struct Parser {
    let bytes: ByteSpan
    let file: String
    var position = 0
    var line = 1
    var storage: [UInt8] = []
    var cellEnds: [Int] = []
    var recordLines: [Int] = []

    init(bytes: ByteSpan, file: String) {
        self.bytes = bytes
        self.file = file
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { position = 3 }
        storage.reserveCapacity(bytes.count)
    }

    enum Outcome {
        case record(cells: Int, line: Int)
        case blank
        case broken
    }

    mutating func run(_ diagnostics: inout DiagnosticCollector) -> CSVDocument? {
        skipPreamble()
        guard position < bytes.count else {
            diagnostics.report(
                file: file, line: nil, column: nil, rule: .emptyFile,
                message: "\(file) has no header row; add one (see docs/dataset-format.md for the columns)")
            return nil
        }
        let headerLine = line
        guard case .record(let headerCount, _) = parseRecord(&diagnostics) else {
            return nil
        }
        let header = (0..<headerCount).map { cellString($0) }
        storage.removeAll(keepingCapacity: true)
        cellEnds.removeAll(keepingCapacity: true)

        var dropped = 0
        while position < bytes.count {
            let cellsBefore = cellEnds.count
            let storageBefore = storage.count
            switch parseRecord(&diagnostics) {
            case .record(let count, let recordLine):
                if count == headerCount {
                    recordLines.append(recordLine)
                } else {
                    let column = min(count, headerCount) + 1
                    let problem =
                        count > headerCount
                        ? "has \(count) cells but the header has \(headerCount); quote cells that contain a comma or remove the extra cells"
                        : "has \(count) cell\(count == 1 ? "" : "s") but the header has \(headerCount); add the missing cells (empty is fine where allowed)"
                    diagnostics.report(file: file, line: recordLine, column: column, rule: .wrongFieldCount, message: "row \(problem)")
                    rollBack(cells: cellsBefore, storage: storageBefore)
                    dropped += 1
                }
            case .blank:
                rollBack(cells: cellsBefore, storage: storageBefore)
            case .broken:
                rollBack(cells: cellsBefore, storage: storageBefore)
                dropped += 1
            }
        }
        // A final line without a line break still counts as a line.
        let lastIsBreak = bytes.count > 0 && (bytes[bytes.count - 1] == lineFeed || bytes[bytes.count - 1] == carriageReturn)
        let lineCount = lastIsBreak ? line - 1 : line
        return CSVDocument(
            file: file, header: header, headerLine: headerLine, lineCount: lineCount, droppedRecordCount: dropped,
            storage: storage, cellEnds: cellEnds, recordLines: recordLines)
    }

    private mutating func rollBack(cells: Int, storage count: Int) {
        cellEnds.removeLast(cellEnds.count - cells)
        storage.removeLast(storage.count - count)
    }

    private func cellString(_ index: Int) -> String {
        let start = index == 0 ? 0 : cellEnds[index - 1]
        return storage.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[start..<cellEnds[index]]), as: UTF8.self) }
    }

    /// Skips blank lines and `#` comment lines before the header.
    private mutating func skipPreamble() {
        while position < bytes.count {
            var probe = position
            while probe < bytes.count && (bytes[probe] == space || bytes[probe] == tab) { probe += 1 }
            if probe < bytes.count && bytes[probe] != hash && bytes[probe] != lineFeed && bytes[probe] != carriageReturn {
                return
            }
            if probe == bytes.count {
                position = probe
                return
            }
            while probe < bytes.count && bytes[probe] != lineFeed && bytes[probe] != carriageReturn { probe += 1 }
            position = probe
            consumeLineBreak()
        }
    }

    /// Consumes one `\r\n`, `\n` or `\r` at `position`, if any, counting the line.
    private mutating func consumeLineBreak() {
        guard position < bytes.count else { return }
        if bytes[position] == carriageReturn {
            position += 1
            if position < bytes.count && bytes[position] == lineFeed { position += 1 }
            line += 1
        } else if bytes[position] == lineFeed {
            position += 1
            line += 1
        }
    }

    private mutating func skipToEndOfLine() {
        while position < bytes.count && bytes[position] != lineFeed && bytes[position] != carriageReturn { position += 1 }
    }

    /// Parses one record starting at `position`, appending its cells.
    private mutating func parseRecord(_ diagnostics: inout DiagnosticCollector) -> Outcome {
        let recordLine = line
        var cells = 0
        var broken = false
        var quoted = false
        let end = bytes.count
        while true {
            while position < end && (bytes[position] == space || bytes[position] == tab) { position += 1 }
            let cellStart = storage.count
            let cellLine = line
            var highBits: UInt8 = 0
            var sawNul = false
            let quotedCell = position < end && bytes[position] == quote
            if quotedCell {
                quoted = true
                position += 1
                var closed = false
                while position < end {
                    var scan = position
                    while scan < end {
                        let byte = bytes[scan]
                        if byte == quote || byte == lineFeed || byte == carriageReturn { break }
                        highBits |= byte
                        if byte == 0 { sawNul = true }
                        scan += 1
                    }
                    storage.append(contentsOf: UnsafeBufferPointer(start: bytes.start + position, count: scan - position))
                    position = scan
                    guard position < end else { break }
                    if bytes[position] == quote {
                        if position + 1 < end && bytes[position + 1] == quote {
                            storage.append(quote)
                            position += 2
                            continue
                        }
                        position += 1
                        closed = true
                        break
                    }
                    storage.append(lineFeed)
                    consumeLineBreak()
                }
                guard closed else {
                    diagnostics.report(
                        file: file, line: cellLine, column: cells + 1, rule: .unterminatedQuote,
                        message: "quoted cell opened here never closes; add the closing `\"` (and double any `\"` inside the cell)")
                    return .broken
                }
                while position < end && (bytes[position] == space || bytes[position] == tab) { position += 1 }
                if position < end && bytes[position] != comma && bytes[position] != lineFeed && bytes[position] != carriageReturn {
                    diagnostics.report(
                        file: file, line: line, column: cells + 1, rule: .strayQuote,
                        message:
                            "text after the closing quote of a quoted cell; put the whole cell inside the quotes and double inner quotes (`\"\"`)")
                    broken = true
                    skipToEndOfLine()
                }
            } else {
                var scan = position
                var strayQuote = false
                while scan < end {
                    let byte = bytes[scan]
                    if byte == comma || byte == lineFeed || byte == carriageReturn { break }
                    if byte == quote { strayQuote = true }
                    highBits |= byte
                    if byte == 0 { sawNul = true }
                    scan += 1
                }
                // Trailing spaces are trimmed before copying (leading ones were skipped above).
                var last = scan
                while last > position && (bytes[last - 1] == space || bytes[last - 1] == tab) { last -= 1 }
                storage.append(contentsOf: UnsafeBufferPointer(start: bytes.start + position, count: last - position))
                position = scan
                if strayQuote {
                    diagnostics.report(
                        file: file, line: line, column: cells + 1, rule: .strayQuote,
                        message: "`\"` inside an unquoted cell; quote the whole cell and double the inner quote (`\"5\"\" pipe\"`)")
                    broken = true
                }
            }
            if quotedCell { trimCell(from: cellStart) }
            if sawNul {
                diagnostics.report(
                    file: file, line: cellLine, column: cells + 1, rule: .badEncoding,
                    message: "cell contains a NUL byte; this looks like a binary file, save the data as UTF-8 text")
                broken = true
            } else if highBits >= 0x80 && !isValidUTF8(from: cellStart) {
                diagnostics.report(
                    file: file, line: cellLine, column: cells + 1, rule: .badEncoding,
                    message: "cell is not valid UTF-8; save the file as UTF-8 (not Latin-1 or UTF-16)")
                broken = true
            }
            cellEnds.append(storage.count)
            cells += 1
            if position < end && bytes[position] == comma {
                position += 1
                continue
            }
            consumeLineBreak()
            break
        }
        if broken { return .broken }
        if cells == 1 && !quoted && storage.count == (cellEnds.count >= 2 ? cellEnds[cellEnds.count - 2] : 0) {
            return .blank
        }
        return .record(cells: cells, line: recordLine)
    }

    /// Removes spaces and tabs at both ends of the cell that starts at `start`.
    private mutating func trimCell(from start: Int) {
        while storage.count > start, storage[storage.count - 1] == space || storage[storage.count - 1] == tab {
            storage.removeLast()
        }
        var first = start
        while first < storage.count && (storage[first] == space || storage[first] == tab) { first += 1 }
        if first > start { storage.removeSubrange(start..<first) }
    }

    private func isValidUTF8(from start: Int) -> Bool {
        storage.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return true }
            return UTF8Validation.isValid(ByteSpan(start: base + start, count: buffer.count - start))
        }
    }
}

/// Strict UTF-8 validation (no overlong forms, no surrogates, nothing above U+10FFFF).
enum UTF8Validation {
    static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        return isValid(ByteSpan(start: base, count: bytes.count))
    }

    static func isValid(_ bytes: ByteSpan) -> Bool {
        var index = 0
        let count = bytes.count
        while index < count {
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            let length: Int
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0:
                length = 3
                low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED:
                length = 3
                high = 0x9F
            case 0xF0:
                length = 4
                low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4:
                length = 4
                high = 0x8F
            default: return false
            }
            guard index + length <= count else { return false }
            let second = bytes[index + 1]
            guard second >= low && second <= high else { return false }
            var offset = 2
            while offset < length {
                guard bytes[index + offset] & 0xC0 == 0x80 else { return false }
                offset += 1
            }
            index += length
        }
        return true
    }
}
