// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import KnelpuntGLPK
import KnelpuntLP
import Testing

/// Classic Netlib LPs read from MPS and solved, against the optimal values published in the
/// Netlib LP readme (sources in Fixtures/netlib/README.md).
@Suite("Netlib LP test problems")
struct NetlibTests {
    struct Problem: Sendable, CustomTestStringConvertible {
        let name: String
        /// Rows (without the objective) and columns, as the Netlib readme counts them minus 1.
        let rows: Int
        let columns: Int
        let optimum: Double
        var testDescription: String { name.uppercased() }
        var path: String { "netlib/\(name).mps" }
    }

    static let problems: [Problem] = [
        Problem(name: "afiro", rows: 27, columns: 32, optimum: -4.6475314286e+02),
        Problem(name: "sc50a", rows: 50, columns: 48, optimum: -6.4575077059e+01),
        Problem(name: "sc50b", rows: 50, columns: 48, optimum: -7.0000000000e+01),
        Problem(name: "kb2", rows: 43, columns: 41, optimum: -1.7499001299e+03),
        Problem(name: "blend", rows: 74, columns: 83, optimum: -3.0812149846e+01),
        Problem(name: "sc105", rows: 105, columns: 103, optimum: -5.2202061212e+01),
    ]

    /// Published values have 11 significant digits; 1e-6 relative is the brief's tolerance.
    static let relativeTolerance = 1e-6
    /// Netlib data have coefficients up to ~10²: allow 1e-6 absolute (GLPK's tol_bnd is 1e-7).
    static let feasibility = FeasibilityTolerance(absolute: 1e-6, relative: 1e-9)

    @Test("optimum matches the published value", arguments: problems, [GLPKFileFormat.fixedMPS, .freeMPS])
    func optimum(_ problem: Problem, format: GLPKFileFormat) throws {
        let lp = try GLPKSolver.read(try fixtureURL(problem.path).path, format: format)
        #expect(lp.rowCount == problem.rows)
        #expect(lp.columnCount == problem.columns)
        #expect(lp.sense == .minimize)
        let result = try solveChecked(lp, tolerance: Self.feasibility)
        #expect(result.termination == .optimal, "\(result.raw.message)")
        expectClose(result.objectiveValue, problem.optimum, absolute: 0, relative: Self.relativeTolerance, "\(problem.name) optimum")
    }

    /// The same optimum from every backend of the conformance suite (GLPK, and Dantzig–Wolfe
    /// over GLPK with one block and with the columns in three contiguous blocks).
    @Test("every backend finds the published optimum", arguments: SolverUnderTest.all, problems)
    func optimumByBackend(_ backend: SolverUnderTest, _ problem: Problem) throws {
        let lp = try GLPKSolver.read(try fixtureURL(problem.path).path, format: .fixedMPS)
        let result = try solveChecked(lp, tolerance: Self.feasibility, solver: backend.solver(for: lp))
        #expect(result.termination == .optimal, "\(result.raw.message)")
        expectClose(result.objectiveValue, problem.optimum, absolute: 0, relative: Self.relativeTolerance, "\(problem.name) optimum")
    }

    /// read MPS → LinearProgram → write CPLEX LP, free MPS and fixed MPS → read back → same
    /// model (up to the 15 digits GLPK writes) and the same optimum.
    @Test("round trip through LP and MPS files", arguments: problems)
    func roundTrip(_ problem: Problem) throws {
        let original = try GLPKSolver.read(try fixtureURL(problem.path).path, format: .fixedMPS)
        let optimum = try #require(try solveChecked(original, tolerance: Self.feasibility).objectiveValue)
        try withTemporaryDirectory { directory in
            for format in GLPKFileFormat.allCases {
                // BLEND's names are numbers ("1", "2", …), which CPLEX LP does not allow, and
                // fixed MPS allows 8 bytes: generate names where the originals do not fit.
                let fits =
                    original.rows.allSatisfy { $0.name.utf8.count <= 8 && !($0.name.first?.isNumber ?? true) }
                    && original.columns.allSatisfy { $0.name.utf8.count <= 8 && !($0.name.first?.isNumber ?? true) }
                let options = GLPKWriteOptions(names: fits ? .strict : .generated)
                let path = directory.appendingPathComponent("\(problem.name).\(format.rawValue)").path
                try GLPKSolver.write(original, to: path, format: format, options: options)
                var back = try GLPKSolver.read(path, format: format)
                if format == .cplexLP {
                    // Columns come back in order of first appearance in the file: match them by name.
                    let written = fits ? original.columns.map(\.name) : original.columns.indices.map { "C\($0 + 1)" }
                    back = try reorderingColumns(back, like: written)
                }
                expectSameModel(back, original, names: fits, "\(problem.name) via \(format.rawValue)")
                let result = try solveChecked(back, tolerance: Self.feasibility)
                expectClose(result.objectiveValue, optimum, absolute: 0, relative: 1e-9, "\(problem.name) via \(format)")
            }
        }
    }
}
