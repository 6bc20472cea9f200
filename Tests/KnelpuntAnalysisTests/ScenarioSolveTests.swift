// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntAnalysis
import KnelpuntData
import KnelpuntGLPK
import KnelpuntReports
import Testing

/// Scenarios solved on the tiny system (docs/tiny-by-hand.md): the line coast-port binds in
/// 2025–2029 and the project coast-port-upgrade (+100 MW from 2030) removes the bottleneck.
@Suite struct ScenarioSolveTests {
    let tiny = DatasetBuilder.tiny()
    let years = Array(2025...2030)

    func solve(_ dataset: Dataset, starts: [YearOutcome]? = nil) throws -> [YearOutcome] {
        var options = AllocationOptions()
        if let starts {
            options.startingPoints = Dictionary(starts.compactMap { o in o.costStageStart.map { (o.year, $0) } }, uniquingKeysWith: { a, _ in a })
            options.chainYears = false
        }
        return try AllocationRun(dataset: dataset, solver: GLPKSolver(), options: options).solve(years: years)
    }

    func line(_ outcome: YearOutcome) throws -> AssetOutcome {
        try #require(outcome.assets.first { $0.id == "coast-port" })
    }

    @Test func delayingTheUpgradeBringsTheBottleneckBackIn2030Only() throws {
        let late = try Scenario(name: "late", edits: [.delay(ProjectDelay(project: "coast-port-upgrade", years: 2))]).apply(to: tiny)
        let base = try solve(tiny)
        let scenario = try solve(late, starts: base)
        #expect(scenario.allSatisfy { $0.costStageWarmStarted })
        for (b, s) in zip(base, scenario) where b.year < 2030 {
            #expect(try line(b).isBottleneck && line(s).isBottleneck)
            #expect(abs(try line(s).shadowValueEURPerMWYear - line(b).shadowValueEURPerMWYear) < 1e-3)
            for (pb, ps) in zip(b.pairs, s.pairs) {
                #expect(pb.key == ps.key && abs(pb.unservedMWh - ps.unservedMWh) < 1e-6, "\(b.year) \(pb.key)")
            }
            #expect(abs(b.costEUR - s.costEUR) < 1e-3)
        }
        let base2030 = try #require(base.last)
        let late2030 = try #require(scenario.last)
        #expect(try !line(base2030).isBottleneck)
        #expect(try line(late2030).isBottleneck)
        // 2030 with 100 MW: as 2025, plus chem's extra 6 MW of hydrogen (all unserved), so
        // 78,840 + 52,560 MWh of hydrogen short instead of the hand solution's 52,560.
        let chem = try #require(late2030.pairs.first { $0.key.consumer == "chem" })
        #expect(abs(chem.unservedMWh - 131_400) < 1e-3)
        let bottlenecks = ScenarioDiffTables.bottleneckChanges(base: base2030, scenario: late2030)
        #expect(bottlenecks.filter { $0.change == .newlyBinding }.compactMap { $0.scenario?.id } == ["coast-port"])
        #expect(bottlenecks.filter { $0.change == .released }.isEmpty)
    }

