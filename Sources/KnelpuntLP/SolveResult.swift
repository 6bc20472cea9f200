// SPDX-License-Identifier: GPL-3.0-or-later

/// Why the solver stopped (MathOptInterface's termination status).
public enum TerminationStatus: String, Sendable, Hashable, Codable {
    /// A proven optimal solution was found.
    case optimal
    /// The model has no feasible point (proven).
    case infeasible
    /// The objective is unbounded (a feasible point exists, proven).
    case unbounded
    /// Infeasible or unbounded; the solver cannot tell which (e.g. no dual feasible point).
    case infeasibleOrUnbounded = "infeasible-or-unbounded"
    /// The iteration limit was reached.
    case iterationLimit = "iteration-limit"
    /// The time limit was reached.
    case timeLimit = "time-limit"
    /// An objective limit was reached.
    case objectiveLimit = "objective-limit"
    /// The solver hit numerical trouble (singular or ill-conditioned basis, instability).
    case numericalError = "numerical-error"
    /// The starting basis or the bounds were rejected.
    case invalidModel = "invalid-model"
    /// The solver failed for another reason.
    case otherError = "other-error"
}

/// Which values can be trusted (MathOptInterface's result status), for the primal or the dual.
public enum ResultStatus: String, Sendable, Hashable, Codable {
    /// No values are available.
    case noSolution = "no-solution"
    /// The values form a feasible point (within the solver's tolerances).
    case feasiblePoint = "feasible-point"
    /// Values exist but are not feasible (e.g. after an iteration limit).
    case infeasiblePoint = "infeasible-point"
    /// The solver reports values whose feasibility it does not know.
    case unknown
}

/// Status of a row or column in a simplex basis.
public enum BasisStatus: String, Sendable, Hashable, Codable {
    case basic
    case atLower = "at-lower"
    case atUpper = "at-upper"
    /// Non-basic free variable (value 0).
    case free
    /// Non-basic fixed variable.
    case fixed
}

/// A simplex basis: the status of every row (auxiliary variable) and column.
public struct LPBasis: Sendable, Hashable {
    public var rowStatus: [BasisStatus]
    public var columnStatus: [BasisStatus]
    public init(rowStatus: [BasisStatus], columnStatus: [BasisStatus]) {
        self.rowStatus = rowStatus
        self.columnStatus = columnStatus
    }
}

/// The backend's own status code and the meaning its manual gives.
public struct RawSolverStatus: Sendable, Hashable {
    /// The routine's return code name, e.g. "0" or "GLP_ETMLIM".
    public var returnCode: String
    /// The solution status name, e.g. "GLP_OPT".
    public var solutionStatus: String
    /// The manual's explanation of both.
    public var message: String
    public init(returnCode: String, solutionStatus: String, message: String) {
        self.returnCode = returnCode
        self.solutionStatus = solutionStatus
        self.message = message
    }
}

/// The range over which an active bound (a row's right-hand side or a column bound) can move
/// while the optimal basis — and so the shadow price — stays the same.
public struct BoundRange: Sendable, Hashable {
    /// The current value of the active bound (or of the activity, for a basic row/column).
    public var current: Double
    /// Lowest value of the bound that keeps the basis (may be `-infinity`).
    public var lowerLimit: Double
    /// Highest value of the bound that keeps the basis (may be `+infinity`).
    public var upperLimit: Double
    /// Objective change per unit increase of the bound inside the range (the dual value).
    public var objectiveRate: Double
    /// True when the row/column is basic: its bound is not active and the rate is zero.
    public var isBasic: Bool
    public init(current: Double, lowerLimit: Double, upperLimit: Double, objectiveRate: Double, isBasic: Bool) {
        self.current = current
        self.lowerLimit = lowerLimit
        self.upperLimit = upperLimit
        self.objectiveRate = objectiveRate
        self.isBasic = isBasic
    }
}

/// Everything a solve returns. Vectors are indexed like the LP's rows and columns; they are
/// empty when ``primalStatus`` (or ``dualStatus`` for duals) is ``ResultStatus/noSolution``.
///
/// ## Sign convention (one, for every sense and row type)
/// - ``rowDuals``\[i\] = ∂objective / ∂(active bound of row i): the change of the objective per
///   unit *increase* of the row's binding side (for an equality row: of its right-hand side).
///   For a nodal balance row this is the nodal price.
/// - ``columnReducedCosts``\[j\] = ∂objective / ∂(active bound of column j), likewise.
/// - ``marginalValue(ofRow:side:)`` / ``marginalValue(ofColumn:side:)``: what one more unit of
///   room on one side is worth — the domain-facing reading of the two vectors above, and the
///   only place that turns a raw dual into a value (see there).
public struct SolveResult: Sendable {
    public var termination: TerminationStatus
    public var primalStatus: ResultStatus
    public var dualStatus: ResultStatus
    public var raw: RawSolverStatus
    public var sense: ObjectiveSense
    /// Objective value including the constant; `nil` without a primal solution.
    public var objectiveValue: Double?
    public var columnValues: [Double]
    public var rowActivities: [Double]
    public var rowDuals: [Double]
    public var columnReducedCosts: [Double]
    /// The final basis (simplex only), reusable as ``SolveOptions/startingBasis``.
    public var basis: LPBasis?
    /// Sensitivity ranges of the requested rows and columns (keyed by index).
    public var rowRanges: [Int: BoundRange]
    public var columnRanges: [Int: BoundRange]
    public var iterations: Int
    public var solveTimeSeconds: Double
    /// True when a starting basis was accepted and used.
    public var warmStarted: Bool
    /// True when the backend re-solved without presolve to obtain duals/basis.
    public var presolveFallback: Bool
    /// The solver's terminal output (never printed by the library).
    public var log: String
    /// How a decomposing solver (``DantzigWolfeSolver``) reached the result; `nil` for a
    /// monolithic solve.
    public var decomposition: DecompositionReport? = nil

