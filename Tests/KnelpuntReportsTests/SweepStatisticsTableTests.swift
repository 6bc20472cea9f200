// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import KnelpuntAnalysis
import KnelpuntReports
import Testing

/// The statistics behind sweep-statistics.csv on hand-made numbers: Student t quantiles, the
/// sample summary, the table (extremes named by scenario index, ties to the lowest), the
/// `--until-ci` batches, and the refusal of format-3 journals.
@Suite struct SweepStatisticsTableTests {
    /// t(0.975; 1) = tan(0.475π) and t(0.975; 2) = 0.95/√(2·0.975·0.025) in closed form; tables give
    /// t(0.975; 4) = 2.776445, t(0.975; 9) = 2.262157, t(0.975; 99) = 1.984217; as ν → ∞ it tends
    /// to z = 1.959964.
    @Test func studentTQuantilesByHand() {
        let quantile = { (nu: Double) in StudentT.quantile(0.975, degreesOfFreedom: nu) }
        #expect(abs(quantile(1) - tan(0.475 * Double.pi)) < 1e-9, "\(quantile(1))")
        #expect(abs(quantile(2) - 0.95 / (2 * 0.975 * 0.025).squareRoot()) < 1e-9, "\(quantile(2))")
        #expect(abs(quantile(4) - 2.776445) < 1e-6, "\(quantile(4))")
        #expect(abs(quantile(9) - 2.262157) < 1e-6, "\(quantile(9))")
        #expect(abs(quantile(99) - 1.984217) < 1e-6, "\(quantile(99))")
        #expect(abs(quantile(1e7) - SweepTables.z95) < 1e-6, "\(quantile(1e7))")
        #expect(abs(StudentT.cdf(-2.262157, degreesOfFreedom: 9) - 0.025) < 1e-7)
    }

    /// {3, 1, 4, 1, 5}: mean 2.8, Σ(x − x̄)² = 12.8, s = √(12.8/4) = √3.2, s/√5 = 0.8, so the
    /// interval is 2.8 ± 2.776445·0.8 = 2.8 ± 2.221156; min 1 first at position 1 (not 3), max 5 at 4.
    @Test func sampleSummaryByHand() throws {
        let summary = try #require(SampleSummary([3, 1, 4, 1, 5]))
        #expect(abs(summary.mean - 2.8) < 1e-12)
        #expect(abs(summary.standardDeviation! - 3.2.squareRoot()) < 1e-12)
        #expect(abs(summary.meanLow! - (2.8 - 2.776445 * 0.8)) < 1e-6 && abs(summary.meanHigh! - (2.8 + 2.776445 * 0.8)) < 1e-6)
        #expect(summary.min == 1 && summary.minSample == 1 && summary.max == 5 && summary.maxSample == 4)
        let single = try #require(SampleSummary([7]))
        #expect(single.mean == 7 && single.standardDeviation == nil && single.meanLow == nil && single.minSample == 0)
        #expect(SampleSummary([]) == nil)
    }

    static func year(bottlenecks: [String], values: [String: Double], publicMWh: Double, co2Kt: Double) -> SweepResult.Year {
        SweepResult.Year(
            year: 2030, demandMWh: 100, unservedMWh: publicMWh + 1, co2AtRiskKt: co2Kt, costEUR: 0, bottlenecks: bottlenecks, consumers: [],
            shadowValues: values.keys.sorted().map { SweepResult.AssetValue(asset: $0, shadowValueEURPerMWYear: values[$0]!) },
            groups: [
                SweepResult.GroupTotals(group: "other", unservedMWh: 1, co2AtRiskKt: 0),
                SweepResult.GroupTotals(group: "public", unservedMWh: publicMWh, co2AtRiskKt: co2Kt),
            ])
    }

