// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntData
import KnelpuntLP

// The electricity grid's physics: Kirchhoff's voltage law on the AC subnetwork and N-1
// post-contingency limits (docs/model.md, "Power flow and N-1"). A dataset without reactances has
// no AC branch, so neither family adds a row and the LP is the transport model of before.

extension NetworkPhysics {
    /// The AC subnetwork of `view`'s year: every electricity link in service (exists, capacity
    /// above 0 MW) with a reactance that year and both ends known. HVDC links (no reactance) and
    /// hydrogen links stay controllable.
    public init(dataset: Dataset, view: YearView, network: NetworkIndex) {
        var branches: [Branch] = []
        for (l, link) in dataset.links.enumerated() where link.carrier == .electricity && view.isInService(l) {
            guard let x = view.linkReactancePU(l), x > 0, let ends = network.linkEnds[l] else { continue }
            branches.append(Branch(link: l, from: ends.from, to: ends.to, reactancePU: x))
        }
        self.init(nodeCount: dataset.nodes.count, branches: branches)
    }
}

/// One post-contingency limit: monitored link l after the outage of link k in timeslice t (link
/// indices into ``Dataset/links``).
public struct ContingencyPair: Hashable, Sendable, Comparable {
    public var monitored: Int
    public var outage: Int
    public var timeslice: Int
    public init(monitored: Int, outage: Int, timeslice: Int) {
        self.monitored = monitored
        self.outage = outage
        self.timeslice = timeslice
    }
    public static func < (a: Self, b: Self) -> Bool { (a.timeslice, a.outage, a.monitored) < (b.timeslice, b.outage, b.monitored) }
}

/// The N-1 set-up of one year: which outages are checked, which are skipped because they island
/// nodes (with a warning naming them), and the emergency rating of every link.
public struct SecuritySetup: Sendable {
    /// An outage left out because it cuts nodes off the rest of the AC grid (its LODF is undefined).
    public struct SkippedOutage: Sendable, Hashable {
        public var link: LinkID
        public var islandedNodes: [NodeID]
    }
    public let mode: SecurityMode
    /// Branch indices (into ``NetworkPhysics/branches``) of the outages checked, ascending.
    public let outageBranches: [Int]
    public let skipped: [SkippedOutage]
    /// E_l per link (indexed like ``Dataset/links``), MW: ``YearView/linkEmergencyRatingMW(_:)``
    /// (`emergency_rating_mw` plus the capacity the link's projects added by then, else the capacity).
    public let emergencyRatingMW: [Double]

    public init(dataset: Dataset, view: YearView, physics: NetworkPhysics) {
        mode = dataset.info.security
        emergencyRatingMW = dataset.links.indices.map { view.linkEmergencyRatingMW($0) }
        var outages: [Int] = []
        var skipped: [SkippedOutage] = []
        for l in view.contingencyLinks {
            guard let k = physics.branchOfLink[l] else { continue }
            if physics.lodf[k] == nil {
                skipped.append(SkippedOutage(link: dataset.links[l].id, islandedNodes: physics.islandedNodes[k].map { dataset.nodes[$0].id }))
            } else {
                outages.append(k)
            }
        }
        outageBranches = outages
        self.skipped = skipped
    }

    /// One warning per skipped outage, naming the nodes it would island.
    public var warnings: [String] {
        skipped.map {
            "outage of link \($0.link) is not checked: it would island \($0.islandedNodes.map(\.rawValue).joined(separator: ", ")) (no post-contingency flow exists)"
        }
    }
}

extension AllocationModel {
    /// Kirchhoff's voltage law in slice t, one row per cycle c of ``NetworkPhysics/cycles``
    /// (dimensionless after scaling):
    ///
    ///     Σ_{l ∈ c} C_{c,l} · (x_l / x̂_c) · x[l,t] = 0        x̂_c = max_{l ∈ c} x_l
    ///
    /// C_{c,l} = ±1 as l is traversed along or against the cycle, x_l the reactance (p.u.),
    /// x[l,t] the flow (MW). Dividing by x̂_c keeps every coefficient in (0, 1] (same solutions).
    /// With the nodal balance these rows make the AC flows a DC power flow (the cycle-flow
    /// formulation; ``NetworkPhysics`` says why it beats angles and PTDF rows).
    mutating func addKirchhoffRows(_ c: FormulationContext, timeslice t: Int) {
        for (index, cycle) in physics.cycles.enumerated() {
            let scale = cycle.terms.map { physics.branches[$0.branch].reactancePU }.max() ?? 1
            var terms: [(column: Int, coefficient: Double)] = []
            for term in cycle.terms {
                let branch = physics.branches[term.branch]
                guard let column = flowColumn[branch.link]?[t] else { continue }
                terms.append((column, term.sign * branch.reactancePU / scale))
            }
            let closing = c.dataset.links[physics.branches[cycle.closingBranch].link].id
            let row = appendRow(.kirchhoff(closing: closing, timeslice: t), name: "kvl[\(closing),\(t)]", lower: 0, upper: 0, terms: terms)
            recordKirchhoff(index, row: row)
        }
    }

