// SPDX-License-Identifier: GPL-3.0-or-later
import CGLPK
import CGLPKShim
import Foundation
import KnelpuntLP

/// The one owner of a GLPK problem object (`glp_prob *`).
///
/// GLPK's environment is thread-local: a problem must be created, used and deleted on one OS
/// thread. This type is non-copyable and not `Sendable`, so it cannot escape the synchronous
/// call that creates it; it records its thread and checks it on every use. Every argument is
/// validated in Swift before the C call (GLPK aborts on invalid arguments, and silently accepts
/// NaN and `lower > upper`), and calls that can still reach `glp_error` go through the
/// `CGLPKShim` guard, so a GLPK fatal error becomes a thrown ``SolverError`` instead of `abort()`.
struct GLPKProblem: ~Copyable {
    private let handle: OpaquePointer
    private let thread: pthread_t
    private let generation: UInt
    private(set) var rowCount: Int = 0
    private(set) var columnCount: Int = 0

    /// Creates an empty problem on the current thread, with GLPK's terminal output captured.
    init() {
        kn_capture_begin()
        handle = glp_create_prob()
        thread = pthread_self()
        generation = kn_environment_generation()
    }

    deinit {
        // After a guarded fatal error GLPK freed every object of this thread: do not touch it.
        if isAlive { glp_delete_prob(handle) }
    }

    /// False after a GLPK fatal error freed the environment (the handle is then dangling).
    var isAlive: Bool { kn_environment_generation() == generation }

    private func checkUsable() throws(SolverError) {
        guard pthread_equal(thread, pthread_self()) != 0 else {
            // A Swift precondition: using a GLPK object on another thread corrupts its heap.
            preconditionFailure("GLPKProblem used on a thread other than the one that created it")
        }
        guard isAlive else {
            throw .solverFatal(message: "the GLPK environment of this thread was reset by an earlier fatal error")
        }
    }

    /// The raw pointer, for the guarded calls of this module only.
    func withHandle<R>(_ body: (OpaquePointer) throws(SolverError) -> R) throws(SolverError) -> R {
        try checkUsable()
        return try body(handle)
    }

    // MARK: - Loading

    /// Loads `lp` (validated first) into this empty problem in bulk: one `glp_load_matrix` call.
    mutating func load(_ lp: LinearProgram, setNames: Bool = true) throws(SolverError) {
        try checkUsable()
        precondition(rowCount == 0 && columnCount == 0, "GLPKProblem.load called twice")
        try lp.validate()
        try Self.checkGLPKLimits(lp, setNames: setNames)
        glp_set_obj_dir(handle, lp.sense == .minimize ? GLP_MIN : GLP_MAX)
        glp_set_obj_coef(handle, 0, lp.objectiveConstant)
        if setNames, !lp.name.isEmpty { glp_set_prob_name(handle, lp.name) }
        // glp_add_rows/cols(P, 0) is fatal: skip empty additions.
        if lp.rowCount > 0 { glp_add_rows(handle, Int32(lp.rowCount)) }
        if lp.columnCount > 0 { glp_add_cols(handle, Int32(lp.columnCount)) }
        rowCount = lp.rowCount
        columnCount = lp.columnCount
        for (i, row) in lp.rows.enumerated() {
            let index = Int32(i + 1)
            if setNames, !row.name.isEmpty { glp_set_row_name(handle, index, row.name) }
            Self.setBounds(row.lowerBound, row.upperBound) { type, lower, upper in
                glp_set_row_bnds(handle, index, type, lower, upper)
            }
        }
        for (j, column) in lp.columns.enumerated() {
            let index = Int32(j + 1)
            if setNames, !column.name.isEmpty { glp_set_col_name(handle, index, column.name) }
            Self.setBounds(column.lowerBound, column.upperBound) { type, lower, upper in
                glp_set_col_bnds(handle, index, type, lower, upper)
            }
            if column.cost != 0 { glp_set_obj_coef(handle, index, column.cost) }
        }
        let count = lp.nonzeroCount
        if count > 0 {
            // GLPK arrays are 1-based: slot 0 is a dummy.
            var ia = [Int32](repeating: 0, count: count + 1)
            var ja = [Int32](repeating: 0, count: count + 1)
            var ar = [Double](repeating: 0, count: count + 1)
            for k in 0..<count {
                ia[k + 1] = lp.entryRows[k] + 1
                ja[k + 1] = lp.entryColumns[k] + 1
                ar[k + 1] = lp.entryValues[k]
            }
            if kn_load_matrix(handle, Int32(count), ia, ja, ar) != KN_OK {
                throw .solverFatal(message: Self.fatalMessage())
            }
        }
    }

