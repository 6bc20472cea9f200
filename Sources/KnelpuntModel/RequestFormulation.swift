// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntData
import KnelpuntLP

// The families of the request view (``AllocationView/requests``): transport capacity granted in
// MW to connection requests, on top of the firm load of demand.csv. Request r (active from its
// year, R_r MW requested, load profile π_r, see ``YearView/Request``) gets one grant g_r for the
// year; its load in timeslice t is π_r(t)·g_r − z_r(t), where the product decides z_r:
//
//     firm        z_r(t) = 0
//     time-block  z_r(t) = 0, and π_r(t) = 0 outside the window (no transport there)
//     tdtr        0 ≤ z_r(t) ≤ π_r(t)·g_r  and  Σ_t w_t·z_r(t) ≤ H_r·g_r
//     non-firm    0 ≤ z_r(t) ≤ π_r(t)·g_r
//
// The tdtr budget is the LP form of "curtailed in at most H_r hours a year": it allows H_r
// full-load hours of curtailment per granted MW, spread over any hours (a partial curtailment
// counts pro rata), so it is a relaxation of an hour count that needs no integer variables.
// Curtailing a granted MW costs the consumer's VoLL (w_t·VoLL_r per MW and slice), so the last
// stage curtails only where the grid forces it.

extension AllocationModel {
    /// Grant of request r, g_r ∈ [0, R_r] MW, one value for the year (a column outside every
    /// timeslice), no cost. Request view only.
    mutating func addGrantColumns(_ c: FormulationContext) {
        for request in c.view.requests {
            let column = appendColumn(.grant(request.key), name: "g[\(request.key)]", lower: 0, upper: request.requestedMW, cost: 0)
            recordGrant(column: column)
        }
    }

    /// Curtailment of a granted `tdtr` or `non-firm` request, z_r(t) ≥ 0 MW (≤ π_r(t)·R_r as a
    /// bound; the cover row ties it to the grant), cost w_t·VoLL_r € per MW in the slice. No
    /// column where π_r(t) = 0.
    mutating func addRequestCurtailmentColumns(_ c: FormulationContext, timeslice t: Int) {
        for (r, request) in c.view.requests.enumerated() where request.isCurtailable {
            let load = request.loadPerMW[t]
            guard load > 0 else {
                recordRequestCurtailment(r, column: nil)
                continue
            }
            let column = appendColumn(
                .requestCurtailment(request.key, timeslice: t), name: "zr[\(request.key),\(t)]",
                lower: 0, upper: load * request.requestedMW, cost: c.weights[t] * request.vollEURPerMWh)
            recordRequestCurtailment(r, column: column)
        }
    }

    /// Curtailment cover of a curtailable request in slice t (MW): z_r(t) − π_r(t)·g_r ≤ 0, the
    /// grid curtails at most what was granted.
    mutating func addRequestCurtailmentCoverRows(_ c: FormulationContext, timeslice t: Int) {
        for (r, request) in c.view.requests.enumerated() where request.isCurtailable {
            guard let column = requestCurtailmentColumn[r]?[t] else {
                recordRequestCurtailmentCover(r, row: nil)
                continue
            }
            let row = appendRow(
                .requestCurtailmentCover(request.key, timeslice: t), name: "zcover[\(request.key),\(t)]",
                lower: -.infinity, upper: 0, terms: [(column, 1), (grantColumn[r], -request.loadPerMW[t])])
            recordRequestCurtailmentCover(r, row: row)
        }
    }

    /// Group contract cap in slice t (MW), for each contract in force with members at
    /// electricity nodes:
    ///
    ///     Σ_{r of members} ( π_r(t)·g_r − z_r(t) ) − Σ_{i of members} ( u[i,t] + Σ_{f of i} z[f,t] )
    ///       ≤ C − Σ_{i of members} D_i(t)
    ///
    /// i.e. the members' delivered firm load plus their requests' load stays within the shared
    /// capacity C. Electricity only: a group contract shares a transport agreement with TenneT.
    mutating func addGroupContractRows(_ c: FormulationContext, timeslice t: Int) {
        for (g, contract) in c.dataset.groupContracts.enumerated() where contract.isActive(in: c.view.year) {
            let members = c.network.groupContractMembers[g]
            var terms: [(column: Int, coefficient: Double)] = []
            var firmLoad = 0.0
            for (i, pair) in c.view.pairs.enumerated() where pair.key.carrier == .electricity && members.contains(pair.consumerIndex) {
                firmLoad += pair.demandMW[t]
                terms.append((unservedColumn[i][t], -1))
                for f in c.network.flexOfPair[i] {
                    if let column = flexColumn[f]?[t] { terms.append((column, -1)) }
                }
            }
            for (r, request) in c.view.requests.enumerated() where request.key.carrier == .electricity && members.contains(request.consumerIndex) {
                if request.loadPerMW[t] != 0 { terms.append((grantColumn[r], request.loadPerMW[t])) }
                if let column = requestCurtailmentColumn[r]?[t] { terms.append((column, -1)) }
            }
            guard !terms.isEmpty else { continue }
            let row = appendRow(
                .groupContract(contract.id, timeslice: t), name: "group[\(contract.id),\(t)]",
                lower: -.infinity, upper: contract.capacityMW - firmLoad, terms: terms)
            recordGroupContract(g, row: row)
        }
    }

