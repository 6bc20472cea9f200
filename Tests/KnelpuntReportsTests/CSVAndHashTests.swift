// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import KnelpuntReports
import Testing

@Suite struct CSVAndHashTests {
    @Test func fixedFormatHasNoNegativeZeroAndRounds() {
        #expect(CSVTable.fixed(-0.0004, decimals: 3) == "0.000")
        #expect(CSVTable.fixed(1.23456, decimals: 2) == "1.23")
        #expect(CSVTable.fixed(-2.5, decimals: 1) == "-2.5")
        #expect(CSVTable.fixed(1e9, decimals: 0) == "1000000000")
    }

    @Test func dialectsQuoteAndSeparate() {
        var table = CSVTable(header: ["name", "value_mw", "ok"])
        table.append([.text("Dow, Terneuzen"), .number(1.5, decimals: 3), .bool(true)])
        table.append([.text("say \"hi\""), .empty, .bool(false)])
        #expect(table.render(.en) == "name,value_mw,ok\n\"Dow, Terneuzen\",1.500,true\n\"say \"\"hi\"\"\",,false\n")
        let nl = table.render(.nl)
        #expect(nl.hasPrefix("\u{FEFF}name;value_mw;ok\n"))
        #expect(nl.contains("Dow, Terneuzen;1,500;true\n"))
    }

    /// FIPS 180-4 test vectors.
    @Test func sha256MatchesTheStandardVectors() {
        #expect(SHA256.hex(Array("".utf8)) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(SHA256.hex([UInt8](repeating: 0x61, count: 1_000_000)) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func outputFolderRefusesToOverwriteWithoutForce() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("knelpunt-out-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: base) }
        let folder = OutputFolder(url: base, force: false)
        let manifest = ("manifest.json", #"{"tool": "knelpunt"}"#)
        try folder.write([("a.csv", "x\n"), manifest])
        #expect(throws: ReportError.outputExists(path: base.path)) { try folder.write([("a.csv", "y\n")]) }
        #expect(try String(contentsOf: base.appendingPathComponent("a.csv"), encoding: .utf8) == "x\n")
        try OutputFolder(url: base, force: true).write([("b.csv", "z\n")])
        #expect(!FileManager.default.fileExists(atPath: base.appendingPathComponent("a.csv").path))
        #expect(try String(contentsOf: base.appendingPathComponent("b.csv"), encoding: .utf8) == "z\n")
    }
}
