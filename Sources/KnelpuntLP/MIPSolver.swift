// SPDX-License-Identifier: GPL-3.0-or-later

/// How a mixed-integer solve ended, read with the three axes of ``MIPResult``.
public enum MIPStatus: String, Sendable, Hashable, Codable {
    /// An integer solution proven optimal (the search closed the gap to ``MIPOptions/relativeGap``).
    case optimal
    /// A time or iteration limit stopped the search with an integer solution that is feasible
    /// but not proven optimal; ``MIPResult/relativeGap`` bounds how far from optimal it can be.
    case feasibleAtLimit = "feasible-at-limit"
    /// No integer solution exists (proven; also when the relaxation is infeasible).
    case infeasible
    /// The search stopped (a limit, or numerical trouble) before it found any integer solution.
    case noIntegerSolutionFound = "no-integer-solution-found"
}

/// Options of one mixed-integer solve.
public struct MIPOptions: Sendable, Hashable {
    /// Options of the LP relaxation's solve (method, tolerances, time and iteration limits, and
    /// a starting basis for the relaxation). The time limit covers the whole solve, relaxation
    /// and search; the iteration limit bounds the simplex iterations of the relaxation (GLPK's
    /// branch and cut has no iteration limit). Sensitivity ranges are not computed.
    public var relaxation: SolveOptions
    /// Stop when (best bound − incumbent)/|incumbent| falls to this; 0 (the default) proves the
    /// incumbent optimal.
    public var relativeGap: Double = 0
    /// A value within this of an integer counts as integral (GLPK `tol_int`).
    public var integralityTolerance: Double = 1e-7

    public init(relaxation: SolveOptions = SolveOptions()) {
        // A MIP reports no ranges.
        var options = relaxation
        options.sensitivity = SensitivityRequest()
        self.relaxation = options
    }

    /// Rejects options no backend can honour (see ``SolveOptions/check()``), a gap outside
    /// [0, 1) and an integrality tolerance outside (0, 0.5).
    public func check() throws(SolverError) {
        try relaxation.check()
        guard relativeGap >= 0, relativeGap < 1 else {
            throw .invalidOption(problem: "relative MIP gap \(relativeGap) must lie in [0, 1)")
        }
        guard integralityTolerance > 0, integralityTolerance < 0.5 else {
            throw .invalidOption(problem: "integrality tolerance \(integralityTolerance) must lie strictly between 0 and 0.5")
        }
    }
}

/// What a mixed-integer solve returns, in the three axes of ``SolveResult`` (why it stopped,
/// which primal values to trust; there are no duals) plus the MIP's own status and bound.
public struct MIPResult: Sendable {
    public var status: MIPStatus
    /// ``TerminationStatus/optimal``, ``TerminationStatus/infeasible``,
    /// ``TerminationStatus/timeLimit``, ``TerminationStatus/iterationLimit`` or an error.
    public var termination: TerminationStatus
    /// ``ResultStatus/feasiblePoint`` when an integer solution is reported, else
    /// ``ResultStatus/noSolution``.
    public var primalStatus: ResultStatus
    public var raw: RawSolverStatus
    public var sense: ObjectiveSense
    /// Objective value of the integer solution (with the constant); `nil` without one.
    public var objectiveValue: Double?
    /// Optimum of the LP relaxation (integrality dropped): a bound on every integer solution
    /// (from above when maximising, from below when minimising); `nil` when the relaxation was
    /// not solved to optimality.
    public var relaxationBound: Double?
    /// |relaxation bound − objective| / max(|objective|, 1e-9): how far the integer optimum lies
    /// from the LP relaxation (the integrality gap; for ``MIPStatus/feasibleAtLimit`` an upper
    /// bound on the incumbent's distance from optimal). `nil` without both values.
    public var relativeGap: Double? {
        guard let objective = objectiveValue, let bound = relaxationBound else { return nil }
        return abs(bound - objective) / max(abs(objective), 1e-9)
    }
    /// Column values of the integer solution (empty without one).
    public var columnValues: [Double]
    /// Row activities of the integer solution (empty without one).
    public var rowActivities: [Double]
    /// Simplex iterations of the relaxation and the search.
    public var iterations: Int
    public var solveTimeSeconds: Double
    /// The solver's terminal output (never printed by the library).
    public var log: String

    public init(
        status: MIPStatus, termination: TerminationStatus, raw: RawSolverStatus, sense: ObjectiveSense, objectiveValue: Double?,
        relaxationBound: Double?, columnValues: [Double] = [], rowActivities: [Double] = [], iterations: Int = 0,
        solveTimeSeconds: Double = 0, log: String = ""
    ) {
        self.status = status
        self.termination = termination
        self.primalStatus = objectiveValue == nil ? .noSolution : .feasiblePoint
        self.raw = raw
        self.sense = sense
        self.objectiveValue = objectiveValue
        self.relaxationBound = relaxationBound
        self.columnValues = columnValues
        self.rowActivities = rowActivities
        self.iterations = iterations
        self.solveTimeSeconds = solveTimeSeconds
        self.log = log
    }

    /// True when the integer solution is proven optimal.
    public var isOptimal: Bool { status == .optimal && primalStatus == .feasiblePoint }

    /// The integer solution as a ``SolveResult`` without duals (for code that reads primal
    /// values from one, e.g. the N-1 violation check).
    public var primalSolveResult: SolveResult {
        SolveResult(
            termination: termination, primalStatus: primalStatus, dualStatus: .noSolution, raw: raw, sense: sense,
            objectiveValue: objectiveValue, columnValues: columnValues, rowActivities: rowActivities, iterations: iterations,
            solveTimeSeconds: solveTimeSeconds, log: log)
    }
}

/// A backend that solves mixed-integer programs (a ``LinearProgram`` with binary or integer
/// columns) exactly, by branch and bound or branch and cut.
///
/// As for ``LPSolver``, the call throws ``SolverError`` only when the call failed; an
/// infeasible model or a limit is a normal ``MIPResult``.
public protocol MIPSolver: Sendable {
    var backendDescription: String { get }
    func solveMIP(_ program: LinearProgram, options: MIPOptions) throws(SolverError) -> MIPResult
}

extension LPSolver {
    /// The same backend's MIP solver, `nil` when it has none (the default). An allocation that
    /// must decide several indivisible requests at once needs one.
    public var mipSolver: (any MIPSolver)? { self as? any MIPSolver }
}
