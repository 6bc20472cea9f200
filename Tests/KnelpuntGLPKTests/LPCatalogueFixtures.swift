// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntLP
import Testing

/// One tiny LP with its answer worked out by hand.
///
/// Duals follow ``SolveResult``'s convention: `rowDuals[i]` = ∂objective/∂(active bound of row
/// i), `columnReducedCosts[j]` = ∂objective/∂(active bound of column j) = c_j − Σ_i a_ij·y_i.
/// `nil` means "not unique, not asserted" (the reason is in the case's comment); the
/// FeasibilityReport still checks whatever the solver returned.
struct CatalogueCase: Sendable, CustomTestStringConvertible {
    let name: String
    let lp: LinearProgram
    let termination: TerminationStatus
    let primalStatus: ResultStatus
    let dualStatus: ResultStatus
    var objective: Double? = nil
    var primal: [Double]? = nil
    var rowDuals: [Double]? = nil
    var reducedCosts: [Double]? = nil
    /// The LP's natural bordered block-diagonal structure, for ``DantzigWolfeSolver``; `nil`
    /// when it has none (the suite then picks a valid partition).
    var blocks: BlockStructure? = nil

    var testDescription: String { name }
}

enum LPCatalogue {
    static let all: [CatalogueCase] = optimal + special + dualSignTable + blockStructured

