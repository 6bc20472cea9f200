// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntData
import Testing

/// `[[capacity]] reactance_pu`: a scenario changes an AC link's reactance from a year on.
@Suite struct ScenarioPhysicsTests {
    static let file = "what-if.toml"

    /// datasets/tiny with an AC coast–port line (0.02 pu) and an HVDC cable alongside.
    static func tinyAC() -> Dataset {
        var dataset = DatasetBuilder.tiny()
        dataset.links[0].reactancePU = 0.02
        dataset.links.append(
            Link(
                id: "coast-port-dc", name: "HVDC", from: "coast", to: "port", carrier: .electricity, capacityMW: 50,
                commissioned: nil, retired: nil, source: "test", origin: RecordOrigin(file: "test", line: 0)))
        return dataset
    }

    func applyErrors(_ text: String) throws -> [Diagnostic] {
        let scenario = try Scenario.parse(text, file: Self.file)
        return scenario.check(against: Self.tinyAC())
    }

    func parseErrors(_ text: String) -> [Diagnostic] {
        do {
            _ = try Scenario.parse(text, file: Self.file)
            return []
        } catch {
            return error.diagnostics
        }
    }

    @Test func reactanceAloneChangesOnlyTheReactance() throws {
        let scenario = try Scenario.parse(
            "name = \"x\"\n[[capacity]]\ntarget = \"coast-port\"\nfrom_year = 2027\nreactance_pu = 0.015\n", file: Self.file)
        guard case .capacity(let change) = scenario.edits[0] else {
            Issue.record("not a capacity edit")
            return
        }
        #expect(change.amount == .add(0) && change.reactancePU == 0.015)
        let changed = try scenario.apply(to: Self.tinyAC())
        #expect(changed.view(year: 2026).linkReactancePU(0) == 0.02)
        #expect(changed.view(year: 2027).linkReactancePU(0) == 0.015)
        #expect(changed.view(year: 2027).linkCapacityMW[0] == 100)
        #expect(changed.view(year: 2030).linkCapacityMW[0] == 200)
    }

    @Test func reactanceWithACapacityChange() throws {
        let text = "name = \"x\"\n[[capacity]]\ntarget = \"coast-port\"\nfrom_year = 2028\nadd_mw = 100\nreactance_pu = 0.01\n"
        let changed = try Scenario.parse(text, file: Self.file).apply(to: Self.tinyAC())
        #expect(changed.view(year: 2028).linkCapacityMW[0] == 200)
        #expect(changed.view(year: 2028).linkReactancePU(0) == 0.01)
        #expect(changed.view(year: 2027).linkReactancePU(0) == 0.02)
    }

    @Test func reactanceOnAControllableLinkOrASupplyIsRefused() throws {
        let dc = try applyErrors("name = \"x\"\n[[capacity]]\ntarget = \"coast-port-dc\"\nfrom_year = 2027\nreactance_pu = 0.01\n")
        #expect(dc.count == 1)
        #expect(dc.first?.rule == .reactanceWithoutACLink)
        #expect(dc.first.map { "\($0.line ?? 0):\($0.column ?? 0)" } == "5:16")
        #expect(dc.first?.message.contains("controllable") == true)

        let supply = try applyErrors("name = \"x\"\n[[capacity]]\ntarget = \"gas\"\nfrom_year = 2027\nadd_mw = 5\nreactance_pu = 0.01\n")
        #expect(supply.map(\.rule) == [.reactanceWithoutACLink])
        #expect(supply.first.map { "\($0.line ?? 0):\($0.column ?? 0)" } == "6:16")
    }

    @Test func aReactanceOutOfRangeIsRefusedAtItsValue() {
        let zero = parseErrors("name = \"x\"\n[[capacity]]\ntarget = \"coast-port\"\nfrom_year = 2027\nreactance_pu = 0\n")
        #expect(zero.map(\.rule) == [.badReactance])
        #expect(zero.first.map { "\($0.line ?? 0):\($0.column ?? 0)" } == "5:16")
        let huge = parseErrors("name = \"x\"\n[[capacity]]\ntarget = \"coast-port\"\nfrom_year = 2027\nreactance_pu = 50\n")
        #expect(huge.map(\.rule) == [.magnitudeOutOfRange])
    }
}

