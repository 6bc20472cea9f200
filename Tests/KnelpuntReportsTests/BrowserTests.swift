// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import KnelpuntReports
import Testing

/// Opens reports in headless Chromium: no console messages (so no script error and no blocked
/// network request), the DOM after the script ran has the expected elements, the year selector
/// and table sorting work, and the screenshot has the map's and the charts' colours where the
/// layout puts them.
///
/// Enabled only where a Chromium binary exists (`apt-get install -y chromium` on Debian); every
/// other test of the report runs without a browser.
@Suite(
    .enabled(if: HeadlessBrowser.binary != nil, "no Chromium: install it with `apt-get install -y chromium` to run the browser tests"),
    .serialized)
struct BrowserTests {
    static let width = 1400
    static let height = 3400

    /// Measures the layout, checks the year selector and sorting, and writes the results into
    /// `<body data-probe-…>` attributes for `--dump-dom` (added to a copy of the report only).
    static let probe = """
        <script>
        (function () {
          var body = document.body;
          function shown(element) { return element.getClientRects().length > 0; }
          function count(selector) { return Array.prototype.filter.call(document.querySelectorAll(selector), shown).length; }
          function rect(selector) {
            var element = Array.prototype.filter.call(document.querySelectorAll(selector), shown)[0];
            if (!element) { return ""; }
            var r = element.getBoundingClientRect();
            return [r.left, r.top, r.width, r.height].map(Math.round).join(",");
          }
          function texts(selector) { return Array.prototype.map.call(document.querySelectorAll(selector), function (e) { return e.textContent; }); }
          function put(name, value) { body.setAttribute("data-probe-" + name, encodeURIComponent(JSON.stringify(value))); }
          put("rects", { map: rect("svg.map"), chart: rect("figure.chart-card svg.bars"), heat: rect("table.heat td.hot"), cards: rect(".cards") });
          put("names", texts("figure.chart-card .company-name"));
          var year = document.querySelector("input.year-radio:checked").id.slice(5);
          var years = Array.prototype.map.call(document.querySelectorAll("input.year-radio"), function (e) { return e.id.slice(5); });
          put("initial", { year: year, shown: count(".y-" + year), total: document.querySelectorAll(".y-" + year).length, yv: count(".yv") });
          var last = years[years.length - 1];
          document.querySelector("label[for=year-" + last + "]").click();
          var now = document.querySelector("input.year-radio:checked").id.slice(5);
          put("switched", { year: now, shown: count(".y-" + last), total: document.querySelectorAll(".y-" + last).length, before: count(".y-" + year) });
          var table = Array.prototype.filter.call(document.querySelectorAll("table.sortable"), shown)[0];
          var button = table.tHead.rows[0].cells[0].querySelector("button.sort");
          button.click();
          var ascending = Array.prototype.map.call(table.tBodies[0].rows, function (r) { return r.cells[0].textContent; });
          button.click();
          var descending = Array.prototype.map.call(table.tBodies[0].rows, function (r) { return r.cells[0].textContent; });
          put("sorted", { ascending: ascending, descending: descending, state: table.tHead.rows[0].cells[0].getAttribute("aria-sort") });
          put("counts", {
            sortable: document.querySelectorAll("table[data-sortable=ready]").length,
            buttons: document.querySelectorAll("th button.sort").length,
            links: document.querySelectorAll("svg.map g.link").length,
            markers: document.querySelectorAll("svg.map g.marker").length,
            charts: document.querySelectorAll("figure.chart-card").length,
            bars: document.querySelectorAll("svg.bars g.bar").length,
            comparison: document.querySelectorAll("table.comparison").length
          });
        })();
        </script>
        """

    struct Probe {
        var values: [String: Any] = [:]
        init(dom: String) throws {
            for name in ["rects", "names", "initial", "switched", "sorted", "counts"] {
                let encoded = try #require(
                    HeadlessBrowser.bodyAttribute("data-probe-\(name)", in: dom), "probe \(name) missing: did the probe script run?")
                let json = try #require(encoded.removingPercentEncoding)
                values[name] = try JSONSerialization.jsonObject(with: Data(json.utf8), options: [.fragmentsAllowed])
            }
        }
        func object(_ name: String) throws -> [String: Any] { try #require(values[name] as? [String: Any]) }
        func rect(_ name: String) throws -> (x: Int, y: Int, width: Int, height: Int) {
            let text = try #require(try object("rects")[name] as? String)
            let parts = text.split(separator: ",").compactMap { Int($0) }
            try #require(parts.count == 4, "no visible \(name)")
            return (parts[0], parts[1], parts[2], parts[3])
        }
    }

    /// Writes the report and a probed copy into a temporary folder.
    func write(_ input: ReportInput) throws -> (folder: URL, report: URL, probed: URL) {
        let folder = try ReportFixture.temporaryDirectory()
        let html = HTMLReport.render(input)
        let report = folder.appendingPathComponent("report.html")
        let probed = folder.appendingPathComponent("probed.html")
        try html.write(to: report, atomically: true, encoding: .utf8)
        try html.replacingOccurrences(of: "</body>", with: Self.probe + "\n</body>").write(to: probed, atomically: true, encoding: .utf8)
        return (folder, report, probed)
    }

