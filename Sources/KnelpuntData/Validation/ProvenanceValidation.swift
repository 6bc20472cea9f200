// SPDX-License-Identifier: GPL-3.0-or-later

/// One row of sources.csv.
struct ProvenanceEntry: Hashable, Sendable {
    var file: String
    var row: String
    var column: String
    var kind: ProvenanceKind
    var source: String
    var origin: RecordOrigin

    static func build(_ decoded: DecodedRow) -> ProvenanceEntry? {
        guard let file = decoded.text("file"), let row = decoded.text("row"), let column = decoded.text("column"),
            let kind = decoded.choice("kind", as: ProvenanceKind.self), let source = decoded.text("source")
        else { return nil }
        return ProvenanceEntry(file: file, row: row, column: column, kind: kind, source: source, origin: decoded.origin)
    }
}

/// How many non-zero number cells of a file (or a dataset) are sourced, derived or estimated.
public struct ProvenanceCount: Hashable, Sendable {
    public var sourced = 0
    public var derived = 0
    public var estimate = 0

    public init(sourced: Int = 0, derived: Int = 0, estimate: Int = 0) {
        self.sourced = sourced
        self.derived = derived
        self.estimate = estimate
    }

    public var cells: Int { sourced + derived + estimate }

    /// (sourced + derived) / cells, in [0, 1]; 0 for no cells.
    public var sourcedOrDerivedShare: Double { cells == 0 ? 0 : Double(sourced + derived) / Double(cells) }

    mutating func add(_ kind: ProvenanceKind) {
        switch kind {
        case .sourced: sourced += 1
        case .derived: derived += 1
        case .estimate: estimate += 1
        }
    }

    static func + (lhs: Self, rhs: Self) -> Self {
        Self(sourced: lhs.sourced + rhs.sourced, derived: lhs.derived + rhs.derived, estimate: lhs.estimate + rhs.estimate)
    }
}

/// The provenance counts of a dataset, per file in documentation order.
public struct ProvenanceSummary: Hashable, Sendable {
    public struct FileCount: Hashable, Sendable {
        public var file: String
        public var count: ProvenanceCount
    }

    public var files: [FileCount]
    public var total: ProvenanceCount { files.reduce(ProvenanceCount()) { $0 + $1.count } }
}

/// Checks sources.csv against the other files, and counts provenance per cell.
struct ProvenanceCheck {
    let tables: [String: CSVDocument]
    let headers: [String: HeaderMap]
    let brokenFiles: Set<String>

    /// Files with more rows than this get no "did you mean" for an unknown row key.
    static let maxSuggestionRows = 10_000

    /// Reports unknown files, rows and columns and duplicate entries; returns the entries that hold.
    func validate(_ entries: [ProvenanceEntry], sink: inout DiagnosticCollector) -> [ProvenanceEntry] {
        let sourcesHeader = headers[DatasetSchema.sources.name]
        func column(_ name: String) -> Int? { sourcesHeader?.columnByName[name] }
        // Row keys per file, read on first use; nil when the file's key columns are absent.
        var keysByFile: [String: Set<String>?] = [:]
        var seen: [EntryKey: Int] = [:]
        var valid: [ProvenanceEntry] = []
        let names = ProvenanceSchema.targetFiles.map(\.name)
        for entry in entries {
            let line = entry.origin.line
            guard let file = ProvenanceSchema.targetFiles.first(where: { $0.name == entry.file }), tables[entry.file] != nil else {
                let hint =
                    names.contains(entry.file)
                    ? "\(entry.file) is not in this dataset; add the file or remove the entry"
                    : Spelling.closest(to: entry.file, among: names).map { "did you mean `\($0)`?" }
                        ?? "name one of \(names.joined(separator: ", "))"
                sink.report(
                    file: DatasetSchema.sources.name, line: line, column: column("file"), rule: .provenanceUnknownFile,
                    message: "unknown file \(CellDecoder.quoted(entry.file)); \(hint)")
                continue
            }
            var holds = true
            if entry.row != ProvenanceSchema.wildcard, !brokenFiles.contains(file.name) {
                if keysByFile[file.name] == nil { keysByFile[file.name] = rowKeys(of: file) }
                if let keys = keysByFile[file.name] ?? nil, !keys.contains(entry.row) {
                    let key = ProvenanceSchema.keyColumns(of: file)
                    let form =
                        key.isEmpty
                        ? "this file has no row key; use `*`" : "its rows are keyed by \(key.joined(separator: ProvenanceSchema.keySeparator))"
                    // A suggestion costs one edit distance per row: only for files of modest size.
                    let candidates = keys.count <= Self.maxSuggestionRows ? keys.sorted() : []
                    let hint = Spelling.closest(to: entry.row, among: candidates).map { "did you mean `\($0)`? " } ?? ""
                    sink.report(
                        file: DatasetSchema.sources.name, line: line, column: column("row"), rule: .provenanceUnknownRow,
                        message: "\(file.name) has no row \(CellDecoder.quoted(entry.row)); \(hint)(\(form), or `*` for every row)")
                    holds = false
                }
            }
            if entry.column != ProvenanceSchema.wildcard, !brokenFiles.contains(file.name) {
                let counted = numberColumns(of: file).map(\.name)
                if !counted.contains(entry.column) {
                    let hint = Spelling.closest(to: entry.column, among: counted).map { "did you mean `\($0)`? " } ?? ""
                    sink.report(
                        file: DatasetSchema.sources.name, line: line, column: column("column"), rule: .provenanceUnknownColumn,
                        message:
                            "\(CellDecoder.quoted(entry.column)) is not a number column of \(file.name); \(hint)(number columns: \(counted.isEmpty ? "none" : counted.joined(separator: ", ")), or `*`)"
                    )
                    holds = false
                }
            }
            let key = EntryKey(file: entry.file, row: entry.row, column: entry.column)
            if let first = seen[key] {
                sink.report(
                    file: DatasetSchema.sources.name, line: line, column: column("row"), rule: .duplicateProvenance,
                    message: "a second entry for \(entry.file) row `\(entry.row)` column `\(entry.column)` (first on line \(first)); keep one")
                continue
            }
            seen[key] = line
            if holds { valid.append(entry) }
        }
        return valid
    }

