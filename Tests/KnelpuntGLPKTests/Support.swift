// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import KnelpuntGLPK
import KnelpuntLP
import Testing

/// Shared helpers of the GLPK tests. Every solve in this target goes through ``solveChecked``,
/// which runs the independent ``FeasibilityReport`` on every optimal result.
let inf = Double.infinity

/// Builds a small LP from dense rows: `columns` are (name, lower, upper, cost), `rows` are
/// (name, lower, upper, coefficients in column order).
func makeLP(
    _ name: String, sense: ObjectiveSense = .minimize, constant: Double = 0,
    columns: [(String, Double, Double, Double)], rows: [(String, Double, Double, [Double])] = []
) -> LinearProgram {
    var lp = LinearProgram(name: name, sense: sense, objectiveConstant: constant)
    for (columnName, lower, upper, cost) in columns {
        lp.addColumn(name: columnName, lowerBound: lower, upperBound: upper, cost: cost)
    }
    for (rowName, lower, upper, coefficients) in rows {
        precondition(coefficients.count == columns.count, "row \(rowName) has \(coefficients.count) coefficients")
        lp.addRow(
            name: rowName, lowerBound: lower, upperBound: upper,
            terms: coefficients.enumerated().map { (column: $0.offset, coefficient: $0.element) })
    }
    return lp
}

/// `|a − b| ≤ absolute + relative·max(|a|, |b|)`; equal infinities are close.
func isClose(_ a: Double, _ b: Double, absolute: Double = 1e-9, relative: Double = 1e-9) -> Bool {
    if a == b { return true }
    return abs(a - b) <= absolute + relative * max(abs(a), abs(b))
}

func expectClose(
    _ actual: Double?, _ expected: Double, absolute: Double = 1e-9, relative: Double = 1e-9, _ what: String,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    guard let actual else {
        Issue.record("\(what): no value, expected \(expected)", sourceLocation: sourceLocation)
        return
    }
    #expect(
        isClose(actual, expected, absolute: absolute, relative: relative),
        "\(what): \(actual) vs expected \(expected)", sourceLocation: sourceLocation)
}

func expectClose(
    _ actual: [Double], _ expected: [Double], absolute: Double = 1e-9, relative: Double = 1e-9, _ what: String,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    guard actual.count == expected.count else {
        Issue.record("\(what): \(actual.count) values, expected \(expected.count)", sourceLocation: sourceLocation)
        return
    }
    for (index, (a, e)) in zip(actual, expected).enumerated() where !isClose(a, e, absolute: absolute, relative: relative) {
        Issue.record("\(what)[\(index)]: \(a) vs expected \(e) (all: \(actual))", sourceLocation: sourceLocation)
    }
}

/// Solves with `solver` (GLPK by default) and, whenever the result is optimal, checks it with
/// the independent ``FeasibilityReport`` (primal rows and bounds, reduced costs, dual signs,
/// duality gap).
@discardableResult
func solveChecked(
    _ lp: LinearProgram, options: SolveOptions = SolveOptions(), tolerance: FeasibilityTolerance = FeasibilityTolerance(),
    solver: any LPSolver = GLPKSolver(), sourceLocation: SourceLocation = #_sourceLocation
) throws -> SolveResult {
    let result = try solver.solve(lp, options: options)
    if result.termination == .optimal {
        let report = FeasibilityReport.check(lp, result, tolerance: tolerance)
        #expect(
            report.isFeasible, "\(lp.name): FeasibilityReport found \(report.violationCount) violations: \(report.violations)",
            sourceLocation: sourceLocation)
    }
    return result
}

/// The root of the test fixtures (declared `.copy("Fixtures")` in Package.swift).
func fixtureURL(_ relativePath: String) throws -> URL {
    let root = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
    return root.appendingPathComponent(relativePath)
}

