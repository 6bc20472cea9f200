// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import KnelpuntAnalysis

/// What a sweep journal belongs to: resuming or merging refuses a journal of another sweep.
public struct SweepJournalHeader: Codable, Sendable, Hashable {
    public var format = SweepJournal.format
    public var spec: String
    public var specSHA256: String
    public var datasetSHA256: String
    public var policy: String
    /// `requests` or `energy` (``AllocationView``).
    public var view: String
    public var years: [Int]
    /// Scenarios in the whole sweep (all shards).
    public var scenarios: Int
    /// `K/N`.
    public var shard: String
    /// `--until-ci`: the widest 95 % interval (percentage points) at which the sweep stops drawing
    /// samples; `nil` (and left out of the line) for a sweep of all its scenarios.
    public var untilCIPercentagePoints: Double?

    public init(
        spec: String, specSHA256: String, datasetSHA256: String, policy: String, view: String = "requests", years: [Int], scenarios: Int,
        shard: String, untilCIPercentagePoints: Double? = nil
    ) {
        self.spec = spec
        self.specSHA256 = specSHA256
        self.datasetSHA256 = datasetSHA256
        self.policy = policy
        self.view = view
        self.years = years
        self.scenarios = scenarios
        self.shard = shard
        self.untilCIPercentagePoints = untilCIPercentagePoints
    }

    enum CodingKeys: String, CodingKey {
        case format, spec, policy, view, years, scenarios, shard
        case specSHA256 = "spec_sha256"
        case datasetSHA256 = "dataset_sha256"
        case untilCIPercentagePoints = "until_ci_pp"
    }

    /// The same sweep (spec, inputs, rule, view, years, size, stopping rule), whatever the shard.
    public func isSameSweep(as other: Self) -> Bool {
        format == other.format && specSHA256 == other.specSHA256 && datasetSHA256 == other.datasetSHA256
            && policy == other.policy && view == other.view && years == other.years && scenarios == other.scenarios
            && untilCIPercentagePoints == other.untilCIPercentagePoints
    }
}

/// Why a journal cannot be used.
public struct SweepJournalError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// It cannot be read, written or used here (a file-system problem, another sweep's folder).
        case unusable
        /// Its content fails the checks: a line edited after it was written, or an old format.
        case corrupt
    }
    public var kind: Kind
    public var description: String
    public init(_ description: String, kind: Kind = .unusable) {
        self.description = description
        self.kind = kind
    }
}

/// `sweep.journal`: one line per finished scenario after a header line, appended and fsync'ed
/// as each scenario finishes, so an interrupted sweep loses at most the scenarios in flight.
/// Every line is `<SHA-256 of the JSON, 64 hex digits> <JSON>`: reading rejects a line whose
/// value was changed (naming file:line), and drops only a torn last line (one without its
/// newline). A finished sweep rewrites the journal sorted by scenario index
/// (``writeCompacted(to:header:results:)``), so it too is byte-identical however the sweep was run.
public final class SweepJournal: @unchecked Sendable {
    /// Format 2 added the line checksums, format 3 the view and the grants per request, format 4
    /// the shadow value of every asset and the totals per consumer group (sweep-statistics.csv);
    /// older journals are refused (rerun the sweep): their scenarios lack what the statistics need.
    public static let format = "knelpunt-sweep-journal/4"
    public static let fileName = "sweep.journal"

    public let url: URL
    private let lock = NSLock()
    private let descriptor: Int32

