// SPDX-License-Identifier: GPL-3.0-or-later

/// How a number in a dataset came about (sources.csv `kind`).
public enum ProvenanceKind: String, Hashable, Sendable, CaseIterable {
    /// Taken from the named publication (or simple unit conversion of it).
    case sourced
    /// Computed by a documented formula from sourced numbers (the formula is in the source text).
    case derived
    /// A placeholder or judgement; the source text gives the reasoning.
    case estimate
}

extension DatasetSchema {
    public static let sources = FileSchema(
        name: "sources.csv", required: false,
        doc:
            "Provenance per cell: where one number (or a group of numbers) of another file comes from. A number cell without an entry falls back to its row's `source` cell: one starting with `estimate:` counts as estimate, one starting with `derived:` as derived, any other non-empty one as sourced, an empty one (or a file without a `source` column, such as timeslices.csv) as estimate. `knelpunt validate --provenance` counts the non-zero numbers of each file by kind.",
        columns: [
            ColumnSpec("file", .text, doc: "The data file the number is in (`links.csv`, …; not dataset.toml or sources.csv)."),
            ColumnSpec(
                "row", .text,
                doc:
                    "The row's key as the file defines it (see \"Provenance\" below), e.g. `e-mvl-wtl` or `tata-steel/electricity/2025`; `*` = every row of the file."
            ),
            ColumnSpec(
                "column", .text, doc: "A number column of that file (a profile column for timeslices.csv); `*` = every number column of the row."),
            ColumnSpec(
                "kind", .choice(ProvenanceKind.allCases.map(\.rawValue)),
                doc: "`sourced` from the publication, `derived` by a formula from sourced numbers, or `estimate`."),
            ColumnSpec(
                "source", .text,
                doc: "The publication (with page, table or URL), the formula for `derived`, or the reasoning for `estimate`."),
        ])
}

/// The rules that tie a sources.csv entry to a cell: row keys, number columns and wildcards.
public enum ProvenanceSchema {
    /// Matches every row (in `row`) or every number column (in `column`).
    public static let wildcard = "*"
    /// Joins the key columns of files keyed by several columns (`consumer/carrier/year`).
    public static let keySeparator = "/"
    /// The `source` prefix that marks a row as an estimate.
    public static let estimatePrefix = "estimate:"
    /// The `source` prefix that marks a row as derived by the formula its cell states.
    public static let derivedPrefix = "derived:"

    /// The files sources.csv may point into, in documentation order.
    public static var targetFiles: [FileSchema] { DatasetSchema.files.filter { $0.name != DatasetSchema.sources.name } }

    /// The columns whose non-empty values, joined by ``keySeparator``, make a row's key
    /// (delay_distributions.csv: `record/planned/2`, `record/h2-backbone/4`).
    public static func keyColumns(of file: FileSchema) -> [String] {
        switch file.name {
        case DatasetSchema.demand.name: return ["consumer", "carrier", "year"]
        case DatasetSchema.transition.name: return ["project", "carrier"]
        case DatasetSchema.flex.name: return ["consumer", "carrier", "product", "from_year"]
        case DatasetSchema.contingencies.name: return ["link"]
        case DatasetSchema.delayDistributions.name: return ["distribution", "status", "programme", "project", "delay_years"]
        default: return file.column(named: "id") == nil ? [] : ["id"]
        }
    }

    /// Whether a column holds a quantity that provenance counts (type number; profile columns too).
    public static func isCounted(_ column: ColumnSpec) -> Bool { column.type == .number }

    /// The "Provenance" section of docs/dataset-format.md.
    static func markdown() -> [String] {
        var lines = [
            "## Provenance (sources.csv)",
            "",
            "`knelpunt validate DATASET --provenance` prints, per file, how many non-zero number cells "
                + "(columns of type number, including profile columns) are sourced, derived or estimated, "
                + "with a total and the share sourced + derived. A cell's kind comes from the most specific "
                + "sources.csv entry: (row, column), then (row, `*`), then (`*`, column), then (`*`, `*`). "
                + "Without an entry the row's own `source` cell decides: `\(estimatePrefix)` at its start → estimate, "
                + "`\(derivedPrefix)` at its start → derived, other text → sourced, empty or no `source` column → estimate.",
            "",
            "Row keys (several key columns are joined with `\(keySeparator)`, leaving out empty cells):",
            "",
            "| file | row key |",
            "|---|---|",
        ]
        for file in targetFiles {
            let key = keyColumns(of: file)
            lines.append("| `\(file.name)` | \(key.isEmpty ? "none (only `*`)" : key.map { "`\($0)`" }.joined(separator: " / ")) |")
        }
        lines.append("")
        return lines
    }
}
