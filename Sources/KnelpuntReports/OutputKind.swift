// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import KnelpuntData

/// What a command writes at `--out`, and how Knelpunt recognises by content that an existing
/// folder or file is its own (the only kind `--force` replaces).
public enum OutputKind: Sendable, Equatable {
    /// An output folder: it holds a `manifest.json` whose `tool` is `knelpunt`, a sweep journal,
    /// or (mathprog tables, generated datasets) a `year.dat` or `dataset.toml` that starts with
    /// ``knelpuntMarker``. An empty folder counts too.
    case folder
    /// `knelpunt report`: HTML with `<meta name="generator" content="knelpunt …">`.
    case htmlReport
    /// `knelpunt export --format mps`: GLPK's header comment names the problem `knelpunt-…`.
    case freeMPS
    /// `knelpunt export --format lp`: GLPK's header comment names the problem `knelpunt~…`.
    case cplexLP
    /// `knelpunt relief`: the relief table's header row (either CSV dialect).
    case reliefCSV
    /// `knelpunt explain --out`: the explanation table's header row (either CSV dialect).
    case explainCSV

    /// The first line of the text files that carry no other mark of Knelpunt.
    public static let knelpuntMarker = DatasetWriter.knelpuntMarker

    public var isFolder: Bool { self == .folder }

    /// How the refusal names what `--force` replaces.
    var expectation: String {
        switch self {
        case .folder: return "an empty folder or a folder knelpunt wrote (with its manifest.json)"
        case .htmlReport: return "a report knelpunt wrote (generator knelpunt)"
        case .freeMPS: return "an MPS file knelpunt exported"
        case .cplexLP: return "a CPLEX LP file knelpunt exported"
        case .reliefCSV: return "a relief CSV knelpunt wrote"
        case .explainCSV: return "an explain CSV knelpunt wrote"
        }
    }

    /// True when the folder at `path` is empty or was written by Knelpunt.
    static func isKnelpuntFolder(_ path: String) -> Bool {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { return false }
        if names.isEmpty { return true }
        let folder = URL(fileURLWithPath: path, isDirectory: true)
        if names.contains("manifest.json"), let head = regularFileHead(folder.appendingPathComponent("manifest.json").path, bytes: 64 << 20),
            let object = try? JSONSerialization.jsonObject(with: Data(head)) as? [String: Any], object["tool"] as? String == "knelpunt"
        {
            return true
        }
        if names.contains(SweepJournal.fileName), let head = regularFileHead(folder.appendingPathComponent(SweepJournal.fileName).path),
            let line = head.split(separator: 0x0A, omittingEmptySubsequences: false).first,
            // Format 2 lines start with the JSON's SHA-256 and a space; format 1 with the JSON.
            let json = line.firstIndex(of: 0x7B).map({ line[$0...] }),
            let object = try? JSONSerialization.jsonObject(with: Data(json)) as? [String: Any],
            (object["format"] as? String)?.hasPrefix("knelpunt-sweep-journal/") == true
        {
            return true
        }
        for name in ["year.dat", "dataset.toml"] where names.contains(name) {
            if let head = regularFileHead(folder.appendingPathComponent(name).path),
                String(decoding: head, as: UTF8.self).hasPrefix(knelpuntMarker)
            {
                return true
            }
        }
        return false
    }

    /// True when the regular file at `path` is this kind of Knelpunt output.
    func isKnelpuntFile(_ path: String) -> Bool {
        guard let head = Self.regularFileHead(path) else { return false }
        var text = String(decoding: head, as: UTF8.self)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let firstLine = text.prefix { $0 != "\n" && $0 != "\r\n" }
        switch self {
        case .folder: return false
        case .htmlReport: return text.contains("<meta name=\"generator\" content=\"knelpunt ")
        case .freeMPS: return firstLine.hasPrefix("* Problem:") && firstLine.contains("knelpunt-")
        case .cplexLP: return firstLine.hasPrefix("\\* Problem:") && firstLine.contains("knelpunt~")
        case .reliefCSV:
            return [ReliefTables.header, ReliefTables.requestHeader].contains { header in
                [",", ";"].contains { firstLine == header.joined(separator: $0) }
            }
        case .explainCSV:
            return [",", ";"].contains { firstLine == ExplainTables.header.joined(separator: $0) }
        }
    }

    /// The first `bytes` bytes of a regular file (nil for anything else), read without
    /// following a symbolic link and without blocking on a FIFO.
    static func regularFileHead(_ path: String, bytes: Int = 4096) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        let wanted = max(0, min(bytes, Int(info.st_size)))
        var buffer = [UInt8](repeating: 0, count: wanted)
        var filled = 0
        while filled < wanted {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + filled, wanted - filled) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { break }
            filled += count
        }
        return Array(buffer.prefix(filled))
    }
}
