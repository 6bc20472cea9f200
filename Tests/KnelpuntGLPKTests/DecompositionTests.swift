// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntGLPK
import KnelpuntLP
import Testing

/// ``DantzigWolfeSolver`` against the monolithic GLPK solve of the same LP.
@Suite("Dantzig–Wolfe decomposition")
struct DecompositionTests {
    /// A random bordered block-diagonal LP that is feasible by construction (every row is built
    /// around a random point x0 inside the bounds). Coupling rows are tight around x0 so they bind;
    /// some have one side only, some are equalities.
    static func randomLP(seed: UInt64, blocks: Int, linking: Int, coupling: Int, sense: ObjectiveSense) -> (LinearProgram, BlockStructure) {
        var rng = SplitMix64(seed: seed)
        var lp = LinearProgram(name: "random\(seed)", sense: sense)
        var columnBlock: [Int?] = []
        var rowBlock: [Int?] = []
        var x0: [Double] = []
        var blockColumns: [[Int]] = []
        for b in 0..<blocks {
            var columns: [Int] = []
            for c in 0..<Int.random(in: 3...7, using: &rng) {
                let upper = Double.random(in: 1...10, using: &rng).rounded()
                let cost = Double.random(in: -5...5, using: &rng).rounded()
                columns.append(lp.addColumn(name: "x\(b)_\(c)", lowerBound: 0, upperBound: upper, cost: cost))
                columnBlock.append(b)
                x0.append(Double.random(in: 0...upper, using: &rng))
            }
            blockColumns.append(columns)
        }
        for m in 0..<linking {
            lp.addColumn(name: "y\(m)", lowerBound: -3, upperBound: 4, cost: Double.random(in: -2...2, using: &rng).rounded())
            columnBlock.append(nil)
            x0.append(Double.random(in: -3...4, using: &rng))
        }
        func activity(_ terms: [(column: Int, coefficient: Double)]) -> Double { terms.reduce(0) { $0 + $1.coefficient * x0[$1.column] } }
        for (b, columns) in blockColumns.enumerated() {
            for r in 0..<Int.random(in: 1...4, using: &rng) {
                let terms = columns.filter { _ in Bool.random(using: &rng) }.map {
                    (column: $0, coefficient: Double.random(in: -3...3, using: &rng).rounded())
                }
                let a = activity(terms)
                switch r % 3 {
                case 0: lp.addRow(name: "b\(b)_\(r)", lowerBound: a - 1, upperBound: .infinity, terms: terms)
                case 1: lp.addRow(name: "b\(b)_\(r)", lowerBound: -.infinity, upperBound: a + 2, terms: terms)
                default: lp.addRow(name: "b\(b)_\(r)", lowerBound: a - 0.5, upperBound: a + 0.5, terms: terms)
                }
                rowBlock.append(b)
            }
        }
        let all = Array(0..<lp.columnCount)
        for k in 0..<coupling {
            var terms = all.filter { _ in Double.random(in: 0...1, using: &rng) < 0.3 }.map {
                (column: $0, coefficient: Double.random(in: -2...3, using: &rng).rounded())
            }
            if terms.isEmpty { terms = [(all[k % all.count], 1)] }
            let a = activity(terms)
            switch k % 3 {
            case 0: lp.addRow(name: "c\(k)", lowerBound: -.infinity, upperBound: a + 0.1, terms: terms)
            case 1: lp.addRow(name: "c\(k)", lowerBound: a - 0.1, upperBound: .infinity, terms: terms)
            default: lp.addRow(name: "c\(k)", lowerBound: a, upperBound: a, terms: terms)
            }
            rowBlock.append(nil)
        }
        return (lp, BlockStructure(blockCount: blocks, columnBlock: columnBlock, rowBlock: rowBlock))
    }

