// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import KnelpuntData
import Testing

@Suite("Loading the bundled datasets")
struct DatasetLoadingTests {
    @Test("datasets/tiny loads with no diagnostics and the expected records")
    func tinyLoads() throws {
        let loaded = try DatasetLoader.load(from: Repository.dataset("tiny"), options: .init(strict: true))
        #expect(loaded.diagnostics.isEmpty)
        let data = loaded.dataset
        #expect(data.info.name == "tiny")
        #expect(data.info.years == Array(2025...2030))
        #expect(abs(data.info.defaultVOLLEURPerMWh - 2000) <= 1e-12)
        #expect(data.info.energyBasis == "LHV")
        #expect(data.info.sources.map(\.key) == ["all"])
        #expect(data.nodes.map(\.id.rawValue) == ["coast", "port", "h2-port"])
        #expect(data.nodes.map(\.carrier) == [.electricity, .electricity, .hydrogen])
        #expect(abs((data.nodes[0].latitude ?? .nan) - 52.47) <= 1e-12)
        #expect(data.nodes[0].origin == RecordOrigin(file: "nodes.csv", line: 2))

        #expect(data.links.count == 1)
        let link = data.links[0]
        #expect(link.from == "coast" && link.to == "port" && link.carrier == .electricity)
        #expect(abs(link.capacityMW - 100) <= 1e-12)
        #expect(link.commissioned == nil && link.retired == nil)

        #expect(data.projects.map(\.id.rawValue) == ["coast-port-upgrade"])
        #expect(data.projects[0].status == .planned && data.projects[0].year == 2030 && data.projects[0].target == "coast-port")
        #expect(abs(data.projectCapacityMW(target: "coast-port", upTo: 2030) - 100) <= 1e-12)

        #expect(data.supplies.map(\.id.rawValue) == ["wind", "gas"])
        #expect(data.supplies[0].profile == "wind" && data.supplies[1].profile == nil)
        #expect(abs(data.supplies[1].costEURPerMWh - 90) <= 1e-12)
        #expect(data.conversions.count == 1)
        #expect(abs(data.conversions[0].efficiency - 0.6) <= 1e-12)

        #expect(data.consumers.map(\.id.rawValue) == ["chem", "newco", "steel"])
        #expect(data.consumers[0].electricityNode == nil && data.consumers[0].hydrogenNode == "h2-port")
        #expect(data.consumers[1].vollEURPerMWh == nil)
        #expect(data.consumers[2].stage == .jloi)
        #expect(data.consumers[1].queueDate == CalendarDate(year: 2023, month: 3, day: 15))

        #expect(data.demand.count == 3)
        #expect(data.transitions.map(\.project.rawValue) == ["chem-green-h2"])
        #expect(data.flex.count == 1)
        #expect(data.flex[0].window == HourWindow(ranges: [0...6, 22...23]))
        #expect(data.flex[0].toYear == nil)
        #expect(abs((data.flex[0].maxHoursPerYear ?? .nan) - 1095) <= 1e-12)

        #expect(data.timeslices.profileNames == ["wind"])
        #expect(data.timeslices.slices.map(\.id.rawValue) == ["winter-day", "winter-night", "summer-day", "summer-night"])
        #expect(abs(data.timeslices.totalHours - 8760) <= 1e-9)
        #expect(data.timeslices.slices.map(\.hour) == [12, 0, 12, 0])
        #expect(data.timeslices.slices[0].origin.line == 3)
        let wind = data.profileValues("wind")
        for (value, expected) in zip(wind, [0.9, 0.6, 0.45, 0.2]) {
            #expect(abs(value - expected) <= 1e-12)
        }
    }

    @Test("datasets/nl loads with no diagnostics, even in strict mode")
    func nlLoads() throws {
        let folder = Repository.dataset("nl")
        try #require(FileManager.default.fileExists(atPath: folder.path))
        let loaded = try DatasetLoader.load(from: folder, options: .init(strict: true))
        #expect(loaded.diagnostics.isEmpty)
        let data = loaded.dataset
        #expect(data.info.name == "nl")
        #expect(!data.nodes.isEmpty && !data.links.isEmpty && !data.consumers.isEmpty && !data.demand.isEmpty)
        #expect(abs(data.timeslices.totalHours - 8760) <= 1e-6 || abs(data.timeslices.totalHours - 8784) <= 1e-6)
    }

    @Test("Dataset.load(from:strict:) and DatasetLoader agree")
    func convenienceEntryPoint() throws {
        let viaDataset = try Dataset.load(from: Repository.dataset("tiny"))
        let viaLoader = try DatasetLoader.load(from: Repository.dataset("tiny"), strict: false)
        #expect(viaDataset.dataset == viaLoader.dataset)
    }

