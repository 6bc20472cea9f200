// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntData

/// The network of one planning year as integer indices, built once per ``AllocationModel`` and
/// shared by the formulation, the bottleneck analysis and the extraction of outcomes, so that
/// none of them looks identifiers up in a loop.
///
/// Node indices refer to ``Dataset/nodes``, link / supply / conversion / flex indices to the
/// dataset's arrays, pair indices to ``YearView/pairs``. Every list is in ascending index order
/// (file order), so loops over it are deterministic.
public struct NetworkIndex: Sendable {
    /// Index of each node id in ``Dataset/nodes``.
    public let nodeIndex: [NodeID: Int]
    /// Index of each pair in ``YearView/pairs``.
    public let pairIndex: [ConsumerCarrier: Int]
    /// End nodes of each link (`nil` when an end names no node).
    public let linkEnds: [(from: Int, to: Int)?]
    /// End nodes of each conversion, electricity `from`, hydrogen `to` (`nil` when an end names no node).
    public let conversionEnds: [(from: Int, to: Int)?]
    /// Node of each supply (`nil` when it names no node).
    public let supplyNode: [Int?]
    /// Links touching each node (a self-loop once), whether or not they exist this year.
    public let nodeLinks: [[Int]]
    /// Conversions touching each node (a self-loop once), whether or not they exist this year.
    public let nodeConversions: [[Int]]
    /// Pairs at each node.
    public let pairsAtNode: [[Int]]
    /// Pair of each flex commitment in force this year (`nil` otherwise).
    public let flexPair: [Int?]
    /// Flex commitments in force of each pair.
    public let flexOfPair: [[Int]]
    /// Availability a_s(t) of each supply per timeslice (all 1 without a profile).
    public let supplyAvailability: [[Double]]
    /// Requests (indices into ``YearView/requests``) at each node.
    public let requestsAtNode: [[Int]]
    /// Members (indices into ``Dataset/consumers``) of each group contract (indexed like
    /// ``Dataset/groupContracts``).
    public let groupContractMembers: [Set<Int>]

    public init(dataset: Dataset, view: YearView) {
        let nodeIndex = Dictionary(dataset.nodes.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        let pairIndex = Dictionary(view.pairs.enumerated().map { ($1.key, $0) }, uniquingKeysWith: { first, _ in first })
        self.nodeIndex = nodeIndex
        self.pairIndex = pairIndex
        func ends(_ from: NodeID, _ to: NodeID) -> (from: Int, to: Int)? {
            guard let from = nodeIndex[from], let to = nodeIndex[to] else { return nil }
            return (from, to)
        }
        linkEnds = dataset.links.map { ends($0.from, $0.to) }
        conversionEnds = dataset.conversions.map { ends($0.from, $0.to) }
        supplyNode = dataset.supplies.map { nodeIndex[$0.node] }
        supplyAvailability = dataset.supplies.map { dataset.profileValues($0.profile) }
        let nodeCount = dataset.nodes.count
        var links = [[Int]](repeating: [], count: nodeCount)
        var conversions = links
        var pairs = links
        for (l, ends) in linkEnds.enumerated() {
            guard let ends else { continue }
            links[ends.from].append(l)
            if ends.to != ends.from { links[ends.to].append(l) }
        }
        for (v, ends) in conversionEnds.enumerated() {
            guard let ends else { continue }
            conversions[ends.from].append(v)
            if ends.to != ends.from { conversions[ends.to].append(v) }
        }
        for (i, pair) in view.pairs.enumerated() {
            if let n = nodeIndex[pair.node] { pairs[n].append(i) }
        }
        var requests = links.map { _ in [Int]() }
        for (r, request) in view.requests.enumerated() {
            if let n = nodeIndex[request.node] { requests[n].append(r) }
        }
        requestsAtNode = requests
        let contractIndex = Dictionary(dataset.groupContracts.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        var members = [Set<Int>](repeating: [], count: dataset.groupContracts.count)
        for (c, consumer) in dataset.consumers.enumerated() {
            if let id = consumer.groupContract, let g = contractIndex[id] { members[g].insert(c) }
        }
        groupContractMembers = members
        nodeLinks = links
        nodeConversions = conversions
        pairsAtNode = pairs
        var flexPair = [Int?](repeating: nil, count: dataset.flex.count)
        var flexOfPair = [[Int]](repeating: [], count: view.pairs.count)
        for f in view.flexIndices {
            let commitment = dataset.flex[f]
            if let i = pairIndex[ConsumerCarrier(consumer: commitment.consumer, carrier: commitment.carrier)] {
                flexPair[f] = i
                flexOfPair[i].append(f)
            }
        }
        self.flexPair = flexPair
        self.flexOfPair = flexOfPair
    }
}
