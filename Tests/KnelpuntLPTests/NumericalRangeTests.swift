// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntLP
import Testing

/// ``LinearProgram/numericalRange()`` and its warnings.
@Suite struct NumericalRangeTests {
    func lp(coefficient: Double, cost: Double, bound: Double) -> LinearProgram {
        var lp = LinearProgram(name: "scaled")
        let x = lp.addColumn(name: "x", lowerBound: 0, upperBound: bound, cost: 2)
        let y = lp.addColumn(name: "y", lowerBound: -.infinity, upperBound: 5, cost: cost)
        let z = lp.addColumn(name: "z", lowerBound: 0, upperBound: 1, cost: 0)
        lp.addRow(name: "r1", lowerBound: 1, upperBound: .infinity, terms: [(x, 1), (y, coefficient)])
        lp.addRow(name: "r2", lowerBound: -.infinity, upperBound: 0, terms: [(x, 3), (z, -0.5)])
        return lp
    }

    @Test func rangesNameBothEnds() throws {
        let range = lp(coefficient: 1e-6, cost: 4e5, bound: 7).numericalRange()
        let coefficients = try #require(range.coefficients)
        #expect(coefficients.smallest == 1e-6 && coefficients.smallestAt == "r1 / y")
        #expect(coefficients.largest == 3 && coefficients.largestAt == "r2 / x")
        let objective = try #require(range.objective)
        #expect(objective.smallest == 2 && objective.smallestAt == "x" && objective.largest == 4e5 && objective.largestAt == "y")
        let bounds = try #require(range.bounds)
        // Zero and infinite bounds are left out.
        #expect(bounds.smallest == 1 && bounds.largest == 7 && bounds.largestAt == "x")
        #expect(range.warnings.isEmpty)
    }

    @Test func wideRatiosAreWarnings() {
        let warnings = lp(coefficient: 1e-10, cost: 1e10, bound: 1e12).numericalRange().warnings
        #expect(warnings.count == 3)
        #expect(warnings.first == "matrix coefficients span a ratio of 3e+10 (from 1e-10 at r1 / y to 3 at r2 / x), beyond 1e+09")
        #expect(warnings.contains { $0.hasPrefix("objective coefficients span a ratio of 5e+09 (from 2 at x to 1e+10 at y)") })
        #expect(warnings.contains { $0 == "a bound of 1e+12 at x is above 1e+11" })
    }

    @Test func emptyAndZeroLPsHaveNoRange() {
        var lp = LinearProgram()
        lp.addColumn(name: "x", lowerBound: 0, upperBound: .infinity, cost: 0)
        let range = lp.numericalRange()
        #expect(range.coefficients == nil && range.objective == nil && range.bounds == nil)
        #expect(range.warnings.isEmpty)
    }
}
