// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// Loads and validates a dataset folder (see docs/dataset-format.md).
///
/// Reading happens in three passes, all of which run even after errors so that one run reports
/// every problem: the files (names, sizes, encoding, CSV syntax, headers), the cells (types,
/// ranges, references, driven by ``DatasetSchema``), and the records (the named
/// ``DatasetValidation/rules``).
///
/// ```swift
/// let loaded = try DatasetLoader.load(from: URL(fileURLWithPath: "datasets/tiny"))
/// print(loaded.dataset.nodes.count, loaded.diagnostics) // warnings only
/// ```
public enum DatasetLoader {
    public struct Options: Hashable, Sendable {
        /// Treat warnings as errors.
        public var strict: Bool
        /// Files larger than this are rejected (`fileTooLarge`) without being read.
        public var maxFileBytes: Int
        /// At most this many diagnostics per file and rule are listed; the rest are counted.
        public var maxDiagnosticsPerRule: Int
        /// Count the non-zero number cells of every file by provenance (``LoadedDataset/provenance``).
        public var countsProvenance: Bool

        /// 200 MB.
        public static let defaultMaxFileBytes = 200_000_000

        public init(
            strict: Bool = false, maxFileBytes: Int = defaultMaxFileBytes, maxDiagnosticsPerRule: Int = 100, countsProvenance: Bool = false
        ) {
            self.strict = strict
            self.countsProvenance = countsProvenance
            self.maxFileBytes = maxFileBytes
            self.maxDiagnosticsPerRule = maxDiagnosticsPerRule
        }
    }

    /// Loads the dataset in `folder`.
    /// - Throws: ``DatasetError`` with every diagnostic when there is at least one error.
    public static func load(from folder: URL, options: Options = Options()) throws(DatasetError) -> LoadedDataset {
        try load(from: DatasetFolder(url: folder), options: options)
    }

    /// Loads the dataset in `folder`; `strict` turns warnings into errors.
    /// - Throws: ``DatasetError`` with every diagnostic when there is at least one error.
    public static func load(from folder: URL, strict: Bool) throws(DatasetError) -> LoadedDataset {
        try load(from: DatasetFolder(url: folder), options: Options(strict: strict))
    }

    /// Loads a dataset from any ``DatasetSource`` (a folder, or files in memory).
    /// - Throws: ``DatasetError`` with every diagnostic when there is at least one error.
    public static func load(from source: some DatasetSource, options: Options = Options()) throws(DatasetError) -> LoadedDataset {
        var session = LoadSession(options: options)
        let dataset = session.run(source)
        var diagnostics = session.sink.finished(fileOrder: ["."] + DatasetSchema.fileNames)
        if options.strict {
            for index in diagnostics.indices { diagnostics[index].severity = .error }
        }
        guard let dataset, !diagnostics.contains(where: { $0.severity == .error }) else {
            throw DatasetError(diagnostics: diagnostics)
        }
        return LoadedDataset(dataset: dataset, diagnostics: diagnostics, provenance: session.provenance)
    }
}

extension Dataset {
    /// Loads and validates the dataset in `folder`; `strict` turns warnings into errors.
    /// - Throws: ``DatasetError`` with every diagnostic when there is at least one error.
    public static func load(from folder: URL, strict: Bool = false) throws(DatasetError) -> LoadedDataset {
        try DatasetLoader.load(from: folder, options: .init(strict: strict))
    }
}

/// The state of one load.
struct LoadSession {
    let options: DatasetLoader.Options
    var sink: DiagnosticCollector
    var references = ReferenceIndex()
    var headers: [String: HeaderMap] = [:]
    /// Files that are missing, unreadable or have a broken header: checks that need them are skipped.
    var brokenFiles: Set<String> = []
    /// Files with at least one row that did not decode: checks over all rows are skipped.
    var filesWithBadRows: Set<String> = []
    /// The provenance counts, when ``DatasetLoader/Options/countsProvenance`` asks for them.
    var provenance: ProvenanceSummary?

