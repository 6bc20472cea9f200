// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntAnalysis
import KnelpuntData
import KnelpuntGLPK
import KnelpuntReports
import Testing

/// The group totals of diff-summary.csv (``YearTotals``) and of the sweep (``SweepResult``) both
/// take each consumer's group from ``YearOutcome/consumerGroups``; checked here against the
/// `group` column of consumers.csv itself, on datasets/tiny in both views (a newcomer of group
/// `other` is given a request, so that the request view has requests of two groups).
@Suite struct GroupTotalsTests {
    @Test(arguments: [AllocationView.energy, .requests]) func totalsFollowTheConsumersGroup(view: AllocationView) throws {
        var dataset = ReportFixture.tiny
        let chem = try #require(dataset.transitions.first)
        var newcomer = chem
        newcomer.consumer = ConsumerID("newco")
        newcomer.project = TransitionID("newco-electrification")
        newcomer.carrier = .electricity
        newcomer.mw = 400
        dataset.transitions.append(newcomer)
        var options = AllocationOptions()
        options.view = view
        options.policy = view == .requests ? .acm : .cost
        let outcomes = try AllocationRun(dataset: dataset, solver: GLPKSolver(), options: options).solve(years: dataset.info.years)
        let groupOf = Dictionary(uniqueKeysWithValues: dataset.consumers.map { ($0.id, $0.group) })
        var groupsSeen = Set<ConsumerGroup>()
        for outcome in outcomes {
            for (consumer, group) in outcome.consumerGroups { #expect(groupOf[consumer] == group, "\(consumer) in \(outcome.year)") }
            for group in [ConsumerGroup.maatwerk, .other, .public] {
                let totals = YearTotals(outcome, group: try #require(YearTotals.Group(rawValue: group.rawValue)))
                let co2 = outcome.co2.filter { groupOf[$0.consumer] == group }.reduce(0) { $0 + $1.atRiskKt }
                let unserved = outcome.pairs.filter { groupOf[$0.key.consumer] == group }.reduce(0) { $0 + $1.unservedMWh }
                #expect(abs(totals.co2AtRiskKt - co2) <= 1e-9 * (1 + co2), "\(outcome.year) \(group)")
                #expect(abs(totals.unservedMWh - unserved) <= 1e-9 * (1 + unserved), "\(outcome.year) \(group)")
                if view == .requests {
                    let granted = outcome.requests.filter { groupOf[$0.consumer] == group }.reduce(0) { $0 + $1.grantedMW }
                    #expect(abs(totals.grantedMW - granted) <= 1e-9 * (1 + granted), "\(outcome.year) \(group)")
                }
            }
            groupsSeen.formUnion(outcome.requests.map(\.group))
        }
        if view == .requests { #expect(groupsSeen == [.maatwerk, .other]) }
    }
}
