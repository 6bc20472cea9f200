// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntAnalysis
import KnelpuntData
import KnelpuntReports
import Testing

/// The map names the outage under which an N-1 bottleneck binds (tooltip, marker, table), in
/// both languages; a bottleneck of the intact grid names none.
@Suite struct BindingContingencyReportTests {
    static let outageName = "Second coast circuit"

    /// tiny with a second coast–port line, and its 2025 bottleneck coast-port marked as binding
    /// when that line is out (as `BottleneckAnalysis` does under N-1).
    static func input(language: ReportLanguage) throws -> ReportInput {
        var dataset = ReportFixture.tiny
        var second = try #require(dataset.links.first { $0.id.rawValue == "coast-port" })
        second.id = LinkID("coast-port-b")
        second.name = outageName
        dataset.links.append(second)
        var outcomes = ReportFixture.cost
        let index = try #require(outcomes[0].assets.firstIndex { $0.id == "coast-port" && $0.isBottleneck })
        outcomes[0].assets[index].bindingContingency = "coast-port-b"
        return ReportInput(
            dataset: dataset, primary: ReportRun(label: "cost", kind: .policy, outcomes: outcomes), comparisons: [],
            manifest: ReportFixture.manifest(outcomes, dataset: dataset), language: language)
    }

    @Test(arguments: ReportLanguage.allCases)
    func bottleneckNamesItsBindingContingency(_ language: ReportLanguage) throws {
        let html = HTMLReport.render(try Self.input(language: language))
        let phrase =
            language == .nl ? "knelt als \(Self.outageName) (coast-port-b) uitvalt" : "binds when \(Self.outageName) (coast-port-b) is out"
        // The line's tooltip, the numbered marker's tooltip and the bottleneck table (2025 only).
        #expect(html.contains("; \(phrase)</title><line"), "link tooltip")
        #expect(html.contains("k€/MW, \(phrase)</title>"), "marker tooltip")
        #expect(html.contains("<small class=\"contingency\">\(phrase)</small>"), "bottleneck table")
        #expect(occurrences(of: phrase, in: html) >= 3)
    }

    @Test(arguments: ReportLanguage.allCases)
    func intactGridBottleneckNamesNoContingency(_ language: ReportLanguage) {
        let html = HTMLReport.render(ReportFixture.input(language: language))
        #expect(html.contains("coast-port"))
        #expect(!html.contains(language == .nl ? " uitvalt" : "binds when"))
        #expect(!html.contains("class=\"contingency\""))
    }
}
