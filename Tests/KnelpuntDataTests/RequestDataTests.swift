// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import KnelpuntData
import Testing

extension DatasetFiles {
    /// datasets/tiny with every column and file of issue 14's data contract: five requests (one
    /// of each product, a tdtr one with its own budget), a request date, an indivisible request
    /// depending on an external CO2 transport project, a public consumer and a group contract.
    ///
    /// transition.csv columns: 1 consumer, 2 project, 3 carrier, 4 year, 5 mw, 6 profile, 7 co2,
    /// 8 request_date, 9 product, 10 curtail_hours_per_year, 11 window, 12 min_mw, 13 depends_on,
    /// 14 source. consumers.csv: 11 group_contract. group_contracts.csv: 1 id … 6 source.
    static let tinyWithRequests: DatasetFiles = {
        var files = DatasetFiles.tiny
        let src = "estimate: invented for the test"
        files.setLines(
            "transition.csv",
            [
                "consumer,project,carrier,year,mw,profile,co2_avoided_kt_per_year,request_date,product,curtail_hours_per_year,window,min_mw,depends_on,source",
                "chem,chem-green-h2,hydrogen,2030,6,,50,2024-02-01,firm,,,,,\(src)",
                "steel,steel-eaf,electricity,2028,40,,300,,tdtr,,,10,porthos,\(src)",
                "newco,newco-boiler,electricity,2027,20,,10,2023-05-01,time-block,,0-6;22-23,,,\(src)",
                "steel,steel-dri,electricity,2029,30,,100,,non-firm,,,,,\(src)",
                "newco,newco-heat,electricity,2030,5,,2,,tdtr,876,,,,\(src)",
            ])
        files.setLines(
            "consumers.csv",
            [
                "id,name,cluster,electricity_node,hydrogen_node,group,stage,priority,queue_date,voll_eur_per_mwh,group_contract,source",
                "chem,Chemical plant,PORT,,h2-port,maatwerk,eop,,2019-06-01,3000,,\(src)",
                "newco,Newcomer on the waiting list,PORT,port,,other,none,,2023-03-15,,port-group,\(src)",
                "steel,Steel works,PORT,port,,maatwerk,jloi,,2018-01-10,4000,port-group,\(src)",
                "homes,Households and services at the port,PORT,port,,public,none,3,2010-01-01,,,\(src)",
            ])
        files.appendLine("demand.csv", "homes,electricity,2025,10,,\(src)")
        files.appendLine("projects.csv", "porthos,Porthos CO2 transport and storage,,,0,2026,construction,\(src)")
        files.setLines(
            "group_contracts.csv",
            ["id,name,capacity_mw,from_year,to_year,source", "port-group,Port group transport contract,150,2025,2035,\(src)"])
        return files
    }()
}

