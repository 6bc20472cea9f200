// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing

@testable import KnelpuntData

@Suite("CSV reader")
struct CSVReaderTests {
    @Test("A byte-order mark before the header is skipped")
    func byteOrderMark() throws {
        let (table, diagnostics) = readCSV(bytes: [0xEF, 0xBB, 0xBF] + Array("id,x\na,1\n".utf8))
        let csv = try #require(table)
        #expect(diagnostics.isEmpty)
        #expect(csv.header == ["id", "x"])
        #expect(csv.row(0) == ["a", "1"])
    }

    @Test("Quoted cells hold commas, doubled quotes and line breaks; the record keeps its first line")
    func quoting() throws {
        let text = "id,name,note\n" + "a,\"Rotterdam, port\",\"say \"\"hi\"\"\"\n" + "b,\"two\nlines\",\"\"\n" + "c,plain,x\n"
        let (table, diagnostics) = readCSV(text)
        let csv = try #require(table)
        #expect(diagnostics.isEmpty)
        #expect(csv.rowCount == 3)
        #expect(csv.row(0) == ["a", "Rotterdam, port", "say \"hi\""])
        #expect(csv.row(1) == ["b", "two\nlines", ""])
        #expect(csv.line(ofRow: 1) == 3)
        #expect(csv.line(ofRow: 2) == 5)
        #expect(csv.lineCount == 5)
    }

    @Test("Comment and blank lines before the header are skipped; blank lines later are ignored")
    func commentsAndBlankLines() throws {
        let text = "# comment\n\n  # indented comment\nid,x\na,1\n\n   \nb,2\n\n\n"
        let (table, diagnostics) = readCSV(text)
        let csv = try #require(table)
        #expect(diagnostics.isEmpty)
        #expect(csv.headerLine == 4)
        #expect(csv.rowCount == 2)
        #expect(csv.line(ofRow: 0) == 5)
        #expect(csv.line(ofRow: 1) == 8)
    }

    @Test("A # after the header is data, not a comment")
    func hashAfterHeaderIsData() throws {
        let (table, _) = readCSV("id,x\n#a,1\n")
        #expect(try #require(table).row(0) == ["#a", "1"])
    }

    @Test("Line endings \\r\\n, \\n and \\r, mixed, count lines the same way", arguments: ["\r\n", "\n", "\r"])
    func lineEndings(_ ending: String) throws {
        let text = ["id,x", "a,1", "b,\"q\(ending)r\"", "c,3"].joined(separator: ending) + ending
        let (table, diagnostics) = readCSV(text)
        let csv = try #require(table)
        #expect(diagnostics.isEmpty)
        #expect(csv.rowCount == 3)
        #expect(csv.row(1) == ["b", "q\nr"])
        #expect(csv.line(ofRow: 2) == 5)
        let mixed = readCSV("id,x\r\na,1\rb,2\nc,3").table
        #expect(mixed?.rowCount == 3)
        #expect(mixed?.line(ofRow: 2) == 4)
        #expect(mixed?.lineCount == 4)
    }

    @Test("Spaces and tabs around cells are trimmed, also around quoted cells")
    func trimming() throws {
        let (table, diagnostics) = readCSV(" id ,\tx\t\n  a  , \" b \" \n")
        let csv = try #require(table)
        #expect(diagnostics.isEmpty)
        #expect(csv.header == ["id", "x"])
        #expect(csv.row(0) == ["a", "b"])
    }

    @Test("An unterminated quote is reported where it opens")
    func unterminatedQuote() {
        let (table, diagnostics) = readCSV("id,x\na,1\nb,\"open\nc,3\n")
        #expect(table?.rowCount == 1)
        #expect(diagnostics.map(\.rule) == [.unterminatedQuote])
        #expect(diagnostics.first?.line == 3 && diagnostics.first?.column == 2)
    }

    @Test("A quote inside an unquoted cell, or text after a closing quote, is a stray quote")
    func strayQuotes() {
        let (table, diagnostics) = readCSV("id,x\na,5\" pipe\nb,\"ok\"x\nc,3\n")
        #expect(table?.rowCount == 1)
        #expect(diagnostics.map(\.rule) == [.strayQuote, .strayQuote])
        #expect(diagnostics.map(\.line) == [2, 3])
        #expect(diagnostics.map(\.column) == [2, 2])
    }

    @Test("Rows with too many or too few cells are reported and left out")
    func wrongFieldCount() throws {
        let (table, diagnostics) = readCSV("a,b,c\n1,2,3\n1,2\n1,2,3,4\n")
        #expect(try #require(table).rowCount == 1)
        #expect(diagnostics.map(\.rule) == [.wrongFieldCount, .wrongFieldCount])
        #expect(diagnostics.map(\.line) == [3, 4])
        #expect(diagnostics.map(\.column) == [3, 4])
        #expect(table?.droppedRecordCount == 2)
    }

