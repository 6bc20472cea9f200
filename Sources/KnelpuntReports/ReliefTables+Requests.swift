// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntAnalysis
import KnelpuntData

extension ReliefTables {
    /// The columns of relief.csv in the request view; `--force` recognises this header too.
    public static let requestHeader = [
        "year", "asset", "kind", "added_mw", "capacity_mw", "request", "consumer", "carrier", "requested_mw", "granted_mw", "granted_share",
        "relief_granted_mw_per_mw", "blocking_asset", "firm_unserved_mwh", "relief_firm_mwh_per_mw", "co2_at_risk_kt", "cost_eur", "point",
    ]

    /// Request view: per step one row `request = all` (Σ requested and granted MW over the active
    /// requests, firm unserved MWh, CO2 at risk and cost), then one row per active request in queue
    /// order (its MW, what blocks it at that step, its CO2 at risk). The asset's shadow value is
    /// left out: with the grants fixed in the last stage it prices supply cost only, while the
    /// value of the asset to the queue is the MW it lets the rule grant. `relief_granted_mw_per_mw` =
    /// (g_k − g_{k−1}) / (added_k − added_{k−1}), MW granted per MW added since the previous step
    /// (a request not active there counts as 0); `relief_firm_mwh_per_mw` = fall in firm unserved
    /// energy per MW added. Both are empty on the first step.
    public static func requestCurve(_ points: [ReliefCurve.Point], year: Int, asset: String, kind: AssetKind) -> CSVTable {
        var table = CSVTable(header: requestHeader)
        for (k, point) in points.enumerated() {
            let previous = k > 0 ? points[k - 1] : nil
            let stepMW = previous.map { point.addedMW - $0.addedMW } ?? 0
            func slope(_ now: Double, _ before: Double?) -> CSVCell {
                guard let before, stepMW > 0 else { return .empty }
                return .number((now - before) / stepMW, decimals: 3)
            }
            let lead: [CSVCell] = [
                .integer(year), .text(asset), .text(kind.rawValue), .number(point.addedMW, decimals: 3), .number(point.capacityMW, decimals: 3),
            ]
            let requested = point.requestedMW
            table.append(
                lead + [
                    .text("all"), .empty, .empty, .number(requested, decimals: 3), .number(point.grantedMW, decimals: 3),
                    requested > 0 ? .number(point.grantedMW / requested, decimals: 6) : .empty, slope(point.grantedMW, previous?.grantedMW),
                    .empty, .number(point.unservedMWh, decimals: 3), slope(-point.unservedMWh, previous.map { -$0.unservedMWh }),
                    .number(point.co2AtRiskKt, decimals: 3), .number(point.costEUR, decimals: 2), .text(point.source.rawValue),
                ])
            for request in point.requests {
                let before = previous.map { p in p.requests.first { $0.key == request.key }?.grantedMW ?? 0 }
                table.append(
                    lead + [
                        .text(request.key.project.rawValue), .text(request.consumer.rawValue), .text(request.key.carrier.rawValue),
                        .number(request.requestedMW, decimals: 3), .number(request.grantedMW, decimals: 3),
                        .number(request.grantedShare, decimals: 6), slope(request.grantedMW, before), .text(request.blockingAsset ?? ""),
                        .empty, .empty, .number(request.co2AtRiskKt, decimals: 3), .empty, .text(point.source.rawValue),
                    ])
            }
        }
        return table
    }

    /// Request view: granted MW and firm unserved energy at the ends of the curve, where the slope
    /// of either changes, and how many steps were solved.
    static func requestSummary(_ points: [ReliefCurve.Point], asset: String, year: Int, seconds: Double) -> String {
        guard let first = points.first, let last = points.last else { return "\(asset) \(year): no steps" }
        func mw(_ value: Double) -> String { CSVTable.fixed(value, decimals: 1) }
        var lines = [
            "Relief of \(asset) in \(year) (request view): granted \(mw(first.grantedMW)) MW at +0 MW → \(mw(last.grantedMW)) MW at +\(CSVTable.fixed(last.addedMW, decimals: 0)) MW of \(mw(last.requestedMW)) MW requested; firm unserved \(RunSummaryText.energy(first.unservedMWh)) → \(RunSummaryText.energy(last.unservedMWh)); CO2 at risk \(CSVTable.fixed(first.co2AtRiskKt, decimals: 1)) → \(CSVTable.fixed(last.co2AtRiskKt, decimals: 1)) kt"
        ]
        let series: [(value: (ReliefCurve.Point) -> Double, unit: String, decimals: Int)] = [
            ({ $0.grantedMW }, "MW granted per MW added", 3), ({ -$0.unservedMWh }, "MWh less firm unserved per MW added", 1),
        ]
        for (value, unit, decimals) in series {
            var previousSlope: Double?
            for k in points.indices.dropFirst() {
                let slope = (value(points[k]) - value(points[k - 1])) / (points[k].addedMW - points[k - 1].addedMW)
                if let previous = previousSlope, abs(slope - previous) > 1e-6 * max(1, abs(previous)) {
                    lines.append(
                        "    slope changes at +\(mw(points[k - 1].addedMW)) MW: \(CSVTable.fixed(previous, decimals: decimals)) → \(CSVTable.fixed(slope, decimals: decimals)) \(unit)"
                    )
                }
                previousSlope = slope
            }
        }
        let short = last.requests.filter { $0.grantedShare < AllocationTables.fullGrantShare }
        if !short.isEmpty {
            lines.append(
                "    still short at +\(CSVTable.fixed(last.addedMW, decimals: 0)) MW: "
                    + short.prefix(5).map { "\($0.key) \(mw($0.grantedMW)) of \(mw($0.requestedMW)) MW" }.joined(separator: ", ")
                    + (short.count > 5 ? ", …" : ""))
        }
        let solved = points.count { $0.source == .solved }
        var tail = "\(solved) of \(points.count) steps solved in \(CSVTable.fixed(seconds, decimals: 1)) s"
        if let flat = points.firstIndex(where: { $0.source == .unchanged }), flat > 0 {
            tail += "; from +\(mw(points[flat - 1].addedMW)) MW the asset has slack, so the rest is unchanged"
        }
        lines.append("    " + tail)
        return lines.joined(separator: "\n")
    }
}
