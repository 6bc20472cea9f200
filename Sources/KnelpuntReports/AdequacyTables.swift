// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntAnalysis
import KnelpuntData

extension AllocationTables {
    /// adequacy.csv (request view under dataset.toml `adequacy = "apart"`): one row per year and
    /// timeslice with the national electricity load L(t) (firm load and every active request in
    /// full), the national supply S(t) (imports included), the shed share α(t) and the shed load
    /// α(t)·L(t) in MW and, weighted, in MWh (``NationalAdequacy``).
    public static func adequacy(_ outcomes: [YearOutcome], dataset: Dataset) -> CSVTable {
        var table = CSVTable(header: [
            "year", "policy", "timeslice", "weight_hours", "national_load_mw", "national_supply_mw", "shed_share", "shed_mw", "shed_mwh",
        ])
        let slices = dataset.timeslices.slices
        for outcome in outcomes where outcome.allocation == .requests {
            guard let adequacy = outcome.adequacy else { continue }
            for (t, slice) in slices.enumerated() {
                table.append([
                    .integer(outcome.year), .text(outcome.policy), .text(slice.id.rawValue), .number(slice.weightHours, decimals: 3),
                    .number(adequacy.loadMW[t], decimals: 3), .number(adequacy.supplyMW[t], decimals: 3),
                    .number(adequacy.shedShare[t], decimals: 6), .number(adequacy.shedMW(t), decimals: 3),
                    .number(slice.weightHours * adequacy.shedMW(t), decimals: 3),
                ])
            }
        }
        return table
    }
}
