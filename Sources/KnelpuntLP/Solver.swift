// SPDX-License-Identifier: GPL-3.0-or-later

/// A backend that solves a ``LinearProgram``.
///
/// The call throws ``SolverError`` only when the *call* failed (the model is invalid, or the
/// solver's environment broke). An infeasible or unbounded model is a normal result: read
/// ``SolveResult/termination`` and the primal/dual statuses.
public protocol LPSolver: Sendable {
    /// Name and version of the backend, e.g. "GLPK 5.0".
    var backendDescription: String { get }
    func solve(_ lp: LinearProgram, options: SolveOptions) throws(SolverError) -> SolveResult
    /// Throws the ``SolverError/invalidModel(problem:)`` that ``solve(_:options:)`` would throw
    /// for `lp`, without solving. The default checks ``LinearProgram/validate()``; a backend
    /// with limits of its own (GLPK's names) adds them.
    func check(_ lp: LinearProgram) throws(SolverError)
    /// A session that keeps the last LP loaded between solves on the calling thread, or `nil`
    /// when the backend has none (the default). See ``LPSession``.
    func makeSession() -> (any LPSession)?
}

/// Solves a sequence of LPs that differ only in bounds, costs and objective sense (the stages
/// of an allocation rule) on one thread: the backend keeps the last LP loaded and changes only
/// what differs, and reloads when the matrix changed. Each solve gives what
/// ``LPSolver/solve(_:options:)`` would give for the same LP and options. Use and release it on the thread that made it.
public protocol LPSession: AnyObject {
    func solve(_ lp: LinearProgram, options: SolveOptions) throws(SolverError) -> SolveResult
}

extension LPSolver {
    public func check(_ lp: LinearProgram) throws(SolverError) {
        try lp.validate()
    }

    public func makeSession() -> (any LPSession)? { nil }

    public func solve(_ lp: LinearProgram) throws(SolverError) -> SolveResult {
        try solve(lp, options: SolveOptions())
    }
}

/// Simplex or interior-point method.
public enum SolveMethod: String, Sendable, Hashable, CaseIterable, Codable {
    /// Primal simplex.
    case primal
    /// Dual simplex only.
    case dual
    /// Dual simplex, falling back to primal when the dual fails (GLPK's GLP_DUALP; the default).
    case dualThenPrimal = "dual-then-primal"
    /// Interior point (no basis, no sensitivity ranges).
    case interior
    /// The simplex in exact rational arithmetic (GLPK's `glp_exact`), started from the basis the
    /// floating-point simplex ends with (or the starting basis): exact, but orders of magnitude
    /// slower; for small LPs that the floating-point simplex mis-solves, such as a nearly
    /// degenerate decomposition master called infeasible. Tolerances do not apply.
    case exact
}

/// Options of one solve. Tolerances are explicit and recorded in run manifests.
public struct SolveOptions: Sendable, Hashable {
    public var method: SolveMethod = .dualThenPrimal
    /// Use the solver's LP presolver. When the result then lacks duals or a basis (GLPK gives
    /// neither after a presolve that finds the model infeasible), the backend re-solves without
    /// presolve and records it in ``SolveResult/presolveFallback``.
    public var presolve: Bool = false
    /// Wall-clock limit in seconds; `nil` means none.
    public var timeLimitSeconds: Double? = nil
    /// Simplex iteration limit; `nil` means none.
    public var iterationLimit: Int? = nil
    /// Primal feasibility tolerance (GLPK `tol_bnd`).
    public var primalFeasibilityTolerance: Double = 1e-7
    /// Dual feasibility tolerance (GLPK `tol_dj`).
    public var dualFeasibilityTolerance: Double = 1e-7
    /// Scale the model before solving.
    public var scaling: Bool = true
    /// Start from this basis (from an earlier solve of a model with the same columns and at most
    /// as many rows; rows added since then start basic). Invalid bases fall back to a cold start.
    public var startingBasis: LPBasis? = nil
    /// Rows and columns whose bound sensitivity ranges to compute after an optimal simplex solve.
    public var sensitivity: SensitivityRequest = SensitivityRequest()
    /// Keep the solver's terminal output in ``SolveResult/log``.
    public var captureLog: Bool = true

    public init() {}
}

/// Which rows and columns to analyse (0-based indices into the LP).
public struct SensitivityRequest: Sendable, Hashable {
    public var rows: [Int]
    public var columns: [Int]
    /// Only analyse a row or column whose dual (reduced cost) exceeds this magnitude; the others
    /// are reported with rate 0 and no range. 0 analyses every requested one.
    public var minimumDualMagnitude: Double
    public init(rows: [Int] = [], columns: [Int] = [], minimumDualMagnitude: Double = 0) {
        self.rows = rows
        self.columns = columns
        self.minimumDualMagnitude = minimumDualMagnitude
    }
    public var isEmpty: Bool { rows.isEmpty && columns.isEmpty }

    /// Throws ``SolverError/invalidOption(problem:)`` naming the first row or column index that
    /// `lp` does not have. Backends check this before solving, whatever the outcome.
    public func check(for lp: LinearProgram) throws(SolverError) {
        if let row = rows.first(where: { !(0..<lp.rowCount).contains($0) }) {
            throw .invalidOption(problem: "sensitivity requested for row \(row), but the model has \(lp.rowCount) rows")
        }
        if let column = columns.first(where: { !(0..<lp.columnCount).contains($0) }) {
            throw .invalidOption(problem: "sensitivity requested for column \(column), but the model has \(lp.columnCount) columns")
        }
    }
}

/// Why a solve call failed (the call itself, not the model's status).
public enum SolverError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The model cannot be given to the solver; `problem` names the offending row/column/value.
    case invalidModel(problem: String)
    /// An option is out of range.
    case invalidOption(problem: String)
    /// The solver raised a fatal error (a bug: inputs are validated first). Its environment on
    /// this thread was reset.
    case solverFatal(message: String)
    /// A file could not be read or written.
    case fileError(path: String, problem: String)

    public var description: String {
        switch self {
        case .invalidModel(let problem):
            return "invalid model: \(problem)"
        case .invalidOption(let problem):
            return "invalid solver option: \(problem)"
        case .solverFatal(let message):
            return "the LP solver stopped with a fatal error (please report this as a bug): \(message)"
        case .fileError(let path, let problem):
            return "\(path): \(problem)"
        }
    }
}

extension SolveOptions {
    /// Rejects options no backend can honour: tolerances outside (0, 1), negative or non-finite
    /// limits, and limits beyond what fits a 32-bit millisecond or iteration count (GLPK's).
    public func check() throws(SolverError) {
        for (name, value) in [
            ("primal feasibility tolerance", primalFeasibilityTolerance),
            ("dual feasibility tolerance", dualFeasibilityTolerance),
        ] {
            guard value > 0, value < 1 else {
                throw .invalidOption(problem: "\(name) is \(value); it must lie strictly between 0 and 1")
            }
        }
        if let limit = timeLimitSeconds {
            guard limit.isFinite, limit >= 0, limit * 1000 < Double(Int32.max) else {
                throw .invalidOption(problem: "time limit \(limit) s must be between 0 and \(Int32.max / 1000) s")
            }
        }
        if let limit = iterationLimit {
            guard limit >= 0, limit <= Int(Int32.max) else {
                throw .invalidOption(problem: "iteration limit \(limit) must be between 0 and \(Int32.max)")
            }
        }
    }
}
