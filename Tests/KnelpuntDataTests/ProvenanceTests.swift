// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntData
import Testing

/// sources.csv for datasets/tiny, counted by hand in ``ProvenanceTests/handCounted()``.
let tinySources = """
    file,row,column,kind,source
    links.csv,coast-port,capacity_mw,sourced,Made-up grid report p. 3
    supply.csv,*,capacity_mw,derived,capacity = units × unit size
    supply.csv,gas,*,sourced,plant register
    demand.csv,steel/electricity/2025,mw,sourced,annual report 2024
    timeslices.csv,*,weight_h,derived,days per season × 24 h
    nodes.csv,*,*,sourced,OpenStreetMap

    """

extension DatasetFiles {
    /// datasets/tiny with ``tinySources`` and newco's demand row sourced in its own `source` cell.
    static var tinyWithSources: DatasetFiles {
        var files = DatasetFiles.tiny
        files.setText("sources.csv", tinySources)
        files.setCell("demand.csv", line: 3, column: 6, "Company report 2024")
        return files
    }
}

// Lines refer to ``tinySources``: the header is line 1, links.csv line 2, supply.csv lines 3–4.
let provenanceRuleCases: [RuleCase] = [
    RuleCase(.provenanceUnknownFile, "sources.csv", 8, 1) { $0.appendLine("sources.csv", "link.csv,coast-port,capacity_mw,sourced,x") },
    RuleCase(.provenanceUnknownFile, "sources.csv", 8, 1) { $0.appendLine("sources.csv", "contingencies.csv,coast-port,*,sourced,x") },
    RuleCase(.provenanceUnknownFile, "sources.csv", 8, 1) { $0.appendLine("sources.csv", "sources.csv,*,*,sourced,x") },
    RuleCase(.provenanceUnknownRow, "sources.csv", 8, 2) { $0.appendLine("sources.csv", "links.csv,coast-prot,capacity_mw,sourced,x") },
    RuleCase(.provenanceUnknownRow, "sources.csv", 8, 2) { $0.appendLine("sources.csv", "demand.csv,steel,mw,sourced,x") },
    RuleCase(.provenanceUnknownColumn, "sources.csv", 8, 3) { $0.appendLine("sources.csv", "links.csv,coast-port,name,sourced,x") },
    RuleCase(.provenanceUnknownColumn, "sources.csv", 8, 3) { $0.appendLine("sources.csv", "timeslices.csv,winter-day,hour,sourced,x") },
    RuleCase(.duplicateProvenance, "sources.csv", 8, 2) { $0.appendLine("sources.csv", "nodes.csv,*,*,estimate,again") },
    RuleCase(.badEnum, "sources.csv", 8, 4) { $0.appendLine("sources.csv", "links.csv,*,*,guessed,x") },
    RuleCase(.missingValue, "sources.csv", 8, 5) { $0.appendLine("sources.csv", "links.csv,*,*,estimate,") },
].map { ruleCase in
    var withSources = ruleCase
    let mutate = ruleCase.mutate
    withSources.mutate = { files in
        files = DatasetFiles.tinyWithSources
        mutate(&files)
    }
    return withSources
}

@Suite("Provenance per cell: sources.csv and its counts")
struct ProvenanceTests {
    @Test("A broken sources.csv entry is reported with the exact rule, file, line and column", arguments: provenanceRuleCases)
    func reported(_ ruleCase: RuleCase) {
        RuleTests().reported(ruleCase)
    }

    @Test("Messages name the fix")
    func messages() {
        var files = DatasetFiles.tinyWithSources
        files.appendLine("sources.csv", "links.csv,coast-prot,capacty_mw,sourced,x")
        files.appendLine("sources.csv", "flex.csv,*,*,sourced,x")
        let messages = files.load().diagnostics.map(\.message)
        #expect(messages.contains { $0.contains("did you mean `coast-port`?") }, "\(messages)")
        #expect(messages.contains { $0.contains("did you mean `capacity_mw`?") }, "\(messages)")
        #expect(!messages.contains { $0.contains("flex.csv") }, "flex.csv is in tiny, so its entry holds")
        files.files["flex.csv"] = nil
        let without = files.load().diagnostics.map(\.message)
        #expect(without.contains { $0.contains("flex.csv is not in this dataset") }, "\(without)")
    }

