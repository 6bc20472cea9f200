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
    public var years: [Int]
    /// Scenarios in the whole sweep (all shards).
    public var scenarios: Int
    /// `K/N`.
    public var shard: String

    public init(spec: String, specSHA256: String, datasetSHA256: String, policy: String, years: [Int], scenarios: Int, shard: String) {
        self.spec = spec
        self.specSHA256 = specSHA256
        self.datasetSHA256 = datasetSHA256
        self.policy = policy
        self.years = years
        self.scenarios = scenarios
        self.shard = shard
    }

    enum CodingKeys: String, CodingKey {
        case format, spec, policy, years, scenarios, shard
        case specSHA256 = "spec_sha256"
        case datasetSHA256 = "dataset_sha256"
    }

    /// The same sweep (spec, inputs, rule, years, size), whatever the shard.
    public func isSameSweep(as other: Self) -> Bool {
        format == other.format && specSHA256 == other.specSHA256 && datasetSHA256 == other.datasetSHA256
            && policy == other.policy && years == other.years && scenarios == other.scenarios
    }
}

/// Why a journal cannot be used.
public struct SweepJournalError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// `sweep.journal`: one JSON line per finished scenario after a header line, appended and
/// fsync'ed as each scenario finishes, so an interrupted sweep loses at most the scenarios in
/// flight. Reading drops a torn last line; a finished sweep rewrites the journal sorted by
/// scenario index (``writeCompacted(to:header:results:)``), so it too is byte-identical however
/// the sweep was run.
public final class SweepJournal: @unchecked Sendable {
    public static let format = "knelpunt-sweep-journal/1"
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

    static func line<T: Encodable>(_ value: T) throws -> Data {
        var data = try encoder().encode(value)
        data.append(0x0A)
        return data
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
    public static func start(in folder: URL, header: SweepJournalHeader, existing: Existing) throws(SweepJournalError) -> (SweepJournal, [SweepResult]) {
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
                throw SweepJournalError("\(folder.path) already exists; pass --resume to continue its sweep, --force to start over, or choose another --out")
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
            throw SweepJournalError("\(url.path) belongs to another sweep or shard (spec \(found.spec), shard \(found.shard)); use another --out folder, or --force to start over")
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
        lock.lock(); defer { lock.unlock() }
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
        guard let first = lines.first, let header = try? decoder.decode(SweepJournalHeader.self, from: Data(first)),
              header.format == format else {
            throw SweepJournalError("\(url.path) is not a knelpunt sweep journal (\(format))")
        }
        var byIndex: [Int: SweepResult] = [:]
        for line in lines.dropFirst() {
            guard let result = try? decoder.decode(SweepResult.self, from: Data(line)) else { continue }
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
