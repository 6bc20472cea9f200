// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import KnelpuntAnalysis
import KnelpuntData
import KnelpuntGLPK
import Testing

@testable import KnelpuntReports

/// The report's queue (request view) and its public group.
@Suite struct ReportQueueTests {
    /// tiny with the newcomer in the `public` group (its load is firm like any demand.csv row).
    static let withPublic: Dataset = {
        var dataset = ReportFixture.tiny
        if let newco = dataset.consumers.firstIndex(where: { $0.id == "newco" }) { dataset.consumers[newco].group = .public }
        return dataset
    }()

    static func requestView(_ dataset: Dataset, policy: AllocationPolicy = .acm) -> [YearOutcome] {
        var options = AllocationOptions()
        options.policy = policy
        options.view = .requests
        do {
            return try AllocationRun(dataset: dataset, solver: GLPKSolver(), options: options).solve(years: dataset.info.years)
        } catch {
            preconditionFailure("tiny does not solve in the request view: \(error)")
        }
    }

    @Test(arguments: ReportLanguage.allCases)
    func publicIsAGroupOfItsOwn(_ language: ReportLanguage) {
        let strings = ReportStrings(language: language)
        #expect(strings.group("public") == (language == .nl ? "publiek" : "public"))
        #expect(strings.group("other") == (language == .nl ? "overig" : "other"))
        #expect(strings.group("all") == (language == .nl ? "alle" : "all"))
    }

    /// By hand (docs/tiny-by-hand.md, 2025): the newcomer's 27,375 MWh unserved count for the
    /// public group now, not for `other` (which has no member left), and it is the public group's
    /// worst off at 1 − 27,375/262,800 = 89.58 %.
    @Test func theSummarySplitsOffThePublicGroup() throws {
        let outcomes = ReportFixture.solve(.cost, dataset: Self.withPublic)
        let rows = CompanyTable.rows(dataset: Self.withPublic, outcomes: outcomes)
        let summary = YearSummary(outcome: outcomes[0], companies: rows, index: 0)
        #expect(abs(summary.publicLoad.unservedMWh - 27_375) < 1e-3)
        #expect(abs(summary.other.unservedMWh) < 1e-9 && abs(summary.other.demandMWh) < 1e-9)
        #expect(summary.worstOff.other == nil)
        let worst = try #require(summary.worstOff.publicLoad)
        #expect(worst.name == "Newcomer on the waiting list" && abs(worst.share - (1 - 27_375.0 / 262_800)) < 1e-9)
        let html = HTMLReport.render(
            ReportInput(
                dataset: Self.withPublic, primary: ReportRun(label: "cost", kind: .policy, outcomes: outcomes),
                manifest: ReportFixture.manifest(outcomes),
                language: .en))
        #expect(html.contains("<span class=\"badge public\">public</span>"))
        #expect(html.contains("<tr><th scope=\"row\">public</th><td class=\"num\">27.4"))
    }

    /// tiny's one request (chem-green-h2, 6 MW hydrogen from 2030): one queue row, "–" before
    /// 2030, and in 2030 the granted share the run reports.
    @Test func theQueueShowsEachRequestsGrantPerYear() throws {
        let outcomes = Self.requestView(ReportFixture.tiny)
        let input = ReportInput(
            dataset: ReportFixture.tiny, primary: ReportRun(label: "acm", kind: .policy, outcomes: outcomes),
            manifest: ReportFixture.manifest(outcomes), language: .en)
        let html = HTMLReport.render(input)
        let start = try #require(html.range(of: "<section id=\"queue\""))
        let end = try #require(html.range(of: "</section>", range: start.upperBound..<html.endIndex))
        let queue = String(html[start.lowerBound..<end.upperBound])
        #expect(html.contains("<a href=\"#queue\">Queue</a>"))
        #expect(queue.components(separatedBy: "<tbody>")[1].components(separatedBy: "</tr>").count - 1 == 1)
        #expect(queue.contains("<td class=\"num\">1</td><th scope=\"row\">Chemical plant <span class=\"badge maatwerk\">maatwerk</span></th>"))
        #expect(queue.contains("chem-green-h2 <span class=\"cluster\">hydrogen, firm</span>"))
        #expect(queue.components(separatedBy: "grant-none").count - 1 == 5)
        let request = try #require(outcomes.last?.requests.first { $0.key.project == "chem-green-h2" })
        let percent = ReportNumberFormat(language: .en).number(request.grantedShare * 100, decimals: 0)
        #expect(queue.contains("title=\"2030: \(ReportNumberFormat(language: .en).number(request.grantedMW, decimals: 0)) / 6 MW\">\(percent)</td>"))
    }

    /// Under `adequacy = "apart"` the unserved card names the national shed of the year (energy and
    /// hours, as ``NationalAdequacy`` computes them); tiny with half its supply capacity has one.
    @Test func theUnservedCardShowsTheNationalShed() throws {
        var dataset = ReportFixture.tiny
        for s in dataset.supplies.indices { dataset.supplies[s].capacityMW *= 0.5 }
        dataset.info.adequacy = .apart
        let year = try #require(dataset.info.years.last)
        let adequacy = try #require(dataset.view(year: year, allocation: .requests).adequacy)
        let weights = dataset.timeslices.slices.map(\.weightHours)
        let hours = adequacy.shedHours(weightsHours: weights)
        try #require(hours > 0, "the halved supply must leave tiny short somewhere")
        let outcomes = Self.requestView(dataset)
        let html = HTMLReport.render(
            ReportInput(
                dataset: dataset, primary: ReportRun(label: "acm", kind: .policy, outcomes: outcomes), manifest: ReportFixture.manifest(outcomes),
                language: .en))
        let f = ReportNumberFormat(language: .en)
        let row =
            "<tr><th scope=\"row\">National shortage, shed apart</th><td class=\"num\">"
            + "\(f.energy(adequacy.shedMWh(weightsHours: weights))) in \(f.number(hours, decimals: 0)) h</td></tr>"
        #expect(html.contains(row))
        var inGrants = dataset
        inGrants.info.adequacy = .inGrants
        let plain = HTMLReport.render(
            ReportInput(
                dataset: inGrants, primary: ReportRun(label: "acm", kind: .policy, outcomes: Self.requestView(inGrants)),
                manifest: ReportFixture.manifest(outcomes), language: .en))
        #expect(!plain.contains("National shortage"))
    }

    /// The energy view has no requests, so no queue.
    @Test func theEnergyViewHasNoQueue() {
        let html = HTMLReport.render(ReportFixture.input(language: .en))
        #expect(!html.contains("id=\"queue\""))
        #expect(!html.contains("href=\"#queue\""))
    }
}