/// A fresh temporary directory, removed by `body`'s caller through `defer`.
func withTemporaryDirectory<R>(_ body: (URL) throws -> R) throws -> R {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("knelpunt-glpk-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    return try body(directory)
}

/// The thrown ``SolverError`` of `body`, or `nil` (recorded as an issue) when it did not throw.
func solverError(sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void) -> SolverError? {
    do {
        try body()
    } catch let error as SolverError {
        return error
    } catch {
        Issue.record("unexpected error type: \(error)", sourceLocation: sourceLocation)
        return nil
    }
    Issue.record("expected a SolverError, but nothing was thrown", sourceLocation: sourceLocation)
    return nil
}

/// The matrix as a map from (row, column) to value, independent of entry order.
func entryMap(_ lp: LinearProgram) -> [Int64: Double] {
    var entries = [Int64: Double]()
    for k in lp.entryValues.indices {
        entries[Int64(lp.entryRows[k]) * Int64(max(lp.columnCount, 1)) + Int64(lp.entryColumns[k])] = lp.entryValues[k]
    }
    return entries
}

/// Same sense, constant, bounds, costs and matrix (values within `relative`), and the same
/// names when `names` is true. Entry order may differ (GLPK returns the matrix column-wise).
func expectSameModel(
    _ back: LinearProgram, _ original: LinearProgram, names: Bool, relative: Double = 1e-12, _ what: String,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    guard back.rowCount == original.rowCount, back.columnCount == original.columnCount else {
        Issue.record("\(what): \(back.rowCount)×\(back.columnCount) vs \(original.rowCount)×\(original.columnCount)", sourceLocation: sourceLocation)
        return
    }
    #expect(back.sense == original.sense, "\(what): sense", sourceLocation: sourceLocation)
    #expect(isClose(back.objectiveConstant, original.objectiveConstant, relative: relative), "\(what): constant", sourceLocation: sourceLocation)
    for (a, b) in zip(back.columns, original.columns) {
        let same =
            isClose(a.lowerBound, b.lowerBound, relative: relative) && isClose(a.upperBound, b.upperBound, relative: relative)
            && isClose(a.cost, b.cost, relative: relative) && (!names || a.name == b.name)
        #expect(same, "\(what): column \(a) vs \(b)", sourceLocation: sourceLocation)
    }
    for (a, b) in zip(back.rows, original.rows) {
        let same =
            isClose(a.lowerBound, b.lowerBound, relative: relative) && isClose(a.upperBound, b.upperBound, relative: relative)
            && (!names || a.name == b.name)
        #expect(same, "\(what): row \(a) vs \(b)", sourceLocation: sourceLocation)
    }
    let x = entryMap(back)
    let y = entryMap(original)
    let matrixSame = x.count == y.count && x.allSatisfy { key, value in y[key].map { isClose($0, value, relative: relative) } ?? false }
    #expect(matrixSame, "\(what): matrix differs (\(x.count) vs \(y.count) nonzeros)", sourceLocation: sourceLocation)
}

/// `lp` with its columns put in the order of `names` (a CPLEX LP file lists columns in order of
/// first appearance, so GLPK's reader may number them differently from the written model).
func reorderingColumns(_ lp: LinearProgram, like names: [String]) throws -> LinearProgram {
    let position = Dictionary(uniqueKeysWithValues: lp.columns.enumerated().map { ($0.element.name, $0.offset) })
    let order = try names.map { try #require(position[$0], "column \($0) missing") }
    var newIndex = [Int](repeating: -1, count: lp.columnCount)
    var copy = LinearProgram(name: lp.name, sense: lp.sense, objectiveConstant: lp.objectiveConstant)
    for (index, old) in order.enumerated() {
        newIndex[old] = index
        copy.addColumn(lp.columns[old])
    }
    for row in lp.rows { copy.addRow(name: row.name, lowerBound: row.lowerBound, upperBound: row.upperBound, terms: []) }
    for k in lp.entryValues.indices {
        copy.addCoefficient(row: Int(lp.entryRows[k]), column: newIndex[Int(lp.entryColumns[k])], value: lp.entryValues[k])
    }
    return copy
}
