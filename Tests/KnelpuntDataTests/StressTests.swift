// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntData
import Testing

@Suite("Large inputs")
struct StressTests {
    @Test("datasets/tiny with a million hourly-sized timeslices loads (row count checked, not time)")
    func millionTimeslices() throws {
        let rows = 1_000_000
        var bytes = Array("id,weight_h,month,hour,wind\n".utf8)
        bytes.reserveCapacity(rows * 34)
        for index in 0..<rows {
            bytes += Array("t\(index),0.00876,\(index % 12 + 1),\(index % 24),0.\(index % 10)\n".utf8)
        }
        var files = DatasetFiles.tiny
        files.files["timeslices.csv"] = bytes
        let loaded = try DatasetLoader.load(from: files.source)
        #expect(loaded.diagnostics.isEmpty)
        #expect(loaded.dataset.timeslices.slices.count == rows)
        #expect(abs(loaded.dataset.timeslices.totalHours - 8760) <= 1e-6)
        #expect(loaded.dataset.timeslices.slices[rows - 1].origin.line == rows + 1)
    }

    @Test("100,000 broken rows give a bounded list of diagnostics")
    func manyBrokenRows() {
        var bytes = Array("id,weight_h,month,hour,wind\n".utf8)
        for index in 0..<100_000 { bytes += Array("t\(index),x,1,1,2\n".utf8) }
        var files = DatasetFiles.tiny
        files.files["timeslices.csv"] = bytes
        let (dataset, diagnostics) = files.load()
        #expect(dataset == nil)
        // 100 shown per rule and file, plus one summary each, for badNumber and profileOutOfRange.
        #expect(diagnostics.count == 202)
        #expect(diagnostics.filter { $0.message.contains("99900 more") }.count == 2)
    }

    @Test("Deeply nested TOML arrays are an error, not a stack overflow")
    func deepTOML() {
        let document = TOMLReader.read("x = " + String(repeating: "[", count: 100_000) + "\n")
        #expect(document.errors.count == 1)
        #expect(document.errors.first?.message.contains("nested more than 64 deep") == true)
    }

    @Test("A 200,000-element TOML array on one line reads in linear time")
    func longTOMLLine() throws {
        let text = "years = [" + Array(repeating: "2030", count: 200_000).joined(separator: ", ") + "]\n"
        let table = try TOMLReader.parse(text)
        #expect(table["years"]?.arrayValue?.count == 200_000)
        #expect(table.entry("years")?.elementPositions.last == TOMLPosition(line: 1, column: 10 + 6 * 199_999))
    }

    @Test("A header of 50,000 unknown columns and a folder of 5,000 stray files are reported, with capped output")
    func hostileWidthAndFolder() {
        var files = DatasetFiles.tiny
        let header = "id,name,carrier,cluster,lat,lon," + (0..<50_000).map { "extra\($0)" }.joined(separator: ",")
        files.setLine("nodes.csv", 1, header)
        for index in 0..<5_000 { files.files["stray-\(index).txt"] = [] }
        let (dataset, diagnostics) = files.load()
        #expect(dataset == nil)
        #expect(diagnostics.filter { $0.rule == .unknownColumn }.count == 101)
        #expect(diagnostics.filter { $0.rule == .unknownFile }.count == 5_000)
    }
}
