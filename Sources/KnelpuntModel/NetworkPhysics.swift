// SPDX-License-Identifier: GPL-3.0-or-later

/// The linear (DC) power-flow physics of one year's AC subnetwork: power transfer distribution
/// factors (PTDF), line outage distribution factors (LODF) and a cycle basis.
///
/// Branches are the in-service AC links with a series reactance x_b (p.u. on a 100 MVA base; the
/// base cancels out of every factor below). HVDC and other controllable links and all hydrogen
/// links are not branches: their flows are injections at their end nodes. Self-loops move nothing
/// and are left out.
///
/// **DC power flow.** Flows f (MW, positive from → to) are those of a DC power flow when angles θ
/// exist with f_b = (θ_from − θ_to)/x_b. Given the nodal balance, that holds if and only if the
/// flows obey Kirchhoff's voltage law round every cycle c of a cycle basis:
///
///     Σ_{b ∈ c} C_{c,b} · x_b · f_b = 0        (C_{c,b} = ±1: b traversed along / against c)
///
/// **Why cycles in the LP.** Of the three equivalent formulations the cycle-flow one (Hörsch et
/// al. 2018, "Linear optimal power flow using cycle flows", as PyPSA uses) is the sparsest: per
/// timeslice it adds B − N + K rows (K components) and no columns, each row with only its cycle's
/// branches. The angle formulation adds N free columns and B rows per slice; the PTDF one adds B
/// rows that are dense in the N injections. The PTDF and LODF are still computed here, for the
/// N-1 rows (one LODF term each) and for the verifier.
///
/// **PTDF.** With one slack node per connected component (its lowest index), B_red the reduced
/// nodal susceptance matrix (Σ 1/x_b, slack row and column removed) and X = B_red⁻¹:
///
///     PTDF_{b,n} = (X_{from(b),n} − X_{to(b),n}) / x_b        (X_{slack,·} = 0)
///
/// the MW on branch b per MW injected at n and withdrawn at its component's slack.
///
/// **LODF.** For the outage of branch k = (a → c) and a monitored branch l ≠ k:
///
///     LODF_{l,k} = (PTDF_{l,a} − PTDF_{l,c}) / (1 − (PTDF_{k,a} − PTDF_{k,c})),   LODF_{k,k} = −1
///
/// so the post-contingency flow is f_l + LODF_{l,k}·f_k. The denominator is 0 exactly when k is a
/// bridge (its outage islands the nodes on one side); the bridge is found topologically and its
/// LODF left undefined (``islandedNodes``).
///
/// Complexity (N nodes, B branches, dense): Cholesky O(N³), inverse O(N³), PTDF O(B·N),
/// LODF O(B²), cycle basis and bridge search O(B·(N + B)); `nl` has about 50 nodes.
public struct NetworkPhysics: Sendable {
    /// One AC branch: a link (dataset index) between two node indices, with reactance x_b (p.u.).
    public struct Branch: Sendable, Hashable {
        public var link: Int
        public var from: Int
        public var to: Int
        public var reactancePU: Double
        public init(link: Int, from: Int, to: Int, reactancePU: Double) {
            self.link = link
            self.from = from
            self.to = to
            self.reactancePU = reactancePU
        }
    }

    /// One cycle of the basis: the branch that closes it (not in the spanning forest) and each
    /// branch round it with its orientation C_{c,b} = ±1.
    public struct Cycle: Sendable, Hashable {
        public var closingBranch: Int
        public var terms: [(branch: Int, sign: Double)]
        public static func == (lhs: Cycle, rhs: Cycle) -> Bool {
            lhs.closingBranch == rhs.closingBranch && lhs.terms.map(\.branch) == rhs.terms.map(\.branch)
                && lhs.terms.map(\.sign) == rhs.terms.map(\.sign)
        }
        public func hash(into hasher: inout Hasher) {
            hasher.combine(closingBranch)
            for term in terms {
                hasher.combine(term.branch)
                hasher.combine(term.sign)
            }
        }
    }

    public let nodeCount: Int
    /// The AC branches, in the order given (ascending link index when built from a dataset).
    public let branches: [Branch]
    /// Connected component of each node (`nil` for a node that no branch touches).
    public let component: [Int?]
    /// PTDF_{b,n}: MW on branch b per MW injected at node n (withdrawn at its component's slack).
    public let ptdf: [[Double]]
    /// LODF_{·,k} per outage branch k (indexed by monitored branch l); `nil` when the outage of k
    /// islands nodes (see ``islandedNodes``).
    public let lodf: [[Double]?]
    /// Per branch: the nodes its outage cuts off (the smaller side; empty when it is no bridge).
    public let islandedNodes: [[Int]]
    /// The cycle basis: one cycle per branch outside a breadth-first spanning forest.
    public let cycles: [Cycle]
    /// Branch of each link index, if that link is a branch.
    public let branchOfLink: [Int: Int]