    /// Counts every non-zero number cell of every data file by its provenance kind.
    func count(_ entries: [ProvenanceEntry]) -> ProvenanceSummary {
        var kinds: [EntryKey: ProvenanceKind] = [:]
        for entry in entries { kinds[EntryKey(file: entry.file, row: entry.row, column: entry.column)] = entry.kind }
        var files: [ProvenanceSummary.FileCount] = []
        for file in ProvenanceSchema.targetFiles {
            guard let table = tables[file.name], let header = headers[file.name] else { continue }
            let keys = rowKeyList(of: file) ?? Array(repeating: ProvenanceSchema.wildcard, count: table.rowCount)
            let sourceIndex = header.columnByName["source"].map { $0 - 1 }
            let columns = numberColumns(of: file)
            var count = ProvenanceCount()
            let any = ProvenanceSchema.wildcard
            for row in 0..<table.rowCount {
                for column in columns {
                    guard let value = Double(table.string(row: row, column: column.index)), value != 0 else { continue }
                    let kind =
                        kinds[EntryKey(file: file.name, row: keys[row], column: column.name)]
                        ?? kinds[EntryKey(file: file.name, row: keys[row], column: any)]
                        ?? kinds[EntryKey(file: file.name, row: any, column: column.name)]
                        ?? kinds[EntryKey(file: file.name, row: any, column: any)]
                        ?? fallback(sourceIndex.map { table.string(row: row, column: $0) } ?? "")
                    count.add(kind)
                }
            }
            files.append(.init(file: file.name, count: count))
        }
        return ProvenanceSummary(files: files)
    }

    /// A row's own `source` cell: `estimate:` at the start → estimate, `derived:` → derived,
    /// other text → sourced, empty → estimate.
    func fallback(_ source: String) -> ProvenanceKind {
        let lowered = source.lowercased()
        if source.isEmpty || lowered.hasPrefix(ProvenanceSchema.estimatePrefix) { return .estimate }
        if lowered.hasPrefix(ProvenanceSchema.derivedPrefix) { return .derived }
        return .sourced
    }

    /// The number columns present in a file: name and 0-based header index.
    private func numberColumns(of file: FileSchema) -> [(name: String, index: Int)] {
        guard let header = headers[file.name] else { return [] }
        var columns: [(name: String, index: Int)] = []
        for (specIndex, spec) in file.columns.enumerated() where ProvenanceSchema.isCounted(spec) {
            if let index = header.fixed[specIndex] { columns.append((spec.name, index)) }
        }
        if let extra = file.extraColumns, ProvenanceSchema.isCounted(extra) { columns += header.extra }
        return columns
    }

    /// Every row's key in file order, or nil when the file has no key or its key columns are absent.
    private func rowKeyList(of file: FileSchema) -> [String]? {
        guard let table = tables[file.name], let header = headers[file.name] else { return nil }
        let names = ProvenanceSchema.keyColumns(of: file)
        let indices = names.compactMap { header.columnByName[$0].map { $0 - 1 } }
        guard !names.isEmpty, indices.count == names.count else { return nil }
        return (0..<table.rowCount).map { row in
            indices.map { table.string(row: row, column: $0) }.filter { !$0.isEmpty }.joined(separator: ProvenanceSchema.keySeparator)
        }
    }

    private func rowKeys(of file: FileSchema) -> Set<String>? {
        guard let list = rowKeyList(of: file) else { return ProvenanceSchema.keyColumns(of: file).isEmpty ? [] : nil }
        return Set(list)
    }

    private struct EntryKey: Hashable {
        var file: String
        var row: String
        var column: String
    }
}
