// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import KnelpuntData
import Testing

@Suite("Assets: one kind and reference type for links, conversions and supplies")
struct AssetTests {
    @Test("Dataset.asset(id:) finds each kind by id and nothing else")
    func lookupByID() throws {
        let data = try DatasetLoader.load(from: Repository.dataset("tiny")).dataset
        #expect(data.asset(id: "coast-port") == AssetReference(kind: .link, index: 0))
        #expect(data.asset(id: "gas") == AssetReference(kind: .supply, index: 1))
        #expect(data.asset(id: "electrolyser") == AssetReference(kind: .conversion, index: 0))
        #expect(data.asset(id: "coast") == nil, "a node is not an asset")
        #expect(data.asset(id: "coast-port-upgrade") == nil, "a project is not an asset")
        #expect(data.assets.map { data.id(of: $0) } == ["coast-port", "electrolyser", "wind", "gas"])
        #expect(data.assetsInFileOrder.map { data.id(of: $0) } == ["coast-port", "wind", "gas", "electrolyser"])
        let facts = data.facts(of: try #require(data.asset(id: "electrolyser")))
        #expect(facts.origin == RecordOrigin(file: "conversions.csv", line: 2))
        #expect(abs(facts.capacityMW - 50) <= 1e-12)
    }

    @Test("the year view gives each asset's capacity after its projects")
    func capacityPerAsset() throws {
        let data = try DatasetLoader.load(from: Repository.dataset("tiny")).dataset
        let line = try #require(data.asset(id: "coast-port"))
        #expect(abs(data.view(year: 2029).capacityMW(of: line) - 100) <= 1e-12)
        #expect(abs(data.view(year: 2030).capacityMW(of: line) - 200) <= 1e-12, "the 2030 upgrade adds 100 MW")
        #expect(data.view(year: 2030).exists(line))
        #expect(data.projectsByTarget() == ["coast-port": [0]])
        #expect(abs(data.projectCapacityMW(target: "coast-port", upTo: 2030, byTarget: data.projectsByTarget()) - 100) <= 1e-12)
    }

    @Test("a retired asset has zero capacity and does not exist")
    func retired() throws {
        var data = try DatasetLoader.load(from: Repository.dataset("tiny")).dataset
        data.supplies[1].retired = 2027
        let gas = try #require(data.asset(id: "gas"))
        #expect(!data.view(year: 2027).exists(gas))
        #expect(data.view(year: 2027).capacityMW(of: gas) == 0)
        #expect(abs(data.view(year: 2026).capacityMW(of: gas) - 70) <= 1e-12)
    }
}
