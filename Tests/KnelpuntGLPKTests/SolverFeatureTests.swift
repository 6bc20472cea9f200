// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntGLPK
import KnelpuntLP
import Testing

/// Presolve fallback, warm starts, limits and sensitivity ranges on hand-checkable models.
@Suite("GLPK solver features")
struct SolverFeatureTests {
    static func catalogue(_ name: String) throws -> CatalogueCase {
        try #require(LPCatalogue.all.first { $0.name == name })
    }

    // MARK: - Presolve

    /// With presolve on, GLPK solves the presolved `x + y ≥ 5, x + y ≤ 3`, finds it infeasible,
    /// cannot recover a solution of the original ("unable to recover undefined or non-optimal
    /// solution", the branch that returns GLP_ENOPFS) and leaves neither basis nor duals; the
    /// wrapper re-solves without presolve to get both.
    @Test("presolve infeasible falls back to a plain solve")
    func presolveInfeasibleFallsBack() throws {
        let item = try Self.catalogue("infeasible-rows")
        var options = SolveOptions()
        options.presolve = true
        let result = try solveChecked(item.lp, options: options)
        #expect(result.presolveFallback)
        #expect(result.termination == .infeasible)
        // The presolved solve found no optimum, so GLPK could not recover a basic solution.
        #expect(result.log.contains("unable to recover undefined or non-optimal solution"), "\(result.log)")
        #expect(result.basis != nil, "the fallback provides a basis")
        #expect(result.rowDuals.count == 2, "the fallback provides duals")
        #expect(result.dualStatus == .feasiblePoint)
    }

    /// With presolve on and an optimal model, no fallback and the same duals as without.
    @Test("presolve on an optimal model keeps its duals")
    func presolveOptimal() throws {
        let item = try Self.catalogue("optimal-two-rows")
        var options = SolveOptions()
        options.presolve = true
        let result = try solveChecked(item.lp, options: options)
        #expect(!result.presolveFallback)
        #expect(result.termination == .optimal)
        expectClose(result.objectiveValue, 2.8, "objective")
        expectClose(result.rowDuals, [0.4, 0.2], "duals")
        #expect(result.basis != nil)
    }

    // MARK: - Warm start

