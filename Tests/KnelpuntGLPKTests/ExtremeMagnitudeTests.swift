// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntGLPK
import KnelpuntLP
import Testing

/// LPs with magnitudes that valid datasets can no longer produce (subnormal and huge
/// coefficients, bounds and costs) must never abort the process, with any backend: the solver
/// returns a status or throws.
@Suite("Extreme magnitudes never abort the process")
struct ExtremeMagnitudeTests {
    static let magnitudes: [Double] = [
        .leastNonzeroMagnitude, Double("1e-320")!, .leastNormalMagnitude, 1e-300, 1e-12, 1e12, 4.5e70, 1e300, .greatestFiniteMagnitude,
    ]

    @Test("a transport LP with one extreme value in each place", arguments: SolverUnderTest.all, magnitudes)
    func extremeValue(_ backend: SolverUnderTest, _ value: Double) {
        for place in 0..<4 {
            // min Σ cost·x + 1000·u over two slices: x_t + u_t = demand_t, x_t ≤ cap_t, linked by a budget row.
            var lp = LinearProgram(name: "extreme")
            for t in 0..<2 {
                lp.addColumn(name: "x\(t)", lowerBound: 0, upperBound: place == 0 ? value : 10, cost: place == 1 ? value : 1)
                lp.addColumn(name: "u\(t)", lowerBound: 0, upperBound: .infinity, cost: 1000)
            }
            for t in 0..<2 {
                lp.addRow(
                    name: "balance\(t)", lowerBound: place == 2 ? value : 5, upperBound: place == 2 ? value : 5,
                    terms: [(column: 2 * t, coefficient: place == 3 ? value : 1), (column: 2 * t + 1, coefficient: 1)])
            }
            lp.addRow(name: "budget", lowerBound: -.infinity, upperBound: 12, terms: [(column: 0, coefficient: 1), (column: 2, coefficient: 1)])
            // A status or a thrown error is an acceptable answer; an abort is not (it would end the
            // test run). A subnormal coefficient makes GLPK's scaling fail fatally: the guard must
            // turn that into `.solverFatal`.
            let subnormalCoefficient = place == 3 && value < .leastNormalMagnitude
            do {
                let result = try backend.solver(for: lp).solve(lp, options: SolveOptions())
                #expect(!subnormalCoefficient, "solved with a subnormal coefficient: \(result.termination)")
            } catch {
                guard subnormalCoefficient else { continue }
                guard case .solverFatal = error else {
                    Issue.record("expected a guarded fatal error, got \(error)")
                    continue
                }
            }
        }
    }
}
