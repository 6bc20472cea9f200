// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

extension DatasetValidation {
    /// Hours in a year and a leap year.
    static let yearHours: [Double] = [8760, 8784]
    /// Weights whose sum is off a year by more than this (relative) are an error.
    static let weightErrorRelative = 1e-6
    /// Weights whose sum is off a year by more than this (relative), but within
    /// ``weightErrorRelative``, are a warning (rounded weights); below it, rounding noise.
    static let weightWarningRelative = 1e-9

    /// The sum of the timeslice weights (with compensation, so a million slices do not drift)
    /// and its relative distance to the nearer of 8,760 and 8,784 h; `nil` when timeslices.csv
    /// is incomplete.
    static func weightSum(_ context: ValidationContext) -> (hours: Double, year: Double, relativeOff: Double)? {
        guard context.isComplete(DatasetSchema.timeslices.name) else { return nil }
        var sum = 0.0
        var compensation = 0.0
        for slice in context.records.timeslices.slices {
            let next = sum + slice.weightHours
            compensation += abs(sum) >= abs(slice.weightHours) ? (sum - next) + slice.weightHours : (slice.weightHours - next) + sum
            sum = next
        }
        let total = sum + compensation
        let year = yearHours.min { abs(total - $0) < abs(total - $1) }!
        return (total, year, abs(total - year) / year)
    }

    /// The timeslice weights add up to 8,760 or 8,784 h within 1e-6 relative.
    static func weightsNotAYear(_ context: ValidationContext, _ sink: inout DiagnosticCollector) {
        guard let sum = weightSum(context), !(sum.relativeOff <= weightErrorRelative) else { return }
        reportWeights(
            context, &sink, .weightsNotAYear,
            message:
                "timeslice weights add up to \(sum.hours) h; they must add up to 8760 h (or 8784 h in a leap year) within 1e-6 relative; correct weight_h"
        )
    }

    /// Weights within 1e-6 but not 1e-9 relative of a year are accepted and used as given, with
    /// a warning (usually weights rounded to a few decimals).
    static func weightsNearlyAYear(_ context: ValidationContext, _ sink: inout DiagnosticCollector) {
        guard let sum = weightSum(context), sum.relativeOff > weightWarningRelative, sum.relativeOff <= weightErrorRelative else { return }
        let relative = String(format: "%.2g", sum.relativeOff)
        reportWeights(
            context, &sink, .weightsNearlyAYear,
            message:
                "timeslice weights add up to \(sum.hours) h, \(relative) relative off \(Int(sum.year)) h (accepted up to 1e-6); the weights are used as given; round weight_h so they add up to \(Int(sum.year)) h exactly"
        )
    }

    private static func reportWeights(_ context: ValidationContext, _ sink: inout DiagnosticCollector, _ rule: DiagnosticRule, message: String) {
        let file = DatasetSchema.timeslices.name
        guard let header = context.headers[file] else { return }
        let line = context.records.timeslices.slices.last?.origin.line
        sink.report(file: file, line: line ?? header.line, column: header.columnByName["weight_h"], rule: rule, message: message)
    }

    /// Every timeslice needs an hour of day as soon as any flex commitment or request has a window.
    static func windowWithoutHours(_ context: ValidationContext, _ sink: inout DiagnosticCollector) {
        let windowed =
            context.records.flex.first(where: { $0.window != nil })?.origin
            ?? context.records.transitions.first(where: { $0.window != nil })?.origin
        guard let windowed else { return }
        for slice in context.records.timeslices.slices where slice.hour == nil {
            context.report(
                &sink, .windowWithoutHours, at: slice.origin, column: "hour",
                message:
                    "timeslice `\(slice.id)` has no hour, but \(windowed.file) line \(windowed.line) has a window; give every timeslice an hour (0–23)"
            )
        }
    }

    /// A consumer's value of lost load (or the default) must be above every supply and flex
    /// cost, or shedding its demand looks cheaper than serving it.
    static func vollNotAboveCosts(_ context: ValidationContext, _ sink: inout DiagnosticCollector) {
        let data = context.records
        var highest: (cost: Double, what: String)?
        for supply in data.supplies where supply.costEURPerMWh > (highest?.cost ?? -.infinity) {
            highest = (supply.costEURPerMWh, "supply `\(supply.id)`")
        }
        for commitment in data.flex where commitment.costEURPerMWh > (highest?.cost ?? -.infinity) {
            highest = (commitment.costEURPerMWh, "flex commitment on flex.csv line \(commitment.origin.line)")
        }
        guard let highest else { return }
        for consumer in data.consumers {
            guard let voll = consumer.vollEURPerMWh ?? context.info?.defaultVOLLEURPerMWh, voll <= highest.cost else { continue }
            let whose = consumer.vollEURPerMWh == nil ? "the default value of lost load (dataset.toml)" : "its value of lost load"
            context.report(
                &sink, .vollNotAboveCosts, at: consumer.origin, column: "voll_eur_per_mwh",
                message:
                    "`\(consumer.id)`: \(whose) \(ValueBounds.format(voll)) EUR/MWh is not above the \(ValueBounds.format(highest.cost)) EUR/MWh of \(highest.what); raise the value of lost load"
            )
        }
    }
}
