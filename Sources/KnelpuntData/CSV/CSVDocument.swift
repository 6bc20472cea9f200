// SPDX-License-Identifier: GPL-3.0-or-later

/// A parsed CSV file: the header and the well-formed records, every cell trimmed and unescaped.
///
/// Cells are kept as UTF-8 bytes in one buffer (no `String` per cell until asked for), so a
/// million-row file costs a few tens of megabytes. Every record has exactly `header.count` cells;
/// malformed records are reported by ``CSVReader`` and left out.
public struct CSVDocument: Sendable {
    /// File name used in diagnostics.
    public let file: String
    /// Column names, trimmed, in file order.
    public let header: [String]
    /// 1-based line of the header row.
    public let headerLine: Int
    /// Number of physical lines in the file (a last line without a line break counts).
    public let lineCount: Int
    /// Records left out because they were malformed (each was reported).
    public let droppedRecordCount: Int

    var storage: [UInt8]
    /// End offset in `storage` of every cell of every record, row-major.
    var cellEnds: [Int]
    /// 1-based first line of every record.
    var recordLines: [Int]

    init(
        file: String, header: [String], headerLine: Int, lineCount: Int, droppedRecordCount: Int, storage: [UInt8], cellEnds: [Int],
        recordLines: [Int]
    ) {
        self.file = file
        self.header = header
        self.headerLine = headerLine
        self.lineCount = lineCount
        self.droppedRecordCount = droppedRecordCount
        self.storage = storage
        self.cellEnds = cellEnds
        self.recordLines = recordLines
    }

    /// Number of data records (header excluded).
    public var rowCount: Int { recordLines.count }

    /// 1-based line on which record `row` (0-based) starts.
    public func line(ofRow row: Int) -> Int { recordLines[row] }

    private func range(row: Int, column: Int) -> Range<Int> {
        precondition(column >= 0 && column < header.count, "column \(column) outside 0..<\(header.count)")
        let index = row * header.count + column
        let start = index == 0 ? 0 : cellEnds[index - 1]
        return start..<cellEnds[index]
    }

    /// The cell at 0-based `row` and `column` as a string.
    public func string(row: Int, column: Int) -> String {
        let range = range(row: row, column: column)
        return storage.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[range]), as: UTF8.self) }
    }

    /// True when the cell is empty (after trimming).
    public func isEmpty(row: Int, column: Int) -> Bool { range(row: row, column: column).isEmpty }

    /// Calls `body` with the cell's UTF-8 bytes.
    public func withCellBytes<R>(row: Int, column: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let range = range(row: row, column: column)
        return try storage.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[range])) }
    }

    /// All cells of record `row` as strings.
    public func row(_ row: Int) -> [String] { header.indices.map { string(row: row, column: $0) } }

    /// Calls `body` with direct access to every cell; the fast path for decoding large files.
    func withCells<R>(_ body: (CellBuffer) throws -> R) rethrows -> R {
        try storage.withUnsafeBufferPointer { bytes in
            try cellEnds.withUnsafeBufferPointer { ends in
                // An empty array has no base address; a one-byte dummy stands in (no cell reads it).
                try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 1) { dummy in
                    try withUnsafeTemporaryAllocation(of: Int.self, capacity: 1) { dummyEnds in
                        try body(
                            CellBuffer(
                                bytes: bytes.baseAddress ?? UnsafePointer(dummy.baseAddress!),
                                ends: ends.baseAddress ?? UnsafePointer(dummyEnds.baseAddress!),
                                columnCount: header.count))
                    }
                }
            }
        }
    }
}

/// Raw access to a table's cells, valid only inside ``CSVDocument/withCells(_:)``.
struct CellBuffer {
    let bytes: UnsafePointer<UInt8>
    let ends: UnsafePointer<Int>
    let columnCount: Int

    func span(row: Int, column: Int) -> ByteSpan {
        let index = row * columnCount + column
        let start = index == 0 ? 0 : ends[index - 1]
        return ByteSpan(start: bytes + start, count: ends[index] - start)
    }
}

/// A run of bytes in memory that outlives it. Deliberately not generic: its subscript stays a
/// plain pointer read in debug builds, where generic buffer subscripts cost a runtime call.
struct ByteSpan {
    let start: UnsafePointer<UInt8>
    let count: Int

    subscript(index: Int) -> UInt8 { start[index] }

    /// Calls `body` with a span over `bytes` (which may be empty).
    static func over<R>(_ bytes: [UInt8], _ body: (ByteSpan) -> R) -> R {
        bytes.withUnsafeBufferPointer { buffer in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 1) { empty in
                body(ByteSpan(start: buffer.baseAddress ?? UnsafePointer(empty.baseAddress!), count: buffer.count))
            }
        }
    }

    var isEmpty: Bool { count == 0 }

    var string: String { String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self) }

    func contains(_ byte: UInt8) -> Bool {
        var index = 0
        while index < count {
            if start[index] == byte { return true }
            index += 1
        }
        return false
    }

    /// True when the bytes equal `text`'s UTF-8.
    func equals(_ text: String) -> Bool {
        var index = 0
        for byte in text.utf8 {
            guard index < count, start[index] == byte else { return false }
            index += 1
        }
        return index == count
    }
}
