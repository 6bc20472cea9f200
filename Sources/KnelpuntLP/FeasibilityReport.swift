// SPDX-License-Identifier: GPL-3.0-or-later

/// Tolerances for ``FeasibilityReport``. A violation counts when it exceeds
/// `absolute + relative · scale`, where scale is the magnitude of the bound or value involved.
public struct FeasibilityTolerance: Sendable, Hashable {
    public var absolute: Double
    public var relative: Double
    public init(absolute: Double = 1e-6, relative: Double = 1e-9) {
        self.absolute = absolute
        self.relative = relative
    }
    func allows(_ violation: Double, scale: Double) -> Bool {
        violation <= absolute + relative * abs(scale)
    }
}

/// An independent re-check of a solve: every row activity and bound is recomputed from the
/// primal values, reduced costs from the duals, dual signs against the sense, and the duality
/// gap. It trusts nothing the solver reported except the raw vectors.
public struct FeasibilityReport: Sendable {
    /// Human-readable violations (at most `limit` are kept; ``violationCount`` counts all).
    public private(set) var violations: [String] = []
    public private(set) var violationCount = 0
    public private(set) var maxPrimalViolation = 0.0
    public private(set) var maxDualViolation = 0.0
    /// |primal objective − dual objective| (only when duals were checked).
    public private(set) var dualityGap = 0.0
    private let limit = 20

    public var isFeasible: Bool { violationCount == 0 }

    private mutating func record(_ message: String) {
        violationCount += 1
        if violations.count < limit { violations.append(message) }
    }

    /// Checks `result` against `lp`. Duals are checked when `checkDuals` is true and the result
    /// claims a feasible dual point.
    public static func check(
        _ lp: LinearProgram, _ result: SolveResult, tolerance: FeasibilityTolerance = FeasibilityTolerance(),
        checkDuals: Bool = true
    ) -> FeasibilityReport {
        var report = FeasibilityReport()
        guard result.primalStatus == .feasiblePoint else { return report }
        let x = result.columnValues
        guard x.count == lp.columnCount else {
            report.record("primal vector has \(x.count) values for \(lp.columnCount) columns")
            return report
        }
        for (j, column) in lp.columns.enumerated() {
            let below = column.lowerBound - x[j]
            let above = x[j] - column.upperBound
            let worst = max(below, above, 0)
            report.maxPrimalViolation = max(report.maxPrimalViolation, worst)
            if !x[j].isFinite || !tolerance.allows(worst, scale: max(abs(column.lowerBound.isFinite ? column.lowerBound : 0), abs(column.upperBound.isFinite ? column.upperBound : 0))) {
                report.record("column \(column.name) = \(x[j]) outside [\(column.lowerBound), \(column.upperBound)]")
            }
        }
        let activity = lp.rowActivities(of: x)
        for (i, row) in lp.rows.enumerated() {
            let worst = max(row.lowerBound - activity[i], activity[i] - row.upperBound, 0)
            report.maxPrimalViolation = max(report.maxPrimalViolation, worst)
            let scale = max(abs(row.lowerBound.isFinite ? row.lowerBound : 0), abs(row.upperBound.isFinite ? row.upperBound : 0), abs(activity[i]))
            if !tolerance.allows(worst, scale: scale) {
                report.record("row \(row.name) activity \(activity[i]) outside [\(row.lowerBound), \(row.upperBound)]")
            }
            if i < result.rowActivities.count, !tolerance.allows(abs(result.rowActivities[i] - activity[i]), scale: scale) {
                report.record("row \(row.name): reported activity \(result.rowActivities[i]) but recomputed \(activity[i])")
            }
        }
        if let objective = result.objectiveValue {
            let recomputed = lp.objectiveValue(of: x)
            if !tolerance.allows(abs(objective - recomputed), scale: recomputed) {
                report.record("reported objective \(objective) but recomputed \(recomputed)")
            }
        }
        if checkDuals, result.dualStatus == .feasiblePoint {
            report.checkDuals(lp, result, activity: activity, tolerance: tolerance)
        }
        return report
    }

