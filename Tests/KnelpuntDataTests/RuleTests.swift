// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntData
import Testing

/// One broken variant of datasets/tiny and the diagnostic it must produce.
struct RuleCase: Sendable, CustomTestStringConvertible {
    var rule: DiagnosticRule
    var file: String
    var line: Int?
    var column: Int?
    var options = DatasetLoader.Options()
    var mutate: @Sendable (inout DatasetFiles) -> Void

    var testDescription: String { "\(rule.rawValue) at \(file):\(line.map(String.init) ?? "-"):\(column.map(String.init) ?? "-")" }

    init(
        _ rule: DiagnosticRule, _ file: String, _ line: Int?, _ column: Int?, options: DatasetLoader.Options = .init(),
        _ mutate: @escaping @Sendable (inout DatasetFiles) -> Void
    ) {
        self.rule = rule
        self.file = file
        self.line = line
        self.column = column
        self.options = options
        self.mutate = mutate
    }
}

// Line numbers refer to datasets/tiny: timeslices.csv has a comment on line 1 and its header
// on line 2; dataset.toml has a comment on line 1, then name, title, description, years,
// default_voll_eur_per_mwh, energy_basis, a blank line, [sources] and all.
let ruleCases: [RuleCase] = [
    // Files
    RuleCase(.unknownFile, "notes.txt", nil, nil) { $0.files["notes.txt"] = Array("x".utf8) },
    RuleCase(.missingFile, "nodes.csv", nil, nil) { $0.files["nodes.csv"] = nil },
    RuleCase(.fileTooLarge, "consumers.csv", nil, nil, options: .init(maxFileBytes: 300)) { _ in },
    RuleCase(.emptyFile, "links.csv", nil, nil) { $0.setText("links.csv", "# only a comment\n\n") },
    // CSV syntax
    RuleCase(.badEncoding, "nodes.csv", 3, 2) { files in
        files.setCell("nodes.csv", line: 3, column: 2, "Port")
        var bytes = files.files["nodes.csv"]!
        let index = bytes.firstIndex(of: UInt8(ascii: "P"))!
        bytes[index + 1] = 0xFF
        files.files["nodes.csv"] = bytes
    },
    RuleCase(.unterminatedQuote, "links.csv", 2, 2) { $0.setCell("links.csv", line: 2, column: 2, "\"Coast to port") },
    RuleCase(.strayQuote, "supply.csv", 3, 2) { $0.setCell("supply.csv", line: 3, column: 2, "Gas \"plant\"") },
    RuleCase(.wrongFieldCount, "demand.csv", 3, 7) { $0.setLine("demand.csv", 3, "newco,electricity,2025,30,,estimate,extra") },
    // Header
    RuleCase(.unknownColumn, "nodes.csv", 1, 6) { $0.setCell("nodes.csv", line: 1, column: 6, "long") },
    RuleCase(.missingColumn, "nodes.csv", 1, nil) { $0.removeColumn("nodes.csv", 5) },
    RuleCase(.duplicateColumn, "nodes.csv", 1, 6) { $0.setCell("nodes.csv", line: 1, column: 6, "lat") },
    // dataset.toml
    RuleCase(.badToml, "dataset.toml", 3, 9) { $0.setLine("dataset.toml", 3, "title = \"unterminated") },
    RuleCase(.duplicateKey, "dataset.toml", 3, 1) { $0.insertLine("dataset.toml", 3, "name = \"again\"") },
    RuleCase(.missingKey, "dataset.toml", nil, nil) { $0.replace("dataset.toml", "energy_basis = \"LHV\"", with: "") },
    RuleCase(.unknownKey, "dataset.toml", 5, 1) { $0.replace("dataset.toml", "years =", with: "yeras =") },
    RuleCase(.wrongType, "dataset.toml", 6, 28) { $0.replace("dataset.toml", "= 2000", with: "= \"2000\"") },
    RuleCase(.badYear, "dataset.toml", 5, 9) { $0.replace("dataset.toml", "\"2025-2030\"", with: "\"2030-2025\"") },
    // Cells
    RuleCase(.missingValue, "nodes.csv", 3, 2) { $0.setCell("nodes.csv", line: 3, column: 2, "") },
    RuleCase(.badId, "nodes.csv", 2, 1) { $0.setCell("nodes.csv", line: 2, column: 1, "coast line") },
    RuleCase(.badNumber, "links.csv", 2, 6) { $0.setCell("links.csv", line: 2, column: 6, "\"1,5\"") },
    RuleCase(.nonFinite, "supply.csv", 3, 7) { $0.setCell("supply.csv", line: 3, column: 7, "NaN") },
    RuleCase(.badInteger, "timeslices.csv", 3, 3) { $0.setCell("timeslices.csv", line: 3, column: 3, "1.5") },
    RuleCase(.badYear, "links.csv", 2, 7) { $0.setCell("links.csv", line: 2, column: 7, "20x5") },
    RuleCase(.badDate, "consumers.csv", 3, 9) { $0.setCell("consumers.csv", line: 3, column: 9, "2023-13-01") },
    RuleCase(.badEnum, "consumers.csv", 4, 7) { $0.setCell("consumers.csv", line: 4, column: 7, "Binding") },
    RuleCase(.badWindow, "flex.csv", 2, 9) { $0.setCell("flex.csv", line: 2, column: 9, "22-6") },
    RuleCase(.valueOutOfRange, "nodes.csv", 2, 5) { $0.setCell("nodes.csv", line: 2, column: 5, "95") },
    RuleCase(.negativeCapacity, "links.csv", 2, 6) { $0.setCell("links.csv", line: 2, column: 6, "-100") },
    RuleCase(.magnitudeOutOfRange, "links.csv", 2, 6) { $0.setCell("links.csv", line: 2, column: 6, "1e300") },
    RuleCase(.negativeDemand, "demand.csv", 4, 4) { $0.setCell("demand.csv", line: 4, column: 4, "-120") },
    RuleCase(.efficiencyOutOfRange, "conversions.csv", 2, 6) { $0.setCell("conversions.csv", line: 2, column: 6, "60") },
    RuleCase(.profileOutOfRange, "timeslices.csv", 3, 5) { $0.setCell("timeslices.csv", line: 3, column: 5, "1.2") },
    RuleCase(.profileMissing, "timeslices.csv", 4, 5) { $0.setCell("timeslices.csv", line: 4, column: 5, "") },
    RuleCase(.missingSource, "demand.csv", 2, 6) { $0.setCell("demand.csv", line: 2, column: 6, "") },
    RuleCase(.unknownReference, "demand.csv", 4, 1) { $0.setCell("demand.csv", line: 4, column: 1, "stel") },
    RuleCase(.unknownReference, "supply.csv", 2, 6) { $0.setCell("supply.csv", line: 2, column: 6, "Wind") },
    RuleCase(.unknownReference, "projects.csv", 2, 4) { $0.setCell("projects.csv", line: 2, column: 4, "coast-port-2") },
    // Records
    RuleCase(.duplicateId, "supply.csv", 3, 1) { $0.setCell("supply.csv", line: 3, column: 1, "coast-port") },
    RuleCase(.duplicateId, "consumers.csv", 4, 1) { $0.setCell("consumers.csv", line: 4, column: 1, "newco") },
    RuleCase(.carrierMismatch, "consumers.csv", 4, 4) { $0.setCell("consumers.csv", line: 4, column: 4, "h2-port") },
    RuleCase(.carrierMismatch, "links.csv", 2, 3) { $0.setCell("links.csv", line: 2, column: 5, "hydrogen") },
    RuleCase(.carrierMismatch, "demand.csv", 3, 2) { $0.setCell("demand.csv", line: 3, column: 2, "hydrogen") },
    RuleCase(.carrierMismatch, "conversions.csv", 2, 4) { $0.setCell("conversions.csv", line: 2, column: 4, "coast") },
    RuleCase(.selfLoop, "links.csv", 2, 4) { $0.setCell("links.csv", line: 2, column: 4, "coast") },
    RuleCase(.retiredBeforeCommissioned, "supply.csv", 3, 9) { files in
        files.setCell("supply.csv", line: 3, column: 8, "2030")
        files.setCell("supply.csv", line: 3, column: 9, "2025")
    },
    RuleCase(.negativeCapacityAfterProjects, "projects.csv", 2, 5) { $0.setCell("projects.csv", line: 2, column: 5, "-150") },
    RuleCase(.flexYearsReversed, "flex.csv", 2, 5) { $0.setCell("flex.csv", line: 2, column: 5, "2020") },
    RuleCase(.duplicateFlex, "flex.csv", 3, 4) { $0.appendLine("flex.csv", "newco,electricity,cbc,2025,2027,5,,50,,again") },
    RuleCase(.duplicateDemandYear, "demand.csv", 5, 3) { $0.appendLine("demand.csv", "steel,electricity,2025,100,,again") },
    RuleCase(.weightsNotAYear, "timeslices.csv", 6, 2) { $0.setCell("timeslices.csv", line: 3, column: 2, "2000") },
    RuleCase(.weightsNearlyAYear, "timeslices.csv", 6, 2) { $0.setCell("timeslices.csv", line: 3, column: 2, "2190.001") },
    RuleCase(.windowWithoutHours, "timeslices.csv", 5, 4) { $0.setCell("timeslices.csv", line: 5, column: 4, "") },
    RuleCase(.unreachableDemand, "consumers.csv", 3, 4) { files in
        files.appendLine("nodes.csv", "island,Island substation,electricity,ISLAND,,")
        files.setCell("consumers.csv", line: 3, column: 4, "island")
    },
    RuleCase(.vollNotAboveCosts, "consumers.csv", 4, 10) { $0.setCell("consumers.csv", line: 4, column: 10, "80") },
]

