// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntReports
import Testing

@Suite struct HTMLEscapingTests {
    @Test(arguments: [
        ("Koninklijke Vopak", "Koninklijke Vopak"),
        ("Zeeuws-Vlaanderen ë", "Zeeuws-Vlaanderen ë"),
        ("AT&T <b>bold</b>", "AT&amp;T &lt;b&gt;bold&lt;/b&gt;"),
        ("say \"hi\" & 'bye'", "say &quot;hi&quot; &amp; &#39;bye&#39;"),
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("&amp;", "&amp;amp;"),
        ("CO₂ → 50 % · Ørsted", "CO₂ → 50 % · Ørsted"),
        ("tab\tand\nnewline", "tab\tand\nnewline"),
        ("bell\u{07}del\u{7F}", "bell\u{FFFD}del\u{FFFD}"),
    ])
    func escapes(_ input: String, _ expected: String) {
        #expect(HTMLText.escape(input) == expected)
    }

    @Test func escapedTextHasNoMarkupCharacters() {
        let nasty = "<>&\"' Koninklijke Vopak <img src=x onerror=alert(1)> \"Zeeuws-Vlaanderen ë\""
        let escaped = HTMLText.escape(nasty)
        for character in ["<", ">", "\"", "'"] { #expect(!escaped.contains(character), "\(character) left in \(escaped)") }
        // Every & starts a character reference.
        #expect(
            escaped.components(separatedBy: "&").dropFirst().allSatisfy { part in
                ["amp;", "lt;", "gt;", "quot;", "#39;"].contains { part.hasPrefix($0) }
            })
    }
}

@Suite struct NumberFormatTests {
    let nl = ReportNumberFormat(language: .nl)
    let en = ReportNumberFormat(language: .en)

    @Test(arguments: [
        (1234567.891, 2, "1.234.567,89", "1,234,567.89"),
        (999.95, 1, "1.000,0", "1,000.0"),
        (0.5, 0, "0", "0"), // %.0f rounds half to even
        (12, 0, "12", "12"),
        (-1234.5, 1, "\u{2212}1.234,5", "\u{2212}1,234.5"),
        (-0.0001, 2, "0,00", "0.00"), // no "−0"
        (100_000, 0, "100.000", "100,000"),
    ])
    func numbers(_ value: Double, _ decimals: Int, _ dutch: String, _ english: String) {
        #expect(nl.number(value, decimals: decimals) == dutch)
        #expect(en.number(value, decimals: decimals) == english)
    }

    @Test func unitsAndPercentages() {
        #expect(nl.percent(0.0724) == "7,2\u{00A0}%")
        #expect(en.percent(0.0724) == "7.2\u{00A0}%")
        #expect(nl.energy(6_959_585.8) == "6,96\u{00A0}TWh")
        #expect(en.energy(106_215) == "106.2\u{00A0}GWh")
        #expect(en.energy(999.4) == "999\u{00A0}MWh")
        #expect(nl.gwh(1_471_680) == "1.471,7")
        #expect(nl.kiloEuroPerMW(43_552_102.4) == "43.552")
        #expect(en.kiloEuroPerMW(2_540) == "2.5")
        #expect(en.years([2025, 2026, 2030]) == "2025–2030")
    }
}
