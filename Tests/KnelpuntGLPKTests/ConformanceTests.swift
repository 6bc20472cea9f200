// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntGLPK
import KnelpuntLP
import Testing

/// The solver-neutral conformance suite: every catalogue LP, solved by every backend of
/// ``SolverUnderTest/all``, against its hand answer.
@Suite("LP conformance catalogue")
struct ConformanceTests {
    /// Values of tiny hand-solvable LPs are exact up to rounding: 1e-9 absolute.
    static let tolerance = 1e-9

    /// Solves a catalogue case with `backend` (the LP's own block structure for the
    /// decomposition, when it has one) and checks an optimum with the FeasibilityReport.
    static func solve(
        _ item: CatalogueCase, _ backend: SolverUnderTest, options: SolveOptions = SolveOptions(),
        tolerance: FeasibilityTolerance = FeasibilityTolerance()
    ) throws -> SolveResult {
        try solveChecked(item.lp, options: options, tolerance: tolerance, solver: backend.solver(for: item.lp, blocks: item.blocks))
    }

    @Test("catalogue case", arguments: SolverUnderTest.all, LPCatalogue.all)
    func catalogueCase(_ backend: SolverUnderTest, _ item: CatalogueCase) throws {
        let result = try Self.solve(item, backend)
        #expect(result.termination == item.termination, "\(result.raw.message)")
        #expect(result.primalStatus == item.primalStatus)
        #expect(result.dualStatus == item.dualStatus)
        #expect(result.sense == item.lp.sense)
        #expect(result.isSolvedAndFeasible(requireDual: true) == (item.termination == .optimal))
        if let objective = item.objective {
            expectClose(result.objectiveValue, objective, absolute: Self.tolerance, "objective")
        }
        if let primal = item.primal {
            expectClose(result.columnValues, primal, absolute: Self.tolerance, "primal")
        }
        if let duals = item.rowDuals {
            expectClose(result.rowDuals, duals, absolute: Self.tolerance, "row duals")
        }
        if let reducedCosts = item.reducedCosts {
            expectClose(result.columnReducedCosts, reducedCosts, absolute: Self.tolerance, "reduced costs")
        }
        if item.termination == .optimal {
            #expect(result.basis != nil, "a simplex optimum carries its basis")
            #expect(result.rowActivities.count == item.lp.rowCount)
            // Marginal values: ≥ 0 on both sides of every row and column, at most one side positive.
            for row in 0..<item.lp.rowCount {
                let lower = try #require(result.marginalValue(ofRow: row, side: .lower))
                let upper = try #require(result.marginalValue(ofRow: row, side: .upper))
                #expect(lower >= 0 && upper >= 0 && min(lower, upper) == 0, "row \(row) marginal values \(lower), \(upper)")
            }
            for column in 0..<item.lp.columnCount {
                let lower = try #require(result.marginalValue(ofColumn: column, side: .lower))
                let upper = try #require(result.marginalValue(ofColumn: column, side: .upper))
                #expect(lower >= 0 && upper >= 0 && min(lower, upper) == 0, "column \(column) marginal values \(lower), \(upper)")
            }
        } else {
            #expect(!result.isSolvedAndFeasible())
            #expect(result.marginalValue(ofRow: 0, side: .upper) == nil || item.dualStatus == .feasiblePoint)
        }
    }

    @Test("the catalogue holds at least 20 LPs with distinct names")
    func catalogueSize() {
        #expect(LPCatalogue.all.count >= 20)
        #expect(Set(LPCatalogue.all.map(\.name)).count == LPCatalogue.all.count)
    }

    /// The ≤/≥/= table for min and max: the raw dual has the sign of ∂objective/∂b, and relaxing
    /// the binding side is worth 2 (the marginal value of that side), whatever the sense.
    @Test("dual sign table", arguments: SolverUnderTest.all, LPCatalogue.dualSignTable)
    func dualSignTable(_ backend: SolverUnderTest, _ item: CatalogueCase) throws {
        let result = try Self.solve(item, backend)
        let expectedDual = try #require(item.rowDuals?.first)
        expectClose(result.rowDuals.first, expectedDual, absolute: Self.tolerance, "raw dual")
        let relaxing: BoundSide = (item.lp.sense == .minimize) == (expectedDual > 0) ? .lower : .upper
        let value = try #require(result.marginalValue(ofRow: 0, side: relaxing))
        expectClose(value, 2, absolute: Self.tolerance, "marginal value of the binding side")
        // The sign rule itself, independent of the hand value: minimising, a binding ≥ row has a
        // non-negative dual and a ≤ row a non-positive one; maximising, the reverse.
        let row = item.lp.rows[0]
        let dual = result.rowDuals[0]
        switch (item.lp.sense, row.kind) {
        case (.minimize, .lower), (.maximize, .upper): #expect(dual > 0)
        case (.minimize, .upper), (.maximize, .lower): #expect(dual < 0)
        default: #expect(row.kind == .fixed)
        }
    }

