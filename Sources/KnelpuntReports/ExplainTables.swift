// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntAnalysis
import KnelpuntData

/// The text and CSV of `knelpunt explain`.
public enum ExplainTables {
    /// The columns of the explain CSV; `--force` recognises an explain CSV by this header row.
    public static let header = [
        "year", "policy", "request", "consumer", "carrier", "requested_mw", "granted_mw", "grid_grant_mw", "asset_rank", "asset", "kind",
        "capacity_mw", "grant_mw_per_mw", "binding_contingency", "relief_projects", "extra_mw_for_full_grant", "rule_grant_mw_at_extra",
        "extra_exact",
    ]

    /// One row per year and binding asset, largest value first (one row with the asset columns
    /// empty when the request is fully granted or nothing binds). `relief_projects` lists
    /// `project@year` separated by `;`. The last three columns are on the first asset's row only.
    public static func table(_ explanations: [RequestExplanation]) -> CSVTable {
        var table = CSVTable(header: header)
        for explanation in explanations {
            let lead: [CSVCell] = [
                .integer(explanation.year), .text(explanation.policy), .text(explanation.key.project.rawValue),
                .text(explanation.consumer.rawValue), .text(explanation.key.carrier.rawValue), .number(explanation.requestedMW, decimals: 3),
                .number(explanation.grantedMW, decimals: 3), .number(explanation.gridGrantMW, decimals: 3),
            ]
            guard !explanation.assets.isEmpty else {
                table.append(lead + Array(repeating: .empty, count: header.count - lead.count))
                continue
            }
            for (rank, asset) in explanation.assets.enumerated() {
                let full = rank == 0 && explanation.fullGrant?.asset == asset.asset ? explanation.fullGrant : nil
                let relief = asset.reliefProjects.map { "\($0.project.rawValue)@\($0.year)" }.joined(separator: ";")
                table.append(
                    lead + [
                        .integer(rank + 1), .text(asset.asset), .text(asset.kind.rawValue), .number(asset.capacityMW, decimals: 3),
                        .number(asset.grantMWPerMW, decimals: 6), asset.bindingContingency.map { .text($0) } ?? .empty,
                        relief.isEmpty ? .empty : .text(relief), .optional(full?.extraMW, decimals: 3),
                        .optional(full?.ruleGrantMW, decimals: 3), full.map { .bool($0.isExact) } ?? .empty,
                    ])
            }
        }
        return table
    }

    /// The explanation in words, one block per request and year.
    public static func text(_ explanations: [RequestExplanation]) -> String {
        var lines: [String] = []
        var previous: RequestKey?
        for explanation in explanations {
            if explanation.key != previous {
                previous = explanation.key
                lines.append(
                    "Request \(explanation.key) of \(explanation.consumerName) (\(explanation.consumer)): \(mw(explanation.requestedMW)) \(explanation.product.rawValue), rule \(explanation.policy)"
                )
            }
            lines += block(explanation).map { "  " + $0 }
        }
        return lines.joined(separator: "\n")
    }

    static func block(_ e: RequestExplanation) -> [String] {
        let share = e.requestedMW > 0 ? e.grantedMW / e.requestedMW : 0
        let tier = e.tier.map { "tier \($0)" } ?? "no tier"
        let shed = e.nationalShed.map {
            "  national shortage (adequacy apart): every electricity load, this one too, shed up to \(CSVTable.fixed($0.largestShare * 100, decimals: 1)) % in \(CSVTable.fixed($0.hours, decimals: 0)) h (adequacy.csv); not a transport limit"
        }
        guard share < AllocationTables.fullGrantShare else {
            return ["\(e.year): granted in full (\(mw(e.grantedMW))), queue place \(e.fcfsRank), \(tier)"] + (shed.map { [$0] } ?? [])
        }
        var lines = [
            "\(e.year): granted \(mw(e.grantedMW)) of \(mw(e.requestedMW)) (\(CSVTable.fixed(share * 100, decimals: 1)) %), short \(mw(e.requestedMW - e.grantedMW)); queue place \(e.fcfsRank), \(tier), rule step \(e.ruleStep.map(String.init) ?? "-")"
        ]
        if let shed { lines.append(shed) }
        if e.firmUnservedMWh > 0 {
            lines.append("  firm load is short by \(RunSummaryText.energy(e.firmUnservedMWh)) this year (security of supply): served first")
        }
        let ahead =
            e.heldAhead.isEmpty
            ? "nothing ahead of it held"
            : "\(e.heldAhead.count) request\(e.heldAhead.count == 1 ? "" : "s") ahead held (\(e.heldAhead.prefix(5).map(\.description).joined(separator: ", "))\(e.heldAhead.count > 5 ? ", …" : ""))"
        lines.append("  the grid allows \(mw(e.gridGrantMW)) with \(ahead)")
        if e.gridGrantMW > e.grantedMW + 1e-6 * max(1, e.requestedMW) {
            lines.append("  the rest is the rule's choice, not a capacity limit")
        }
        if e.assets.isEmpty {
            lines.append("  no capacity bound has value for this grant")
        } else {
            lines.append("  binding capacities by value (MW more grant per MW more capacity):")
            for asset in e.assets.prefix(10) {
                var line =
                    "    \(asset.asset) (\(asset.kind.rawValue), \(mw(asset.capacityMW))): \(CSVTable.fixed(asset.grantMWPerMW, decimals: 3)) MW/MW"
                if let contingency = asset.bindingContingency { line += ", binding after the outage of \(contingency)" }
                lines.append(line)
                for project in asset.reliefProjects {
                    let programme = project.programme.isEmpty ? "" : "\(project.programme), "
                    lines.append(
                        "      relieved from \(project.year) by \(project.project) \"\(project.name)\" (\(programme)\(project.status.rawValue)): +\(mw(project.capacityMW))"
                    )
                }
                if asset.reliefProjects.isEmpty { lines.append("      no project in projects.csv raises it after \(e.year)") }
            }
            if e.assets.count > 10 { lines.append("    … and \(e.assets.count - 10) more (see --out)") }
        }
        if let full = e.fullGrant {
            if let extra = full.extraMW {
                let kind = e.firmUnservedMWh > 0 ? "exact, the firm load served as now" : "exact"
                var line = "  a full grant needs +\(mw(extra)) on \(full.asset) (\(kind), \(full.solves) LP sequence\(full.solves == 1 ? "" : "s"))"
                if let rule = full.ruleGrantMW {
                    line +=
                        rule >= e.requestedMW * AllocationTables.fullGrantShare
                        ? "; the rule then grants it in full" : "; the rule then grants \(mw(rule)) (requests ahead take part of the room)"
                }
                lines.append(line)
            } else if full.isExact {
                lines.append(
                    "  no amount on \(full.asset) alone gives a full grant: at most \(mw(full.lastGrantMW)) before another capacity binds")
            } else {
                lines.append(
                    "  no full grant found on \(full.asset) within \(full.solves) LP sequences or the capacity range (last: \(mw(full.lastGrantMW)))")
            }
        }
        return lines
    }

    static func mw(_ value: Double) -> String { "\(CSVTable.fixed(value, decimals: 1)) MW" }
}
