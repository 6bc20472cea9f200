// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntGLPK
import KnelpuntLP
import Testing

/// ``LinkingColumnSplit``: a column in the rows of several blocks, split into one copy per
/// block, solved by ``DantzigWolfeSolver`` and read back onto the original LP.
@Suite("Linking columns split by block")
struct LinkingColumnSplitTests {
    /// max y with y in both blocks' rows and an energy budget across the blocks:
    ///
    ///     block 0: y + x0 ≤ 10      block 1: y + x1 ≤ 6      coupling: x0 + x1 ≥ 8
    ///     0 ≤ x0, x1 ≤ 10, 0 ≤ y ≤ 100
    ///
    /// By hand: x0 = 10 − y and x1 = 6 − y at most, so 16 − 2y ≥ 8 and y* = 4 (each block alone
    /// allows 10 and 6: the coupling row sets the answer, as the energy budgets do for a
    /// capacity probe). Duals (max): π_0 = π_1 = 1/2 on the block rows, −1/2 on the budget.
    @Test func aProbeBehindABudgetIsSolvedByBlockAndReadBack() throws {
        var lp = LinearProgram(name: "probe", sense: .maximize)
        let y = lp.addColumn(name: "y", lowerBound: 0, upperBound: 100, cost: 1)
        let x0 = lp.addColumn(name: "x0", lowerBound: 0, upperBound: 10)
        let x1 = lp.addColumn(name: "x1", lowerBound: 0, upperBound: 10)
        lp.addRow(name: "block0", upperBound: 10, terms: [(y, 1), (x0, 1)])
        lp.addRow(name: "block1", upperBound: 6, terms: [(y, 1), (x1, 1)])
        lp.addRow(name: "budget", lowerBound: 8, terms: [(x0, 1), (x1, 1)])
        let structure = BlockStructure(blockCount: 2, columnBlock: [nil, 0, 1], rowBlock: [0, 1, nil])
        #expect(throws: SolverError.self) { try structure.check(lp) }

        let split = LinkingColumnSplit(lp, columns: [y], structure: structure)
        try split.structure.check(split.lp)
        #expect(split.lp.columnCount == 5)
        #expect(split.lp.rowCount == 5)
        #expect(split.copyOf == [y, y])
        // max y: each copy is pushed up (tie-row dual +1 in the blocks' minimising sense).
        #expect(split.seedRowDuals == [3: 1, 4: 1])

        let solved = try DantzigWolfeSolver(inner: GLPKSolver(), structure: split.structure).solve(split.lp)
        #expect(solved.termination == .optimal)
        #expect(solved.decomposition?.fallbackReason == nil)
        let result = solved.restoringSplitColumns(split, of: lp)
        #expect(result.columnValues.count == 3)
        #expect(result.rowDuals.count == 3)
        #expect(abs((result.objectiveValue ?? 0) - 4) <= 1e-9)
        #expect(abs(result.columnValues[y] - 4) <= 1e-9)
        #expect(abs(result.rowDuals[0] - 0.5) <= 1e-9)
        #expect(abs(result.rowDuals[1] - 0.5) <= 1e-9)
        #expect(abs(result.rowDuals[2] + 0.5) <= 1e-9)
        // d_y = 1 − (π_0 + π_1) = 0: y is strictly inside its bounds.
        #expect(abs(result.columnReducedCosts[y]) <= 1e-9)
        #expect(OptimalityCertificate.check(lp, result).isFeasible)

        // A basis of the original LP, extended, has one basic variable per row of the split LP,
        // whether y is basic or at its bound; the split LP solved from it reaches the optimum.
        let original = try #require(try GLPKSolver().solve(lp).basis)
        for status in [BasisStatus.basic, .atLower] {
            var basis = original
            let wasBasic = basis.columnStatus[y] == .basic
            basis.columnStatus[y] = status
            if wasBasic != (status == .basic) {
                // Swap y's basic status with the budget row's, to keep the original count.
                basis.rowStatus[2] = wasBasic ? .basic : .atLower
            }
            let extended = try #require(split.extending(basis))
            let basic = extended.rowStatus.count { $0 == .basic } + extended.columnStatus.count { $0 == .basic }
            #expect(basic == split.lp.rowCount)
            var options = SolveOptions()
            options.startingBasis = extended
            let again = try GLPKSolver().solve(split.lp, options: options)
            #expect(abs((again.objectiveValue ?? 0) - 4) <= 1e-9)
        }
    }

