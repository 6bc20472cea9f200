// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing

/// A value edited inside a journal line is refused on `--resume` (exit 65, file:line), not
/// accepted silently.
@Suite struct SweepJournalChecksumTests {
    @Test func editedJournalValueIsRefusedOnResume() throws {
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let spec = folder.appendingPathComponent("mc.toml")
        try SweepCommandTests.spec.write(to: spec, atomically: true, encoding: .utf8)
        let out = folder.appendingPathComponent("out")
        let stopped = CLI.run(["sweep", "--spec", spec.path, "--out", out.path, "--quiet", "--stop-after", "3"])
        #expect(stopped.status == 75, "\(stopped.stderr)")
        let journal = out.appendingPathComponent("sweep.journal")
        var lines = try String(contentsOf: journal, encoding: .utf8).components(separatedBy: "\n")
        // Line 2 is the first scenario: change the first digit of its first cost.
        let line = lines[1]
        let range = try #require(line.range(of: "\"costEUR\":"))
        let digit = line[range.upperBound]
        lines[1] = line.replacingCharacters(in: range.upperBound...range.upperBound, with: digit == "9" ? "8" : "9")
        try lines.joined(separator: "\n").write(to: journal, atomically: true, encoding: .utf8)
        let resumed = CLI.run(["sweep", "--spec", spec.path, "--out", out.path, "--resume", "--quiet"])
        #expect(resumed.status == 65, "\(resumed.stderr)")
        #expect(resumed.stderr.contains("\(journal.path):2: checksum mismatch"), "\(resumed.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("sweep.csv").path))
    }
}