    /// Years a scenario does not change are taken from the base; the others are solved and agree
    /// with a full solve of the scenario.
    @Test func baseCaseTakesUnchangedYearsAndSolvesTheRest() throws {
        let base = try BaseCase.solve(dataset: tiny, years: years, solver: GLPKSolver(), options: AllocationOptions())
        let late = try Scenario(name: "late", edits: [.delay(ProjectDelay(project: "coast-port-upgrade", years: 2))]).apply(to: tiny)
        let solved = try base.solve(late, solver: GLPKSolver(), options: AllocationOptions())
        #expect(solved.reusedYears == Array(2025...2029))
        let full = try solve(late)
        for (a, b) in zip(solved.outcomes, full) {
            #expect(a.year == b.year)
            #expect(a.pairs.map(\.key) == b.pairs.map(\.key))
            for (pa, pb) in zip(a.pairs, b.pairs) { #expect(abs(pa.unservedMWh - pb.unservedMWh) < 1e-6) }
            #expect(a.assets.filter(\.isBottleneck).map(\.id) == b.assets.filter(\.isBottleneck).map(\.id))
            #expect(abs(a.costEUR - b.costEUR) < 1e-3)
        }
        #expect(try line(#require(solved.outcomes.last)).isBottleneck)
        // A capacity change in 2027 changes 2027 onwards; a demand edit changes the dataset beyond
        // projects, so no year is taken.
        let grown = try Scenario(name: "+5", edits: [.capacity(CapacityChange(target: "coast-port", fromYear: 2027, amount: .add(5)))]).apply(
            to: tiny)
        #expect(try base.solve(grown, solver: GLPKSolver(), options: AllocationOptions()).reusedYears == [2025, 2026])
        let scaled = try Scenario(name: "x1", edits: [.demand(DemandScaling(consumer: "steel", carrier: .electricity, scale: 1, fromYear: 2030))])
            .apply(to: tiny)
        #expect(try base.solve(scaled, solver: GLPKSolver(), options: AllocationOptions()).reusedYears.isEmpty)
        #expect(try base.solve(tiny, solver: GLPKSolver(), options: AllocationOptions()).reusedYears == years)
    }

    @Test func diffOfADatasetWithItselfIsEmpty() throws {
        let same = try Scenario(name: "nothing").apply(to: tiny)
        let base = try solve(tiny)
        let scenario = try solve(same, starts: base)
        for table in [
            ScenarioDiffTables.allocation(base: base, scenario: scenario), ScenarioDiffTables.summary(base: base, scenario: scenario),
            ScenarioDiffTables.bottlenecks(base: base, scenario: scenario),
        ] {
            let deltas = table.header.indices.filter { table.header[$0].hasPrefix("delta_") }
            #expect(!deltas.isEmpty && !table.rows.isEmpty)
            for row in table.rows {
                for column in deltas {
                    guard case .number(let value, _) = row[column] else { continue }
                    #expect(abs(value) < 1e-6, "\(table.header[column]) = \(value)")
                }
            }
        }
        #expect(ScenarioDiffTables.bottlenecks(base: base, scenario: scenario).rows.allSatisfy { $0[3] == .text("still-binding") })
        #expect(ScenarioDiffText.render(base: base, scenario: scenario, name: "nothing").contains("no change in any year"))
    }

    /// Hand derivation (docs/tiny-by-hand.md, 2025): the line is full in three slices with a 10 MW
    /// shortfall at the port, cut from chem's hydrogen (1,800 €/MWh of electricity = 3,000 €/MWh
    /// of hydrogen × 0.6). Each MW more on the line serves 0.6 MW more hydrogen in 3 × 2,190 h:
    /// 3,942 MWh of hydrogen per MW = shadow value 11,826,000 €/MW/yr ÷ chem's VoLL 3,000 €/MWh.
    /// After +10 MW (valid_up_to_mw) no slice is short any more, so the curve is flat.
    @Test func reliefCurveOfTheLineIn2025() throws {
        let points = try ReliefCurve.compute(
            dataset: tiny, asset: "coast-port", year: 2025, stepMW: 2, maxMW: 100,
            solver: GLPKSolver(), options: AllocationOptions())
        #expect(points.count == 51)
        let first = try #require(points.first)
        #expect(abs(try #require(first.validUpToMW) - 10) < 1e-6)
        let slope = try #require(first.shadowValueEURPerMWYear) / 3000
        #expect(abs(slope - 3942) < 1e-6)
        for k in points.indices.dropFirst() {
            #expect(points[k].unservedMWh <= points[k - 1].unservedMWh + 1e-6, "not non-increasing at +\(points[k].addedMW) MW")
            let fall = (points[k - 1].unservedMWh - points[k].unservedMWh) / 2
            let expected = points[k].addedMW <= 10 + 1e-9 ? slope : 0
            #expect(abs(fall - expected) < 1e-6, "slope \(fall) at +\(points[k].addedMW) MW")
        }
        #expect(abs(points[5].unservedMWh - (106_215 - 10 * 3942)) < 1e-3)
        // The line has slack from +82 MW (the port never needs more than 180 MW): the rest is skipped.
        let skipped = points.filter { $0.source == .unchanged }
        #expect(skipped.count == 9)
        #expect(skipped.first?.addedMW == 84)
    }

    @Test func skippedReliefStepsEqualAFreshSolve() throws {
        let points = try ReliefCurve.compute(
            dataset: tiny, asset: "coast-port", year: 2025, stepMW: 30, maxMW: 120,
            solver: GLPKSolver(), options: AllocationOptions())
        let skipped = try #require(points.last)
        #expect(skipped.source == .unchanged)
        let grown = try Scenario(name: "+120", edits: [.capacity(CapacityChange(target: "coast-port", fromYear: 2025, amount: .add(120)))]).apply(
            to: tiny)
        let fresh = try AllocationRun(dataset: grown, solver: GLPKSolver()).solve(year: 2025)
        #expect(abs(fresh.pairs.reduce(0) { $0 + $1.unservedMWh } - skipped.unservedMWh) < 1e-6)
        #expect(abs(fresh.costEUR - skipped.costEUR) < 1e-3)
        #expect(abs(fresh.co2.reduce(0) { $0 + $1.atRiskKt } - skipped.co2AtRiskKt) < 1e-9)
    }

    @Test func reliefOfAnUnknownAssetFails() {
        #expect(throws: ReliefCurve.Failure.self) {
            try ReliefCurve.compute(
                dataset: tiny, asset: "nowhere", year: 2025, stepMW: 10, maxMW: 10, solver: GLPKSolver(), options: AllocationOptions())
        }
    }
}
