// SPDX-License-Identifier: GPL-3.0-or-later
import CGLPK
import Foundation
import KnelpuntLP

/// GLPK's ``LPSession``: keeps the last LP loaded in one GLPK problem on the thread that made
/// the session. A solve of an LP with the same matrix (rows, columns and coefficients) changes
/// only the bounds, costs and objective sense that differ and keeps the scale factors; any other
/// LP is loaded afresh. GLPK's basis factorisation is dropped before each solve, so the simplex
/// takes the same path as from a fresh load (the same answer, bit for bit). Validation is that of
/// ``GLPKSolver/solve(_:options:)`` (names are checked when the matrix is loaded).
///
/// Not `Sendable`: a GLPK problem must stay on its thread (checked on every use).
public final class GLPKSession: LPSession {
    private var problem: GLPKProblem?
    /// The LP as `problem` holds it now (`nil`: nothing loaded), and whether it was scaled.
    private var loaded: LinearProgram?
    private var loadedScaled = false

    public init() {}

    public func solve(_ lp: LinearProgram, options: SolveOptions) throws(SolverError) -> SolveResult {
        guard options.method != .interior else { return try GLPKSolver().solve(lp, options: options) }
        try GLPKSolver.check(options)
        try options.sensitivity.check(for: lp)
        do {
            return try solveInPlace(lp, options: options)
        } catch {
            // The problem's state is unknown after a failure (after a guarded fatal error GLPK
            // freed it): start the next solve afresh. A starting basis that drove GLPK into a
            // fatal error gets the fresh solver's own recovery (a cold start).
            problem = nil
            loaded = nil
            guard case .solverFatal = error, options.startingBasis != nil else { throw error }
            return try GLPKSolver().solve(lp, options: options)
        }
    }

    private func solveInPlace(_ lp: LinearProgram, options: SolveOptions) throws(SolverError) -> SolveResult {
        let start = ContinuousClock.now
        var current: GLPKProblem
        var scale = true
        if var previous = problem.take(), previous.isAlive, let old = loaded, loadedScaled == options.scaling, Self.sameMatrix(old, lp) {
            loaded = nil
            try lp.validateBoundsAndCosts()
            try previous.update(from: old, to: lp)
            try previous.dropFactorisation()
            current = previous
            scale = false
        } else {
            loaded = nil
            current = GLPKProblem()
            try current.load(lp, setNames: false)
        }
        let result = try GLPKSolver.solveLoaded(&current, lp: lp, options: options, scale: scale, started: start)
        problem = consume current
        loaded = lp
        loadedScaled = options.scaling
        return result
    }

    /// Same dimensions and the same coefficients in the same order (arrays that share storage
    /// compare in constant time).
    static func sameMatrix(_ a: LinearProgram, _ b: LinearProgram) -> Bool {
        a.rowCount == b.rowCount && a.columnCount == b.columnCount && a.entryRows == b.entryRows && a.entryColumns == b.entryColumns
            && a.entryValues == b.entryValues
    }
}
