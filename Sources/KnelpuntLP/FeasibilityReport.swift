// SPDX-License-Identifier: GPL-3.0-or-later

/// Tolerances of ``OptimalityCertificate`` and ``FeasibilityReport``, all in one place. A
/// quantity passes when it is at most `absolute + relative × scale`:
///
/// | check | quantity | absolute | relative × scale |
/// |---|---|---|---|
/// | column bound | distance outside `[lower, upper]` | ``absolute`` | ``relative`` × max(\|lower\|, \|upper\|) (finite sides) |
/// | row bound | distance of Σ a·x outside the row's sides | ``absolute`` | ``relative`` × max(\|finite sides\|, Σ \|a·x\|) |
/// | reported activity / objective | \|reported − recomputed\| | ``absolute`` | ``relative`` × the same magnitude |
/// | reported reduced cost | \|d − (c − Aᵀy)\| | ``dualAbsolute`` | ``dualRelative`` × max(\|c\|, Σ \|a·y\|) + ``costRelative`` × max over columns \|c\| |
/// | dual feasibility | a dual of the sign that needs a bound the row/column lacks | ``dualAbsolute`` | the same (rows: ``costRelative`` × max \|c\| only) |
/// | complementary slackness | \|dual\| × distance from the bound its sign selects | ``absolute`` | ``optimalityRelative`` × objective magnitude |
/// | duality gap | \|primal objective − dual objective\| | ``absolute`` | ``optimalityRelative`` × objective magnitude + ``roundOff`` × Σ \|dual objective terms\| |
///
/// The objective magnitude is `max(1, |constant| + Σ |c·x|)`, computed from the primal point
/// only, so absurd duals cannot widen their own tolerance. A dual below its feasibility
/// tolerance counts as zero (it selects no bound).
public struct FeasibilityTolerance: Sendable, Hashable {
    /// Primal violations, reported-value mismatches and optimality terms, in the quantity's unit.
    public var absolute: Double
    /// Primal violations and reported-value mismatches, relative to the magnitudes involved.
    public var relative: Double
    /// Duals and reduced costs, in objective units per unit of the row or column.
    public var dualAbsolute: Double
    /// Duals and reduced costs, relative to max(|c|, Σ |a·y|) (GLPK's own `tol_dj` is 1e-7).
    public var dualRelative: Double
    /// Duals and reduced costs, relative to the LP's largest objective coefficient: the
    /// solver's round-off on duals follows the whole LP's cost scale (GLPK scales rows and
    /// columns together), e.g. ~1e-7 €/MW on columns of cost 0 next to VoLL × hours of 1e6, and
    /// ~2e-4 on a share column whose row coefficient is a year's demand of ~7e6 MWh next to
    /// costs of 6e6 (nl with its public load: 3e-11 of the cost scale; hence 1e-10).
    public var costRelative: Double
    /// Duality gap and complementary slackness, relative to the objective magnitude.
    public var optimalityRelative: Double
    /// Floating-point round-off allowed on the sum of the dual objective's terms.
    public var roundOff: Double

    public init(
        absolute: Double = 1e-6, relative: Double = 1e-9, dualAbsolute: Double = 1e-7, dualRelative: Double = 1e-7,
        costRelative: Double = 1e-10, optimalityRelative: Double = 1e-7, roundOff: Double = 1e-13
    ) {
        self.absolute = absolute
        self.relative = relative
        self.dualAbsolute = dualAbsolute
        self.dualRelative = dualRelative
        self.costRelative = costRelative
        self.optimalityRelative = optimalityRelative
        self.roundOff = roundOff
    }

    func allows(_ violation: Double, scale: Double) -> Bool {
        violation <= absolute + relative * abs(scale)
    }
}

/// The outcome of an independent re-check (``OptimalityCertificate``): the violations beyond
/// tolerance, worst first, with the largest primal and dual violations and the duality gap.
public struct FeasibilityReport: Sendable {
    /// One violation: what was checked, on which row or column, by how much.
    public struct Violation: Sendable, Hashable, CustomStringConvertible {
        public enum Kind: String, Sendable, Hashable {
            case dimensions = "vector lengths"
            case columnBound = "column bound"
            case rowBound = "row bound"
            case reportedValue = "reported value"
            case reducedCost = "reduced cost"
            case dualFeasibility = "dual feasibility"
            case complementarySlackness = "complementary slackness"
            case dualityGap = "duality gap"
        }
        public var kind: Kind
        /// "row NAME", "column NAME" or "objective".
        public var subject: String
        /// Size of the violation in the quantity's unit (MW, €, € per MW, …).
        public var amount: Double
        /// The tolerance it exceeds.
        public var allowed: Double
        public var message: String
        public var description: String { message }
        /// How many times the tolerance the violation is (the ranking of ``FeasibilityReport/worst``).
        public var severity: Double {
            guard amount.isFinite, allowed > 0 else { return .infinity }
            let ratio = amount / allowed
            return ratio.isNaN ? .infinity : ratio
        }
    }

    /// The worst violations, worst first (at most ``limit``; ``violationCount`` counts all).
    public private(set) var worst: [Violation] = []
    public private(set) var violationCount = 0
    public internal(set) var maxPrimalViolation = 0.0
    public internal(set) var maxDualViolation = 0.0
    /// |primal objective − dual objective| (only when duals were checked).
    public internal(set) var dualityGap = 0.0
    /// True when the dual side (and so optimality) was checked, not only primal feasibility.
    public internal(set) var dualsChecked = false
    public let limit = 20
    private var pending: [Violation] = []

    public var isFeasible: Bool { violationCount == 0 }
    /// True when the point was proven optimal: primal and dual feasible with a zero gap.
    public var isCertifiedOptimal: Bool { isFeasible && dualsChecked }
    /// The messages of ``worst``.
    public var violations: [String] { worst.map(\.message) }

    mutating func record(_ kind: Violation.Kind, _ subject: String, amount: Double, allowed: Double, _ message: String) {
        violationCount += 1
        pending.append(Violation(kind: kind, subject: subject, amount: amount, allowed: allowed, message: message))
        if pending.count >= 4 * limit { settle() }
    }

    /// Sorts the pending violations into ``worst`` (called when recording ends).
    mutating func settle() {
        worst = (worst + pending).sorted { ($0.severity, $1.message) > ($1.severity, $0.message) }.prefix(limit).map { $0 }
        pending = []
    }

    /// Checks `result` against `lp`: the primal side whenever the result claims a feasible
    /// primal point, the dual side too when `checkDuals` and the result claims feasible duals.
    /// See ``OptimalityCertificate`` for what is recomputed.
    public static func check(
        _ lp: LinearProgram, _ result: SolveResult, tolerance: FeasibilityTolerance = FeasibilityTolerance(),
        checkDuals: Bool = true
    ) -> FeasibilityReport {
        guard result.primalStatus == .feasiblePoint else { return FeasibilityReport() }
        let duals = checkDuals && result.dualStatus == .feasiblePoint
        return OptimalityCertificate.check(
            lp, columnValues: result.columnValues, rowActivities: result.rowActivities,
            duals: duals ? (rows: result.rowDuals, reducedCosts: result.columnReducedCosts) : nil,
            objectiveValue: result.objectiveValue, tolerance: tolerance)
    }
}
