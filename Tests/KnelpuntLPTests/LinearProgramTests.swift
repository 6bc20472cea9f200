// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntLP
import Testing

/// The backend-neutral value type, its validation and the result's sign convention, without
/// any solver.
@Suite("LinearProgram and SolveResult")
struct LinearProgramTests {
    @Test(
        "bound kinds",
        arguments: [
            (-Double.infinity, Double.infinity, BoundKind.free),
            (0, .infinity, .lower),
            (-.infinity, 5, .upper),
            (1, 5, .ranged),
            (2, 2, .fixed),
        ])
    func boundKind(lower: Double, upper: Double, kind: BoundKind) {
        #expect(BoundKind(lower: lower, upper: upper) == kind)
        #expect(LPRow(name: "r", lowerBound: lower, upperBound: upper).kind == kind)
    }

    /// 3x + 2y + 1 at (2, −1) is 5; rows x + y = 1 and 4y = −4.
    @Test("objective and row activities are recomputed from the matrix")
    func evaluation() {
        var lp = LinearProgram(objectiveConstant: 1)
        lp.addColumn(name: "x", lowerBound: -.infinity, cost: 3)
        lp.addColumn(name: "y", lowerBound: -.infinity, cost: 2)
        lp.addRow(name: "r0", terms: [(column: 0, coefficient: 1), (column: 1, coefficient: 1)])
        lp.addRow(name: "r1", terms: [(column: 0, coefficient: 0), (column: 1, coefficient: 4)])
        #expect(lp.nonzeroCount == 3, "zero coefficients are dropped")
        #expect(lp.objectiveValue(of: [2, -1]) == 5)
        #expect(lp.rowActivities(of: [2, -1]) == [1, -4])
        lp.clearObjective()
        #expect(lp.objectiveValue(of: [2, -1]) == 0)
    }

    /// Rows r0: x + y, r1: 2x, r2: 3y; removing r1 leaves r0 and r2 (now row 1) with their
    /// coefficients, and a result keeps the entries of the rows kept.
    @Test("removing rows keeps the others in order with their coefficients")
    func rowRemoval() {
        var lp = LinearProgram()
        lp.addColumn(name: "x")
        lp.addColumn(name: "y")
        lp.addRow(name: "r0", lowerBound: 1, terms: [(column: 0, coefficient: 1), (column: 1, coefficient: 1)])
        lp.addRow(name: "r1", upperBound: 4, terms: [(column: 0, coefficient: 2)])
        lp.addRow(name: "r2", lowerBound: -1, upperBound: 6, terms: [(column: 1, coefficient: 3)])
        var removed = lp
        removed.removeRows(keeping: [true, false, true])
        #expect(removed.rows.map(\.name) == ["r0", "r2"] && removed.rows[1].lowerBound == -1 && removed.rows[1].upperBound == 6)
        #expect(removed.nonzeroCount == 3)
        #expect(removed.rowActivities(of: [2, 5]) == [7, 15])
        #expect(lp.rowActivities(of: [2, 5]) == [7, 4, 15], "the original is a separate value")
        let result = SolveResult(
            termination: .optimal, primalStatus: .feasiblePoint, dualStatus: .feasiblePoint,
            raw: RawSolverStatus(returnCode: "0", solutionStatus: "opt", message: ""), sense: .minimize, objectiveValue: 0,
            columnValues: [2, 5], rowActivities: [7, 4, 15], rowDuals: [1, 0, -2],
            basis: LPBasis(rowStatus: [.atLower, .basic, .basic], columnStatus: [.basic, .atLower]),
            rowRanges: [2: BoundRange(current: 15, lowerLimit: 0, upperLimit: 18, objectiveRate: -2, isBasic: false)])
        let kept = result.keepingRows([true, false, true])
        #expect(kept.rowActivities == [7, 15] && kept.rowDuals == [1, -2] && kept.basis?.rowStatus == [.atLower, .basic])
        #expect(kept.rowRanges.keys.sorted() == [1] && kept.rowRanges[1]?.upperLimit == 18)
    }

    @Test("a valid model validates")
    func validModel() throws {
        var lp = LinearProgram()
        lp.addColumn(name: "x", lowerBound: -.infinity, upperBound: .infinity, cost: 1)
        lp.addRow(name: "r", lowerBound: -.infinity, upperBound: .infinity, terms: [(column: 0, coefficient: 2)])
        try lp.validate()
        try LinearProgram().validate()
    }

