// SPDX-License-Identifier: GPL-3.0-or-later

/// An independent proof that a reported point is optimal, from the LP data and the raw
/// vectors alone (nothing else the solver says is trusted):
///
/// 1. **Primal feasibility**: every column within its bounds; every row activity Σ a·x
///    recomputed from the matrix and within the row's sides; the reported activities and
///    objective agree with the recomputed ones.
/// 2. **Dual feasibility**: reduced costs recomputed as d = c − Aᵀy (and compared with the
///    reported ones); every row dual and reduced cost has a sign whose bound exists. With
///    ``SolveResult``'s convention, when minimising a positive value pushes against the lower
///    side and a negative one against the upper side (reversed when maximising), so e.g. a
///    negative reduced cost on a column without an upper bound is dual infeasible.
/// 3. **Complementary slackness**: a nonzero dual sits at the bound its sign selects
///    (|dual| × distance, in objective units).
/// 4. **Zero duality gap**: the dual objective `constant + Σ_i y_i·(selected side of row i) +
///    Σ_j d_j·(selected bound of column j)` equals the primal objective recomputed from x. (A
///    dual within its tolerance of zero selects no bound and contributes `dual × value`.)
///
/// Feasible primal and dual points with equal objectives are optimal (weak duality), so a
/// feasible but suboptimal point cannot pass whatever duals come with it. Tolerances are
/// ``FeasibilityTolerance``'s. The cost is two passes over the nonzeros.
public enum OptimalityCertificate {
    /// Certifies an optimal `result` of `lp`; a result without an optimal primal and dual
    /// point fails (there is nothing to certify).
    public static func check(_ lp: LinearProgram, _ result: SolveResult, tolerance: FeasibilityTolerance = FeasibilityTolerance())
        -> FeasibilityReport
    {
        guard result.isSolvedAndFeasible(requireDual: true) else {
            var report = FeasibilityReport()
            report.record(
                .dimensions, "solution", amount: .infinity, allowed: 0,
                "nothing to certify: termination \(result.termination.rawValue), primal \(result.primalStatus.rawValue), dual \(result.dualStatus.rawValue)"
            )
            report.settle()
            return report
        }
        return check(
            lp, columnValues: result.columnValues, rowActivities: result.rowActivities,
            duals: (rows: result.rowDuals, reducedCosts: result.columnReducedCosts),
            objectiveValue: result.objectiveValue, tolerance: tolerance)
    }

    /// Checks a primal point (`rowActivities` and `objectiveValue` as reported, may be empty /
    /// `nil`) and, when `duals` are given, dual feasibility, complementary slackness and the gap.
    public static func check(
        _ lp: LinearProgram, columnValues x: [Double], rowActivities reported: [Double],
        duals: (rows: [Double], reducedCosts: [Double])?, objectiveValue: Double?,
        tolerance: FeasibilityTolerance = FeasibilityTolerance()
    ) -> FeasibilityReport {
        var checker = Checker(lp: lp, tolerance: tolerance)
        checker.run(x: x, reported: reported, duals: duals, objectiveValue: objectiveValue)
        checker.report.settle()
        return checker.report
    }
}

/// The state of one certificate check.
private struct Checker {
    let lp: LinearProgram
    let tolerance: FeasibilityTolerance
    var report = FeasibilityReport()

    init(lp: LinearProgram, tolerance: FeasibilityTolerance) {
        self.lp = lp
        self.tolerance = tolerance
    }

    /// A row or column, formatted only for a violation (checks run on every stage LP).
    enum Item {
        case row(Int)
        case column(Int)
    }

    func subject(_ item: Item) -> String {
        switch item {
        case .row(let i): return rowSubject(i)
        case .column(let j): return columnSubject(j)
        }
    }

    func columnSubject(_ j: Int) -> String { lp.columns[j].name.isEmpty ? "column #\(j)" : "column \(lp.columns[j].name)" }
    func rowSubject(_ i: Int) -> String { lp.rows[i].name.isEmpty ? "row #\(i)" : "row \(lp.rows[i].name)" }

