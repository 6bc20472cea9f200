// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntData
import Testing

@Suite("TOML reader")
struct TOMLReaderTests {
    @Test("Scalars, strings with escapes, literal strings and comments")
    func scalars() throws {
        let table = try TOMLReader.parse(
            """
            # comment
            name = "a \\"quoted\\" word\\tand \\u00E9"   # trailing comment
            path = 'C:\\no\\escapes'
            count = 1_000
            hex = 0xff
            negative = -42
            ratio = 0.6
            big = 1e3
            on = true
            off = false
            "quoted key" = 1
            """)
        #expect(table["name"] == .string("a \"quoted\" word\tand é"))
        #expect(table["path"] == .string("C:\\no\\escapes"))
        #expect(table["count"] == .integer(1000))
        #expect(table["hex"] == .integer(255))
        #expect(table["negative"] == .integer(-42))
        #expect(abs((table["ratio"]?.doubleValue ?? .nan) - 0.6) <= 1e-15)
        #expect(abs((table["big"]?.doubleValue ?? .nan) - 1000) <= 1e-12)
        #expect(table["on"] == .boolean(true) && table["off"] == .boolean(false))
        #expect(table["quoted key"] == .integer(1))
        #expect(table.keys == ["name", "path", "count", "hex", "negative", "ratio", "big", "on", "off", "quoted key"])
    }

    @Test("Arrays, on one line or several, with comments and a trailing comma; element positions kept")
    func arrays() throws {
        let table = try TOMLReader.parse(
            """
            years = [2025, 2030]
            names = [
              "a",  # first
              "b",
            ]
            nested = [[1, 2], ["x"]]
            """)
        #expect(table["years"] == .array([.integer(2025), .integer(2030)]))
        #expect(table.entry("years")?.elementPositions == [TOMLPosition(line: 1, column: 10), TOMLPosition(line: 1, column: 16)])
        #expect(table["names"] == .array([.string("a"), .string("b")]))
        #expect(table.entry("names")?.elementPositions.map(\.line) == [3, 4])
        #expect(table["nested"] == .array([.array([.integer(1), .integer(2)]), .array([.string("x")])]))
    }

    @Test("Tables, dotted headers, dotted keys and inline tables")
    func tables() throws {
        let table = try TOMLReader.parse(
            """
            [sources]
            tennet = "Investment plan"
            [a.b]
            c = 1
            [a]
            d.e = 2
            point = { x = 1, y = "two" }
            """)
        #expect(table["sources"]?.tableValue?["tennet"] == .string("Investment plan"))
        let a = try #require(table["a"]?.tableValue)
        #expect(a["b"]?.tableValue?["c"] == .integer(1))
        #expect(a["d"]?.tableValue?["e"] == .integer(2))
        #expect(a["point"]?.tableValue?["y"] == .string("two"))
        #expect(table.entry("sources")?.keyPosition == TOMLPosition(line: 1, column: 1))
        #expect(a.position == TOMLPosition(line: 5, column: 1))
    }

    @Test("Arrays of tables, as scenario files use them, keep order and header positions")
    func arraysOfTables() throws {
        let table = try TOMLReader.parse(
            """
            name = "delay"

            [[delay]]
            project = "p1"
            years = 2

            [[capacity]]
            target = "coast-port"
            from_year = 2030
            add_mw = 150.5

            [[delay]]
            project = "p2"
            years = 3
            """)
        let delays = try #require(table["delay"]?.arrayValue)
        #expect(delays.count == 2)
        #expect(delays[0].tableValue?["project"] == .string("p1"))
        #expect(delays[1].tableValue?["years"] == .integer(3))
        #expect(table.entry("delay")?.elementPositions.map(\.line) == [3, 12])
        #expect(delays[1].tableValue?.position == TOMLPosition(line: 12, column: 1))
        let capacity = try #require(table["capacity"]?.arrayValue?.first?.tableValue)
        #expect(capacity["add_mw"] == .float(150.5))
        #expect(table.keys == ["name", "delay", "capacity"])
    }

