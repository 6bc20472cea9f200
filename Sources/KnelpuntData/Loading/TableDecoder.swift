// SPDX-License-Identifier: GPL-3.0-or-later

/// Where each schema column sits in a file's actual header.
struct HeaderMap {
    /// 1-based line of the header row.
    var line: Int
    /// 0-based header index of each fixed column of the schema (nil = absent).
    var fixed: [Int?]
    /// Extra (profile) columns: name and 0-based header index, in header order.
    var extra: [(name: String, index: Int)] = []
    /// 1-based header column by name, for diagnostics of later checks.
    var columnByName: [String: Int] = [:]
    /// False when a fixed column is missing or duplicated: no records are built from the file.
    var isComplete = true

    /// Checks `table`'s header against `schema`, reporting unknown, missing and duplicate columns.
    init(table: CSVDocument, schema: FileSchema, sink: inout DiagnosticCollector) {
        line = table.headerLine
        fixed = Array(repeating: nil, count: schema.columns.count)
        var seen: [String: Int] = [:]
        let known = schema.columns.map(\.name)
        let headerNames = Set(table.header)
        let absent = known.filter { !headerNames.contains($0) }
        for (index, name) in table.header.enumerated() {
            let position = (file: table.file, line: table.headerLine, column: index + 1)
            if let first = seen[name] {
                sink.report(
                    file: position.file, line: position.line, column: position.column, rule: .duplicateColumn,
                    message: "column `\(name)` appears twice (first as column \(first + 1)); remove one")
                isComplete = false
                continue
            }
            seen[name] = index
            if let specIndex = schema.index(of: name) {
                fixed[specIndex] = index
                columnByName[name] = index + 1
            } else if name.isEmpty {
                sink.report(
                    file: position.file, line: position.line, column: position.column, rule: .unknownColumn,
                    message: "column \(index + 1) has no name; remove the empty column (a trailing comma in the header?)")
            } else if schema.extraColumns != nil {
                if NodeID.isValid(name) {
                    extra.append((name, index))
                    columnByName[name] = index + 1
                } else {
                    sink.report(
                        file: position.file, line: position.line, column: position.column, rule: .badId,
                        message: "profile column \(CellDecoder.quoted(name)) is not a valid id; use only letters, digits, `_`, `.` and `-`")
                    isComplete = false
                }
            } else {
                let suggestion =
                    Spelling.closest(to: name, among: absent)
                    .map { "did you mean `\($0)`?" } ?? "the columns of \(schema.name) are \(known.joined(separator: ", "))"
                sink.report(
                    file: position.file, line: position.line, column: position.column, rule: .unknownColumn,
                    message: "unknown column \(CellDecoder.quoted(name)); \(suggestion)")
            }
        }
        for (specIndex, spec) in schema.columns.enumerated() where fixed[specIndex] == nil && !spec.omittable {
            sink.report(
                file: table.file, line: table.headerLine, column: nil, rule: .missingColumn,
                message:
                    "column `\(spec.name)` is missing from the header; add it (\(spec.presence == .required ? "every row needs a value" : "cells may be empty"))"
            )
            isComplete = false
        }
    }
}

/// One decoded, valid row, read by the record builders.
struct DecodedRow {
    let columnIndex: [String: Int]
    var values: [CellValue]
    /// Values of the extra (profile) columns, in header order.
    var extraValues: [Double]
    var origin: RecordOrigin

    private func value(_ name: String) -> CellValue? { columnIndex[name].map { values[$0] } }

    func text(_ name: String) -> String? {
        if case .text(let text)? = value(name) { return text }
        return nil
    }

    func number(_ name: String) -> Double? {
        if case .number(let number)? = value(name) { return number }
        return nil
    }

    func integer(_ name: String) -> Int? {
        if case .integer(let integer)? = value(name) { return integer }
        return nil
    }

    func date(_ name: String) -> CalendarDate? {
        if case .date(let date)? = value(name) { return date }
        return nil
    }

    func window(_ name: String) -> HourWindow? {
        if case .window(let window)? = value(name) { return window }
        return nil
    }

    func choice<T: RawRepresentable>(_ name: String, as type: T.Type) -> T? where T.RawValue == String {
        text(name).flatMap(T.init(rawValue:))
    }
}

/// Decodes every row of a table against its schema.
struct TableDecoder {
    let table: CSVDocument
    let schema: FileSchema
    let header: HeaderMap

