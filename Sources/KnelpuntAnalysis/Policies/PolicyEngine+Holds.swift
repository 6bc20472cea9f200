// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntLP
import KnelpuntModel

/// The firm hold of stage 0 (request view): each firm pair's unserved power per slice, MW, and
/// the value below which it counts as zero (``AllocationModel/holdFirmUnserved(atMostMW:zeroMW:slackMW:)``).
struct FirmHold: Sendable {
    var unservedMW: [[Double]]
    var zeroMW: Double
}

extension PolicyEngine {
    /// Solves a stage of the rule (``run(_:sensitivity:decompose:retryInfeasible:)``). A stage
    /// called infeasible is a hold that meets a GW-sized row within the simplex's tolerance only:
    /// each hold was set at a previous optimum, whose rows GLPK meets to about 1e-7 relative
    /// (≈ 1e-4 MW on a 1,000 MW N-1 row), while the holds allow 1e-9 of a share. Then every
    /// hold is loosened once by ``holdSlackMW`` of load (``loosenHolds()``) and the stage is
    /// solved again (warm, and from scratch if that fails); a second infeasibility is reported.
    /// The loosening comes before a cold retry: it is the cheaper remedy.
    mutating func runRule(_ stage: String, sensitivity: SensitivityRequest = SensitivityRequest(), decompose: Bool? = nil)
        throws(AnalysisError) -> SolveResult
    {
        do {
            return try run(stage, sensitivity: sensitivity, decompose: decompose, retryInfeasible: holdsLoosened)
        } catch {
            guard !holdsLoosened, error.isInfeasibleStage
            else { throw error }
            loosenHolds()
            return try run("\(stage) (holds loosened by \(holdSlackMW) MW)", sensitivity: sensitivity, decompose: decompose)
        }
    }

    /// Loosens every hold by ``holdSlackMW``: each held share (``AllocationModel/loosenShareHold(member:byMW:)``;
    /// free shares and refused grants are unchanged) and the firm hold of stage 0 (its unserved
    /// power may exceed the stage-0 value by that much). Done at most once per year (per check
    /// LP in ``RuleOrderCheck``, which sets its holds afresh for each).
    mutating func loosenHolds() {
        holdsLoosened = true
        for i in 0..<model.ruleMemberCount { model.loosenShareHold(member: i, byMW: holdSlackMW) }
        if let firmHold { model.holdFirmUnserved(atMostMW: firmHold.unservedMW, zeroMW: firmHold.zeroMW, slackMW: holdSlackMW) }
    }
}
