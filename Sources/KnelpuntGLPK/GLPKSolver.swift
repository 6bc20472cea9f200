// SPDX-License-Identifier: GPL-3.0-or-later
import CGLPK
import CGLPKShim
import Foundation
import KnelpuntLP

/// The GLPK backend of ``LPSolver``.
///
/// Each call creates, solves, reads and frees its own GLPK problem on the calling thread, so
/// independent solves may run in parallel threads (GLPK's environment is thread-local).
public struct GLPKSolver: LPSolver {
    public init() {}

    /// The linked library's version, from `glp_version()`.
    public static var version: String { String(cString: glp_version()) }

    public var backendDescription: String { "GLPK \(Self.version)" }

    /// ``LinearProgram/validate()`` and GLPK's own limits (sizes, names), as a solve checks them.
    public func check(_ lp: LinearProgram) throws(SolverError) {
        try lp.validate()
        try GLPKProblem.checkGLPKLimits(lp, setNames: false)
    }

    public func solve(_ lp: LinearProgram, options: SolveOptions) throws(SolverError) -> SolveResult {
        try Self.check(options)
        // Check the sensitivity request up front, so a bad index is rejected whatever the outcome
        // of the solve (the ranges themselves are only computed for an optimal simplex result).
        try options.sensitivity.check(for: lp)
        do {
            return try solveOnce(lp, options: options)
        } catch {
            // A starting basis can drive GLPK's factorisation into an internal assertion (seen
            // with a singular basis of another LP with the same dimensions). The guard turned it
            // into an error and reset the environment; a cold start is still possible.
            guard case .solverFatal(let message) = error, options.startingBasis != nil else { throw error }
            var cold = options
            cold.startingBasis = nil
            var result = try solveOnce(lp, options: cold)
            result.log = "starting basis rejected by GLPK (\(message)); solved from a cold start\n" + result.log
            return result
        }
    }

    /// A ``GLPKSession``: the stages of a rule reuse one loaded GLPK problem.
    public func makeSession() -> (any LPSession)? { GLPKSession() }

    private func solveOnce(_ lp: LinearProgram, options: SolveOptions) throws(SolverError) -> SolveResult {
        let start = ContinuousClock.now
        var problem = GLPKProblem()
        // Names only matter for LP/MPS files: leave them out of solves (faster loading).
        try problem.load(lp, setNames: false)
        return try Self.solveLoaded(&problem, lp: lp, options: options, scale: true, started: start)
    }

    /// Solves `lp`, already in `problem`, from the options' starting basis (else GLPK's
    /// advanced basis); `scale`: scale the problem first (false when it is scaled already).
    static func solveLoaded(
        _ problem: inout GLPKProblem, lp: LinearProgram, options: SolveOptions, scale: Bool, started start: ContinuousClock.Instant
    )
        throws(SolverError) -> SolveResult
    {
        var warmStarted = false
        if let basis = options.startingBasis, options.method != .interior {
            warmStarted = try problem.setBasis(basis)
        }
        var result: SolveResult
        if options.method == .interior {
            result = try Self.runInterior(&problem, lp: lp, options: options)
        } else {
            result = try Self.runSimplex(
                &problem, lp: lp, options: options, presolve: options.presolve && !warmStarted, warmStarted: warmStarted, scale: scale)
            if options.method == .dualThenPrimal, result.termination == .infeasibleOrUnbounded {
                // GLP_DUALP switches to the primal simplex only when the dual one fails; when the
                // dual simplex ends without a dual feasible basis it returns 0 with status
                // GLP_INFEAS (infeasible or unbounded). The primal simplex from there tells which.
                var primalOptions = options
                primalOptions.method = .primal
                var again = try Self.runSimplex(&problem, lp: lp, options: primalOptions, presolve: false, warmStarted: true, scale: scale)
                again.iterations += result.iterations
                again.warmStarted = result.warmStarted
                again.log = result.log + again.log
                result = again
            }
            if options.presolve, !warmStarted, result.basis == nil || result.dualStatus == .noSolution {
                // GLPK's presolver gives no basis and no duals when it proves the model
                // infeasible (GLP_ENOPFS/GLP_ENODFS): solve again without it.
                var again = try Self.runSimplex(&problem, lp: lp, options: options, presolve: false, warmStarted: false, scale: scale)
                again.iterations += result.iterations
                again.presolveFallback = true
                again.log = result.log + again.log
                result = again
            }
            if !options.sensitivity.isEmpty, result.termination == .optimal, result.basis != nil {
                try Self.analyse(&problem, request: options.sensitivity, result: &result)
            }
        }
        result.solveTimeSeconds = (ContinuousClock.now - start).inSeconds
        if !options.captureLog { result.log = "" }
        return result
    }

    static func check(_ options: SolveOptions) throws(SolverError) {
        try options.check()
        if let basis = options.startingBasis, basis.rowStatus.isEmpty, basis.columnStatus.isEmpty {
            return
        }
    }