    /// Solves both ways and checks: same status; same optimum within 1e-7 relative; the
    /// decomposed answer passes the independent primal/dual check on the original LP.
    static func compare(
        _ lp: LinearProgram, _ structure: BlockStructure, workers: Int = 1, dropAfterRounds: Int = 0, smoothing: Double = 0
    ) throws -> (SolveResult, SolveResult) {
        let monolithic = try GLPKSolver().solve(lp)
        var settings = DecompositionOptions()
        settings.workers = workers
        settings.dropAfterRounds = dropAfterRounds
        settings.smoothing = smoothing
        let decomposed = try DantzigWolfeSolver(inner: GLPKSolver(), structure: structure, settings: settings).solve(lp)
        #expect(decomposed.termination == monolithic.termination, "\(lp.name)")
        guard monolithic.termination == .optimal, let expected = monolithic.objectiveValue, let found = decomposed.objectiveValue else {
            return (monolithic, decomposed)
        }
        #expect(abs(found - expected) <= 1e-7 * max(1, abs(expected)), "\(lp.name): decomposed \(found), monolithic \(expected)")
        let check = FeasibilityReport.check(lp, decomposed)
        #expect(check.isFeasible, "\(lp.name): \(check.violations)")
        return (monolithic, decomposed)
    }

    @Test(
        "random block LPs: decomposed optimum equals the monolithic one within 1e-7, plain and smoothed pricing",
        arguments: [ObjectiveSense.minimize, .maximize], [0.0, 0.5])
    func randomCases(sense: ObjectiveSense, smoothing: Double) throws {
        var decomposedCount = 0
        var optimalCount = 0
        var masterCount = 0
        var dropped = 0
        for seed in UInt64(1)...60 {
            let blocks = 2 + Int(seed % 9)
            let linking = Int(seed % 3)
            let coupling = 1 + Int(seed % 5)
            let (lp, structure) = Self.randomLP(seed: seed, blocks: blocks, linking: linking, coupling: coupling, sense: sense)
            // Every third case drops proposals that left the master's basis a round ago.
            let (monolithic, decomposed) = try Self.compare(
                lp, structure, workers: 1 + Int(seed % 2), dropAfterRounds: seed % 3 == 0 ? 1 : 0, smoothing: smoothing)
            if monolithic.termination == .optimal { optimalCount += 1 }
            if (decomposed.decomposition?.rounds ?? 0) > 0 { masterCount += 1 }
            dropped += decomposed.decomposition?.droppedProposals ?? 0
            if decomposed.decomposition?.fallbackReason == nil {
                decomposedCount += 1
            } else {
                Issue.record("seed \(seed) fell back: \(decomposed.decomposition?.fallbackReason ?? "")")
            }
        }
        #expect(optimalCount == 60, "the random LPs are feasible and bounded by construction")
        #expect(decomposedCount == 60)
        #expect(masterCount >= 30, "most cases need column generation (\(masterCount) of 60 did)")
        #expect(dropped > 0, "the cases that drop stale proposals did drop some")
    }

    /// The random LPs with about 30 % of the block columns' upper bounds removed: block LPs are
    /// then unbounded at some prices and enter the master as rays. Same status as GLPK on the
    /// whole LP; every optimal one decomposed, with the same optimum; unbounded ones fall back.
    @Test("random LPs with unbounded block columns: rays, same answers", arguments: [ObjectiveSense.minimize, .maximize], [0.0, 0.5])
    func unboundedBlockColumns(sense: ObjectiveSense, smoothing: Double) throws {
        var optimal = 0
        var unbounded = 0
        for seed in UInt64(1)...60 {
            let (bounded, structure) = Self.randomLP(
                seed: seed, blocks: 2 + Int(seed % 5), linking: Int(seed % 2), coupling: 1 + Int(seed % 4), sense: sense)
            var random = SplitMix64(seed: seed &* 7)
            var lp = LinearProgram(name: "\(bounded.name)-open", sense: sense)
            for column in bounded.columns {
                let open = Double.random(in: 0...1, using: &random) < 0.3
                lp.addColumn(name: column.name, lowerBound: column.lowerBound, upperBound: open ? .infinity : column.upperBound, cost: column.cost)
            }
            for row in bounded.rows { lp.addRow(name: row.name, lowerBound: row.lowerBound, upperBound: row.upperBound, terms: []) }
            for k in bounded.entryValues.indices {
                lp.addCoefficient(row: Int(bounded.entryRows[k]), column: Int(bounded.entryColumns[k]), value: bounded.entryValues[k])
            }
            let (monolithic, decomposed) = try Self.compare(lp, structure, smoothing: smoothing)
            if monolithic.termination == .optimal {
                optimal += 1
                #expect(decomposed.decomposition?.fallbackReason == nil, "seed \(seed): \(decomposed.decomposition?.fallbackReason ?? "")")
            }
            if monolithic.termination == .unbounded { unbounded += 1 }
        }
        #expect(optimal >= 10, "\(optimal) of 60 are optimal")
        #expect(unbounded >= 10, "\(unbounded) of 60 are unbounded")
        #expect(optimal + unbounded == 60, "GLPK tells every case apart (none other-error)")
    }

