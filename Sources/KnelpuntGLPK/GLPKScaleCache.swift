// SPDX-License-Identifier: GPL-3.0-or-later
import CGLPK
import CGLPKShim
import Foundation
import KnelpuntLP

/// The scale factors GLPK chose for the last matrix scaled on this thread.
///
/// `glp_scale_prob` derives the row factors r_i and column factors s_j from the constraint
/// matrix alone (geometric mean and equilibration passes over |a_ij|, rounded to powers of 2),
/// never from bounds or costs. The stages of an allocation rule change only bounds and costs, so
/// a stage whose matrix equals the last one scaled sets the same factors with `glp_set_rii` /
/// `glp_set_sjj` instead of scaling again: the scaled LP, and so the simplex path, is identical.
/// Per thread, like GLPK's environment; one entry (the matrix compare is by value, with Swift's
/// fast path for arrays sharing storage).
final class GLPKScaleCache {
    private var entryRows: [Int32] = []
    private var entryColumns: [Int32] = []
    private var entryValues: [Double] = []
    private var rowCount = -1
    private var columnCount = -1
    private var rowFactors: [Double] = []
    private var columnFactors: [Double] = []

    private static let key = "knelpunt.glpk.scale-factors"

    /// This thread's cache.
    static var current: GLPKScaleCache {
        let dictionary = Thread.current.threadDictionary
        if let cache = dictionary[key] as? GLPKScaleCache { return cache }
        let cache = GLPKScaleCache()
        dictionary[key] = cache
        return cache
    }

    /// Scales the problem loaded from `lp` as `glp_scale_prob(P, GLP_SF_AUTO)` would.
    func scale(_ handle: OpaquePointer, lp: LinearProgram) throws(SolverError) {
        if lp.rowCount == rowCount, lp.columnCount == columnCount, lp.entryRows == entryRows, lp.entryColumns == entryColumns,
            lp.entryValues == entryValues
        {
            for (i, factor) in rowFactors.enumerated() where factor != 1 { glp_set_rii(handle, Int32(i + 1), factor) }
            for (j, factor) in columnFactors.enumerated() where factor != 1 { glp_set_sjj(handle, Int32(j + 1), factor) }
            return
        }
        if kn_scale_prob(handle, GLP_SF_AUTO) != KN_OK { throw .solverFatal(message: GLPKProblem.fatalMessage()) }
        rowCount = lp.rowCount
        columnCount = lp.columnCount
        entryRows = lp.entryRows
        entryColumns = lp.entryColumns
        entryValues = lp.entryValues
        rowFactors = (0..<lp.rowCount).map { glp_get_rii(handle, Int32($0 + 1)) }
        columnFactors = (0..<lp.columnCount).map { glp_get_sjj(handle, Int32($0 + 1)) }
    }
}

extension GLPKScaleCache {
    /// The row and column scale factors a solve of `lp` on this thread uses (for tests).
    static func factors(of lp: LinearProgram) throws(SolverError) -> (rows: [Double], columns: [Double]) {
        var problem = GLPKProblem()
        try problem.load(lp, setNames: false)
        return try problem.withHandle { handle throws(SolverError) in
            try current.scale(handle, lp: lp)
            return (
                (0..<lp.rowCount).map { glp_get_rii(handle, Int32($0 + 1)) }, (0..<lp.columnCount).map { glp_get_sjj(handle, Int32($0 + 1)) }
            )
        }
    }
}