    init(options: DatasetLoader.Options) {
        self.options = options
        sink = DiagnosticCollector(maxPerRule: options.maxDiagnosticsPerRule)
    }

    mutating func run(_ source: some DatasetSource) -> Dataset? {
        guard let files = readFiles(source) else { return nil }
        var manifestPositions: [String: TOMLPosition] = [:]
        let info = files[DatasetSchema.manifestFile].flatMap { ManifestDecoder.decode($0, sink: &sink, positions: &manifestPositions) }

        var tables: [String: CSVDocument] = [:]
        for schema in DatasetSchema.files {
            guard let bytes = files[schema.name] else { continue }
            if let table = CSVReader.read(bytes, file: schema.name, diagnostics: &sink) {
                let header = HeaderMap(table: table, schema: schema, sink: &sink)
                headers[schema.name] = header
                if !header.isComplete { brokenFiles.insert(schema.name) }
                tables[schema.name] = table
            } else {
                brokenFiles.insert(schema.name)
            }
        }

        // Referenced ids come from files read earlier in `loadOrder`.
        let nodes = decode(DatasetSchema.nodes, tables, kind: .node, RecordBuilders.node)
        let slices = decode(DatasetSchema.timeslices, tables, kind: nil, RecordBuilders.timeslice)
        let profileNames = headers[DatasetSchema.timeslices.name]?.extra.map(\.name) ?? []
        references.ids[.profile] = Set(profileNames)
        if brokenFiles.contains(DatasetSchema.timeslices.name) { references.unchecked.insert(.profile) }
        let links = decode(DatasetSchema.links, tables, kind: .asset, RecordBuilders.link)
        // Only links are assets so far: they are the ids a `link` reference may name.
        references.ids[.link] = references.ids[.asset] ?? []
        if references.unchecked.contains(.asset) { references.unchecked.insert(.link) }
        let supplies = decode(DatasetSchema.supply, tables, kind: .asset, RecordBuilders.supply)
        let conversions = decode(DatasetSchema.conversions, tables, kind: .asset, RecordBuilders.conversion)
        let projects = decode(DatasetSchema.projects, tables, kind: .project, RecordBuilders.project)
        let groupContracts = decode(DatasetSchema.groupContracts, tables, kind: .groupContract, RecordBuilders.groupContract)
        let consumers = decode(DatasetSchema.consumers, tables, kind: .consumer, RecordBuilders.consumer)
        let demand = decode(DatasetSchema.demand, tables, kind: nil, RecordBuilders.demandLevel)
        let eops = decode(DatasetSchema.eops, tables, kind: .eop, RecordBuilders.eop)
        let transitions = decode(DatasetSchema.transition, tables, kind: nil, RecordBuilders.transition)
        let flex = decode(DatasetSchema.flex, tables, kind: nil, RecordBuilders.flex)
        let contingencies = decode(DatasetSchema.contingencies, tables, kind: nil, RecordBuilders.contingency)
        let delayDistributions = decode(DatasetSchema.delayDistributions, tables, kind: nil, RecordBuilders.delayDistribution)
        let provenanceCheck = ProvenanceCheck(tables: tables, headers: headers, brokenFiles: brokenFiles)
        let entries = provenanceCheck.validate(decode(DatasetSchema.sources, tables, kind: nil, ProvenanceEntry.build), sink: &sink)
        if options.countsProvenance { provenance = provenanceCheck.count(entries) }

        let records = Dataset(
            info: info ?? DatasetInfo(name: "", title: "", description: "", years: [], defaultVOLLEURPerMWh: 0, energyBasis: "", sources: []),
            nodes: nodes, links: links, projects: projects, supplies: supplies, conversions: conversions, consumers: consumers,
            demand: demand, transitions: transitions, flex: flex,
            timeslices: Timeslices(profileNames: profileNames, slices: slices),
            contingencies: contingencies, listsContingencies: files[DatasetSchema.contingencies.name] != nil,
            groupContracts: groupContracts, eops: eops, delayDistributions: delayDistributions)
        let context = ValidationContext(
            info: info, manifestPositions: manifestPositions, records: records, headers: headers,
            brokenFiles: brokenFiles, filesWithBadRows: filesWithBadRows)
        for rule in DatasetValidation.rules {
            rule.check(context, &sink)
        }
        return info == nil ? nil : records
    }

