// SPDX-License-Identifier: GPL-3.0-or-later

/// Rules for delay_distributions.csv. Cell syntax, ranges (0 ≤ delay_years ≤ 100, weight > 0)
/// and the project reference are checked while reading, from ``DatasetSchema``.
extension DatasetValidation {
    /// Every row selects its projects by exactly one of status, programme and project.
    static func delaySelectors(_ context: ValidationContext, _ sink: inout DiagnosticCollector) {
        for row in context.records.delayDistributions where row.match == nil {
            let given = [("status", row.status != nil), ("programme", row.programme != nil), ("project", row.project != nil)]
                .filter(\.1).map(\.0)
            let message: String
            if given.isEmpty {
                message =
                    "distribution `\(row.distribution)` row selects no project; fill in one of status (e.g. `planned`), programme or project"
            } else {
                message =
                    "distribution `\(row.distribution)` row selects by \(given.joined(separator: " and ")); keep one selector and empty the others (a rule applies to one status, one programme or one project)"
            }
            context.report(&sink, .delaySelector, at: row.origin, column: given.count > 1 ? given[1] : "status", message: message)
        }
    }

    /// Within one rule (distribution and selector) each delay_years appears once.
    static func duplicateDelayValues(_ context: ValidationContext, _ sink: inout DiagnosticCollector) {
        var first: [DelayKey: RecordOrigin] = [:]
        for row in context.records.delayDistributions {
            guard let match = row.match else { continue }
            let key = DelayKey(distribution: row.distribution, match: match, delayYears: row.delayYears)
            if let earlier = first[key] {
                context.report(
                    &sink, .duplicateDelayValue, at: row.origin, column: "delay_years",
                    message:
                        "distribution `\(row.distribution)` already gives delay_years \(row.delayYears) for \(Self.describe(match)) on line \(earlier.line); merge the two rows into one with the sum of their weights"
                )
            } else {
                first[key] = row.origin
            }
        }
    }

    private struct DelayKey: Hashable {
        var distribution: String
        var match: SweepSpec.DelayRule.Match
        var delayYears: Int
    }

    private static func describe(_ match: SweepSpec.DelayRule.Match) -> String {
        switch match {
        case .status(let status): return "status `\(status.rawValue)`"
        case .programme(let programme): return "programme `\(programme)`"
        case .project(let project): return "project `\(project)`"
        }
    }
}
