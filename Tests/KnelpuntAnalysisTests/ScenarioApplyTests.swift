// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntData
import Testing

/// What each edit does to the dataset (docs/scenarios.md, "Semantics").
@Suite struct ScenarioApplyTests {
    let tiny = DatasetBuilder.tiny()

    func apply(_ edits: [ScenarioEdit], to dataset: Dataset? = nil) throws -> Dataset {
        try Scenario(name: "test", edits: edits).apply(to: dataset ?? tiny)
    }

    func linkCapacity(_ dataset: Dataset, _ year: Int) -> Double {
        dataset.view(year: year).linkCapacityMW[0]
    }

    func demand(_ dataset: Dataset, _ consumer: String, _ carrier: Carrier, _ year: Int) -> [Double]? {
        dataset.view(year: year).pairs.first { $0.key == ConsumerCarrier(consumer: ConsumerID(consumer), carrier: carrier) }?.demandMW
    }

    @Test func applyIsPureAndDelayMovesTheProject() throws {
        let before = tiny
        let changed = try apply([.delay(ProjectDelay(project: "coast-port-upgrade", years: 2))])
        #expect(tiny == before)
        #expect(changed.projects[0].year == 2032)
        #expect(linkCapacity(changed, 2030) == 100)
        #expect(linkCapacity(tiny, 2030) == 200)
    }

    @Test func addCapacityFromAYearOn() throws {
        let changed = try apply([.capacity(CapacityChange(target: "coast-port", fromYear: 2027, amount: .add(50)))])
        #expect(linkCapacity(changed, 2026) == 100)
        #expect(linkCapacity(changed, 2027) == 150)
        #expect(linkCapacity(changed, 2030) == 250)
        #expect(changed.projects.count == 2)
        #expect(changed.projects[1].programme == "scenario")
    }

    @Test func setCapacityKeepsLaterProjectsOnTop() throws {
        let changed = try apply([.capacity(CapacityChange(target: "coast-port", fromYear: 2027, amount: .set(130)))])
        #expect(linkCapacity(changed, 2026) == 100)
        #expect(linkCapacity(changed, 2027) == 130)
        #expect(linkCapacity(changed, 2029) == 130)
        // The 2030 upgrade (+100 MW) still adds to what is in force.
        #expect(linkCapacity(changed, 2030) == 230)
    }

    @Test func setCapacitySeesDelaysWrittenAfterIt() throws {
        // Delays apply before capacity edits whatever the order in the file.
        let changed = try apply([
            .capacity(CapacityChange(target: "coast-port", fromYear: 2028, amount: .set(150))),
            .delay(ProjectDelay(project: "coast-port-upgrade", years: -3)),
        ])
        #expect(linkCapacity(changed, 2027) == 200)
        #expect(linkCapacity(changed, 2028) == 150)
        #expect(linkCapacity(changed, 2030) == 150)
    }

    @Test func demandScalingSplitsTheLevelInForce() throws {
        let changed = try apply([.demand(DemandScaling(consumer: "chem", carrier: .hydrogen, scale: 2, fromYear: 2028))])
        #expect(demand(changed, "chem", .hydrogen, 2027) == [18, 18, 18, 18])
        #expect(demand(changed, "chem", .hydrogen, 2028) == [36, 36, 36, 36])
        // The transition project of 2030 (+6 MW) is scaled as well: (18 + 6) × 2.
        #expect(demand(changed, "chem", .hydrogen, 2030) == [48, 48, 48, 48])
        #expect(changed.demand.filter { $0.consumer == "chem" }.map(\.year) == [2025, 2028])
        // Planned CO2 is unchanged.
        #expect(changed.transitions.reduce(0) { $0 + $1.co2AvoidedKtPerYear } == 50)
    }

    @Test func demandScalingOfATransitionAlreadyInForce() throws {
        let changed = try apply(
            [.demand(DemandScaling(consumer: "chem", carrier: .hydrogen, scale: 0.5, fromYear: 2031))],
            to: {
                var d = tiny
                d.info.years = Array(2025...2032)
                return d
            }())
        #expect(demand(changed, "chem", .hydrogen, 2030) == [24, 24, 24, 24])
        #expect(demand(changed, "chem", .hydrogen, 2031) == [12, 12, 12, 12])
        let companion = try #require(changed.transitions.first { $0.project.rawValue.hasPrefix("chem-green-h2~scenario2031") })
        #expect(companion.mw == -3 && companion.year == 2031 && companion.co2AvoidedKtPerYear == 0)
    }

    @Test func scalingToZeroDropsThePair() throws {
        let changed = try apply([.demand(DemandScaling(consumer: "chem", carrier: .hydrogen, scale: 0, fromYear: 2026))])
        #expect(demand(changed, "chem", .hydrogen, 2025) == [18, 18, 18, 18])
        #expect(demand(changed, "chem", .hydrogen, 2026) == nil)
        #expect(demand(changed, "chem", .hydrogen, 2030) == nil)
    }

    @Test func addFlexCommitment() throws {
        let flex = FlexAddition(consumer: "steel", carrier: .electricity, product: .atr85, fromYear: 2027, maxMW: 100, maxHoursPerYear: 1314)
        let changed = try apply([.flex(flex)])
        #expect(changed.flex.count == 2)
        #expect(changed.view(year: 2026).flexIndices == [0])
        #expect(changed.view(year: 2027).flexIndices == [0, 1])
        #expect(changed.flex[1].key == "steel.electricity.atr85.2027")
    }

    @Test func removeConsumerSupplyAndProject() throws {
        let changed = try apply([
            .remove(Removal(target: .consumer, id: "newco")),
            .remove(Removal(target: .supply, id: "gas")),
            .remove(Removal(target: .project, id: "chem-green-h2")),
        ])
        #expect(!changed.consumers.contains { $0.id == "newco" })
        #expect(changed.flex.isEmpty)
        #expect(!changed.demand.contains { $0.consumer == "newco" })
        #expect(changed.supplies.map(\.id) == ["wind"])
        #expect(changed.transitions.isEmpty)
        let projectGone = try apply([.remove(Removal(target: .project, id: "coast-port-upgrade"))])
        #expect(projectGone.projects.isEmpty)
        #expect(linkCapacity(projectGone, 2030) == 100)
    }

    @Test func delayATransitionProject() throws {
        let changed = try apply([.delay(ProjectDelay(project: "chem-green-h2", years: -2))])
        #expect(demand(changed, "chem", .hydrogen, 2028) == [24, 24, 24, 24])
        #expect(demand(tiny, "chem", .hydrogen, 2028) == [18, 18, 18, 18])
    }
}
