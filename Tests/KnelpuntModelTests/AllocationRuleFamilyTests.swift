// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import KnelpuntData
import KnelpuntGLPK
import KnelpuntLP
import KnelpuntModel
import Testing

/// The allocation-rule families (q_i, λ, share and fill rows) and the stage operations live in
/// the model, with typed keys, and leave the cost stage's optimum unchanged until a stage uses them.
@Suite struct AllocationRuleFamilyTests {
    @Test func familiesHaveKeysAndKeepTheCostOptimum() throws {
        let dataset = try ReferenceRun.load("tiny")
        let base = AllocationModel.build(dataset: dataset, year: 2025)
        var model = base
        model.addAllocationRuleFamilies()
        let pairs = base.view.pairs
        #expect(model.columnCount == base.columnCount + pairs.count + 1)
        #expect(model.rowCount == base.rowCount + 2 * pairs.count)
        #expect(model.columnKeys.count == model.columnCount && model.rowKeys.count == model.rowCount)
        #expect(Array(model.columnKeys.suffix(pairs.count + 1)) == pairs.map { .shortfall($0.key) } + [.shareFloor])
        #expect(Array(model.rowKeys.suffix(2 * pairs.count)) == pairs.map { .share($0.key) } + pairs.map { .fill($0.key) })
        #expect(model.blockStructure().columnBlock.suffix(pairs.count + 1).allSatisfy { $0 == nil }, "rule columns link the slices")

        let plain = try GLPKSolver().solve(base.lp)
        model.setCostObjective()
        let extended = try GLPKSolver().solve(model.lp)
        let a = try #require(plain.objectiveValue)
        let b = try #require(extended.objectiveValue)
        #expect(abs(a - b) <= 1e-6 * max(1, abs(a)))
        // The share rows define q_i = 1 − r_i.
        let shares = model.servedShares(extended)
        for i in pairs.indices {
            #expect(abs(extended.columnValues[model.shortfallColumn[i]] - (1 - shares[i])) <= 1e-7)
        }
    }

    @Test func stageOperationsChangeOnlyBoundsAndObjective() throws {
        let dataset = try ReferenceRun.load("tiny")
        var model = AllocationModel.build(dataset: dataset, year: 2025)
        model.addAllocationRuleFamilies()
        let shape = (model.rowCount, model.columnCount, model.lp.nonzeroCount)
        let everyone = Set(model.view.pairs.indices)
        model.setFillRows(active: everyone, floorLowerBound: 0)
        model.setFloorObjective()
        #expect(model.lp.sense == .maximize)
        let floor = try GLPKSolver().solve(model.lp)
        let lambda = try #require(floor.objectiveValue)
        #expect(lambda >= 0 && lambda <= 1)
        // Every served share is at least the floor.
        for share in model.servedShares(floor) { #expect(share >= lambda - 1e-7) }
        model.fixShare(pair: 0, share: 0.5, tolerance: 1e-9)
        #expect(abs(model.lp.columns[model.shortfallColumn[0]].upperBound - (0.5 + 1e-9)) <= 1e-15)
        #expect(model.determinedShare(pair: 0) == nil, "an upper bound alone does not determine the share")
        model.setFillRows(active: [], floorLowerBound: 0)
        #expect(model.lp.columns[try #require(model.shareFloorColumn)].upperBound == 0)
        #expect((model.rowCount, model.columnCount, model.lp.nonzeroCount) == shape)
    }

    @Test func networkIndexMatchesTheDataset() throws {
        let dataset = try ReferenceRun.load("tiny")
        let model = AllocationModel.build(dataset: dataset, year: 2030)
        let network = model.network
        let port = try #require(network.nodeIndex["port"])
        let coast = try #require(network.nodeIndex["coast"])
        #expect(network.linkEnds[0]?.from == coast && network.linkEnds[0]?.to == port)
        #expect(network.nodeLinks[port] == [0] && network.nodeLinks[coast] == [0])
        #expect(network.supplyNode == dataset.supplies.map { network.nodeIndex[$0.node] })
        for (n, pairs) in network.pairsAtNode.enumerated() {
            for i in pairs { #expect(model.view.pairs[i].node == dataset.nodes[n].id) }
        }
        #expect(network.pairsAtNode.flatMap { $0 }.sorted() == Array(model.view.pairs.indices))
        // Capacity columns per asset: one per slice, bounded by the year view's capacity.
        for asset in dataset.assets {
            let columns = try #require(model.capacityColumns(of: asset))
            #expect(columns.count == model.timesliceCount)
            let capacity = model.view.capacityMW(of: asset)
            for column in columns {
                #expect(model.lp.columns[column].upperBound <= capacity + 1e-9)
                #expect(model.lp.columns[column].lowerBound == (asset.kind == .link ? -capacity : 0))
            }
        }
    }
}
