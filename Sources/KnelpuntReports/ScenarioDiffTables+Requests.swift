// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntAnalysis
import KnelpuntData

extension ScenarioDiffTables {
    /// True when either run allocated MW to requests (`--view requests`).
    static func isRequestView(_ base: [YearOutcome], _ scenario: [YearOutcome]) -> Bool {
        (base + scenario).contains { $0.allocation == .requests }
    }

    /// The requests active in either run of one year, matched by key, in queue order (request
    /// date, then project id and carrier; the base's date when both runs have the request).
    static func matchedRequests(_ base: YearOutcome, _ scenario: YearOutcome) -> [(base: RequestOutcome?, scenario: RequestOutcome?)] {
        var byKey: [RequestKey: (base: RequestOutcome?, scenario: RequestOutcome?)] = [:]
        for request in base.requests { byKey[request.key, default: (nil, nil)].base = request }
        for request in scenario.requests { byKey[request.key, default: (nil, nil)].scenario = request }
        func date(_ pair: (base: RequestOutcome?, scenario: RequestOutcome?)) -> CalendarDate {
            (pair.base ?? pair.scenario)?.requestDate ?? CalendarDate(year: 0, month: 1, day: 1)
        }
        return byKey.keys.sorted { (date(byKey[$0]!), $0) < (date(byKey[$1]!), $1) }.compactMap { byKey[$0] }
    }

    /// diff-requests.csv (request view): one row per year and request active in either run.
    /// `delta_granted_mw` = g_scenario − g_base and `delta_co2_at_risk_kt` count a request missing
    /// on one side as 0 (`delta_granted_share` is then empty); `first_full_year_*` is the first
    /// year of each run (over the years diffed) with a full grant, empty if none.
    public static func requests(base: [YearOutcome], scenario: [YearOutcome]) -> CSVTable {
        var table = CSVTable(header: [
            "year", "request", "consumer", "carrier", "product", "request_date", "requested_mw_base", "requested_mw_scenario",
            "granted_mw_base", "granted_mw_scenario", "delta_granted_mw", "granted_share_base", "granted_share_scenario",
            "delta_granted_share", "first_full_year_base", "first_full_year_scenario", "blocking_asset_base", "blocking_asset_scenario",
            "co2_at_risk_kt_base", "co2_at_risk_kt_scenario", "delta_co2_at_risk_kt",
        ])
        let pairs = matched(base, scenario)
        let firstBase = AllocationTables.firstFullYears(pairs.map(\.base))
        let firstScenario = AllocationTables.firstFullYears(pairs.map(\.scenario))
        for (before, after) in pairs {
            for (b, s) in matchedRequests(before, after) {
                guard let any = b ?? s else { continue }
                let deltaShare: CSVCell = if let b, let s { .number(s.grantedShare - b.grantedShare, decimals: 6) } else { .empty }
                table.append([
                    .integer(before.year), .text(any.key.project.rawValue), .text(any.consumer.rawValue), .text(any.key.carrier.rawValue),
                    .text(any.product.rawValue), .text(any.requestDate.description),
                    .optional(b?.requestedMW, decimals: 3), .optional(s?.requestedMW, decimals: 3),
                    .optional(b?.grantedMW, decimals: 3), .optional(s?.grantedMW, decimals: 3),
                    .number((s?.grantedMW ?? 0) - (b?.grantedMW ?? 0), decimals: 3),
                    .optional(b?.grantedShare, decimals: 6), .optional(s?.grantedShare, decimals: 6), deltaShare,
                    firstBase[any.key].map { .integer($0) } ?? .empty, firstScenario[any.key].map { .integer($0) } ?? .empty,
                    .text(b?.blockingAsset ?? ""), .text(s?.blockingAsset ?? ""),
                    .optional(b?.co2AtRiskKt, decimals: 3), .optional(s?.co2AtRiskKt, decimals: 3),
                    .number((s?.co2AtRiskKt ?? 0) - (b?.co2AtRiskKt ?? 0), decimals: 3),
                ])
            }
        }
        return table
    }

    /// The request view's extra columns of diff-summary.csv.
    static let requestSummaryHeader = [
        "firm_unserved_mwh_base", "firm_unserved_mwh_scenario", "delta_firm_unserved_mwh",
        "requested_mw_base", "requested_mw_scenario", "granted_mw_base", "granted_mw_scenario", "delta_granted_mw",
    ]

