// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntAnalysis
import KnelpuntData

/// Layout of one company's small bar chart (SVG user units).
enum CompanyChart {
    static let width = 300.0
    static let height = 134.0
    static let left = 10.0
    static let right = 290.0
    static let top = 22.0
    static let baseline = 106.0

    /// Bar width and x of each bar's left edge for `count` years.
    static func bars(count: Int) -> (width: Double, x: [Double]) {
        let slot = (right - left) / Double(max(count, 1))
        let width = min(22, slot * 0.7)
        return (width, (0..<count).map { left + Double($0) * slot + (slot - width) / 2 })
    }
}

extension ReportPage {
    func companiesSection() -> String {
        let companies = model.companies[0]
        var html = "<section id=\"companies\" aria-labelledby=\"companies-heading\">\n<h2 id=\"companies-heading\">\(esc(s.companiesHeading))</h2>\n"
        html += "<p class=\"note\">\(esc(s.sortHint))</p>\n"
        for (index, year) in years.enumerated() {
            html += "<div class=\"yv y-\(year) table-scroll\">\n" + companyTable(companies, yearIndex: index, year: year) + "</div>\n"
        }
        html += "<h3 class=\"charts-heading\">\(esc(s.chartsHeading))</h3>\n<p class=\"note\">\(esc(s.chartsIntro))</p>\n"
        html += barLegend()
        html += "<div class=\"charts\">\n"
        let ordered = companies.enumerated().sorted { a, b in
            let x = a.element.lowestShare(years: years)?.share ?? 1
            let y = b.element.lowestShare(years: years)?.share ?? 1
            return (x, a.offset) < (y, b.offset)
        }
        for (index, company) in ordered { html += companyChart(company, index: index) }
        html += "</div>\n</section>\n"
        return html
    }

    func barLegend() -> String {
        func item(_ fill: String, _ text: String) -> String {
            "<li><svg class=\"swatch\" width=\"18\" height=\"14\" aria-hidden=\"true\"><rect x=\"1\" y=\"1\" width=\"16\" height=\"12\" fill=\"\(fill)\" stroke=\"#5b6570\" stroke-width=\"0.5\"/></svg>\(esc(text))</li>"
        }
        return "<ul class=\"bar-legend\" aria-label=\"\(esc(s.legend))\">" + item(Palette.served, s.served)
            + item("url(#pat-flex)", s.flex) + item("url(#pat-unserved)", s.unserved) + "</ul>\n"
    }

