// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntAnalysis
import KnelpuntData

/// One asset's shadow value through the years, with the projects that change its capacity.
struct TimelineRow {
    var kind: AssetKind
    var id: String
    var name: String
    /// Per report year: `nil` when the asset does not exist that year.
    var values: [AssetOutcome?]
    /// Per report year: the projects on this asset that take effect that year.
    var projects: [[Project]]

    var peak: Double { values.compactMap { $0?.shadowValueEURPerMWYear }.max() ?? 0 }
    var isBottleneckSometime: Bool { values.contains { $0?.isBottleneck == true } }

    /// Rows for every asset that is a bottleneck in at least one year: links first, then
    /// conversions, then supplies; within a kind by peak value (largest first), then id.
    static func rows(outcomes: [YearOutcome], dataset: Dataset, names: [String: String]) -> [TimelineRow] {
        var position: [String: Int] = [:]
        var rows: [TimelineRow] = []
        for (y, outcome) in outcomes.enumerated() {
            for asset in outcome.assets {
                if position[asset.id] == nil {
                    position[asset.id] = rows.count
                    rows.append(
                        TimelineRow(
                            kind: asset.kind, id: asset.id, name: names[asset.id] ?? asset.id,
                            values: Array(repeating: nil, count: outcomes.count),
                            projects: Array(repeating: [], count: outcomes.count)))
                }
                rows[position[asset.id]!].values[y] = asset
            }
        }
        let years = outcomes.map(\.year)
        for project in dataset.projects {
            guard let target = project.target, let row = position[target], let y = years.firstIndex(of: project.year) else { continue }
            rows[row].projects[y].append(project)
        }
        func order(_ kind: AssetKind) -> Int { kind == .link ? 0 : kind == .conversion ? 1 : 2 }
        return rows.filter(\.isBottleneckSometime)
            .sorted { (order($0.kind), -$0.peak, $0.id) < (order($1.kind), -$1.peak, $1.id) }
    }
}

extension ReportPage {
    func timelineSection() -> String {
        var html = "<section id=\"timeline\" aria-labelledby=\"timeline-heading\">\n<h2 id=\"timeline-heading\">\(esc(s.timelineHeading))</h2>\n"
        html += horizonTable()
        html += "<p class=\"note timeline-intro\">\(esc(s.timelineIntro))</p>\n"
        html += "<ul class=\"heat-legend\" aria-label=\"\(esc(s.legend))\">"
        for entry in StepColourScale.shadowValue.legend({ f.number($0 / 1000, decimals: 0) }) {
            html += "<li><span class=\"heat-swatch\" style=\"background:\(entry.colour)\"></span>\(esc(entry.text))</li>"
        }
        html += "<li>k€/MW/\(input.language == .nl ? "jaar" : "yr")</li></ul>\n"
        let rows = TimelineRow.rows(outcomes: input.primary.outcomes, dataset: input.dataset, names: model.assetNames)
        let grid = rows.filter { $0.kind != .supply }
        let supply = rows.filter { $0.kind == .supply }
        if rows.isEmpty {
            html += "<p class=\"empty\">\(esc(s.noBottlenecksAtAll))</p>\n"
        } else {
            html += "<div class=\"table-scroll\">" + heatTable(grid, caption: s.timelineCaption, id: "heat-grid") + "</div>\n"
        }
        if !supply.isEmpty {
            html += "<details class=\"supply-heat\"><summary>\(esc(s.supplyRows(supply.count)))</summary>\n<div class=\"table-scroll\">"
            html += heatTable(supply, caption: s.supplyRows(supply.count), id: "heat-supply") + "</div></details>\n"
        }
        html += "</section>\n"
        return html
    }

    func heatTable(_ rows: [TimelineRow], caption: String, id: String) -> String {
        var html = "<table class=\"data heat\" id=\"\(id)\">\n<caption>\(esc(caption))</caption>\n<thead><tr>"
        html += "<th scope=\"col\">\(esc(s.colAsset))</th><th scope=\"col\">\(esc(s.colKind))</th>"
        for year in years { html += "<th scope=\"col\" class=\"num\">\(year)</th>" }
        html += "</tr></thead>\n<tbody>\n"
        for row in rows {
            html += "<tr><th scope=\"row\">\(esc(row.name))<br><small>\(esc(row.id))</small></th><td>\(esc(s.kind(row.kind)))</td>"
            for (y, value) in row.values.enumerated() {
                var marks = ""
                for project in row.projects[y] {
                    let cancelled = project.status == .cancelled
                    let sign = project.capacityMW >= 0 ? "+" : ""
                    let text =
                        "\(cancelled ? s.cancelled : s.project) \(project.name): \(sign)\(f.number(project.capacityMW, decimals: 0)) MW (\(project.programme), \(project.status.rawValue))"
                    marks +=
                        "<span class=\"proj\" title=\"\(esc(text))\" aria-hidden=\"true\">\(cancelled ? "✕" : "▲")</span><span class=\"visually-hidden\">\(esc(text)); </span>"
                }
                let projectClass = row.projects[y].isEmpty ? "" : " has-project"
                guard let asset = value else {
                    html += "<td class=\"num absent\(projectClass)\" title=\"\(esc(s.notPresent))\">\(marks)–</td>"
                    continue
                }
                if asset.isBottleneck {
                    let v = asset.shadowValueEURPerMWYear
                    let scale = StepColourScale.shadowValue
                    html +=
                        "<td class=\"num hot\(projectClass)\" style=\"background:\(scale.colour(for: v));color:\(scale.textColour(for: v))\" data-v=\"\(CSVTable.fixed(v, decimals: 2))\">\(marks)\(esc(f.kiloEuroPerMW(v)))</td>"
                } else {
                    html += "<td class=\"num\(projectClass)\">\(marks)</td>"
                }
            }
            html += "</tr>\n"
        }
        html += "</tbody></table>\n"
        return html
    }
}