    static let optimal: [CatalogueCase] = [
        // min x + y  s.t. r0: x + 2y ≥ 4, r1: 3x + y ≥ 6, x, y ≥ 0.
        // Vertices: (0,6) → 6, (4,0) → 4, r0∩r1: y = 6 − 3x, x + 12 − 6x = 4 → x = 1.6, y = 1.2 → 2.8.
        // Duals from Aᵀy = c on the basic x, y: y0 + 3y1 = 1, 2y0 + y1 = 1 → y0 = 0.4, y1 = 0.2
        // (both ≥ 0: ≥ rows at their lower side when minimising). Check: 4·0.4 + 6·0.2 = 2.8.
        CatalogueCase(
            name: "optimal-two-rows",
            lp: makeLP(
                "optimal-two-rows",
                columns: [("x", 0, inf, 1), ("y", 0, inf, 1)],
                rows: [("r0", 4, inf, [1, 2]), ("r1", 6, inf, [3, 1])]),
            termination: .optimal, primalStatus: .feasiblePoint, dualStatus: .feasiblePoint,
            objective: 2.8, primal: [1.6, 1.2], rowDuals: [0.4, 0.2], reducedCosts: [0, 0]),
        // max 3x + 2y  s.t. r0: x + y ≤ 4, r1: x + 3y ≤ 9, 0 ≤ x ≤ 3, y ≥ 0.
        // x = 3 (its upper bound), then y = 1 from r0 (r1: 6 ≤ 9 slack) → 11. Other vertices:
        // r0∩r1 (1.5, 2.5) → 9.5; (0, 3) → 6. Basic: y and r1. y0 = c_y / 1 = 2, y1 = 0;
        // d_x = 3 − 2 = 1 (x at its upper bound: raising it by 1 gives x + 1, y − 1, +3 − 2).
        CatalogueCase(
            name: "maximisation",
            lp: makeLP(
                "maximisation", sense: .maximize,
                columns: [("x", 0, 3, 3), ("y", 0, inf, 2)],
                rows: [("r0", -inf, 4, [1, 1]), ("r1", -inf, 9, [1, 3])]),
            termination: .optimal, primalStatus: .feasiblePoint, dualStatus: .feasiblePoint,
            objective: 11, primal: [3, 1], rowDuals: [2, 0], reducedCosts: [1, 0]),
        // min −x − y  s.t. r0: x ≤ 1, r1: y ≤ 1, r2: x + y ≤ 2. Optimum (1, 1), −2, with all three
        // rows tight at a point of the plane: primal degenerate. The duals are not unique:
        // y0 + y2 = −1, y1 + y2 = −1 with y ≤ 0, so y2 = t ∈ [−1, 0], y0 = y1 = −1 − t. Only those
        // sums are asserted (see ConformanceTests.degenerateDualsSatisfyTheInvariants).
        CatalogueCase(
            name: "degenerate",
            lp: makeLP(
                "degenerate",
                columns: [("x", 0, inf, -1), ("y", 0, inf, -1)],
                rows: [("r0", -inf, 1, [1, 0]), ("r1", -inf, 1, [0, 1]), ("r2", -inf, 2, [1, 1])]),
            termination: .optimal, primalStatus: .feasiblePoint, dualStatus: .feasiblePoint,
            objective: -2, primal: [1, 1], reducedCosts: [0, 0]),
        // min x − y  s.t. r0: 2 ≤ x + y ≤ 6, 0 ≤ y ≤ 1, x ≥ 0. y = 1 (cost −1, at its upper
        // bound), x as small as r0 allows: x = 1, row at its LOWER side 2 → 0. x basic:
        // y0 = c_x = 1 (raising 2 → 3 gives x = 2, +1). d_y = −1 − 1 = −2 (raising y's bound by 1
        // gives y = 2, x = 0: −2).
        CatalogueCase(
            name: "ranged-row-at-lower-side",
            lp: makeLP(
                "ranged-row-at-lower-side",
                columns: [("x", 0, inf, 1), ("y", 0, 1, -1)],
                rows: [("r0", 2, 6, [1, 1])]),
            termination: .optimal, primalStatus: .feasiblePoint, dualStatus: .feasiblePoint,
            objective: 0, primal: [1, 1], rowDuals: [1], reducedCosts: [0, -2]),
        // min −x + 0.5y  s.t. r0: 2 ≤ x + y ≤ 6, 0 ≤ y ≤ 1. x as large as possible: y = 0, x = 6,
        // row at its UPPER side 6 → −6. y0 = c_x = −1 (raising 6 → 7: −1); d_y = 0.5 + 1 = 1.5.
        CatalogueCase(
            name: "ranged-row-at-upper-side",
            lp: makeLP(
                "ranged-row-at-upper-side",
                columns: [("x", 0, inf, -1), ("y", 0, 1, 0.5)],
                rows: [("r0", 2, 6, [1, 1])]),
            termination: .optimal, primalStatus: .feasiblePoint, dualStatus: .feasiblePoint,
            objective: -6, primal: [6, 0], rowDuals: [-1], reducedCosts: [0, 1.5]),
        // min 2x + 3y  s.t. r0: x + y ≥ 4, x fixed at 1. y = 3 → 2 + 9 = 11. y0 = c_y = 3;
        // d_x = 2 − 3 = −1 (raising the fixed value to 2: y = 2, 4 + 6 = 10, −1).
        CatalogueCase(
            name: "fixed-column",
            lp: makeLP(
                "fixed-column",
                columns: [("x", 1, 1, 2), ("y", 0, inf, 3)],
                rows: [("r0", 4, inf, [1, 1])]),
            termination: .optimal, primalStatus: .feasiblePoint, dualStatus: .feasiblePoint,
            objective: 11, primal: [1, 3], rowDuals: [3], reducedCosts: [-1, 0]),
        // min x + y  s.t. r0: x ≥ 1, r1: x − y free (no bounds). x = 1, y = 0 → 1. The free row
        // is basic (dual 0) with activity 1. y0 = 1, d_y = 1.
        CatalogueCase(
            name: "free-row",
            lp: makeLP(
                "free-row",
                columns: [("x", 0, inf, 1), ("y", 0, inf, 1)],
                rows: [("r0", 1, inf, [1, 0]), ("r1", -inf, inf, [1, -1])]),
            termination: .optimal, primalStatus: .feasiblePoint, dualStatus: .feasiblePoint,
            objective: 1, primal: [1, 0], rowDuals: [1, 0], reducedCosts: [0, 1]),
        // No rows, no columns: the objective is the constant 7.
        CatalogueCase(
            name: "empty-model", lp: LinearProgram(name: "empty-model", objectiveConstant: 7),
            termination: .optimal, primalStatus: .feasiblePoint, dualStatus: .feasiblePoint,
            objective: 7, primal: [], rowDuals: [], reducedCosts: []),
        // Columns but no rows: each column sits at the bound its cost prefers.
        // x ∈ [0, 5], cost −1 → 5; y ∈ [−2, 3], cost 2 → −2; z free, cost 0 → 0. −5 − 4 = −9.
        // Reduced costs equal the costs (no rows).
        CatalogueCase(
            name: "columns-without-rows",
            lp: makeLP(
                "columns-without-rows",
                columns: [("x", 0, 5, -1), ("y", -2, 3, 2), ("z", -inf, inf, 0)]),
            termination: .optimal, primalStatus: .feasiblePoint, dualStatus: .feasiblePoint,
            objective: -9, primal: [5, -2, 0], rowDuals: [], reducedCosts: [-1, 2, 0]),
        // min x + 2y + 3z  s.t. r0: x + y + z = 6, r1: x − y = 0. x = y, so a unit of r0 costs
        // 1.5 through (x + y)/2 and 3 through z: x = y = 3, z = 0 → 9. Basic x, y:
        // y0 + y1 = 1, y0 − y1 = 2 → y0 = 1.5, y1 = −0.5; d_z = 3 − 1.5 = 1.5.
        // Check y1: x − y = 1 with x + y = 6 → x = 3.5, y = 2.5 → 8.5 = 9 − 0.5.
        CatalogueCase(
            name: "equality-rows",
            lp: makeLP(
                "equality-rows",
                columns: [("x", 0, inf, 1), ("y", 0, inf, 2), ("z", 0, inf, 3)],
                rows: [("r0", 6, 6, [1, 1, 1]), ("r1", 0, 0, [1, -1, 0])]),
            termination: .optimal, primalStatus: .feasiblePoint, dualStatus: .feasiblePoint,
            objective: 9, primal: [3, 3, 0], rowDuals: [1.5, -0.5], reducedCosts: [0, 0, 1.5]),
        // min −x − 2y  s.t. r0: x + y ≤ 10, 0 ≤ x ≤ 4, 0 ≤ y ≤ 3. Both columns at their upper
        // bounds (7 ≤ 10, r0 slack, dual 0) → −10; d = c = (−1, −2).
        CatalogueCase(
            name: "columns-at-upper-bounds",
            lp: makeLP(
                "columns-at-upper-bounds",
                columns: [("x", 0, 4, -1), ("y", 0, 3, -2)],
                rows: [("r0", -inf, 10, [1, 1])]),
            termination: .optimal, primalStatus: .feasiblePoint, dualStatus: .feasiblePoint,
            objective: -10, primal: [4, 3], rowDuals: [0], reducedCosts: [-1, -2]),
        // min x  s.t. r0: x − y ≥ −3, x free, 0 ≤ y ≤ 2. x ≥ y − 3 is smallest at y = 0: x = −3.
        // y0 = c_x = 1; d_y = 0 − 1·(−1) = 1.
        CatalogueCase(
            name: "free-column-negative-value",
            lp: makeLP(
                "free-column-negative-value",
                columns: [("x", -inf, inf, 1), ("y", 0, 2, 0)],
                rows: [("r0", -3, inf, [1, -1])]),
            termination: .optimal, primalStatus: .feasiblePoint, dualStatus: .feasiblePoint,
            objective: -3, primal: [-3, 0], rowDuals: [1], reducedCosts: [0, 1]),
        // min x + 10  s.t. r0: x ≥ 2 → x = 2, objective 12 (the constant is included); y0 = 1.
        CatalogueCase(
            name: "objective-constant",
            lp: makeLP(
                "objective-constant", constant: 10,
                columns: [("x", 0, inf, 1)],
                rows: [("r0", 2, inf, [1])]),
            termination: .optimal, primalStatus: .feasiblePoint, dualStatus: .feasiblePoint,
            objective: 12, primal: [2], rowDuals: [1], reducedCosts: [0]),
        // min 0  s.t. r0: x + y = 3, 0 ≤ x, y ≤ 2. A pure feasibility problem: any split of 3
        // with both parts in [0, 2] is optimal (primal not asserted); with zero costs every dual
        // is 0.
        CatalogueCase(
            name: "zero-objective",
            lp: makeLP(
                "zero-objective",
                columns: [("x", 0, 2, 0), ("y", 0, 2, 0)],
                rows: [("r0", 3, 3, [1, 1])]),
            termination: .optimal, primalStatus: .feasiblePoint, dualStatus: .feasiblePoint,
            objective: 0, rowDuals: [0], reducedCosts: [0, 0]),
        // min x + y  s.t. r0: x + y ≥ 2. Every point of the segment x + y = 2 is optimal (dual
        // degenerate: primal not asserted), but the dual is unique: y0 = 1, d = (0, 0).
        CatalogueCase(
            name: "multiple-optima",
            lp: makeLP(
                "multiple-optima",
                columns: [("x", 0, inf, 1), ("y", 0, inf, 1)],
                rows: [("r0", 2, inf, [1, 1])]),
            termination: .optimal, primalStatus: .feasiblePoint, dualStatus: .feasiblePoint,
            objective: 2, rowDuals: [1], reducedCosts: [0, 0]),
        // min x + 2y  s.t. r0: x + y ≥ 1, r1: (no coefficients) 0 ≤ · ≤ 5. The empty row's
        // activity is 0, inside its bounds. x = 1, y = 0 → 1; y0 = 1, y1 = 0, d_y = 2 − 1 = 1.
        CatalogueCase(
            name: "empty-row-feasible",
            lp: makeLP(
                "empty-row-feasible",
                columns: [("x", 0, inf, 1), ("y", 0, inf, 2)],
                rows: [("r0", 1, inf, [1, 1]), ("r1", 0, 5, [0, 0])]),
            termination: .optimal, primalStatus: .feasiblePoint, dualStatus: .feasiblePoint,
            objective: 1, primal: [1, 0], rowDuals: [1, 0], reducedCosts: [0, 1]),
    ]

