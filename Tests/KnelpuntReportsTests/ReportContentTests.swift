// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import KnelpuntAnalysis
import KnelpuntData
import KnelpuntReports
import Testing

/// The HTML text of the tiny report: numbers, structure, escaping, determinism, self-containment.
@Suite struct ReportContentTests {
    @Test func companyRowsAddUpTheOutcomes() throws {
        let rows = CompanyTable.rows(dataset: ReportFixture.tiny, outcomes: ReportFixture.cost)
        #expect(rows.map(\.id.rawValue) == ["chem", "newco", "steel"]) // sorted by name
        for (y, outcome) in ReportFixture.cost.enumerated() {
            for row in rows {
                let pairs = outcome.pairs.filter { $0.key.consumer == row.id }
                #expect(abs(row.years[y].demandMWh - pairs.map(\.demandMWh).reduce(0, +)) < 1e-6)
                #expect(abs(row.years[y].unservedMWh - pairs.map(\.unservedMWh).reduce(0, +)) < 1e-6)
                let total = row.years[y].servedMWh + row.years[y].flexMWh + row.years[y].unservedMWh
                #expect(abs(total - row.years[y].demandMWh) < 1e-6 * max(1, row.years[y].demandMWh))
            }
        }
        // docs/tiny-by-hand.md, 2025: the chemical plant gets half its hydrogen.
        let chem = try #require(rows.first { $0.id == "chem" })
        #expect(abs((chem.years[0].servedShare ?? 0) - 0.5) < 1e-9)
        let lowest = try #require(chem.lowestShare(years: ReportFixture.tiny.info.years))
        #expect(abs(lowest.share - 0.5) < 1e-9 && lowest.year == 2025)
        // 2030: its green-hydrogen project (50 kt) is a quarter unserved.
        let peak = try #require(chem.co2Peak(years: ReportFixture.tiny.info.years))
        #expect(peak.year == 2030 && abs(peak.kt - 12.5) < 1e-6)
    }

    @Test func summaryOfTheFirstYear() throws {
        let rows = CompanyTable.rows(dataset: ReportFixture.tiny, outcomes: ReportFixture.cost)
        let summary = YearSummary(outcome: ReportFixture.cost[0], companies: rows, index: 0)
        #expect(abs(summary.all.unservedMWh - 106_215) < 1e-6)
        #expect(summary.gridBottlenecks.map(\.id) == ["coast-port"])
        #expect(summary.supplyBottlenecks.map(\.id) == ["gas", "wind"])
        let worst = try #require(summary.worstOff.all)
        #expect(worst.name == "Chemical plant" && abs(worst.share - 0.5) < 1e-9)
        #expect(summary.worstOff.maatwerk?.name == "Chemical plant")
        #expect(summary.worstOff.other?.name == "Newcomer on the waiting list")
        #expect(summary.affectedCompanies.maatwerk + summary.affectedCompanies.other >= 1)
    }