    /// The blocks go in fixed chunks, so the answer is the same, bit for bit, on 1 or 2 threads.
    @Test("the answer does not depend on the number of threads")
    func workersDoNotChangeTheAnswer() throws {
        let (lp, structure) = Self.randomLP(seed: 41, blocks: 24, linking: 1, coupling: 4, sense: .minimize)
        var results: [SolveResult] = []
        for workers in [1, 2] {
            var settings = DecompositionOptions()
            settings.workers = workers
            results.append(try DantzigWolfeSolver(inner: GLPKSolver(), structure: structure, settings: settings).solve(lp))
        }
        #expect(results[0].decomposition?.fallbackReason == nil)
        #expect(results[0].columnValues == results[1].columnValues)
        #expect(results[0].rowDuals == results[1].rowDuals)
    }

    /// Two blocks, one budget: max x1 + x2 with x1 ≤ 3, x2 ≤ 5 (blocks) and x1 + 2·x2 ≤ 7
    /// (coupling). By hand: x2 = 2, x1 = 3, optimum 5, budget dual 1/2 (∂obj/∂rhs), reduced cost
    /// of x1's bound 1/2; x2 is basic.
    @Test("hand-solved two-block budget")
    func handSolved() throws {
        var lp = LinearProgram(name: "hand", sense: .maximize)
        let x1 = lp.addColumn(name: "x1", lowerBound: 0, upperBound: 3, cost: 1)
        let x2 = lp.addColumn(name: "x2", lowerBound: 0, upperBound: 5, cost: 1)
        lp.addRow(name: "budget", lowerBound: -.infinity, upperBound: 7, terms: [(x1, 1), (x2, 2)])
        let structure = BlockStructure(blockCount: 2, columnBlock: [0, 1], rowBlock: [nil])
        let result = try DantzigWolfeSolver(inner: GLPKSolver(), structure: structure).solve(lp)
        #expect(result.decomposition?.fallbackReason == nil)
        #expect((result.decomposition?.rounds ?? 0) >= 1, "the blocks' own optima (3, 5) break the budget")
        #expect(abs((result.objectiveValue ?? 0) - 5) < 1e-9)
        #expect(abs(result.columnValues[x1] - 3) < 1e-9 && abs(result.columnValues[x2] - 2) < 1e-9)
        #expect(abs(result.rowDuals[0] - 0.5) < 1e-9)
        #expect(abs(result.columnReducedCosts[x1] - 0.5) < 1e-9)
        #expect(abs(result.columnReducedCosts[x2]) < 1e-9)
    }

