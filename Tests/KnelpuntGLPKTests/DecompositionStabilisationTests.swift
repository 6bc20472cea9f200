// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import KnelpuntGLPK
import KnelpuntLP
import Testing

/// Wentges smoothing of the pricing duals (``DecompositionOptions/smoothing``) and the
/// master's accuracy, against the monolithic GLPK solve of the same LP.
@Suite("Dantzig–Wolfe decomposition: dual smoothing")
struct DecompositionStabilisationTests {
    /// `blocks` regular polygons: block b's point (u_b, v_b) lies in the `sides`-gon
    /// cos θ_i·u + sin θ_i·v ≤ 1 (θ_i = 2π·(i + b/blocks)/sides), with cost (cos φ_b)·u +
    /// (sin φ_b)·v, φ_b = 2.4·b. Two coupling rows Σ_b u_b = 0.3·blocks and Σ_b v_b = −0.2·blocks
    /// pull the points away from their own optima. Every block has `sides` vertices, so the
    /// Lagrangian is piecewise linear with many pieces: the master's duals swing from round to
    /// round and plain column generation needs many rounds.
    static func polygons(blocks: Int, sides: Int) -> (LinearProgram, BlockStructure) {
        var lp = LinearProgram(name: "polygons\(blocks)x\(sides)", sense: .minimize)
        var columnBlock: [Int?] = []
        var rowBlock: [Int?] = []
        var u: [Int] = []
        var v: [Int] = []
        for b in 0..<blocks {
            let phi = 2.4 * Double(b)
            u.append(lp.addColumn(name: "u\(b)", lowerBound: -2, upperBound: 2, cost: cos(phi)))
            v.append(lp.addColumn(name: "v\(b)", lowerBound: -2, upperBound: 2, cost: sin(phi)))
            columnBlock += [b, b]
            for i in 0..<sides {
                let theta = 2 * Double.pi * (Double(i) + Double(b) / Double(blocks)) / Double(sides)
                lp.addRow(name: "side\(b)_\(i)", lowerBound: -.infinity, upperBound: 1, terms: [(u[b], cos(theta)), (v[b], sin(theta))])
                rowBlock.append(b)
            }
        }
        let uTarget = 0.3 * Double(blocks)
        let vTarget = -0.2 * Double(blocks)
        lp.addRow(name: "sum_u", lowerBound: uTarget, upperBound: uTarget, terms: u.map { ($0, 1) })
        lp.addRow(name: "sum_v", lowerBound: vTarget, upperBound: vTarget, terms: v.map { ($0, 1) })
        rowBlock += [nil, nil]
        return (lp, BlockStructure(blockCount: blocks, columnBlock: columnBlock, rowBlock: rowBlock))
    }

    static func decomposed(_ lp: LinearProgram, _ structure: BlockStructure, smoothing: Double) throws -> SolveResult {
        var settings = DecompositionOptions()
        settings.smoothing = smoothing
        return try DantzigWolfeSolver(inner: GLPKSolver(), structure: structure, settings: settings).solve(lp)
    }

    /// 16 polygons of 128 sides: plain column generation needs 9 rounds, with α = 0.5 it needs
    /// fewer (8), and both reach GLPK's monolithic optimum within 1e-9 relative.
    @Test("smoothing needs fewer rounds than plain pricing on the polygons, same optimum")
    func smoothingSavesRounds() throws {
        let (lp, structure) = Self.polygons(blocks: 16, sides: 128)
        let expected = try #require(try GLPKSolver().solve(lp).objectiveValue)
        let plain = try Self.decomposed(lp, structure, smoothing: 0)
        let smoothed = try Self.decomposed(lp, structure, smoothing: 0.5)
        for result in [plain, smoothed] {
            #expect(result.decomposition?.fallbackReason == nil, "\(result.decomposition?.fallbackReason ?? "")")
            let found = try #require(result.objectiveValue)
            #expect(abs(found - expected) <= 1e-9 * max(1, abs(expected)), "decomposed \(found), monolithic \(expected)")
            #expect(OptimalityCertificate.check(lp, result).isFeasible)
        }
        let plainRounds = try #require(plain.decomposition?.rounds)
        let smoothedRounds = try #require(smoothed.decomposition?.rounds)
        #expect(plainRounds >= 9, "plain pricing tails on the polygons (\(plainRounds) rounds)")
        #expect(smoothedRounds < plainRounds, "smoothed \(smoothedRounds) rounds, plain \(plainRounds)")
        #expect(plain.decomposition?.misPricings == 0, "plain pricing cannot mis-price")
        #expect(plain.decomposition?.smoothing == 0 && smoothed.decomposition?.smoothing == 0.5)
    }

