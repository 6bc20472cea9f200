// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import KnelpuntData
import Testing

/// The documented ranges (docs/numerics.md): issue 18's reproductions are errors with position,
/// rule and range; the bundled datasets lie inside them.
@Suite struct NumericRangeTests {
    /// The single error of loading tiny with `mutate` applied.
    func onlyError(_ mutate: (inout DatasetFiles) -> Void) -> Diagnostic? {
        var files = DatasetFiles.tiny
        mutate(&files)
        let (dataset, diagnostics) = files.load()
        #expect(dataset == nil)
        let errors = diagnostics.filter { $0.severity == .error }
        #expect(errors.count == 1, "got: \(diagnostics.map(\.description))")
        return errors.first
    }

    @Test func linkCapacityOf1e300IsOutOfRange() throws {
        let error = try #require(onlyError { $0.setCell("links.csv", line: 2, column: 6, "1e300") })
        #expect(
            error.description
                == "links.csv:2:6: error [magnitudeOutOfRange]: capacity_mw `1e300` is outside the allowed range [0, 1000000] MW (docs/numerics.md); check the unit (MW, not kW) and correct the value"
        )
    }

    @Test func efficiencyOf1eMinus300IsOutOfRange() throws {
        let error = try #require(onlyError { $0.setCell("conversions.csv", line: 2, column: 6, "1e-300") })
        #expect(error.rule == .efficiencyOutOfRange && error.line == 2 && error.column == 6)
        #expect(error.message.contains("outside the allowed range [0.001, 1]"))
    }

    @Test func defaultVOLLOf1e14IsOutOfRange() throws {
        let error = try #require(onlyError { $0.replace("dataset.toml", "default_voll_eur_per_mwh = 2000", with: "default_voll_eur_per_mwh = 1e14") })
        #expect(error.file == "dataset.toml" && error.line == 6 && error.column == 28)
        #expect(error.rule == .magnitudeOutOfRange)
        #expect(error.message.contains("outside the allowed range (0, 1000000] EUR/MWh"))
    }

    @Test func demandOf1point2e16IsOutOfRange() throws {
        let error = try #require(onlyError { $0.setCell("demand.csv", line: 2, column: 4, "1.2e16") })
        #expect(error.rule == .magnitudeOutOfRange && error.file == "demand.csv" && error.line == 2 && error.column == 4)
        #expect(error.message.contains("[0, 100000] MW"))
    }

    @Test func negativeValuesKeepTheirPhysicalRule() throws {
        let capacity = try #require(onlyError { $0.setCell("links.csv", line: 2, column: 6, "-1") })
        #expect(capacity.rule == .negativeCapacity)
        let demand = try #require(onlyError { $0.setCell("demand.csv", line: 2, column: 4, "-1") })
        #expect(demand.rule == .negativeDemand)
    }

    @Test func costsAndVOLLAreBounded() throws {
        let cost = try #require(onlyError { $0.setCell("supply.csv", line: 3, column: 7, "-2e6") })
        #expect(cost.rule == .magnitudeOutOfRange && cost.column == 7)
        let voll = try #require(onlyError { $0.setCell("consumers.csv", line: 2, column: 10, "5e6") })
        #expect(voll.rule == .magnitudeOutOfRange && voll.column == 10)
        var files = DatasetFiles.tiny
        files.setCell("timeslices.csv", line: 3, column: 2, "9000")
        #expect(
            files.load().diagnostics.contains { $0.rule == .valueOutOfRange && $0.line == 3 && $0.column == 2 && $0.message.contains("[0, 8784] h") })
    }

    @Test func projectsMayNotTakeACapacityAboveTheRange() throws {
        var files = DatasetFiles.tiny
        let header = files.lines("projects.csv")[0].split(separator: ",").map(String.init)
        let column = try #require(header.firstIndex(of: "capacity_mw")) + 1
        files.setCell("projects.csv", line: 2, column: column, "999999")
        let (_, diagnostics) = files.load()
        let error = try #require(diagnostics.first { $0.severity == .error })
        #expect(error.rule == .magnitudeOutOfRange && error.file == "projects.csv" && error.line == 2 && error.column == column)
        #expect(error.message.contains("plus projects = 1000099 MW"))
    }

    /// The diagnostics of parsing a scenario or sweep spec.
    func parseErrors(_ text: String, sweep: Bool = false) -> [Diagnostic] {
        do {
            if sweep { _ = try SweepSpec.parse(Array(text.utf8), file: "s.toml") } else { _ = try Scenario.parse(text, file: "s.toml") }
            return []
        } catch {
            return error.diagnostics
        }
    }

    @Test func scenarioValuesHaveTheColumnsRanges() {
        let flex = parseErrors(
            "name = \"x\"\n[[flex]]\nconsumer = \"steel\"\ncarrier = \"electricity\"\nproduct = \"cbc\"\nfrom_year = 2026\nmax_mw = 10\ncost_eur_per_mwh = 1e300\n"
        )
        #expect(
            flex.map(\.description) == [
                "s.toml:8:20: error [magnitudeOutOfRange]: `cost_eur_per_mwh` 1e+300 is outside the allowed range [-1000000, 1000000] EUR/MWh (docs/numerics.md); check the unit and correct it"
            ])
        let added = parseErrors("name = \"x\"\n[[capacity]]\ntarget = \"coast-port\"\nfrom_year = 2026\nadd_mw = -2e6\n")
        #expect(added.map(\.rule) == [.magnitudeOutOfRange] && added.first?.line == 5)
        let negative = parseErrors("name = \"x\"\n[[demand]]\nconsumer = \"steel\"\ncarrier = \"electricity\"\nscale = -1\nfrom_year = 2026\n")
        #expect(negative.map(\.rule) == [.negativeDemand])
    }

    @Test func sweepWeightsAreBounded() {
        let spec = "name = \"x\"\n[monte_carlo]\nsamples = 3\nseed = 1\n[[delay]]\nstatus = \"planned\"\nvalues = [0, 1]\nweights = [1e300, 1e300]\n"
        let errors = parseErrors(spec, sweep: true)
        #expect(errors.map(\.rule) == [.valueOutOfRange] && errors.first?.line == 8, "\(errors)")
        #expect(parseErrors(spec.replacingOccurrences(of: "1e300, 1e300", with: "0.5, 0.5"), sweep: true).isEmpty)
    }

    @Test func nanIsInNoRange() {
        #expect(!NumericRanges.delayWeight.contains(.nan))
        #expect(!NumericRanges.capacity.contains(.nan))
    }

    @Test func numericsDocHoldsTheGeneratedTable() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("docs/numerics.md")
        let text = try String(contentsOf: url, encoding: .utf8)
        #expect(text.contains(NumericRanges.markdownTable()), "docs/numerics.md must hold this table verbatim:\n\(NumericRanges.markdownTable())")
    }
}
