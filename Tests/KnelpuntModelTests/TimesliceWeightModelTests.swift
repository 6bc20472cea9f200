// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import KnelpuntData
import KnelpuntLP
import KnelpuntModel
import Testing

/// Weights that add up to a year only within 1e-6 relative are used as given: the LP is not
/// built from rescaled weights.
@Suite("Nearly-a-year timeslice weights reach the LP as given")
struct TimesliceWeightModelTests {
    @Test("every slice's objective coefficients scale with its weight as written")
    func weightsAsGiven() throws {
        let tiny = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("datasets/tiny")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("knelpunt-weights-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: tiny, to: folder)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("timeslices.csv")
        let text = try String(contentsOf: file, encoding: .utf8)
        let edited = text.replacingOccurrences(of: "winter-day,2190,", with: "winter-day,2190.001,")
            .replacingOccurrences(of: "summer-night,2190,", with: "summer-night,2190.002,")
        #expect(edited != text)
        try edited.write(to: file, atomically: true, encoding: .utf8)

        let exact = try DatasetLoader.load(from: tiny).dataset
        let nearly = try DatasetLoader.load(from: folder)
        #expect(nearly.diagnostics.map(\.rule) == [.weightsNearlyAYear])
        let weights = nearly.dataset.timeslices.slices.map(\.weightHours)
        #expect(weights == [2190.001, 2190, 2190, 2190.002])

        let year = try #require(exact.info.years.first)
        let base = AllocationModel.build(dataset: exact, year: year)
        let model = AllocationModel.build(dataset: nearly.dataset, year: year)
        #expect(model.weightsHours == weights)
        try #require(model.lp.columnCount == base.lp.columnCount)
        let blocks = model.blockStructure()
        var scaled = 0
        for j in 0..<model.lp.columnCount {
            guard let slice = blocks.columnBlock[j] else { continue }
            let expected = base.lp.columns[j].cost * weights[slice] / 2190
            #expect(abs(model.lp.columns[j].cost - expected) <= 1e-12 * max(1, abs(expected)), "column \(model.lp.columns[j].name)")
            if model.lp.columns[j].cost != base.lp.columns[j].cost { scaled += 1 }
        }
        #expect(scaled > 0, "some cost coefficients carry the edited weights")
    }
}