    func companyTable(_ companies: [CompanyRow], yearIndex: Int, year: Int) -> String {
        var html = "<table class=\"data sortable companies\">\n<caption>\(esc(s.companyTableCaption(year)))</caption>\n<thead><tr>"
        html += "<th scope=\"col\" data-type=\"text\">\(esc(s.colCompany))</th><th scope=\"col\" data-type=\"text\">\(esc(s.colGroup))</th>"
        html += "<th scope=\"col\" data-type=\"text\">\(esc(s.colCluster))</th>"
        for header in [s.colDemandGWh, s.colServedGWh, s.colFlexGWh, s.colUnservedGWh] {
            html += "<th scope=\"col\" class=\"num\" data-type=\"number\">\(esc(header))</th>"
        }
        html += "<th scope=\"col\" class=\"num\" data-type=\"number\" aria-sort=\"ascending\">\(esc(s.colServedShare))</th>"
        html += "<th scope=\"col\" class=\"num\" data-type=\"number\">\(esc(s.colCO2Kt))</th></tr></thead>\n<tbody>\n"
        let rows = companies.enumerated().filter { $0.element.years[yearIndex].demandMWh > 0 }
            .sorted { a, b in
                let x = a.element.years[yearIndex].servedShare ?? 1
                let y = b.element.years[yearIndex].servedShare ?? 1
                return (x, a.offset) < (y, b.offset)
            }
        for (order, entry) in rows.enumerated() {
            let company = entry.element
            let value = company.years[yearIndex]
            let share = value.servedShare ?? 1
            html += "<tr data-i=\"\(order)\"\(share < 1 - 1e-9 ? " class=\"short\"" : "")>"
            html += "<th scope=\"row\">\(esc(company.name))</th><td>\(esc(s.group(company.group.rawValue)))</td><td>\(esc(company.cluster))</td>"
            for mwh in [value.demandMWh, value.servedMWh, value.flexMWh, value.unservedMWh] {
                html += "<td class=\"num\" data-v=\"\(CSVTable.fixed(mwh, decimals: 3))\">\(f.gwh(mwh))</td>"
            }
            html += "<td class=\"num\" data-v=\"\(CSVTable.fixed(share, decimals: 6))\">\(f.number(share * 100, decimals: 1))</td>"
            html +=
                "<td class=\"num\" data-v=\"\(CSVTable.fixed(value.co2AtRiskKt, decimals: 3))\">\(f.number(value.co2AtRiskKt, decimals: 1))</td></tr>\n"
        }
        html += "</tbody></table>\n"
        return html
    }

    /// Stacked bars (served, flex, unserved) per year for one company, with a text alternative.
    func companyChart(_ company: CompanyRow, index: Int) -> String {
        let maxDemand = company.years.map(\.demandMWh).max() ?? 0
        let scale = BarScale(maxValue: maxDemand, heightPixels: CompanyChart.baseline - CompanyChart.top)
        let layout = CompanyChart.bars(count: years.count)
        var stats: [String] = []
        if let lowest = company.lowestShare(years: years), lowest.share < 1 - 1e-9 {
            stats.append(s.lowestShare(f.percent(lowest.share), lowest.year))
        }
        if let peak = company.co2Peak(years: years) { stats.append(s.co2Peak(f.number(peak.kt, decimals: 0), peak.year)) }
        var html = "<figure class=\"chart-card\(stats.isEmpty ? "" : " short")\" data-company=\"\(esc(company.id.rawValue))\">\n<figcaption>"
        html +=
            "<span class=\"company-name\">\(esc(company.name))</span> <span class=\"badge \(company.group.rawValue)\">\(esc(s.group(company.group.rawValue)))</span>"
        html += " <span class=\"cluster\">\(esc(company.cluster))</span>"
        html += "<br><span class=\"stats\">\(esc(stats.isEmpty ? s.allServed : stats.joined(separator: " · ")))</span></figcaption>\n"
        let descriptions = years.enumerated().map { y, year -> String in
            let v = company.years[y]
            guard v.demandMWh > 0 else { return "\(year): \(s.noDemand)" }
            return s.chartYear(
                year: year, demand: f.energy(v.demandMWh), served: f.energy(v.servedMWh), flex: f.energy(v.flexMWh), unserved: f.energy(v.unservedMWh)
            )
        }
        html +=
            "<svg class=\"bars\" viewBox=\"0 0 \(Int(CompanyChart.width)) \(Int(CompanyChart.height))\" role=\"img\" aria-labelledby=\"chart-\(index)-t chart-\(index)-d\">"
        html +=
            "<title id=\"chart-\(index)-t\">\(esc(s.chartTitle(company.name)))</title><desc id=\"chart-\(index)-d\">\(esc(descriptions.joined(separator: "; ")))</desc>\n"
        html += "<text class=\"axis\" x=\"\(SVG.coordinate(CompanyChart.left))\" y=\"12\">\(esc(f.energy(maxDemand)))</text>"
        html +=
            "<line class=\"grid\" x1=\"\(SVG.coordinate(CompanyChart.left))\" y1=\"\(SVG.coordinate(CompanyChart.top))\" x2=\"\(SVG.coordinate(CompanyChart.right))\" y2=\"\(SVG.coordinate(CompanyChart.top))\"/>"
        html +=
            "<line class=\"base\" x1=\"\(SVG.coordinate(CompanyChart.left))\" y1=\"\(SVG.coordinate(CompanyChart.baseline))\" x2=\"\(SVG.coordinate(CompanyChart.right))\" y2=\"\(SVG.coordinate(CompanyChart.baseline))\"/>\n"
        for (y, year) in years.enumerated() {
            let v = company.years[y]
            let x = layout.x[y]
            let segments = scale.stack([v.servedMWh, v.flexMWh, v.unservedMWh], baseline: CompanyChart.baseline)
            html += "<g class=\"bar\" data-year=\"\(year)\">"
            for (segment, fill) in zip(segments, [Palette.served, "url(#pat-flex)", "url(#pat-unserved)"]) where segment.height > 0.05 {
                html +=
                    "<rect x=\"\(SVG.coordinate(x))\" y=\"\(SVG.coordinate(segment.y))\" width=\"\(SVG.coordinate(layout.width))\" height=\"\(SVG.coordinate(segment.height))\" fill=\"\(fill)\"/>"
            }
            let short = String(year % 100 < 10 ? "0\(year % 100)" : "\(year % 100)")
            html +=
                "<text class=\"year\" x=\"\(SVG.coordinate(x + layout.width / 2))\" y=\"\(SVG.coordinate(CompanyChart.baseline + 13))\">’\(short)</text></g>\n"
        }
        html += "</svg>\n</figure>\n"
        return html
    }
}