    @Test("Invalid UTF-8 and NUL bytes are reported at the cell")
    func encoding() {
        let bytes = Array("id,x\na,".utf8) + [0xC3, 0x28] + Array("\nb,ok\nc,".utf8) + [0x00] + Array("\n".utf8)
        let (table, diagnostics) = readCSV(bytes: bytes)
        #expect(table?.rowCount == 1)
        #expect(diagnostics.map(\.rule) == [.badEncoding, .badEncoding])
        #expect(diagnostics.map(\.line) == [2, 4])
        #expect(diagnostics.map(\.column) == [2, 2])
    }

    @Test("Valid multi-byte UTF-8 passes", arguments: ["Hoogezand–Sappemeer", "Groningen Zuid ©", "🚢 port", "Ærø"])
    func validUTF8(_ name: String) throws {
        let (table, diagnostics) = readCSV("id,name\na,\(name)\n")
        #expect(diagnostics.isEmpty)
        #expect(try #require(table).row(0) == ["a", name])
    }

    @Test("The UTF-8 validator rejects overlong forms, surrogates and code points above U+10FFFF")
    func utf8Validator() {
        let bad: [[UInt8]] = [[0xC0, 0x80], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xF5], [0x80], [0xE2, 0x82]]
        for bytes in bad {
            #expect(bytes.withUnsafeBufferPointer { UTF8Validation.isValid($0) } == false, "\(bytes)")
        }
        let good = Array("aé€😀".utf8)
        #expect(good.withUnsafeBufferPointer { UTF8Validation.isValid($0) })
    }

    @Test("A file with only comments and blank lines has no header")
    func emptyFile() {
        for text in ["", "\n\n", "# a\n# b\n", "\u{FEFF}"] {
            let (table, diagnostics) = readCSV(text)
            #expect(table == nil)
            #expect(diagnostics.map(\.rule) == [.emptyFile])
        }
    }

    @Test("A last line without a line break is read")
    func noFinalNewline() throws {
        let (table, _) = readCSV("id,x\na,1\nb,2")
        let csv = try #require(table)
        #expect(csv.rowCount == 2)
        #expect(csv.row(1) == ["b", "2"])
        #expect(csv.lineCount == 3)
    }

    @Test("A million rows read correctly (row count and spot checks)")
    func millionRows() throws {
        let rows = 1_000_000
        var bytes: [UInt8] = Array("id,weight_h,month,hour,wind\n".utf8)
        bytes.reserveCapacity(rows * 32)
        for index in 0..<rows {
            bytes += Array("t\(index),0.00876,\(index % 12 + 1),\(index % 24),0.5\n".utf8)
        }
        let (table, diagnostics) = readCSV(bytes: bytes, file: "timeslices.csv")
        let csv = try #require(table)
        #expect(diagnostics.isEmpty)
        #expect(csv.rowCount == rows)
        #expect(csv.row(rows - 1) == ["t999999", "0.00876", "4", "15", "0.5"])
        #expect(csv.line(ofRow: rows - 1) == rows + 1)
    }
}

@Suite("Number syntax")
struct NumberSyntaxTests {
    static func parse(_ text: String) -> NumberSyntax.Outcome {
        ByteSpan.over(Array(text.utf8)) { NumberSyntax.parseNumber($0) }
    }

    @Test(
        "Decimal numbers parse to the nearest double",
        arguments: [
            "0", "12", "-3.5", "+7", ".5", "5.", "1e3", "2.5E-3", "0.1", "0.45", "123456789.123456789",
            "9007199254740993", "1e-400", "0.000000000000000000000000001", "179769313486231570000000000000000000000",
        ])
    func accepted(_ text: String) {
        guard case .value(let value) = Self.parse(text) else {
            Issue.record("\(text) rejected")
            return
        }
        // The reference is Swift's own correctly rounded conversion: the results must be bit-identical.
        #expect(value.bitPattern == Double(text)!.bitPattern, "\(text)")
    }

    @Test("Malformed numbers are rejected with a hint", arguments: ["", "-", ".", "1,5", "1 000", "12MW", "1e", "1e+", "0x10", "1.2.3", "--1", "e5"])
    func rejected(_ text: String) {
        guard case .malformed = Self.parse(text) else {
            Issue.record("\(text) accepted")
            return
        }
    }

    @Test("Numbers beyond double range are non-finite")
    func nonFinite() {
        #expect(Self.parse("1e400") == .nonFinite)
        #expect(Self.parse("-1e99999999999") == .nonFinite)
        #expect(NumberSyntax.isNonFiniteWord("NaN") && NumberSyntax.isNonFiniteWord("-Infinity") && NumberSyntax.isNonFiniteWord("inf"))
    }

    @Test("Integers: digits with an optional sign, at most 18 digits")
    func integers() {
        func parse(_ text: String) -> Int? { ByteSpan.over(Array(text.utf8)) { NumberSyntax.parseInteger($0) } }
        #expect(parse("2025") == 2025)
        #expect(parse("-3") == -3)
        #expect(parse("2025.0") == nil)
        #expect(parse("99999999999999999999") == nil)
        #expect(parse("") == nil)
        #expect(parse("+") == nil)
    }
}
