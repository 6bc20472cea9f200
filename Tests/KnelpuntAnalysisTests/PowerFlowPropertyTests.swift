// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntAnalysis
import KnelpuntData
import KnelpuntGLPK
import KnelpuntLP
import KnelpuntModel
import Testing

/// Random meshed grids under N-1 (seeded SplitMix64): the reported flows are a DC power flow,
/// every contingency leaves every line within its emergency rating, and the lazy loop ends at
/// the optimum of the LP with every post-contingency row added up front.
@Suite struct PowerFlowPropertyTests {
    static func randomGrid(seed: Int) -> Dataset {
        var random = SplitMix64(seed: 1313, stream: seed)
        func draw(_ low: Double, _ high: Double) -> Double { low + (high - low) * random.uniform() }
        func pick(_ n: Int) -> Int { Int(random.next() % UInt64(n)) }
        var b = DatasetBuilder()
        b.profileNames = ["load"]
        b.slice("peak", hours: 2000, profiles: [1])
        b.slice("mid", hours: 4000, profiles: [0.6])
        b.slice("low", hours: 2760, profiles: [0.3])
        let nodeCount = 4 + pick(4)
        for n in 0..<nodeCount { b.node("n\(n)") }
        func line(_ from: Int, _ to: Int) {
            let capacity = draw(60, 300)
            b.acLink(
                "l\(b.links.count)", "n\(from)", "n\(to)", capacity: capacity, reactance: draw(0.005, 0.05),
                emergency: random.uniform() < 0.5 ? nil : capacity * draw(1, 1.3))
        }
        for n in 1..<nodeCount { line(pick(n), n) }
        for _ in 0..<(2 + pick(4)) {
            let from = pick(nodeCount)
            let to = pick(nodeCount)
            if from != to { line(from, to) }
        }
        if random.uniform() < 0.5 { b.link("hvdc", "n0", "n\(nodeCount - 1)", capacity: draw(50, 200)) }
        for n in 0..<nodeCount where n == 0 || random.uniform() < 0.5 {
            b.supply("g\(n)", at: "n\(n)", capacity: draw(50, 400), cost: draw(5, 120))
        }
        for c in 0..<(2 + pick(2)) {
            b.consumer("c\(c)", electricity: "n\(pick(nodeCount))", voll: draw(2000, 4000))
            b.demand("c\(c)", mw: draw(30, 250), profile: "load")
        }
        var dataset = b.build()
        dataset.info.security = .n1
        return dataset
    }

    @Test(arguments: 0..<16) func lazyNMinusOneIsExactAndSecure(seed: Int) throws {
        let dataset = Self.randomGrid(seed: seed)
        for policy in [AllocationPolicy.cost, .leximin] {
            var options = AllocationOptions()
            options.policy = policy
            options.decomposition = seed % 2 == 0 ? .auto : .off
            // verify (the default) throws unless Kirchhoff and every contingency hold.
            let outcome = try AllocationRun(dataset: dataset, solver: GLPKSolver(), options: options).solve(year: 2025)
            let view = dataset.view(year: 2025)
            let physics = NetworkPhysics(dataset: dataset, view: view, network: NetworkIndex(dataset: dataset, view: view))
            for t in dataset.timeslices.slices.indices {
                let flows = physics.branches.map { outcome.linkFlowMW[$0.link]?[t] ?? 0 }
                #expect(physics.kirchhoffResidualMW(flowsMW: flows) <= 1e-6)
            }
            let security = try #require(outcome.solve.security)
            #expect(security.contingenciesChecked + security.skippedOutages.count == view.contingencyLinks.count)

            var upFront = AllocationModel.build(dataset: dataset, year: 2025)
            upFront.addContingencyRows(pairs: upFront.allContingencyPairs(), dataset: dataset)
            let full = try GLPKSolver().solve(upFront.lp)
            let optimum = try #require(full.objectiveValue)
            #expect(
                abs(optimum - outcome.minCostEUR) <= 1e-7 * max(1, abs(optimum)),
                "seed \(seed), \(policy): up front \(optimum), lazy \(outcome.minCostEUR), rows \(upFront.contingencyPairs.count), added \(security.contingencyRowsAdded), rounds \(security.rounds), skipped \(security.skippedOutages)"
            )
            #expect(security.contingencyRowsAdded <= upFront.contingencyPairs.count)
        }
    }

    /// With every N-1 row up front, the rows slack at the optimum (basic, within 0.9 E_l) leave
    /// the LP: the other rows keep their keys and names at their new indices, and the optimal
    /// basis without the removed rows is still optimal for the smaller LP (same objective).
    @Test(arguments: 0..<8) func slackContingencyRowsLeaveTheLP(seed: Int) throws {
        let dataset = Self.randomGrid(seed: seed)
        var model = AllocationModel.build(dataset: dataset, year: 2025)
        model.addContingencyRows(pairs: model.allContingencyPairs(), dataset: dataset)
        let before = model
        let full = try GLPKSolver().solve(model.lp)
        let basis = try #require(full.basis)
        let keep = model.removeSlackContingencyRows(at: full, share: 0.9)
        #expect(keep.contains(false), "seed \(seed): some N-1 row is slack")
        #expect(model.rowCount == keep.count { $0 } && model.rowCount == model.rowKeys.count)
        for (row, kept) in keep.enumerated() where !kept {
            guard case .contingency(let l, _, _) = before.rowKeys[row] else {
                Issue.record("row \(row) is not an N-1 row")
                continue
            }
            let rating = before.security.emergencyRatingMW[dataset.links.firstIndex { $0.id == l }!]
            #expect(basis.rowStatus[row] == .basic && abs(full.rowActivities[row]) <= 0.9 * rating + 1e-9)
        }
        #expect(model.contingencyPairs.count == before.contingencyPairs.count - keep.count { !$0 })
        for pair in model.contingencyPairs {
            let row = try #require(model.contingencyRow[pair])
            #expect(model.lp.rows[row].name == before.lp.rows[before.contingencyRow[pair]!].name)
            #expect(model.rowKeys[row] == before.rowKeys[before.contingencyRow[pair]!])
        }
        var warm = SolveOptions()
        warm.startingBasis = full.keepingRows(keep).basis
        let smaller = try GLPKSolver().solve(model.lp, options: warm)
        let optimum = try #require(full.objectiveValue)
        #expect(abs((smaller.objectiveValue ?? .nan) - optimum) <= 1e-9 * max(1, abs(optimum)))
    }
}