    /// Re-solving after a bound change from the first basis takes fewer iterations than a cold
    /// solve of the edited model, and reaches the same optimum.
    @Test("warm start after a bound change")
    func warmStartAfterBoundChange() throws {
        let planted = PlantedTransport(sources: 12, sinks: 15, seed: 7)
        let first = try solveChecked(planted.lp)
        expectClose(first.objectiveValue, planted.objective, relative: 1e-9, "planted optimum")
        expectClose(first.columnValues, planted.plan, absolute: 1e-7, "planted plan")
        #expect(!first.warmStarted)

        // Re-solving the same model from its own optimal basis needs no iteration at all.
        var options = SolveOptions()
        options.startingBasis = first.basis
        let same = try solveChecked(planted.lp, options: options)
        #expect(same.warmStarted)
        #expect(same.iterations == 0)

        var edited = planted.lp
        let k = planted.largestFlowColumn
        edited.setColumnBounds(k, lower: 0, upper: planted.plan[k] / 2)
        let cold = try solveChecked(edited)
        let warm = try solveChecked(edited, options: options)
        #expect(warm.warmStarted)
        #expect(warm.termination == .optimal)
        #expect(warm.iterations < cold.iterations, "warm \(warm.iterations) vs cold \(cold.iterations)")
        expectClose(warm.objectiveValue, try #require(cold.objectiveValue), relative: 1e-9, "warm vs cold objective")
        #expect(try #require(warm.objectiveValue) > planted.objective, "the cap on a used arc must cost something")
    }

    /// A row added after the first solve (a cut through the optimum) starts basic: the old basis
    /// is accepted, and the warm re-solve matches a cold one in fewer iterations.
    @Test("warm start with one more row")
    func warmStartWithOneMoreRow() throws {
        let planted = PlantedTransport(sources: 12, sinks: 15, seed: 11)
        let first = try solveChecked(planted.lp)
        let basis = try #require(first.basis)
        var cut = planted.lp
        let k = planted.largestFlowColumn
        cut.addRow(name: "cut", lowerBound: -inf, upperBound: planted.plan[k] - 1, terms: [(column: k, coefficient: 1)])
        #expect(basis.rowStatus.count == cut.rowCount - 1)

        var options = SolveOptions()
        options.startingBasis = basis
        let warm = try solveChecked(cut, options: options)
        let cold = try solveChecked(cut)
        #expect(warm.warmStarted)
        #expect(warm.termination == .optimal)
        #expect(warm.iterations < cold.iterations, "warm \(warm.iterations) vs cold \(cold.iterations)")
        expectClose(warm.objectiveValue, try #require(cold.objectiveValue), relative: 1e-9, "objective")
        expectClose(warm.columnValues[k], planted.plan[k] - 1, absolute: 1e-7, "the cut binds")
    }

    /// A basis of the wrong shape is ignored: the solve starts cold and says so.
    @Test("basis of the wrong shape falls back to a cold start")
    func wrongShapeBasis() throws {
        let item = try Self.catalogue("optimal-two-rows")
        let shapes = [
            LPBasis(rowStatus: [.basic, .basic], columnStatus: [.atLower]), // one column short
            LPBasis(rowStatus: [.basic, .basic, .basic], columnStatus: [.atLower, .atLower]), // more rows than the LP
            LPBasis(rowStatus: [.atLower, .atLower], columnStatus: [.atLower, .atLower]), // no basic variable
        ]
        for basis in shapes {
            var options = SolveOptions()
            options.startingBasis = basis
            let result = try solveChecked(item.lp, options: options)
            #expect(!result.warmStarted, "\(basis)")
            #expect(result.termination == .optimal)
            expectClose(result.objectiveValue, 2.8, "objective")
        }
    }

    /// A basis of the right shape that GLPK cannot factorise (both columns basic, but their
    /// coefficient columns (1, 2) and (1, 2) are parallel): GLPK reports it singular, the solve
    /// restarts cold, and the result must not claim a warm start.
    /// min x + 2y, r0: x + y ≥ 1, r1: 2x + 2y ≥ 2 → x = 1, y = 0, objective 1.
    @Test("singular starting basis restarts cold and says so")
    func singularBasis() throws {
        let lp = makeLP(
            "singular", columns: [("x", 0, inf, 1), ("y", 0, inf, 2)],
            rows: [("r0", 1, inf, [1, 1]), ("r1", 2, inf, [2, 2])])
        var options = SolveOptions()
        options.startingBasis = LPBasis(rowStatus: [.atLower, .atLower], columnStatus: [.basic, .basic])
        let result = try solveChecked(lp, options: options)
        #expect(result.log.contains("initial basis is singular"), "\(result.log)")
        #expect(!result.warmStarted)
        #expect(result.termination == .optimal)
        expectClose(result.objectiveValue, 1, "objective")
        expectClose(result.columnValues, [1, 0], "primal")
    }

    // MARK: - Limits

    /// One simplex iteration cannot solve a 10 × 12 transportation problem.
    @Test("iteration limit 1 stops a larger LP")
    func iterationLimit() throws {
        let planted = PlantedTransport(sources: 10, sinks: 12, seed: 3)
        var options = SolveOptions()
        options.iterationLimit = 1
        let limited = try solveChecked(planted.lp, options: options)
        #expect(limited.termination == .iterationLimit, "\(limited.raw.message)")
        #expect(limited.raw.returnCode == "GLP_EITLIM")
        #expect(limited.iterations <= 1)
        #expect(!limited.isSolvedAndFeasible())
        // Without the limit it needs more than one iteration (so the limit is what stopped it).
        let full = try solveChecked(planted.lp)
        #expect(full.iterations > 1)
        expectClose(full.objectiveValue, planted.objective, relative: 1e-9, "objective")
    }

    // MARK: - Sensitivity

    /// optimal-two-rows: r0: x + 2y ≥ b0, r1: 3x + y ≥ 6. With x, y basic,
    /// x = (12 − b0)/5 ≥ 0 and y = (3·b0 − 6)/5 ≥ 0, so the basis (and y0 = 0.4) holds for
    /// b0 ∈ [2, 12]. Likewise for b1: x = (2·b1 − 4)/5, y = (12 − b1)/5 → b1 ∈ [2, 12], y1 = 0.2.
    @Test("row sensitivity ranges match the hand analysis")
    func rowRanges() throws {
        let item = try Self.catalogue("optimal-two-rows")
        var options = SolveOptions()
        options.sensitivity = SensitivityRequest(rows: [0, 1], columns: [0])
        let result = try solveChecked(item.lp, options: options)
        let r0 = try #require(result.rowRanges[0])
        let r1 = try #require(result.rowRanges[1])
        #expect(!r0.isBasic && !r1.isBasic)
        expectClose(r0.current, 4, "r0 activity")
        expectClose(r0.lowerLimit, 2, absolute: 1e-9, "r0 lower limit")
        expectClose(r0.upperLimit, 12, absolute: 1e-9, "r0 upper limit")
        expectClose(r0.objectiveRate, 0.4, "r0 rate")
        expectClose(r1.lowerLimit, 2, absolute: 1e-9, "r1 lower limit")
        expectClose(r1.upperLimit, 12, absolute: 1e-9, "r1 upper limit")
        expectClose(r1.objectiveRate, 0.2, "r1 rate")
        let x = try #require(result.columnRanges[0])
        #expect(x.isBasic, "x is basic: its bounds are inactive")
        expectClose(x.objectiveRate, 0, "basic rate")

        // Inside the range the objective moves at the rate: 2.8 + 0.4·Δ; beyond it the basis
        // changes and the rate with it (b0 = 14 > 12 makes x = 0: objective = y = 7, not 6.8).
        for b0 in [2.5, 7.0, 11.5] {
            var moved = item.lp
            moved.setRowBounds(0, lower: b0, upper: inf)
            expectClose(try solveChecked(moved).objectiveValue, 2.8 + 0.4 * (b0 - 4), "objective at b0 = \(b0)")
        }
        var beyond = item.lp
        beyond.setRowBounds(0, lower: 14, upper: inf)
        expectClose(try solveChecked(beyond).objectiveValue, 7, "objective at b0 = 14")
    }

    /// maximisation: x sits at its upper bound u = 3 with y = 4 − u from r0 (r1: u + 3(4 − u) ≤ 9
    /// needs u ≥ 1.5; y ≥ 0 needs u ≤ 4): range [1.5, 4], rate d_x = 1.
    @Test("column bound sensitivity range")
    func columnRange() throws {
        let item = try Self.catalogue("maximisation")
        var options = SolveOptions()
        options.sensitivity = SensitivityRequest(columns: [0, 1])
        let result = try solveChecked(item.lp, options: options)
        let x = try #require(result.columnRanges[0])
        #expect(!x.isBasic)
        expectClose(x.current, 3, "x")
        expectClose(x.lowerLimit, 1.5, absolute: 1e-9, "lower limit of x's bound")
        expectClose(x.upperLimit, 4, absolute: 1e-9, "upper limit of x's bound")
        expectClose(x.objectiveRate, 1, "rate")
        #expect(try #require(result.columnRanges[1]).isBasic)
    }
}