    /// Curtailment budget of a `tdtr` request (MWh): Σ_t w_t·z_r(t) − H_r·g_r ≤ 0. Couples the
    /// timeslices.
    mutating func addCurtailmentBudgetRows(_ c: FormulationContext) {
        for (r, request) in c.view.requests.enumerated() where request.product == .tdtr {
            var terms: [(column: Int, coefficient: Double)] = []
            for (t, column) in (requestCurtailmentColumn[r] ?? []).enumerated() {
                if let column { terms.append((column, c.weights[t])) }
            }
            terms.append((grantColumn[r], -request.curtailHoursPerYear))
            let row = appendRow(.curtailmentBudget(request.key), name: "zbudget[\(request.key)]", lower: -.infinity, upper: 0, terms: terms)
            recordCurtailmentBudget(r, row: row)
        }
    }

    // MARK: - Stage operations of the request view

    /// Objective: minimise firm unserved energy Σ_i Σ_t w_t·u[i,t] (MWh), the first stage of
    /// every rule in the request view.
    public mutating func setFirmUnservedObjective() {
        setObjective(sense: .minimize)
        for columns in unservedColumn {
            for (t, column) in columns.enumerated() { setCost(column, weightsHours[t]) }
        }
    }

    /// Holds the firm load's unserved power where the first stages left it: u[i,t] ∈ [0, ū] with
    /// ū = 0 where the value is below `zeroMW`, else min(D_i(t), value × (1 + 1e-9) + slackMW)
    /// (the relative margin absorbs the round-off of the solution the values come from). Firm
    /// load may then be served more, never less, whatever the requests get.
    public mutating func holdFirmUnserved(atMostMW unservedMW: [[Double]], zeroMW: Double, slackMW: Double = 0) {
        for (i, columns) in unservedColumn.enumerated() {
            for (t, column) in columns.enumerated() {
                let value = unservedMW[i][t]
                let upper = value < zeroMW ? slackMW : value * (1 + 1e-9) + slackMW
                setColumnBounds(column, lower: 0, upper: min(view.pairs[i].demandMW[t], upper))
            }
        }
    }

    /// Unserved firm power u[i,t] per pair and slice in a solution, MW.
    public func unservedMW(_ result: SolveResult) -> [[Double]] {
        unservedColumn.map { $0.map { result.columnValues[$0] } }
    }

    /// The column and row bounds of the LP now, to undo a temporary restriction
    /// (``restoreBounds(_:)``).
    public func boundsSnapshot() -> [(lower: Double, upper: Double)] {
        lp.columns.map { ($0.lowerBound, $0.upperBound) } + lp.rows.map { ($0.lowerBound, $0.upperBound) }
    }

    /// Restores the bounds of ``boundsSnapshot()`` (rows added since keep theirs).
    public mutating func restoreBounds(_ snapshot: [(lower: Double, upper: Double)]) {
        for j in 0..<lp.columnCount { setColumnBounds(j, lower: snapshot[j].lower, upper: snapshot[j].upper) }
        for i in 0..<min(lp.rowCount, snapshot.count - lp.columnCount) {
            setRowBounds(i, lower: snapshot[lp.columnCount + i].lower, upper: snapshot[lp.columnCount + i].upper)
        }
    }

    /// Objective of the `cost` rule in the request view: minimise the cost objective minus the
    /// value of the delivered request energy, Σ_r VoLL_r·(E_r·g_r − Σ_t w_t·z_r(t)) (€ per year);
    /// z_r already costs w_t·VoLL_r in the cost objective, so g_r gets −VoLL_r·E_r.
    public mutating func setRequestValueObjective() {
        setCostObjective()
        for (r, request) in view.requests.enumerated() {
            setCost(grantColumn[r], -request.vollEURPerMWh * request.energyPerMWh)
        }
    }