/// Issue 14's rules, each on a broken variant of ``DatasetFiles/tinyWithRequests``.
let requestRuleCases: [RuleCase] = [
    RuleCase(.badEnum, "transition.csv", 3, 9) { files in
        files = .tinyWithRequests
        files.setCell("transition.csv", line: 3, column: 9, "TDTR85")
    },
    RuleCase(.windowWithoutTimeBlock, "transition.csv", 3, 11) { files in
        files = .tinyWithRequests
        files.setCell("transition.csv", line: 3, column: 11, "7-23")
    },
    RuleCase(.timeBlockWithoutWindow, "transition.csv", 4, 11) { files in
        files = .tinyWithRequests
        files.setCell("transition.csv", line: 4, column: 11, "")
    },
    // Without a window column the time-block request is reported at its product.
    RuleCase(.timeBlockWithoutWindow, "transition.csv", 4, 9) { files in
        files = .tinyWithRequests
        files.removeColumn("transition.csv", 11)
    },
    RuleCase(.curtailHoursWithoutTDTR, "transition.csv", 5, 10) { files in
        files = .tinyWithRequests
        files.setCell("transition.csv", line: 5, column: 10, "100")
    },
    RuleCase(.valueOutOfRange, "transition.csv", 6, 10) { files in
        files = .tinyWithRequests
        files.setCell("transition.csv", line: 6, column: 10, "9000")
    },
    RuleCase(.valueOutOfRange, "transition.csv", 6, 10) { files in
        files = .tinyWithRequests
        files.setCell("transition.csv", line: 6, column: 10, "-1")
    },
    RuleCase(.minMWAboveRequest, "transition.csv", 3, 12) { files in
        files = .tinyWithRequests
        files.setCell("transition.csv", line: 3, column: 12, "40.5")
    },
    RuleCase(.requestWithoutDate, "transition.csv", 3, 8) { files in
        files = .tinyWithRequests
        files.setCell("consumers.csv", line: 4, column: 9, "")
    },
    RuleCase(.valueOutOfRange, "transition.csv", 3, 12) { files in
        files = .tinyWithRequests
        files.setCell("transition.csv", line: 3, column: 12, "0")
    },
    RuleCase(.unknownReference, "transition.csv", 3, 13) { files in
        files = .tinyWithRequests
        files.setCell("transition.csv", line: 3, column: 13, "aramis")
    },
    RuleCase(.badDate, "transition.csv", 2, 8) { files in
        files = .tinyWithRequests
        files.setCell("transition.csv", line: 2, column: 8, "2024-2-1")
    },
    RuleCase(.unknownReference, "consumers.csv", 4, 11) { files in
        files = .tinyWithRequests
        files.setCell("consumers.csv", line: 4, column: 11, "harbour-group")
    },
    RuleCase(.negativeCapacity, "group_contracts.csv", 2, 3) { files in
        files = .tinyWithRequests
        files.setCell("group_contracts.csv", line: 2, column: 3, "-5")
    },
    RuleCase(.groupContractYearsReversed, "group_contracts.csv", 2, 5) { files in
        files = .tinyWithRequests
        files.setCell("group_contracts.csv", line: 2, column: 5, "2020")
    },
    RuleCase(.unusedGroupContract, "group_contracts.csv", 3, 1) { files in
        files = .tinyWithRequests
        files.appendLine("group_contracts.csv", "spare,Spare contract,10,2025,,estimate")
    },
    RuleCase(.duplicateId, "group_contracts.csv", 3, 1) { files in
        files = .tinyWithRequests
        files.appendLine("group_contracts.csv", "port-group,Again,10,2025,,estimate")
    },
    RuleCase(.externalProjectCapacity, "projects.csv", 3, 5) { files in
        files = .tinyWithRequests
        files.setCell("projects.csv", line: 3, column: 5, "50")
    },
    // A request window alone (no flex window) needs hours of day too.
    RuleCase(.windowWithoutHours, "timeslices.csv", 5, 4) { files in
        files = .tinyWithRequests
        files.setCell("flex.csv", line: 2, column: 9, "")
        files.setCell("timeslices.csv", line: 5, column: 4, "")
    },
]

@Suite("Connection requests and group contracts (issue 14 data contract)")
struct RequestDataTests {
    @Test("The broken variant is reported with the exact rule, file, line and column", arguments: requestRuleCases)
    func reported(_ ruleCase: RuleCase) {
        RuleTests().reported(ruleCase)
    }

