// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntAnalysis
import KnelpuntData
import KnelpuntGLPK
import KnelpuntLP
import KnelpuntModel
import Testing

/// The LP `knelpunt export` writes under N-1 when the cost stage is decomposed by timeslice (two
/// or more slices): the same optimum as the monolithic lazy loop and as the hand solution.
@Suite struct CertifyingCostStageTests {
    /// Two identical lines a–b (100 MW, emergency 120 MW), cheap supply at a (10 €/MWh), dear at
    /// b (50 €/MWh), 200 MW of load at b in each of three slices of 1,000 h. Under N-1 each line
    /// may carry only 60 MW (f₁ + f₂ ≤ 120 when the other trips): 120 MW from a, 80 MW from b,
    /// 1,000 · (120 · 10 + 80 · 50) = €5.2 million per slice.
    static func threeSliceParallelLines() -> Dataset {
        var b = DatasetBuilder()
        for s in 0..<3 { b.slice("s\(s)", hours: 1000) }
        b.node("a")
        b.node("b")
        b.acLink("l1", "a", "b", capacity: 100, reactance: 0.02, emergency: 120)
        b.acLink("l2", "a", "b", capacity: 100, reactance: 0.02, emergency: 120)
        b.supply("cheap", at: "a", capacity: 300, cost: 10)
        b.supply("dear", at: "b", capacity: 300, cost: 50)
        b.consumer("load", electricity: "b", voll: 5000)
        b.demand("load", mw: 200)
        var dataset = b.build()
        dataset.info.security = .n1
        return dataset
    }

    @Test func decomposedLoopGivesTheHandOptimum() throws {
        let dataset = Self.threeSliceParallelLines()
        let handOptimumEUR = 3 * 1000 * (120.0 * 10 + 80 * 50)
        var monolithic = AllocationOptions()
        monolithic.decomposition = .off
        for options in [AllocationOptions(), monolithic] {
            let (model, rounds) = try AllocationRun(dataset: dataset, solver: GLPKSolver(), options: options).certifyingCostStageModel(year: 2025)
            #expect(rounds >= 2, "the first round is the intact grid, which violates N-1")
            #expect(model.kirchhoffRow.map(\.count) == [3], "one cycle (l1, l2), a row per slice")
            // Both lines in every slice need their post-contingency row: 2 × 3.
            #expect(model.contingencyPairs.count == 6, "\(options.decomposition)")
            let result = try GLPKSolver().solve(model.lp)
            let optimum = try #require(result.objectiveValue)
            #expect(abs(optimum - handOptimumEUR) < 1e-6 * handOptimumEUR, "\(options.decomposition): \(optimum)")
            #expect(model.contingencyViolations(result, toleranceMW: 1e-6).isEmpty)
        }
    }
}