    /// 31 non-zero number cells in tiny (nodes 6, links 1, projects 1, supply 3 (wind's cost is 0),
    /// conversions 2, consumers 2, demand 3, transition 2, flex 3, timeslices 8), classified as:
    /// nodes 6 sourced (`*,*`); links 1 sourced; supply: gas capacity and cost sourced (`gas,*`
    /// beats `*,capacity_mw`), wind capacity derived; demand: steel sourced (entry), newco
    /// sourced (its own source cell), chem estimate; timeslices: 4 weights derived, 4 wind values
    /// estimate (no source column); every other cell falls back to its `estimate:` source cell.
    @Test("The counts of tiny with sources.csv match the hand count")
    func handCounted() throws {
        let loaded = try DatasetLoader.load(from: DatasetFiles.tinyWithSources.source, options: .init(strict: true, countsProvenance: true))
        let summary = try #require(loaded.provenance)
        let counts = Dictionary(uniqueKeysWithValues: summary.files.map { ($0.file, $0.count) })
        #expect(
            summary.files.map(\.file) == [
                "nodes.csv", "links.csv", "projects.csv", "supply.csv", "conversions.csv", "consumers.csv", "demand.csv", "transition.csv",
                "flex.csv", "timeslices.csv",
            ])
        #expect(counts["nodes.csv"] == ProvenanceCount(sourced: 6))
        #expect(counts["links.csv"] == ProvenanceCount(sourced: 1))
        #expect(counts["projects.csv"] == ProvenanceCount(estimate: 1))
        #expect(counts["supply.csv"] == ProvenanceCount(sourced: 2, derived: 1))
        #expect(counts["conversions.csv"] == ProvenanceCount(estimate: 2))
        #expect(counts["consumers.csv"] == ProvenanceCount(estimate: 2))
        #expect(counts["demand.csv"] == ProvenanceCount(sourced: 2, estimate: 1))
        #expect(counts["transition.csv"] == ProvenanceCount(estimate: 2))
        #expect(counts["flex.csv"] == ProvenanceCount(estimate: 3))
        #expect(counts["timeslices.csv"] == ProvenanceCount(derived: 4, estimate: 4))
        #expect(summary.total == ProvenanceCount(sourced: 11, derived: 5, estimate: 15))
        #expect(abs(summary.total.sourcedOrDerivedShare - 16.0 / 31.0) < 1e-12)
    }

    @Test("A row source cell that starts with `derived:` makes its cells derived, in any case")
    func derivedSourceCell() throws {
        for prefix in ["derived:", "Derived:"] {
            var files = DatasetFiles.tinyWithSources
            files.setCell("demand.csv", line: 3, column: 6, "\(prefix) 2 lines x 50 MW")
            let loaded = try DatasetLoader.load(from: files.source, options: .init(strict: true, countsProvenance: true))
            let demand = try #require(loaded.provenance?.files.first { $0.file == "demand.csv" }).count
            #expect(demand == ProvenanceCount(sourced: 1, derived: 1, estimate: 1), "\(prefix)")
        }
    }

    @Test("Without sources.csv every cell follows its row's source cell; counts are only made when asked for")
    func fallbackOnly() throws {
        let plain = try DatasetLoader.load(from: DatasetFiles.tiny.source, options: .init(countsProvenance: true))
        let total = try #require(plain.provenance).total
        #expect(total == ProvenanceCount(estimate: 31))
        #expect(total.sourcedOrDerivedShare == 0)
        #expect(try DatasetLoader.load(from: DatasetFiles.tiny.source).provenance == nil)
    }

    /// A floor under datasets/nl's provenance (25.7 % sourced or derived when sources.csv was
    /// first filled; 60.4 % with the public-data marginal costs, the derived public load and the
    /// request queue: the goal of 60 %), so that an edit which drops entries or turns
    /// sourced numbers into estimates shows up.
    @Test("datasets/nl keeps its provenance floor")
    func bundledDatasetFloor() throws {
        let loaded = try DatasetLoader.load(from: Repository.dataset("nl"), options: .init(strict: true, countsProvenance: true))
        let summary = try #require(loaded.provenance)
        #expect(summary.total.cells > 1000)
        #expect(summary.total.sourcedOrDerivedShare >= 0.60, "\(summary.total)")
        let links = try #require(summary.files.first { $0.file == "links.csv" }).count
        #expect(links.sourcedOrDerivedShare >= 0.85, "\(links)")
    }
}
