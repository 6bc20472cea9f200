// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntAnalysis
import KnelpuntData

extension AllocationTables {
    /// capacity-map.csv: one row per year and node (request view with the capacity map), in
    /// nodes.csv order: the largest flat firm offtake and infeed still available after the
    /// queue's grants, MW, and their colour classes (``CapacityColourThresholds``).
    public static func capacityMap(_ outcomes: [YearOutcome]) -> CSVTable {
        var table = CSVTable(header: ["year", "node", "carrier", "available_offtake_mw", "available_infeed_mw", "colour", "colour_infeed"])
        for outcome in outcomes {
            for node in outcome.capacityMap {
                table.append([
                    .integer(outcome.year), .text(node.node.rawValue), .text(node.carrier.rawValue),
                    .number(node.availableOfftakeMW, decimals: 3), .number(node.availableInfeedMW, decimals: 3),
                    .text(node.offtakeColour.rawValue), .text(node.infeedColour.rawValue),
                ])
            }
        }
        return table
    }
}
