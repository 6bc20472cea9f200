// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntLP

/// A simplex basis together with the keys (``RowKey``, ``ColumnKey``) of its rows and columns, so that it can start
/// the solve of another model — the next planning year, a scenario, a sweep member — whose rows
/// and columns are mostly the same things.
public struct WarmStart: Sendable {
    public var rowKeys: [RowKey]
    public var columnKeys: [ColumnKey]
    public var basis: LPBasis

    public init(rowKeys: [RowKey], columnKeys: [ColumnKey], basis: LPBasis) {
        precondition(
            rowKeys.count == basis.rowStatus.count && columnKeys.count == basis.columnStatus.count,
            "warm start keys do not match the basis")
        self.rowKeys = rowKeys
        self.columnKeys = columnKeys
        self.basis = basis
    }

    /// The basis of a solve of `model`, keyed by the model's rows and columns.
    public init(model: AllocationModel, basis: LPBasis) {
        self.init(rowKeys: model.rowKeys, columnKeys: model.columnKeys, basis: basis)
    }

    /// The basis mapped onto `model` by key. Rows and columns the source did not have start
    /// basic (rows) or at a finite bound (columns); then the basic count is repaired to equal the
    /// row count, as a simplex basis needs. A basis that still does not factorise makes the
    /// solver start cold (GLPK reports it and the backend retries), so this never changes a
    /// result, only the work to reach it.
    public func basis(for model: AllocationModel) -> LPBasis {
        let rowStatus = Dictionary(zip(rowKeys, basis.rowStatus), uniquingKeysWith: { first, _ in first })
        let columnStatus = Dictionary(zip(columnKeys, basis.columnStatus), uniquingKeysWith: { first, _ in first })
        var rows = model.rowKeys.map { rowStatus[$0] ?? .basic }
        var columns = model.columnKeys.indices.map { j -> BasisStatus in
            columnStatus[model.columnKeys[j]] ?? Self.nonbasicStatus(model.lp.columns[j].lowerBound, model.lp.columns[j].upperBound)
        }
        for j in columns.indices where columns[j] != .basic {
            columns[j] = Self.adjust(columns[j], model.lp.columns[j].lowerBound, model.lp.columns[j].upperBound)
        }
        for i in rows.indices where rows[i] != .basic {
            rows[i] = Self.adjust(rows[i], model.lp.rows[i].lowerBound, model.lp.rows[i].upperBound)
        }
        var basicCount = rows.filter { $0 == .basic }.count + columns.filter { $0 == .basic }.count
        // Too many basics: make the last basic columns nonbasic at a bound.
        var j = columns.count - 1
        while basicCount > rows.count, j >= 0 {
            if columns[j] == .basic {
                columns[j] = Self.nonbasicStatus(model.lp.columns[j].lowerBound, model.lp.columns[j].upperBound)
                basicCount -= 1
            }
            j -= 1
        }
        // Too few: make the last nonbasic rows basic.
        var i = rows.count - 1
        while basicCount < rows.count, i >= 0 {
            if rows[i] != .basic {
                rows[i] = .basic
                basicCount += 1
            }
            i -= 1
        }
        return LPBasis(rowStatus: rows, columnStatus: columns)
    }

    static func nonbasicStatus(_ lower: Double, _ upper: Double) -> BasisStatus {
        switch BoundKind(lower: lower, upper: upper) {
        case .free: return .free
        case .fixed: return .fixed
        case .upper: return .atUpper
        case .lower, .ranged: return .atLower
        }
    }

    /// A nonbasic status that exists for these bounds (e.g. at-upper on a column that lost its
    /// upper bound becomes at-lower).
    static func adjust(_ status: BasisStatus, _ lower: Double, _ upper: Double) -> BasisStatus {
        switch BoundKind(lower: lower, upper: upper) {
        case .free: return .free
        case .fixed: return .fixed
        case .lower: return .atLower
        case .upper: return .atUpper
        case .ranged: return status == .atUpper ? .atUpper : .atLower
        }
    }
}
