// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import KnelpuntGLPK
import KnelpuntLP
import Testing

/// GNU MathProg models built into a LinearProgram through the GLPK MathProg API.
@Suite("GLPK MathProg")
struct MathProgTests {
    /// Fixtures/mathprog/transport.mod + .dat: sources a (30 t), b (25 t); sinks p (20), q (15),
    /// r (20); costs a: 2 4 5, b: 3 1 7.
    /// Hand solution: b→q 15 (cost 1); r is cheaper from a (5 vs 7): a→r 20; a has 10 left for
    /// p, b 10: a→p 10, b→p 10. Cost 20 + 100 + 30 + 15 = 165. Optimality: with u_a = 0 the
    /// tree arcs give v_p = 2, v_r = 5, u_b = 1, v_q = 0; the other arcs have reduced costs
    /// a→q 4 − 0 − 0 = 4 > 0 and b→r 7 − 1 − 5 = 1 > 0, so this is the unique optimum.
    @Test("transport model builds the LP and solves to the hand optimum")
    func transport() throws {
        let lp = try GLPKSolver.mathProg(
            model: try fixtureURL("mathprog/transport.mod").path,
            data: try fixtureURL("mathprog/transport.dat").path)
        // The objective row `cost` is dropped: only the 2 supply and 3 demand rows remain.
        #expect(lp.rows.map(\.name) == ["supply[a]", "supply[b]", "demand[p]", "demand[q]", "demand[r]"])
        #expect(lp.columns.map(\.name) == ["x[a,p]", "x[a,q]", "x[a,r]", "x[b,p]", "x[b,q]", "x[b,r]"])
        #expect(lp.columns.map(\.cost) == [2, 4, 5, 3, 1, 7], "costs come from the objective row")
        #expect(lp.rows.map(\.upperBound).prefix(2) == [30, 25])
        #expect(lp.rows.map(\.lowerBound).suffix(3) == [20, 15, 20])
        #expect(lp.nonzeroCount == 12)
        #expect(lp.sense == .minimize)
        let result = try solveChecked(lp)
        expectClose(result.objectiveValue, 165, "objective")
        expectClose(result.columnValues, [10, 0, 20, 10, 15, 0], "plan")
    }

    /// The objective declared after the constraints (so not row 1), a maximisation with a
    /// constant, and a second objective that stays as a free row.
    /// max 3x + 2y + 10 s.t. c1: x + y ≤ 4, c2: x + 3y ≤ 6, x ≤ 3 → x = 3, y = 1, 11 + 10 = 21.
    @Test("objective after the constraints, constant and a second objective")
    func objectiveLast() throws {
        let model = """
            var x >= 0, <= 3;
            var y >= 0;
            s.t. c1: x + y <= 4;
            s.t. c2: x + 3 * y <= 6;
            maximize profit: 3 * x + 2 * y + 10;
            minimize other: x - y;
            end;
            """
        try withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("last.mod").path
            try model.write(toFile: path, atomically: true, encoding: .utf8)
            let lp = try GLPKSolver.mathProg(model: path)
            #expect(lp.sense == .maximize)
            #expect(lp.objectiveConstant == 10)
            #expect(lp.columns.map(\.cost) == [3, 2])
            #expect(lp.rows.map(\.name) == ["c1", "c2", "other"], "only the first objective's row is dropped")
            #expect(lp.rows[2].kind == .free)
            let result = try solveChecked(lp)
            expectClose(result.objectiveValue, 21, "objective")
            expectClose(result.columnValues, [3, 1], "primal")
        }
    }

    @Test("a model without an objective keeps all its rows")
    func noObjective() throws {
        try withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("feasible.mod").path
            try "var x >= 0; s.t. c: x >= 2;\nend;\n".write(toFile: path, atomically: true, encoding: .utf8)
            let lp = try GLPKSolver.mathProg(model: path)
            #expect(lp.rowCount == 1 && lp.columnCount == 1)
            #expect(lp.columns[0].cost == 0)
        }
    }

    /// Errors name the file (and GLPK's message names the line); nothing aborts.
    @Test("model and data errors throw fileError")
    func errors() throws {
        try withTemporaryDirectory { directory in
            let model = directory.appendingPathComponent("broken.mod").path
            try "var x >= 0;\ns.t. c: x >= ;\nend;\n".write(toFile: model, atomically: true, encoding: .utf8)
            let error = solverError { _ = try GLPKSolver.mathProg(model: model) }
            guard case .fileError(let path, let problem)? = error else {
                Issue.record("expected fileError, got \(String(describing: error))")
                return
            }
            #expect(path == model)
            #expect(problem.contains("broken.mod:2"), "GLPK names the line: \(problem)")

            let good = try fixtureURL("mathprog/transport.mod").path
            let data = directory.appendingPathComponent("bad.dat").path
            try "data;\nset I := a b;\nset J := p;\nparam s := a 1 b 1;\nparam d := p 5;\nparam c : p := a 1 b 1;\nend;\n"
                .write(toFile: data, atomically: true, encoding: .utf8)
            let checkFailure = solverError { _ = try GLPKSolver.mathProg(model: good, data: data) }
            // The data breaks the model's `check` (supply 2 ≠ demand 5); GLPK reports it.
            #expect(checkFailure.map { "\($0)" }?.contains("check") == true, "\(String(describing: checkFailure))")

            let missing = directory.appendingPathComponent("missing.dat").path
            #expect(solverError { _ = try GLPKSolver.mathProg(model: good, data: missing) } == .fileError(path: missing, problem: "no such file"))
        }
    }

    @Test("integer variables need relaxIntegrality")
    func integerVariables() throws {
        try withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("int.mod").path
            try "var n integer >= 0, <= 5;\nmaximize z: n;\nend;\n".write(toFile: path, atomically: true, encoding: .utf8)
            let error = solverError { _ = try GLPKSolver.mathProg(model: path) }
            #expect(error.map { "\($0)" }?.contains("column 'n' is integer") == true, "\(String(describing: error))")
            let relaxed = try GLPKSolver.mathProg(model: path, relaxIntegrality: true)
            #expect(relaxed.columns.first?.upperBound == 5)
        }
    }
}
