// SPDX-License-Identifier: GPL-3.0-or-later

/// One solved block: values in the block's local order, under the costs it was solved with.
/// When the block LP is unbounded under those costs, `x` is a feasible point of it and `ray` a
/// direction along which the costs fall without bound (the rest is then empty).
struct BlockSolution: Sendable {
    var x: [Double]
    var objective: Double
    var ray: [Double]? = nil
    /// Cost of `ray` under the costs the block was solved with (< 0).
    var rayCost = 0.0
    var rowDuals: [Double]
    var reducedCosts: [Double]
    var basis: LPBasis?
    var rowRanges: [Int: BoundRange]
    var columnRanges: [Int: BoundRange]
    var iterations: Int
    /// Wall time of the block's solve call.
    var seconds: Double
}

/// A column of the master: one solution of a priced block, or one of its unbounded directions
/// (a ray: no share in the block's convexity row).
struct Proposal: Sendable {
    var block: Int
    var isRay = false
    var x: [Double]
    /// c_b·x (internal minimisation sense).
    var cost: Double
    /// (coupling row index k, A_k·x) for the nonzero ones.
    var coupling: [(row: Int, value: Double)]
}

/// A coefficient of a block column (local index) or linking column in a coupling row k.
struct CouplingEntry: Sendable {
    var column: Int
    var row: Int
    var value: Double
}