    // MARK: - Simplex

    static func runSimplex(
        _ problem: inout GLPKProblem, lp: LinearProgram, options: SolveOptions, presolve: Bool, warmStarted: Bool, scale: Bool = true
    ) throws(SolverError) -> SolveResult {
        var parameters = glp_smcp()
        glp_init_smcp(&parameters)
        parameters.msg_lev = GLP_MSG_ERR
        switch options.method {
        case .primal: parameters.meth = GLP_PRIMAL
        case .dual: parameters.meth = GLP_DUAL
        case .dualThenPrimal, .interior, .exact: parameters.meth = GLP_DUALP
        }
        parameters.r_test = GLP_RT_FLIP
        parameters.tol_bnd = options.primalFeasibilityTolerance
        parameters.tol_dj = options.dualFeasibilityTolerance
        parameters.presolve = presolve ? GLP_ON : GLP_OFF
        if let limit = options.timeLimitSeconds { parameters.tm_lim = Int32(limit * 1000) }
        if let limit = options.iterationLimit { parameters.it_lim = Int32(limit) }
        let startIterations = try problem.withHandle { handle throws(SolverError) in glp_get_it_cnt(handle) }

        var returnCode: Int32 = 0
        var basisUsed = warmStarted
        try problem.withHandle { handle throws(SolverError) in
            if options.scaling, scale, lp.rowCount > 0, lp.columnCount > 0 { try GLPKScaleCache.current.scale(handle, lp: lp) }
            if !warmStarted, lp.rowCount > 0, lp.columnCount > 0, kn_adv_basis(handle) != KN_OK {
                throw .solverFatal(message: GLPKProblem.fatalMessage())
            }
            // Exact from a given basis skips the floating-point simplex.
            let floating = !(options.method == .exact && warmStarted)
            if floating, kn_simplex(handle, &parameters, &returnCode) != KN_OK {
                throw .solverFatal(message: GLPKProblem.fatalMessage())
            }
            if floating, warmStarted, [GLP_EBADB, GLP_ESING, GLP_ECOND].contains(returnCode) {
                // The starting basis did not factorise: start cold (and do not report a warm start).
                basisUsed = false
                if kn_adv_basis(handle) != KN_OK { throw .solverFatal(message: GLPKProblem.fatalMessage()) }
                if kn_simplex(handle, &parameters, &returnCode) != KN_OK {
                    throw .solverFatal(message: GLPKProblem.fatalMessage())
                }
            }
            if options.method == .exact, lp.rowCount > 0, lp.columnCount > 0 {
                // From the starting basis, else from the floating-point simplex's last basis
                // whatever its verdict; a basis that does not factorise exactly is replaced by
                // GLPK's advanced basis once.
                if kn_exact(handle, &parameters, &returnCode) != KN_OK { throw .solverFatal(message: GLPKProblem.fatalMessage()) }
                if [GLP_EBADB, GLP_ESING].contains(returnCode) {
                    if kn_adv_basis(handle) != KN_OK { throw .solverFatal(message: GLPKProblem.fatalMessage()) }
                    if kn_exact(handle, &parameters, &returnCode) != KN_OK { throw .solverFatal(message: GLPKProblem.fatalMessage()) }
                }
            }
        }
        return try problem.withHandle { handle throws(SolverError) in
            var (termination, raw) = GLPKStatusTable.termination(returnCode: returnCode, solutionStatus: glp_get_status(handle))
            var primal = GLPKStatusTable.resultStatus(glp_get_prim_stat(handle))
            var dual = GLPKStatusTable.resultStatus(glp_get_dual_stat(handle))
            // Solved (return 0) with neither an optimum nor a proof of either kind, but no dual
            // feasible point exists: the LP is infeasible or unbounded.
            if returnCode == 0, termination == .otherError, glp_get_dual_stat(handle) == GLP_NOFEAS { termination = .infeasibleOrUnbounded }
            // After presolve failures GLPK leaves the solution undefined.
            if presolve, returnCode == GLP_ENOPFS || returnCode == GLP_ENODFS {
                primal = .noSolution
                dual = .noSolution
            }
            var result = SolveResult(
                termination: termination, primalStatus: primal, dualStatus: dual, raw: raw, sense: lp.sense,
                objectiveValue: primal == .noSolution ? nil : glp_get_obj_val(handle),
                iterations: Int(glp_get_it_cnt(handle) - startIterations), warmStarted: basisUsed,
                log: takeLog())
            if primal != .noSolution {
                result.columnValues = (0..<lp.columnCount).map { glp_get_col_prim(handle, Int32($0 + 1)) }
                result.rowActivities = (0..<lp.rowCount).map { glp_get_row_prim(handle, Int32($0 + 1)) }
            }
            if dual != .noSolution {
                result.rowDuals = (0..<lp.rowCount).map { glp_get_row_dual(handle, Int32($0 + 1)) }
                result.columnReducedCosts = (0..<lp.columnCount).map { glp_get_col_dual(handle, Int32($0 + 1)) }
            }
            let hasBasis = !(presolve && returnCode != 0) && glp_get_status(handle) != GLP_UNDEF
            if hasBasis { result.basis = try problem.basis() }
            return result
        }
    }