    /// Turns the loaded LP `old` into `lp`, which has the same rows, columns and matrix: sets
    /// the objective sense and constant and every bound and cost that differs (validated by the
    /// caller). GLPK keeps the basis statuses.
    mutating func update(from old: LinearProgram, to lp: LinearProgram) throws(SolverError) {
        try checkUsable()
        precondition(old.rowCount == rowCount && lp.rowCount == rowCount && old.columnCount == columnCount && lp.columnCount == columnCount)
        if old.sense != lp.sense { glp_set_obj_dir(handle, lp.sense == .minimize ? GLP_MIN : GLP_MAX) }
        if old.objectiveConstant != lp.objectiveConstant { glp_set_obj_coef(handle, 0, lp.objectiveConstant) }
        for i in 0..<rowCount where old.rows[i].lowerBound != lp.rows[i].lowerBound || old.rows[i].upperBound != lp.rows[i].upperBound {
            let index = Int32(i + 1)
            Self.setBounds(lp.rows[i].lowerBound, lp.rows[i].upperBound) { type, lower, upper in glp_set_row_bnds(handle, index, type, lower, upper) }
        }
        for j in 0..<columnCount {
            let (before, after) = (old.columns[j], lp.columns[j])
            let index = Int32(j + 1)
            if before.lowerBound != after.lowerBound || before.upperBound != after.upperBound {
                Self.setBounds(after.lowerBound, after.upperBound) { type, lower, upper in glp_set_col_bnds(handle, index, type, lower, upper) }
            }
            if before.cost != after.cost { glp_set_obj_coef(handle, index, after.cost) }
        }
    }

    /// Drops GLPK's basis factorisation (the basis statuses stay), so that the next simplex call
    /// factorises its starting basis afresh with the basic variables in index order, as after a
    /// fresh load; a kept factorisation lists them in the order of the last pivots, which changes
    /// the simplex path. GLPK has no call for this: toggling one row's status in and out of the
    /// basis (`glp_set_row_stat`) clears it.
    mutating func dropFactorisation() throws(SolverError) {
        try checkUsable()
        guard rowCount > 0 else { return }
        let status = glp_get_row_stat(handle, 1)
        glp_set_row_stat(handle, 1, status == GLP_BS ? GLP_NF : GLP_BS)
        glp_set_row_stat(handle, 1, status)
    }