/// Scenario `security` and contingency edits.
@Suite struct ScenarioContingencyTests {
    /// tinyAC plus a second AC line (0.03 pu) between the same nodes.
    static func meshed(listed: [String]? = nil) -> Dataset {
        var dataset = ScenarioPhysicsTests.tinyAC()
        dataset.links.append(
            Link(
                id: "coast-port-2", name: "Second line", from: "coast", to: "port", carrier: .electricity, capacityMW: 80,
                commissioned: nil, retired: nil, reactancePU: 0.03, source: "test", origin: RecordOrigin(file: "test", line: 0)))
        if let listed {
            dataset.contingencies = listed.map {
                Contingency(link: LinkID($0), origin: RecordOrigin(file: "contingencies.csv", line: 2), source: "test")
            }
            dataset.listsContingencies = true
        }
        return dataset
    }

    func apply(_ text: String, to dataset: Dataset) throws -> Dataset {
        try Scenario.parse(text, file: "what-if.toml").apply(to: dataset)
    }

    func errors(_ text: String, against dataset: Dataset) throws -> [Diagnostic] {
        try Scenario.parse(text, file: "what-if.toml").check(against: dataset)
    }

    @Test func securityOverridesTheDatasets() throws {
        let base = Self.meshed()
        #expect(base.view(year: 2025).contingencyLinks.isEmpty)
        let scenario = try Scenario.parse("name = \"x\"\nsecurity = \"n-1\"\n", file: "what-if.toml")
        #expect(!scenario.isEmpty)
        let n1 = try scenario.apply(to: base)
        #expect(n1.info.security == .n1)
        // Every AC link in service (the HVDC cable, index 1, is not one).
        #expect(n1.view(year: 2025).contingencyLinks == [0, 2])
        let bad = #expect(throws: DatasetError.self) { try Scenario.parse("name = \"x\"\nsecurity = \"n1\"\n", file: "what-if.toml") }
        #expect(bad?.diagnostics.map(\.rule) == [.badEnum])
        #expect(bad?.diagnostics.first.map { "\($0.line ?? 0):\($0.column ?? 0)" } == "2:12")
    }

    @Test func removingAContingencyWithoutAListKeepsEveryOtherACLink() throws {
        let changed = try apply("name = \"x\"\nsecurity = \"n-1\"\n[[remove]]\ncontingency = \"coast-port\"\n", to: Self.meshed())
        #expect(changed.listsContingencies)
        #expect(changed.contingencies.map(\.link) == ["coast-port-2"])
        #expect(changed.view(year: 2025).contingencyLinks == [2])
    }

    @Test func addingAContingencyToAList() throws {
        var base = Self.meshed(listed: ["coast-port"])
        base.info.security = .n1
        #expect(base.view(year: 2025).contingencyLinks == [0])
        let changed = try apply("name = \"x\"\n[[contingency]]\nlink = \"coast-port-2\"\n", to: base)
        #expect(changed.view(year: 2025).contingencyLinks == [0, 2])
        #expect(changed.contingencies.last?.origin.file == "what-if.toml")
    }

    @Test func badContingencyEdits() throws {
        let listed = Self.meshed(listed: ["coast-port"])
        let dc = try errors("name = \"x\"\n[[contingency]]\nlink = \"coast-port-dc\"\n", against: listed)
        #expect(dc.map(\.rule) == [.contingencyNotAC])
        #expect(dc.first.map { "\($0.line ?? 0):\($0.column ?? 0)" } == "3:8")
        let twice = try errors("name = \"x\"\n[[contingency]]\nlink = \"coast-port\"\n", against: listed)
        #expect(twice.map(\.rule) == [.duplicateContingency])
        let unlisted = try errors("name = \"x\"\n[[contingency]]\nlink = \"coast-port\"\n", against: Self.meshed())
        #expect(unlisted.map(\.rule) == [.duplicateContingency])
        let unknown = try errors("name = \"x\"\n[[remove]]\ncontingency = \"coast-prot\"\n", against: listed)
        #expect(unknown.map(\.rule) == [.unknownReference])
        #expect(unknown.first?.message.contains("did you mean `coast-port`?") == true)
        let notListed = try errors("name = \"x\"\n[[remove]]\ncontingency = \"coast-port-2\"\n", against: listed)
        #expect(notListed.map(\.rule) == [.unknownReference])
    }
}