    private init(url: URL, descriptor: Int32) {
        self.url = url
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// `<sha256 hex of the JSON> <JSON>\n`.
    static func line<T: Encodable>(_ value: T) throws -> Data {
        let json = try encoder().encode(value)
        var data = Data(SHA256.hex(json).utf8)
        data.append(0x20)
        data.append(json)
        data.append(0x0A)
        return data
    }

    /// The JSON of line `number` of `url` after checking its checksum.
    static func payload(_ line: ArraySlice<UInt8>, number: Int, of url: URL) throws(SweepJournalError) -> Data {
        let digits = 64
        guard line.count > digits, line[line.startIndex + digits] == 0x20 else {
            throw SweepJournalError(
                "\(url.path):\(number): not a checksummed journal line; the journal was changed after knelpunt wrote it. Run the sweep again without --resume (with --force to replace the folder)",
                kind: .corrupt)
        }
        let checksum = String(decoding: line.prefix(digits), as: UTF8.self)
        let json = line.dropFirst(digits + 1)
        guard SHA256.hex(json) == checksum else {
            throw SweepJournalError(
                "\(url.path):\(number): checksum mismatch: this line was changed after knelpunt wrote it, so its results cannot be trusted. Delete the line (its scenario is then solved again with --resume), or run the sweep again without --resume (with --force to replace the folder)",
                kind: .corrupt)
        }
        return Data(json)
    }

    /// Creates a new journal holding only `header` (replacing any file at `url`).
    public static func create(at url: URL, header: SweepJournalHeader) throws(SweepJournalError) -> SweepJournal {
        do {
            try line(header).write(to: url, options: .atomic)
        } catch {
            throw SweepJournalError("cannot write \(url.path): \(ReportError.reason(error))")
        }
        return try openForAppending(url)
    }

    /// What to do with an output folder that already exists.
    public enum Existing: Sendable {
        /// Refuse it.
        case refuse
        /// Continue the sweep journalled there.
        case resume
        /// Start over in a fresh folder swapped in for it, when it is Knelpunt's (``OutputClaim``).
        case replace
    }

    /// Starts or continues the journal of `header`'s sweep in `folder`: a missing folder is
    /// created with a new journal; an existing one is resumed (when it holds a journal),
    /// replaced or refused as `existing` says. Returns the journal and the scenarios already
    /// finished.
    public static func start(in folder: URL, header: SweepJournalHeader, existing: Existing) throws(SweepJournalError) -> (
        SweepJournal, [SweepResult]
    ) {
        let manager = FileManager.default
        let url = folder.appendingPathComponent(fileName)
        if manager.fileExists(atPath: folder.path) {
            switch existing {
            case .resume where manager.fileExists(atPath: url.path):
                return try resume(at: url, header: header)
            case .replace:
                do {
                    let claim = try OutputClaim(path: folder.path, kind: .folder, existing: .replace)
                    defer { claim.release() }
                    try claim.writeFolder { staging in _ = try create(at: staging.appendingPathComponent(fileName), header: header) }
                } catch {
                    throw SweepJournalError("\(error)")
                }
                return try resume(at: url, header: header)
            case .resume, .refuse:
                throw SweepJournalError(
                    "\(folder.path) already exists; pass --resume to continue its sweep, --force to start over, or choose another --out")
            }
        }
        do {
            try manager.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw SweepJournalError("cannot create \(folder.path): \(ReportError.reason(error))")
        }
        return (try create(at: url, header: header), [])
    }

    /// Opens an existing journal to continue it: checks that it belongs to `header`'s sweep and
    /// shard, cuts off a torn last line, and returns the scenarios already finished.
    public static func resume(at url: URL, header: SweepJournalHeader) throws(SweepJournalError) -> (SweepJournal, [SweepResult]) {
        let (found, results, validBytes) = try read(url)
        guard found.isSameSweep(as: header), found.shard == header.shard else {
            throw SweepJournalError(
                "\(url.path) belongs to another sweep or shard (spec \(found.spec), shard \(found.shard)); use another --out folder, or --force to start over"
            )
        }
        if truncate(url.path, off_t(validBytes)) != 0 {
            throw SweepJournalError("cannot cut the torn last line of \(url.path): \(String(cString: strerror(errno)))")
        }
        return (try openForAppending(url), results)
    }

    private static func openForAppending(_ url: URL) throws(SweepJournalError) -> SweepJournal {
        let descriptor = open(url.path, O_WRONLY | O_APPEND)
        guard descriptor >= 0 else { throw SweepJournalError("cannot open \(url.path) for appending: \(String(cString: strerror(errno)))") }
        return SweepJournal(url: url, descriptor: descriptor)
    }

    /// Appends one finished scenario and waits until it is on disk (one `write`, then `fsync`).
    public func append(_ result: SweepResult) throws(SweepJournalError) {
        let data: Data
        do {
            data = try Self.line(result)
        } catch {
            throw SweepJournalError("cannot encode scenario \(result.index): \(error)")
        }
        lock.lock()
        defer { lock.unlock() }
        let written = data.withUnsafeBytes { buffer in write(descriptor, buffer.baseAddress, buffer.count) }
        guard written == data.count, fsync(descriptor) == 0 else {
            throw SweepJournalError("cannot append to \(url.path): \(String(cString: strerror(errno)))")
        }
    }

    /// The header, the finished scenarios (one per index, in index order) and the length of the
    /// part made of whole lines. Lines that do not decode (a torn write) are left out.
    public static func read(_ url: URL) throws(SweepJournalError) -> (SweepJournalHeader, [SweepResult], Int) {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw SweepJournalError("no journal at \(url.path); is this a sweep output folder?")
        }
        let bytes = [UInt8](data)
        var lines: [ArraySlice<UInt8>] = []
        var start = 0
        var validBytes = 0
        for (offset, byte) in bytes.enumerated() where byte == 0x0A {
            lines.append(bytes[start..<offset])
            start = offset + 1
            validBytes = start
        }
        let decoder = JSONDecoder()
        guard let first = lines.first else {
            throw SweepJournalError("\(url.path) is not a knelpunt sweep journal (\(format))")
        }
        struct FormatOnly: Decodable { var format: String }
        if first.first == UInt8(ascii: "{"), let old = try? decoder.decode(FormatOnly.self, from: Data(first)) {
            throw SweepJournalError(
                "\(url.path):1: a journal of format \(old.format), written by an earlier knelpunt without line checksums; it cannot be resumed or merged. Run the sweep again without --resume (with --force to replace the folder)",
                kind: .corrupt)
        }
        let headerJSON = try payload(first, number: 1, of: url)
        if let found = try? decoder.decode(FormatOnly.self, from: headerJSON), found.format != format,
            found.format.hasPrefix("knelpunt-sweep-journal/")
        {
            throw SweepJournalError(
                "\(url.path):1: a journal of format \(found.format), written by an earlier knelpunt (this one writes \(format)); it cannot be resumed or merged"
                    + (found.format == "knelpunt-sweep-journal/3"
                        ? ": its scenarios lack the shadow values per asset and the totals per consumer group that sweep-statistics.csv needs" : "")
                    + ". Run the sweep again without --resume (with --force to replace the folder)",
                kind: .corrupt)
        }
        guard let header = try? decoder.decode(SweepJournalHeader.self, from: headerJSON), header.format == format else {
            throw SweepJournalError("\(url.path):1: not a knelpunt sweep journal header (\(format))", kind: .corrupt)
        }
        var byIndex: [Int: SweepResult] = [:]
        for (offset, line) in lines.enumerated().dropFirst() {
            let json = try payload(line, number: offset + 1, of: url)
            guard let result = try? decoder.decode(SweepResult.self, from: json) else {
                throw SweepJournalError(
                    "\(url.path):\(offset + 1): the checksum matches but the line is not a scenario result of this knelpunt version; run the sweep again without --resume",
                    kind: .corrupt)
            }
            if byIndex[result.index] == nil { byIndex[result.index] = result }
        }
        return (header, byIndex.keys.sorted().compactMap { byIndex[$0] }, validBytes)
    }

    /// Writes `results` sorted by index after `header`, replacing `url` atomically.
    public static func writeCompacted(to url: URL, header: SweepJournalHeader, results: [SweepResult]) throws(SweepJournalError) {
        do {
            var data = try line(header)
            for result in results.sorted(by: { $0.index < $1.index }) { data.append(try line(result)) }
            try data.write(to: url, options: .atomic)
        } catch {
            throw SweepJournalError("cannot write \(url.path): \(ReportError.reason(error))")
        }
    }
}
