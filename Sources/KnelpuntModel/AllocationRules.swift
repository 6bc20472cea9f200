// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntData
import KnelpuntLP

// The families every allocation rule needs, and the named operations by which the analysis
// sequences a rule's stages. The families are added once, so every stage has the same shape and
// warm-starts from the previous stage's basis; the stages change only bounds and the objective.

extension AllocationModel {
    /// True once ``addAllocationRuleFamilies()`` has run.
    public var hasAllocationRuleFamilies: Bool { shareFloorColumn != nil }

    /// The spread of the LP's coefficients, bounds and costs under the current objective
    /// (``LinearProgram/numericalRange()``), checked before a stage is solved.
    public func numericalRange() -> NumericalRange { lp.numericalRange() }

    /// Adds, in this order, the q_i columns, the λ column, the share rows and the fill rows
    /// (see each family), with λ fixed at 0 and every fill row off: the LP still has the
    /// cost stage's optimum. Call once, on a model built by ``build(dataset:view:)``. In the
    /// request view the members are the requests, with q_r = 1 − g_r/R_r
    /// (``addGrantRuleFamilies()``).
    public mutating func addAllocationRuleFamilies() {
        precondition(!hasAllocationRuleFamilies, "the allocation-rule families are already in the model")
        costStageCosts = lp.columns.map(\.cost)
        if view.allocation == .requests {
            addGrantRuleFamilies()
            return
        }
        addShortfallColumns()
        addShareFloorColumn()
        addShareRows()
        addFillRows()
    }

    /// Unserved fraction of each pair, q_i ∈ [0, 1] (dimensionless, no cost); r_i = 1 − q_i is
    /// its served share. A pair whose share is fixed at s_i gets q_i ≤ 1 − s_i + tolerance
    /// (``fixShare(pair:share:tolerance:)``).
    mutating func addShortfallColumns() {
        for pair in view.pairs {
            shortfallColumn.append(appendColumn(.shortfall(pair.key), name: "q[\(pair.key)]", lower: 0, upper: 1, cost: 0))
        }
    }

    /// Common share floor of the pairs being filled, λ ∈ [0, 1] (dimensionless, no cost); fixed
    /// at 0 while no fill row is on (``setFillRows(active:floorLowerBound:)``).
    mutating func addShareFloorColumn() {
        shareFloorColumn = appendColumn(.shareFloor, name: "lambda", lower: 0, upper: 0, cost: 0)
    }

    /// Share definition of pair i (dimensionless), one row per pair:
    ///
    ///     Σ_t (w_t / E_i)·u[i,t] − q_i = 0
    ///
    /// with E_i = Σ_t w_t·D_i(t) the pair's annual demand in MWh.
    mutating func addShareRows() {
        for (i, pair) in view.pairs.enumerated() {
            var terms: [(column: Int, coefficient: Double)] = []
            for t in weightsHours.indices { terms.append((unservedColumn[i][t], weightsHours[t] / pair.annualDemandMWh)) }
            terms.append((shortfallColumn[i], -1))
            shareRow.append(appendRow(.share(pair.key), name: "share[\(pair.key)]", lower: 0, upper: 0, terms: terms))
        }
    }

    /// Fill row of pair i (dimensionless), one row per pair: `q_i + λ ≤ 1`, i.e. r_i ≥ λ. On
    /// (upper side 1) for the pairs being filled, off (free) otherwise.
    mutating func addFillRows() {
        guard let floor = shareFloorColumn else { return }
        for (i, pair) in view.pairs.enumerated() {
            fillRow.append(
                appendRow(
                    .fill(pair.key), name: "fill[\(pair.key)]", lower: -.infinity, upper: .infinity,
                    terms: [(shortfallColumn[i], 1), (floor, 1)]))
        }
    }

    // MARK: - Stage operations

    /// Objective: minimise the cost stage's cost (€ per year); the rule columns cost nothing.
    public mutating func setCostObjective() {
        setObjective(sense: .minimize)
        for (j, cost) in costStageCosts.enumerated() { setCost(j, cost) }
    }

    /// Objective: minimise the agreed flexible curtailment Σ_f Σ_t w_t·z[f,t] (MWh). The `cost`
    /// rule's last stage uses it on the minimum-cost face, where cost is constant: of the
    /// allocations that cost the same, flex is called only as far as it lowers cost.
    public mutating func setFlexObjective() {
        setObjective(sense: .minimize)
        for case let columns? in flexColumn {
            for (t, column) in columns.enumerated() { if let column { setCost(column, weightsHours[t]) } }
        }
    }

    /// Objective: maximise λ (dimensionless).
    public mutating func setFloorObjective() {
        setObjective(sense: .maximize)
        if let floor = shareFloorColumn { setCost(floor, 1) }
    }

    /// Objective: minimise q_j (raise pair j's share as far as possible).
    public mutating func setShortfallObjective(pair j: Int) {
        setObjective(sense: .minimize)
        setCost(shortfallColumn[j], 1)
    }