    // MARK: - Interior point

    static func runInterior(_ problem: inout GLPKProblem, lp: LinearProgram, options: SolveOptions) throws(SolverError) -> SolveResult {
        var parameters = glp_iptcp()
        glp_init_iptcp(&parameters)
        parameters.msg_lev = GLP_MSG_ERR
        var returnCode: Int32 = 0
        return try problem.withHandle { handle throws(SolverError) in
            if lp.rowCount == 0 || lp.columnCount == 0 {
                throw .invalidModel(problem: "the interior-point method needs at least one row and one column; use a simplex method")
            }
            if kn_interior(handle, &parameters, &returnCode) != KN_OK {
                throw .solverFatal(message: GLPKProblem.fatalMessage())
            }
            let status = glp_ipt_status(handle)
            let (termination, raw) = GLPKStatusTable.termination(returnCode: returnCode, solutionStatus: status)
            let optimal = returnCode == 0 && status == GLP_OPT
            var result = SolveResult(
                termination: termination, primalStatus: optimal ? .feasiblePoint : .noSolution,
                dualStatus: optimal ? .feasiblePoint : .noSolution, raw: raw, sense: lp.sense,
                objectiveValue: optimal ? glp_ipt_obj_val(handle) : nil, log: takeLog())
            if optimal {
                result.columnValues = (0..<lp.columnCount).map { glp_ipt_col_prim(handle, Int32($0 + 1)) }
                result.rowActivities = (0..<lp.rowCount).map { glp_ipt_row_prim(handle, Int32($0 + 1)) }
                result.rowDuals = (0..<lp.rowCount).map { glp_ipt_row_dual(handle, Int32($0 + 1)) }
                result.columnReducedCosts = (0..<lp.columnCount).map { glp_ipt_col_dual(handle, Int32($0 + 1)) }
            }
            return result
        }
    }

    static func takeLog() -> String {
        guard let text = kn_capture_take() else { return "" }
        defer { free(text) }
        return String(cString: text)
    }

    // MARK: - Sensitivity

    /// Ranges of the active bounds of the requested rows and columns (`glp_analyze_bound`).
    static func analyse(_ problem: inout GLPKProblem, request: SensitivityRequest, result: inout SolveResult) throws(SolverError) {
        let rowCount = problem.rowCount
        let columnCount = problem.columnCount
        try problem.withHandle { handle throws(SolverError) in
            guard glp_bf_exists(handle) != 0 else { return }
            for row in request.rows where abs(result.rowDuals[row]) > request.minimumDualMagnitude || request.minimumDualMagnitude == 0 {
                guard row >= 0, row < rowCount else {
                    throw .invalidOption(problem: "sensitivity requested for row \(row), but the model has \(rowCount) rows")
                }
                result.rowRanges[row] = try range(
                    handle, k: Int32(row + 1), isBasic: glp_get_row_stat(handle, Int32(row + 1)) == GLP_BS,
                    activity: result.rowActivities[row], dual: result.rowDuals[row])
            }
            for column in request.columns
            where abs(result.columnReducedCosts[column]) > request.minimumDualMagnitude || request.minimumDualMagnitude == 0 {
                guard column >= 0, column < columnCount else {
                    throw .invalidOption(problem: "sensitivity requested for column \(column), but the model has \(columnCount) columns")
                }
                result.columnRanges[column] = try range(
                    handle, k: Int32(rowCount + column + 1), isBasic: glp_get_col_stat(handle, Int32(column + 1)) == GLP_BS,
                    activity: result.columnValues[column], dual: result.columnReducedCosts[column])
            }
        }
    }

    private static func range(_ handle: OpaquePointer, k: Int32, isBasic: Bool, activity: Double, dual: Double) throws(SolverError) -> BoundRange {
        guard !isBasic else {
            // A basic variable's bounds are inactive: the rate stays 0 until a bound reaches the
            // current value.
            return BoundRange(current: activity, lowerLimit: -.infinity, upperLimit: .infinity, objectiveRate: 0, isBasic: true)
        }
        var value1 = 0.0
        var value2 = 0.0
        var variable1: Int32 = 0
        var variable2: Int32 = 0
        if kn_analyze_bound(handle, k, &value1, &variable1, &value2, &variable2) != KN_OK {
            throw .solverFatal(message: GLPKProblem.fatalMessage())
        }
        let huge = Double.greatestFiniteMagnitude
        return BoundRange(
            current: activity,
            lowerLimit: value1 <= -huge ? -.infinity : value1,
            upperLimit: value2 >= huge ? .infinity : value2,
            objectiveRate: dual, isBasic: false)
    }
}
