// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntAnalysis
import KnelpuntData
import KnelpuntGLPK
import KnelpuntLP
import KnelpuntModel
import Testing

/// The timeslice decomposition of the allocation LP against the monolithic LP, on random
/// networks with many slices and tight flex budgets (the coupling rows).
@Suite struct DecompositionExactnessTests {
    /// A random network like ``LeximinPropertyTests/randomNetwork(seed:)`` but with 6–24 slices,
    /// hour windows and flex budgets of a few hundred hours (so they bind).
    static func randomNetwork(seed: UInt64) -> Dataset {
        var rng = SplitMix64(seed: seed)
        var b = DatasetBuilder()
        let sliceCount = Int.random(in: 6...24, using: &rng)
        b.profileNames = ["wind", "load"]
        for t in 0..<sliceCount {
            b.slice(
                "t\(t)", hours: 8760 / Double(sliceCount), hour: (t * 24 / sliceCount) % 24,
                profiles: [Double.random(in: 0.05...1, using: &rng), Double.random(in: 0.6...1.2, using: &rng)])
        }
        let nodeCount = Int.random(in: 3...6, using: &rng)
        for n in 0..<nodeCount { b.node("n\(n)") }
        for n in 1..<nodeCount {
            b.link("l\(n)", "n\(Int.random(in: 0..<n, using: &rng))", "n\(n)", capacity: Double(Int.random(in: 10...100, using: &rng)))
        }
        b.link("extra", "n0", "n\(nodeCount - 1)", capacity: Double(Int.random(in: 5...40, using: &rng)))
        b.node("h2", .hydrogen)
        b.conversion("ely", from: "n\(nodeCount - 1)", to: "h2", capacity: Double(Int.random(in: 10...60, using: &rng)), efficiency: 0.6)
        for s in 0..<Int.random(in: 2...4, using: &rng) {
            b.supply(
                "s\(s)", at: "n\(Int.random(in: 0..<nodeCount, using: &rng))", capacity: Double(Int.random(in: 20...150, using: &rng)),
                cost: Double(Int.random(in: 0...100, using: &rng)), profile: Bool.random(using: &rng) ? "wind" : nil)
        }
        for c in 0..<Int.random(in: 3...7, using: &rng) {
            let hydrogen = c == 0
            b.consumer(
                "c\(c)", electricity: hydrogen ? nil : "n\(Int.random(in: 0..<nodeCount, using: &rng))",
                hydrogen: hydrogen ? "h2" : nil, voll: Double(Int.random(in: 1000...5000, using: &rng)))
            b.demand(
                "c\(c)", hydrogen ? .hydrogen : .electricity, mw: Double(Int.random(in: 10...80, using: &rng)),
                profile: Bool.random(using: &rng) ? "load" : nil)
            if c >= 1, Bool.random(using: &rng) {
                b.flex(
                    "c\(c)", maxMW: Double(Int.random(in: 5...30, using: &rng)), maxHours: Double(Int.random(in: 100...2000, using: &rng)),
                    cost: Double(Int.random(in: 20...400, using: &rng)), window: Bool.random(using: &rng) ? "8-20" : nil)
            }
        }
        return b.build()
    }

    /// The cost-stage LP solved both ways: same optimum within 1e-7 relative; the decomposed
    /// answer passes the independent primal/dual check and did not fall back.
    @Test("cost stage: decomposed optimum equals the monolithic one within 1e-7 (60 random networks)", arguments: [0.0, 0.5])
    func costStageMatches(smoothing: Double) throws {
        var settings = DecompositionOptions()
        settings.smoothing = smoothing
        var rounds = 0
        for seed in UInt64(1)...60 {
            let dataset = Self.randomNetwork(seed: seed &* 104_729)
            let model = AllocationModel.build(dataset: dataset, year: 2025)
            let monolithic = try GLPKSolver().solve(model.lp)
            let decomposed = try DantzigWolfeSolver(inner: GLPKSolver(), structure: model.blockStructure(), settings: settings).solve(model.lp)
            let expected = try #require(monolithic.objectiveValue)
            let found = try #require(decomposed.objectiveValue)
            #expect(abs(found - expected) <= 1e-7 * max(1, abs(expected)), "seed \(seed): \(found) vs \(expected)")
            #expect(decomposed.decomposition?.fallbackReason == nil, "seed \(seed): \(decomposed.decomposition?.fallbackReason ?? "")")
            let check = FeasibilityReport.check(model.lp, decomposed)
            #expect(check.isFeasible, "seed \(seed): \(check.violations)")
            rounds += decomposed.decomposition?.rounds ?? 0
        }
        #expect(rounds >= 20, "binding budgets make column generation run (\(rounds) rounds in all)")
    }

    /// Whole allocation rules with and without decomposition (`on`: every stage, the
    /// progressive-filling and tie-break LPs too): the same minimum cost, the same served share
    /// and unserved energy per pair (unique under every rule).
    @Test("every rule gives the same shares with and without decomposition", arguments: AllocationPolicy.allCases)
    func rulesMatch(policy: AllocationPolicy) throws {
        for seed in UInt64(1)...12 {
            let dataset = Self.randomNetwork(seed: seed &* 7_727)
            var options = AllocationOptions()
            options.policy = policy
            options.decomposition = .off
            let plain = try AllocationRun(dataset: dataset, solver: GLPKSolver(), options: options).solve(year: 2025)
            options.decomposition = .on
            // Every other seed prices with smoothed duals.
            options.decompositionSettings.smoothing = seed % 2 == 0 ? 0.5 : 0
            let decomposed = try AllocationRun(dataset: dataset, solver: GLPKSolver(), options: options).solve(year: 2025)
            #expect(decomposed.solve.costStageMethod.hasPrefix("decomposed"), "seed \(seed): \(decomposed.solve.costStageMethod)")
            #expect(decomposed.solve.decomposedLPSolves == decomposed.solve.lpSolves, "seed \(seed): every stage decomposed")
            #expect(decomposed.solve.decompositionFallback == nil, "seed \(seed): \(decomposed.solve.decompositionFallback ?? "")")
            #expect(plain.solve.decomposedLPSolves == 0)
            #expect(abs(plain.minCostEUR - decomposed.minCostEUR) <= 1e-7 * max(1, plain.minCostEUR), "seed \(seed)")
            #expect(abs(plain.costEUR - decomposed.costEUR) <= 1e-6 * max(1, plain.costEUR), "seed \(seed)")
            for (a, b) in zip(plain.pairs, decomposed.pairs) {
                #expect(a.key == b.key)
                #expect(abs(a.servedShare - b.servedShare) <= 1e-6, "seed \(seed) \(a.key): \(a.servedShare) vs \(b.servedShare)")
                #expect(abs(a.unservedMWh - b.unservedMWh) <= 1e-6 * max(1, a.demandMWh), "seed \(seed) \(a.key)")
            }
        }
    }
}
