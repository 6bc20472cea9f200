// SPDX-License-Identifier: GPL-3.0-or-later
import CGLPK
import CGLPKShim
import Foundation
import KnelpuntLP

extension GLPKSolver: MIPSolver {
    /// Solves a mixed-integer program exactly with GLPK's branch and cut (`glp_intopt`): loads
    /// it (validated), marks the binary and integer columns (`glp_set_col_kind`, GLP_IV for both:
    /// a binary keeps its validated bounds, which may fix it), solves the LP relaxation by the
    /// simplex method, from ``SolveOptions/startingBasis`` when given (its optimum is
    /// ``MIPResult/relaxationBound``), then runs the search from
    /// that optimal basis with GLPK's MIP presolver off (`glp_intopt` needs the basis then),
    /// `mip_gap` = ``MIPOptions/relativeGap`` (0: proven optimal) and the time left of
    /// ``SolveOptions/timeLimitSeconds``. Reads `glp_mip_status`, `glp_mip_obj_val`,
    /// and `glp_mip_col_val` (objective and row activities recomputed from the rounded columns).
    public func solveMIP(_ program: LinearProgram, options: MIPOptions) throws(SolverError) -> MIPResult {
        try options.check()
        let start = ContinuousClock.now
        var problem = GLPKProblem()
        try problem.load(program, setNames: false)
        try problem.setColumnKinds(program)
        // The relaxation from the options' starting basis when it fits (runSimplex falls back to
        // a cold start when it does not factorise).
        let warm = try options.relaxation.startingBasis.map { basis throws(SolverError) in try problem.setBasis(basis) } ?? false
        let relaxation = try Self.runSimplex(&problem, lp: program, options: options.relaxation, presolve: false, warmStarted: warm)
        var result: MIPResult
        if relaxation.termination != .optimal {
            result = Self.unsolvedRelaxation(relaxation, program: program)
        } else {
            let elapsed = (ContinuousClock.now - start).inSeconds
            result = try Self.branchAndCut(
                &problem, program: program, options: options, remainingSeconds: options.relaxation.timeLimitSeconds.map { max(0, $0 - elapsed) },
                relaxation: relaxation)
        }
        result.solveTimeSeconds = (ContinuousClock.now - start).inSeconds
        if !options.relaxation.captureLog { result.log = "" }
        return result
    }

    /// The result when the relaxation has no optimum: infeasible (so is the MIP), or stopped.
    private static func unsolvedRelaxation(_ relaxation: SolveResult, program: LinearProgram) -> MIPResult {
        let status: MIPStatus = relaxation.termination == .infeasible ? .infeasible : .noIntegerSolutionFound
        return MIPResult(
            status: status, termination: relaxation.termination,
            raw: RawSolverStatus(
                returnCode: relaxation.raw.returnCode, solutionStatus: relaxation.raw.solutionStatus,
                message: "LP relaxation: \(relaxation.raw.message)"),
            sense: program.sense, objectiveValue: nil, relaxationBound: nil, iterations: relaxation.iterations, log: relaxation.log)
    }

    private static func branchAndCut(
        _ problem: inout GLPKProblem, program: LinearProgram, options: MIPOptions, remainingSeconds: Double?, relaxation: SolveResult
    ) throws(SolverError) -> MIPResult {
        var parameters = glp_iocp()
        glp_init_iocp(&parameters)
        parameters.msg_lev = GLP_MSG_ERR
        parameters.presolve = GLP_OFF
        parameters.mip_gap = options.relativeGap
        parameters.tol_int = options.integralityTolerance
        parameters.tol_obj = 1e-7
        // Checked by MIPOptions.check: the limit fits GLPK's int milliseconds.
        if let seconds = remainingSeconds { parameters.tm_lim = Int32(min(Double(Int32.max - 1), seconds * 1000)) }
        var returnCode: Int32 = 0
        return try problem.withHandle { handle throws(SolverError) in
            let before = glp_get_it_cnt(handle)
            if kn_intopt(handle, &parameters, &returnCode) != KN_OK {
                throw .solverFatal(message: GLPKProblem.fatalMessage())
            }
            let mipStatus = glp_mip_status(handle)
            let (routineTermination, raw) = GLPKStatusTable.termination(returnCode: returnCode, solutionStatus: mipStatus)
            let status: MIPStatus
            let termination: TerminationStatus
            switch (returnCode, mipStatus) {
            case (0, GLP_OPT), (GLP_EMIPGAP, GLP_FEAS), (GLP_EMIPGAP, GLP_OPT):
                (status, termination) = (.optimal, .optimal)
            case (_, GLP_NOFEAS):
                (status, termination) = (.infeasible, .infeasible)
            case (_, GLP_FEAS), (_, GLP_OPT):
                (status, termination) = (.feasibleAtLimit, routineTermination == .optimal ? .otherError : routineTermination)
            default:
                (status, termination) = (.noIntegerSolutionFound, routineTermination == .optimal ? .otherError : routineTermination)
            }
            let hasSolution = status == .optimal || status == .feasibleAtLimit
            var result = MIPResult(
                status: status, termination: termination, raw: raw, sense: program.sense,
                objectiveValue: hasSolution ? glp_mip_obj_val(handle) : nil, relaxationBound: relaxation.objectiveValue,
                iterations: relaxation.iterations + Int(glp_get_it_cnt(handle) - before), log: relaxation.log + takeLog())
            if hasSolution {
                // GLPK rounds the integer columns of the node LP's solution (glp_mip_col_val) but
                // keeps that LP's unrounded objective and row values: recompute both from the
                // rounded columns, so the three agree.
                result.columnValues = (0..<program.columnCount).map { glp_mip_col_val(handle, Int32($0 + 1)) }
                result.rowActivities = program.rowActivities(of: result.columnValues)
                result.objectiveValue = program.objectiveValue(of: result.columnValues)
            }
            return result
        }
    }
}

extension GLPKProblem {
    /// Marks the binary and integer columns of `program` (loaded into this problem) as GLPK
    /// integer columns; the kinds were validated with the model (bounds within [0, 1] for a
    /// binary, integral bounds). GLP_BV is not used: it would reset a binary's bounds to [0, 1].
    mutating func setColumnKinds(_ program: LinearProgram) throws(SolverError) {
        let count = columnCount
        guard program.columnCount == count else {
            throw .invalidModel(problem: "the model has \(program.columnCount) columns, the loaded GLPK problem \(count)")
        }
        try withHandle { handle throws(SolverError) in
            for (j, column) in program.columns.enumerated() where column.kind != .continuous {
                glp_set_col_kind(handle, Int32(j + 1), GLP_IV)
            }
        }
    }
}
