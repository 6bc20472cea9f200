// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import KnelpuntAnalysis
import KnelpuntData
import KnelpuntGLPK
import Testing

/// A year's reported numbers must not depend on the number of worker threads or on which other
/// years were solved in the same run (all years warm-start from the first planning year).
@Suite struct DeterminismTests {
    @Test func yearResultsDoNotDependOnWorkersOrYearSelection() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let dataset = try DatasetLoader.load(from: root.appendingPathComponent("datasets/nl"), strict: false).dataset
        func run(_ years: [Int], workers: Int) throws -> [YearOutcome] {
            var options = AllocationOptions()
            options.workers = workers
            return try AllocationRun(dataset: dataset, solver: GLPKSolver(), options: options).solve(years: years)
        }
        let parallel = try run([2029, 2031], workers: 2)
        let serial = try run([2029, 2031], workers: 1)
        let single = try run([2031], workers: 2)
        for (a, b) in [(parallel[0], serial[0]), (parallel[1], serial[1]), (parallel[1], single[0])] {
            #expect(a.year == b.year)
            #expect(a.costEUR == b.costEUR)
            #expect(a.pairs.map(\.unservedMWh) == b.pairs.map(\.unservedMWh))
            #expect(a.pairs.map(\.flexMWh) == b.pairs.map(\.flexMWh))
            #expect(a.linkFlowMW.map { $0 ?? [] } == b.linkFlowMW.map { $0 ?? [] })
            #expect(a.assets.map(\.shadowValueEURPerMWYear) == b.assets.map(\.shadowValueEURPerMWYear))
            #expect(a.nodes.map(\.priceEURPerMWh) == b.nodes.map(\.priceEURPerMWh))
        }
        let cold = parallel.filter { !$0.costStageWarmStarted }
        #expect(cold.isEmpty)
    }
}