    /// GLPK's own limits beyond ``LinearProgram/validate()``: counts fit in `Int32`, names are at
    /// most 255 bytes and have no control characters (`glp_set_*_name` aborts on either).
    static func checkGLPKLimits(_ lp: LinearProgram, setNames: Bool) throws(SolverError) {
        let limit = Int(Int32.max) - 1
        guard lp.rowCount < limit, lp.columnCount < limit, lp.nonzeroCount < limit else {
            throw .invalidModel(
                problem: "the model is too large for GLPK (\(lp.rowCount) rows, \(lp.columnCount) columns, \(lp.nonzeroCount) nonzeros)")
        }
        // Names are checked even when they are not passed to GLPK, so that any model that solves
        // can also be exported to LP/MPS files.
        // One pass over each name's bytes; the specific message is built only on failure.
        // GLPK rejects (aborts on) bytes that are control characters in the C locale; a NUL
        // would silently cut the name short.
        func acceptable(_ bytes: some Collection<UInt8>) -> Bool {
            bytes.count <= 255 && !bytes.contains { $0 < 0x20 || $0 == 0x7F }
        }
        func acceptable(_ name: String) -> Bool {
            name.utf8.withContiguousStorageIfAvailable { acceptable($0) } ?? acceptable(name.utf8)
        }
        func hasControl(_ name: String) -> Bool { name.utf8.contains { $0 < 0x20 || $0 == 0x7F } }
        func problem(_ kind: String, _ index: Int, _ name: String) -> SolverError {
            hasControl(name)
                ? .invalidModel(problem: "\(kind) \(index) name \(name.debugDescription) contains a control character, which GLPK does not accept")
                : .invalidModel(problem: "\(kind) name '\(name.prefix(40))…' (\(kind) \(index)) is longer than GLPK's 255 bytes")
        }
        if !acceptable(lp.name) {
            throw hasControl(lp.name)
                ? .invalidModel(problem: "model name \(lp.name.debugDescription) contains a control character")
                : .invalidModel(problem: "model name longer than 255 bytes")
        }
        for i in lp.rows.indices where !acceptable(lp.rows[i].name) { throw problem("row", i, lp.rows[i].name) }
        for j in lp.columns.indices where !acceptable(lp.columns[j].name) { throw problem("column", j, lp.columns[j].name) }
    }

    /// Maps validated bounds to GLPK's bound type (free, ≥, ≤, ranged, fixed).
    static func setBounds(_ lower: Double, _ upper: Double, _ apply: (Int32, Double, Double) -> Void) {
        switch BoundKind(lower: lower, upper: upper) {
        case .free: apply(GLP_FR, 0, 0)
        case .lower: apply(GLP_LO, lower, 0)
        case .upper: apply(GLP_UP, 0, upper)
        case .ranged: apply(GLP_DB, lower, upper)
        case .fixed: apply(GLP_FX, lower, upper)
        }
    }

    static func fatalMessage() -> String {
        String(cString: kn_last_fatal_message()).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    // MARK: - Basis

    /// Sets a starting basis. Rows beyond the basis (added since) start basic. Returns false (and
    /// leaves the standard basis) when the basis does not fit this problem.
    mutating func setBasis(_ basis: LPBasis) throws(SolverError) -> Bool {
        try checkUsable()
        guard basis.columnStatus.count == columnCount, basis.rowStatus.count <= rowCount else { return false }
        var basicCount = rowCount - basis.rowStatus.count
        for status in basis.rowStatus where status == .basic { basicCount += 1 }
        for status in basis.columnStatus where status == .basic { basicCount += 1 }
        guard basicCount == rowCount else { return false }
        for i in 0..<rowCount {
            let status = i < basis.rowStatus.count ? basis.rowStatus[i] : .basic
            glp_set_row_stat(handle, Int32(i + 1), Self.glpkStatus(status))
        }
        for j in 0..<columnCount {
            glp_set_col_stat(handle, Int32(j + 1), Self.glpkStatus(basis.columnStatus[j]))
        }
        return true
    }

    /// The current basis statuses.
    func basis() throws(SolverError) -> LPBasis {
        try checkUsable()
        let rows = (0..<rowCount).map { Self.basisStatus(glp_get_row_stat(handle, Int32($0 + 1))) }
        let columns = (0..<columnCount).map { Self.basisStatus(glp_get_col_stat(handle, Int32($0 + 1))) }
        return LPBasis(rowStatus: rows, columnStatus: columns)
    }

    static func glpkStatus(_ status: BasisStatus) -> Int32 {
        switch status {
        case .basic: return GLP_BS
        case .atLower: return GLP_NL
        case .atUpper: return GLP_NU
        case .free: return GLP_NF
        case .fixed: return GLP_NS
        }
    }

    static func basisStatus(_ code: Int32) -> BasisStatus {
        switch code {
        case GLP_BS: return .basic
        case GLP_NL: return .atLower
        case GLP_NU: return .atUpper
        case GLP_NF: return .free
        default: return .fixed
        }
    }
}