    /// Infeasible and unbounded models. GLPK's default method (dual simplex, then primal) proves
    /// infeasibility with a dual ray: the basis stays dual feasible, so the dual status is a
    /// feasible point and the primal an infeasible one. Unboundedness is proved by the primal
    /// phase: primal feasible, no dual feasible point.
    static let special: [CatalogueCase] = [
        // r0: x + y ≥ 5 and r1: x + y ≤ 3 contradict each other.
        CatalogueCase(
            name: "infeasible-rows",
            lp: makeLP(
                "infeasible-rows",
                columns: [("x", 0, inf, 1), ("y", 0, inf, 1)],
                rows: [("r0", 5, inf, [1, 1]), ("r1", -inf, 3, [1, 1])]),
            termination: .infeasible, primalStatus: .infeasiblePoint, dualStatus: .feasiblePoint),
        // r0: x + y = 10 with x, y ≤ 3: the bounds allow at most 6.
        CatalogueCase(
            name: "infeasible-by-bounds",
            lp: makeLP(
                "infeasible-by-bounds",
                columns: [("x", 0, 3, 1), ("y", 0, 3, 1)],
                rows: [("r0", 10, 10, [1, 1])]),
            termination: .infeasible, primalStatus: .infeasiblePoint, dualStatus: .feasiblePoint),
        // r1 has no coefficients (activity 0) but must lie in [1, 2].
        CatalogueCase(
            name: "empty-row-infeasible",
            lp: makeLP(
                "empty-row-infeasible",
                columns: [("x", 0, inf, 1)],
                rows: [("r0", 1, inf, [1]), ("r1", 1, 2, [0])]),
            termination: .infeasible, primalStatus: .infeasiblePoint, dualStatus: .feasiblePoint),
        // min −x − y  s.t. r0: x − y ≤ 1: the ray (t, t) stays feasible and the objective → −∞.
        CatalogueCase(
            name: "unbounded-minimisation",
            lp: makeLP(
                "unbounded-minimisation",
                columns: [("x", 0, inf, -1), ("y", 0, inf, -1)],
                rows: [("r0", -inf, 1, [1, -1])]),
            termination: .unbounded, primalStatus: .feasiblePoint, dualStatus: .infeasiblePoint),
        // max x + y  s.t. r0: x − y ≤ 2: the same ray, objective → +∞.
        CatalogueCase(
            name: "unbounded-maximisation",
            lp: makeLP(
                "unbounded-maximisation", sense: .maximize,
                columns: [("x", 0, inf, 1), ("y", 0, inf, 1)],
                rows: [("r0", -inf, 2, [1, -1])]),
            termination: .unbounded, primalStatus: .feasiblePoint, dualStatus: .infeasiblePoint),
        // The next two end GLPK's dual simplex without a dual feasible basis (return 0, status
        // GLP_INFEAS), which GLP_DUALP does not hand to the primal simplex by itself; the backend
        // must, to tell infeasible from unbounded (both were once reported as "other-error").
        // min x − 2y  s.t. r0: −2y ≤ 4, 0 ≤ x ≤ 3, y ≥ 0: y → ∞ stays feasible, objective → −∞.
        CatalogueCase(
            name: "unbounded-dual-phase-one",
            lp: makeLP(
                "unbounded-dual-phase-one",
                columns: [("x", 0, 3, 1), ("y", 0, inf, -2)],
                rows: [("r0", -inf, 4, [0, -2])]),
            termination: .unbounded, primalStatus: .feasiblePoint, dualStatus: .infeasiblePoint),
        // min −x − 2y  s.t. r0: 2 ≤ (no coefficients), r1: −x ≤ −1, x ≥ 0, 0 ≤ y ≤ 4: r0's activity
        // is 0 < 2. Proved by the primal simplex, so no dual point either.
        CatalogueCase(
            name: "infeasible-dual-phase-one",
            lp: makeLP(
                "infeasible-dual-phase-one",
                columns: [("x", 0, inf, -1), ("y", 0, 4, -2)],
                rows: [("r0", 2, inf, [0, 0]), ("r1", -inf, -1, [-1, 0])]),
            termination: .infeasible, primalStatus: .infeasiblePoint, dualStatus: .infeasiblePoint),
    ]

