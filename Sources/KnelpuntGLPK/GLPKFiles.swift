// SPDX-License-Identifier: GPL-3.0-or-later
import CGLPK
import CGLPKShim
import Foundation
import KnelpuntLP

/// The LP file formats GLPK reads and writes.
public enum GLPKFileFormat: String, Sendable, Hashable, CaseIterable {
    /// Free MPS (`glp_read_mps`/`glp_write_mps` with `GLP_MPS_FILE`): fields separated by blanks.
    case freeMPS = "free-mps"
    /// Fixed MPS (`GLP_MPS_DECK`): fields in fixed columns, names at most 8 bytes, numbers at
    /// most 12 characters. Most Netlib files are fixed MPS (they also read as free MPS when no
    /// name contains a blank).
    case fixedMPS = "fixed-mps"
    /// CPLEX LP (`glp_read_lp`/`glp_write_lp`).
    case cplexLP = "cplex-lp"

    var isMPS: Bool { self != .cplexLP }
}

/// How ``GLPKSolver/write(_:to:format:options:)`` names rows and columns in the file.
public enum GLPKNamePolicy: String, Sendable, Hashable {
    /// Use the model's names unchanged. Every name must be non-empty, unique among the rows (or
    /// among the columns), at most 255 bytes without control characters, and valid in the format:
    /// MPS names have no blank, do not start with `$`, and no row is called `R0000000` (GLPK's
    /// name for the objective row); fixed-MPS names are at most 8 bytes; CPLEX LP names use only
    /// ASCII letters, digits, the backtick and `!"#$%&()/,.;?@_'{}|~` (GLPK's `CHAR_SET`), and
    /// do not start with a digit or `.`.
    /// Any other name throws ``SolverError/invalidModel(problem:)`` naming it.
    case strict
    /// Replace the characters GLPK's own writers replace, then apply the ``strict`` rules (so the
    /// result must still be unique): a blank becomes `_` in every format; in CPLEX LP also `-`
    /// becomes `~`, `[` becomes `(` and `]` becomes `)`. `flow[NL-1]` is written `flow(NL~1)`.
    case adjusted
    /// Ignore the model's names: rows are written `R1`, `R2`, … and columns `C1`, `C2`, … (so a
    /// fixed-MPS file holds at most 9,999,999 rows or columns).
    case generated
}

/// Options for ``GLPKSolver/write(_:to:format:options:)``.
public struct GLPKWriteOptions: Sendable, Hashable {
    public var names: GLPKNamePolicy = .strict
    /// GLPK's writers cannot carry everything a ``LinearProgram`` holds. By default (`false`) the
    /// writer throws rather than write a file that reads back as a different model:
    /// - a free row (both formats: GLPK's MPS writer then drops the *objective*, its LP writer
    ///   drops the row);
    /// - maximisation in MPS (GLPK's MPS reader has no objective sense, so it reads back as
    ///   minimisation of the same costs);
    /// - in CPLEX LP, an objective constant (written only as a comment) and a ranged row (written
    ///   as an equality with an extra slack column `~r_i`).
    ///
    /// With `true` the file is written anyway: free rows are left out and the rest is written as
    /// GLPK writes it. A CPLEX LP file of a model without rows or without columns is never
    /// written (GLPK cannot read it back).
    public var allowLossy: Bool = false
    public init(names: GLPKNamePolicy = .strict, allowLossy: Bool = false) {
        self.names = names
        self.allowLossy = allowLossy
    }
}

extension GLPKSolver {
    // MARK: - Reading

