// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntData

/// What an LP column of the allocation model stands for. Indices refer to the dataset's arrays
/// (``Dataset/supplies``, ``Dataset/links``, …), to ``YearView/pairs`` for `unserved`, and to
/// the timeslice index `t`. All columns are in MW.
public enum ColumnKey: Hashable, Sendable {
    /// g[s,t]: supply used.
    case supply(supply: Int, timeslice: Int)
    /// x[l,t]: flow on a link, positive from → to.
    case flow(link: Int, timeslice: Int)
    /// p[v,t]: electricity into a conversion.
    case conversion(conversion: Int, timeslice: Int)
    /// z[f,t]: agreed flexible curtailment under a flex commitment.
    case flex(flex: Int, timeslice: Int)
    /// u[i,t]: involuntary unserved demand of pair i.
    case unserved(pair: Int, timeslice: Int)

    public var timeslice: Int {
        switch self {
        case .supply(_, let t), .flow(_, let t), .conversion(_, let t), .flex(_, let t), .unserved(_, let t): return t
        }
    }
}

/// What an LP row of the allocation model stands for.
public enum RowKey: Hashable, Sendable {
    /// Nodal balance of node n (index into ``Dataset/nodes``) in timeslice t, in MW.
    case balance(node: Int, timeslice: Int)
    /// Demand cover u + Σz ≤ D of pair i in timeslice t, in MW.
    case demandCover(pair: Int, timeslice: Int)
    /// Yearly flex budget Σ_t w_t·z ≤ max_mw·max_hours, in MWh.
    case flexBudget(flex: Int)
    /// A row added by an allocation policy stage (leximin, priority, cost fixing).
    case policy(name: String)

    /// The timeslice of a per-timeslice row; `nil` for coupling rows.
    public var timeslice: Int? {
        switch self {
        case .balance(_, let t), .demandCover(_, let t): return t
        case .flexBudget, .policy: return nil
        }
    }
}

/// Identifies a row or column by dataset ids and timeslice, so that a basis can be carried from
/// one model to another of a different year, scenario or dataset (``WarmStart``).
public enum ModelItemKey: Hashable, Sendable {
    case supply(id: String, timeslice: Int)
    case flow(id: String, timeslice: Int)
    case conversion(id: String, timeslice: Int)
    case flex(key: String, timeslice: Int)
    case unserved(pair: ConsumerCarrier, timeslice: Int)
    case balance(node: String, timeslice: Int)
    case demandCover(pair: ConsumerCarrier, timeslice: Int)
    case flexBudget(key: String)
    /// A row or column added by an allocation rule, by its name.
    case policy(name: String)
}
