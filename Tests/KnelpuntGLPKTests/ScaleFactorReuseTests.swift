// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import KnelpuntLP
import Testing

@testable import KnelpuntGLPK

/// A stage that changes only costs or bounds reuses the scale factors of the last matrix scaled
/// on its thread; the result must be the one a fresh thread (scaling from scratch) gives, bit for
/// bit, and a matrix that differs in one value must not take the old factors.
@Suite struct ScaleFactorReuseTests {
    /// The planted transport LP with supply row s multiplied by 10^(s mod 4) (same solutions,
    /// a badly scaled matrix, so GLPK's factors are not all 1).
    static func badlyScaled(seed: UInt64, rowFactor: (Int) -> Double) -> (lp: LinearProgram, objective: Double) {
        let planted = PlantedTransport(sources: 12, sinks: 15, seed: seed)
        var lp = LinearProgram(name: "scaled")
        for column in planted.lp.columns { lp.addColumn(column) }
        for s in 0..<planted.sources {
            let factor = rowFactor(s)
            lp.addRow(
                name: "supply[\(s)]", upperBound: factor * planted.supply[s],
                terms: (0..<planted.sinks).map { (column: planted.column(source: s, sink: $0), coefficient: factor) })
        }
        for t in 0..<planted.sinks {
            lp.addRow(
                name: "demand[\(t)]", lowerBound: planted.demand[t],
                terms: (0..<planted.sources).map { (column: planted.column(source: $0, sink: t), coefficient: 1.0) })
        }
        return (lp, planted.objective)
    }

    /// Runs `body` on a new thread, whose scale-factor cache is empty.
    static func onFreshThread<R>(_ body: @escaping @Sendable () throws(SolverError) -> R) throws -> R {
        nonisolated(unsafe) var outcome: Result<R, SolverError>?
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            outcome = Result { () throws(SolverError) -> R in try body() }
            done.signal()
        }
        thread.start()
        done.wait()
        return try outcome!.get()
    }

    static func solveOnFreshThread(_ lp: LinearProgram) throws -> SolveResult {
        try onFreshThread { () throws(SolverError) in try GLPKSolver().solve(lp, options: SolveOptions()) }
    }

    static func expectIdentical(_ a: SolveResult, _ b: SolveResult, _ label: String) {
        #expect(a.iterations == b.iterations && a.columnValues == b.columnValues && a.rowDuals == b.rowDuals, "\(label)")
        #expect(a.objectiveValue == b.objectiveValue, "\(label)")
    }

    @Test func reusedFactorsGiveTheFreshResult() throws {
        let solver = GLPKSolver()
        let (first, objective) = Self.badlyScaled(seed: 7) { pow(10, Double($0 % 4)) }
        // The same structure with one row's values changed (×1000 on supply row 0).
        let (other, _) = Self.badlyScaled(seed: 7) { $0 == 0 ? 1000 : pow(10, Double($0 % 4)) }
        var recosted = first
        for j in 0..<recosted.columnCount where j % 3 == 0 { recosted.setCost(j, recosted.columns[j].cost + 0.25) }
        recosted.setRowBounds(recosted.rowCount - 1, lower: recosted.rows[recosted.rowCount - 1].lowerBound, upper: 1e6)

        let a = try solver.solve(first, options: SolveOptions())
        let b = try solver.solve(other, options: SolveOptions())
        let c = try solver.solve(recosted, options: SolveOptions())
        let d = try solver.solve(recosted, options: SolveOptions())
        for (result, label) in [(a, "first"), (b, "other")] {
            #expect(isClose(result.objectiveValue ?? .nan, objective, relative: 1e-9), "\(label)")
        }
        Self.expectIdentical(b, try Self.solveOnFreshThread(other), "a different matrix is scaled afresh")
        // The factors themselves: after `first`, `other` gets its own (row 0 differs), and
        // `recosted` gets those of `first` again, each as a fresh thread computes them.
        let firstFactors = try GLPKScaleCache.factors(of: first)
        let otherFactors = try GLPKScaleCache.factors(of: other)
        let recostedFactors = try GLPKScaleCache.factors(of: recosted)
        #expect(firstFactors.rows != Array(repeating: 1, count: first.rowCount), "the matrix is scaled")
        #expect(otherFactors.rows[0] != firstFactors.rows[0])
        #expect(try Self.onFreshThread { () throws(SolverError) in try GLPKScaleCache.factors(of: other) } == otherFactors)
        #expect(recostedFactors == firstFactors)
        Self.expectIdentical(c, try Self.solveOnFreshThread(recosted), "new costs after another matrix")
        Self.expectIdentical(d, c, "the same matrix again")
    }
}