    @Test("Every new column and file loads, strict and without a diagnostic")
    func loadsEveryNewColumn() throws {
        let (loaded, diagnostics) = DatasetFiles.tinyWithRequests.load(options: .init(strict: true))
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.description))")
        let data = try #require(loaded)
        #expect(data.transitions.map(\.product) == [.firm, .tdtr, .timeBlock, .nonFirm, .tdtr])
        #expect(
            data.transitions.map(\.requestDate) == [
                CalendarDate(year: 2024, month: 2, day: 1), nil, CalendarDate(year: 2023, month: 5, day: 1), nil, nil,
            ])
        #expect(data.transitions.map(\.curtailHoursPerYear) == [nil, nil, nil, nil, 876])
        #expect(data.transitions.map(\.effectiveCurtailHoursPerYear) == [0, 1314, 0, 0, 876])
        #expect(data.transitions.map(\.window) == [nil, nil, HourWindow(ranges: [0...6, 22...23]), nil, nil])
        #expect(data.transitions.map(\.minMW) == [nil, 10, nil, nil, nil])
        #expect(data.transitions.map(\.dependsOn) == [nil, "porthos", nil, nil, nil])

        #expect(data.consumers.map(\.groupContract) == [nil, "port-group", "port-group", nil])
        #expect(data.consumers.map(\.group) == [.maatwerk, .other, .maatwerk, .public])
        #expect(data.members(of: "port-group").map(\.id) == ["newco", "steel"])
        let contract = try #require(data.groupContract("port-group"))
        #expect(contract.name == "Port group transport contract" && contract.capacityMW == 150)
        #expect(contract.fromYear == 2025 && contract.toYear == 2035)
        #expect(contract.origin == RecordOrigin(file: "group_contracts.csv", line: 2))

        let porthos = try #require(data.projects.first { $0.id == "porthos" })
        #expect(porthos.isExternal && porthos.target == nil && porthos.capacityMW == 0)
        #expect(data.projects.filter(\.isExternal).count == 1)
        // An external project changes no asset's capacity.
        #expect(data.projectsByTarget().values.flatMap { $0 }.count == 1)
    }

    @Test("A request's date is its own, else its consumer's queue_date")
    func requestDates() throws {
        let data = try #require(DatasetFiles.tinyWithRequests.load().dataset)
        #expect(
            data.transitions.map { data.requestDate(of: $0)?.description } == [
                "2024-02-01", "2018-01-10", "2023-05-01", "2018-01-10", "2023-03-15",
            ])
    }

    @Test("Public load needs no queue_date: it holds capacity in use, not a place in the queue")
    func publicLoadWithoutQueueDate() throws {
        var files = DatasetFiles.tinyWithRequests
        files.setCell("consumers.csv", line: 5, column: 9, "")
        let (loaded, diagnostics) = files.load(options: .init(strict: true))
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.description))")
        let data = try #require(loaded)
        let homes = try #require(data.consumers.first { $0.id == "homes" })
        #expect(homes.queueDate == nil && homes.group == .public)
    }

    @Test("A project is in service from its year unless cancelled; an unknown one never")
    func projectsInService() throws {
        var data = try #require(DatasetFiles.tinyWithRequests.load().dataset)
        #expect(!data.isInService(project: "porthos", year: 2025))
        #expect(data.isInService(project: "porthos", year: 2026))
        #expect(data.isInService(project: "porthos", year: 2040))
        #expect(!data.isInService(project: "aramis", year: 2040))
        let index = try #require(data.projects.firstIndex { $0.id == "porthos" })
        data.projects[index].status = .cancelled
        #expect(!data.isInService(project: "porthos", year: 2040))
    }

    @Test("A group contract is in force from from_year to to_year inclusive; no to_year = open-ended")
    func groupContractYears() {
        let origin = RecordOrigin(file: "group_contracts.csv", line: 2)
        let closed = GroupContract(id: "g", name: "G", capacityMW: 10, fromYear: 2025, toYear: 2030, source: "", origin: origin)
        #expect([2024, 2025, 2030, 2031].map(closed.isActive(in:)) == [false, true, true, false])
        let open = GroupContract(id: "g", name: "G", capacityMW: 10, fromYear: 2025, toYear: nil, source: "", origin: origin)
        #expect([2024, 2025, 2100].map(open.isActive(in:)) == [false, true, true])
    }

    @Test("Messages say what is wrong and how to fix it")
    func messages() {
        var files = DatasetFiles.tinyWithRequests
        files.setCell("transition.csv", line: 3, column: 12, "40.5")
        // A row with an undecodable cell builds no record, so the unknown project goes on another row.
        files.setCell("transition.csv", line: 6, column: 13, "aramis")
        files.setCell("consumers.csv", line: 4, column: 11, "harbour-group")
        let diagnostics = files.load().diagnostics
        #expect(
            diagnostics.first { $0.rule == .minMWAboveRequest }?.message
                == "request `steel-eaf` has min_mw 40.5 MW above its mw 40 MW, so no grant could reach it; lower min_mw to at most mw, or empty it (divisible)"
        )
        #expect(
            diagnostics.first { $0.rule == .unknownReference && $0.file == "transition.csv" }?.message
                == "depends_on `aramis` is not a known project in projects.csv; fix the id or add it there")
        #expect(
            diagnostics.first { $0.rule == .unknownReference && $0.file == "consumers.csv" }?.message
                == "group_contract `harbour-group` is not a known group contract in group_contracts.csv; fix the id or add it there")
    }

    @Test("A group contract reference without group_contracts.csv is an unknown reference")
    func contractWithoutFile() {
        var files = DatasetFiles.tinyWithRequests
        files.files["group_contracts.csv"] = nil
        let diagnostics = files.load().diagnostics
        #expect(diagnostics.map(\.rule) == [.unknownReference, .unknownReference], "\(diagnostics.map(\.description))")
        #expect(diagnostics.map(\.line) == [3, 4])
    }

    @Test("Without the new columns and files a dataset loads as before: firm, divisible, no contracts")
    func backwardCompatible() throws {
        for name in ["tiny", "nl"] {
            let data = try Dataset.load(from: Repository.dataset(name), strict: true).dataset
            #expect(data.transitions.allSatisfy { ($0.window != nil) == ($0.product == .timeBlock) })
            #expect(data.transitions.allSatisfy { request in request.minMW.map { $0 > 0 && $0 <= request.mw } ?? true })
            if name == "tiny" {
                #expect(data.transitions.allSatisfy { $0.requestDate == nil && $0.curtailHoursPerYear == nil && $0.window == nil })
                #expect(data.transitions.allSatisfy { $0.minMW == nil && $0.dependsOn == nil && $0.effectiveCurtailHoursPerYear == 0 })
                #expect(data.groupContracts.isEmpty && data.consumers.allSatisfy { $0.groupContract == nil })
                #expect(!data.projects.contains { $0.isExternal })
            }
        }
    }

    @Test("The writer writes every new column and file, and they load back equal")
    func writerRoundTrip() throws {
        let data = try #require(DatasetFiles.tinyWithRequests.load().dataset)
        let written = DatasetFiles(files: Dictionary(uniqueKeysWithValues: DatasetWriter.files(data).map { ($0.name, Array($0.contents.utf8)) }))
        let (reloaded, diagnostics) = written.load(options: .init(strict: true))
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.description))")
        let again = try #require(reloaded)
        func strip<T>(_ records: [T], _ origin: WritableKeyPath<T, RecordOrigin>) -> [T] {
            records.map {
                var copy = $0
                copy[keyPath: origin] = RecordOrigin(file: "", line: 0)
                return copy
            }
        }
        #expect(strip(again.transitions, \.origin) == strip(data.transitions, \.origin))
        #expect(strip(again.consumers, \.origin) == strip(data.consumers, \.origin))
        #expect(strip(again.groupContracts, \.origin) == strip(data.groupContracts, \.origin))
        #expect(strip(again.projects, \.origin) == strip(data.projects, \.origin))
    }

    @Test("A scaled copy of the network keeps each copy's contract and dependency references in that copy")
    func generatorCopiesContracts() throws {
        let base = try #require(DatasetFiles.tinyWithRequests.load().dataset)
        let generated = try InstanceGenerator.generate(base: base, options: .init(resolution: .seasonalDays, scale: 2))
        #expect(generated.groupContracts.map(\.id) == ["port-group", "port-group_2"])
        #expect(generated.consumers.compactMap(\.groupContract) == ["port-group", "port-group", "port-group_2", "port-group_2"])
        #expect(generated.transitions.compactMap(\.dependsOn) == ["porthos", "porthos_2"])
        #expect(generated.projects.filter(\.isExternal).map(\.id) == ["porthos", "porthos_2"])
        let written = DatasetFiles(
            files: Dictionary(uniqueKeysWithValues: DatasetWriter.files(generated).map { ($0.name, Array($0.contents.utf8)) }))
        let diagnostics = written.load(options: .init(strict: true)).diagnostics
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.description))")
    }

    @Test("A reactance on a project outside the network is refused at its cell")
    func externalProjectReactance() {
        var files = DatasetFiles.tinyWithRequests
        files.setLines(
            "projects.csv",
            [
                "id,name,programme,target,capacity_mw,year,status,reactance_pu,source",
                "coast-port-upgrade,Second circuit coast to port,MIEK 2023,coast-port,100,2030,planned,,estimate",
                "porthos,Porthos CO2 transport and storage,,,0,2026,construction,0.01,estimate",
            ])
        let diagnostics = files.load().diagnostics
        #expect(diagnostics.map(\.rule) == [.reactanceWithoutACLink], "\(diagnostics.map(\.description))")
        #expect(diagnostics.first.map { [$0.file, "\($0.line ?? 0)", "\($0.column ?? 0)"] } == ["projects.csv", "3", "8"])
    }
}