    /// The dual-sign table: one column x ≥ 0 and one row a·x {≤, ≥, =} 3, minimised and
    /// maximised. In every case x = 3 and the row's dual is ∂objective/∂b = c/a.
    /// Signs: minimising, a ≥ row at its lower side has y ≥ 0 and a ≤ row y ≤ 0; maximising,
    /// the reverse. ``SolveResult/marginalValue(ofRow:side:)`` of the binding side is 2 in
    /// every case.
    static let dualSignTable: [CatalogueCase] = [
        // min 2x, x ≥ 3: raising 3 → 4 costs +2, so y = 2 (relaxing to 2 saves 2: shadow −2).
        signCase("min-ge", .minimize, cost: 2, lower: 3, upper: inf, objective: 6, dual: 2),
        // min −2x, x ≤ 3: raising 3 → 4 gives −8, so y = −2 (shadow −2).
        signCase("min-le", .minimize, cost: -2, lower: -inf, upper: 3, objective: -6, dual: -2),
        // min 2x, x = 3: y = 2.
        signCase("min-eq", .minimize, cost: 2, lower: 3, upper: 3, objective: 6, dual: 2),
        // max 2x, x ≤ 3: raising 3 → 4 gives 8, y = 2 (shadow +2).
        signCase("max-le", .maximize, cost: 2, lower: -inf, upper: 3, objective: 6, dual: 2),
        // max −2x, x ≥ 3: raising 3 → 4 gives −8, y = −2 (relaxing to 2 gains 2: shadow +2).
        signCase("max-ge", .maximize, cost: -2, lower: 3, upper: inf, objective: -6, dual: -2),
        // max −2x, x = 3: y = −2.
        signCase("max-eq", .maximize, cost: -2, lower: 3, upper: 3, objective: -6, dual: -2),
    ]