    /// Random LPs whose linking columns also sit in block rows: the split LP by decomposition
    /// reaches the monolithic optimum of the original LP within 1e-7 relative, and the result
    /// read back passes the optimality certificate on the original LP; with and without the
    /// blocks first pushed along each copy's cost (``DecompositionOptions/seedRowDuals``, as the
    /// capacity probes use it), which changes the start of the column generation only.
    @Test(arguments: 1...30, [false, true])
    func randomSplitMatchesTheMonolithicLP(seed: UInt64, seeded: Bool) throws {
        let (lp, structure) = Self.randomLP(seed: seed)
        let monolithic = try GLPKSolver().solve(lp)
        let linking = structure.columnBlock.indices.filter { structure.columnBlock[$0] == nil }
        let split = LinkingColumnSplit(lp, columns: linking, structure: structure)
        try split.structure.check(split.lp)
        var settings = DecompositionOptions()
        if seeded { settings.seedRowDuals = split.seedRowDuals }
        let result = try DantzigWolfeSolver(inner: GLPKSolver(), structure: split.structure, settings: settings).solve(split.lp)
            .restoringSplitColumns(split, of: lp)
        #expect(result.termination == monolithic.termination, "seed \(seed), seeded \(seeded)")
        guard monolithic.termination == .optimal, let expected = monolithic.objectiveValue, let found = result.objectiveValue else { return }
        #expect(abs(found - expected) <= 1e-7 * max(1, abs(expected)), "seed \(seed): \(found) against \(expected)")
        let report = OptimalityCertificate.check(lp, result)
        #expect(report.isFeasible, "seed \(seed): \(report.worst.map(\.message) ?? [])")
    }

    /// 3–5 blocks of 3–6 columns with rows built around a random point x0 inside the bounds
    /// (so the LP is feasible), 1–2 linking columns with coefficients in about half the block
    /// rows, and 1–3 coupling rows tight around x0; minimise or maximise a random cost.
    static func randomLP(seed: UInt64) -> (LinearProgram, BlockStructure) {
        var rng = SplitMix64(seed: seed)
        var lp = LinearProgram(name: "split\(seed)", sense: seed.isMultiple(of: 2) ? .minimize : .maximize)
        var columnBlock: [Int?] = []
        var rowBlock: [Int?] = []
        var x0: [Double] = []
        let blocks = Int.random(in: 3...5, using: &rng)
        var blockColumns: [[Int]] = []
        for b in 0..<blocks {
            var columns: [Int] = []
            for c in 0..<Int.random(in: 3...6, using: &rng) {
                let upper = Double.random(in: 1...10, using: &rng).rounded()
                columns.append(lp.addColumn(name: "x\(b)_\(c)", upperBound: upper, cost: Double.random(in: -5...5, using: &rng).rounded()))
                columnBlock.append(b)
                x0.append(Double.random(in: 0...upper, using: &rng))
            }
            blockColumns.append(columns)
        }
        var linking: [Int] = []
        for m in 0..<Int.random(in: 1...2, using: &rng) {
            linking.append(lp.addColumn(name: "y\(m)", lowerBound: 0, upperBound: 8, cost: Double.random(in: -3...3, using: &rng).rounded()))
            columnBlock.append(nil)
            x0.append(Double.random(in: 0...8, using: &rng))
        }
        func activity(_ terms: [(column: Int, coefficient: Double)]) -> Double { terms.reduce(0) { $0 + $1.coefficient * x0[$1.column] } }
        for (b, columns) in blockColumns.enumerated() {
            for r in 0..<Int.random(in: 2...4, using: &rng) {
                var terms = columns.filter { _ in Bool.random(using: &rng) }.map {
                    (column: $0, coefficient: Double.random(in: -3...3, using: &rng).rounded())
                }
                for y in linking where Bool.random(using: &rng) { terms.append((y, Double.random(in: 0.5...2, using: &rng).rounded())) }
                let a = activity(terms)
                switch r % 3 {
                case 0: lp.addRow(name: "b\(b)_\(r)", lowerBound: a - 1, terms: terms)
                case 1: lp.addRow(name: "b\(b)_\(r)", upperBound: a + 2, terms: terms)
                default: lp.addRow(name: "b\(b)_\(r)", lowerBound: a - 0.5, upperBound: a + 0.5, terms: terms)
                }
                rowBlock.append(b)
            }
        }
        for k in 0..<Int.random(in: 1...3, using: &rng) {
            var terms = blockColumns.joined().filter { _ in Double.random(in: 0...1, using: &rng) < 0.3 }.map {
                (column: $0, coefficient: Double.random(in: -2...3, using: &rng).rounded())
            }
            if terms.isEmpty { terms = [(blockColumns[k % blocks][0], 1)] }
            let a = activity(terms)
            if k.isMultiple(of: 2) {
                lp.addRow(name: "c\(k)", upperBound: a + 0.1, terms: terms)
            } else {
                lp.addRow(name: "c\(k)", lowerBound: a - 0.1, terms: terms)
            }
            rowBlock.append(nil)
        }
        return (lp, BlockStructure(blockCount: blocks, columnBlock: columnBlock, rowBlock: rowBlock))
    }
}
