// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntAnalysis
import KnelpuntData

/// The one-file HTML report: inline CSS, inline SVG and a small inline script (table sorting
/// only); no network access, no external scripts or fonts, so it opens from an e-mail attachment.
/// The year selector is plain HTML and CSS (radio buttons and `:checked` sibling selectors). The
/// same input always gives the same bytes (no timestamps, no dictionary order, fixed number
/// formats).
public enum HTMLReport {
    /// The whole report as one UTF-8 HTML document.
    public static func render(_ input: ReportInput) -> String {
        ReportPage(input).render()
    }
}

/// Renders the page; the sections live in extensions (`ReportHTML+*.swift`).
struct ReportPage {
    let model: ReportModel
    let s: ReportStrings
    let f: ReportNumberFormat

    var input: ReportInput { model.input }
    var years: [Int] { model.years }

    init(_ input: ReportInput) {
        model = ReportModel(input)
        s = ReportStrings(language: input.language)
        f = ReportNumberFormat(language: input.language)
    }

    func render() -> String {
        let info = input.dataset.info
        var html = "<!DOCTYPE html>\n<html lang=\"\(input.language.rawValue)\">\n<head>\n<meta charset=\"utf-8\">\n"
        html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        html += "<meta name=\"generator\" content=\"knelpunt \(esc(input.manifest.toolVersion))\">\n"
        html += "<title>\(esc(s.documentTitle(info.title)))</title>\n"
        html += "<style>\n" + ReportStyle.css + yearCSS() + "</style>\n</head>\n<body>\n"
        for year in years {
            let checked = year == model.initialYear ? " checked" : ""
            html += "<input type=\"radio\" name=\"year\" class=\"year-radio\" id=\"year-\(year)\" aria-label=\"\(esc(s.year)) \(year)\"\(checked)>\n"
        }
        html += patternDefinitions()
        html += header()
        html += yearBar()
        html += "<main>\n"
        html += summarySection()
        html += mapSection()
        html += timelineSection()
        html += queueSection()
        html += companiesSection()
        if !input.comparisons.isEmpty { html += comparisonSection() }
        html += "</main>\n"
        html += provenanceFooter()
        html += "<script>\n" + ReportStyle.script + "</script>\n</body>\n</html>\n"
        return html
    }

    /// Show the chosen year's blocks; highlight its label and its row in the overview table.
    func yearCSS() -> String {
        var css = ""
        for year in years {
            let radio = "#year-\(year)"
            css += "\(radio):checked ~ main .y-\(year) { display: block; }\n"
            css += "\(radio):checked ~ main svg .y-\(year) { display: inline; }\n"
            css += "\(radio):checked ~ main tr.hl-\(year) { background: #fff4d6; font-weight: 600; }\n"
            css += "\(radio):checked ~ .year-bar label[for=\"year-\(year)\"] { background: #1d3557; border-color: #1d3557; color: #fff; }\n"
            css += "\(radio):focus-visible ~ .year-bar label[for=\"year-\(year)\"] { outline: 3px solid #e0662b; outline-offset: 2px; }\n"
        }
        return css
    }

    /// Fill patterns shared by every chart (served solid, flex dotted, unserved hatched), so the
    /// bars read without colour too.
    func patternDefinitions() -> String {
        """
        <svg class="defs" width="0" height="0" aria-hidden="true" focusable="false"><defs>
        <pattern id="pat-flex" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" fill="\(Palette.flex)"/><circle cx="3" cy="3" r="1.2" fill="#ffffff"/></pattern>
        <pattern id="pat-unserved" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="\(Palette.unserved)"/><rect width="2.2" height="6" fill="#ffffff" fill-opacity="0.55"/></pattern>
        </defs></svg>

        """
    }

    func header() -> String {
        let info = input.dataset.info
        var html = "<header class=\"page-header\">\n"
        html += "<h1>\(esc(s.heading)) <span class=\"dataset\">\(esc(info.title))</span></h1>\n"
        var meta = [s.rule(s.policyName(input.primary.label)), s.yearsShown(f.years(years)), "\(s.dataset): \(info.name)"]
        if let scenario = input.manifest.scenario { meta.append("\(s.scenario): \(scenario)") }
        html += "<p class=\"meta\">\(meta.map(esc).joined(separator: " · "))</p>\n"
        html += "<p class=\"intro\">\(esc(s.intro))</p>\n"
        html += "</header>\n"
        return html
    }