    static func signCase(
        _ name: String, _ sense: ObjectiveSense, cost: Double, lower: Double, upper: Double, objective: Double, dual: Double
    ) -> CatalogueCase {
        CatalogueCase(
            name: "dual-sign-\(name)",
            lp: makeLP(
                "dual-sign-\(name)", sense: sense,
                columns: [("x", 0, inf, cost)], rows: [("r", lower, upper, [1])]),
            termination: .optimal, primalStatus: .feasiblePoint, dualStatus: .feasiblePoint,
            objective: objective, primal: [3], rowDuals: [dual], reducedCosts: [0])
    }
}

extension LPCatalogue {
    /// LPs with a natural block structure, on which ``DantzigWolfeSolver`` must decompose (not
    /// hand the LP to the monolithic solver).
    static let blockStructured: [CatalogueCase] = [
        // max x1 + x2  s.t. budget: x1 + 2·x2 ≤ 7 (coupling), 0 ≤ x1 ≤ 3, 0 ≤ x2 ≤ 5 (one block
        // each). The blocks' own optima (3, 5) break the budget. x1 = 3 (cost per budget unit 1)
        // before x2 (1/2 per unit): x2 = 2 → 5. x2 basic: y = c_x2 / 2 = 0.5; d_x1 = 1 − 0.5.
        CatalogueCase(
            name: "blocks-two-block-budget",
            lp: makeLP(
                "blocks-two-block-budget", sense: .maximize,
                columns: [("x1", 0, 3, 1), ("x2", 0, 5, 1)],
                rows: [("budget", -inf, 7, [1, 2])]),
            termination: .optimal, primalStatus: .feasiblePoint, dualStatus: .feasiblePoint,
            objective: 5, primal: [3, 2], rowDuals: [0.5], reducedCosts: [0.5, 0],
            blocks: BlockStructure(blockCount: 2, columnBlock: [0, 1], rowBlock: [nil])),
        // min x1 + 2·x2 + 1.5·y  s.t. b0: x1 ≥ 1 (block 0), b1: x2 ≥ 1 (block 1),
        // need: x1 + x2 + y ≥ 6 (coupling, y a linking column), 0 ≤ x1, x2 ≤ 4, 0 ≤ y ≤ 5.
        // Cheapest first: x1 = 4 (its bound), x2 = 1 (its row), y = 1 → 4 + 2 + 1.5 = 7.5.
        // y basic: y_need = 1.5; x2 basic: y_b1 = 2 − 1.5 = 0.5; b0 slack: 0;
        // d_x1 = 1 − 1.5 = −0.5 (x1 ≤ 5 would save 0.5).
        CatalogueCase(
            name: "blocks-linking-column",
            lp: makeLP(
                "blocks-linking-column",
                columns: [("x1", 0, 4, 1), ("x2", 0, 4, 2), ("y", 0, 5, 1.5)],
                rows: [("b0", 1, inf, [1, 0, 0]), ("b1", 1, inf, [0, 1, 0]), ("need", 6, inf, [1, 1, 1])]),
            termination: .optimal, primalStatus: .feasiblePoint, dualStatus: .feasiblePoint,
            objective: 7.5, primal: [4, 1, 1], rowDuals: [0, 0.5, 1.5], reducedCosts: [-0.5, 0, 0],
            blocks: BlockStructure(blockCount: 2, columnBlock: [0, 1, nil], rowBlock: [0, 1, nil])),
        plantedTransportBySource(sources: 3, sinks: 4, seed: 7),
        plantedTransportBySource(sources: 4, sinks: 6, seed: 12),
    ]

    /// A planted transportation LP (optimum known from its dual certificate, see
    /// ``PlantedTransport``) with one block per source: its arcs and its supply row; the demand
    /// rows couple. The optimum is unique; the duals are not (Σ supply = Σ demand), so only
    /// the checks of the FeasibilityReport apply to them.
    static func plantedTransportBySource(sources: Int, sinks: Int, seed: UInt64) -> CatalogueCase {
        let planted = PlantedTransport(sources: sources, sinks: sinks, seed: seed)
        let columnBlock: [Int?] = (0..<sources * sinks).map { $0 / sinks }
        let rowBlock: [Int?] = (0..<sources).map { $0 } + Array(repeating: nil, count: sinks)
        return CatalogueCase(
            name: "blocks-planted-transport-\(sources)x\(sinks)", lp: planted.lp,
            termination: .optimal, primalStatus: .feasiblePoint, dualStatus: .feasiblePoint,
            objective: planted.objective, primal: planted.plan,
            blocks: BlockStructure(blockCount: sources, columnBlock: columnBlock, rowBlock: rowBlock))
    }
}