    @Test("Sub-tables of array-of-table elements attach to the last element")
    func subTableOfArrayElement() throws {
        let table = try TOMLReader.parse("[[a]]\nx = 1\n[a.meta]\ny = 2\n[[a]]\nx = 3\n")
        let elements = try #require(table["a"]?.arrayValue)
        #expect(elements[0].tableValue?["meta"]?.tableValue?["y"] == .integer(2))
        #expect(elements[1].tableValue?["meta"] == nil)
    }

    @Test(
        "Errors carry the line and character column",
        arguments: [
            ("a = 1\nb = \"open\n", TOMLError.Kind.syntax, 2, 5),
            ("a = 1\na = 2\n", .duplicateKey, 2, 1),
            ("[t]\nx = 1\n[t]\n", .duplicateKey, 3, 1),
            ("a = 1\n[a]\n", .duplicateKey, 2, 1),
            ("[[t]]\n[t]\n", .duplicateKey, 2, 1),
            ("x = 2025-01-01\n", .syntax, 1, 5),
            ("x = \"\"\"long\"\"\"\n", .syntax, 1, 5),
            ("x = \"bad \\q escape\"\n", .syntax, 1, 10),
            ("key without value\n", .syntax, 1, 5),
            ("x = [1, 2\n", .syntax, 1, 5),
            ("é = 1\n", .syntax, 1, 1),
            ("s = \"é\" y\n", .syntax, 1, 9),
            ("n = 1e400\n", .syntax, 1, 5),
            ("n = 0123\n", .syntax, 1, 5),
            ("[table\n", .syntax, 1, 7),
        ])
    func errorPositions(_ input: String, _ kind: TOMLError.Kind, _ line: Int, _ column: Int) {
        let document = TOMLReader.read(input)
        #expect(document.errors.first?.kind == kind, "\(document.errors)")
        #expect(document.errors.first?.position == TOMLPosition(line: line, column: column), "\(document.errors)")
    }

    @Test("After an error the reader continues on the next line and reports every broken line")
    func recovery() {
        let document = TOMLReader.read("a = \nb = 2\nc = ?\nd = 4\n")
        #expect(document.errors.map(\.position.line) == [1, 3])
        #expect(document.root.keys == ["b", "d"])
    }

    @Test("Invalid UTF-8 is reported on its line")
    func encoding() {
        let document = TOMLReader.read([UInt8]("a = 1\nb = \"".utf8) + [0xFF] + [UInt8]("\"\n".utf8))
        #expect(document.errors.map(\.kind) == [.encoding])
        #expect(document.errors.first?.position.line == 2)
    }

    @Test("parse(_:) throws the first error")
    func parseThrows() {
        #expect(throws: TOMLError.self) { try TOMLReader.parse("x = \n") }
    }
}

@Suite("Planning years")
struct PlanningYearsTests {
    @Test("The three accepted forms")
    func forms() throws {
        #expect(try PlanningYears.parse(.string("2025-2028")).get() == [2025, 2026, 2027, 2028])
        #expect(try PlanningYears.parse(.string("2025, 2030")).get() == [2025, 2030])
        #expect(try PlanningYears.parse(.array([.integer(2026), .integer(2030)])).get() == [2026, 2030])
        #expect(try PlanningYears.parse(.integer(2030)).get() == [2030])
    }

    @Test(
        "Rejected forms",
        arguments: [
            TOMLValue.string("2030-2025"), .string("2025,2025"), .string("2030,2025"), .string("20x5"), .string(""),
            .array([]), .array([.string("2025")]), .string("1800-1850"), .boolean(true), .string("2025-"),
        ])
    func rejected(_ value: TOMLValue) {
        #expect(throws: PlanningYearsError.self) { try PlanningYears.parse(value).get() }
    }
}
