// SPDX-License-Identifier: GPL-3.0-or-later

extension DatasetSchema {
    /// The dataset-format documentation (docs/dataset-format.md), generated from the schema and
    /// the rule list. `knelpunt validate --print-schema` prints it; a test checks the committed
    /// file equals it.
    public static func markdown() -> String {
        var lines: [String] = [
            "# Dataset format",
            "",
            "<!-- Generated from DatasetSchema (Sources/KnelpuntData/Schema) by `knelpunt validate --print-schema > docs/dataset-format.md`.",
            "     Do not edit by hand: a test fails when this file and the schema differ. -->",
            "",
            "A dataset is a folder holding `\(manifestFile)` and the CSV files below. "
                + "Required files: \(files.filter(\.required).map { "`\($0.name)`" }.joined(separator: ", ")). "
                + "Optional files (may be absent): \(files.filter { !$0.required }.map { "`\($0.name)`" }.joined(separator: ", ")). "
                + "Any other file or folder is an error (`unknownFile`), except hidden files and \(ignoredNames.map { "`\($0)`" }.joined(separator: ", ")).",
            "",
            "Check a dataset with `knelpunt validate <folder> [--strict]`. Every problem is reported as",
            "`file:line:column: error|warning [rule]: message`; for CSV files the column is the 1-based",
            "position of the column in that file's header, for `\(manifestFile)` the character column.",
            "",
            "Every number must lie in its documented range (given with its type below); [numerics.md](numerics.md) explains each range.",
            "",
            "## CSV conventions",
            "",
            "- UTF-8 text; a leading byte-order mark is accepted.",
            "- Comma separator and RFC 4180 quoting: `\"Rotterdam, port\"`, `\"a \"\"quoted\"\" word\"`; quoted cells may span lines.",
            "- Lines may end in `\\r\\n`, `\\n` or `\\r`. Lines starting with `#` are comments, allowed only before the header row.",
            "- The first other line is the header. Every column listed for the file must be present (in any order), except those marked \"column may be left out\" (added to the format later; leaving one out is the same as leaving all its cells empty); unknown columns are errors.",
            "- Blank lines are ignored. Spaces and tabs around every cell are trimmed.",
            "- An empty cell means \"none\"; its meaning is given per column. There are no sentinel numbers such as `-1`.",
            "- Numbers use `.` as the decimal separator, no thousands separators and no units (units are in column names); `1e3` is fine, NaN and infinity are not.",
            "- Ids are case-sensitive and match `[A-Za-z0-9_.-]+`. Years are calendar years (1900–2200); a value \"from year Y\" holds from 1 January of Y.",
            "- Files larger than \(DatasetLoader.Options.defaultMaxFileBytes / 1_000_000) MB are rejected (`fileTooLarge`).",
            "",
            "## \(manifestFile)",
            "",
            "A TOML file (comments, strings, numbers, booleans, arrays, `[tables]` and `[[arrays of tables]]`; no dates, no multi-line strings).",
            "",
            "| key | type | unit | required | meaning |",
            "|---|---|---|---|---|",
        ]
        for key in manifestKeys {
            lines.append(
                row([
                    "`\(key.name)`", key.type.documentation, key.unit ?? "", key.required ? "yes" : "no", key.doc,
                ]))
        }
        lines += [
            "",
            "Example:",
            "",
            "```toml",
            "name = \"tiny\"",
            "title = \"Tiny hand-solvable example\"",
            "description = \"A coast with offshore wind, one congested line and a port.\"",
            "years = \"2025-2030\"",
            "default_voll_eur_per_mwh = 2000",
            "energy_basis = \"LHV\"",
            "",
            "[sources]",
            "all = \"Invented numbers.\"",
            "```",
            "",
            "## Files",
            "",
        ]
        for file in files {
            lines += [
                "### \(file.name)\(file.required ? "" : " (optional)")",
                "",
                file.doc,
                "",
                "| column | type | unit | required | meaning |",
                "|---|---|---|---|---|",
            ]
            for column in file.columns { lines.append(row(column)) }
            if let extra = file.extraColumns { lines.append(row(extra)) }
            lines.append("")
        }
        lines += ProvenanceSchema.markdown()
        lines += [
            "## Validation rules",
            "",
            "Errors stop a dataset from loading; warnings do not, unless `--strict` is given.",
            "",
            "| rule | severity | meaning |",
            "|---|---|---|",
        ]
        for rule in DiagnosticRule.allCases {
            lines.append(row(["`\(rule.rawValue)`", rule.defaultSeverity.rawValue, rule.summary]))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func row(_ column: ColumnSpec) -> String {
        var type = column.type.documentation
        if let bounds = column.bounds { type += ", \(bounds)\(bounds.resolutionNote(unit: column.unit))" }
        let required =
            switch column.presence {
            case .required: "yes"
            case .optional: column.omittable ? "no (column may be left out)" : "no"
            case .recommended: "may be empty (warning)"
            }
        return row(["`\(column.name)`", type, column.unit ?? "", required, column.doc])
    }

    private static func row(_ cells: [String]) -> String {
        "| " + cells.map { $0.split(separator: "|", omittingEmptySubsequences: false).joined(separator: "\\|") }.joined(separator: " | ") + " |"
    }
}
