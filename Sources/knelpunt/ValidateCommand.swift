// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser
import Foundation
import KnelpuntData

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a dataset folder against the dataset format and report every problem.",
        discussion: """
            Prints each problem to standard error as `file:line:column: error|warning [rule]: message` \
            and a one-line summary to standard output. Exits with 65 (EX_DATAERR) when the dataset has \
            errors (with --strict, warnings count as errors), 64 when the folder does not exist, 0 otherwise. \
            The format and every rule are described in docs/dataset-format.md; --print-schema regenerates it.
            """)

    @OptionGroup var input: DatasetOptions

    @Flag(name: .customLong("print-schema"), help: "Print the dataset format in Markdown (docs/dataset-format.md) and exit.")
    var printSchema = false

    @Flag(
        help:
            "After a valid load, print per file how many non-zero number cells are sourced, derived or estimated (sources.csv, else the row's source cell)."
    )
    var provenance = false

    @OptionGroup var scenario: ScenarioOption

    func run() throws {
        if printSchema {
            printOutput(DatasetSchema.markdown(), terminator: "")
            return
        }
        let folder = try input.folder()
        let shown = displayPath(folder)
        var checked: Dataset?
        do {
            let loaded = try DatasetLoader.load(from: folder, options: .init(strict: input.strict, countsProvenance: provenance))
            for diagnostic in loaded.diagnostics { printError(diagnostic.formatted(directory: shown)) }
            let warnings = loaded.diagnostics.count
            printOutput("\(shown): valid (\(Self.contents(loaded.dataset))), 0 errors, \(Self.count(warnings, "warning"))")
            if let summary = loaded.provenance { printOutput(Self.provenanceTable(summary), terminator: "") }
            checked = loaded.dataset
        } catch {
            for diagnostic in error.diagnostics { printError(diagnostic.formatted(directory: shown)) }
            printOutput("\(shown): invalid, \(Self.count(error.errorCount, "error")), \(Self.count(error.warningCount, "warning"))")
            throw ExitStatus.dataError
        }
        if let path = scenario.scenario, let checked { try validateScenario(path, against: checked) }
    }

    /// The folder relative to the current directory when it lies inside it.
    private func displayPath(_ folder: URL) -> String {
        let current = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).standardizedFileURL.path
        let path = folder.standardizedFileURL.path
        guard path.hasPrefix(current + "/") else { return path }
        return String(path.dropFirst(current.count + 1))
    }

    static func contents(_ data: Dataset) -> String {
        let years = data.info.years
        let span = years.count > 1 ? "years \(years[0])–\(years[years.count - 1])" : "year \(years.first.map(String.init) ?? "")"
        return [
            count(data.nodes.count, "node"), count(data.links.count, "link"), count(data.projects.count, "project"),
            count(data.supplies.count, "supply", plural: "supplies"), count(data.conversions.count, "conversion"),
            count(data.consumers.count, "consumer"), count(data.demand.count, "demand level"),
            count(data.transitions.count, "transition project"), count(data.flex.count, "flex commitment"),
            count(data.timeslices.slices.count, "timeslice"), count(data.timeslices.profileNames.count, "profile"), span,
        ].joined(separator: ", ")
    }

    /// The `--provenance` table: one line per file, a total, and the share sourced + derived.
    static func provenanceTable(_ summary: ProvenanceSummary) -> String {
        let rows = summary.files.map { ($0.file, $0.count) } + [("total", summary.total)]
        let width = max(4, rows.map(\.0.count).max() ?? 0)
        func line(_ cells: [String]) -> String {
            cells[0].padding(toLength: width, withPad: " ", startingAt: 0)
                + cells.dropFirst().map { String(repeating: " ", count: max(0, 9 - $0.count)) + $0 }.joined()
        }
        var lines = ["provenance of non-zero number cells:", line(["file", "cells", "sourced", "derived", "estimate", "share"])]
        for (file, count) in rows {
            lines.append(
                line([
                    file, String(count.cells), String(count.sourced), String(count.derived), String(count.estimate),
                    percent(count.sourcedOrDerivedShare),
                ]))
        }
        lines.append("sourced + derived: \(percent(summary.total.sourcedOrDerivedShare)) of \(summary.total.cells) cells")
        return lines.joined(separator: "\n") + "\n"
    }

    /// `61.3 %` (one decimal).
    static func percent(_ share: Double) -> String {
        let tenths = Int((share * 1000).rounded())
        return "\(tenths / 10).\(tenths % 10) %"
    }

    static func count(_ number: Int, _ noun: String, plural: String? = nil) -> String {
        "\(number) \(number == 1 ? noun : plural ?? noun + "s")"
    }
}