    @Test(
        "validation names the offender",
        arguments: [
            ("NaN bound", "column 0 'x' has a NaN bound [0.0, nan]"),
            ("lower > upper", "row 0 'r' has lower bound 3.0 above upper bound 1.0"),
            ("+inf lower", "column 0 'x' has lower bound +infinity"),
            ("missing column", "coefficient 1 in row 'r' refers to column 4, but the model has 1 columns"),
            ("duplicate", "column 'x' appears twice in row 'r'; merge the two coefficients"),
            ("infinite coefficient", "coefficient of column 'x' in row 'r' is -inf; it must be finite"),
            ("infinite cost", "column 0 'x' has cost -inf; costs must be finite"),
        ])
    func invalid(_ label: String, message: String) {
        var lp = LinearProgram()
        lp.addColumn(name: "x", cost: 1)
        lp.addRow(name: "r", lowerBound: 0, upperBound: 1, terms: [(column: 0, coefficient: 1)])
        switch label {
        case "NaN bound": lp.setColumnBounds(0, lower: 0, upper: .nan)
        case "lower > upper": lp.setRowBounds(0, lower: 3, upper: 1)
        case "+inf lower": lp.setColumnBounds(0, lower: .infinity, upper: .infinity)
        case "missing column": lp.addCoefficient(row: 0, column: 4, value: 1)
        case "duplicate": lp.addCoefficient(row: 0, column: 0, value: 2)
        case "infinite coefficient": lp.addRow(name: "r", terms: [(column: 0, coefficient: -.infinity)])
        default: lp.setCost(0, -.infinity)
        }
        #expect(throws: SolverError.invalidModel(problem: message)) { try lp.validate() }
    }

    static func result(sense: ObjectiveSense, duals: [Double], dualStatus: ResultStatus = .feasiblePoint) -> SolveResult {
        SolveResult(
            termination: .optimal, primalStatus: .feasiblePoint, dualStatus: dualStatus,
            raw: RawSolverStatus(returnCode: "0", solutionStatus: "test", message: ""), sense: sense, objectiveValue: 0,
            rowDuals: duals, columnReducedCosts: duals)
    }

    /// Marginal value = objective improvement per unit a side moves outward, from the raw dual
    /// y = ∂objective/∂b: minimising, an upper side is worth max(0, −y) and a lower side
    /// max(0, y); maximising, the reverse.
    @Test("marginal value sign follows the sense and the side, not the row type")
    func marginalValues() {
        let minimising = Self.result(sense: .minimize, duals: [2, -3, 0])
        #expect(minimising.marginalValue(ofRow: 0, side: .lower) == 2)
        #expect(minimising.marginalValue(ofRow: 0, side: .upper) == 0)
        #expect(minimising.marginalValue(ofRow: 1, side: .upper) == 3)
        #expect(minimising.marginalValue(ofRow: 1, side: .lower) == 0)
        #expect(minimising.marginalValue(ofRow: 2, side: .upper) == 0)
        #expect(minimising.marginalValue(ofColumn: 1, side: .upper) == 3)
        let maximising = Self.result(sense: .maximize, duals: [2, -3])
        #expect(maximising.marginalValue(ofRow: 0, side: .upper) == 2)
        #expect(maximising.marginalValue(ofRow: 0, side: .lower) == 0)
        #expect(maximising.marginalValue(ofRow: 1, side: .lower) == 3)
        #expect(maximising.marginalValue(ofColumn: 0, side: .upper) == 2)
        #expect(maximising.marginalValue(ofRow: 2, side: .upper) == nil, "out of range")
        #expect(Self.result(sense: .minimize, duals: [2], dualStatus: .noSolution).marginalValue(ofRow: 0, side: .lower) == nil)
    }

    @Test("isSolvedAndFeasible needs optimal, a primal point and (if asked) a dual point")
    func solvedAndFeasible() {
        var result = Self.result(sense: .minimize, duals: [1], dualStatus: .infeasiblePoint)
        #expect(result.isSolvedAndFeasible())
        #expect(!result.isSolvedAndFeasible(requireDual: true))
        result.dualStatus = .feasiblePoint
        #expect(result.isSolvedAndFeasible(requireDual: true))
        result.termination = .iterationLimit
        #expect(!result.isSolvedAndFeasible())
    }

    @Test("sensitivity request and options defaults")
    func defaults() {
        #expect(SensitivityRequest().isEmpty)
        #expect(!SensitivityRequest(rows: [0]).isEmpty)
        let options = SolveOptions()
        #expect(options.method == .dualThenPrimal)
        #expect(!options.presolve)
        #expect(options.primalFeasibilityTolerance == 1e-7)
        #expect(options.startingBasis == nil)
    }
}
