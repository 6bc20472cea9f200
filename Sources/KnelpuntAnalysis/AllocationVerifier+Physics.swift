// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntData
import KnelpuntModel

extension AllocationVerifier {
    /// Kirchhoff and N-1 checks of the reported link flows, per timeslice, with the PTDF and LODF
    /// rebuilt from the dataset's year view (not from the LP):
    ///
    /// - the AC flows are a DC power flow: |f − PTDF·p| ≤ ``AnalysisTolerances/kirchhoffResidualMW``
    ///   (+ relative × the largest AC flow), with p the injections the flows imply;
    /// - under N-1, for **every** checked outage k (not only the rows the loop added) and every
    ///   other AC link l of its component: |f_l + LODF_{l,k}·f_k| ≤ E_l.
    static func physicsViolations(_ outcome: YearOutcome, dataset: Dataset, view: YearView, tolerances: AnalysisTolerances) -> [String] {
        let physics = NetworkPhysics(dataset: dataset, view: view, network: NetworkIndex(dataset: dataset, view: view))
        guard !physics.branches.isEmpty else { return [] }
        let security = SecuritySetup(dataset: dataset, view: view, physics: physics)
        let slices = dataset.timeslices.slices
        var violations: [String] = []
        for t in slices.indices {
            let flows = physics.branches.map { outcome.linkFlowMW[$0.link]?[t] ?? 0 }
            let scale = flows.map(abs).max() ?? 0
            let residual = physics.kirchhoffResidualMW(flowsMW: flows)
            if residual > tolerances.kirchhoffResidualMW + tolerances.verifierRelative * scale {
                violations.append("Kirchhoff in \(slices[t].id): the AC flows are \(residual) MW from a DC power flow")
            }
            for k in security.outageBranches {
                let outage = physics.branches[k]
                for (l, branch) in physics.branches.enumerated() where l != k && physics.component[branch.from] == physics.component[outage.from] {
                    guard let post = physics.postContingencyFlowMW(monitored: l, outage: k, flowsMW: flows) else { continue }
                    let rating = security.emergencyRatingMW[branch.link]
                    if abs(post) > rating + tolerances.verifierAbsolute + tolerances.verifierRelative * rating {
                        violations.append(
                            "N-1 in \(slices[t].id): after the outage of \(dataset.links[outage.link].id), link \(dataset.links[branch.link].id) carries |\(post)| MW, above its emergency rating \(rating) MW"
                        )
                    }
                }
            }
        }
        return violations
    }
}