    @Test func harnessSeesConsoleErrorsAndDecodesPixels() throws {
        // A control page: a known colour at a known place, and a script error. If the harness
        // missed either, the report checks below could not fail.
        let folder = try ReportFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let page = folder.appendingPathComponent("control.html")
        try """
        <!DOCTYPE html><html><body style="margin:0;background:#ffffff">
        <div style="position:absolute;left:10px;top:20px;width:100px;height:50px;background:#123456"></div>
        <script>console.error("control"); notDefined();</script></body></html>
        """.write(to: page, atomically: true, encoding: .utf8)
        let (run, image) = try HeadlessBrowser.screenshot(page, width: 320, height: 200)
        #expect(run.console.count == 2, "console: \(run.console)")
        #expect(run.console.contains { $0.contains("notDefined") })
        #expect(image.width == 320 && image.height == 200)
        let inside = image.rgb(x: 60, y: 40)
        let outside = image.rgb(x: 200, y: 150)
        #expect(inside.r == 0x12 && inside.g == 0x34 && inside.b == 0x56)
        #expect(outside.r == 255 && outside.g == 255 && outside.b == 255)
        #expect(image.count("#123456", tolerance: 0, in: (0, 0, 320, 200)) == 100 * 50)
        #expect(image.distinctColours(in: (150, 100, 100, 80)) == 1)
    }

    @Test func reportRendersWithoutErrorsAndTheChartsHavePixels() throws {
        let files = try write(ReportFixture.input(language: .nl, compare: true))
        defer { try? FileManager.default.removeItem(at: files.folder) }

        let dom = try HeadlessBrowser.dumpDOM(files.probed, width: Self.width, height: Self.height)
        #expect(dom.console.isEmpty, "console: \(dom.console)")
        let probe = try Probe(dom: dom.stdout)
        let years = ReportFixture.tiny.info.years
        let counts = try probe.object("counts")
        #expect(counts["sortable"] as? Int == years.count) // the sorting script ran on every table
        #expect(counts["buttons"] as? Int == years.count * 9)
        #expect(counts["links"] as? Int == 2 * years.count) // the line and the electrolyser, every year
        #expect(counts["markers"] as? Int == 5) // one bottleneck in each of 2025–2029
        #expect(counts["charts"] as? Int == 3)
        #expect(counts["bars"] as? Int == 3 * years.count)
        #expect(counts["comparison"] as? Int == years.count)

        // The year selector: the initial year's blocks all show, no other year's; a click switches.
        let initial = try probe.object("initial")
        #expect(initial["year"] as? String == "2025")
        let shown = try #require(initial["shown"] as? Int)
        #expect(shown > 5 && shown == initial["total"] as? Int)
        #expect(initial["yv"] as? Int == shown)
        let switched = try probe.object("switched")
        #expect(switched["year"] as? String == String(years.last!))
        #expect(switched["shown"] as? Int == switched["total"] as? Int && switched["before"] as? Int == 0)

        // Sorting by company name, both ways (in 2030's table, after the switch).
        let sorted = try probe.object("sorted")
        let ascending = try #require(sorted["ascending"] as? [String])
        let descending = try #require(sorted["descending"] as? [String])
        #expect(ascending == ["Chemical plant", "Newcomer on the waiting list", "Steel works"])
        #expect(descending == ascending.reversed())
        #expect(sorted["state"] as? String == "descending")

        // Pixels: the screenshot of the unmodified report has the same layout as the probed copy.
        let (shot, image) = try HeadlessBrowser.screenshot(files.report, width: Self.width, height: Self.height)
        #expect(shot.console.isEmpty, "console: \(shot.console)")
        let map = try probe.rect("map")
        #expect(map.width > 500 && map.height > 600 && map.y + map.height <= Self.height)
        // The congested line in 2025: full (≥ 95 %, dark red) and thick (a bottleneck).
        #expect(image.count(StepColourScale.utilisation.colours.last!, tolerance: 12, in: map) > 2_000)
        #expect(image.count("#ffffff", tolerance: 0, in: map) > 20_000) // land
        #expect(image.count("#eef1f4", tolerance: 0, in: map) > 20_000) // outside the coastline
        #expect(image.distinctColours(in: map) > 20)
        let chart = try probe.rect("chart")
        #expect(chart.y + chart.height <= Self.height)
        #expect(image.count("#2f5d8a", tolerance: 6, in: chart) > 1_000) // served
        #expect(image.count("#d1495b", tolerance: 6, in: chart) > 100) // unserved (hatched)
        let heat = try probe.rect("heat")
        #expect(image.count(StepColourScale.shadowValue.colours.last!, tolerance: 6, in: heat) > heat.width * heat.height / 2)
        let cards = try probe.rect("cards")
        #expect(image.distinctColours(in: cards) > 20) // text was drawn
    }

    @Test func hostileNamesReachTheScreenUnchanged() throws {
        let files = try write(ReportFixture.input(language: .en, dataset: ReportFixture.hostile))
        defer { try? FileManager.default.removeItem(at: files.folder) }
        let dom = try HeadlessBrowser.dumpDOM(files.probed, width: Self.width, height: Self.height)
        #expect(dom.console.isEmpty, "console: \(dom.console)") // the <script> in a name did not run
        let probe = try Probe(dom: dom.stdout)
        let names = try #require(probe.values["names"] as? [String])
        #expect(Set(names) == [ReportFixture.hostileNames.chem, ReportFixture.hostileNames.newco, "Steel works"])
        #expect(!dom.stdout.contains("<b>"))
    }
}
