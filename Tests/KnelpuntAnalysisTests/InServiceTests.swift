// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntAnalysis
import KnelpuntData
import KnelpuntGLPK
import Testing

/// A link whose capacity in a year is 0 (not yet built, retired, cancelled) is not part of that
/// year's network: never a bottleneck, never a blocking asset.
@Suite struct InServiceTests {
    /// Supply at A (10 €/MWh), a 200 MW consumer at B behind an existing 50 MW line and a new line
    /// of 0 MW that a project builds (100 MW) in 2030. The new line comes first in the file, so
    /// with equal values it would win the tie for blocking asset if it were counted.
    static func lineBuiltMidHorizon() -> Dataset {
        var b = DatasetBuilder()
        b.years = [2025, 2030]
        b.slice("all", hours: 8760, hour: 12)
        b.node("A")
        b.node("B")
        b.link("A-B-new", "A", "B", capacity: 0)
        b.link("A-B-old", "A", "B", capacity: 50)
        b.project("A-B-new-build", target: "A-B-new", capacity: 100, year: 2030)
        b.supply("gen", at: "A", capacity: 500, cost: 10)
        b.consumer("c", electricity: "B", voll: 3000)
        b.demand("c", mw: 200)
        return b.build()
    }

    @Test func aLineNotYetBuiltIsNeitherBottleneckNorBlockingAsset() throws {
        let dataset = Self.lineBuiltMidHorizon()
        var options = AllocationOptions()
        options.policy = .leximin
        let run = AllocationRun(dataset: dataset, solver: GLPKSolver(), options: options)

        let before = try run.solve(year: 2025)
        let newBefore = try #require(before.assets.first { $0.id == "A-B-new" })
        let oldBefore = try #require(before.assets.first { $0.id == "A-B-old" })
        #expect(!newBefore.isInService)
        #expect(!newBefore.isBottleneck)
        #expect(newBefore.affectedConsumers.isEmpty && newBefore.validUpToMW == nil)
        #expect(oldBefore.isInService && oldBefore.isBottleneck)
        #expect(abs(before.pairs[0].servedShare - 0.25) < 1e-6)
        #expect(before.pairBlockingAssets[0] == "A-B-old")

        let after = try run.solve(year: 2030)
        let newAfter = try #require(after.assets.first { $0.id == "A-B-new" })
        #expect(newAfter.isInService)
        #expect(newAfter.isBottleneck)
        #expect(abs(after.pairs[0].servedShare - 0.75) < 1e-6)
        #expect(after.pairBlockingAssets[0] == "A-B-new")
    }

    @Test func conversionsAndSuppliesAreAlwaysInService() throws {
        let outcome = try AllocationRun(dataset: Self.lineBuiltMidHorizon(), solver: GLPKSolver()).solve(year: 2025)
        let others = outcome.assets.filter { $0.kind != .link }
        #expect(!others.isEmpty && others.allSatisfy { $0.isInService })
    }
}
