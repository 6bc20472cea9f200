// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntData

extension AllocationModel {
    /// The N-1 pairs of the model's year for the reference model `models/allocation.mod`
    /// (`n1_pairs.csv`): every checked outage k (``SecuritySetup/outageBranches``) against every
    /// other AC link l of k's component, with LODF_{l,k} from ``NetworkPhysics/lodf`` — the pairs
    /// of ``allContingencyPairs()`` without the slice (the reference writes them for every slice).
    /// Empty without `security = "n-1"` or without AC links. Ordered by outage, then monitored link.
    public func mathProgContingencyTable(dataset: Dataset) -> (name: String, contents: String) {
        var records: [(monitored: LinkID, outage: LinkID, lodf: Double)] = []
        for k in security.outageBranches {
            guard let factors = physics.lodf[k] else { continue }
            let outage = physics.branches[k]
            for (l, branch) in physics.branches.enumerated() where l != k && physics.component[branch.from] == physics.component[outage.from] {
                records.append((dataset.links[branch.link].id, dataset.links[outage.link].id, factors[l]))
            }
        }
        return MathProgTables.contingencyPairs(records)
    }
}