    /// Blocks that already meet the coupling rows need no master; blocks without coupling
    /// coefficients are solved once.
    @Test("slack coupling rows: one pass, no master")
    func slackCoupling() throws {
        var lp = LinearProgram(name: "slack", sense: .minimize)
        let a = lp.addColumn(name: "a", lowerBound: 1, upperBound: 4, cost: 2)
        let b = lp.addColumn(name: "b", lowerBound: 2, upperBound: 4, cost: 3)
        lp.addColumn(name: "c", lowerBound: 0, upperBound: 1, cost: -1)
        lp.addRow(name: "cap", lowerBound: -.infinity, upperBound: 100, terms: [(a, 1), (b, 1)])
        let structure = BlockStructure(blockCount: 3, columnBlock: [0, 1, 2], rowBlock: [nil])
        let result = try DantzigWolfeSolver(inner: GLPKSolver(), structure: structure).solve(lp)
        #expect(result.decomposition?.fallbackReason == nil)
        #expect(result.decomposition?.rounds == 0)
        #expect(result.decomposition?.masterSolves == 0)
        #expect(result.decomposition?.pricedBlocks == 2)
        #expect(abs((result.objectiveValue ?? 0) - 7) < 1e-9)
        #expect(result.basis != nil)
    }

    /// Rows that cannot bind stay out of the master: a free row, and a share-like row
    /// `Σ (1/4)·u_b − q = 0` whose q ∈ [0, 1] can absorb any value of the sum (u_b ∈ [0, 1]).
    /// q is then recomputed from the u values.
    @Test("free and implied coupling rows are left out of the master")
    func impliedRows() throws {
        var lp = LinearProgram(name: "implied", sense: .minimize)
        var u: [Int] = []
        for b in 0..<4 {
            let g = lp.addColumn(name: "g\(b)", lowerBound: 0, upperBound: Double(b), cost: 1)
            u.append(lp.addColumn(name: "u\(b)", lowerBound: 0, upperBound: 1, cost: 10))
            lp.addRow(name: "balance\(b)", lowerBound: 1, upperBound: 1, terms: [(g, 1), (u[b], 1)])
        }
        let q = lp.addColumn(name: "q", lowerBound: 0, upperBound: 1, cost: 0)
        lp.addRow(name: "share", lowerBound: 0, upperBound: 0, terms: u.map { ($0, 0.25) } + [(q, -1)])
        lp.addRow(name: "free", lowerBound: -.infinity, upperBound: .infinity, terms: [(q, 1), (u[0], 1)])
        let structure = BlockStructure(blockCount: 4, columnBlock: [0, 0, 1, 1, 2, 2, 3, 3, nil], rowBlock: [0, 1, 2, 3, nil, nil])
        let result = try DantzigWolfeSolver(inner: GLPKSolver(), structure: structure).solve(lp)
        #expect(result.decomposition?.fallbackReason == nil)
        #expect(result.decomposition?.droppedCouplingRows == 2)
        #expect(result.decomposition?.masterSolves == 0, "nothing left to couple")
        // By hand: slice 0 unserved 1 (no supply), the others supplied: cost 10 + 1 + 1 + 1.
        #expect(abs((result.objectiveValue ?? 0) - 13) < 1e-9)
        #expect(abs(result.columnValues[q] - 0.25) < 1e-12, "q = (1/4)·1")
        #expect(FeasibilityReport.check(lp, result).isFeasible)
    }

    /// An infeasible coupling row: the decomposition proves nothing and hands the LP to the
    /// monolithic solver, which reports it infeasible.
    @Test("infeasible coupling falls back and reports infeasible")
    func infeasibleFallsBack() throws {
        var lp = LinearProgram(name: "infeasible", sense: .minimize)
        let a = lp.addColumn(name: "a", lowerBound: 0, upperBound: 1, cost: 1)
        let b = lp.addColumn(name: "b", lowerBound: 0, upperBound: 1, cost: 1)
        lp.addRow(name: "need", lowerBound: 3, upperBound: .infinity, terms: [(a, 1), (b, 1)])
        let structure = BlockStructure(blockCount: 2, columnBlock: [0, 1], rowBlock: [nil])
        let result = try DantzigWolfeSolver(inner: GLPKSolver(), structure: structure).solve(lp)
        #expect(result.termination == .infeasible)
        #expect(result.decomposition?.fallbackReason?.contains("cannot be met") == true, "\(result.decomposition?.fallbackReason ?? "nil")")
    }

