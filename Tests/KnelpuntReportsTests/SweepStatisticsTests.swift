// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import KnelpuntAnalysis
import KnelpuntReports
import Testing

/// The Wilson interval of sweep-requests.csv and the table itself on hand-made results, and the
/// refusal of journals written before the request view (format 2).
@Suite struct SweepStatisticsTests {
    /// Hand values with z = 1.959964 (z² = 3.841459): k = 3 of n = 10 gives
    /// (0.3 + 0.192073 ± z·√(0.021 + 0.0096037)) / 1.384146 = [0.107791, 0.603222];
    /// k = 0 of n = 10 gives [0, 3.841459 / 13.841459 = 0.277533].
    @Test func wilsonIntervalByHand() throws {
        let some = try #require(SweepTables.wilsonInterval(successes: 3, trials: 10))
        #expect(abs(some.low - 0.107791) < 1e-6 && abs(some.high - 0.603222) < 1e-6, "\(some)")
        let none = try #require(SweepTables.wilsonInterval(successes: 0, trials: 10))
        #expect(none.low == 0 && abs(none.high - 0.277533) < 1e-6, "\(none)")
        let all = try #require(SweepTables.wilsonInterval(successes: 10, trials: 10))
        #expect(all.high == 1 && abs(all.low - (1 - 0.277533)) < 1e-6, "\(all)")
        #expect(SweepTables.wilsonInterval(successes: 0, trials: 0) == nil)
    }

    func result(_ index: Int, grants: [Int: Double]) -> SweepResult {
        let years = grants.keys.sorted().map { year in
            SweepResult.Year(
                year: year, demandMWh: 0, unservedMWh: 0, co2AtRiskKt: 0, costEUR: 0, bottlenecks: [], consumers: [],
                requests: [
                    SweepResult.Request(
                        request: "r", carrier: "electricity", consumer: "c", requestDate: "2024-01-01", requestedMW: 10, grantedMW: grants[year]!)
                ])
        }
        return SweepResult(index: index, label: "s\(index)", delays: "", years: years)
    }

    /// Four scenarios over 2030–2031: full in 2030 (scenario 0), full from 2031 (1), never (2: 4
    /// then 6 MW), and a request active only in 2031 (3: full there). 2030: k = 1 of n = 4 (the
    /// scenario without the request counts as 0 MW), granted {0, 0, 4, 10}: mean 3.5, P10/P50/P90 0/2/8.2; first
    /// full year 2030 in ¼, 2031 in ½, never in ¼.
    @Test func requestTableCountsScenariosWithoutTheRequestAsZero() {
        let results = [
            result(0, grants: [2030: 10, 2031: 10]), result(1, grants: [2030: 0, 2031: 10]), result(2, grants: [2030: 4, 2031: 6]),
            SweepResult(
                index: 3, label: "s3", delays: "",
                years: [
                    SweepResult.Year(
                        year: 2030, demandMWh: 0, unservedMWh: 0, co2AtRiskKt: 0, costEUR: 0, bottlenecks: [], consumers: [], requests: []),
                    result(3, grants: [2031: 10]).years[0],
                ]),
        ]
        let lines = SweepTables.requests(results).render(.en).split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines[1].hasPrefix("2030,r,c,electricity,2024-01-01,10.000,4,3,0.250000,"))
        #expect(lines[1].hasSuffix(",3.500,0.000,2.000,8.200,0.250000,0.250000,0.250000"), "\(lines[1])")
        #expect(lines[2].hasPrefix("2031,r,c,electricity,2024-01-01,10.000,4,4,0.750000,"))
        #expect(lines[2].hasSuffix(",9.000,7.200,10.000,10.000,0.500000,0.750000,0.250000"), "\(lines[2])")
    }

    /// A format-2 journal (before the view and the grants per request) is refused by name.
    @Test func aFormatTwoJournalIsRefused() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("knelpunt-stats-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let json =
            #"{"dataset_sha256":"b","format":"knelpunt-sweep-journal\/2","policy":"cost","scenarios":3,"shard":"1\/1","spec":"s","spec_sha256":"a","years":[2030]}"#
        let url = folder.appendingPathComponent(SweepJournal.fileName)
        try (SHA256.hex(Array(json.utf8)) + " " + json + "\n").write(to: url, atomically: true, encoding: .utf8)
        let error = #expect(throws: SweepJournalError.self) { try SweepJournal.read(url) }
        #expect(error?.kind == .corrupt)
        #expect(error?.description.contains("\(url.path):1: a journal of format knelpunt-sweep-journal/2") == true, "\(error?.description ?? "")")
    }
}
