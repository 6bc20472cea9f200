// SPDX-License-Identifier: GPL-3.0-or-later
import CGLPK
import KnelpuntLP

/// Every return code of `glp_simplex`, `glp_interior` and `glp_intopt`, and every solution status
/// of `glp_get_status` / `glp_ipt_status` / `glp_mip_status`, with the GLPK 5.0 reference
/// manual's meaning and Knelpunt's termination status. This is the only place that interprets
/// GLPK codes.
enum GLPKStatusTable {
    struct ReturnCode {
        let code: Int32
        let name: String
        let meaning: String
        /// The termination when the routine returns this code; `nil` for 0 (then the solution
        /// status decides).
        let termination: TerminationStatus?
    }

    struct SolutionStatus {
        let code: Int32
        let name: String
        let meaning: String
        let termination: TerminationStatus
    }

    static let returnCodes: [ReturnCode] = [
        ReturnCode(
            code: 0, name: "0",
            meaning:
                "the LP problem instance has been successfully solved (this does not necessarily mean an optimum was found; see the solution status)",
            termination: nil),
        ReturnCode(
            code: Int32(GLP_EBADB), name: "GLP_EBADB",
            meaning:
                "unable to start the search, because the initial basis specified in the problem object is invalid: the number of basic variables is not the same as the number of rows",
            termination: .invalidModel),
        ReturnCode(
            code: Int32(GLP_ESING), name: "GLP_ESING",
            meaning:
                "unable to start the search, because the basis matrix corresponding to the initial basis is singular within the working precision",
            termination: .numericalError),
        ReturnCode(
            code: Int32(GLP_ECOND), name: "GLP_ECOND",
            meaning:
                "unable to start the search, because the basis matrix corresponding to the initial basis is ill-conditioned, i.e. its condition number is too large",
            termination: .numericalError),
        ReturnCode(
            code: Int32(GLP_EBOUND), name: "GLP_EBOUND",
            meaning:
                "unable to start the search, because some double-bounded variables have incorrect bounds (or, for glp_intopt, some integer variables have non-integer bounds)",
            termination: .invalidModel),
        ReturnCode(
            code: Int32(GLP_EFAIL), name: "GLP_EFAIL",
            meaning: "the search was prematurely terminated due to the solver failure (for glp_interior: the problem has no rows/columns)",
            termination: .numericalError),
        ReturnCode(
            code: Int32(GLP_EOBJLL), name: "GLP_EOBJLL",
            meaning:
                "the search was prematurely terminated, because the objective function being maximized has reached its lower limit and continues decreasing (dual simplex only)",
            termination: .objectiveLimit),
        ReturnCode(
            code: Int32(GLP_EOBJUL), name: "GLP_EOBJUL",
            meaning:
                "the search was prematurely terminated, because the objective function being minimized has reached its upper limit and continues increasing (dual simplex only)",
            termination: .objectiveLimit),
        ReturnCode(
            code: Int32(GLP_EITLIM), name: "GLP_EITLIM",
            meaning: "the search was prematurely terminated, because the simplex iteration limit has been exceeded", termination: .iterationLimit),
        ReturnCode(
            code: Int32(GLP_ETMLIM), name: "GLP_ETMLIM", meaning: "the search was prematurely terminated, because the time limit has been exceeded",
            termination: .timeLimit),
        ReturnCode(
            code: Int32(GLP_ENOPFS), name: "GLP_ENOPFS",
            meaning: "the LP problem instance has no primal feasible solution (only if the LP presolver is used)", termination: .infeasible),
        ReturnCode(
            code: Int32(GLP_ENODFS), name: "GLP_ENODFS",
            meaning: "the LP problem instance has no dual feasible solution (only if the LP presolver is used)", termination: .infeasibleOrUnbounded),
        ReturnCode(
            code: Int32(GLP_EROOT), name: "GLP_EROOT",
            meaning: "unable to start the search, because optimal basis for initial LP relaxation is not provided (glp_intopt without presolver)",
            termination: .invalidModel),
        ReturnCode(
            code: Int32(GLP_ESTOP), name: "GLP_ESTOP", meaning: "the search was prematurely terminated by application (glp_intopt callback)",
            termination: .otherError),
        ReturnCode(
            code: Int32(GLP_EMIPGAP), name: "GLP_EMIPGAP",
            meaning: "the search was prematurely terminated, because the relative mip gap tolerance has been reached", termination: .optimal),
        ReturnCode(
            code: Int32(GLP_ENOFEAS), name: "GLP_ENOFEAS", meaning: "the problem has no feasible (primal or dual) solution (glp_interior)",
            termination: .infeasibleOrUnbounded),
        ReturnCode(
            code: Int32(GLP_ENOCVG), name: "GLP_ENOCVG", meaning: "very slow convergence or divergence (glp_interior)", termination: .numericalError),
        ReturnCode(
            code: Int32(GLP_EINSTAB), name: "GLP_EINSTAB", meaning: "numerical instability on solving Newtonian system (glp_interior)",
            termination: .numericalError),
        ReturnCode(code: Int32(GLP_EDATA), name: "GLP_EDATA", meaning: "invalid data", termination: .invalidModel),
        ReturnCode(code: Int32(GLP_ERANGE), name: "GLP_ERANGE", meaning: "result out of range", termination: .numericalError),
    ]

