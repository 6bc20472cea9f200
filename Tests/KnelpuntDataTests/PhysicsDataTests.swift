// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntData
import Testing

extension DatasetFiles {
    /// datasets/tiny with the optional physics columns: links.csv gains `reactance_pu` (column 9)
    /// and `emergency_rating_mw` (column 10), projects.csv `reactance_pu` (column 8).
    static var tinyWithPhysics: DatasetFiles {
        var files = DatasetFiles.tiny
        files.setLines(
            "links.csv",
            [
                "id,name,from,to,carrier,capacity_mw,commissioned,retired,reactance_pu,emergency_rating_mw,source",
                "coast-port,Coast to port 380 kV line,coast,port,electricity,100,,,0.02,,estimate: invented for the example",
                "",
            ])
        files.setLines(
            "projects.csv",
            [
                "id,name,programme,target,capacity_mw,year,status,reactance_pu,source",
                "coast-port-upgrade,Second circuit coast to port,MIEK 2023,coast-port,100,2030,planned,0.01,estimate: invented for the example",
                "",
            ])
        return files
    }

    /// Sets dataset.toml's `security` (inserted as line 8, after `energy_basis`).
    mutating func setSecurity(_ value: String) { insertLine("dataset.toml", 8, "security = \(value)") }
}

// Line and column numbers refer to the files of `DatasetFiles.tinyWithPhysics`.
let physicsRuleCases: [RuleCase] = [
    RuleCase(.badReactance, "links.csv", 2, 9) { files in
        files = .tinyWithPhysics
        files.setCell("links.csv", line: 2, column: 9, "0")
    },
    RuleCase(.badReactance, "projects.csv", 2, 8) { files in
        files = .tinyWithPhysics
        files.setCell("projects.csv", line: 2, column: 8, "-0.01")
    },
    RuleCase(.badNumber, "links.csv", 2, 9) { files in
        files = .tinyWithPhysics
        files.setCell("links.csv", line: 2, column: 9, "j0.02")
    },
    RuleCase(.nonFinite, "links.csv", 2, 9) { files in
        files = .tinyWithPhysics
        files.setCell("links.csv", line: 2, column: 9, "NaN")
    },
    RuleCase(.magnitudeOutOfRange, "links.csv", 2, 9) { files in
        files = .tinyWithPhysics
        files.setCell("links.csv", line: 2, column: 9, "20")
    },
    RuleCase(.negativeCapacity, "links.csv", 2, 10) { files in
        files = .tinyWithPhysics
        files.setCell("links.csv", line: 2, column: 10, "-5")
    },
    RuleCase(.reactanceWithoutACLink, "links.csv", 3, 9) { files in
        files = .tinyWithPhysics
        files.appendLine("nodes.csv", "h2-coast,Coast hydrogen hub,hydrogen,COAST,,")
        files.insertLine("links.csv", 3, "h2-pipe,Hydrogen pipeline,h2-coast,h2-port,hydrogen,50,,,0.1,,estimate")
    },
    RuleCase(.reactanceWithoutACLink, "projects.csv", 3, 8) { files in
        files = .tinyWithPhysics
        files.insertLine("projects.csv", 3, "gas-x,Gas plant,,gas,0,2030,planned,0.1,estimate")
    },
    RuleCase(.reactanceWithoutACLink, "projects.csv", 2, 8) { files in
        // The target link is controllable (no reactance in links.csv).
        files = .tinyWithPhysics
        files.setCell("links.csv", line: 2, column: 9, "")
    },
    RuleCase(.emergencyRatingBelowCapacity, "links.csv", 2, 10) { files in
        files = .tinyWithPhysics
        files.setCell("links.csv", line: 2, column: 10, "50")
    },
    RuleCase(.unknownReference, "contingencies.csv", 2, 1) { files in
        files = .tinyWithPhysics
        files.setText("contingencies.csv", "link,source\ncoast-prot,estimate\n")
    },
    RuleCase(.unknownReference, "contingencies.csv", 2, 1) { files in
        // A supply is an asset but not a link.
        files = .tinyWithPhysics
        files.setText("contingencies.csv", "link,source\ngas,estimate\n")
    },
    RuleCase(.contingencyNotAC, "contingencies.csv", 2, 1) { files in
        files.setText("contingencies.csv", "link,source\ncoast-port,estimate\n")
    },
    RuleCase(.duplicateContingency, "contingencies.csv", 3, 1) { files in
        files = .tinyWithPhysics
        files.setText("contingencies.csv", "link,source\ncoast-port,estimate\ncoast-port,again\n")
    },
    RuleCase(.securityWithoutACLinks, "dataset.toml", 8, 12) { $0.setSecurity("\"n-1\"") },
    RuleCase(.badEnum, "dataset.toml", 8, 12) { $0.setSecurity("\"n1\"") },
    RuleCase(.wrongType, "dataset.toml", 8, 12) { $0.setSecurity("1") },
]