    /// Scenarios 4, 7 and 9 (as after a merge). Asset x is a bottleneck in 4 and 9 with shadow
    /// values 10 and 30 (none in 7: counts as 0): k = 2 of 3, values {10, 0, 30}: mean 40/3,
    /// s = √((100/9 + 1600/9 + 2500/9)/2) = √(700/3) = 15.275252, interval ± 4.302653·s/√3; min 0
    /// in scenario 7, max 30 in 9. Asset y has a value but is never a bottleneck: no row.
    /// Public unserved {5, 5, 2}: min 2 in 9, max 5 first in 4 (not 7). `maatwerk` is absent: 0.
    @Test func tableNamesTheScenarioOfEachExtreme() throws {
        let results = [
            SweepResult(
                index: 9, label: "s9", delays: "", years: [Self.year(bottlenecks: ["x"], values: ["x": 30, "y": 1], publicMWh: 2, co2Kt: 0)]),
            SweepResult(index: 4, label: "s4", delays: "", years: [Self.year(bottlenecks: ["x"], values: ["x": 10], publicMWh: 5, co2Kt: 3)]),
            SweepResult(index: 7, label: "s7", delays: "", years: [Self.year(bottlenecks: [], values: ["y": 2], publicMWh: 5, co2Kt: 3)]),
        ]
        let lines = SweepTables.statistics(results).render(.en).split(separator: "\n").map(String.init)
        #expect(
            lines[0]
                == "year,kind,id,measure,scenarios,successes,estimate,sd,ci95_low,ci95_high,min,min_scenario,min_label,max,max_scenario,max_label")
        let wilson = try #require(SweepTables.wilsonInterval(successes: 2, trials: 3))
        #expect(
            lines[1]
                == "2030,asset,x,congestion_probability,3,2,0.666667,,\(CSVTable.fixed(wilson.low, decimals: 6)),\(CSVTable.fixed(wilson.high, decimals: 6)),,,,,,"
        )
        let s = (700.0 / 3).squareRoot()
        let half = 4.302653 * s / 3.0.squareRoot()
        let value = lines[2].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        #expect(value.prefix(6) == ["2030", "asset", "x", "shadow_value_eur_per_mw_year", "3", ""])
        #expect(abs(Double(value[6])! - 40.0 / 3) < 0.005 && abs(Double(value[7])! - s) < 0.005)
        #expect(abs(Double(value[8])! - (40.0 / 3 - half)) < 0.01 && abs(Double(value[9])! - (40.0 / 3 + half)) < 0.01)
        #expect(value.suffix(6) == ["0.00", "7", "s7", "30.00", "9", "s9"])
        #expect(!lines.contains { $0.contains(",asset,y,") })
        let publicUnserved = try #require(lines.first { $0.hasPrefix("2030,group,public,unserved_mwh,") })
        #expect(publicUnserved.hasSuffix(",2.000,9,s9,5.000,4,s4"), "\(publicUnserved)")
        let all = try #require(lines.first { $0.hasPrefix("2030,group,all,unserved_mwh,") })
        #expect(all.hasPrefix("2030,group,all,unserved_mwh,3,,5.000,"), "\(all)")
        let maatwerk = try #require(lines.first { $0.hasPrefix("2030,group,maatwerk,co2_at_risk_kt,") })
        #expect(maatwerk == "2030,group,maatwerk,co2_at_risk_kt,3,,0.000,0.000,0.000,0.000,0.000,4,s4,0.000,4,s4")
        // 2 asset rows and 8 group rows; --until-ci watches the congestion probability only.
        #expect(lines.count == 1 + 2 + 8)
        let widest = try #require(SweepTables.widestProbabilityInterval(results))
        #expect(abs(widest.widthPP - (wilson.high - wilson.low) * 100) < 1e-12 && widest.output == "2030 asset x")
    }

    /// Batches of 50 up to the cap; the rule is met when the widest width is ≤ PCT, and at once
    /// when nothing is watched.
    @Test func stoppingRuleBatchesAndCheck() {
        #expect(SweepStoppingRule(widestPercentagePoints: 10, cap: 120).batchEnds == [50, 100, 120])
        #expect(SweepStoppingRule(widestPercentagePoints: 10, cap: 100).batchEnds == [50, 100])
        #expect(SweepStoppingRule(widestPercentagePoints: 10, cap: 30).batchEnds == [30])
        let results = (0..<4).map { index in
            SweepResult(
                index: index, label: "mc-\(index)", delays: "",
                years: [Self.year(bottlenecks: index < 2 ? ["x"] : [], values: [:], publicMWh: 0, co2Kt: 0)])
        }
        let wilson = SweepTables.wilsonInterval(successes: 2, trials: 4)!
        let width = (wilson.high - wilson.low) * 100
        let check = SweepStoppingRule(widestPercentagePoints: width, cap: 4).check(results, end: 4)
        #expect(check.isMet && check.widestPP == width && check.samples == 4)
        #expect(!SweepStoppingRule(widestPercentagePoints: width - 1e-9, cap: 4).check(results, end: 4).isMet)
        // Samples 2 and 3 only count once the batch ending at 4 is in: over samples 0–1, k = n = 2.
        let first = SweepStoppingRule(widestPercentagePoints: 1, cap: 4).check(results, end: 2)
        let allTwo = SweepTables.wilsonInterval(successes: 2, trials: 2)!
        #expect(abs(first.widestPP! - (allTwo.high - allTwo.low) * 100) < 1e-12)
        let quiet = SweepStoppingRule(widestPercentagePoints: 1, cap: 4).check(
            results.map { SweepResult(index: $0.index, label: $0.label, delays: "", years: []) }, end: 4)
        #expect(quiet.isMet && quiet.widestPP == nil)
    }

    /// A format-3 journal (before the shadow values and group totals) is refused, saying why.
    @Test func aFormatThreeJournalIsRefusedNamingTheStatistics() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("knelpunt-stats-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let json =
            #"{"dataset_sha256":"b","format":"knelpunt-sweep-journal\/3","policy":"acm","scenarios":3,"shard":"1\/1","spec":"s","spec_sha256":"a","view":"requests","years":[2030]}"#
        let url = folder.appendingPathComponent(SweepJournal.fileName)
        try (SHA256.hex(Array(json.utf8)) + " " + json + "\n").write(to: url, atomically: true, encoding: .utf8)
        let error = #expect(throws: SweepJournalError.self) { try SweepJournal.read(url) }
        #expect(error?.kind == .corrupt)
        let text = error?.description ?? ""
        #expect(text.contains("\(url.path):1: a journal of format knelpunt-sweep-journal/3") && text.contains("sweep-statistics.csv"), "\(text)")
        #expect(SweepJournal.format == "knelpunt-sweep-journal/4")
    }
}
