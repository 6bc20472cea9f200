// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntData
import Testing

private let header = "distribution,status,programme,project,delay_years,weight,source"

extension DatasetFiles {
    /// datasets/tiny with a delay_distributions.csv: `slow` has a status rule (0–3 years) and a
    /// programme rule; `fast` one project rule.
    static let tinyWithDelays: DatasetFiles = {
        var files = DatasetFiles.tiny
        files.setText(
            "delay_distributions.csv",
            """
            \(header)
            slow,planned,,,0,0.4,estimate: test
            slow,planned,,,1,0.3,estimate: test
            slow,,MIEK 2023,,2,1,estimate: test
            slow,planned,,,2,0.2,estimate: test
            slow,planned,,,3,0.1,estimate: test
            fast,,,coast-port-upgrade,0,3,estimate: test
            fast,,,coast-port-upgrade,1,1,estimate: test

            """)
        return files
    }()
}

// Line numbers refer to delay_distributions.csv as written by each case (header on line 1).
let delayRuleCases: [RuleCase] = [
    RuleCase(.delaySelector, "delay_distributions.csv", 2, 3) {
        $0.setText("delay_distributions.csv", "\(header)\nd,planned,MIEK 2023,,1,1,estimate: x\n")
    },
    RuleCase(.delaySelector, "delay_distributions.csv", 3, 2) {
        $0.setText("delay_distributions.csv", "\(header)\nd,planned,,,0,1,estimate: x\nd,,,,1,1,estimate: x\n")
    },
    RuleCase(.duplicateDelayValue, "delay_distributions.csv", 4, 5) {
        $0.setText(
            "delay_distributions.csv", "\(header)\nd,,MIEK 2023,,1,1,estimate: x\nd,,MIEK 2023,,2,1,estimate: x\nd,,MIEK 2023,,1,2,estimate: x\n")
    },
    RuleCase(.unknownReference, "delay_distributions.csv", 2, 4) {
        $0.setText("delay_distributions.csv", "\(header)\nd,,,coast-port-upgrad,1,1,estimate: x\n")
    },
    RuleCase(.valueOutOfRange, "delay_distributions.csv", 2, 6) {
        $0.setText("delay_distributions.csv", "\(header)\nd,planned,,,1,0,estimate: x\n")
    },
    RuleCase(.valueOutOfRange, "delay_distributions.csv", 2, 5) {
        $0.setText("delay_distributions.csv", "\(header)\nd,planned,,,-1,1,estimate: x\n")
    },
    RuleCase(.badEnum, "delay_distributions.csv", 2, 2) {
        $0.setText("delay_distributions.csv", "\(header)\nd,Planned,,,1,1,estimate: x\n")
    },
]

@Suite("delay_distributions.csv: named delay distributions for Monte Carlo sweeps (issue 16 item 3)")
struct DelayDistributionTests {
    @Test("The broken variant is reported with the exact rule, file, line and column", arguments: delayRuleCases)
    func reported(_ ruleCase: RuleCase) {
        RuleTests().reported(ruleCase)
    }

    @Test("Messages name the rule's selector and the fix")
    func messages() {
        var files = DatasetFiles.tiny
        files.setText("delay_distributions.csv", "\(header)\nd,planned,,coast-port-upgrade,1,1,x\nd,planned,,,1,1,x\nd,planned,,,1,2,x\n")
        let (_, diagnostics) = files.load()
        #expect(
            diagnostics.first { $0.rule == .delaySelector }?.message
                == "distribution `d` row selects by status and project; keep one selector and empty the others (a rule applies to one status, one programme or one project)"
        )
        #expect(
            diagnostics.first { $0.rule == .duplicateDelayValue }?.message
                == "distribution `d` already gives delay_years 1 for status `planned` on line 3; merge the two rows into one with the sum of their weights"
        )
    }

    @Test("Rows load; the rows of one distribution and selector form one rule, values and weights in file order")
    func rulesGroupRows() throws {
        let (loaded, diagnostics) = DatasetFiles.tinyWithDelays.load(options: .init(strict: true))
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.description))")
        let data = try #require(loaded)
        #expect(data.delayDistributions.count == 7)
        #expect(data.delayDistributions[2].programme == "MIEK 2023")
        #expect(data.delayDistributions[2].status == nil)
        #expect(data.delayDistributionNames == ["fast", "slow"])
        let slow = data.delayRules(distribution: "slow", origin: EditOrigin())
        #expect(slow.map(\.match) == [.status(.planned), .programme("MIEK 2023")])
        #expect(slow.map(\.values) == [[0, 1, 2, 3], [2]])
        #expect(slow.map(\.weights) == [[0.4, 0.3, 0.2, 0.1], [1]])
        let fast = data.delayRules(distribution: "fast", origin: EditOrigin())
        #expect(fast.map(\.match) == [.project("coast-port-upgrade")])
        #expect(data.delayRules(distribution: "none", origin: EditOrigin()).isEmpty)
    }

    @Test("Provenance keys rows by distribution/selector/delay_years, leaving out the empty selectors")
    func provenanceRowKeys() throws {
        var files = DatasetFiles.tinyWithDelays
        files.setText(
            "sources.csv",
            "file,row,column,kind,source\ndelay_distributions.csv,slow/planned/1,weight,derived,x\ndelay_distributions.csv,fast/coast-port-upgrade/0,weight,sourced,y\n"
        )
        let loaded = try DatasetLoader.load(from: files.source, options: .init(strict: true, countsProvenance: true))
        let count = try #require(loaded.provenance?.files.first { $0.file == "delay_distributions.csv" }?.count)
        #expect(count == ProvenanceCount(sourced: 1, derived: 1, estimate: 5))
        files.appendLine("sources.csv", "delay_distributions.csv,slow/planned//1,weight,derived,x")
        #expect(files.load().diagnostics.map(\.rule) == [.provenanceUnknownRow])
    }
}
