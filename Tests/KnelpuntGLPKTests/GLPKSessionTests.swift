// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntGLPK
import KnelpuntLP
import Testing

/// A session keeps the LP loaded between stages; every solve must equal, bit for bit, the fresh
/// solve of the same LP from the same starting basis (same iterations, values, duals, basis).
@Suite struct GLPKSessionTests {
    static func expectIdentical(_ a: SolveResult, _ b: SolveResult, _ label: String) {
        #expect(a.termination == b.termination && a.iterations == b.iterations, "\(label): \(a.iterations) vs \(b.iterations) iterations")
        #expect(a.columnValues == b.columnValues && a.rowDuals == b.rowDuals && a.columnReducedCosts == b.columnReducedCosts, "\(label)")
        #expect(a.basis == b.basis && a.objectiveValue == b.objectiveValue, "\(label)")
    }

    @Test func stagesInOneSessionEqualFreshSolves() throws {
        let session = try #require(GLPKSolver().makeSession())
        let base = ScaleFactorReuseTests.badlyScaled(seed: 11) { [1, 10, 100, 1000][$0 % 4] }.lp
        let other = ScaleFactorReuseTests.badlyScaled(seed: 12) { _ in 1 }.lp
        // Stage-like edits of `base`: new costs (maximise too), a tighter bound, then `other`
        // (a different matrix: reloaded), then `base` again.
        var recosted = base
        for j in 0..<recosted.columnCount where j % 4 == 1 { recosted.setCost(j, recosted.columns[j].cost * 0.5) }
        var bounded = recosted
        bounded.setColumnBounds(3, lower: 0, upper: 2)
        bounded.setRowBounds(bounded.rowCount - 1, lower: bounded.rows[bounded.rowCount - 1].lowerBound, upper: 1e4)
        var maximised = bounded
        maximised.sense = .maximize
        maximised.clearObjective()
        maximised.setCost(0, 1)
        var options = SolveOptions()
        var basis: LPBasis?
        for (lp, label) in [
            (base, "base"), (recosted, "recosted"), (bounded, "bounded"), (maximised, "maximised"), (other, "other"), (base, "base again"),
        ] {
            options.startingBasis = basis.flatMap { $0.rowStatus.count == lp.rowCount && $0.columnStatus.count == lp.columnCount ? $0 : nil }
            options.method = options.startingBasis == nil ? .dualThenPrimal : .primal
            let inSession = try session.solve(lp, options: options)
            let fresh = try GLPKSolver().solve(lp, options: options)
            Self.expectIdentical(inSession, fresh, label)
            #expect(inSession.isSolvedAndFeasible(requireDual: true), "\(label)")
            basis = inSession.basis
        }
    }
}