    /// A block row that reaches into another block is rejected with both names.
    @Test("a wrong block structure is rejected, naming the row and column")
    func wrongStructure() throws {
        var lp = LinearProgram(name: "wrong")
        let a = lp.addColumn(name: "a", upperBound: 1)
        let b = lp.addColumn(name: "b", upperBound: 1)
        lp.addRow(name: "mixed", upperBound: 1, terms: [(a, 1), (b, 1)])
        let structure = BlockStructure(blockCount: 2, columnBlock: [0, 1], rowBlock: [0])
        #expect {
            _ = try DantzigWolfeSolver(inner: GLPKSolver(), structure: structure).solve(lp)
        } throws: { error in
            "\(error)".contains("row mixed of block 0 has a coefficient in column b of block 1")
        }
    }

    /// The basis it returns warm-starts the monolithic LP: GLPK accepts it and needs few
    /// iterations.
    @Test("the returned basis warm-starts the monolithic LP")
    func basisWarmStarts() throws {
        let (lp, structure) = Self.randomLP(seed: 77, blocks: 8, linking: 0, coupling: 3, sense: .minimize)
        let decomposed = try DantzigWolfeSolver(inner: GLPKSolver(), structure: structure).solve(lp)
        var options = SolveOptions()
        #expect(decomposed.basis != nil)
        options.startingBasis = decomposed.basis
        let warm = try GLPKSolver().solve(lp, options: options)
        #expect(warm.warmStarted)
        #expect(abs((warm.objectiveValue ?? 0) - (decomposed.objectiveValue ?? 1)) <= 1e-7 * max(1, abs(warm.objectiveValue ?? 0)))
    }
}

/// Time and iteration limits bound a whole decomposed solve.
@Suite("Dantzig–Wolfe decomposition under solver limits")
struct DecompositionLimitTests {
    @Test("an iteration limit ends the decomposed solve with that termination, not a fallback")
    func iterationLimit() throws {
        let (lp, structure) = DecompositionTests.randomLP(seed: 41, blocks: 24, linking: 1, coupling: 4, sense: .minimize)
        let unlimited = try DantzigWolfeSolver(inner: GLPKSolver(), structure: structure).solve(lp)
        #expect(unlimited.termination == .optimal && unlimited.iterations > 3)
        var options = SolveOptions()
        options.iterationLimit = 3
        let limited = try DantzigWolfeSolver(inner: GLPKSolver(), structure: structure).solve(lp, options: options)
        #expect(limited.termination == .iterationLimit, "\(limited.raw.message)")
        #expect(limited.primalStatus == .noSolution && limited.objectiveValue == nil)
        #expect(limited.decomposition?.fallbackReason == nil)
        // A generous limit changes nothing.
        options.iterationLimit = 1_000_000
        options.timeLimitSeconds = 600
        let generous = try DantzigWolfeSolver(inner: GLPKSolver(), structure: structure).solve(lp, options: options)
        #expect(generous.termination == .optimal)
        #expect(generous.objectiveValue == unlimited.objectiveValue)
        #expect(generous.decomposition?.fallbackReason == nil)
    }

    @Test("a time limit that has run out ends the decomposed solve as a time limit")
    func timeLimit() throws {
        let (lp, structure) = DecompositionTests.randomLP(seed: 7, blocks: 40, linking: 1, coupling: 4, sense: .minimize)
        var options = SolveOptions()
        options.timeLimitSeconds = 0
        let limited = try DantzigWolfeSolver(inner: GLPKSolver(), structure: structure).solve(lp, options: options)
        #expect(limited.termination == .timeLimit, "\(limited.raw.message)")
        #expect(limited.raw.message.contains("Dantzig–Wolfe decomposition stopped"))
    }
}
