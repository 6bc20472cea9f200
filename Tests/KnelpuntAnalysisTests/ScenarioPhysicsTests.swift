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
        dataset.links.append(Link(id: "coast-port-dc", name: "HVDC", from: "coast", to: "port", carrier: .electricity, capacityMW: 50,
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
        let scenario = try Scenario.parse("name = \"x\"\n[[capacity]]\ntarget = \"coast-port\"\nfrom_year = 2027\nreactance_pu = 0.015\n", file: Self.file)
        guard case .capacity(let change) = scenario.edits[0] else { Issue.record("not a capacity edit"); return }
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
