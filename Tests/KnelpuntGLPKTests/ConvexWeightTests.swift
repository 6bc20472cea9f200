import Testing

// SPDX-License-Identifier: GPL-3.0-or-later
@testable import KnelpuntLP

/// The master's proposal weights become exact convex combinations before the answer is assembled.
@Suite("Dantzig–Wolfe convex weights")
struct ConvexWeightTests {
    /// The case of nl 2032's cost stage: weights −1.5566473e-8 and 1 + 1.5566473e-8 on two
    /// proposals of one block whose values of a column are 134.9 and its upper bound 214.9 put
    /// the column 1.2e-6 above that bound (214.9 + 1.5566473e-8 × 80); the projected weights
    /// are 0 and 1, so the column is exactly 214.9.
    @Test func aNegativeWeightIsDroppedAndTheBlockRescaled() {
        let epsilon = 1.5566473000838265e-8
        let weights = DecompositionRun.convexWeights(
            [-epsilon, 1 + epsilon], proposals: [(block: 0, isRay: false), (block: 0, isRay: false)], blocks: 1)
        #expect(weights == [0, 1])
        let raw = -epsilon * 134.9 + (1 + epsilon) * 214.9
        #expect(raw > 214.9 + 1e-6)
        #expect(weights[0] * 134.9 + weights[1] * 214.9 == 214.9)
    }

    /// Each block is rescaled on its own; a ray keeps its (non-negative) weight and is left out
    /// of its block's sum; a block without point weights is left alone.
    @Test func blocksAreRescaledSeparatelyAndRaysKeepTheirWeight() {
        let weights = DecompositionRun.convexWeights(
            [0.25, 0.75000004, 0.5, 0.5, 3, -1e-9, 0],
            proposals: [
                (block: 0, isRay: false), (block: 0, isRay: false), (block: 1, isRay: false), (block: 1, isRay: false),
                (block: 1, isRay: true), (block: 2, isRay: true), (block: 3, isRay: false),
            ],
            blocks: 4)
        #expect(abs(weights[0] + weights[1] - 1) <= 1e-15)
        #expect(abs(weights[0] - 0.25 / 1.00000004) <= 1e-15)
        #expect(weights[2] == 0.5 && weights[3] == 0.5)
        #expect(weights[4] == 3)
        #expect(weights[5] == 0)
        #expect(weights[6] == 0)
    }

    /// Phase 2 keeps each artificial slack within 10× its value where phase 1 ended (nl 2031's
    /// firm-load stage ended phase 1 at 8.98e-11 MWh, and with the slacks fixed at 0 its master
    /// was infeasible in exact arithmetic), capped at phase 1's end tolerance.
    @Test func phaseTwoSlacksStayNearWherePhaseOneEnded() {
        let limits = DecompositionRun.phaseTwoSlackLimits([0, 8.98e-11, -1e-18, 1e-5], tolerance: 5.2561e-5)
        #expect(limits[0] == 0 && limits[2] == 0 && limits[3] == 5.2561e-5)
        #expect(abs(limits[1] - 8.98e-10) <= 1e-24)
    }
}
