// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing

/// The rule's first check: when every request fits at once, the year needs no LP whose grants
/// link the timeslices. The queue of ``ExplainCommandTests`` (two 100 MW requests behind a
/// 100 MW line that a MIEK project doubles in 2026), over two slices: in 2025 the line carries
/// one request only, so fcfs grants a-furnace 100 MW and b-boiler 0 MW by its own stages (some
/// LPs with the grants free, solved as one LP of the year); in 2026 both fit, and every LP of
/// the year (firm load, both requests in full, minimum cost) is solved by timeslice.
@Suite struct FullGrantStageTests {
    static func twoSliceQueue() throws -> URL {
        let dataset = try ExplainCommandTests.queueDataset()
        try "id,weight_h,month,hour\nday,4380,,\nnight,4380,,\n".write(
            to: dataset.appendingPathComponent("timeslices.csv"), atomically: true, encoding: .utf8)
        return dataset
    }

    @Test func aYearInWhichEveryRequestFitsIsSolvedByTimesliceOnly() throws {
        let dataset = try Self.twoSliceQueue()
        defer { try? FileManager.default.removeItem(at: dataset.deletingLastPathComponent()) }
        let out = dataset.deletingLastPathComponent().appendingPathComponent("out")
        let run = CLI.run(["solve", dataset.path, "--policy", "fcfs", "--out", out.path, "--quiet"])
        #expect(run.status == 0, "\(run.stderr)")
        let requests = ExplainCommandTests.rows(try String(contentsOf: out.appendingPathComponent("requests.csv"), encoding: .utf8))
        func granted(_ year: String, _ request: String) -> Double? {
            requests.first { $0["year"] == year && $0["request"] == request }.flatMap { Double($0["granted_mw"] ?? "") }
        }
        #expect(abs((granted("2025", "a-furnace") ?? -1) - 100) <= 1e-6)
        #expect(abs(granted("2025", "b-boiler") ?? -1) <= 1e-6)
        #expect(abs((granted("2026", "a-furnace") ?? -1) - 100) <= 1e-6)
        #expect(abs((granted("2026", "b-boiler") ?? -1) - 100) <= 1e-6)
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("manifest.json"))) as? [String: Any]
        let solves = try #require(manifest?["solves"] as? [[String: Any]])
        let year = Dictionary(uniqueKeysWithValues: solves.compactMap { s in (s["year"] as? Int).map { ($0, s) } })
        let y2025 = try #require(year[2025])
        let y2026 = try #require(year[2026])
        #expect((y2025["lp_solves"] as? Int ?? 0) > (y2025["decomposed_lp_solves"] as? Int ?? 0))
        #expect((y2026["lp_solves"] as? Int) == (y2026["decomposed_lp_solves"] as? Int), "\(y2026)")
        #expect((y2026["lp_solves"] as? Int) == 3, "\(y2026)")
        #expect(y2026["decomposition_fallback"] == nil)
    }
}
