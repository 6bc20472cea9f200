// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import KnelpuntGLPK
import KnelpuntLP
import Testing

/// Reading and writing MPS / CPLEX LP files, and their errors.
@Suite("GLPK files")
struct FileTests {
    /// Every bound shape and a constant: min 2x − y + 3z + w + 4, with
    /// r0: 1 ≤ x + y ≤ 5 (ranged), r1: x − z = 0, r2: y + w ≥ −2, r3: z + w ≤ 8;
    /// x ∈ [0, ∞), y ∈ [−3, 4], z fixed at 1.5, w free.
    static func sample(sense: ObjectiveSense = .minimize, constant: Double = 4) -> LinearProgram {
        makeLP(
            "sample", sense: sense, constant: constant,
            columns: [("x", 0, inf, 2), ("y", -3, 4, -1), ("z", 1.5, 1.5, 3), ("w", -inf, inf, 1)],
            rows: [
                ("r0", 1, 5, [1, 1, 0, 0]), ("r1", 0, 0, [1, 0, -1, 0]),
                ("r2", -2, inf, [0, 1, 0, 1]), ("r3", -inf, 8, [0, 0, 1, 1]),
            ])
    }

    /// Formats that can carry the whole sample: both MPS flavours (minimising, with constant).
    @Test("MPS round trip keeps every bound shape and the constant", arguments: [GLPKFileFormat.freeMPS, .fixedMPS])
    func mpsRoundTrip(_ format: GLPKFileFormat) throws {
        let lp = Self.sample()
        try withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("sample.mps").path
            try GLPKSolver.write(lp, to: path, format: format)
            let back = try GLPKSolver.read(path, format: format)
            expectSameModel(back, lp, names: true, "\(format.rawValue)")
            #expect(back.name == lp.name)
        }
    }

    /// CPLEX LP keeps the sense (MPS does not) but not ranged rows or the constant.
    @Test("CPLEX LP round trip keeps maximisation")
    func lpRoundTrip() throws {
        var lp = makeLP(
            "sample", sense: .maximize,
            columns: [("x", 0, inf, 2), ("y", -3, 4, -1), ("z", 1.5, 1.5, 3), ("w", -inf, 10, 1)],
            rows: [("r0", -inf, 5, [1, 1, 0, 0]), ("r1", 0, 0, [1, 0, -1, 0]), ("r2", -2, inf, [0, 1, 0, 1])])
        lp.addColumn(name: "unused", lowerBound: 0, upperBound: 1, cost: 0)
        try withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("sample.lp").path
            try GLPKSolver.write(lp, to: path, format: .cplexLP)
            let back = try GLPKSolver.read(path, format: .cplexLP)
            // The CPLEX LP file carries no model name.
            expectSameModel(back, lp, names: true, "cplex-lp")
            let original = try solveChecked(lp)
            let reread = try solveChecked(back)
            expectClose(reread.objectiveValue, try #require(original.objectiveValue), "objective")
        }
    }

    // MARK: - What a format cannot carry

    struct Unwritable: Sendable, CustomTestStringConvertible {
        let testDescription: String
        let lp: LinearProgram
        let format: GLPKFileFormat
        let fragments: [String]
    }

    static let unwritable: [Unwritable] = {
        var withFree = sample()
        withFree.addRow(name: "total", terms: [(column: 0, coefficient: 1)])
        return [
            Unwritable(testDescription: "free row in MPS", lp: withFree, format: .freeMPS, fragments: ["row 4 'total'", "free"]),
            Unwritable(testDescription: "free row in LP", lp: withFree, format: .cplexLP, fragments: ["row 4 'total'", "free"]),
            Unwritable(testDescription: "maximisation in MPS", lp: sample(sense: .maximize), format: .fixedMPS, fragments: ["objective sense"]),
            Unwritable(testDescription: "constant in LP", lp: sample(), format: .cplexLP, fragments: ["objective constant 4.0"]),
            Unwritable(testDescription: "ranged row in LP", lp: sample(constant: 0), format: .cplexLP, fragments: ["row 0 'r0'", "ranged"]),
            Unwritable(
                testDescription: "LP without rows", lp: makeLP("norows", columns: [("x", 0, 1, 1)]), format: .cplexLP,
                fragments: ["without rows", "0 rows"]),
        ]
    }()

    @Test("what the format cannot carry throws", arguments: unwritable)
    func unwritableModel(_ item: Unwritable) throws {
        try withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("model").path
            let error = solverError { try GLPKSolver.write(item.lp, to: path, format: item.format) }
            guard case .invalidModel(let problem)? = error else {
                Issue.record("expected invalidModel, got \(String(describing: error))")
                return
            }
            for fragment in item.fragments { #expect(problem.contains(fragment), "'\(fragment)' missing from: \(problem)") }
            #expect(!FileManager.default.fileExists(atPath: path), "nothing is written")
        }
    }

    /// allowLossy writes anyway: the free row is left out, the sense / constant are lost as
    /// documented, and a ranged row becomes an equality plus GLPK's slack column.
    @Test("lossy writing loses exactly what is documented")
    func lossyWriting() throws {
        var lp = Self.sample(sense: .maximize)
        lp.addRow(name: "total", terms: [(column: 0, coefficient: 1)])
        let lossy = GLPKWriteOptions(allowLossy: true)
        try withTemporaryDirectory { directory in
            let mps = directory.appendingPathComponent("lossy.mps").path
            try GLPKSolver.write(lp, to: mps, format: .freeMPS, options: lossy)
            let fromMPS = try GLPKSolver.read(mps, format: .freeMPS)
            #expect(fromMPS.sense == .minimize, "MPS has no sense")
            #expect(fromMPS.rowCount == 4, "the free row is left out")
            #expect(fromMPS.objectiveConstant == 4, "MPS keeps the constant")
            #expect(fromMPS.columns == lp.columns)

            let text = directory.appendingPathComponent("lossy.lp").path
            try GLPKSolver.write(lp, to: text, format: .cplexLP, options: lossy)
            let fromLP = try GLPKSolver.read(text, format: .cplexLP)
            #expect(fromLP.sense == .maximize)
            #expect(fromLP.objectiveConstant == 0, "the constant is only a comment")
            #expect(fromLP.rowCount == 4)
            #expect(fromLP.columnCount == 5, "ranged r0 became r0 = 1 plus a slack column")
            #expect(fromLP.rows[0].kind == .fixed)
            #expect(fromLP.columns[4].name == "~r_1")
        }
    }

    // MARK: - Names

    struct BadName: Sendable, CustomTestStringConvertible {
        let testDescription: String
        let format: GLPKFileFormat
        let rowName: String
        let columnName: String
        let fragments: [String]
    }

    static let badNames: [BadName] = [
        BadName(
            testDescription: "blank in MPS", format: .freeMPS, rowName: "row one", columnName: "x",
            fragments: ["row 0", "'row one'", "blank", "adjusted"]),
        BadName(testDescription: "empty name", format: .freeMPS, rowName: "", columnName: "x", fragments: ["row 0", "empty"]),
        BadName(
            testDescription: "long fixed-MPS name", format: .fixedMPS, rowName: "r", columnName: "flow_NL_North",
            fragments: ["column 0", "'flow_NL_North'", "8 bytes"]),
        BadName(testDescription: "dollar in MPS", format: .fixedMPS, rowName: "$r", columnName: "x", fragments: ["row 0", "'$r'", "'$'"]),
        BadName(testDescription: "GLPK's objective name", format: .freeMPS, rowName: "R0000000", columnName: "x", fragments: ["row 0", "R0000000"]),
        BadName(
            testDescription: "digit first in LP", format: .cplexLP, rowName: "r", columnName: "2030", fragments: ["column 0", "'2030'", "digit"]),
        BadName(
            testDescription: "bracket in LP", format: .cplexLP, rowName: "balance[NL]", columnName: "x",
            fragments: ["row 0", "'balance[NL]'", "ASCII letters"]),
        BadName(testDescription: "non-ASCII in LP", format: .cplexLP, rowName: "r", columnName: "café", fragments: ["column 0", "'café'"]),
        BadName(testDescription: "control character", format: .freeMPS, rowName: "r", columnName: "a\u{7F}b", fragments: ["column 0"]),
        BadName(
            testDescription: "longer than 255 bytes", format: .freeMPS, rowName: String(repeating: "r", count: 256), columnName: "x",
            fragments: ["row 0", "255 bytes"]),
    ]

    @Test("strict names: invalid names throw with the fix", arguments: badNames)
    func strictNames(_ item: BadName) throws {
        let lp = makeLP("names", columns: [(item.columnName, 0, 1, 1)], rows: [(item.rowName, -inf, 1, [1])])
        try withTemporaryDirectory { directory in
            let error = solverError { try GLPKSolver.write(lp, to: directory.appendingPathComponent("n").path, format: item.format) }
            guard case .invalidModel(let problem)? = error else {
                Issue.record("expected invalidModel, got \(String(describing: error))")
                return
            }
            for fragment in item.fragments { #expect(problem.contains(fragment), "'\(fragment)' missing from: \(problem)") }
            #expect(problem.contains("GLPKNamePolicy"), "the message names the fix: \(problem)")
        }
    }

    @Test("duplicate names throw")
    func duplicateNames() throws {
        let lp = makeLP("dup", columns: [("x", 0, 1, 1), ("x", 0, 1, 1)], rows: [("r", 0, 1, [1, 1])])
        try withTemporaryDirectory { directory in
            let error = solverError { try GLPKSolver.write(lp, to: directory.appendingPathComponent("d.mps").path, format: .freeMPS) }
            #expect(error.map { "\($0)" }?.contains("columns 0 and 1 are both written as 'x'") == true, "\(String(describing: error))")
        }
    }

    /// Adjusted names follow GLPK's own replacements and read back as written.
    @Test(
        "adjusted names",
        arguments: [
            (GLPKFileFormat.cplexLP, "balance[NL North,2030]", "flow[NL-BE]", "balance(NL_North,2030)", "flow(NL~BE)"),
            (GLPKFileFormat.freeMPS, "balance[NL North,2030]", "flow[NL-BE]", "balance[NL_North,2030]", "flow[NL-BE]"),
        ])
    func adjustedNames(_ format: GLPKFileFormat, row: String, column: String, rowWritten: String, columnWritten: String) throws {
        let lp = makeLP("names", columns: [(column, 0, 1, 1)], rows: [(row, -inf, 1, [1])])
        try withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("adjusted").path
            try GLPKSolver.write(lp, to: path, format: format, options: GLPKWriteOptions(names: .adjusted))
            let back = try GLPKSolver.read(path, format: format)
            #expect(back.rows.map(\.name) == [rowWritten])
            #expect(back.columns.map(\.name) == [columnWritten])
        }
    }

    /// Adjusting must not merge two names: `a b` and `a_b` both become `a_b`.
    @Test("adjusted names that collide throw")
    func adjustedCollision() throws {
        let lp = makeLP("c", columns: [("a b", 0, 1, 1), ("a_b", 0, 1, 1)], rows: [("r", 0, 1, [1, 1])])
        try withTemporaryDirectory { directory in
            let error = solverError {
                try GLPKSolver.write(
                    lp, to: directory.appendingPathComponent("c").path, format: .freeMPS, options: GLPKWriteOptions(names: .adjusted))
            }
            #expect(error.map { "\($0)" }?.contains("both written as 'a_b'") == true, "\(String(describing: error))")
        }
    }

    @Test("generated names replace any name", arguments: GLPKFileFormat.allCases)
    func generatedNames(_ format: GLPKFileFormat) throws {
        let lp = makeLP("généré met spaties", columns: [("", 0, 1, 1), ("x y", 0, 1, 2)], rows: [("2030 balance", 1, inf, [1, 1])])
        try withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("generated").path
            try GLPKSolver.write(lp, to: path, format: format, options: GLPKWriteOptions(names: .generated))
            let back = try GLPKSolver.read(path, format: format)
            #expect(back.rows.map(\.name) == ["R1"])
            #expect(back.columns.map(\.name) == ["C1", "C2"])
            expectClose(try solveChecked(back).objectiveValue, 1, "objective")
        }
    }

    /// GLPK takes the first `N` row of an MPS file as the objective and drops every free row.
    @Test("MPS free rows other than the objective are dropped")
    func mpsFreeRows() throws {
        let content = "NAME t\nROWS\n N obj\n N other\n L c\nCOLUMNS\n x obj 1 other 2\n x c 1\nRHS\n RHS c 4\nENDATA\n"
        try withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("two.mps").path
            try content.write(toFile: path, atomically: true, encoding: .utf8)
            let lp = try GLPKSolver.read(path, format: .freeMPS)
            #expect(lp.name == "t")
            #expect(lp.rows.map(\.name) == ["c"])
            #expect(lp.columns == [LPColumn(name: "x", lowerBound: 0, upperBound: inf, cost: 1)])
            #expect(lp.rows[0].upperBound == 4)
        }
    }

    // MARK: - Errors

    @Test("a missing file throws fileError with the path")
    func missingFile() {
        let path = "/nonexistent/knelpunt/model.mps"
        let error = solverError { _ = try GLPKSolver.read(path, format: .freeMPS) }
        #expect(error == .fileError(path: path, problem: "no such file"))
    }

    @Test("bad paths throw fileError")
    func badPaths() throws {
        #expect(solverError { _ = try GLPKSolver.read("", format: .freeMPS) } == .fileError(path: "", problem: "the file path is empty"))
        #expect(
            solverError { _ = try GLPKSolver.read("a\u{0}b", format: .cplexLP) }
                == .fileError(path: "a\u{0}b", problem: "the file path contains a NUL byte"))
        try withTemporaryDirectory { directory in
            let folder = directory.path
            #expect(
                solverError { _ = try GLPKSolver.read(folder, format: .freeMPS) } == .fileError(path: folder, problem: "is a directory, not a file"))
            #expect(
                solverError { try GLPKSolver.write(Self.sample(), to: folder, format: .freeMPS) }
                    == .fileError(path: folder, problem: "is a directory, not a file"))
            let orphan = directory.appendingPathComponent("missing/x.mps").path
            let error = solverError { try GLPKSolver.write(Self.sample(), to: orphan, format: .freeMPS) }
            #expect(error.map { "\($0)" }?.contains("does not exist") == true, "\(String(describing: error))")
        }
    }

    /// Malformed content: GLPK's message (with the line number) comes back, never an abort.
    @Test(
        "malformed files throw fileError with GLPK's message",
        arguments: [
            (GLPKFileFormat.freeMPS, "NAME x\nROWS\n N obj\n L c1\nCOLUMNS\n x obj one\nENDATA\n", "6:"),
            (GLPKFileFormat.fixedMPS, "this is not an MPS file\n", "1:"),
            (GLPKFileFormat.cplexLP, "Minimize\n obj: x + 5\nSubject To\n c: x >= 1\nEnd\n", "missing variable name"),
            (GLPKFileFormat.cplexLP, "", "'minimize' or 'maximize' keyword missing"),
            (GLPKFileFormat.freeMPS, "NAME t\nOBJSENSE\n    MAX\nROWS\n N obj\nENDATA\n", "invalid indicator record"),
        ])
    func malformed(_ format: GLPKFileFormat, content: String, fragment: String) throws {
        try withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("bad.\(format.rawValue)").path
            try content.write(toFile: path, atomically: true, encoding: .utf8)
            let error = solverError { _ = try GLPKSolver.read(path, format: format) }
            guard case .fileError(let reported, let problem)? = error else {
                Issue.record("expected fileError, got \(String(describing: error))")
                return
            }
            #expect(reported == path)
            #expect(problem.hasPrefix("GLPK: "), "\(problem)")
            #expect(problem.contains(fragment), "'\(fragment)' missing from: \(problem)")
        }
    }

    /// Integer markers are rejected by default and relaxed on request.
    @Test("integer columns need relaxIntegrality")
    func integerColumns() throws {
        let content = """
            NAME INTS
            ROWS
             N obj
             L c1
            COLUMNS
             MARKER 'MARKER' 'INTORG'
             x obj -1 c1 2
             MARKER 'MARKER' 'INTEND'
             y obj -1 c1 1
            RHS
             RHS c1 3
            BOUNDS
             UP BND x 1
            ENDATA

            """
        try withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("ints.mps").path
            try content.write(toFile: path, atomically: true, encoding: .utf8)
            let error = solverError { _ = try GLPKSolver.read(path, format: .freeMPS) }
            #expect(error.map { "\($0)" }?.contains("column 'x' is integer") == true, "\(String(describing: error))")
            let relaxed = try GLPKSolver.read(path, format: .freeMPS, relaxIntegrality: true)
            #expect(relaxed.columns.map(\.name) == ["x", "y"])
            #expect(relaxed.columns[0].upperBound == 1)
            // LP relaxation: min −x − y, 2x + y ≤ 3, x ≤ 1 → y = 3 − 2x, objective −3 + x → x = 0, −3.
            expectClose(try solveChecked(relaxed).objectiveValue, -3, "relaxation objective")
        }
    }
}