    public init(nodeCount: Int, branches allBranches: [Branch]) {
        let branches = allBranches.filter { $0.from != $0.to }
        self.nodeCount = nodeCount
        self.branches = branches
        self.branchOfLink = Dictionary(branches.enumerated().map { ($1.link, $0) }, uniquingKeysWith: { first, _ in first })
        var adjacency = [[Int]](repeating: [], count: nodeCount)
        for (b, branch) in branches.enumerated() {
            adjacency[branch.from].append(b)
            adjacency[branch.to].append(b)
        }
        let forest = Self.spanningForest(nodeCount: nodeCount, branches: branches, adjacency: adjacency)
        component = forest.component
        cycles = Self.cycleBasis(branches: branches, forest: forest)
        let ptdf = Self.ptdf(nodeCount: nodeCount, branches: branches, component: forest.component)
        self.ptdf = ptdf
        var lodf = [[Double]?](repeating: nil, count: branches.count)
        var islanded = [[Int]](repeating: [], count: branches.count)
        for (k, outage) in branches.enumerated() {
            let cut = Self.sideCutOff(by: k, branches: branches, adjacency: adjacency)
            if !cut.isEmpty {
                islanded[k] = cut
                continue
            }
            let denominator = 1 - (ptdf[k][outage.from] - ptdf[k][outage.to])
            lodf[k] = branches.indices.map { l in
                l == k ? -1 : Self.flushed((ptdf[l][outage.from] - ptdf[l][outage.to]) / denominator)
            }
        }
        self.lodf = lodf
        self.islandedNodes = islanded
    }

    /// Post-contingency flow on branch l after the outage of branch k, MW: f_l + LODF_{l,k}·f_k
    /// (`nil` when k's outage islands nodes).
    public func postContingencyFlowMW(monitored l: Int, outage k: Int, flowsMW: [Double]) -> Double? {
        guard let factors = lodf[k] else { return nil }
        return l == k ? 0 : flowsMW[l] + factors[l] * flowsMW[k]
    }

    /// Largest |f_b − (PTDF·p)_b| over the branches, MW, where p are the nodal injections the
    /// branch flows `flowsMW` themselves imply: 0 exactly when the flows are a DC power flow
    /// (angles exist), whatever the rest of the network injects.
    public func kirchhoffResidualMW(flowsMW: [Double]) -> Double {
        var injection = [Double](repeating: 0, count: nodeCount)
        for (b, branch) in branches.enumerated() {
            injection[branch.from] += flowsMW[b]
            injection[branch.to] -= flowsMW[b]
        }
        var worst = 0.0
        for b in branches.indices {
            var dc = 0.0
            for n in 0..<nodeCount where injection[n] != 0 { dc += ptdf[b][n] * injection[n] }
            worst = max(worst, abs(flowsMW[b] - dc))
        }
        return worst
    }

    // MARK: - Construction

    struct Forest {
        var component: [Int?]
        var parentBranch: [Int?]
        var depth: [Int]
        var inTree: [Bool]
    }

    /// Breadth-first spanning forest in node order, each node's branches in branch order.
    static func spanningForest(nodeCount: Int, branches: [Branch], adjacency: [[Int]]) -> Forest {
        var forest = Forest(
            component: Array(repeating: nil, count: nodeCount), parentBranch: Array(repeating: nil, count: nodeCount),
            depth: Array(repeating: 0, count: nodeCount), inTree: Array(repeating: false, count: branches.count))
        var components = 0
        for root in 0..<nodeCount where forest.component[root] == nil && !adjacency[root].isEmpty {
            forest.component[root] = components
            var queue = [root]
            var head = 0
            while head < queue.count {
                let n = queue[head]
                head += 1
                for b in adjacency[n] {
                    let other = branches[b].from == n ? branches[b].to : branches[b].from
                    guard forest.component[other] == nil else { continue }
                    forest.component[other] = components
                    forest.parentBranch[other] = b
                    forest.depth[other] = forest.depth[n] + 1
                    forest.inTree[b] = true
                    queue.append(other)
                }
            }
            components += 1
        }
        return forest
    }

    /// One cycle per non-tree branch b = (u → v): b along, then the tree path from v back to u.
    static func cycleBasis(branches: [Branch], forest: Forest) -> [Cycle] {
        func parent(_ n: Int) -> Int {
            let b = branches[forest.parentBranch[n]!]
            return b.from == n ? b.to : b.from
        }
        var cycles: [Cycle] = []
        for (b, branch) in branches.enumerated() where !forest.inTree[b] {
            var up: [(branch: Int, sign: Double)] = [] // v up to the common ancestor, child → parent
            var down: [(branch: Int, sign: Double)] = [] // common ancestor down to u, parent → child (built reversed)
            var v = branch.to
            var u = branch.from
            while forest.depth[v] > forest.depth[u] {
                let e = forest.parentBranch[v]!
                up.append((e, branches[e].from == v ? 1 : -1))
                v = parent(v)
            }
            while forest.depth[u] > forest.depth[v] {
                let e = forest.parentBranch[u]!
                down.append((e, branches[e].to == u ? 1 : -1))
                u = parent(u)
            }
            while u != v {
                let ev = forest.parentBranch[v]!
                let eu = forest.parentBranch[u]!
                up.append((ev, branches[ev].from == v ? 1 : -1))
                v = parent(v)
                down.append((eu, branches[eu].to == u ? 1 : -1))
                u = parent(u)
            }
            cycles.append(Cycle(closingBranch: b, terms: [(b, 1)] + up + down.reversed()))
        }
        return cycles
    }

