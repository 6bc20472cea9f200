// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntAnalysis
import KnelpuntData
import KnelpuntGLPK
import KnelpuntLP
import KnelpuntModel
import Testing

/// The tiny system's optimum, worked out by hand in docs/tiny-by-hand.md.
@Suite struct TinyHandSolutionTests {
    let dataset = DatasetBuilder.tiny()

    func outcome(_ year: Int) throws -> YearOutcome {
        try AllocationRun(dataset: dataset, solver: GLPKSolver()).solve(year: year)
    }

    func pair(_ outcome: YearOutcome, _ consumer: String) throws -> PairOutcome {
        try #require(outcome.pairs.first { $0.key.consumer.rawValue == consumer })
    }

    func asset(_ outcome: YearOutcome, _ id: String) throws -> AssetOutcome {
        try #require(outcome.assets.first { $0.id == id })
    }

    @Test func lpIsFeasibleAndDualFeasible() throws {
        for year in [2025, 2030] {
            let model = AllocationModel.build(dataset: dataset, year: year)
            let result = try GLPKSolver().solve(model.lp)
            #expect(result.isSolvedAndFeasible(requireDual: true))
            let report = FeasibilityReport.check(model.lp, result)
            #expect(report.isFeasible, "\(report.violations)")
        }
    }

    @Test func year2025CostAndShortfall() throws {
        let o = try outcome(2025)
        #expect(abs(o.minCostEUR - 348_100_500) < 1e-3)
        #expect(abs(o.costEUR - o.minCostEUR) < 1e-3)
        let chem = try pair(o, "chem")
        let newco = try pair(o, "newco")
        let steel = try pair(o, "steel")
        #expect(abs(steel.unservedMWh) < 1e-6)
        #expect(abs(chem.demandMWh - 157_680) < 1e-6)
        #expect(abs(chem.unservedMWh - 78_840) < 1e-6)
        #expect(abs(chem.servedShare - 0.5) < 1e-9)
        #expect(abs(newco.flexMWh - 16_425) < 1e-6)
        #expect(abs(newco.unservedMWh - 27_375) < 1e-6)
        #expect(abs(newco.servedMWh - 219_000) < 1e-6)
        #expect(abs(newco.peakUnservedMW - 12.5) < 1e-9)
        #expect(abs(chem.peakUnservedMW - 18) < 1e-9)
    }

    @Test func year2025PricesAndShadowValues() throws {
        let o = try outcome(2025)
        let port = try #require(o.nodes.first { $0.node == "port" })
        for (t, expected) in [1800.0, 1800, 1800, 2000].enumerated() {
            #expect(abs(port.priceEURPerMWh[t] - expected) < 1e-6, "port price in slice \(t)")
        }
        #expect(abs(port.meanPriceEURPerMWh - 1850) < 1e-6)
        let coast = try #require(o.nodes.first { $0.node == "coast" })
        #expect(abs(coast.priceEURPerMWh[0]) < 1e-6)
        // The line binds in three slices: (port price − coast price) × 2190 h each.
        let line = try asset(o, "coast-port")
        #expect(line.isBottleneck)
        #expect(abs(line.shadowValueEURPerMWYear - 11_826_000) < 1e-3)
        #expect(abs(line.congestedHours - 6570) < 1e-9)
        #expect(abs(line.peakFlowMW - 100) < 1e-9)
        #expect(abs((line.validUpToMW ?? -1) - 10) < 1e-6)
        #expect(line.affectedConsumers.map(\.rawValue) == ["chem"])
        // Gas runs flat out: (price − 90 €/MWh) × hours.
        let gas = try asset(o, "gas")
        #expect(abs(gas.shadowValueEURPerMWYear - 7040 * 2190) < 1e-3)
        // Wind binds only in the summer night (a = 0.2, price 2000).
        let wind = try asset(o, "wind")
        #expect(abs(wind.shadowValueEURPerMWYear - 0.2 * 2000 * 2190) < 1e-3)
        let electrolyser = try asset(o, "electrolyser")
        #expect(!electrolyser.isBottleneck)
    }

    @Test func flexBudgetGoesToTheDearestNightSlice() throws {
        let o = try outcome(2025)
        let flex = try #require(o.flex.first)
        #expect(abs(flex.usedMWh - 16_425) < 1e-6)
        #expect(abs((flex.budgetMWh ?? 0) - 16_425) < 1e-9)
        #expect(abs(flex.usedHoursEquivalent - 1095) < 1e-6)
        #expect(abs(flex.hours - 2190) < 1e-9)
        #expect(flex.withinContract)
        #expect(abs(flex.curtailedMW[3] - 7.5) < 1e-9)
        #expect(abs(flex.curtailedMW[1]) < 1e-9)
    }

    @Test func miekProjectSwitchesTheLineBottleneckOffIn2030() throws {
        let o = try outcome(2030)
        let line = try asset(o, "coast-port")
        #expect(!line.isBottleneck)
        #expect(abs(line.capacityMW - 200) < 1e-9)
        #expect(abs(o.minCostEUR - 240_681_000) < 1e-3)
        let chem = try pair(o, "chem")
        #expect(abs(chem.servedShare - 0.75) < 1e-9)
        let co2 = try #require(o.co2.first)
        #expect(co2.project == "chem-green-h2")
        #expect(abs(co2.atRiskKt - 12.5) < 1e-9)
        let years = try AllocationRun(dataset: dataset, solver: GLPKSolver()).solve(years: Array(2025...2030))
        #expect(years.map(\.year) == Array(2025...2030))
        #expect(years.map { $0.assets.first { $0.id == "coast-port" }!.isBottleneck } == [true, true, true, true, true, false])
    }
}