    /// Objective: minimise Σ_{j in pairs} q_j (a witness that many pairs can rise at once).
    public mutating func setTotalShortfallObjective(pairs: [Int]) {
        setObjective(sense: .minimize)
        for j in pairs { setCost(shortfallColumn[j], 1) }
    }

    /// Switches the fill rows on for the `active` pairs and off for the rest; λ ∈
    /// [`floorLowerBound`, 1], or fixed at 0 when no pair is active.
    public mutating func setFillRows(active: Set<Int>, floorLowerBound: Double) {
        for (i, row) in fillRow.enumerated() {
            setRowBounds(row, lower: -.infinity, upper: active.contains(i) ? 1 : .infinity)
        }
        if let floor = shareFloorColumn {
            setColumnBounds(floor, lower: active.isEmpty ? 0 : floorLowerBound, upper: active.isEmpty ? 0 : 1)
        }
    }

    /// Holds pair i's share at ≥ `share` − `tolerance`: q_i ≤ 1 − share + tolerance (within [0, 1]).
    public mutating func fixShare(pair i: Int, share: Double, tolerance: Double) {
        setColumnBounds(shortfallColumn[i], lower: 0, upper: min(1, max(0, 1 - share + tolerance)))
    }

    /// Restricts the model to the optimal face of the stage solved in `result`.
    ///
    /// By complementary slackness, a feasible point is optimal if and only if it keeps every
    /// column with a nonzero reduced cost at its bound and every row with a nonzero dual at its
    /// active side, for any one optimal dual solution. So fixing those bounds leaves exactly the
    /// set of optimal allocations. A reduced cost or dual counts as nonzero above `tolerance`
    /// (× (1 + the column's |cost|) for columns), in objective units. The active side is the one
    /// whose ``SolveResult/marginalValue(ofRow:side:)`` is positive (read from the duals, not
    /// from a basis: a decomposed solve reports coupling rows as basic). Every column and row
    /// counts, the rule columns and rows too: an optimal dual may put a nonzero reduced cost on
    /// q_i instead of on the pair's u columns.
    public mutating func restrictToOptimalFace(of result: SolveResult, tolerance: Double) {
        guard result.dualStatus == .feasiblePoint else { return }
        for j in 0..<lp.columnCount where abs(result.columnReducedCosts[j]) > tolerance * (1 + abs(lp.columns[j].cost)) {
            let column = lp.columns[j]
            let bound = (result.marginalValue(ofColumn: j, side: .lower) ?? 0) > 0 ? column.lowerBound : column.upperBound
            if bound.isFinite { setColumnBounds(j, lower: bound, upper: bound) }
        }
        for i in 0..<lp.rowCount where abs(result.rowDuals[i]) > tolerance {
            let row = lp.rows[i]
            let bound = (result.marginalValue(ofRow: i, side: .lower) ?? 0) > 0 ? row.lowerBound : row.upperBound
            if bound.isFinite { setRowBounds(i, lower: bound, upper: bound) }
        }
    }

    /// How the current bounds determine pair i's share without a solve, if they do.
    public enum DeterminedShare: Sendable, Hashable {
        /// q_i itself is fixed (e.g. by ``restrictToOptimalFace(of:tolerance:)``) at 1 − share.
        case byShortfall(share: Double)
        /// Every u[i,t] is fixed, so the share is 1 − Σ_t w_t·u[i,t] / E_i.
        case byUnserved(share: Double)
    }

    /// Rule member i's share when the current bounds pin it (see ``DeterminedShare``), else
    /// `nil`. In the request view a pinned grant counts as ``DeterminedShare/byUnserved(share:)``.
    public func determinedShare(pair i: Int) -> DeterminedShare? {
        let shortfall = lp.columns[shortfallColumn[i]]
        if shortfall.lowerBound == shortfall.upperBound { return .byShortfall(share: 1 - shortfall.lowerBound) }
        if view.allocation == .requests {
            let grant = lp.columns[grantColumn[i]]
            guard grant.lowerBound == grant.upperBound else { return nil }
            return .byUnserved(share: grant.lowerBound / view.requests[i].requestedMW)
        }
        var unserved = 0.0
        for t in weightsHours.indices {
            let column = lp.columns[unservedColumn[i][t]]
            guard column.lowerBound == column.upperBound else { return nil }
            unserved += weightsHours[t] * column.lowerBound
        }
        return .byUnserved(share: 1 - unserved / view.pairs[i].annualDemandMWh)
    }

    /// Served share r_i = 1 − Σ_t w_t·u[i,t] / E_i of each pair in a solution (recomputed from
    /// u, not read from q); in the request view the granted share g_r/R_r of each request.
    public func servedShares(_ result: SolveResult) -> [Double] {
        if view.allocation == .requests {
            return view.requests.indices.map { r in result.columnValues[grantColumn[r]] / view.requests[r].requestedMW }
        }
        return view.pairs.indices.map { i in
            var unserved = 0.0
            for t in weightsHours.indices { unserved += weightsHours[t] * result.columnValues[unservedColumn[i][t]] }
            return 1 - unserved / view.pairs[i].annualDemandMWh
        }
    }
}