    func yearBar() -> String {
        var html = "<nav class=\"year-bar\" aria-label=\"\(esc(s.yearSelector))\"><div class=\"year-bar-inner\">"
        html += "<span class=\"year-bar-title\">\(esc(s.year))</span>"
        for year in years { html += "<label for=\"year-\(year)\">\(year)</label>" }
        html += "<span class=\"year-bar-links\"><a href=\"#summary\">\(esc(s.navSummary))</a><a href=\"#map\">\(esc(s.navMap))</a>"
        html += "<a href=\"#timeline\">\(esc(s.timelineHeading))</a>"
        if input.primary.outcomes.contains(where: { !$0.requests.isEmpty }) { html += "<a href=\"#queue\">\(esc(s.navQueue))</a>" }
        html += "<a href=\"#companies\">\(esc(s.companiesHeading))</a>"
        if !input.comparisons.isEmpty { html += "<a href=\"#comparison\">\(esc(s.comparisonHeading))</a>" }
        html += "</span></div></nav>\n"
        return html
    }

    // MARK: - Summary

    func summarySection() -> String {
        var html = "<section id=\"summary\" aria-labelledby=\"summary-heading\">\n"
        html += "<h2 id=\"summary-heading\" class=\"visually-hidden\">\(esc(s.summaryHeading(model.initialYear)))</h2>\n"
        for summary in model.summaries {
            html += "<div class=\"yv y-\(summary.year)\">\n<h2>\(esc(s.summaryHeading(summary.year)))</h2>\n<div class=\"cards\">\n"
            html += unservedCard(summary) + co2Card(summary) + bottleneckCard(summary) + worstCard(summary)
            html += "</div>\n</div>\n"
        }
        html += "</section>\n"
        return html
    }

    func groupRows(_ rows: [(String, String)]) -> String {
        "<table>" + rows.map { "<tr><th scope=\"row\">\(esc($0.0))</th><td class=\"num\">\(esc($0.1))</td></tr>" }.joined() + "</table>\n"
    }

    func shareOfDemand(_ totals: YearTotals) -> String {
        totals.demandMWh > 0 ? f.percent(totals.unservedMWh / totals.demandMWh) : "–"
    }

    func unservedCard(_ summary: YearSummary) -> String {
        var html = "<div class=\"card card-unserved\"><div class=\"label\">\(esc(s.cardUnserved))</div>\n"
        html += "<div class=\"big\">\(esc(f.energy(summary.all.unservedMWh)))</div>\n"
        html += "<div class=\"sub\">\(esc(s.ofDemand(shareOfDemand(summary.all))))</div>\n"
        html += groupRows([
            (s.groupMaatwerk, f.energy(summary.maatwerk.unservedMWh) + " (" + shareOfDemand(summary.maatwerk) + ")"),
            (s.groupOther, f.energy(summary.other.unservedMWh) + " (" + shareOfDemand(summary.other) + ")"),
            (s.groupPublic, f.energy(summary.publicLoad.unservedMWh) + " (" + shareOfDemand(summary.publicLoad) + ")"),
        ])
        if let shed = nationalShed(year: summary.year) {
            html += groupRows([(s.nationalShed, s.shedInHours(f.energy(shed.mwh), f.number(shed.hours, decimals: 0)))])
        }
        return html + "</div>\n"
    }

    /// The national shortage shed before the grants that year (request view under
    /// `adequacy = "apart"`; nil otherwise): energy (MWh) and hours with a shed.
    func nationalShed(year: Int) -> (mwh: Double, hours: Double)? {
        guard let adequacy = input.primary.outcomes.first(where: { $0.year == year })?.adequacy else { return nil }
        let weights = input.dataset.timeslices.slices.map(\.weightHours)
        return (adequacy.shedMWh(weightsHours: weights), adequacy.shedHours(weightsHours: weights))
    }

    func co2Card(_ summary: YearSummary) -> String {
        var html = "<div class=\"card card-co2\"><div class=\"label\">\(esc(s.cardCO2))</div>\n"
        html += "<div class=\"big\">\(esc(f.number(summary.all.co2AtRiskKt, decimals: 0)))\u{00A0}kt</div>\n"
        html += "<div class=\"sub\">\(esc(s.ofPlanned(f.number(summary.co2PlannedKt.all, decimals: 0))))</div>\n"
        html += groupRows([
            (s.groupMaatwerk, f.number(summary.maatwerk.co2AtRiskKt, decimals: 0) + "\u{00A0}kt"),
            (s.groupOther, f.number(summary.other.co2AtRiskKt, decimals: 0) + "\u{00A0}kt"),
            (s.groupPublic, f.number(summary.publicLoad.co2AtRiskKt, decimals: 0) + "\u{00A0}kt"),
        ])
        return html + "</div>\n"
    }