    /// The request view's extra cells of one diff-summary.csv row: firm unserved energy (the
    /// pairs' unserved MWh, summed over the years on `total` rows) and requested and granted MW
    /// (empty on `total` rows: MW of different years do not add up).
    static func requestSummaryCells(_ tb: [YearTotals], _ ts: [YearTotals], total: Bool) -> [CSVCell] {
        func sum(_ totals: [YearTotals], _ value: (YearTotals) -> Double) -> Double { totals.reduce(0) { $0 + value($1) } }
        let firm: [CSVCell] = [
            .number(sum(tb, \.unservedMWh), decimals: 3), .number(sum(ts, \.unservedMWh), decimals: 3),
            .number(sum(ts, \.unservedMWh) - sum(tb, \.unservedMWh), decimals: 3),
        ]
        guard !total else { return firm + [.empty, .empty, .empty, .empty, .empty] }
        return firm + [
            .number(sum(tb, \.requestedMW), decimals: 3), .number(sum(ts, \.requestedMW), decimals: 3),
            .number(sum(tb, \.grantedMW), decimals: 3), .number(sum(ts, \.grantedMW), decimals: 3),
            .number(sum(ts, \.grantedMW) - sum(tb, \.grantedMW), decimals: 3),
        ]
    }
}

extension ScenarioDiffText {
    /// The request view's summary: per changed year the granted MW (and the requests that moved
    /// most), firm unserved energy and CO2 at risk.
    static func renderRequests(base: [YearOutcome], scenario: [YearOutcome], name: String) -> String {
        var lines = ["Scenario \"\(name)\" against the base (request view):"]
        let pairs = ScenarioDiffTables.matched(base, scenario)
        var changedYears = 0
        for (before, after) in pairs {
            let b = YearTotals(before, group: .all)
            let s = YearTotals(after, group: .all)
            let moved = ScenarioDiffTables.matchedRequests(before, after).compactMap { pair -> (key: RequestKey, deltaMW: Double)? in
                guard let any = pair.base ?? pair.scenario else { return nil }
                let delta = (pair.scenario?.grantedMW ?? 0) - (pair.base?.grantedMW ?? 0)
                return abs(delta) >= 0.0005 ? (any.key, delta) : nil
            }
            let deltaFirm = s.unservedMWh - b.unservedMWh
            let deltaCO2 = s.co2AtRiskKt - b.co2AtRiskKt
            guard !moved.isEmpty || abs(deltaFirm) >= 0.5 || abs(deltaCO2) >= 0.0005 else { continue }
            changedYears += 1
            var line =
                "  \(before.year): granted \(signedMW(s.grantedMW - b.grantedMW)) (\(mw(b.grantedMW)) → \(mw(s.grantedMW)) of \(mw(s.requestedMW)) requested), firm unserved \(signed(deltaFirm)), CO2 at risk \(signedKt(deltaCO2))"
            let top = moved.sorted { (-abs($0.deltaMW), $0.key) < (-abs($1.deltaMW), $1.key) }.prefix(3)
            if !top.isEmpty { line += "; " + top.map { "\($0.key) \(signedMW($0.deltaMW))" }.joined(separator: ", ") }
            lines.append(line)
        }
        let deltaFirm = pairs.reduce(0) { $0 + YearTotals($1.scenario, group: .all).unservedMWh - YearTotals($1.base, group: .all).unservedMWh }
        let deltaCO2 = pairs.reduce(0) { $0 + YearTotals($1.scenario, group: .all).co2AtRiskKt - YearTotals($1.base, group: .all).co2AtRiskKt }
        if changedYears == 0 { lines.append("  no change in any year") }
        lines.append(
            "  total over \(pairs.count) year\(pairs.count == 1 ? "" : "s"): firm unserved \(signed(deltaFirm)), CO2 at risk \(signedKt(deltaCO2))")
        return lines.joined(separator: "\n")
    }

    static func mw(_ value: Double) -> String { CSVTable.fixed(value, decimals: 1) + " MW" }

    static func signedMW(_ value: Double) -> String {
        abs(value) < 0.05 ? "±0 MW" : (value > 0 ? "+" : "−") + mw(abs(value))
    }
}
