// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntAnalysis
import KnelpuntData

extension AllocationTables {
    /// eop.csv (request view): one row per year and Expression of Principles of `dataset`, in
    /// file order: its claim and the planned CO2 of its active requests granted in full, in part
    /// and not at all (full from ``fullGrantShare``, as requests.csv's `first_full_year`).
    public static func eops(_ outcomes: [YearOutcome], dataset: Dataset) -> CSVTable {
        var table = CSVTable(header: [
            "year", "policy", "eop", "company", "stage", "date", "claimed_co2_kt_per_year", "requests", "requested_mw", "granted_mw",
            "co2_planned_kt", "co2_granted_full_kt", "co2_granted_part_kt", "co2_granted_none_kt", "co2_at_risk_kt",
        ])
        for outcome in outcomes where outcome.allocation == .requests {
            for row in outcome.eopOutcomes(dataset, fullGrantShare: fullGrantShare) {
                table.append([
                    .integer(outcome.year), .text(outcome.policy), .text(row.eop.id.rawValue), .text(row.eop.company),
                    .text(row.eop.stage.rawValue), .text(row.eop.date.description), .number(row.eop.co2ReductionKtPerYear, decimals: 3),
                    .integer(row.requests), .number(row.requestedMW, decimals: 3), .number(row.grantedMW, decimals: 3),
                    .number(row.plannedCO2Kt, decimals: 3), .number(row.grantedFullCO2Kt, decimals: 3),
                    .number(row.grantedPartCO2Kt, decimals: 3), .number(row.grantedNoneCO2Kt, decimals: 3),
                    .number(row.co2AtRiskKt, decimals: 3),
                ])
            }
        }
        return table
    }
}
