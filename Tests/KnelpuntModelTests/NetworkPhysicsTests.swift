// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntLP
import KnelpuntModel
import Testing

/// PTDF, LODF and the cycle basis of ``NetworkPhysics``, by hand on small networks and against a
/// recomputation on random meshed ones.
@Suite struct NetworkPhysicsTests {
    typealias Branch = NetworkPhysics.Branch

    /// Triangle 0–1–2 with unit reactances; slack node 0. A MW injected at 2 and withdrawn at 0
    /// splits by path reactance: 2/3 over the direct line (x = 1), 1/3 over 2→1→0 (x = 2).
    @Test func triangleFactorsByHand() throws {
        let physics = NetworkPhysics(
            nodeCount: 3,
            branches: [
                Branch(link: 0, from: 0, to: 1, reactancePU: 1), Branch(link: 1, from: 1, to: 2, reactancePU: 1),
                Branch(link: 2, from: 0, to: 2, reactancePU: 1),
            ])
        func near(_ a: Double, _ b: Double) -> Bool { abs(a - b) < 1e-12 }
        #expect(physics.ptdf.allSatisfy { $0[0] == 0 }, "the slack column is zero")
        #expect(near(physics.ptdf[2][2], -2.0 / 3) && near(physics.ptdf[1][2], -1.0 / 3) && near(physics.ptdf[0][2], -1.0 / 3))
        #expect(near(physics.ptdf[0][1], -2.0 / 3) && near(physics.ptdf[1][1], 1.0 / 3) && near(physics.ptdf[2][1], -1.0 / 3))
        // Losing 0→2 sends its whole flow round 0→1→2: LODF = 1 on both, denominator 1 − 2/3.
        let lodf = try #require(physics.lodf[2])
        #expect(near(lodf[0], 1) && near(lodf[1], 1) && lodf[2] == -1)
        // One cycle, closed by 1→2: x₁f₁ − x₂f₂ + x₀f₀ = 0.
        #expect(physics.cycles.count == 1)
        #expect(physics.cycles[0].closingBranch == 1)
        #expect(physics.cycles[0].terms.map(\.branch) == [1, 2, 0] && physics.cycles[0].terms.map(\.sign) == [1, -1, 1])
        #expect(physics.islandedNodes.allSatisfy { $0.isEmpty })
        #expect(physics.kirchhoffResidualMW(flowsMW: [1, 1, 2]) < 1e-12, "a DC flow: 2/3 direct, 1/3 round")
        #expect(abs(physics.kirchhoffResidualMW(flowsMW: [0, 0, 3]) - 1) < 1e-12, "a transport flow all on the direct line")
    }

    /// Two parallel lines share equally, each takes the other's flow on its outage; a radial
    /// spur is a bridge whose outage islands its end node.
    @Test func parallelLinesAndABridge() {
        let physics = NetworkPhysics(
            nodeCount: 4,
            branches: [
                Branch(link: 0, from: 0, to: 1, reactancePU: 0.02), Branch(link: 3, from: 0, to: 1, reactancePU: 0.02),
                Branch(link: 5, from: 1, to: 2, reactancePU: 0.01), Branch(link: 6, from: 3, to: 3, reactancePU: 0.01),
            ])
        #expect(physics.branches.count == 3, "the self-loop is no branch")
        #expect(physics.branchOfLink == [0: 0, 3: 1, 5: 2])
        #expect(abs(physics.ptdf[0][1] + 0.5) < 1e-12 && abs(physics.ptdf[1][1] + 0.5) < 1e-12)
        #expect(abs(physics.lodf[0]![1] - 1) < 1e-12 && abs(physics.lodf[1]![0] - 1) < 1e-12)
        #expect(physics.lodf[2] == nil && physics.islandedNodes[2] == [2])
        #expect(physics.component == [0, 0, 0, nil])
        #expect(physics.cycles.count == 1 && physics.cycles[0].terms.map(\.sign) == [1, -1])
        #expect(abs(physics.postContingencyFlowMW(monitored: 0, outage: 1, flowsMW: [40, 40, 0])! - 80) < 1e-9)
    }

    /// On random meshed networks (several components): PTDF flows satisfy every cycle row and
    /// have zero residual; every LODF equals the change of PTDF flows with the branch removed.
    @Test(arguments: 0..<20) func randomMeshedNetworks(seed: Int) {
        var random = SplitMix64(seed: 13, stream: seed)
        let nodeCount = 3 + Int(random.next() % 9)
        var branches: [Branch] = []
        for n in 1..<nodeCount { // a spanning tree, then extra (some parallel) branches
            branches.append(Branch(link: branches.count, from: Int(random.next() % UInt64(n)), to: n, reactancePU: 0.005 + 0.1 * random.uniform()))
        }
        for _ in 0..<(1 + Int(random.next() % UInt64(2 * nodeCount))) {
            let a = Int(random.next() % UInt64(nodeCount))
            let b = Int(random.next() % UInt64(nodeCount))
            branches.append(Branch(link: branches.count, from: a, to: b, reactancePU: 0.005 + 0.1 * random.uniform()))
        }
        if seed % 3 == 0 { branches.removeAll { $0.link == 0 } } // two components
        let physics = NetworkPhysics(nodeCount: nodeCount, branches: branches)
        let injections = (0..<nodeCount).map { _ in 200 * random.uniform() - 100 }
        let flows = physics.branches.indices.map { b in (0..<nodeCount).reduce(0.0) { $0 + physics.ptdf[b][$1] * injections[$1] } }
        #expect(physics.kirchhoffResidualMW(flowsMW: flows) < 1e-8)
        for cycle in physics.cycles {
            let sum = cycle.terms.reduce(0.0) { $0 + $1.sign * physics.branches[$1.branch].reactancePU * flows[$1.branch] }
            #expect(abs(sum) < 1e-9)
        }
        let independent =
            physics.branches.count - nodeCount + Set(physics.component.compactMap { $0 }).count
            + physics.component.filter { $0 == nil }.count
        #expect(physics.cycles.count == independent, "B − N + components")
        for k in physics.branches.indices {
            let rest = physics.branches.enumerated().filter { $0.offset != k }.map(\.element)
            let without = NetworkPhysics(nodeCount: nodeCount, branches: rest)
            guard let lodf = physics.lodf[k] else {
                #expect(!physics.islandedNodes[k].isEmpty)
                continue
            }
            for (restIndex, l) in physics.branches.indices.filter({ $0 != k }).enumerated() {
                let after = (0..<nodeCount).reduce(0.0) { $0 + without.ptdf[restIndex][$1] * injections[$1] }
                // Slacks may differ only when k's removal splits a component, which a defined LODF excludes.
                #expect(abs(after - (flows[l] + lodf[l] * flows[k])) < 1e-7 * (1 + abs(after)))
            }
        }
    }
}