@Suite("One broken variant of datasets/tiny per rule")
struct RuleTests {
    @Test("The broken variant is reported with the exact rule, file, line and column", arguments: ruleCases)
    func reported(_ ruleCase: RuleCase) {
        var files = DatasetFiles.tiny
        ruleCase.mutate(&files)
        let (dataset, diagnostics) = files.load(options: ruleCase.options)
        let matches = diagnostics.filter {
            $0.rule == ruleCase.rule && $0.file == ruleCase.file && $0.line == ruleCase.line && $0.column == ruleCase.column
        }
        #expect(matches.count == 1, "got: \(diagnostics.map(\.description))")
        #expect(matches.first?.severity == ruleCase.rule.defaultSeverity)
        #expect(matches.first.map { !$0.message.isEmpty } == true)
        // Errors stop the dataset from loading; a warning alone does not.
        #expect((dataset == nil) == diagnostics.contains { $0.severity == .error })
        if ruleCase.rule.defaultSeverity == .warning {
            #expect(dataset != nil)
        } else {
            #expect(dataset == nil)
        }
    }

    @Test("Every rule has at least one broken variant, except missingFolder and unreadableFile (tested on their own)")
    func everyRuleCovered() {
        let covered = Set((ruleCases + physicsRuleCases + requestRuleCases + provenanceRuleCases + delayRuleCases).map(\.rule)).union([
            .missingFolder, .unreadableFile,
        ])
        #expect(Set(DiagnosticRule.allCases).subtracting(covered).isEmpty)
    }