    public init(
        termination: TerminationStatus, primalStatus: ResultStatus, dualStatus: ResultStatus,
        raw: RawSolverStatus, sense: ObjectiveSense, objectiveValue: Double?,
        columnValues: [Double] = [], rowActivities: [Double] = [], rowDuals: [Double] = [],
        columnReducedCosts: [Double] = [], basis: LPBasis? = nil,
        rowRanges: [Int: BoundRange] = [:], columnRanges: [Int: BoundRange] = [:],
        iterations: Int = 0, solveTimeSeconds: Double = 0, warmStarted: Bool = false,
        presolveFallback: Bool = false, log: String = ""
    ) {
        self.termination = termination
        self.primalStatus = primalStatus
        self.dualStatus = dualStatus
        self.raw = raw
        self.sense = sense
        self.objectiveValue = objectiveValue
        self.columnValues = columnValues
        self.rowActivities = rowActivities
        self.rowDuals = rowDuals
        self.columnReducedCosts = columnReducedCosts
        self.basis = basis
        self.rowRanges = rowRanges
        self.columnRanges = columnRanges
        self.iterations = iterations
        self.solveTimeSeconds = solveTimeSeconds
        self.warmStarted = warmStarted
        self.presolveFallback = presolveFallback
        self.log = log
    }

    /// The result restricted to the rows i with `keep[i]` (as ``LinearProgram/removeRows(keeping:)``
    /// leaves them): row activities, duals, ranges and basis statuses of the other rows dropped.
    /// The basis stays a basis only if every dropped row was basic.
    public func keepingRows(_ keep: [Bool]) -> SolveResult {
        var result = self
        func kept<T>(_ values: [T]) -> [T] { values.count == keep.count ? values.indices.filter { keep[$0] }.map { values[$0] } : values }
        result.rowActivities = kept(rowActivities)
        result.rowDuals = kept(rowDuals)
        result.basis = basis.map { LPBasis(rowStatus: kept($0.rowStatus), columnStatus: $0.columnStatus) }
        var newIndex = [Int?](repeating: nil, count: keep.count)
        var next = 0
        for (i, isKept) in keep.enumerated() where isKept {
            newIndex[i] = next
            next += 1
        }
        result.rowRanges = [:]
        for (i, range) in rowRanges { if i < keep.count, let j = newIndex[i] { result.rowRanges[j] = range } }
        return result
    }

    /// True when the solve is optimal with a feasible primal point (and, if asked, feasible duals).
    /// Analysis code calls this before it reads values.
    public func isSolvedAndFeasible(requireDual: Bool = false) -> Bool {
        termination == .optimal && primalStatus == .feasiblePoint
            && (!requireDual || dualStatus == .feasiblePoint)
    }

    /// What one more unit of room on `side` of row `row` is worth: the objective's improvement
    /// (its decrease when minimising, its increase when maximising) per unit that side moves
    /// outward — an upper side raised by one, a lower side lowered by one — in objective units
    /// per unit of the row's activity. Always ≥ 0; 0 on a side that does not bind (or where the
    /// optimum is degenerate with a zero dual). For an equality row both sides can be asked:
    /// at most one has a positive value. `nil` when the duals are not a feasible point or the
    /// row does not exist.
    ///
    /// With the raw dual y = ∂objective/∂b (see the type's sign convention):
    ///
    ///     minimising:  upper side max(0, −y),  lower side max(0, y)
    ///     maximising:  upper side max(0, y),   lower side max(0, −y)
    public func marginalValue(ofRow row: Int, side: BoundSide) -> Double? {
        guard dualStatus == .feasiblePoint, rowDuals.indices.contains(row) else { return nil }
        return Self.marginalValue(rowDuals[row], sense: sense, side: side)
    }

    /// What one more unit of room on `side` of column `column`'s bounds is worth, in objective
    /// units per unit of the column (the same reading as ``marginalValue(ofRow:side:)``, from
    /// the column's reduced cost). A capacity that bounds a column on both sides (−cap ≤ x ≤ cap)
    /// is worth the sum of the two sides.
    public func marginalValue(ofColumn column: Int, side: BoundSide) -> Double? {
        guard dualStatus == .feasiblePoint, columnReducedCosts.indices.contains(column) else { return nil }
        return Self.marginalValue(columnReducedCosts[column], sense: sense, side: side)
    }

    private static func marginalValue(_ dual: Double, sense: ObjectiveSense, side: BoundSide) -> Double {
        switch (sense, side) {
        case (.minimize, .upper), (.maximize, .lower): return max(0, -dual)
        case (.minimize, .lower), (.maximize, .upper): return max(0, dual)
        }
    }
}

/// One side of a row or a column's bounds.
public enum BoundSide: String, Sendable, Hashable, CaseIterable {
    /// The lower bound (a `≥` side); relaxing it means lowering it.
    case lower
    /// The upper bound (a `≤` side); relaxing it means raising it.
    case upper
}

extension Duration {
    /// The duration in seconds, for ``SolveResult/solveTimeSeconds``.
    public var inSeconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) * 1e-18
    }
}
