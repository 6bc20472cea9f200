// SPDX-License-Identifier: GPL-3.0-or-later

extension LinearProgram {
    /// The same LP with the fixed columns `fixed` (lower bound = upper bound = v_j) taken out of
    /// every row: each row's bounds move by −Σ_j a_ij·v_j and the columns keep their bounds and
    /// costs but no coefficients. The feasible set, the objective and the optimal duals are those
    /// of `self`; ``SolveResult/restoringFixedColumns(_:of:)`` maps a result back.
    ///
    /// Used to decompose an LP whose linking columns (e.g. the grants of the request view) appear
    /// in block rows: once they are fixed, the rows only see a constant.
    public func substitutingFixedColumns(_ fixed: [Int]) -> LinearProgram {
        var isFixed = [Bool](repeating: false, count: columnCount)
        for j in fixed {
            precondition(columns[j].lowerBound == columns[j].upperBound, "column \(columns[j].name) is not fixed")
            isFixed[j] = true
        }
        var terms = [[(column: Int, coefficient: Double)]](repeating: [], count: rowCount)
        var shift = [Double](repeating: 0, count: rowCount)
        for k in entryValues.indices {
            let i = Int(entryRows[k])
            let j = Int(entryColumns[k])
            if isFixed[j] {
                shift[i] += entryValues[k] * columns[j].lowerBound
            } else {
                terms[i].append((j, entryValues[k]))
            }
        }
        var reduced = LinearProgram(name: name, sense: sense, objectiveConstant: objectiveConstant)
        for column in columns { reduced.addColumn(column) }
        for (i, row) in rows.enumerated() {
            reduced.addRow(name: row.name, lowerBound: row.lowerBound - shift[i], upperBound: row.upperBound - shift[i], terms: terms[i])
        }
        return reduced
    }
}

extension SolveResult {
    /// This result of `lp.substitutingFixedColumns(fixed)`, read back onto `lp`: row activities
    /// recomputed from the matrix, row ranges moved back by the substituted constant, and the
    /// reduced cost of each fixed column, d_j = c_j − Σ_i a_ij·y_i (objective change per unit the
    /// column's fixed value rises). Values, duals and the basis carry over unchanged.
    public func restoringFixedColumns(_ fixed: [Int], of lp: LinearProgram) -> SolveResult {
        var result = self
        guard !columnValues.isEmpty else { return result }
        result.rowActivities = lp.rowActivities(of: columnValues)
        var isFixed = [Bool](repeating: false, count: lp.columnCount)
        for j in fixed { isFixed[j] = true }
        var shift = [Double](repeating: 0, count: lp.rowCount)
        var reduced = fixed.isEmpty || columnReducedCosts.isEmpty ? [:] : Dictionary(uniqueKeysWithValues: fixed.map { ($0, lp.columns[$0].cost) })
        for k in lp.entryValues.indices {
            let j = Int(lp.entryColumns[k])
            guard isFixed[j] else { continue }
            let i = Int(lp.entryRows[k])
            shift[i] += lp.entryValues[k] * lp.columns[j].lowerBound
            if !rowDuals.isEmpty { reduced[j]? -= lp.entryValues[k] * rowDuals[i] }
        }
        for (j, value) in reduced { result.columnReducedCosts[j] = value }
        for (i, range) in rowRanges {
            result.rowRanges[i] = BoundRange(
                current: range.current + shift[i], lowerLimit: range.lowerLimit + shift[i], upperLimit: range.upperLimit + shift[i],
                objectiveRate: range.objectiveRate, isBasic: range.isBasic)
        }
        return result
    }
}