    /// Lists the folder and reads every known file, reporting unknown, missing, huge and unreadable ones.
    private mutating func readFiles(_ source: some DatasetSource) -> [String: [UInt8]]? {
        let entries: [DatasetEntry]
        do {
            entries = try source.entries()
        } catch {
            sink.report(file: ".", line: nil, column: nil, rule: .missingFolder, message: error.message)
            return nil
        }
        let known = DatasetSchema.fileNames
        let listed = Set(entries.map(\.name))
        let absent = known.filter { !listed.contains($0) }
        var present: [String: DatasetEntry] = [:]
        for entry in entries.sorted(by: { $0.name < $1.name }) {
            if entry.name.hasPrefix(".") || DatasetSchema.ignoredNames.contains(entry.name) { continue }
            if known.contains(entry.name) && !entry.isDirectory {
                present[entry.name] = entry
                continue
            }
            let what = entry.isDirectory ? "folder" : "file"
            let hint =
                Spelling.closest(to: entry.name, among: absent)
                .map { "did you mean `\($0)`?" } ?? "remove it or move it out of the dataset folder"
            sink.report(
                file: entry.name, line: nil, column: nil, rule: .unknownFile,
                message: "\(what) `\(entry.name)` is not part of the dataset format; \(hint)")
        }
        var files: [String: [UInt8]] = [:]
        let requiredNames = [DatasetSchema.manifestFile] + DatasetSchema.files.filter(\.required).map(\.name)
        for name in known {
            guard let entry = present[name] else {
                if requiredNames.contains(name) {
                    sink.report(
                        file: name, line: nil, column: nil, rule: .missingFile,
                        message: "required file \(name) is missing; add it (see docs/dataset-format.md)")
                    brokenFiles.insert(name)
                }
                continue
            }
            if let size = entry.byteCount, size > options.maxFileBytes {
                sink.report(
                    file: name, line: nil, column: nil, rule: .fileTooLarge,
                    message: "\(name) is \(size) bytes, above the limit of \(options.maxFileBytes); aggregate the data (fewer timeslices or rows)")
                brokenFiles.insert(name)
                continue
            }
            do {
                let bytes = try source.contents(of: name)
                guard bytes.count <= options.maxFileBytes else {
                    sink.report(
                        file: name, line: nil, column: nil, rule: .fileTooLarge,
                        message: "\(name) is \(bytes.count) bytes, above the limit of \(options.maxFileBytes); aggregate the data")
                    brokenFiles.insert(name)
                    continue
                }
                files[name] = bytes
            } catch {
                sink.report(file: name, line: nil, column: nil, rule: .unreadableFile, message: error.message)
                brokenFiles.insert(name)
            }
        }
        return files
    }

    /// Decodes one file's rows into records and records its ids for later reference checks.
    private mutating func decode<Record>(
        _ schema: FileSchema, _ tables: [String: CSVDocument], kind: ReferenceKind?,
        _ make: (DecodedRow) -> Record?
    ) -> [Record] {
        guard let table = tables[schema.name], let header = headers[schema.name] else {
            if let kind, brokenFiles.contains(schema.name) { references.unchecked.insert(kind) }
            return []
        }
        let decoded = TableDecoder(table: table, schema: schema, header: header).decode(references: references, sink: &sink, make: make)
        if decoded.records.count != table.rowCount || table.droppedRecordCount > 0 { filesWithBadRows.insert(schema.name) }
        if let kind {
            references.ids[kind, default: []].formUnion(decoded.ids)
            if !header.isComplete && header.fixed[schema.index(of: "id") ?? 0] == nil { references.unchecked.insert(kind) }
        }
        return decoded.records
    }
}
