// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntGLPK
import KnelpuntLP
import Testing

/// The MIP part of the conformance suite: tiny mixed-integer programs solved by hand, run
/// through every ``MIPSolver`` backend (GLPK's branch and cut).
@Suite("MIP conformance catalogue")
struct MIPConformanceTests {
    static let backends: [any MIPSolver] = [GLPKSolver()]

    /// makeLP with the kinds of the columns set.
    static func program(_ lp: LinearProgram, kinds: [ColumnKind]) -> LinearProgram {
        var program = lp
        for (j, kind) in kinds.enumerated() { program.setColumnKind(j, kind) }
        return program
    }

    /// Every integer solution reported satisfies every row and bound (1e-9) and is integral.
    static func expectIntegerFeasible(_ program: LinearProgram, _ result: MIPResult, sourceLocation: SourceLocation = #_sourceLocation) {
        let x = result.columnValues
        guard x.count == program.columnCount else {
            Issue.record("\(x.count) values for \(program.columnCount) columns", sourceLocation: sourceLocation)
            return
        }
        for (j, column) in program.columns.enumerated() {
            #expect(
                x[j] >= column.lowerBound - 1e-9 && x[j] <= column.upperBound + 1e-9, "column \(column.name) = \(x[j])",
                sourceLocation: sourceLocation)
            if column.kind != .continuous {
                #expect(abs(x[j] - x[j].rounded()) <= 1e-9, "\(column.name) = \(x[j]) is not integral", sourceLocation: sourceLocation)
            }
        }
        for (i, activity) in program.rowActivities(of: x).enumerated() {
            let row = program.rows[i]
            #expect(
                activity >= row.lowerBound - 1e-9 && activity <= row.upperBound + 1e-9, "row \(row.name) = \(activity)",
                sourceLocation: sourceLocation)
        }
    }

    /// max 10a + 13b + 7c  s.t.  4a + 6b + 3c ≤ 10, a, b, c binary.
    /// By hand: {a, b} weighs 10 and is worth 23, {b, c} 20, {a, c} 17, all three weigh 13 > 10:
    /// optimum 23 at (1, 1, 0). The relaxation fills by value per weight (a 2.5, c 2.33, b 2.17):
    /// a and c whole (weight 7), then b at 3/6: 10 + 7 + 6.5 = 23.5. Gap 0.5/23.
    @Test("binary knapsack")
    func knapsack() throws {
        let lp = makeLP(
            "knapsack", sense: .maximize, columns: [("a", 0, 1, 10), ("b", 0, 1, 13), ("c", 0, 1, 7)],
            rows: [("weight", -inf, 10, [4, 6, 3])])
        let program = Self.program(lp, kinds: [.binary, .binary, .binary])
        for backend in Self.backends { try Self.checkKnapsack(program, backend.solveMIP(program, options: MIPOptions())) }
        // The same program as an LP is its relaxation.
        let relaxed = try GLPKSolver().solve(program)
        expectClose(relaxed.objectiveValue, 23.5, "LP solve of the MIP model (its relaxation)")
    }

    static func checkKnapsack(_ program: LinearProgram, _ result: MIPResult) {
        #expect(result.status == .optimal, "\(result.raw.message)")
        #expect(result.termination == .optimal)
        #expect(result.primalStatus == .feasiblePoint)
        #expect(result.isOptimal)
        expectClose(result.objectiveValue, 23, "objective")
        expectClose(result.columnValues, [1, 1, 0], "solution")
        expectClose(result.relaxationBound, 23.5, "LP relaxation bound")
        expectClose(result.relativeGap, 0.5 / 23, "relative gap")
        Self.expectIntegerFeasible(program, result)
    }

    /// min x + y + 0·s  s.t.  2x + 2y ≥ 3, x, y integer ≥ 0, s continuous in [0, 4] with
    /// s − x ≥ 0.5. Relaxation: x + y = 1.5 (bound 1.5). Integers: x + y ≥ 2 (objective 2).
    @Test("general integers with a continuous column")
    func generalIntegers() throws {
        let lp = makeLP(
            "integers", columns: [("x", 0, inf, 1), ("y", 0, inf, 1), ("s", 0, 4, 0)],
            rows: [("cover", 3, inf, [2, 2, 0]), ("link", 0.5, inf, [-1, 0, 1])])
        let program = Self.program(lp, kinds: [.integer, .integer, .continuous])
        let result = try GLPKSolver().solveMIP(program, options: MIPOptions())
        #expect(result.status == .optimal)
        expectClose(result.objectiveValue, 2, "objective")
        expectClose(result.relaxationBound, 1.5, "relaxation bound (from below when minimising)")
        expectClose(result.relativeGap, 0.25, "gap")
        Self.expectIntegerFeasible(program, result)
    }

    /// x + y = 1 and x − y = 0 with x, y binary: the relaxation has x = y = 1/2, no integer
    /// point exists.
    @Test("infeasible integer program whose relaxation is feasible")
    func infeasibleInteger() throws {
        let lp = makeLP("parity", columns: [("x", 0, 1, 1), ("y", 0, 1, 0)], rows: [("sum", 1, 1, [1, 1]), ("equal", 0, 0, [1, -1])])
        #expect(try GLPKSolver().solve(lp).termination == .optimal)
        let program = Self.program(lp, kinds: [.binary, .binary])
        let result = try GLPKSolver().solveMIP(program, options: MIPOptions())
        #expect(result.status == .infeasible, "\(result.raw.message)")
        #expect(result.termination == .infeasible)
        #expect(result.primalStatus == .noSolution)
        #expect(result.objectiveValue == nil && result.columnValues.isEmpty)
        expectClose(result.relaxationBound, 0.5, "relaxation optimum")
    }

    /// An infeasible relaxation: x ≥ 2 with x binary is rejected as a bound, so use a row.
    @Test("infeasible relaxation")
    func infeasibleRelaxation() throws {
        let lp = makeLP("none", columns: [("x", 0, 1, 1)], rows: [("two", 2, inf, [1])])
        let result = try GLPKSolver().solveMIP(Self.program(lp, kinds: [.binary]), options: MIPOptions())
        #expect(result.status == .infeasible)
        #expect(result.relaxationBound == nil)
    }

    /// Jeroslow's program: 2·Σ x_i = n with n odd and 41 binaries has no integer point (the left
    /// side is even), but every relaxation node is feasible, so branch and bound needs about
    /// 2^20 nodes. With a 0.2 s limit the search stops at the limit, without an integer solution.
    @Test("time limit")
    func timeLimit() throws {
        let n = 41
        var program = LinearProgram(name: "jeroslow", sense: .maximize)
        for i in 0..<n { program.addColumn(name: "x\(i)", lowerBound: 0, upperBound: 1, cost: 1, kind: .binary) }
        program.addRow(name: "even", lowerBound: Double(n), upperBound: Double(n), terms: (0..<n).map { ($0, 2) })
        var options = MIPOptions()
        options.relaxation.timeLimitSeconds = 0.2
        let clock = ContinuousClock()
        let start = clock.now
        let result = try GLPKSolver().solveMIP(program, options: options)
        #expect((clock.now - start) < .seconds(5), "the limit is honoured")
        #expect(result.termination == .timeLimit, "\(result.raw.message)")
        #expect(result.status == .noIntegerSolutionFound)
        #expect(result.primalStatus == .noSolution)
        expectClose(result.relaxationBound, Double(n) / 2, "relaxation bound")
    }

    @Test("invalid kinds and bounds are rejected before GLPK sees them")
    func invalidKinds() throws {
        var wide = makeLP("wide", columns: [("b", 0, 2, 1)])
        wide.setColumnKind(0, .binary)
        #expect(throws: SolverError.invalidModel(problem: "binary column 0 'b' has bounds [0.0, 2.0]; a binary's bounds lie within [0, 1]")) {
            try GLPKSolver().solveMIP(wide, options: MIPOptions())
        }
        var fractional = makeLP("fractional", columns: [("n", 0.5, 3, 1)])
        fractional.setColumnKind(0, .integer)
        #expect(throws: SolverError.self) { try GLPKSolver().solveMIP(fractional, options: MIPOptions()) }
        var gap = MIPOptions()
        gap.relativeGap = .nan
        #expect(throws: SolverError.self) { try GLPKSolver().solveMIP(makeLP("ok", columns: [("x", 0, 1, 1)]), options: gap) }
        // A binary fixed at 1 by its bounds stays fixed (GLP_BV would reset it to [0, 1]).
        let fixed = makeLP("fixed", sense: .minimize, columns: [("b", 1, 1, 5)])
        let result = try GLPKSolver().solveMIP(Self.program(fixed, kinds: [.binary]), options: MIPOptions())
        expectClose(result.objectiveValue, 5, "fixed binary")
    }

    @Test("the GLPK backend offers its MIP solver through LPSolver")
    func capability() {
        #expect(GLPKSolver().mipSolver != nil)
    }
}
