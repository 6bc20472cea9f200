// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import KnelpuntData
import Testing

@Suite("Dataset schema and its generated docs")
struct SchemaTests {
    @Test("docs/dataset-format.md is exactly what the schema generates (regenerate with `knelpunt validate --print-schema`)")
    func docsMatchSchema() throws {
        let url = Repository.root.appendingPathComponent("docs/dataset-format.md")
        let committed = try String(contentsOf: url, encoding: .utf8)
        let generated = DatasetSchema.markdown()
        if committed != generated {
            let committedLines = committed.split(separator: "\n", omittingEmptySubsequences: false)
            let generatedLines = generated.split(separator: "\n", omittingEmptySubsequences: false)
            let first =
                zip(committedLines, generatedLines).enumerated().first { $0.element.0 != $0.element.1 }?.offset
                ?? min(committedLines.count, generatedLines.count)
            Issue.record(
                "docs/dataset-format.md differs from DatasetSchema.markdown() at line \(first + 1); run `swift run knelpunt validate --print-schema > docs/dataset-format.md`"
            )
        }
    }

    @Test("The docs have a section and a row for every file, column, key and rule")
    func docsCoverEverything() {
        let markdown = DatasetSchema.markdown()
        for file in DatasetSchema.files {
            #expect(markdown.contains("### \(file.name)"))
            for column in file.columns { #expect(markdown.contains("| `\(column.name)` |"), "\(file.name) \(column.name)") }
        }
        for key in DatasetSchema.manifestKeys { #expect(markdown.contains("| `\(key.name)` |")) }
        for rule in DiagnosticRule.allCases { #expect(markdown.contains("| `\(rule.rawValue)` | \(rule.defaultSeverity.rawValue) |")) }
    }

    @Test("Column names are unique per file, lower snake case, and documented")
    func columnNames() {
        for file in DatasetSchema.files {
            let names = file.columns.map(\.name)
            #expect(Set(names).count == names.count, "\(file.name)")
            for column in file.columns {
                #expect(column.name.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "_" }, "\(file.name) \(column.name)")
                #expect(!column.doc.isEmpty)
            }
            #expect(names.last == "source" || file.name == "nodes.csv" || file.name == "timeslices.csv", "\(file.name)")
        }
    }

    @Test("Units in column names match the declared unit")
    func unitsInNames() {
        let suffixes: [(suffix: String, unit: String)] = [("_mw", "MW"), ("_eur_per_mwh", "EUR/MWh"), ("_h", "h")]
        for file in DatasetSchema.files {
            for column in file.columns {
                for (suffix, unit) in suffixes where column.name.hasSuffix(suffix) {
                    #expect(column.unit == unit, "\(file.name) \(column.name)")
                }
            }
        }
    }

    @Test("The bundled datasets' headers list exactly the schema's columns")
    func bundledHeadersMatch() throws {
        for name in ["tiny", "nl"] {
            let folder = Repository.dataset(name)
            guard FileManager.default.fileExists(atPath: folder.path) else { continue }
            for file in DatasetSchema.files {
                let url = folder.appendingPathComponent(file.name)
                guard let text = try? String(contentsOf: url, encoding: .utf8) else { continue }
                let header = text.split(separator: "\n").first { !$0.hasPrefix("#") }.map { $0.split(separator: ",").map(String.init) } ?? []
                // Omittable columns (added to the format later) may be left out.
                let fixed = file.columns.filter { !$0.omittable || header.contains($0.name) }.map(\.name)
                #expect(Array(header.prefix(fixed.count)) == fixed, "\(name)/\(file.name)")
            }
        }
    }

    @Test("Rule summaries are one sentence or two, and rule names are lower camel case")
    func ruleText() {
        for rule in DiagnosticRule.allCases {
            #expect(rule.rawValue.first?.isLowercase == true)
            #expect(!rule.summary.isEmpty && rule.summary.hasSuffix("."), "\(rule)")
        }
    }
}