    static func finiteMagnitude(_ lower: Double, _ upper: Double) -> Double {
        max(lower.isFinite ? abs(lower) : 0, upper.isFinite ? abs(upper) : 0)
    }

    mutating func run(x: [Double], reported: [Double], duals: (rows: [Double], reducedCosts: [Double])?, objectiveValue: Double?) {
        guard x.count == lp.columnCount else {
            report.record(.dimensions, "primal", amount: .infinity, allowed: 0, "primal vector has \(x.count) values for \(lp.columnCount) columns")
            return
        }
        var primalObjective = lp.objectiveConstant
        var objectiveMagnitude = abs(lp.objectiveConstant)
        for (j, column) in lp.columns.enumerated() {
            let worst = max(column.lowerBound - x[j], x[j] - column.upperBound, 0)
            let allowed = tolerance.absolute + tolerance.relative * Self.finiteMagnitude(column.lowerBound, column.upperBound)
            report.maxPrimalViolation = max(report.maxPrimalViolation, worst)
            if !x[j].isFinite || !(worst <= allowed) {
                report.record(
                    .columnBound, columnSubject(j), amount: x[j].isFinite ? worst : .infinity, allowed: allowed,
                    "\(columnSubject(j)) = \(x[j]) outside [\(column.lowerBound), \(column.upperBound)]")
            }
            primalObjective += column.cost * x[j]
            objectiveMagnitude += abs(column.cost * x[j])
        }
        var activity = [Double](repeating: 0, count: lp.rowCount)
        var magnitude = activity
        for k in lp.entryValues.indices {
            let term = lp.entryValues[k] * x[Int(lp.entryColumns[k])]
            let i = Int(lp.entryRows[k])
            activity[i] += term
            magnitude[i] += abs(term)
        }
        if !reported.isEmpty, reported.count != lp.rowCount {
            report.record(
                .dimensions, "rows", amount: .infinity, allowed: 0, "row activity vector has \(reported.count) values for \(lp.rowCount) rows")
        }
        for (i, row) in lp.rows.enumerated() {
            let worst = max(row.lowerBound - activity[i], activity[i] - row.upperBound, 0)
            let allowed = tolerance.absolute + tolerance.relative * max(Self.finiteMagnitude(row.lowerBound, row.upperBound), magnitude[i])
            report.maxPrimalViolation = max(report.maxPrimalViolation, worst)
            if !(worst <= allowed) {
                report.record(
                    .rowBound, rowSubject(i), amount: worst, allowed: allowed,
                    "\(rowSubject(i)) activity \(activity[i]) outside [\(row.lowerBound), \(row.upperBound)]")
            }
            if reported.count == lp.rowCount, !(abs(reported[i] - activity[i]) <= allowed) {
                report.record(
                    .reportedValue, rowSubject(i), amount: abs(reported[i] - activity[i]), allowed: allowed,
                    "\(rowSubject(i)): reported activity \(reported[i]) but recomputed \(activity[i])")
            }
        }
        let objectiveAllowed = tolerance.absolute + tolerance.relative * objectiveMagnitude
        if let objectiveValue, !(abs(objectiveValue - primalObjective) <= objectiveAllowed) {
            report.record(
                .reportedValue, "objective", amount: abs(objectiveValue - primalObjective), allowed: objectiveAllowed,
                "reported objective \(objectiveValue) but recomputed \(primalObjective)")
        }
        if let duals {
            checkDuals(
                x: x, activity: activity, y: duals.rows, reducedCosts: duals.reducedCosts,
                primalObjective: primalObjective, objectiveMagnitude: objectiveMagnitude)
        }
    }

