// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// The smallest and largest nonzero magnitude of one kind of number in an LP, with the names of
/// the rows or columns they belong to.
public struct MagnitudeRange: Sendable, Hashable {
    public var smallest: Double
    public var smallestAt: String
    public var largest: Double
    public var largestAt: String

    /// `largest / smallest` (1 for a single value).
    public var ratio: Double { largest / smallest }

    /// The range of the nonzero finite magnitudes among `count` values, naming the extremes
    /// with `name` (called twice, not per value).
    static func collect(count: Int, value: (Int) -> Double, name: (Int) -> String) -> MagnitudeRange? {
        var smallest = Double.infinity
        var largest = 0.0
        var smallestIndex = -1
        var largestIndex = -1
        for index in 0..<count {
            let magnitude = abs(value(index))
            guard magnitude != 0, magnitude.isFinite else { continue }
            if magnitude < smallest {
                smallest = magnitude
                smallestIndex = index
            }
            if magnitude > largest {
                largest = magnitude
                largestIndex = index
            }
        }
        guard smallestIndex >= 0 else { return nil }
        return MagnitudeRange(smallest: smallest, smallestAt: name(smallestIndex), largest: largest, largestAt: name(largestIndex))
    }
}

/// How widely the nonzero numbers of an LP spread (``LinearProgram/numericalRange()``): the
/// ratios a simplex solver's tolerances must bridge. `nil` where the LP has no such number.
public struct NumericalRange: Sendable, Hashable {
    /// Matrix coefficients; the names are `row / column`.
    public var coefficients: MagnitudeRange?
    /// Finite row and column bounds.
    public var bounds: MagnitudeRange?
    /// Objective coefficients (costs) of the columns.
    public var objective: MagnitudeRange?

    /// Above this ratio of largest to smallest coefficient (or cost), GLPK's relative
    /// tolerances (about 1e-7 on scaled values, 1e-9 pivot tolerance) can no longer tell the
    /// small values from round-off.
    public static let ratioThreshold = 1e9
    /// Above this magnitude a bound (MW, or MWh in a budget row) leaves the range in which an
    /// absolute feasibility tolerance of 1e-7 is meaningful for doubles.
    public static let boundThreshold = 1e11

    /// One sentence per range that threatens the solver's tolerances, naming the rows and
    /// columns at both ends; empty when the LP is well scaled.
    public var warnings: [String] {
        var lines: [String] = []
        if let range = coefficients, range.ratio > Self.ratioThreshold {
            lines.append(
                "matrix coefficients span a ratio of \(Self.format(range.ratio)) (from \(Self.format(range.smallest)) at \(range.smallestAt) to \(Self.format(range.largest)) at \(range.largestAt)), beyond \(Self.format(Self.ratioThreshold))"
            )
        }
        if let range = objective, range.ratio > Self.ratioThreshold {
            lines.append(
                "objective coefficients span a ratio of \(Self.format(range.ratio)) (from \(Self.format(range.smallest)) at \(range.smallestAt) to \(Self.format(range.largest)) at \(range.largestAt)), beyond \(Self.format(Self.ratioThreshold))"
            )
        }
        if let range = bounds, range.largest > Self.boundThreshold {
            lines.append("a bound of \(Self.format(range.largest)) at \(range.largestAt) is above \(Self.format(Self.boundThreshold))")
        }
        return lines
    }

    /// `2.19e+10`, `0.001` or `2190`: three significant digits.
    static func format(_ value: Double) -> String { String(format: "%.3g", value) }
}

extension LinearProgram {
    /// The spread of the matrix coefficients, finite bounds and costs (nonzero magnitudes), with
    /// the rows and columns at both ends; see ``NumericalRange/warnings``. NaN and infinite
    /// values are left out (``validate()`` rejects them).
    public func numericalRange() -> NumericalRange {
        let coefficients = MagnitudeRange.collect(
            count: entryValues.count, value: { entryValues[$0] },
            name: { k in "\(rows[Int(entryRows[k])].name) / \(columns[Int(entryColumns[k])].name)" })
        // Bounds: 2j, 2j+1 are column j's lower and upper bound; then the rows' likewise.
        let columnBounds = 2 * columns.count
        let bounds = MagnitudeRange.collect(
            count: columnBounds + 2 * rows.count,
            value: { index in
                if index < columnBounds {
                    let column = columns[index / 2]
                    return index % 2 == 0 ? column.lowerBound : column.upperBound
                }
                let row = rows[(index - columnBounds) / 2]
                return index % 2 == 0 ? row.lowerBound : row.upperBound
            }, name: { index in index < columnBounds ? columns[index / 2].name : rows[(index - columnBounds) / 2].name })
        let objective = MagnitudeRange.collect(count: columns.count, value: { columns[$0].cost }, name: { columns[$0].name })
        return NumericalRange(coefficients: coefficients, bounds: bounds, objective: objective)
    }
}