    /// Post-contingency limits (MW), one row per pair (l, k, t) not yet in the model:
    ///
    ///     −E_l ≤ x[l,t] + LODF_{l,k} · x[k,t] ≤ E_l
    ///
    /// the flow on monitored link l after the outage of link k within l's emergency rating E_l.
    /// Added lazily (the analysis adds only the pairs a solution violates), after the model and
    /// the allocation-rule families exist; every stage after keeps them. Returns the rows added.
    @discardableResult
    public mutating func addContingencyRows(pairs: [ContingencyPair], dataset: Dataset) -> [Int] {
        var added: [Int] = []
        for pair in pairs where contingencyRow[pair] == nil {
            guard let limit = contingencyLimit(pair) else { continue }
            let (lid, kid) = (dataset.links[pair.monitored].id, dataset.links[pair.outage].id)
            let row = appendRow(
                .contingency(monitored: lid, outage: kid, timeslice: pair.timeslice), name: "n1[\(lid),\(kid),\(pair.timeslice)]",
                lower: -limit.ratingMW, upper: limit.ratingMW, terms: limit.terms)
            recordContingency(pair, row: row)
            added.append(row)
        }
        return added
    }

    /// The post-contingency limit of `pair` as ``addContingencyRows(pairs:dataset:)`` writes it:
    /// −E_l ≤ Σ terms ≤ E_l over the model's flow columns of the pair's slice; `nil` when a link
    /// of the pair is not an AC branch in service this year.
    public func contingencyLimit(_ pair: ContingencyPair) -> (ratingMW: Double, terms: [(column: Int, coefficient: Double)])? {
        guard let l = physics.branchOfLink[pair.monitored], let k = physics.branchOfLink[pair.outage], let factors = physics.lodf[k],
            let monitored = flowColumn[pair.monitored]?[pair.timeslice], let outage = flowColumn[pair.outage]?[pair.timeslice]
        else { return nil }
        return (security.emergencyRatingMW[pair.monitored], factors[l] == 0 ? [(monitored, 1)] : [(monitored, 1), (outage, factors[l])])
    }

    /// Removes the post-contingency rows that are slack in `result` (a solve of the current LP):
    /// basic in its basis, zero dual, and |x[l,t] + LODF_{l,k}·x[k,t]| ≤ `share`·E_l. A later
    /// stage that violates such a pair gets its row back from the lazy N-1 loop, so every
    /// stage's optimum stays optimal for the LP with every N-1 row. Returns the keep mask over
    /// the rows before the removal (for ``SolveResult/keepingRows(_:)``); no row removed without
    /// a basis.
    public mutating func removeSlackContingencyRows(at result: SolveResult, share: Double) -> [Bool] {
        guard let basis = result.basis, basis.rowStatus.count == lp.rowCount, result.rowActivities.count == lp.rowCount,
            result.rowDuals.count == lp.rowCount
        else { return [Bool](repeating: true, count: lp.rowCount) }
        var slack = Set<ContingencyPair>()
        for pair in contingencyPairs {
            guard let row = contingencyRow[pair], basis.rowStatus[row] == .basic, result.rowDuals[row] == 0 else { continue }
            if abs(result.rowActivities[row]) <= share * security.emergencyRatingMW[pair.monitored] { slack.insert(pair) }
        }
        return removeContingencyRows(slack)
    }

    /// Every post-contingency pair the flows of `result` violate by more than `toleranceMW`
    /// (+ 1e-9 × E_l) and that has no row yet: every checked outage against every other AC
    /// link of its component, in every slice. Ascending by (slice, outage, monitored).
    public func contingencyViolations(_ result: SolveResult, toleranceMW: Double) -> [ContingencyPair] {
        contingencyViolations(toleranceMW: toleranceMW) { l, t in flowColumn[l].map { result.columnValues[$0[t]] } ?? 0 }
    }

    /// The post-contingency pairs of slice t that the flows `flowMW(l)` (MW per link index l)
    /// violate by more than `toleranceMW` (+ 1e-9 × E_l) and that have no row yet, ascending by
    /// (outage, monitored): the check of ``contingencyViolations(_:toleranceMW:)`` for one slice.
    public func contingencyViolations(timeslice t: Int, toleranceMW: Double, flowMW: (_ link: Int) -> Double) -> [ContingencyPair] {
        contingencyViolations(toleranceMW: toleranceMW, timeslices: t..<(t + 1)) { l, _ in flowMW(l) }
    }

    /// Every post-contingency pair (l, k, t) in the model, i.e. the LP with all N-1 rows up front.
    public func allContingencyPairs() -> [ContingencyPair] {
        contingencyViolations(toleranceMW: -.infinity) { _, _ in 0 }
    }

    private func contingencyViolations(
        toleranceMW: Double, timeslices: Range<Int>? = nil, flow: (_ link: Int, _ timeslice: Int) -> Double
    ) -> [ContingencyPair] {
        var pairs: [ContingencyPair] = []
        var flows = [Double](repeating: 0, count: physics.branches.count)
        for t in timeslices ?? 0..<timesliceCount {
            for (b, branch) in physics.branches.enumerated() { flows[b] = flow(branch.link, t) }
            for k in security.outageBranches {
                guard let factors = physics.lodf[k] else { continue }
                let outage = physics.branches[k]
                for (l, branch) in physics.branches.enumerated() where l != k && physics.component[branch.from] == physics.component[outage.from] {
                    let rating = security.emergencyRatingMW[branch.link]
                    let post = flows[l] + factors[l] * flows[k]
                    let pair = ContingencyPair(monitored: branch.link, outage: outage.link, timeslice: t)
                    if abs(post) > rating + toleranceMW + 1e-9 * rating, contingencyRow[pair] == nil { pairs.append(pair) }
                }
            }
        }
        return pairs
    }
}