    /// The degenerate vertex has many dual solutions; every one satisfies y0 + y2 = −1,
    /// y1 + y2 = −1 and y ≤ 0 (see the catalogue's hand working).
    @Test("degenerate duals satisfy the invariants", arguments: SolverUnderTest.all)
    func degenerateDualsSatisfyTheInvariants(_ backend: SolverUnderTest) throws {
        let item = try #require(LPCatalogue.all.first { $0.name == "degenerate" })
        let result = try Self.solve(item, backend)
        let y = result.rowDuals
        try #require(y.count == 3)
        expectClose(y[0] + y[2], -1, absolute: Self.tolerance, "y0 + y2")
        expectClose(y[1] + y[2], -1, absolute: Self.tolerance, "y1 + y2")
        #expect(y.allSatisfy { $0 <= Self.tolerance }, "\(y)")
    }

    /// The multiple-optima and zero-objective cases: any optimum lies on the hand-derived set.
    @Test("non-unique optima lie on the optimal face", arguments: SolverUnderTest.all)
    func nonUniqueOptima(_ backend: SolverUnderTest) throws {
        let multiple = try #require(LPCatalogue.all.first { $0.name == "multiple-optima" })
        let x = try Self.solve(multiple, backend).columnValues
        expectClose(x[0] + x[1], 2, absolute: Self.tolerance, "x + y on the face x + y = 2")
        let zero = try #require(LPCatalogue.all.first { $0.name == "zero-objective" })
        let z = try Self.solve(zero, backend).columnValues
        expectClose(z[0] + z[1], 3, absolute: Self.tolerance, "x + y = 3")
        #expect(z.allSatisfy { $0 >= -Self.tolerance && $0 <= 2 + Self.tolerance })
    }

    // MARK: - Method variants

    static let methodCases = LPCatalogue.optimal.filter {
        $0.lp.rowCount > 0 && $0.lp.columnCount > 0 && $0.primal != nil
    }

    /// Every simplex variant finds the same optimum and duals; the interior-point method the
    /// same objective and primal point within 1e-6 (it stops at a tolerance, not at a vertex,
    /// so only the cases with a unique primal optimum are used).
    @Test("method variants agree", arguments: SolverUnderTest.all, SolveMethod.allCases)
    func methodVariants(_ backend: SolverUnderTest, _ method: SolveMethod) throws {
        var options = SolveOptions()
        options.method = method
        let tolerance = method == .interior ? 1e-6 : Self.tolerance
        for item in Self.methodCases {
            let result = try Self.solve(item, backend, options: options, tolerance: FeasibilityTolerance(absolute: tolerance, relative: 1e-9))
            #expect(result.termination == .optimal, "\(item.name) with \(method): \(result.raw.message)")
            expectClose(result.objectiveValue, try #require(item.objective), absolute: tolerance, "\(item.name) objective")
            expectClose(result.columnValues, try #require(item.primal), absolute: tolerance, "\(item.name) primal")
            #expect((result.basis == nil) == (method == .interior), "\(item.name): basis only from the simplex")
            if method != .interior, let duals = item.rowDuals {
                expectClose(result.rowDuals, duals, absolute: tolerance, "\(item.name) duals")
            }
        }
    }

    /// Infeasibility and unboundedness are recognised by every simplex variant (the statuses of
    /// the dual or primal side depend on the method, so only the termination is compared; GLPK's
    /// dual simplex falls back to its primal phase to prove unboundedness).
    @Test(
        "simplex variants classify infeasible and unbounded models",
        arguments: SolverUnderTest.all, [SolveMethod.primal, .dual, .dualThenPrimal, .exact])
    func variantsClassify(_ backend: SolverUnderTest, _ method: SolveMethod) throws {
        var options = SolveOptions()
        options.method = method
        for item in LPCatalogue.special {
            let result = try Self.solve(item, backend, options: options)
            // The dual simplex alone cannot tell which when it finds no dual feasible basis.
            let alsoAccepted: TerminationStatus? = method == .dual ? .infeasibleOrUnbounded : nil
            #expect(
                result.termination == item.termination || result.termination == alsoAccepted,
                "\(item.name) with \(method): \(result.termination), \(result.raw.message)")
            #expect(!result.isSolvedAndFeasible())
        }
    }

    // MARK: - Decomposition

    /// With several blocks the Dantzig–Wolfe solver must prove its own answer for every optimal
    /// case (not hand the LP to GLPK): blocks unbounded at some prices enter the master as rays.
    /// The block-structured cases need the master (their blocks' own optima break a coupling
    /// row). Infeasible and unbounded cases may fall back: their statuses are checked above.
    @Test(
        "several blocks: the decomposition answers every optimal case itself",
        arguments: LPCatalogue.all.filter { $0.termination == .optimal })
    func decompositionDelivers(_ item: CatalogueCase) throws {
        let result = try Self.solve(item, .dantzigWolfeSeveralBlocks)
        let report = try #require(result.decomposition)
        #expect(report.fallbackReason == nil, "\(report.fallbackReason ?? "")")
        if let blocks = item.blocks {
            #expect(report.blocks == blocks.blockCount)
            #expect(report.rounds >= 1, "the blocks' own optima break a coupling row, so the master runs")
        }
    }

    @Test("one block: the decomposition answers every optimal case itself")
    func oneBlockDelivers() throws {
        for item in LPCatalogue.all where item.termination == .optimal {
            let result = try Self.solve(item, .dantzigWolfeOneBlock)
            let report = try #require(result.decomposition)
            #expect(report.fallbackReason == nil, "\(item.name): \(report.fallbackReason ?? "")")
        }
    }
}
