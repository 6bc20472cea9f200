// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntLP

/// A transportation LP with a planted optimum, known without solving it.
///
///     minimise   Σ_ij c_ij·x_ij
///     subject to supply_i:  Σ_j x_ij ≤ s_i      (Σ s = Σ d: every row is tight)
///                demand_j:  Σ_i x_ij ≥ d_j,     x ≥ 0
///
/// Construction: integer demands and supplies with equal totals; the north-west-corner plan x*
/// on a spanning tree S of arcs; prices a_i ∈ [0, 4], b_j ∈ [5, 15]; costs c_ij = b_j − a_i on S
/// and b_j − a_i + p_ij with p_ij ∈ [0.5, 5] elsewhere. Then y_i = −a_i (≤ 0 on ≤ rows) and
/// w_j = b_j (≥ 0 on ≥ rows) are dual feasible, with reduced cost p_ij ≥ 0 and 0 on the support
/// of x*, so x* is optimal by complementary slackness, with objective
/// Σ_j b_j·d_j − Σ_i a_i·s_i. It is the unique optimum: any optimum is 0 where p_ij > 0, and on
/// the tree S the flows are fixed by the tight rows.
struct PlantedTransport: Sendable {
    let sources: Int
    let sinks: Int
    let supply: [Double]
    let demand: [Double]
    /// x*, indexed like the LP's columns (source-major).
    let plan: [Double]
    /// The optimum from the dual certificate (not from the plan), for an independent check.
    let objective: Double
    let lp: LinearProgram

    func column(source: Int, sink: Int) -> Int { source * sinks + sink }

    init(sources: Int, sinks: Int, seed: UInt64) {
        precondition(sources >= 1 && sinks >= 1)
        self.sources = sources
        self.sinks = sinks
        var random = SplitMix64(seed: seed)
        let demand = (0..<sinks).map { _ in Double(Int.random(in: 10...50, using: &random)) }
        let total = Int(demand.reduce(0, +))
        // Split the total into `sources` positive integer supplies by distinct cut points.
        var cuts = Set<Int>()
        while cuts.count < min(sources - 1, total - 1) { cuts.insert(Int.random(in: 1..<total, using: &random)) }
        let bounds = [0] + cuts.sorted() + [total]
        let supply = (0..<sources).map { Double(bounds[$0 + 1] - bounds[$0]) }

        // North-west corner plan; when a source and a sink run out together, a zero-flow arc
        // keeps the support a spanning tree.
        var plan = [Double](repeating: 0, count: sources * sinks)
        var support = Set<Int>()
        var restSupply = supply
        var restDemand = demand
        var i = 0
        var j = 0
        while i < sources && j < sinks {
            let amount = min(restSupply[i], restDemand[j])
            plan[i * sinks + j] = amount
            support.insert(i * sinks + j)
            restSupply[i] -= amount
            restDemand[j] -= amount
            if restSupply[i] == 0 && restDemand[j] == 0 {
                if j + 1 < sinks, i + 1 < sources { support.insert(i * sinks + j + 1) }
                i += 1
                j += 1
            } else if restSupply[i] == 0 {
                i += 1
            } else {
                j += 1
            }
        }

        let a = (0..<sources).map { _ in Double.random(in: 0...4, using: &random) }
        let b = (0..<sinks).map { _ in Double.random(in: 5...15, using: &random) }
        var lp = LinearProgram(name: "transport-\(sources)x\(sinks)-\(seed)")
        for s in 0..<sources {
            for t in 0..<sinks {
                let penalty = support.contains(s * sinks + t) ? 0 : Double.random(in: 0.5...5, using: &random)
                lp.addColumn(name: "x[\(s),\(t)]", lowerBound: 0, upperBound: .infinity, cost: b[t] - a[s] + penalty)
            }
        }
        for s in 0..<sources {
            lp.addRow(
                name: "supply[\(s)]", lowerBound: -.infinity, upperBound: supply[s],
                terms: (0..<sinks).map { (column: s * sinks + $0, coefficient: 1.0) })
        }
        for t in 0..<sinks {
            lp.addRow(
                name: "demand[\(t)]", lowerBound: demand[t], upperBound: .infinity,
                terms: (0..<sources).map { (column: $0 * sinks + t, coefficient: 1.0) })
        }
        self.supply = supply
        self.demand = demand
        self.plan = plan
        self.objective = zip(b, demand).map(*).reduce(0, +) - zip(a, supply).map(*).reduce(0, +)
        self.lp = lp
    }

    /// The support arc with the largest planned flow (its column index).
    var largestFlowColumn: Int { plan.indices.max { plan[$0] < plan[$1] }! }
}
