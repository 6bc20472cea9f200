// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntAnalysis
import KnelpuntData

/// One connection request through the report years (request view).
struct QueueRow {
    var key: RequestKey
    var consumer: ConsumerID
    var company: String
    var group: ConsumerGroup
    var product: RequestProduct
    var tier: Int?
    var requestDate: CalendarDate
    /// Per report year: the request's outcome, `nil` before its year.
    var years: [RequestOutcome?]

    /// Place in the queue in the first year the request is active.
    var firstRank: Int? { years.lazy.compactMap { $0?.fcfsRank }.first }

    /// Every request active in some report year, in queue order: request date, then project and
    /// carrier.
    static func rows(outcomes: [YearOutcome], dataset: Dataset) -> [QueueRow] {
        let names = Dictionary(dataset.consumers.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        var position: [RequestKey: Int] = [:]
        var rows: [QueueRow] = []
        for (y, outcome) in outcomes.enumerated() {
            for request in outcome.requests {
                if position[request.key] == nil {
                    position[request.key] = rows.count
                    rows.append(
                        QueueRow(
                            key: request.key, consumer: request.consumer, company: names[request.consumer] ?? request.consumer.rawValue,
                            group: request.group, product: request.product, tier: request.tier, requestDate: request.requestDate,
                            years: Array(repeating: nil, count: outcomes.count)))
                }
                rows[position[request.key]!].years[y] = request
            }
        }
        return rows.sorted { ($0.requestDate, $0.key) < ($1.requestDate, $1.key) }
    }
}

extension ReportPage {
    /// The queue: per request its granted share in every year as a bar with the percentage (so
    /// it reads without colour), tier, place in the queue and, for the chosen year, the asset that
    /// blocks it. Empty in the energy view.
    func queueSection() -> String {
        let rows = QueueRow.rows(outcomes: input.primary.outcomes, dataset: input.dataset)
        guard !rows.isEmpty else { return "" }
        var html = "<section id=\"queue\" aria-labelledby=\"queue-heading\">\n<h2 id=\"queue-heading\">\(esc(s.queueHeading))</h2>\n"
        html += "<p class=\"note\">\(esc(s.queueIntro))</p>\n"
        html += "<div class=\"table-scroll\"><table class=\"data small queue\">\n<thead><tr>"
        for header in [s.colQueuePlace, s.colCompany, s.colRequest, s.colTier, s.colRequestedMW] {
            html += "<th scope=\"col\"\(header == s.colRequestedMW || header == s.colQueuePlace ? " class=\"num\"" : "")>\(esc(header))</th>"
        }
        for year in years { html += "<th scope=\"col\" class=\"num\">\(year)</th>" }
        html += "<th scope=\"col\">\(esc(s.colBlocking))</th></tr></thead>\n<tbody>\n"
        for row in rows {
            let requested = row.years.lazy.compactMap { $0?.requestedMW }.first ?? 0
            let short = row.years.contains { ($0?.grantedShare ?? 1) < AllocationTables.fullGrantShare }
            html += "<tr\(short ? " class=\"short\"" : "")><td class=\"num\">\(row.firstRank.map(String.init) ?? "–")</td>"
            html +=
                "<th scope=\"row\">\(esc(row.company)) <span class=\"badge \(row.group.rawValue)\">\(esc(s.group(row.group.rawValue)))</span></th>"
            html +=
                "<td>\(esc(row.key.project.rawValue)) <span class=\"cluster\">\(esc(s.carrier(row.key.carrier))), \(esc(row.product.rawValue))</span></td>"
            html += "<td>\(row.tier.map(String.init) ?? "–")</td><td class=\"num\">\(f.number(requested, decimals: 0))</td>"
            for (y, year) in years.enumerated() {
                guard let outcome = row.years[y] else {
                    html += "<td class=\"num grant-none\" title=\"\(year): \(esc(s.notRequestedYet))\">–</td>"
                    continue
                }
                let share = outcome.grantedShare
                let level = share >= AllocationTables.fullGrantShare ? "full" : share > 1e-6 ? "part" : "zero"
                let title = "\(year): \(f.number(outcome.grantedMW, decimals: 0)) / \(f.number(outcome.requestedMW, decimals: 0)) MW"
                html +=
                    "<td class=\"num grant grant-\(level)\" style=\"--g:\(CSVTable.fixed(min(1, max(0, share)) * 100, decimals: 1))%\" title=\"\(esc(title))\">\(f.number(share * 100, decimals: 0))</td>"
            }
            html += "<td>"
            for (y, year) in years.enumerated() {
                guard let outcome = row.years[y], let asset = outcome.blockingAsset else { continue }
                let name = model.assetNames[asset].map { "\($0) (\(asset))" } ?? asset
                let outage = outcome.bindingContingency.map { " · N-1: " + (model.assetNames[$0] ?? $0) } ?? ""
                html += "<span class=\"yv y-\(year)\">\(esc(name + outage))</span>"
            }
            html += "</td></tr>\n"
        }
        html += "</tbody></table></div>\n</section>\n"
        return html
    }
}