    /// Dual feasibility, complementary slackness and the duality gap (see ``OptimalityCertificate``).
    private mutating func checkDuals(
        x: [Double], activity: [Double], y: [Double], reducedCosts: [Double], primalObjective: Double, objectiveMagnitude: Double
    ) {
        guard y.count == lp.rowCount, reducedCosts.count == lp.columnCount else {
            report.record(
                .dimensions, "duals", amount: .infinity, allowed: 0,
                "dual vectors have \(y.count)/\(reducedCosts.count) values for \(lp.rowCount) rows/\(lp.columnCount) columns")
            return
        }
        report.dualsChecked = true
        // d = c − Aᵀy in one pass over the nonzeros, with the magnitude of its terms.
        var d = lp.columns.map(\.cost)
        var scale = d.map(abs)
        for k in lp.entryValues.indices {
            let i = Int(lp.entryRows[k])
            guard y[i] != 0 else { continue }
            let term = lp.entryValues[k] * y[i]
            let j = Int(lp.entryColumns[k])
            d[j] -= term
            scale[j] += abs(term)
        }
        let costFloor = tolerance.dualAbsolute + tolerance.costRelative * lp.columns.reduce(0) { max($0, abs($1.cost)) }
        let optimalityAllowed = tolerance.absolute + tolerance.optimalityRelative * max(1, objectiveMagnitude)
        var dualObjective = lp.objectiveConstant
        var termMagnitude = abs(lp.objectiveConstant)
        for (j, column) in lp.columns.enumerated() {
            let threshold = costFloor + tolerance.dualRelative * scale[j]
            let mismatch = abs(d[j] - reducedCosts[j])
            if !(mismatch <= threshold) {
                report.maxDualViolation = max(report.maxDualViolation, mismatch)
                report.record(
                    .reducedCost, columnSubject(j), amount: mismatch, allowed: threshold,
                    "\(columnSubject(j)): reported reduced cost \(reducedCosts[j]) but c − Aᵀy = \(d[j])")
            }
            let term = boundTerm(
                dual: d[j], threshold: threshold, value: x[j], lower: column.lowerBound, upper: column.upperBound,
                subject: .column(j), optimalityAllowed: optimalityAllowed)
            dualObjective += term
            termMagnitude += abs(term)
        }
        for (i, row) in lp.rows.enumerated() {
            let term = boundTerm(
                dual: y[i], threshold: costFloor, value: activity[i], lower: row.lowerBound, upper: row.upperBound,
                subject: .row(i), optimalityAllowed: optimalityAllowed)
            dualObjective += term
            termMagnitude += abs(term)
        }
        let gap = abs(primalObjective - dualObjective)
        report.dualityGap = gap
        let allowed = optimalityAllowed + tolerance.roundOff * termMagnitude
        if !(gap <= allowed) {
            report.record(
                .dualityGap, "objective", amount: gap.isNaN ? .infinity : gap, allowed: allowed,
                "duality gap \(gap): primal objective \(primalObjective), dual objective \(dualObjective) (\(lp.sense.rawValue))")
        }
    }

    /// The term `dual × selected bound` of the dual objective, after checking that the bound the
    /// dual's sign selects exists (dual feasibility) and that the value sits at it
    /// (complementary slackness).
    private mutating func boundTerm(
        dual: Double, threshold: Double, value: Double, lower: Double, upper: Double, subject item: Item, optimalityAllowed: Double
    ) -> Double {
        guard dual.isFinite else {
            let subject = self.subject(item)
            report.record(.dualFeasibility, subject, amount: .infinity, allowed: threshold, "\(subject): dual \(dual) is not finite")
            return 0
        }
        guard abs(dual) > threshold else { return dual * value }
        let direction: Double = lp.sense == .minimize ? 1 : -1
        let atLower = dual * direction > 0
        let bound = atLower ? lower : upper
        let side = atLower ? "lower" : "upper"
        guard bound.isFinite else {
            let subject = self.subject(item)
            report.maxDualViolation = max(report.maxDualViolation, abs(dual))
            report.record(
                .dualFeasibility, subject, amount: abs(dual), allowed: threshold,
                "\(subject): dual \(dual) needs a finite \(side) bound (dual infeasible when \(lp.sense == .minimize ? "minimising" : "maximising"))")
            return dual * value
        }
        let distance = atLower ? value - bound : bound - value
        let product = abs(dual) * max(0, distance)
        if !(product <= optimalityAllowed) {
            let subject = self.subject(item)
            report.record(
                .complementarySlackness, subject, amount: product, allowed: optimalityAllowed,
                "\(subject): dual \(dual) but value \(value) is not at its \(side) bound \(bound) (complementary slackness: \(product) in objective units)"
            )
        }
        return dual * bound
    }
}
