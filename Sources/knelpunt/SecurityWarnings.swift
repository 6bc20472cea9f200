// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntAnalysis

/// Prints on standard error, once per outage, the N-1 outages that were not checked because they
/// would island nodes (``SecuritySummary/skippedOutages``), with the years concerned.
func printSkippedOutages(_ outcomes: [YearOutcome]) {
    var years: [String: [Int]] = [:]
    var order: [String] = []
    for outcome in outcomes {
        for warning in outcome.solve.security?.skippedOutages ?? [] {
            if years[warning] == nil { order.append(warning) }
            years[warning, default: []].append(outcome.year)
        }
    }
    for warning in order {
        let list = years[warning, default: []].map(String.init).joined(separator: ", ")
        printError(
            "knelpunt: warning: N-1: \(warning) (in \(list)): a radial connection cannot survive its own outage; add a parallel circuit, or list in contingencies.csv only the outages to check"
        )
    }
}
