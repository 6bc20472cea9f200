// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import KnelpuntData
import Testing

/// `knelpunt generate --physics --controllable --security`: the reactance rule of
/// docs/generator.md (x = 0.3 · 100 / C pu), carried-over reactances, and N-1.
@Suite struct InstanceGeneratorPhysicsTests {
    typealias Physics = InstanceGenerator.Physics

    /// x = 0.3 rad · 100 MVA / C, rounded to 1e-6 pu and kept in [1e-4, 10] pu.
    @Test func defaultReactanceFollowsTheRatedAngleRule() {
        #expect(InstanceGenerator.defaultReactancePU(capacityMW: 3000) == 0.01)
        #expect(InstanceGenerator.defaultReactancePU(capacityMW: 700) == 0.042857)
        #expect(InstanceGenerator.defaultReactancePU(capacityMW: 400) == 0.075)
        #expect(InstanceGenerator.defaultReactancePU(capacityMW: 0) == 0.03) // 1,000 MW stands in
        #expect(InstanceGenerator.defaultReactancePU(capacityMW: 1) == 10) // 30 pu, kept at 10
        #expect(InstanceGenerator.defaultReactancePU(capacityMW: 1e6) == 1e-4) // 3e-5 pu, kept at 1e-4
    }

    /// tiny: coast–port 100 MW gets 0.3 pu, and its 2030 second circuit (+100 MW, 200 MW in all)
    /// 0.15 pu; the dataset says N-1, loads without a diagnostic and keeps the hydrogen side.
    @Test func derivedReactancesOnTiny() throws {
        let base = try ReferenceRun.load("tiny")
        #expect(!base.links.contains { $0.reactancePU != nil })
        let physics = Physics(reactances: true, security: .n1)
        let (_, loaded) = try InstanceGeneratorTests.roundTrip(base, .init(resolution: .seasonalDays, physics: physics))
        #expect(loaded.diagnostics.isEmpty, "\(loaded.diagnostics)")
        let dataset = loaded.dataset
        #expect(dataset.info.security == .n1)
        #expect(dataset.links.map(\.reactancePU) == [0.3])
        #expect(dataset.projects.map(\.reactancePU) == [0.15])
        #expect(dataset.view(year: 2029).linkReactancePU(0) == 0.3)
        #expect(dataset.view(year: 2030).linkReactancePU(0) == 0.15)
        #expect(dataset.info.description.contains("--physics --security n-1"))
    }

    /// A base with reactances keeps them per link (an electricity link without one stays
    /// controllable, a project's own value stays), and emergency ratings too.
    @Test func baseReactancesAreCarriedOverPerLink() throws {
        var base = Self.meshed(try ReferenceRun.load("tiny"))
        base.links[0].reactancePU = 0.02
        base.links[1].reactancePU = 0.01
        base.links[1].emergencyRatingMW = 450
        base.projects[0].reactancePU = 0.011
        let (_, loaded) = try InstanceGeneratorTests.roundTrip(
            base, .init(resolution: .seasonalDays, physics: Physics(reactances: true, security: .n1)))
        #expect(!loaded.diagnostics.contains { $0.severity == .error }, "\(loaded.diagnostics)")
        let dataset = loaded.dataset
        #expect(dataset.links.map(\.reactancePU) == [0.02, 0.01, nil])
        #expect(dataset.links.map(\.emergencyRatingMW) == [nil, 450, nil])
        #expect(dataset.projects.map(\.reactancePU) == [0.011])
    }

