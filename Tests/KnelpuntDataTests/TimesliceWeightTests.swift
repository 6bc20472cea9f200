// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntData
import Testing

/// Timeslice weights must add up to a year within 1e-6 relative; between 1e-9 and 1e-6 they
/// are accepted with a warning and used as given.
@Suite("Timeslice weights that nearly add up to a year")
struct TimesliceWeightTests {
    /// datasets/tiny with its four weights (each 2190 h) replaced.
    static func load(weights: [String], strict: Bool = false) -> (dataset: Dataset?, diagnostics: [Diagnostic]) {
        var files = DatasetFiles.tiny
        for (index, weight) in weights.enumerated() { files.setCell("timeslices.csv", line: 3 + index, column: 2, weight) }
        return files.load(options: .init(strict: strict))
    }

    static func weightDiagnostics(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        diagnostics.filter { $0.rule == .weightsNotAYear || $0.rule == .weightsNearlyAYear }
    }

    @Test("exactly 8760 h: accepted without a diagnostic")
    func exact() {
        let (dataset, diagnostics) = Self.load(weights: ["2190", "2190", "2190", "2190"])
        #expect(dataset != nil)
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.description))")
    }

    /// Six-decimal weights summing to 8760.000001 h: 1.1e-10 relative, rounding noise below the
    /// 1e-9 warning threshold.
    @Test("six-decimal weights summing to 8760.000001 h: accepted, used as given, no warning")
    func roundingNoise() throws {
        let (dataset, diagnostics) = Self.load(weights: ["2190.000001", "2190.000000", "2190.000000", "2190.000000"])
        let loaded = try #require(dataset, "\(diagnostics.map(\.description))")
        #expect(Self.weightDiagnostics(diagnostics).isEmpty, "\(diagnostics.map(\.description))")
        #expect(loaded.timeslices.slices.map(\.weightHours) == [2190.000001, 2190, 2190, 2190])
    }

    /// 8760.003 h is 3.4e-7 relative: accepted with a warning naming the file and the sum, and
    /// the weights are kept as written (not rescaled).
    @Test("weights 3.4e-7 relative off 8760 h: accepted with a warning, used as given")
    func warning() throws {
        let (dataset, diagnostics) = Self.load(weights: ["2190.001", "2190.001", "2190.001", "2190"])
        let loaded = try #require(dataset, "\(diagnostics.map(\.description))")
        #expect(loaded.timeslices.slices.map(\.weightHours) == [2190.001, 2190.001, 2190.001, 2190])
        let found = Self.weightDiagnostics(diagnostics)
        #expect(found.count == 1)
        let warning = try #require(found.first)
        #expect(warning.rule == .weightsNearlyAYear)
        #expect(warning.severity == .warning)
        #expect(warning.file == "timeslices.csv")
        #expect(warning.description.hasPrefix("timeslices.csv:6:2: warning"), "\(warning.description)")
        #expect(warning.message.contains("8760.003"), "\(warning.message)")
        #expect(warning.message.contains("used as given"), "\(warning.message)")
    }

    @Test("the warning is an error with --strict")
    func strict() {
        let (dataset, diagnostics) = Self.load(weights: ["2190.001", "2190", "2190", "2190"], strict: true)
        #expect(dataset == nil)
        #expect(Self.weightDiagnostics(diagnostics).map(\.severity) == [.error])
    }

    /// 8760.01 h is 1.1e-6 relative: still an error.
    @Test("weights summing to 8760.01 h are rejected")
    func rejected() throws {
        let (dataset, diagnostics) = Self.load(weights: ["2190.01", "2190", "2190", "2190"])
        #expect(dataset == nil)
        let error = try #require(Self.weightDiagnostics(diagnostics).first)
        #expect(error.rule == .weightsNotAYear)
        #expect(error.severity == .error)
        #expect(error.message.contains("8760.01"), "\(error.message)")
    }

    /// A leap year (8,784 h) gets the same tolerance.
    @Test("leap-year weights (8784 h) within 1e-6 relative: accepted with a warning")
    func leapYear() {
        let (dataset, diagnostics) = Self.load(weights: ["2196.001", "2196", "2196", "2196"])
        #expect(dataset != nil)
        #expect(Self.weightDiagnostics(diagnostics).map(\.rule) == [.weightsNearlyAYear])
        #expect(Self.weightDiagnostics(diagnostics).first?.message.contains("relative off 8784 h") == true)
    }
}
