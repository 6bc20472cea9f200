// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntAnalysis
import KnelpuntData

extension ReportPage {
    /// Served shares of every run side by side, per year, with the difference from the primary
    /// run in percentage points (the delta view).
    func comparisonSection() -> String {
        let runs = input.runs
        var html =
            "<section id=\"comparison\" aria-labelledby=\"comparison-heading\">\n<h2 id=\"comparison-heading\">\(esc(s.comparisonHeading))</h2>\n"
        html += "<p class=\"note\">\(esc(s.comparisonIntro(input.primary.label)))</p>\n"
        let lookups: [[ConsumerID: CompanyRow]] = model.companies.map { rows in
            Dictionary(rows.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        }
        for (y, year) in years.enumerated() {
            html +=
                "<div class=\"yv y-\(year) table-scroll\">\n<table class=\"data comparison\">\n<caption>\(esc(s.comparisonCaption(year)))</caption>\n<thead><tr>"
            html += "<th scope=\"col\">\(esc(s.colCompany))</th><th scope=\"col\">\(esc(s.colGroup))</th>"
            for run in runs { html += "<th scope=\"col\" class=\"num\">\(esc(run.label))</th>" }
            html += "</tr></thead>\n<tbody>\n"
            for company in model.companies[0] where company.years[y].demandMWh > 0 {
                let reference = company.years[y].servedShare
                html += "<tr><th scope=\"row\">\(esc(company.name))</th><td>\(esc(s.group(company.group.rawValue)))</td>"
                for (k, _) in runs.enumerated() {
                    guard let share = lookups[k][company.id]?.years[y].servedShare else {
                        html += "<td class=\"num\">–</td>"
                        continue
                    }
                    var delta = ""
                    if k > 0, let reference {
                        let points = (share - reference) * 100
                        if abs(points) >= 0.05 {
                            delta =
                                " <small class=\"delta \(points > 0 ? "up" : "down")\">(\(points > 0 ? "+" : "")\(f.number(points, decimals: 1)))</small>"
                        }
                    }
                    let width = CSVTable.fixed(max(0, min(1, share)) * 100, decimals: 1)
                    html +=
                        "<td class=\"num share\(share < 1 - 1e-9 ? " short" : "")\" data-v=\"\(CSVTable.fixed(share, decimals: 6))\">\(f.number(share * 100, decimals: 1))\(delta)<span class=\"share-bar\" style=\"--w:\(width)%\"></span></td>"
                }
                html += "</tr>\n"
            }
            html += "</tbody>\n<tfoot>\n"
            html += comparisonFooterRow(s.rowUnserved, runs: runs, yearIndex: y) { outcome, _ in f.gwh(YearTotals(outcome, group: .all).unservedMWh) }
            html += comparisonFooterRow(s.rowMinShare, runs: runs, yearIndex: y) { _, k in
                let shares = model.companies[k].compactMap { $0.years[y].servedShare }
                return shares.min().map { f.number($0 * 100, decimals: 1) } ?? "–"
            }
            html += comparisonFooterRow(s.rowCost, runs: runs, yearIndex: y) { outcome, _ in f.number(outcome.costEUR / 1e6, decimals: 0) }
            html += "</tfoot></table>\n</div>\n"
        }
        html += "</section>\n"
        return html
    }

    private func comparisonFooterRow(_ label: String, runs: [ReportRun], yearIndex: Int, value: (YearOutcome, Int) -> String) -> String {
        var html = "<tr><th scope=\"row\" colspan=\"2\">\(esc(label))</th>"
        for (k, run) in runs.enumerated() {
            html += "<td class=\"num\">\(esc(value(run.outcomes[yearIndex], k)))</td>"
        }
        return html + "</tr>\n"
    }
}
