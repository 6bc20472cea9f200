// SPDX-License-Identifier: GPL-3.0-or-later

extension LinearProgram {
    /// Checks everything a backend needs before it is handed the model, and throws the first
    /// problem found with the offending row/column named:
    /// - no NaN anywhere; costs and coefficients finite; bounds not NaN and `lower ≤ upper`;
    ///   a lower bound of `+∞` or an upper bound of `-∞` is rejected;
    /// - a binary column has bounds within [0, 1]; the finite bounds of a binary or integer
    ///   column are integers (GLPK's branch and cut rejects others);
    /// - every coefficient refers to an existing row and column, at most once per (row, column).
    public func validate() throws(SolverError) {
        try validateBoundsAndCosts()
        var keys = [Int64]()
        keys.reserveCapacity(entryValues.count)
        let columnCount = Int64(columns.count)
        for k in entryValues.indices {
            let i = Int(entryRows[k])
            let j = Int(entryColumns[k])
            guard i >= 0, i < rows.count else {
                throw .invalidModel(problem: "coefficient \(k) refers to row \(i), but the model has \(rows.count) rows")
            }
            guard j >= 0, j < columns.count else {
                throw .invalidModel(
                    problem: "coefficient \(k) in row '\(rows[i].name)' refers to column \(j), but the model has \(columns.count) columns")
            }
            guard entryValues[k].isFinite else {
                throw .invalidModel(
                    problem: "coefficient of column '\(columns[j].name)' in row '\(rows[i].name)' is \(entryValues[k]); it must be finite")
            }
            keys.append(Int64(i) * columnCount + Int64(j))
        }
        keys.sort()
        for k in keys.indices.dropFirst() where keys[k] == keys[k - 1] {
            let i = Int(keys[k] / columnCount)
            let j = Int(keys[k] % columnCount)
            throw .invalidModel(problem: "column '\(columns[j].name)' appears twice in row '\(rows[i].name)'; merge the two coefficients")
        }
    }

    /// The part of ``validate()`` that does not read the matrix: the objective constant, costs
    /// and bounds (for a solver that already holds this LP's matrix).
    public func validateBoundsAndCosts() throws(SolverError) {
        if !objectiveConstant.isFinite {
            throw .invalidModel(problem: "objective constant is \(objectiveConstant); it must be finite")
        }
        for (j, column) in columns.enumerated() {
            try Self.checkBounds(column.lowerBound, column.upperBound, what: "column \(j) '\(column.name)'")
            if column.kind != .continuous { try Self.checkIntegerBounds(column, j) }
            if !column.cost.isFinite {
                throw .invalidModel(problem: "column \(j) '\(column.name)' has cost \(column.cost); costs must be finite")
            }
        }
        for (i, row) in rows.enumerated() {
            try Self.checkBounds(row.lowerBound, row.upperBound, what: "row \(i) '\(row.name)'")
        }
    }

    private static func checkIntegerBounds(_ column: LPColumn, _ j: Int) throws(SolverError) {
        let (lower, upper) = (column.lowerBound, column.upperBound)
        if column.kind == .binary, lower < 0 || upper > 1 {
            throw .invalidModel(problem: "binary column \(j) '\(column.name)' has bounds [\(lower), \(upper)]; a binary's bounds lie within [0, 1]")
        }
        for bound in [lower, upper] where bound.isFinite && bound.rounded() != bound {
            throw .invalidModel(
                problem: "\(column.kind.rawValue) column \(j) '\(column.name)' has the bound \(bound), which is not an integer; round it (inward)")
        }
    }

    private static func checkBounds(_ lower: Double, _ upper: Double, what: @autoclosure () -> String) throws(SolverError) {
        if lower.isNaN || upper.isNaN {
            throw .invalidModel(problem: "\(what()) has a NaN bound [\(lower), \(upper)]")
        }
        if lower == .infinity {
            throw .invalidModel(problem: "\(what()) has lower bound +infinity")
        }
        if upper == -.infinity {
            throw .invalidModel(problem: "\(what()) has upper bound -infinity")
        }
        if lower > upper {
            throw .invalidModel(problem: "\(what()) has lower bound \(lower) above upper bound \(upper)")
        }
    }
}