    /// Reads an MPS or CPLEX LP file into a ``LinearProgram``.
    ///
    /// The file is read by GLPK (`glp_read_mps` / `glp_read_lp`, through the fatal-error guard),
    /// then rows, columns, bounds, costs, the objective constant and sense, and the matrix are
    /// copied out. GLPK keeps the first `N` row of an MPS file as the objective and drops the
    /// other free rows. MPS has no objective sense, so an MPS file always reads as minimisation.
    /// A CPLEX LP file names its columns where they first appear (objective first, then the
    /// rows), and GLPK numbers them in that order: a file written from a model can read back with
    /// its columns permuted, so match columns by name. Integer columns (MPS `MARKER` lines,
    /// CPLEX LP `general`/`binary` sections) are rejected unless `relaxIntegrality` is true,
    /// which reads the LP relaxation.
    ///
    /// - Throws: ``SolverError/fileError(path:problem:)`` with GLPK's message when the path is
    ///   invalid or missing, or the file is malformed.
    public static func read(_ path: String, format: GLPKFileFormat, relaxIntegrality: Bool = false) throws(SolverError) -> LinearProgram {
        try checkReadable(path)
        let problem = GLPKProblem()
        _ = takeLog() // discard output left over from earlier calls on this thread
        var status: Int32 = 0
        let guarded = try problem.withHandle { handle throws(SolverError) -> Int32 in
            switch format {
            case .freeMPS: return kn_read_mps(handle, GLP_MPS_FILE, path, &status)
            case .fixedMPS: return kn_read_mps(handle, GLP_MPS_DECK, path, &status)
            case .cplexLP: return kn_read_lp(handle, path, &status)
            }
        }
        let log = takeLog()
        guard guarded == KN_OK else {
            throw .fileError(path: path, problem: "GLPK stopped with a fatal error while reading: \(GLPKProblem.fatalMessage())")
        }
        guard status == 0 else {
            throw .fileError(path: path, problem: glpkMessage(log, fallback: "GLPK could not read it as \(format.rawValue) (return code \(status))"))
        }
        return try problem.linearProgram(skippingRow: nil, relaxIntegrality: relaxIntegrality, source: path)
    }

    /// Builds the LP of a GNU MathProg model (`model`: path of the `.mod` file; `data`: path of
    /// an optional `.dat` file), as `glpsol -m model -d data` would.
    ///
    /// MathProg keeps every objective as a free row of the generated problem, in declaration
    /// order, and copies the *first* objective into the column costs and objective constant.
    /// This function drops that first objective's row, so the rows of the result are exactly the
    /// model's constraints (and any further objectives, as free rows); the costs come from the
    /// dropped row. Statements after `solve` are not executed. Integer and binary variables are
    /// rejected unless `relaxIntegrality` is true.
    ///
    /// - Throws: ``SolverError/fileError(path:problem:)`` with GLPK's message (which names the
    ///   file and line) when a file is missing or the model or data has an error.
    public static func mathProg(model: String, data: String? = nil, relaxIntegrality: Bool = false) throws(SolverError) -> LinearProgram {
        try checkReadable(model)
        if let data { try checkReadable(data) }
        let problem = GLPKProblem()
        _ = takeLog()
        var status: Int32 = 0
        let guarded = try problem.withHandle { handle throws(SolverError) -> Int32 in
            kn_mathprog_build(handle, model, data, &status)
        }
        let log = takeLog()
        guard guarded == KN_OK else {
            throw .fileError(path: model, problem: "GLPK stopped with a fatal error while building the model: \(GLPKProblem.fatalMessage())")
        }
        guard status == 0 else {
            var culprit = model
            if let data, log.contains("\(data):") { culprit = data }
            throw .fileError(path: culprit, problem: glpkMessage(log, fallback: "GLPK MathProg failed (return code \(status))"))
        }
        let objectiveRow = try problem.withHandle { handle throws(SolverError) -> Int? in
            guard let pointer = glp_get_obj_name(handle) else { return nil }
            let name = String(cString: pointer)
            for i in 1..<(Int(glp_get_num_rows(handle)) + 1)
            where glp_get_row_type(handle, Int32(i)) == GLP_FR && glp_get_row_name(handle, Int32(i)).map({ String(cString: $0) }) == name {
                return i
            }
            return nil
        }
        return try problem.linearProgram(skippingRow: objectiveRow, relaxIntegrality: relaxIntegrality, source: model)
    }

    // MARK: - Writing