    func bottleneckCard(_ summary: YearSummary) -> String {
        var html = "<div class=\"card card-bottlenecks\"><div class=\"label\">\(esc(s.cardBottlenecks))</div>\n"
        html += "<div class=\"big\">\(summary.gridBottlenecks.count)</div>\n"
        html += "<div class=\"sub\">\(esc(s.bottleneckSplit(supply: String(summary.supplyBottlenecks.count))))"
        if let top = summary.gridBottlenecks.first {
            html += "<br>\(esc(s.largest(model.name(of: top)))) (\(esc(f.kiloEuroPerMW(top.shadowValueEURPerMWYear)))\u{00A0}k€/MW/\(esc(s.perYear)))"
        }
        html += "</div>\n"
        html += groupRows([
            (s.groupMaatwerk + ": " + s.affectedShort, String(summary.affectedCompanies.maatwerk)),
            (s.groupOther + ": " + s.affectedShort, String(summary.affectedCompanies.other)),
            (s.groupPublic + ": " + s.affectedShort, String(summary.affectedCompanies.publicLoad)),
        ])
        return html + "</div>\n"
    }

    func worstCard(_ summary: YearSummary) -> String {
        var html = "<div class=\"card card-worst\"><div class=\"label\">\(esc(s.cardWorst))</div>\n"
        if let worst = summary.worstOff.all {
            html += "<div class=\"big big-name\">\(esc(worst.name))</div>\n"
            html += "<div class=\"sub\">\(esc(s.servedShare(f.percent(worst.share))))</div>\n"
        } else {
            html += "<div class=\"big big-name\">\(esc(s.allServed))</div>\n<div class=\"sub\">&nbsp;</div>\n"
        }
        func line(_ entry: WorstOff?) -> String {
            entry.map { "\($0.name): \(f.percent($0.share))" } ?? s.allServed
        }
        html += groupRows([
            (s.groupMaatwerk, line(summary.worstOff.maatwerk)), (s.groupOther, line(summary.worstOff.other)),
            (s.groupPublic, line(summary.worstOff.publicLoad)),
        ])
        return html + "</div>\n"
    }

    /// Every year in one table; the chosen year's row is highlighted.
    func horizonTable() -> String {
        var html = "<div class=\"table-scroll\"><table class=\"data horizon\">\n<caption>\(esc(s.horizonCaption))</caption>\n<thead><tr>"
        html += "<th scope=\"col\">\(esc(s.year))</th>"
        for header in [s.colDemandGWh, s.colUnservedGWh, s.colUnservedShare, s.colCO2Kt, s.colGridBottlenecks, s.colSupplyBottlenecks, s.colCostMEUR]
        {
            html += "<th scope=\"col\" class=\"num\">\(esc(header))</th>"
        }
        html += "</tr></thead>\n<tbody>\n"
        let largest = max(model.summaries.map { $0.all.demandMWh > 0 ? $0.all.unservedMWh / $0.all.demandMWh : 0 }.max() ?? 0, 1e-12)
        for summary in model.summaries {
            let share = summary.all.demandMWh > 0 ? summary.all.unservedMWh / summary.all.demandMWh : 0
            let width = CSVTable.fixed(share / largest * 100, decimals: 1)
            html += "<tr class=\"hl-\(summary.year)\"><th scope=\"row\">\(summary.year)</th>"
            html += "<td class=\"num\">\(f.gwh(summary.all.demandMWh))</td><td class=\"num\">\(f.gwh(summary.all.unservedMWh))</td>"
            html += "<td class=\"num bar-cell\" style=\"--w:\(width)%\">\(shareOfDemand(summary.all))</td>"
            html += "<td class=\"num\">\(f.number(summary.all.co2AtRiskKt, decimals: 0))</td>"
            html += "<td class=\"num\">\(summary.gridBottlenecks.count)</td><td class=\"num\">\(summary.supplyBottlenecks.count)</td>"
            html += "<td class=\"num\">\(f.number(summary.costEUR / 1e6, decimals: 0))</td></tr>\n"
        }
        html += "</tbody></table></div>\n"
        return html
    }
}

/// Colours shared by the charts and their legends.
enum Palette {
    static let served = "#2f5d8a"
    static let flex = "#8fbde0"
    static let unserved = "#d1495b"
    static let zeroCapacity = "#7a6a99"
    static let electricityNode = "#1b1f24"
    static let hydrogenNode = "#0f7b6c"
}