    static let solutionStatuses: [SolutionStatus] = [
        SolutionStatus(code: Int32(GLP_OPT), name: "GLP_OPT", meaning: "solution is optimal", termination: .optimal),
        SolutionStatus(code: Int32(GLP_FEAS), name: "GLP_FEAS", meaning: "solution is feasible (but not proven optimal)", termination: .otherError),
        SolutionStatus(code: Int32(GLP_INFEAS), name: "GLP_INFEAS", meaning: "solution is infeasible", termination: .otherError),
        SolutionStatus(code: Int32(GLP_NOFEAS), name: "GLP_NOFEAS", meaning: "problem has no feasible solution", termination: .infeasible),
        SolutionStatus(code: Int32(GLP_UNBND), name: "GLP_UNBND", meaning: "problem has unbounded solution", termination: .unbounded),
        SolutionStatus(code: Int32(GLP_UNDEF), name: "GLP_UNDEF", meaning: "solution is undefined", termination: .otherError),
    ]

    static func returnCode(_ code: Int32) -> ReturnCode {
        returnCodes.first { $0.code == code }
            ?? ReturnCode(code: code, name: "\(code)", meaning: "return code not documented in GLPK 5.0", termination: .otherError)
    }

    static func solutionStatus(_ code: Int32) -> SolutionStatus {
        solutionStatuses.first { $0.code == code }
            ?? SolutionStatus(code: code, name: "\(code)", meaning: "status not documented in GLPK 5.0", termination: .otherError)
    }

    /// Primal or dual status from `glp_get_prim_stat` / `glp_get_dual_stat`.
    static func resultStatus(_ code: Int32) -> ResultStatus {
        switch code {
        case Int32(GLP_FEAS): return .feasiblePoint
        case Int32(GLP_INFEAS): return .infeasiblePoint
        case Int32(GLP_NOFEAS): return .infeasiblePoint
        default: return .noSolution // GLP_UNDEF
        }
    }

    /// Combines a routine's return code and the solution status into Knelpunt's termination.
    static func termination(returnCode: Int32, solutionStatus: Int32) -> (TerminationStatus, RawSolverStatus) {
        let routine = self.returnCode(returnCode)
        let solution = self.solutionStatus(solutionStatus)
        let termination = routine.termination ?? solution.termination
        let raw = RawSolverStatus(
            returnCode: routine.name, solutionStatus: solution.name,
            message: "\(routine.name): \(routine.meaning); \(solution.name): \(solution.meaning)")
        return (termination, raw)
    }
}