    @Test(arguments: ReportLanguage.allCases)
    func structureFollowsTheData(_ language: ReportLanguage) {
        let html = HTMLReport.render(ReportFixture.input(language: language, compare: true))
        let years = ReportFixture.tiny.info.years
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"\(language.rawValue)\">"))
        #expect(occurrences(of: "class=\"year-radio\"", in: html) == years.count)
        #expect(occurrences(of: " checked>", in: html) == 1)
        // The initial year is the one with the most unserved energy (2025, the first of the equal ones).
        #expect(html.contains("id=\"year-2025\" aria-label=\"\(language == .nl ? "Jaar" : "Year") 2025\" checked>"))
        // Per year: a summary, a map layer, a bottleneck list, a company table, a comparison table.
        for year in years {
            #expect(occurrences(of: "class=\"yv y-\(year)\"", in: html) >= 3, "year \(year)")
            #expect(occurrences(of: "<g class=\"yv y-\(year)\">", in: html) == 2) // links below the nodes, markers above
            #expect(occurrences(of: "class=\"yv y-\(year) table-scroll\"", in: html) == 2)
        }
        #expect(occurrences(of: "<figure class=\"chart-card", in: html) == 3)
        #expect(occurrences(of: "<g class=\"bar\" data-year=", in: html) == 3 * years.count)
        #expect(occurrences(of: "<table class=\"data sortable companies\">", in: html) == years.count)
        #expect(occurrences(of: "<table class=\"data comparison\">", in: html) == years.count)
        // Links of every year: the line and the electrolyser.
        #expect(occurrences(of: "<g class=\"link", in: html) == 2 * years.count)
        // The line is a bottleneck in 2025–2029 only (its second circuit comes in 2030).
        #expect(occurrences(of: "<g class=\"link bottleneck\" data-asset=\"coast-port\"", in: html) == 5)
        #expect(html.contains("▲")) // the project year in the timeline
        #expect(html.contains("coast-port-upgrade") || html.contains("Second circuit coast to port"))
        // Every SVG chart has a text alternative.
        #expect(occurrences(of: "<svg class=\"bars\"", in: html) == occurrences(of: "<desc id=\"chart-", in: html))
        #expect(html.contains("role=\"img\" aria-labelledby=\"map-title map-desc\""))
    }

    @Test func labelsAndNumbersFollowTheLanguage() {
        let nl = HTMLReport.render(ReportFixture.input(language: .nl))
        let en = HTMLReport.render(ReportFixture.input(language: .en))
        #expect(nl.contains("Niet geleverde energie") && !nl.contains("Unserved energy"))
        #expect(en.contains("Unserved energy") && !en.contains("Niet geleverde energie"))
        // 2025: 106 215 MWh unserved = 106.2 GWh; demand 1 471 680 MWh.
        #expect(nl.contains("106,2\u{00A0}GWh") && nl.contains("1.471,7"))
        #expect(en.contains("106.2\u{00A0}GWh") && en.contains("1,471.7"))
        // Shadow value of the line: 11 826 k€/MW/yr.
        #expect(nl.contains(">11.826<") && en.contains(">11,826<"))
    }

    @Test func hostileNamesAreEscapedEverywhere() {
        let html = HTMLReport.render(ReportFixture.input(language: .en, compare: true, dataset: ReportFixture.hostile))
        let names = ReportFixture.hostileNames
        #expect(!html.contains(names.chem) && !html.contains("<script>alert"))
        #expect(!html.contains(names.port) && !html.contains("<substation>"))
        #expect(occurrences(of: "<script", in: html) == 1) // only the report's own sorting script
        #expect(occurrences(of: "<b>", in: html) == 0)
        let chem = "Koninklijke Vopak &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;Zonen&#39;"
        #expect(occurrences(of: chem, in: html) >= 10) // tables, cards, charts, comparison
        #expect(html.contains("Zeeuws-Vlaanderen ë &quot;Nieuwkomer&quot; &lt;b&gt;"))
        #expect(html.contains("Port &lt;substation&gt; &amp; &quot;quay&quot;"))
        // Attribute values are quoted and escaped too (data-company, title).
        #expect(!html.contains("title=\"Koninklijke Vopak <"))
    }

    @Test func sameInputGivesTheSameBytes() throws {
        let first = HTMLReport.render(ReportFixture.input(language: .nl, compare: true))
        let second = HTMLReport.render(ReportFixture.input(language: .nl, compare: true))
        #expect(first == second)
        // A fresh solve gives the same report too.
        let again = ReportFixture.solve(.cost)
        let input = ReportInput(
            dataset: ReportFixture.tiny, primary: ReportRun(label: "cost", kind: .policy, outcomes: again),
            manifest: ReportFixture.manifest(again), language: .nl)
        #expect(HTMLReport.render(input) == HTMLReport.render(ReportFixture.input(language: .nl)))
    }

    @Test func reportIsSelfContained() {
        let html = HTMLReport.render(ReportFixture.input(language: .en, compare: true))
        for forbidden in ["http://", "https://", "src=", "<link", "@import", "url(http", "@font-face", "//fonts."] {
            #expect(!html.contains(forbidden), "found \(forbidden)")
        }
        // Internal references only: the map clip path and the bar patterns.
        for reference in html.components(separatedBy: "url(").dropFirst() {
            #expect(reference.hasPrefix("#"), "external url(\(reference.prefix(20))")
        }
        #expect(html.contains("<meta charset=\"utf-8\">"))
    }

    @Test func provenanceComesFromTheManifest() {
        let html = HTMLReport.render(ReportFixture.input(language: .en))
        let manifest = ReportFixture.manifest(ReportFixture.cost)
        #expect(manifest.inputFiles.count >= 10)
        for file in manifest.inputFiles {
            #expect(html.contains(">\(file.sha256)<"), "hash of \(file.name)")
        }
        #expect(html.contains("knelpunt 0.1.0-test") && html.contains("GLPK "))
        #expect(html.contains("<code>knelpunt report tiny --out report.html</code>")) // no machine path
        #expect(html.contains("shadow_value_eur_per_mw_year"))
        // Options in sorted order, whatever the dictionary's order.
        let options = ["lang", "policy", "verify"].compactMap { html.range(of: "<code>\($0)</code>")?.lowerBound }
        #expect(options.count == 3 && options == options.sorted())
    }

    @Test func writesAtomicallyAndRefusesToOverwrite() throws {
        let folder = try ReportFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("sub/report.html")
        let generator = "<meta name=\"generator\" content=\"knelpunt 0.1.0\">\n"
        try ReportFile(url: url, force: false).write(generator + "first")
        #expect(throws: ReportError.self) { try ReportFile(url: url, force: false).write("second") }
        #expect(try String(contentsOf: url, encoding: .utf8) == generator + "first")
        try ReportFile(url: url, force: true).write("third")
        #expect(try String(contentsOf: url, encoding: .utf8) == "third")
        // "third" is no Knelpunt report: --force leaves it alone.
        #expect(throws: ReportError.self) { try ReportFile(url: url, force: true).write("fourth") }
        #expect(try String(contentsOf: url, encoding: .utf8) == "third")
        let left = try FileManager.default.contentsOfDirectory(atPath: url.deletingLastPathComponent().path)
        #expect(left == ["report.html"])
    }
}