    @Test("The unmodified files produce no diagnostics (so every case above is caused by its mutation)")
    func baselineIsClean() {
        let (dataset, diagnostics) = DatasetFiles.tiny.load(options: .init(strict: true))
        #expect(dataset != nil)
        #expect(diagnostics.isEmpty)
    }

    @Test("Messages name the offending value and suggest a fix")
    func messagesNameValueAndFix() {
        var files = DatasetFiles.tiny
        files.setCell("links.csv", line: 2, column: 6, "\"1,5\"")
        files.setCell("nodes.csv", line: 1, column: 5, "Lat")
        let (_, diagnostics) = files.load()
        let number = diagnostics.first { $0.rule == .badNumber }
        #expect(number?.message == "capacity_mw `1,5` is not a number; use `.` as the decimal separator, not `,`")
        let column = diagnostics.first { $0.rule == .unknownColumn }
        #expect(column?.message == "unknown column `Lat`; did you mean `lat`?")
    }

    @Test("A broken node does not cascade into unknown-reference errors in other files")
    func noCascade() {
        var files = DatasetFiles.tiny
        files.setCell("nodes.csv", line: 2, column: 3, "electric")
        let (_, diagnostics) = files.load()
        #expect(diagnostics.map(\.rule) == [.badEnum])
    }

    @Test("A file with a broken header does not cascade either")
    func brokenHeaderNoCascade() {
        var files = DatasetFiles.tiny
        files.removeColumn("nodes.csv", 1)
        let (_, diagnostics) = files.load()
        #expect(diagnostics.map(\.rule) == [.missingColumn])
    }
}
