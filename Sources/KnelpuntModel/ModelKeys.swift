// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntData

/// What an LP column of the allocation model stands for, by dataset ids and timeslice index t.
///
/// The one key scheme of the model: ``AllocationModel/columnKeys`` holds the key of every column
/// (the per-family index tables such as ``AllocationModel/flowColumn`` are its positional fast
/// path), ``AllocationModel/blockStructure()`` reads the timeslice from it, and a ``WarmStart``
/// carries a basis to another year, scenario or dataset by it. Units: MW for the network
/// columns, dimensionless for the allocation-rule columns.
public enum ColumnKey: Hashable, Sendable {
    /// g[s,t]: supply used, MW.
    case supply(SupplyID, timeslice: Int)
    /// x[l,t]: flow on a link, positive from → to, MW.
    case flow(LinkID, timeslice: Int)
    /// p[v,t]: electricity into a conversion, MW.
    case conversion(ConversionID, timeslice: Int)
    /// z[f,t]: agreed flexible curtailment under a flex commitment (by its key), MW.
    case flex(key: String, timeslice: Int)
    /// u[i,t]: involuntary unserved demand of a pair, MW.
    case unserved(ConsumerCarrier, timeslice: Int)
    /// q_i: the unserved fraction of a pair's annual demand (allocation rules).
    case shortfall(ConsumerCarrier)
    /// λ: the common share floor of the pairs being filled (allocation rules).
    case shareFloor
    /// g_r: the transport capacity granted to a request for the whole year, MW (request view).
    case grant(RequestKey)
    /// z_r(t): load of a granted `tdtr` or `non-firm` request curtailed in timeslice t, MW.
    case requestCurtailment(RequestKey, timeslice: Int)
    /// q_r = 1 − g_r/R_r: the ungranted fraction of a request (allocation rules, request view).
    case grantShortfall(RequestKey)
    /// y⁻_n or y⁺_n: a flat firm offtake or infeed probed at a node for the capacity map, MW,
    /// one value for the whole year (``AllocationModel/addCapacityProbeFamily(dataset:)``).
    case capacityProbe(NodeID, CapacityProbeDirection)

    /// The timeslice of a per-timeslice column; `nil` for the rule columns and the grants, which
    /// link slices.
    public var timeslice: Int? {
        switch self {
        case .supply(_, let t), .flow(_, let t), .conversion(_, let t), .flex(_, let t), .unserved(_, let t), .requestCurtailment(_, let t):
            return t
        case .shortfall, .shareFloor, .grant, .grantShortfall, .capacityProbe: return nil
        }
    }
}

/// What an LP row of the allocation model stands for, by dataset ids and timeslice index t (the
/// row counterpart of ``ColumnKey``).
public enum RowKey: Hashable, Sendable {
    /// Nodal balance of a node in timeslice t, MW.
    case balance(NodeID, timeslice: Int)
    /// Demand cover u + Σz ≤ D of a pair in timeslice t, MW.
    case demandCover(ConsumerCarrier, timeslice: Int)
    /// Yearly flex budget Σ_t w_t·z ≤ max_mw·max_hours of a commitment (by its key), MWh.
    case flexBudget(key: String)
    /// Share definition Σ_t (w_t/E_i)·u[i,t] − q_i = 0 of a pair (allocation rules).
    case share(ConsumerCarrier)
    /// Fill row q_i + λ ≤ 1 of a pair (allocation rules), switched on and off by
    /// ``AllocationModel/setFillRows(active:floorLowerBound:)``.
    case fill(ConsumerCarrier)
    /// Kirchhoff's voltage law Σ_b C_{c,b}·x_b·f_b = 0 round the cycle closed by an AC link, in
    /// timeslice t (MW × p.u., scaled; see ``AllocationModel/addKirchhoffRows(_:timeslice:)``).
    case kirchhoff(closing: LinkID, timeslice: Int)
    /// Post-contingency limit −E_l ≤ f_l + LODF_{l,k}·f_k ≤ E_l of the monitored link l after the
    /// outage of link k, in timeslice t, MW.
    case contingency(monitored: LinkID, outage: LinkID, timeslice: Int)
    /// Curtailment cover z_r(t) − π_r(t)·g_r ≤ 0 of a `tdtr` or `non-firm` request, MW.
    case requestCurtailmentCover(RequestKey, timeslice: Int)
    /// Curtailment budget Σ_t w_t·z_r(t) − H_r·g_r ≤ 0 of a `tdtr` request, MWh.
    case curtailmentBudget(RequestKey)
    /// Group contract cap: the members' delivered firm load plus their requests' load ≤ C, MW.
    case groupContract(GroupContractID, timeslice: Int)
    /// Grant share definition g_r/R_r + q_r = 1 of a request (allocation rules, request view).
    case grantShare(RequestKey)
    /// Fill row q_r + λ ≤ 1 of a request (allocation rules, request view).
    case grantFill(RequestKey)

    /// The timeslice of a per-timeslice row; `nil` for coupling rows.
    public var timeslice: Int? {
        switch self {
        case .balance(_, let t), .demandCover(_, let t), .kirchhoff(_, let t), .contingency(_, _, let t),
            .requestCurtailmentCover(_, let t), .groupContract(_, let t):
            return t
        case .flexBudget, .share, .fill, .curtailmentBudget, .grantShare, .grantFill: return nil
        }
    }
}
