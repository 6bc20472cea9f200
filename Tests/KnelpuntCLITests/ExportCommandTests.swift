// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import KnelpuntGLPK
import KnelpuntLP
import Testing

/// `knelpunt export` writes the LP the solve builds; read back by GLPK, its optimum is tiny's
/// hand-solved cost of 2025 (docs/tiny-by-hand.md).
@Suite struct ExportCommandTests {
    static let tinyOptimum2025 = 348_100_500.0

    @Test(arguments: [("mps", GLPKFileFormat.freeMPS), ("lp", GLPKFileFormat.cplexLP)])
    func exportedTinyReadsBackWithTheHandOptimum(_ format: String, _ fileFormat: GLPKFileFormat) throws {
        let temp = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: temp) }
        let path = temp.appendingPathComponent("tiny-2025.\(format)").path
        let run = CLI.run(["export", "tiny", "--year", "2025", "--format", format, "--out", path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("17 rows, 30 columns"))
        let lp = try GLPKSolver.read(path, format: fileFormat)
        #expect(lp.rowCount == 17 && lp.columnCount == 30)
        let result = try GLPKSolver().solve(lp)
        #expect(result.termination == .optimal)
        let cost = try #require(result.objectiveValue)
        #expect(abs(cost - Self.tinyOptimum2025) <= 1e-6 * Self.tinyOptimum2025, "\(format): optimum \(cost)")
    }

    @Test func mathProgTablesBuildTheSameOptimum() throws {
        let temp = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: temp) }
        let folder = temp.appendingPathComponent("tiny-tables")
        let run = CLI.run(["export", "tiny", "--year", "2025", "--format", "mathprog", "--out", folder.path])
        #expect(run.status == 0, "\(run.stderr)")
        let yearData = try String(contentsOf: folder.appendingPathComponent("year.dat"), encoding: .utf8)
        #expect(yearData.contains("param year := 2025;"))
        // year.dat reads the tables from the current folder; point it at the folder instead.
        let data = temp.appendingPathComponent("test.dat")
        try Data("param year := 2025;\nparam data_dir := \"\(folder.path)\";\nend;\n".utf8).write(to: data)
        let lp = try GLPKSolver.mathProg(model: CLI.repositoryRoot.appendingPathComponent("models/allocation.mod").path, data: data.path)
        let cost = try #require(try GLPKSolver().solve(lp).objectiveValue)
        #expect(abs(cost - Self.tinyOptimum2025) <= 1e-6 * Self.tinyOptimum2025)
    }

    @Test func existingOutputNeedsForceAndUnknownYearIsAUsageError() throws {
        let temp = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: temp) }
        let path = temp.appendingPathComponent("x.mps").path
        #expect(CLI.run(["export", "tiny", "--year", "2025", "--format", "mps", "--out", path]).status == 0)
        #expect(CLI.run(["export", "tiny", "--year", "2025", "--format", "mps", "--out", path]).status == 73)
        #expect(CLI.run(["export", "tiny", "--year", "2025", "--format", "mps", "--out", path, "--force"]).status == 0)
        #expect(CLI.run(["export", "tiny", "--year", "1999", "--format", "mps", "--out", path, "--force"]).status == 64)
        #expect(CLI.run(["export", "tiny", "--year", "2025", "--format", "xlsx"]).status == 64)
    }
}