    /// Writes `lp` as an MPS or CPLEX LP file through GLPK (`glp_write_mps` / `glp_write_lp`).
    ///
    /// The model is validated like a solve (``LinearProgram/validate()``), the names are checked
    /// or derived per `options.names`, and what the format cannot carry throws unless
    /// `options.allowLossy` (see ``GLPKWriteOptions``). GLPK writes numbers with 15 significant
    /// digits (at most 12 characters in fixed MPS), so a read-back model equals the original up
    /// to that precision.
    ///
    /// - Throws: ``SolverError/invalidModel(problem:)`` for an invalid model or name,
    ///   ``SolverError/fileError(path:problem:)`` when the path cannot be written.
    public static func write(_ lp: LinearProgram, to path: String, format: GLPKFileFormat, options: GLPKWriteOptions = GLPKWriteOptions())
        throws(SolverError)
    {
        try checkWritable(path)
        try lp.validate()
        let model = try prepareForFile(lp, format: format, allowLossy: options.allowLossy)
        let names = try FileNames(model, format: format, policy: options.names)
        var problem = GLPKProblem()
        try problem.load(model, setNames: false)
        _ = takeLog()
        var status: Int32 = 0
        let guarded = try problem.withHandle { handle throws(SolverError) -> Int32 in
            if let name = names.problem { glp_set_prob_name(handle, name) }
            glp_set_obj_name(handle, names.objective)
            for (i, name) in names.rows.enumerated() { glp_set_row_name(handle, Int32(i + 1), name) }
            for (j, name) in names.columns.enumerated() { glp_set_col_name(handle, Int32(j + 1), name) }
            switch format {
            case .freeMPS: return kn_write_mps(handle, GLP_MPS_FILE, path, &status)
            case .fixedMPS: return kn_write_mps(handle, GLP_MPS_DECK, path, &status)
            case .cplexLP: return kn_write_lp(handle, path, &status)
            }
        }
        let log = takeLog()
        guard guarded == KN_OK else {
            throw .fileError(path: path, problem: "GLPK stopped with a fatal error while writing: \(GLPKProblem.fatalMessage())")
        }
        guard status == 0 else {
            throw .fileError(path: path, problem: glpkMessage(log, fallback: "GLPK could not write the file (return code \(status))"))
        }
    }

    /// Applies the format's limits (see ``GLPKWriteOptions/allowLossy``): throws, or with
    /// `allowLossy` returns a copy without free rows.
    static func prepareForFile(_ lp: LinearProgram, format: GLPKFileFormat, allowLossy: Bool) throws(SolverError) -> LinearProgram {
        if format == .cplexLP, lp.rowCount == 0 || lp.columnCount == 0 {
            throw .invalidModel(
                problem:
                    "GLPK cannot read back a CPLEX LP file of a model without rows or without columns (this one has \(lp.rowCount) rows, \(lp.columnCount) columns); write MPS instead"
            )
        }
        let freeRow = lp.rows.firstIndex { $0.kind == .free }
        guard !allowLossy else {
            return freeRow == nil ? lp : lp.droppingFreeRows()
        }
        if let i = freeRow {
            throw .invalidModel(
                problem:
                    "row \(i) '\(lp.rows[i].name)' is free (no finite bound); GLPK's \(format.rawValue) writer cannot carry free rows. Remove it, bound it, or set allowLossy to leave free rows out"
            )
        }
        if format.isMPS, lp.sense == .maximize {
            throw .invalidModel(
                problem: "MPS files have no objective sense and read back as minimisation; negate the costs, write CPLEX LP, or set allowLossy")
        }
        if format == .cplexLP {
            if lp.objectiveConstant != 0 {
                throw .invalidModel(
                    problem:
                        "GLPK's CPLEX LP format cannot carry the objective constant \(lp.objectiveConstant); write MPS, or set allowLossy to drop it")
            }
            if let i = lp.rows.firstIndex(where: { $0.kind == .ranged }) {
                throw .invalidModel(
                    problem:
                        "row \(i) '\(lp.rows[i].name)' is ranged; GLPK writes ranged rows to CPLEX LP as an equality plus a slack column. Write MPS, or set allowLossy"
                )
            }
        }
        return lp
    }

    // MARK: - Paths and messages

    static func checkPath(_ path: String) throws(SolverError) {
        if path.isEmpty { throw .fileError(path: path, problem: "the file path is empty") }
        if path.utf8.contains(0) { throw .fileError(path: path, problem: "the file path contains a NUL byte") }
    }

    static func checkReadable(_ path: String) throws(SolverError) {
        try checkPath(path)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .fileError(path: path, problem: "no such file")
        }
        if isDirectory.boolValue { throw .fileError(path: path, problem: "is a directory, not a file") }
        if !FileManager.default.isReadableFile(atPath: path) { throw .fileError(path: path, problem: "the file is not readable") }
    }

    static func checkWritable(_ path: String) throws(SolverError) {
        try checkPath(path)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw .fileError(path: path, problem: "is a directory, not a file")
        }
        let parent = (path as NSString).deletingLastPathComponent
        let directory = parent.isEmpty ? "." : parent
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .fileError(path: path, problem: "the directory '\(directory)' does not exist")
        }
        if !FileManager.default.isWritableFile(atPath: directory) {
            throw .fileError(path: path, problem: "the directory '\(directory)' is not writable")
        }
    }

    /// GLPK's own lines from a captured log, without its progress lines.
    static func glpkMessage(_ log: String, fallback: String) -> String {
        let lines = log.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("Reading ") && !$0.hasPrefix("Writing ") }
        return lines.isEmpty ? fallback : "GLPK: " + lines.joined(separator: "; ")
    }
}

