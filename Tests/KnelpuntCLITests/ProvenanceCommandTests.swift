// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing

@Suite struct ProvenanceCommandTests {
    /// datasets/tiny plus a sources.csv that makes its 2 link and project cells sourced and derived:
    /// of tiny's 31 non-zero number cells, 1 sourced, 1 derived, 29 estimate (6.5 % sourced + derived).
    @Test func provenanceTablePerFileWithTotalAndShare() throws {
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let dataset = folder.appendingPathComponent("tiny")
        try FileManager.default.copyItem(at: CLI.repositoryRoot.appendingPathComponent("datasets/tiny"), to: dataset)
        try Data(
            """
            file,row,column,kind,source
            links.csv,coast-port,capacity_mw,sourced,Made-up grid report
            projects.csv,*,capacity_mw,derived,second circuit = first circuit

            """.utf8
        ).write(to: dataset.appendingPathComponent("sources.csv"))
        let output = CLI.run(["validate", dataset.path, "--strict", "--provenance"])
        #expect(output.status == 0, "\(output.stderr)")
        let lines = output.stdout.split(separator: "\n").map { $0.split(separator: " ").joined(separator: " ") }
        #expect(lines.contains("file cells sourced derived estimate share"), "\(output.stdout)")
        #expect(lines.contains("links.csv 1 1 0 0 100.0 %"), "\(output.stdout)")
        #expect(lines.contains("projects.csv 1 0 1 0 100.0 %"), "\(output.stdout)")
        #expect(lines.contains("nodes.csv 6 0 0 6 0.0 %"), "\(output.stdout)")
        #expect(lines.contains("total 31 1 1 29 6.5 %"), "\(output.stdout)")
        #expect(lines.last == "sourced + derived: 6.5 % of 31 cells")
        // Without the flag, no table.
        #expect(!CLI.run(["validate", dataset.path]).stdout.contains("provenance"))
    }

    @Test func brokenSourcesEntryFailsValidation() throws {
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let dataset = folder.appendingPathComponent("tiny")
        try FileManager.default.copyItem(at: CLI.repositoryRoot.appendingPathComponent("datasets/tiny"), to: dataset)
        try Data("file,row,column,kind,source\nlinks.csv,coast-port,capacity_mw,sourced,x\nlinks.csv,nowhere,*,sourced,x\n".utf8)
            .write(to: dataset.appendingPathComponent("sources.csv"))
        let output = CLI.run(["validate", dataset.path, "--provenance"])
        #expect(output.status == 65)
        #expect(output.stderr.contains("sources.csv:3:2: error [provenanceUnknownRow]"), "\(output.stderr)")
    }
}
