// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import KnelpuntAnalysis
import KnelpuntReports
import Testing

/// ``SweepJournal/start(in:header:existing:)``: a new folder gets a new journal; an existing one
/// is resumed, replaced or refused.
@Suite struct SweepJournalTests {
    let header = SweepJournalHeader(spec: "s", specSHA256: "a", datasetSHA256: "b", policy: "cost", years: [2030], scenarios: 3, shard: "1/1")

    func result(_ index: Int) -> SweepResult {
        let year = SweepResult.Year(year: 2030, demandMWh: 10, unservedMWh: Double(index), co2AtRiskKt: 0, costEUR: 1, bottlenecks: [], consumers: [])
        return SweepResult(index: index, label: "r\(index)", delays: "", years: [year])
    }

    func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("knelpunt-journal-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func aMissingFolderGetsANewJournal() throws {
        let parent = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: parent) }
        let folder = parent.appendingPathComponent("a/b")
        let (journal, finished) = try SweepJournal.start(in: folder, header: header, existing: .refuse)
        #expect(finished.isEmpty)
        try journal.append(result(0))
        let (read, results, _) = try SweepJournal.read(folder.appendingPathComponent(SweepJournal.fileName))
        #expect(read == header)
        #expect(results.map(\.index) == [0])
    }

    @Test func resumeKeepsTheFinishedScenarios() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.removeItem(at: folder)
        let (journal, _) = try SweepJournal.start(in: folder, header: header, existing: .refuse)
        try journal.append(result(2))
        try journal.append(result(0))
        let (_, finished) = try SweepJournal.start(in: folder, header: header, existing: .resume)
        #expect(finished.map(\.index) == [0, 2])
        var other = header
        other.specSHA256 = "c"
        #expect(throws: SweepJournalError.self) { try SweepJournal.start(in: folder, header: other, existing: .resume) }
    }

    /// Every line carries the SHA-256 of its JSON: a value edited in place (the checksum left
    /// as it was) is rejected, naming the file and line.
    @Test func anEditedLineIsRejectedWithFileAndLine() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.removeItem(at: folder)
        let (journal, _) = try SweepJournal.start(in: folder, header: header, existing: .refuse)
        for index in 0..<3 { try journal.append(result(index)) }
        let url = folder.appendingPathComponent(SweepJournal.fileName)
        var lines = try String(contentsOf: url, encoding: .utf8).components(separatedBy: "\n")
        #expect(lines[2].hasPrefix(SHA256.hex(Data(lines[2].dropFirst(65).utf8)) + " {"))
        // Line 3 holds scenario 1 with unserved 1 MWh: make it 0.
        #expect(lines[2].contains("\"unservedMWh\":1,"))
        lines[2] = lines[2].replacingOccurrences(of: "\"unservedMWh\":1,", with: "\"unservedMWh\":0,")
        try lines.joined(separator: "\n").write(to: url, atomically: true, encoding: .utf8)
        let error = #expect(throws: SweepJournalError.self) { try SweepJournal.read(url) }
        #expect(error?.kind == .corrupt)
        #expect(error?.description.hasPrefix("\(url.path):3: checksum mismatch") == true, "\(error?.description ?? "")")
        #expect(throws: SweepJournalError.self) { try SweepJournal.start(in: folder, header: header, existing: .resume) }
    }

    /// A journal of format 1 (no checksums) is refused with the way out.
    @Test func anOldFormatJournalIsRefused() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent(SweepJournal.fileName)
        let old =
            #"{"dataset_sha256":"b","format":"knelpunt-sweep-journal\/1","policy":"cost","scenarios":3,"shard":"1\/1","spec":"s","spec_sha256":"a","years":[2030]}"#
        try Data((old + "\n").utf8).write(to: url)
        let error = #expect(throws: SweepJournalError.self) { try SweepJournal.read(url) }
        #expect(error?.kind == .corrupt)
        #expect(error?.description.contains("\(url.path):1: a journal of format knelpunt-sweep-journal/1") == true, "\(error?.description ?? "")")
        #expect(error?.description.contains("without --resume") == true)
    }

    @Test func anExistingFolderIsRefusedUnlessReplaced() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("keep".utf8).write(to: folder.appendingPathComponent("note.txt"))
        for existing in [SweepJournal.Existing.refuse, .resume] { // no journal to resume either
            let error = #expect(throws: SweepJournalError.self) { try SweepJournal.start(in: folder, header: header, existing: existing) }
            #expect(error?.description.contains("already exists") == true)
        }
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("note.txt").path))
        // Replacing refuses a folder knelpunt did not write, and replaces one it did.
        let foreign = #expect(throws: SweepJournalError.self) { try SweepJournal.start(in: folder, header: header, existing: .replace) }
        #expect(foreign?.description.contains("not written by knelpunt") == true)
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("note.txt").path))
        _ = try SweepJournal.create(at: folder.appendingPathComponent(SweepJournal.fileName), header: header)
        let (_, finished) = try SweepJournal.start(in: folder, header: header, existing: .replace)
        #expect(finished.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("note.txt").path))
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent(SweepJournal.fileName).path))
    }
}