// MARK: - Names

/// The names to write, checked or derived per ``GLPKNamePolicy``.
struct FileNames {
    var rows: [String]
    var columns: [String]
    var objective: String
    /// The model name, when it is valid in the format (otherwise the file has none).
    var problem: String?

    /// Characters CPLEX LP names may use besides ASCII letters and digits (GLPK's `CHAR_SET`).
    static let lpSymbols = Set("!\"#$%&()/,.;?@_`'{}|~".unicodeScalars)

    init(_ lp: LinearProgram, format: GLPKFileFormat, policy: GLPKNamePolicy) throws(SolverError) {
        switch policy {
        case .generated:
            if format == .fixedMPS, max(lp.rowCount, lp.columnCount) > 9_999_999 {
                throw .invalidModel(problem: "a fixed-MPS file holds at most 9,999,999 generated names; write free MPS")
            }
            rows = lp.rows.indices.map { "R\($0 + 1)" }
            columns = lp.columns.indices.map { "C\($0 + 1)" }
        case .strict, .adjusted:
            rows = try Self.names(lp.rows.map(\.name), kind: "row", format: format, policy: policy)
            columns = try Self.names(lp.columns.map(\.name), kind: "column", format: format, policy: policy)
            if format.isMPS, let i = rows.firstIndex(of: "R0000000") {
                throw .invalidModel(
                    problem:
                        "row \(i) is named 'R0000000', the name GLPK gives the objective row in MPS files; rename it or use GLPKNamePolicy.generated")
            }
        }
        let rowNames = Set(rows)
        var objective = "obj"
        var suffix = 0
        while rowNames.contains(objective) {
            suffix += 1
            objective = "obj_\(suffix)"
        }
        self.objective = objective
        let modelName = policy == .adjusted ? Self.adjust(lp.name, format: format) : lp.name
        problem = Self.problem(with: modelName, format: format) == nil ? modelName : nil
    }

    static func names(_ original: [String], kind: String, format: GLPKFileFormat, policy: GLPKNamePolicy) throws(SolverError) -> [String] {
        var result = [String]()
        result.reserveCapacity(original.count)
        var seen = [String: Int]()
        for (index, name) in original.enumerated() {
            let written = policy == .adjusted ? adjust(name, format: format) : name
            if let problem = problem(with: written, format: format) {
                let shown = written == name ? "'\(name.prefix(60))'" : "'\(name.prefix(60))' (adjusted to '\(written.prefix(60))')"
                throw .invalidModel(
                    problem:
                        "\(kind) \(index) name \(shown) \(problem) in \(format.rawValue); rename it, or write with GLPKNamePolicy.\(policy == .strict ? "adjusted or .generated" : "generated")"
                )
            }
            if let first = seen[written] {
                throw .invalidModel(
                    problem:
                        "\(kind)s \(first) and \(index) are both written as '\(written.prefix(60))'; \(kind) names in a file must be unique. Rename one, or write with GLPKNamePolicy.generated"
                )
            }
            seen[written] = index
            result.append(written)
        }
        return result
    }

    /// What is wrong with `name` in `format`, or `nil` when it is valid.
    static func problem(with name: String, format: GLPKFileFormat) -> String? {
        if name.isEmpty { return "is empty" }
        if name.utf8.count > 255 { return "is longer than 255 bytes" }
        if name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) { return "contains a control character" }
        switch format {
        case .freeMPS, .fixedMPS:
            if name.unicodeScalars.contains(where: { $0.properties.isWhitespace }) { return "contains a blank" }
            if name.hasPrefix("$") { return "starts with '$' (a comment in MPS)" }
            if format == .fixedMPS, name.utf8.count > 8 { return "is longer than 8 bytes" }
        case .cplexLP:
            guard let first = name.unicodeScalars.first, !(first == "." || ("0"..."9").contains(first)) else {
                return "starts with a digit or '.'"
            }
            let valid = name.unicodeScalars.allSatisfy { scalar in
                scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)) || lpSymbols.contains(scalar)
            }
            if !valid { return "has a character other than ASCII letters, digits and !\"#$%&()/,.;?@_`'{}|~" }
        }
        return nil
    }

    /// GLPK's writers' own replacements (see ``GLPKNamePolicy/adjusted``).
    static func adjust(_ name: String, format: GLPKFileFormat) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in name.unicodeScalars {
            switch scalar {
            case " ": scalars.append("_")
            case "-" where format == .cplexLP: scalars.append("~")
            case "[" where format == .cplexLP: scalars.append("(")
            case "]" where format == .cplexLP: scalars.append(")")
            default: scalars.append(scalar)
            }
        }
        return String(scalars)
    }
}

