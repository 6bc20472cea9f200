// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntAnalysis
import KnelpuntData

/// relief.csv and the stdout summary of `knelpunt relief`.
public enum ReliefTables {
    /// The columns of relief.csv; `--force` recognises a relief CSV by this header row.
    public static let header = [
        "year", "asset", "kind", "added_mw", "capacity_mw", "unserved_mwh", "co2_at_risk_kt", "cost_eur", "relief_mwh_per_mw",
        "shadow_value_eur_per_mw_year", "valid_up_to_mw", "bottleneck", "point",
    ]

    /// One row per step. `relief_mwh_per_mw` is the fall in unserved energy from the previous
    /// step per MW added (empty on the first row); shadow value and range only on solved rows.
    /// In the request view the table is ``requestCurve(_:year:asset:kind:)``.
    public static func curve(_ points: [ReliefCurve.Point], year: Int, asset: String, kind: AssetKind) -> CSVTable {
        if points.first?.allocation == .requests { return requestCurve(points, year: year, asset: asset, kind: kind) }
        var table = CSVTable(header: header)
        for (k, point) in points.enumerated() {
            let relief: CSVCell =
                k == 0
                ? .empty
                : .number((points[k - 1].unservedMWh - point.unservedMWh) / (point.addedMW - points[k - 1].addedMW), decimals: 3)
            table.append([
                .integer(year), .text(asset), .text(kind.rawValue), .number(point.addedMW, decimals: 3), .number(point.capacityMW, decimals: 3),
                .number(point.unservedMWh, decimals: 3), .number(point.co2AtRiskKt, decimals: 3), .number(point.costEUR, decimals: 2), relief,
                .optional(point.shadowValueEURPerMWYear, decimals: 2), .optional(point.validUpToMW, decimals: 3),
                .bool(point.isBottleneck), .text(point.source.rawValue),
            ])
        }
        return table
    }

    /// Start and end of the curve, where its slope changes, and how many steps were solved.
    public static func summary(_ points: [ReliefCurve.Point], asset: String, year: Int, seconds: Double) -> String {
        if points.first?.allocation == .requests { return requestSummary(points, asset: asset, year: year, seconds: seconds) }
        guard let first = points.first, let last = points.last else { return "\(asset) \(year): no steps" }
        var lines = [
            "Relief of \(asset) in \(year): unserved \(RunSummaryText.energy(first.unservedMWh)) at +0 MW → \(RunSummaryText.energy(last.unservedMWh)) at +\(CSVTable.fixed(last.addedMW, decimals: 0)) MW; CO2 at risk \(CSVTable.fixed(first.co2AtRiskKt, decimals: 1)) → \(CSVTable.fixed(last.co2AtRiskKt, decimals: 1)) kt"
        ]
        var previousSlope: Double?
        for k in points.indices.dropFirst() {
            let slope = (points[k - 1].unservedMWh - points[k].unservedMWh) / (points[k].addedMW - points[k - 1].addedMW)
            if let previous = previousSlope, abs(slope - previous) > 1e-6 * max(1, abs(previous)) {
                lines.append(
                    "    slope changes at +\(CSVTable.fixed(points[k - 1].addedMW, decimals: 1)) MW: \(CSVTable.fixed(previous, decimals: 1)) → \(CSVTable.fixed(slope, decimals: 1)) MWh less unserved per MW"
                )
            }
            previousSlope = slope
        }
        let solved = points.count { $0.source == .solved }
        var tail = "\(solved) of \(points.count) steps solved in \(CSVTable.fixed(seconds, decimals: 1)) s"
        if let flat = points.first(where: { $0.source == .unchanged }) {
            tail +=
                "; from +\(CSVTable.fixed(flat.addedMW - (points.count > 1 ? points[1].addedMW - points[0].addedMW : 0), decimals: 1)) MW the asset has slack, so the rest is unchanged"
        }
        lines.append("    " + tail)
        return lines.joined(separator: "\n")
    }
}
