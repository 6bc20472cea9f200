// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntData
import KnelpuntLP
import KnelpuntModel

/// The allocation LP extended with the structure every allocation rule needs, built once so that
/// every stage has the same shape and can warm-start from the previous stage's basis:
///
/// - q_i ∈ [0, 1]: the unserved fraction of pair i, defined by the row
///   `Σ_t (w_t / E_i)·u[i,t] − q_i = 0` (dimensionless; r_i = 1 − q_i is the served share);
/// - λ ∈ [0, 1]: the common share floor of the pairs being filled;
/// - fill rows `q_i + λ ≤ 1` (r_i ≥ λ), switched on (upper bound 1) for the pairs being filled
///   and off (free) otherwise;
///
/// The `cost` rule restricts the model to its optimal face instead (see
/// ``restrictToOptimalFace(_:)``), which is exact: no cost slack for the later stages to exploit.
///
/// A pair whose share is fixed at s_i gets the column bound q_i ≤ 1 − s_i + tolerance.
/// Stages only change bounds and objective coefficients.
struct PolicyLP {
    var model: AllocationModel
    let baseColumnCount: Int
    let baseCosts: [Double]
    /// Column of q_i per pair.
    let shortfallColumn: [Int]
    let floorColumn: Int
    /// Row `q_i + λ ≤ 1` per pair.
    let fillRow: [Int]

    init(model base: AllocationModel) {
        var model = base
        baseColumnCount = base.lp.columnCount
        baseCosts = base.lp.columns.map(\.cost)
        let weights = base.weightsHours
        var shortfall: [Int] = []
        for pair in base.view.pairs {
            let column = model.addPolicyColumn(name: "q[\(pair.key)]", lower: 0, upper: 1)
            shortfall.append(column)
        }
        floorColumn = model.addPolicyColumn(name: "lambda", lower: 0, upper: 0)
        for (i, pair) in base.view.pairs.enumerated() {
            var terms: [(column: Int, coefficient: Double)] = []
            for t in weights.indices { terms.append((base.unservedColumn[i][t], weights[t] / pair.annualDemandMWh)) }
            terms.append((shortfall[i], -1))
            model.addPolicyRow(name: "share[\(pair.key)]", lower: 0, upper: 0, terms: terms)
        }
        var fill: [Int] = []
        for (i, pair) in base.view.pairs.enumerated() {
            fill.append(model.addPolicyRow(name: "fill[\(pair.key)]", lower: -.infinity, upper: .infinity,
                                           terms: [(shortfall[i], 1), (floorColumn, 1)]))
        }
        shortfallColumn = shortfall
        fillRow = fill
        self.model = model
    }

    var pairCount: Int { shortfallColumn.count }

    /// The objective: minimise the original cost.
    mutating func setCostObjective() {
        model.lp.sense = .minimize
        for j in 0..<model.lp.columnCount { model.lp.setCost(j, j < baseColumnCount ? baseCosts[j] : 0) }
    }

    /// The objective: minimise the agreed flexible curtailment Σ_f Σ_t w_t·z[f,t] (MWh). The
    /// `cost` rule's last stage uses it on the minimum-cost face, where cost is constant: of the
    /// allocations that cost the same, flex is called only as far as it lowers cost.
    mutating func setFlexObjective() {
        model.lp.sense = .minimize
        model.lp.clearObjective()
        let weights = model.weightsHours
        for case let columns? in model.flexColumn {
            for (t, column) in columns.enumerated() { if let column { model.lp.setCost(column, weights[t]) } }
        }
    }

    /// The objective: maximise λ.
    mutating func setFloorObjective() {
        model.lp.sense = .maximize
        model.lp.clearObjective()
        model.lp.setCost(floorColumn, 1)
    }

    /// The objective: minimise q_j (raise pair j's share as far as possible).
    mutating func setShortfallObjective(pair j: Int) {
        model.lp.sense = .minimize
        model.lp.clearObjective()
        model.lp.setCost(shortfallColumn[j], 1)
    }

    /// The objective: minimise Σ_{j in pairs} q_j (a witness that many pairs can rise at once).
    mutating func setTotalShortfallObjective(pairs: [Int]) {
        model.lp.sense = .minimize
        model.lp.clearObjective()
        for j in pairs { model.lp.setCost(shortfallColumn[j], 1) }
    }

    /// Switches the fill rows on for `active` pairs and off for the rest; λ ∈ [lower, 1].
    mutating func setFilling(active: Set<Int>, floorLowerBound: Double) {
        for i in 0..<pairCount {
            model.lp.setRowBounds(fillRow[i], lower: -.infinity, upper: active.contains(i) ? 1 : .infinity)
        }
        model.lp.setColumnBounds(floorColumn, lower: active.isEmpty ? 0 : floorLowerBound, upper: active.isEmpty ? 0 : 1)
    }

    /// Fixes pair i's share at ≥ `share` − `tolerance`.
    mutating func fixShare(pair i: Int, share: Double, tolerance: Double) {
        model.lp.setColumnBounds(shortfallColumn[i], lower: 0, upper: min(1, max(0, 1 - share + tolerance)))
    }

    /// Restricts the allocation model to the optimal face of the cost stage solved in `result`.
    ///
    /// By complementary slackness, a feasible point is cost-optimal if and only if it keeps
    /// every column with a nonzero reduced cost at its bound and every row with a nonzero dual
    /// at its active side, for any one optimal dual solution. So fixing those bounds leaves
    /// exactly the set of minimum-cost allocations. A reduced cost or dual counts as nonzero above
    /// `tolerance` × (1 + the column's |cost|), in objective units.
    mutating func restrictToOptimalFace(_ result: SolveResult, tolerance: Double) {
        guard result.dualStatus == .feasiblePoint else { return }
        // The side is read from the sign of the dual (minimising: positive = pushing against the
        // lower side), not from a basis: a decomposed solve reports coupling rows as basic.
        // Every column and row counts, the rules' q_i and share rows too: an optimal dual may
        // put a nonzero reduced cost on q_i instead of on the pair's u columns.
        let direction: Double = result.sense == .minimize ? 1 : -1
        for j in 0..<model.lp.columnCount where abs(result.columnReducedCosts[j]) > tolerance * (1 + abs(model.lp.columns[j].cost)) {
            let column = model.lp.columns[j]
            let bound = direction * result.columnReducedCosts[j] > 0 ? column.lowerBound : column.upperBound
            if bound.isFinite { model.lp.setColumnBounds(j, lower: bound, upper: bound) }
        }
        for i in 0..<model.lp.rowCount where abs(result.rowDuals[i]) > tolerance {
            let row = model.lp.rows[i]
            let bound = direction * result.rowDuals[i] > 0 ? row.lowerBound : row.upperBound
            if bound.isFinite { model.lp.setRowBounds(i, lower: bound, upper: bound) }
        }
    }

    /// Served share r_i = 1 − q_i of each pair in a solution (recomputed from u, not read from q).
    func shares(_ result: SolveResult) -> [Double] {
        let weights = model.weightsHours
        return model.view.pairs.indices.map { i in
            var unserved = 0.0
            for t in weights.indices { unserved += weights[t] * result.columnValues[model.unservedColumn[i][t]] }
            return 1 - unserved / model.view.pairs[i].annualDemandMWh
        }
    }
}