// MARK: - Copying a GLPK problem out

extension LinearProgram {
    /// A copy without its free rows (which constrain nothing).
    func droppingFreeRows() -> LinearProgram {
        var copy = LinearProgram(name: name, sense: sense, objectiveConstant: objectiveConstant)
        for column in columns { copy.addColumn(column) }
        var newIndex = [Int](repeating: -1, count: rowCount)
        for (i, row) in rows.enumerated() where row.kind != .free {
            newIndex[i] = copy.addRow(name: row.name, lowerBound: row.lowerBound, upperBound: row.upperBound, terms: [])
        }
        for k in entryValues.indices where newIndex[Int(entryRows[k])] >= 0 {
            copy.addCoefficient(row: newIndex[Int(entryRows[k])], column: Int(entryColumns[k]), value: entryValues[k])
        }
        return copy
    }
}

extension GLPKProblem {
    /// Copies the problem GLPK holds (after a file read or a MathProg build) into a
    /// ``LinearProgram``, leaving out row `skipped` (1-based GLPK index) if given.
    func linearProgram(skippingRow skipped: Int?, relaxIntegrality: Bool, source: String) throws(SolverError) -> LinearProgram {
        try withHandle { handle throws(SolverError) -> LinearProgram in
            let rowCount = Int(glp_get_num_rows(handle))
            let columnCount = Int(glp_get_num_cols(handle))
            var lp = LinearProgram(
                name: Self.string(glp_get_prob_name(handle)),
                sense: glp_get_obj_dir(handle) == GLP_MAX ? .maximize : .minimize,
                objectiveConstant: glp_get_obj_coef(handle, 0))
            for j in 0..<columnCount {
                let index = Int32(j + 1)
                let name = Self.string(glp_get_col_name(handle, index))
                if glp_get_col_kind(handle, index) != GLP_CV, !relaxIntegrality {
                    throw .fileError(
                        path: source,
                        problem: "column '\(name)' is integer; LinearProgram is continuous. Read with relaxIntegrality: true for the LP relaxation")
                }
                let (lower, upper) = Self.bounds(glp_get_col_type(handle, index), glp_get_col_lb(handle, index), glp_get_col_ub(handle, index))
                lp.addColumn(name: name, lowerBound: lower, upperBound: upper, cost: glp_get_obj_coef(handle, index))
            }
            var rowIndex = [Int](repeating: -1, count: rowCount + 1)
            for i in 1..<(rowCount + 1) where i != skipped {
                let index = Int32(i)
                let (lower, upper) = Self.bounds(glp_get_row_type(handle, index), glp_get_row_lb(handle, index), glp_get_row_ub(handle, index))
                rowIndex[i] = lp.addRow(name: Self.string(glp_get_row_name(handle, index)), lowerBound: lower, upperBound: upper, terms: [])
            }
            // GLPK arrays are 1-based: slot 0 is a dummy.
            var indices = [Int32](repeating: 0, count: rowCount + 1)
            var values = [Double](repeating: 0, count: rowCount + 1)
            for j in 0..<columnCount {
                let length = Int(glp_get_mat_col(handle, Int32(j + 1), &indices, &values))
                for t in 1..<(length + 1) where rowIndex[Int(indices[t])] >= 0 {
                    lp.addCoefficient(row: rowIndex[Int(indices[t])], column: j, value: values[t])
                }
            }
            return lp
        }
    }

    static func string(_ pointer: UnsafePointer<CChar>?) -> String {
        pointer.map { String(cString: $0) } ?? ""
    }

    /// GLPK bound type and values → (lower, upper) with infinite free sides.
    static func bounds(_ type: Int32, _ lower: Double, _ upper: Double) -> (Double, Double) {
        switch type {
        case GLP_FR: return (-.infinity, .infinity)
        case GLP_LO: return (lower, .infinity)
        case GLP_UP: return (-.infinity, upper)
        case GLP_FX: return (lower, lower)
        default: return (lower, upper) // GLP_DB
        }
    }
}
