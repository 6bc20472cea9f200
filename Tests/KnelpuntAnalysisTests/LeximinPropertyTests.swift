// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntAnalysis
import KnelpuntData
import KnelpuntGLPK
import KnelpuntLP
import KnelpuntModel
import Testing

@Suite struct LeximinPropertyTests {
    static func randomNetwork(seed: UInt64) -> Dataset {
        var rng = SplitMix64(seed: seed)
        var b = DatasetBuilder()
        let sliceCount = Int.random(in: 2...3, using: &rng)
        b.profileNames = ["wind"]
        for t in 0..<sliceCount {
            b.slice("t\(t)", hours: 8760 / Double(sliceCount), hour: t * 8, profiles: [Double.random(in: 0.1...1, using: &rng)])
        }
        let nodeCount = Int.random(in: 3...5, using: &rng)
        for n in 0..<nodeCount { b.node("n\(n)") }
        for n in 1..<nodeCount {
            b.link("l\(n)", "n\(Int.random(in: 0..<n, using: &rng))", "n\(n)", capacity: Double(Int.random(in: 10...100, using: &rng)))
        }
        if Bool.random(using: &rng) {
            b.link("extra", "n0", "n\(nodeCount - 1)", capacity: Double(Int.random(in: 5...40, using: &rng)))
        }
        b.node("h2", .hydrogen)
        b.conversion("ely", from: "n\(nodeCount - 1)", to: "h2", capacity: Double(Int.random(in: 10...60, using: &rng)), efficiency: 0.6)
        for s in 0..<Int.random(in: 1...3, using: &rng) {
            b.supply(
                "s\(s)", at: "n\(Int.random(in: 0..<nodeCount, using: &rng))", capacity: Double(Int.random(in: 20...150, using: &rng)),
                cost: Double(Int.random(in: 0...100, using: &rng)), profile: Bool.random(using: &rng) ? "wind" : nil)
        }
        for c in 0..<Int.random(in: 2...6, using: &rng) {
            let hydrogen = c == 0
            b.consumer(
                "c\(c)", electricity: hydrogen ? nil : "n\(Int.random(in: 0..<nodeCount, using: &rng))",
                hydrogen: hydrogen ? "h2" : nil, voll: Double(Int.random(in: 1000...5000, using: &rng)))
            b.demand("c\(c)", hydrogen ? .hydrogen : .electricity, mw: Double(Int.random(in: 10...80, using: &rng)))
            if c == 1, Bool.random(using: &rng) {
                b.flex("c\(c)", maxMW: 10, maxHours: 3000, cost: 50)
            }
        }
        return b.build()
    }

    /// No pair's share can be raised without lowering a pair whose share is smaller or equal:
    /// for each pair j, maximise r_j while every other pair with s_i ≤ s_j keeps s_i (shares
    /// within the rise tolerance 1e-6 of s_j count as equal).
    @Test(arguments: 0..<40)
    func leximinIsExact(seed: Int) throws {
        let dataset = Self.randomNetwork(seed: UInt64(seed) &* 7919 &+ 1)
        var options = AllocationOptions()
        options.policy = .leximin
        let outcome = try AllocationRun(dataset: dataset, solver: GLPKSolver(), options: options).solve(year: 2025)
        let shares = outcome.pairs.map(\.servedShare)
        let base = AllocationModel.build(dataset: dataset, year: 2025)
        #expect(base.view.pairs.map(\.key) == outcome.pairs.map(\.key))
        for j in shares.indices {
            // An independent LP on a copy of the cost-stage LP, not the rules' own families.
            var lp = base.lp
            lp.clearObjective()
            func shortfallTerms(_ i: Int) -> [(column: Int, coefficient: Double)] {
                base.weightsHours.indices.map { t in (base.unservedColumn[i][t], base.weightsHours[t] / base.view.pairs[i].annualDemandMWh) }
            }
            for i in shares.indices where i != j && shares[i] <= shares[j] + 1e-6 {
                lp.addRow(name: "keep\(i)", lowerBound: -.infinity, upperBound: 1 - shares[i] + 1e-7, terms: shortfallTerms(i))
            }
            for (column, coefficient) in shortfallTerms(j) { lp.setCost(column, coefficient) }
            let result = try GLPKSolver().solve(lp)
            #expect(result.termination == .optimal)
            let best = 1 - (result.objectiveValue ?? 1)
            #expect(best <= shares[j] + 1e-5, "seed \(seed): pair \(outcome.pairs[j].key) could rise from \(shares[j]) to \(best)")
            #expect(FeasibilityReport.check(lp, result).isFeasible)
        }
    }

    /// The allocation is the same whichever rule's stages ran before, up to tolerance: a rerun
    /// gives identical shares (determinism).
    @Test func rulesAreDeterministic() throws {
        let dataset = Self.randomNetwork(seed: 12345)
        for policy in AllocationPolicy.allCases {
            var options = AllocationOptions()
            options.policy = policy
            let first = try AllocationRun(dataset: dataset, solver: GLPKSolver(), options: options).solve(year: 2025)
            let second = try AllocationRun(dataset: dataset, solver: GLPKSolver(), options: options).solve(year: 2025)
            #expect(first.pairs.map(\.servedShare) == second.pairs.map(\.servedShare))
            #expect(first.costEUR >= first.minCostEUR - 1e-6 * max(1, abs(first.minCostEUR)))
        }
    }
}
