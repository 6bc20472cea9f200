// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntData
import KnelpuntLP
import KnelpuntModel

/// A probe the slices cannot certify, proven optimal with the duals of an earlier probe.
///
/// Probes at nodes between which nothing congests often share one limit (on `nl`, most offtake
/// probes of a year stop at the same national limit of the dunkelflaute slices, where energy
/// budgets couple the slices). Let π be the optimal row duals of an earlier probe A with optimum
/// Y (an LP of the whole year). The probe LP of B differs from A's only in which probe column is
/// open and in the objective, so π is dual feasible for B's LP as soon as B's column has a zero
/// reduced cost 1 − a_Bᵀπ (rows added since A get a zero dual), and its dual objective is Y again:
/// y*_B ≤ Y. When the decomposed LP with B's probe fixed at Y is feasible (by timeslice, with the
/// lazy N-1 loop), that point reaches the bound, so y*_B = Y. The pair (that point, π) is checked
/// by ``OptimalityCertificate`` on B's own probe LP, like every stage; anything short of a passed
/// certificate leaves B to its own LP of the whole year.
struct SharedDualCertificate {
    /// The earlier probe's optimum, MW, and its row duals over the probe model's rows of then.
    var mw: Double
    var rowDuals: [Double]

    /// B's column (its entries: row, coefficient) passes the reduced-cost test against these
    /// duals: |1 − a_Bᵀπ| ≤ `tolerance`.
    func fits(columnEntries: [(row: Int, value: Double)], tolerance: Double) -> Bool {
        let priced = columnEntries.reduce(0.0) { $0 + ($1.row < rowDuals.count ? $1.value * rowDuals[$1.row] : 0) }
        return abs(1 - priced) <= tolerance
    }

    /// A result of `lp` (B's probe LP, objective max y_B) at `point` with these duals (zero on
    /// the rows added since), activities and reduced costs recomputed from the matrix.
    func result(for lp: LinearProgram, at point: [Double]) -> SolveResult {
        var duals = rowDuals
        duals += [Double](repeating: 0, count: max(0, lp.rowCount - duals.count))
        var activities = [Double](repeating: 0, count: lp.rowCount)
        var reducedCosts = lp.columns.map(\.cost)
        for k in lp.entryValues.indices {
            let (i, j, a) = (Int(lp.entryRows[k]), Int(lp.entryColumns[k]), lp.entryValues[k])
            activities[i] += a * point[j]
            reducedCosts[j] -= a * duals[i]
        }
        let objective = zip(lp.columns, point).reduce(lp.objectiveConstant) { $0 + $1.0.cost * $1.1 }
        return SolveResult(
            termination: .optimal, primalStatus: .feasiblePoint, dualStatus: .feasiblePoint,
            raw: RawSolverStatus(returnCode: "shared duals", solutionStatus: "certified", message: "an earlier probe's duals"),
            sense: lp.sense, objectiveValue: objective, columnValues: point, rowActivities: activities, rowDuals: duals,
            columnReducedCosts: reducedCosts)
    }
}

extension PolicyEngine {
    /// y*_B of the probe at `node` in `direction` from one of `certificates` (most recent first;
    /// see ``SharedDualCertificate``), or `nil` when none proves it. On success `probeModel`
    /// keeps the post-contingency rows the feasibility solve added.
    func sharedDualProbe(
        _ probeModel: inout AllocationModel, node n: Int, _ direction: CapacityProbeDirection, certificates: [SharedDualCertificate],
        run: inout CapacityMapRun
    ) throws(AnalysisError) -> Double? {
        guard let column = probeModel.capacityProbeColumn(node: n, direction) else { return nil }
        let tolerance = certificate ?? FeasibilityTolerance()
        let lp = probeModel.lp
        let entries = lp.entryValues.indices.filter { Int(lp.entryColumns[$0]) == column }.map {
            (row: Int(lp.entryRows[$0]), value: lp.entryValues[$0])
        }
        guard let candidate = certificates.reversed().first(where: { $0.fits(columnEntries: entries, tolerance: tolerance.relative) })
        else { return nil }
        // From the final stage's basis (mapped by key), as the probes' own LPs start.
        var check = probeEngine(probeModel, start: basis.map { WarmStart(model: model, basis: $0) }, options: baseOptions)
        check.model.fixCapacityProbe(node: n, direction, atMW: candidate.mw)
        let feasible: SolveResult
        do {
            feasible = try Self.runCounted(
                &check, "capacity map: \(dataset.nodes[n].id) \(direction.rawValue) at \(candidate.mw) MW (an earlier probe's bound)", run: &run)
        } catch {
            guard error.isInfeasibleStage else { throw error }
            return nil
        }
        var own = check.model
        own.setCapacityProbeObjective(node: n, direction)
        let proof = candidate.result(for: own.lp, at: feasible.columnValues)
        guard OptimalityCertificate.check(own.lp, proof, tolerance: tolerance).isFeasible else { return nil }
        probeModel = own
        return candidate.mw
    }
}
