// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntData
import KnelpuntModel

/// What the power-flow physics and the lazy N-1 loop did in one year (recorded in the manifest).
public struct SecuritySummary: Sendable, Hashable {
    /// dataset.toml `security`: "none" or "n-1".
    public var mode: String
    /// AC branches (in-service links with a reactance) and Kirchhoff cycles per timeslice.
    public var acBranches: Int
    public var kirchhoffCyclesPerTimeslice: Int
    /// Outages checked against every AC link in every timeslice.
    public var contingenciesChecked: Int
    /// Outages skipped because they would island nodes, one warning each naming them.
    public var skippedOutages: [String]
    /// Post-contingency rows the loop added (in every stage of the rule).
    public var contingencyRowsAdded: Int
    /// LP solves of the loop over all stages (a stage without violations counts 1), and those of
    /// the cost stage alone.
    public var rounds: Int
    public var costStageRounds: Int

    init?(model: AllocationModel, record: SecurityLoopRecord) {
        guard !model.physics.branches.isEmpty || model.security.mode != .none else { return nil }
        mode = model.security.mode.rawValue
        acBranches = model.physics.branches.count
        kirchhoffCyclesPerTimeslice = model.physics.cycles.count
        contingenciesChecked = model.security.outageBranches.count
        skippedOutages = model.security.warnings
        contingencyRowsAdded = record.rowsAdded
        rounds = record.rounds
        costStageRounds = record.costStageRounds
    }
}