    /// PTDF by a dense Cholesky factorisation of each component's reduced susceptance matrix.
    static func ptdf(nodeCount: Int, branches: [Branch], component: [Int?]) -> [[Double]] {
        var result = [[Double]](repeating: [Double](repeating: 0, count: nodeCount), count: branches.count)
        let componentCount = (component.compactMap { $0 }.max() ?? -1) + 1
        for c in 0..<componentCount {
            let nodes = (0..<nodeCount).filter { component[$0] == c }
            let reduced = Array(nodes.dropFirst()) // nodes.first is the slack
            guard !reduced.isEmpty else { continue }
            var position = [Int: Int]()
            for (i, n) in reduced.enumerated() { position[n] = i }
            let m = reduced.count
            var susceptance = [Double](repeating: 0, count: m * m)
            for branch in branches where component[branch.from] == c {
                let y = 1 / branch.reactancePU
                let i = position[branch.from]
                let j = position[branch.to]
                if let i { susceptance[i * m + i] += y }
                if let j { susceptance[j * m + j] += y }
                if let i, let j {
                    susceptance[i * m + j] -= y
                    susceptance[j * m + i] -= y
                }
            }
            let inverse = symmetricPositiveDefiniteInverse(susceptance, size: m)
            for (b, branch) in branches.enumerated() where component[branch.from] == c {
                let i = position[branch.from]
                let j = position[branch.to]
                for (col, n) in reduced.enumerated() {
                    let above = i.map { inverse[$0 * m + col] } ?? 0
                    let below = j.map { inverse[$0 * m + col] } ?? 0
                    result[b][n] = flushed((above - below) / branch.reactancePU)
                }
            }
        }
        return result
    }

    /// A distribution factor (dimensionless, |value| ≤ 1 up to round-off) with round-off noise
    /// below 1e-10 set to exactly 0: e.g. the LODF of a radial spur is 0 in exact arithmetic, and
    /// a 1e-17 coefficient in an LP row would wreck the solver's scaling.
    static func flushed(_ value: Double) -> Double { abs(value) < 1e-10 ? 0 : value }

    /// Inverse of a symmetric positive definite matrix (row-major, size × size) by Cholesky.
    static func symmetricPositiveDefiniteInverse(_ a: [Double], size m: Int) -> [Double] {
        var l = [Double](repeating: 0, count: m * m)
        for j in 0..<m {
            var diagonal = a[j * m + j]
            for k in 0..<j { diagonal -= l[j * m + k] * l[j * m + k] }
            let root = diagonal.squareRoot()
            l[j * m + j] = root
            for i in (j + 1)..<max(j + 1, m) {
                var value = a[i * m + j]
                for k in 0..<j { value -= l[i * m + k] * l[j * m + k] }
                l[i * m + j] = value / root
            }
        }
        var inverse = [Double](repeating: 0, count: m * m)
        var y = [Double](repeating: 0, count: m)
        for col in 0..<m {
            for i in 0..<m { // L y = e_col
                var value = i == col ? 1.0 : 0.0
                for k in 0..<i { value -= l[i * m + k] * y[k] }
                y[i] = value / l[i * m + i]
            }
            for i in stride(from: m - 1, through: 0, by: -1) { // Lᵀ x = y
                var value = y[i]
                for k in (i + 1)..<max(i + 1, m) { value -= l[k * m + i] * inverse[k * m + col] }
                inverse[i * m + col] = value / l[i * m + i]
            }
        }
        return inverse
    }

    /// The nodes cut off by the outage of branch k (the side with fewer nodes, ties: the side of
    /// k's `to` node), or empty when another path joins k's ends.
    static func sideCutOff(by k: Int, branches: [Branch], adjacency: [[Int]]) -> [Int] {
        func reach(from start: Int) -> [Int] {
            var seen: Set<Int> = [start]
            var queue = [start]
            var head = 0
            while head < queue.count {
                let n = queue[head]
                head += 1
                for b in adjacency[n] where b != k {
                    let other = branches[b].from == n ? branches[b].to : branches[b].from
                    if seen.insert(other).inserted { queue.append(other) }
                }
            }
            return queue
        }
        let fromSide = reach(from: branches[k].from)
        if fromSide.contains(branches[k].to) { return [] }
        let toSide = reach(from: branches[k].to)
        return (fromSide.count < toSide.count ? fromSide : toSide).sorted()
    }
}