    /// `--controllable` empties a link's reactance and its projects'; an id that is not an
    /// electricity link of the base, and N-1 without any AC link, are refused.
    @Test func controllableLinksAndBadPhysicsOptions() throws {
        let base = Self.meshed(try ReferenceRun.load("tiny"))
        let generated = try InstanceGenerator.generate(
            base: base, options: .init(resolution: .seasonalDays, physics: Physics(reactances: true, controllableLinks: [LinkID("coast-port")])))
        #expect(generated.links.map(\.reactancePU) == [nil, 0.075, 1.5])
        #expect(generated.projects.map(\.reactancePU) == [nil])
        #expect(generated.info.security == base.info.security)
        #expect(throws: InstanceGenerator.GeneratorError.self) {
            _ = try InstanceGenerator.generate(
                base: base, options: .init(resolution: .seasonalDays, physics: Physics(reactances: true, controllableLinks: [LinkID("nowhere")])))
        }
        #expect(throws: InstanceGenerator.GeneratorError.self) {
            _ = try InstanceGenerator.generate(base: base, options: .init(resolution: .seasonalDays, physics: Physics(security: .n1)))
        }
    }

    /// With copies, each copy's contingency list names its own links and the backbone stays
    /// controllable; the written files load without a diagnostic.
    @Test func scaledCopiesKeepTheirPhysics() throws {
        var base = Self.meshed(try ReferenceRun.load("tiny"))
        base.contingencies = [Contingency(link: LinkID("coast-mid"), origin: RecordOrigin(file: "contingencies.csv", line: 2), source: "test")]
        base.listsContingencies = true
        let options = InstanceGenerator.Options(resolution: .seasonalDays, scale: 2, physics: Physics(reactances: true, security: .n1))
        let (files, loaded) = try InstanceGeneratorTests.roundTrip(base, options)
        #expect(loaded.diagnostics.isEmpty, "\(loaded.diagnostics)")
        #expect(files.contains { $0.name == "contingencies.csv" })
        let dataset = loaded.dataset
        #expect(dataset.contingencies.map(\.link.rawValue) == ["coast-mid", "coast-mid_2"])
        let backbone = dataset.links.filter { $0.id.rawValue.hasPrefix("backbone-") }
        #expect(!backbone.isEmpty && backbone.allSatisfy { $0.reactancePU == nil })
        #expect(dataset.links.filter(\.isAC).count == 6)
    }

    /// datasets/nl without its physics (reactances, emergency ratings, contingencies.csv): every
    /// electricity link becomes AC (57), the hydrogen links stay controllable, every non-cancelled
    /// project on an AC link gets a reactance, and the dataset loads without an error under N-1.
    @Test func derivedPhysicsOnNL() throws {
        var base = try ReferenceRun.load("nl")
        for i in base.links.indices {
            base.links[i].reactancePU = nil
            base.links[i].emergencyRatingMW = nil
        }
        for i in base.projects.indices { base.projects[i].reactancePU = nil }
        base.contingencies = []
        base.listsContingencies = false
        let (_, loaded) = try InstanceGeneratorTests.roundTrip(
            base, .init(resolution: .seasonalDays, physics: Physics(reactances: true, security: .n1)))
        #expect(!loaded.diagnostics.contains { $0.severity == .error }, "\(loaded.diagnostics.prefix(3))")
        let dataset = loaded.dataset
        #expect(dataset.links.filter(\.isAC).count == base.links.filter { $0.carrier == .electricity }.count)
        #expect(dataset.links.allSatisfy { ($0.carrier == .electricity) == $0.isAC })
        let acIDs = Set(dataset.links.filter(\.isAC).map(\.id.rawValue))
        for project in dataset.projects where acIDs.contains(project.target ?? "") && project.status != .cancelled {
            #expect(project.reactancePU != nil || project.capacityMW < 0, "\(project.id)")
        }
    }

    /// datasets/nl as it is (line parameters per link, HVDC controllable, contingencies.csv):
    /// `--physics` carries every reactance, rating and contingency over unchanged.
    @Test func nlPhysicsIsCarriedOver() throws {
        let base = try ReferenceRun.load("nl")
        try #require(base.links.contains { $0.reactancePU != nil })
        let generated = try InstanceGenerator.generate(
            base: base, options: .init(resolution: .seasonalDays, physics: Physics(reactances: true, security: .n1)))
        #expect(generated.links.map(\.reactancePU) == base.links.map(\.reactancePU))
        #expect(generated.links.map(\.emergencyRatingMW) == base.links.map(\.emergencyRatingMW))
        #expect(generated.projects.map(\.reactancePU) == base.projects.map(\.reactancePU))
        #expect(generated.contingencies.map(\.link) == base.contingencies.map(\.link))
    }

    /// `base` plus a node `mid` closing the triangle coast–mid–port (coast–mid 400 MW, mid–port
    /// 20 MW), no reactances.
    static func meshed(_ base: Dataset) -> Dataset {
        var result = base
        let origin = RecordOrigin(file: "links.csv", line: 3)
        result.nodes.append(
            Node(id: NodeID("mid"), name: "Mid", carrier: .electricity, cluster: "COAST", latitude: nil, longitude: nil, origin: origin))
        result.links.append(
            Link(
                id: LinkID("coast-mid"), name: "Coast to mid", from: NodeID("coast"), to: NodeID("mid"), carrier: .electricity, capacityMW: 400,
                commissioned: nil, retired: nil, source: "test", origin: origin))
        result.links.append(
            Link(
                id: LinkID("mid-port"), name: "Mid to port", from: NodeID("mid"), to: NodeID("port"), carrier: .electricity, capacityMW: 20,
                commissioned: nil, retired: nil, source: "test", origin: RecordOrigin(file: "links.csv", line: 4)))
        return result
    }
}