    /// Dual side: d_j = c_j − Σ_i a_ij·y_i; sign conditions (for minimisation, y_i > 0 only at a
    /// row's lower side, y_i < 0 only at its upper side, same for d_j; reversed for maximisation);
    /// and a zero duality gap.
    private mutating func checkDuals(_ lp: LinearProgram, _ result: SolveResult, activity: [Double], tolerance: FeasibilityTolerance) {
        let y = result.rowDuals
        let d = result.columnReducedCosts
        guard y.count == lp.rowCount, d.count == lp.columnCount else {
            record("dual vectors have \(y.count)/\(d.count) values for \(lp.rowCount) rows/\(lp.columnCount) columns")
            return
        }
        var recomputed = lp.columns.map(\.cost)
        for k in lp.entryValues.indices {
            recomputed[Int(lp.entryColumns[k])] -= lp.entryValues[k] * y[Int(lp.entryRows[k])]
        }
        let direction: Double = lp.sense == .minimize ? 1 : -1
        var dualObjective = lp.objectiveConstant
        for (j, column) in lp.columns.enumerated() {
            let mismatch = abs(recomputed[j] - d[j])
            maxDualViolation = max(maxDualViolation, mismatch)
            if !tolerance.allows(mismatch, scale: max(abs(column.cost), abs(d[j]))) {
                record("column \(column.name): reported reduced cost \(d[j]) but c − Aᵀy = \(recomputed[j])")
            }
            dualObjective += boundTerm(
                dual: d[j], direction: direction, value: result.columnValues[j],
                lower: column.lowerBound, upper: column.upperBound, name: "column \(column.name)", tolerance: tolerance)
        }
        for (i, row) in lp.rows.enumerated() {
            dualObjective += boundTerm(
                dual: y[i], direction: direction, value: activity[i],
                lower: row.lowerBound, upper: row.upperBound, name: "row \(row.name)", tolerance: tolerance)
        }
        if let objective = result.objectiveValue {
            dualityGap = abs(objective - dualObjective)
            if !tolerance.allows(dualityGap, scale: max(abs(objective), 1) * 1e3) {
                record("duality gap \(dualityGap): primal objective \(objective), dual objective \(dualObjective)")
            }
        }
    }

    /// Contribution `dual · active bound` to the dual objective, after checking that the dual's
    /// sign matches the bound the value sits at (complementary slackness).
    private mutating func boundTerm(
        dual: Double, direction: Double, value: Double, lower: Double, upper: Double, name: String,
        tolerance: FeasibilityTolerance
    ) -> Double {
        let signed = dual * direction  // > 0 means "pushing against the lower side" when minimising
        let dualTolerance = tolerance.absolute + tolerance.relative * abs(dual)
        if signed > dualTolerance {
            guard lower.isFinite else {
                record("\(name): dual \(dual) needs a finite lower bound"); return 0
            }
            let gap = value - lower
            if !tolerance.allows(gap * abs(dual), scale: max(abs(lower), 1) * abs(dual)) {
                record("\(name): dual \(dual) but value \(value) is not at its lower bound \(lower)")
            }
            maxDualViolation = max(maxDualViolation, max(0, gap) * abs(dual))
            return dual * lower
        } else if signed < -dualTolerance {
            guard upper.isFinite else {
                record("\(name): dual \(dual) needs a finite upper bound"); return 0
            }
            let gap = upper - value
            if !tolerance.allows(gap * abs(dual), scale: max(abs(upper), 1) * abs(dual)) {
                record("\(name): dual \(dual) but value \(value) is not at its upper bound \(upper)")
            }
            maxDualViolation = max(maxDualViolation, max(0, gap) * abs(dual))
            return dual * upper
        }
        return dual * value
    }
}