@Suite("Physics data: reactances, emergency ratings, security and contingencies")
struct PhysicsDataTests {
    @Test("The broken variant is reported with the exact rule, file, line and column", arguments: physicsRuleCases)
    func reported(_ ruleCase: RuleCase) {
        RuleTests().reported(ruleCase)
    }

    @Test("The physics variant of tiny is clean and parses every new field")
    func parsesFields() throws {
        var files = DatasetFiles.tinyWithPhysics
        files.setCell("links.csv", line: 2, column: 10, "130")
        files.setSecurity("\"n-1\"")
        files.setText("contingencies.csv", "link,source\ncoast-port,estimate: the only line\n")
        let (loaded, diagnostics) = files.load(options: .init(strict: true))
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.description))")
        let dataset = try #require(loaded)
        #expect(dataset.links[0].reactancePU == 0.02)
        #expect(dataset.links[0].emergencyRatingMW == 130)
        #expect(dataset.projects[0].reactancePU == 0.01)
        #expect(dataset.info.security == .n1)
        #expect(dataset.listsContingencies)
        #expect(dataset.contingencies.map(\.link) == [LinkID("coast-port")])
        #expect(dataset.contingencies.first?.origin == RecordOrigin(file: "contingencies.csv", line: 2))
        #expect(dataset.contingencies.first?.source == "estimate: the only line")

        let before = dataset.view(year: 2029)
        #expect(before.linkReactancePU(0) == 0.02)
        #expect(before.linkEmergencyRatingMW(0) == 130)
        #expect(before.contingencyLinks == [0])
        // The second circuit (2030) halves the reactance and adds its 100 MW to the emergency rating.
        let after = dataset.view(year: 2030)
        #expect(after.linkReactancePU(0) == 0.01)
        #expect(after.linkCapacityMW[0] == 200)
        #expect(after.linkEmergencyRatingMW(0) == 230)
    }

    @Test("Without the new columns and keys nothing changes: no reactance, security none, no contingencies")
    func backwardCompatible() throws {
        let (loaded, diagnostics) = DatasetFiles.tiny.load(options: .init(strict: true))
        #expect(diagnostics.isEmpty)
        let dataset = try #require(loaded)
        #expect(dataset.links.allSatisfy { $0.reactancePU == nil && $0.emergencyRatingMW == nil })
        #expect(dataset.projects.allSatisfy { $0.reactancePU == nil })
        #expect(dataset.info.security == .none)
        #expect(!dataset.listsContingencies && dataset.contingencies.isEmpty)
        for year in dataset.info.years {
            let view = dataset.view(year: year)
            #expect(view.contingencyLinks.isEmpty)
            #expect(view.linkReactancePU(0) == nil)
            #expect(view.linkEmergencyRatingMW(0) == view.linkCapacityMW[0])
        }
    }

    @Test("Under n-1 without contingencies.csv every in-service AC link is checked; a header-only file checks none")
    func contingencyDefaults() throws {
        var files = DatasetFiles.tinyWithPhysics
        files.setSecurity("\"n-1\"")
        // A second AC line built in 2028 and an HVDC cable (controllable) alongside.
        files.insertLine("links.csv", 3, "coast-port-2,Second line,coast,port,electricity,0,2028,,0.03,,estimate")
        files.insertLine("links.csv", 4, "coast-port-dc,HVDC cable,coast,port,electricity,50,,,,,estimate")
        files.insertLine("projects.csv", 3, "coast-port-2-build,Second line built,,coast-port-2,80,2029,planned,,estimate")
        let dataset = try #require(files.load().dataset)
        #expect(dataset.view(year: 2025).contingencyLinks == [0])
        // Exists from 2028 but capacity 0 until its project in 2029: not in service in 2028.
        #expect(!dataset.view(year: 2028).isInService(1))
        #expect(dataset.view(year: 2028).contingencyLinks == [0])
        #expect(dataset.view(year: 2029).isInService(1))
        #expect(dataset.view(year: 2029).contingencyLinks == [0, 1])
        #expect(dataset.view(year: 2029).isInService(2) && dataset.view(year: 2029).linkReactancePU(2) == nil)

        files.setText("contingencies.csv", "link,source\n")
        let listed = try #require(files.load().dataset)
        #expect(listed.listsContingencies)
        #expect(listed.view(year: 2029).contingencyLinks.isEmpty)

        var none = files
        none.replace("dataset.toml", "security = \"n-1\"", with: "security = \"none\"")
        none.setText("contingencies.csv", "link,source\ncoast-port,estimate\n")
        let noSecurity = try #require(none.load().dataset)
        #expect(noSecurity.view(year: 2029).contingencyLinks.isEmpty)
    }

    @Test("A link not yet built, retired, or reduced to 0 MW is not in service")
    func inService() throws {
        var files = DatasetFiles.tiny
        files.setCell("links.csv", line: 2, column: 7, "2027") // commissioned
        let built = try #require(files.load().dataset)
        #expect(!built.view(year: 2026).isInService(0))
        #expect(built.view(year: 2027).isInService(0))

        files = DatasetFiles.tiny
        files.setCell("links.csv", line: 2, column: 8, "2028") // retired
        let retired = try #require(files.load().dataset)
        #expect(retired.view(year: 2027).isInService(0))
        #expect(!retired.view(year: 2028).isInService(0))

        files = DatasetFiles.tiny
        files.setCell("projects.csv", line: 2, column: 5, "-100") // removed in 2030
        let removed = try #require(files.load().dataset)
        #expect(removed.view(year: 2029).isInService(0))
        #expect(!removed.view(year: 2030).isInService(0))
        #expect(removed.view(year: 2030).linkExists[0])
    }

    @Test("Messages name the value and the fix")
    func messages() {
        var files = DatasetFiles.tinyWithPhysics
        files.setSecurity("\"N-1\"")
        let diagnostics = files.load().diagnostics
        #expect(
            diagnostics.first { $0.rule == .badEnum }?.message
                == "`security` `N-1` is not one of \"none\", \"n-1\"; did you mean \"n-1\"? write one of them")
    }

    @Test("DatasetWriter writes the physics fields back (and leaves them out of a dataset without them)")
    func writerRoundTrip() throws {
        var files = DatasetFiles.tinyWithPhysics
        files.setCell("links.csv", line: 2, column: 10, "130")
        files.setSecurity("\"n-1\"")
        files.setText("contingencies.csv", "link,source\ncoast-port,estimate\n")
        let original = try #require(files.load().dataset)
        var written = DatasetFiles(files: [:])
        for (name, contents) in DatasetWriter.files(original) { written.files[name] = Array(contents.utf8) }
        let reloaded = try #require(written.load(options: .init(strict: true)).dataset)
        #expect(reloaded.links.map(\.reactancePU) == [0.02])
        #expect(reloaded.links.map(\.emergencyRatingMW) == [130])
        #expect(reloaded.projects.map(\.reactancePU) == [0.01])
        #expect(reloaded.info.security == .n1)
        #expect(reloaded.listsContingencies && reloaded.contingencies.map(\.link) == [LinkID("coast-port")])

        let plain = try #require(DatasetFiles.tiny.load().dataset)
        let plainFiles = Dictionary(uniqueKeysWithValues: DatasetWriter.files(plain).map { ($0.name, $0.contents) })
        #expect(plainFiles["links.csv"]?.hasPrefix("id,name,from,to,carrier,capacity_mw,commissioned,retired,source\n") == true)
        #expect(plainFiles["contingencies.csv"] == nil)
        #expect(plainFiles["dataset.toml"]?.contains("security") == false)
    }
}