    /// Fixes every grant at `grantsMW` (one value per request): the slices then decouple
    /// (``isDecomposable``). The first stage fixes them at 0 (a grant only adds load, so the least
    /// firm unserved energy is the same), the last at the grants the rule decided.
    public mutating func fixGrants(atMW grantsMW: [Double]) {
        for (r, column) in grantColumn.enumerated() { setColumnBounds(column, lower: grantsMW[r], upper: grantsMW[r]) }
    }

    /// Frees every grant again: g_r ∈ [0, R_r].
    public mutating func releaseGrants() {
        for (r, column) in grantColumn.enumerated() { setColumnBounds(column, lower: 0, upper: view.requests[r].requestedMW) }
    }

    /// Granted MW of every request in a solution.
    public func grantsMW(_ result: SolveResult) -> [Double] {
        grantColumn.map { result.columnValues[$0] }
    }

    /// Curtailed load of request r per slice in a solution, MW (all 0 when not curtailable).
    public func requestCurtailmentMW(_ r: Int, _ result: SolveResult) -> [Double] {
        guard let columns = requestCurtailmentColumn[r] else { return Array(repeating: 0, count: timesliceCount) }
        return columns.map { $0.map { result.columnValues[$0] } ?? 0 }
    }

    /// Number of rule members: the pairs in the energy view, the requests in the request view.
    public var ruleMemberCount: Int { view.allocation == .requests ? view.requests.count : view.pairs.count }

    /// Name of rule member j for stage names and messages.
    public func ruleMemberName(_ j: Int) -> String {
        view.allocation == .requests ? "request \(view.requests[j].key)" : "\(view.pairs[j].key)"
    }

    /// Adds the grant-share families of the request view (q_r, λ, share and fill rows), in the
    /// places ``shortfallColumn``, ``shareRow`` and ``fillRow`` hold for the pairs in the energy view.
    mutating func addGrantRuleFamilies() {
        for request in view.requests {
            shortfallColumn.append(appendColumn(.grantShortfall(request.key), name: "q[\(request.key)]", lower: 0, upper: 1, cost: 0))
        }
        addShareFloorColumn()
        // Share definition (dimensionless): g_r/R_r + q_r = 1.
        for (r, request) in view.requests.enumerated() {
            shareRow.append(
                appendRow(
                    .grantShare(request.key), name: "gshare[\(request.key)]", lower: 1, upper: 1,
                    terms: [(grantColumn[r], 1 / request.requestedMW), (shortfallColumn[r], 1)]))
        }
        // Fill row (dimensionless): q_r + λ ≤ 1, i.e. g_r/R_r ≥ λ; off until switched on.
        guard let floor = shareFloorColumn else { return }
        for (r, request) in view.requests.enumerated() {
            fillRow.append(
                appendRow(
                    .grantFill(request.key), name: "gfill[\(request.key)]", lower: -.infinity, upper: .infinity,
                    terms: [(shortfallColumn[r], 1), (floor, 1)]))
        }
    }

    /// Frees rule member i's share again: q_i ∈ [0, 1].
    public mutating func releaseShare(member i: Int) {
        setColumnBounds(shortfallColumn[i], lower: 0, upper: 1)
    }

    /// Loosens rule member i's share hold by `powerMW` of its load: q_i's upper bound rises by
    /// powerMW / R_r (request view) or powerMW · Σ_t w_t / E_i (energy view; E_i in MWh), at most
    /// to 1. Its lower bound is kept, so a refused or pinned share is loosened only upward in q_i.
    public mutating func loosenShareHold(member i: Int, byMW powerMW: Double) {
        let column = lp.columns[shortfallColumn[i]]
        let hours = weightsHours.reduce(0, +)
        let share = view.allocation == .requests ? powerMW / view.requests[i].requestedMW : powerMW * hours / view.pairs[i].annualDemandMWh
        guard share.isFinite, column.upperBound < 1 else { return }
        setColumnBounds(shortfallColumn[i], lower: column.lowerBound, upper: min(1, column.upperBound + share))
    }

    /// Fixes request r's grant at exactly 0 (an indivisible request whose largest grant is below
    /// its minimum): q_r = 1.
    public mutating func refuseGrant(request r: Int) {
        setColumnBounds(shortfallColumn[r], lower: 1, upper: 1)
    }
}