    /// With strong smoothing (α = 0.9) the smoothed duals often price no column for the master
    /// (a mis-pricing); the run then prices nearer the master's duals in the same round and still
    /// proves the optimum. The reported duals are the stability centre's, with the blocks priced
    /// there: the whole answer passes the optimality certificate.
    @Test("mis-pricings move toward the master's duals and still prove the optimum", arguments: [(8, 64), (40, 64)])
    func misPricing(blocks: Int, sides: Int) throws {
        let (lp, structure) = Self.polygons(blocks: blocks, sides: sides)
        let expected = try #require(try GLPKSolver().solve(lp).objectiveValue)
        let result = try Self.decomposed(lp, structure, smoothing: 0.9)
        let report = try #require(result.decomposition)
        #expect(report.fallbackReason == nil, "\(report.fallbackReason ?? "")")
        #expect(report.misPricings >= 5, "\(report.misPricings) mis-pricings")
        let found = try #require(result.objectiveValue)
        #expect(abs(found - expected) <= 1e-9 * max(1, abs(expected)), "decomposed \(found), monolithic \(expected)")
        #expect(report.upperBound - report.lowerBound <= 1e-8 * max(1, abs(expected)))
        let certificate = OptimalityCertificate.check(lp, result)
        #expect(certificate.isFeasible, "\(certificate.violations)")
    }

    /// Block costs of ~1e8 (a fixed column of cost 1e6 at 100 in every block) next to
    /// differences of order 1: the master works with differences from each block's first point,
    /// so its duals stay accurate and the run converges to the monolithic optimum.
    @Test("large block costs: the master stays accurate", arguments: [0.0, 0.5])
    func largeBlockCosts(smoothing: Double) throws {
        var (lp, structure) = Self.polygons(blocks: 24, sides: 96)
        var columnBlock = structure.columnBlock
        var rowBlock = structure.rowBlock
        for b in 0..<24 {
            let fixed = lp.addColumn(name: "base\(b)", lowerBound: 100, upperBound: 100, cost: 1e6)
            columnBlock.append(b)
            lp.addRow(name: "base_row\(b)", lowerBound: 100, upperBound: 200, terms: [(fixed, 1), (2 * b, 1)])
            rowBlock.append(b)
        }
        structure = BlockStructure(blockCount: 24, columnBlock: columnBlock, rowBlock: rowBlock)
        let expected = try #require(try GLPKSolver().solve(lp).objectiveValue)
        let result = try Self.decomposed(lp, structure, smoothing: smoothing)
        #expect(result.decomposition?.fallbackReason == nil, "\(result.decomposition?.fallbackReason ?? "")")
        let found = try #require(result.objectiveValue)
        #expect(abs(found - expected) <= 1e-9 * max(1, abs(expected)), "decomposed \(found), monolithic \(expected)")
        #expect(OptimalityCertificate.check(lp, result).isFeasible)
    }

    @Test("a smoothing factor outside [0, 1) is rejected")
    func invalidSmoothing() throws {
        let (lp, structure) = Self.polygons(blocks: 2, sides: 8)
        for bad in [1.0, -0.1, .nan] {
            #expect(throws: SolverError.self) { _ = try Self.decomposed(lp, structure, smoothing: bad) }
        }
    }
}