    @Test("A folder on disk and the same files in memory load identically")
    func diskAndMemoryAgree() throws {
        let disk = try DatasetLoader.load(from: Repository.dataset("tiny"))
        let memory = try DatasetLoader.load(from: DatasetFiles.tiny.source)
        #expect(disk.dataset == memory.dataset)
    }

    @Test("A missing folder is one missingFolder error on the folder itself")
    func missingFolder() {
        let url = Repository.root.appendingPathComponent("datasets/does-not-exist")
        #expect {
            try DatasetLoader.load(from: url)
        } throws: { error in
            guard let error = error as? DatasetError else { return false }
            return error.diagnostics.count == 1 && error.diagnostics[0].rule == .missingFolder
                && error.diagnostics[0].file == "." && error.diagnostics[0].line == nil
                && error.diagnostics[0].formatted(directory: "datasets/x").hasPrefix("datasets/x: error [missingFolder]")
        }
    }

    @Test("A file that cannot be read is an unreadableFile error, and loading goes on")
    func unreadableFile() {
        struct Flaky: DatasetSource {
            var base: InMemoryDataset
            var displayName: String { "flaky" }
            func entries() throws(DatasetSourceError) -> [DatasetEntry] { try base.entries() }
            func contents(of name: String) throws(DatasetSourceError) -> [UInt8] {
                if name == "flex.csv" { throw DatasetSourceError("permission denied") }
                return try base.contents(of: name)
            }
        }
        do {
            _ = try DatasetLoader.load(from: Flaky(base: DatasetFiles.tiny.source))
            Issue.record("expected an error")
        } catch {
            #expect(error.diagnostics.map(\.rule) == [.unreadableFile])
            #expect(error.diagnostics.first?.file == "flex.csv")
        }
    }

    @Test("Every error is reported, not just the first, in file order")
    func allErrorsReported() {
        var files = DatasetFiles.tiny
        files.setCell("nodes.csv", line: 2, column: 5, "north")
        files.setCell("links.csv", line: 2, column: 6, "-5")
        files.setCell("demand.csv", line: 3, column: 4, "lots")
        files.setCell("demand.csv", line: 2, column: 4, "1e999")
        let (dataset, diagnostics) = files.load()
        #expect(dataset == nil)
        #expect(diagnostics.map(\.rule) == [.badNumber, .negativeCapacity, .nonFinite, .badNumber])
        #expect(diagnostics.map(\.file) == ["nodes.csv", "links.csv", "demand.csv", "demand.csv"])
        #expect(diagnostics.map(\.line) == [2, 2, 2, 3])
    }

    @Test("Diagnostics print as file:line:column: severity [rule]: message")
    func diagnosticFormat() {
        let diagnostic = Diagnostic(file: "links.csv", line: 3, column: 4, rule: .unknownReference, message: "from `x` is not a known node")
        #expect(diagnostic.description == "links.csv:3:4: error [unknownReference]: from `x` is not a known node")
        #expect(diagnostic.formatted(directory: "datasets/nl") == "datasets/nl/links.csv:3:4: error [unknownReference]: from `x` is not a known node")
        let fileLevel = Diagnostic(file: "nodes.csv", line: nil, column: nil, rule: .missingFile, message: "m")
        #expect(fileLevel.description == "nodes.csv: error [missingFile]: m")
        let warning = Diagnostic(file: "demand.csv", line: 2, column: nil, rule: .missingSource, message: "m")
        #expect(warning.description == "demand.csv:2: warning [missingSource]: m")
    }

    @Test("--strict turns warnings into errors")
    func strictMode() throws {
        var files = DatasetFiles.tiny
        files.setCell("demand.csv", line: 2, column: 6, "")
        let lenient = files.load()
        #expect(lenient.dataset != nil)
        #expect(lenient.diagnostics.map(\.rule) == [.missingSource])
        #expect(lenient.diagnostics.map(\.severity) == [.warning])
        let strict = files.load(options: .init(strict: true))
        #expect(strict.dataset == nil)
        #expect(strict.diagnostics.map(\.severity) == [.error])
    }

    @Test("At most maxDiagnosticsPerRule diagnostics per file and rule, plus a summary of the rest")
    func diagnosticCap() {
        var files = DatasetFiles.tiny
        var text = files.text("demand.csv")
        for index in 0..<50 { text += "ghost\(index),electricity,2025,1,,s\n" }
        files.setText("demand.csv", text)
        let (_, diagnostics) = files.load(options: .init(maxDiagnosticsPerRule: 10))
        let references = diagnostics.filter { $0.rule == .unknownReference }
        #expect(references.count == 11)
        #expect(references.last?.message.hasPrefix("40 more [unknownReference] diagnostics in demand.csv not shown") == true)
    }
}