    /// Decodes every cell of every row (reporting problems) and builds a record from each valid
    /// row with `make`, when the header is complete. Also returns the syntactically valid ids of
    /// the `id` column, from valid and invalid rows alike, for reference checks.
    func decode<Record>(
        references: ReferenceIndex, sink: inout DiagnosticCollector,
        make: (DecodedRow) -> Record?
    ) -> (records: [Record], ids: [String]) {
        // One plan per present column; `slots` says where its value goes in the decoded row
        // (fixed columns: index into `values`; profile columns: index into `extraValues`).
        var specs: [ColumnSpec] = []
        var plans: [ColumnPlan] = []
        var slots: [Int] = []
        for (specIndex, headerIndex) in header.fixed.enumerated() {
            guard let headerIndex else { continue }
            specs.append(schema.columns[specIndex])
            plans.append(ColumnPlan(spec: schema.columns[specIndex], headerIndex: headerIndex, isProfile: false))
            slots.append(specIndex)
        }
        if let extraSpec = schema.extraColumns {
            for (position, column) in header.extra.enumerated() {
                var spec = extraSpec
                spec.name = column.name
                specs.append(spec)
                plans.append(ColumnPlan(spec: spec, headerIndex: column.index, isProfile: true))
                slots.append(position)
            }
        }
        let decoder = CellDecoder(file: table.file, specs: specs, references: references)
        let columnIndex = Dictionary(schema.columns.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
        let idSlot = schema.index(of: "id")
        var records: [Record] = []
        var ids: [String] = []
        records.reserveCapacity(table.rowCount)
        var row = DecodedRow(
            columnIndex: columnIndex, values: Array(repeating: .empty, count: schema.columns.count),
            extraValues: Array(repeating: 0, count: header.extra.count),
            origin: RecordOrigin(file: table.file, line: table.headerLine))
        let buildRecords = header.isComplete
        table.withCells { cells in
            plans.withUnsafeBufferPointer { planBuffer in
                slots.withUnsafeBufferPointer { slotBuffer in
                    guard let planBase = planBuffer.baseAddress, let slotBase = slotBuffer.baseAddress else { return }
                    let planCount = planBuffer.count
                    for rowIndex in 0..<table.rowCount {
                        let line = table.line(ofRow: rowIndex)
                        var valid = true
                        for index in 0..<planCount {
                            let plan = planBase[index]
                            let value = decoder.decode(
                                cells.span(row: rowIndex, column: plan.headerIndex), plan: plan, index: index, line: line, into: &sink)
                            if plan.isProfile {
                                if case .number(let number)? = value { row.extraValues[slotBase[index]] = number } else { valid = false }
                            } else if let value {
                                row.values[slotBase[index]] = value
                            } else {
                                row.values[slotBase[index]] = .empty
                                valid = false
                            }
                        }
                        if let idSlot, case .text(let id) = row.values[idSlot] { ids.append(id) }
                        guard valid && buildRecords else { continue }
                        row.origin.line = line
                        if let record = make(row) { records.append(record) }
                    }
                }
            }
        }
        return (records, ids)
    }
}

/// Suggestions for misspelt names.
public enum Spelling {
    /// Up to `count` candidates nearest to `word` by case-insensitive edit distance, nearest
    /// first (ties: candidate order), for "unknown id … closest: …" messages.
    public static func nearest(to word: String, among candidates: [String], count: Int) -> [String] {
        let lower = Array(word.lowercased().unicodeScalars.prefix(64))
        return candidates.enumerated()
            .map { (name: $1, order: $0, distance: editDistance(lower, Array($1.lowercased().unicodeScalars.prefix(64)))) }
            .sorted { ($0.distance, $0.order) < ($1.distance, $1.order) }
            .prefix(count).map(\.name)
    }

    /// The candidate closest to `word` (case-insensitive edit distance ≤ 2, or equal ignoring case).
    static func closest(to word: String, among candidates: [String]) -> String? {
        let lower = Array(word.lowercased().unicodeScalars)
        guard lower.count <= 64 else { return nil }
        var best: (name: String, distance: Int)?
        for candidate in candidates {
            let distance = editDistance(lower, Array(candidate.lowercased().unicodeScalars))
            if distance <= 2 && distance < (best?.distance ?? Int.max) { best = (candidate, distance) }
        }
        return best?.name
    }

    static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = previous
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
