// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntData
import KnelpuntLP

/// What the family functions read while building one year's model (no dictionary iteration
/// reaches the LP: every loop runs over dataset arrays in file order).
struct FormulationContext {
    let dataset: Dataset
    let view: YearView
    let network: NetworkIndex
    let weights: [Double]

    /// True when flex commitment f may curtail in timeslice t (inside its hour window).
    func flexAllowed(_ f: Int, timeslice t: Int) -> Bool {
        guard let window = dataset.flex[f].window else { return true }
        guard let hour = dataset.timeslices.slices[t].hour else { return false }
        return window.contains(hour: hour)
    }
}

extension AllocationModel {
    /// Supply used, g[s,t] ∈ [0, cap_s·a_s(t)] MW, cost w_t·cost_s €/MW per slice.
    /// Supplies that do not exist in the year get no columns.
    mutating func addSupplyColumns(_ c: FormulationContext, timeslice t: Int) {
        for (s, supply) in c.dataset.supplies.enumerated() where c.view.supplyExists[s] {
            let available = max(0, c.view.supplyCapacityMW[s] * c.network.supplyAvailability[s][t])
            let column = appendColumn(
                .supply(supply.id, timeslice: t), name: "g[\(supply.id),\(t)]",
                lower: 0, upper: available, cost: c.weights[t] * supply.costEURPerMWh)
            recordSupply(s, column: column)
        }
    }

    /// Flow on a link, x[l,t] ∈ [−cap_l, cap_l] MW, positive from → to, no cost.
    mutating func addFlowColumns(_ c: FormulationContext, timeslice t: Int) {
        for (l, link) in c.dataset.links.enumerated() where c.view.linkExists[l] {
            let capacity = max(0, c.view.linkCapacityMW[l])
            let column = appendColumn(
                .flow(link.id, timeslice: t), name: "x[\(link.id),\(t)]",
                lower: -capacity, upper: capacity, cost: 0)
            recordFlow(l, column: column)
        }
    }

    /// Electricity into a conversion, p[v,t] ∈ [0, cap_v] MW; it delivers eff_v·p[v,t] MW of
    /// hydrogen at its `to` node.
    mutating func addConversionColumns(_ c: FormulationContext, timeslice t: Int) {
        for (v, conversion) in c.dataset.conversions.enumerated() where c.view.conversionExists[v] {
            let column = appendColumn(
                .conversion(conversion.id, timeslice: t), name: "p[\(conversion.id),\(t)]",
                lower: 0, upper: max(0, c.view.conversionCapacityMW[v]), cost: 0)
            recordConversion(v, column: column)
        }
    }

    /// Agreed flexible curtailment, z[f,t] ∈ [0, max_mw_f] MW inside the commitment's hour
    /// window (fixed to 0 outside it: no column), cost w_t·cost_f €/MW per slice.
    mutating func addFlexColumns(_ c: FormulationContext, timeslice t: Int) {
        for f in c.view.flexIndices where c.network.flexPair[f] != nil {
            guard c.flexAllowed(f, timeslice: t) else {
                recordFlex(f, column: nil)
                continue
            }
            let commitment = c.dataset.flex[f]
            let column = appendColumn(
                .flex(key: commitment.key, timeslice: t), name: "z[\(commitment.key),\(t)]",
                lower: 0, upper: commitment.maxMW, cost: c.weights[t] * commitment.costEURPerMWh)
            recordFlex(f, column: column)
        }
    }

    /// Involuntary unserved demand, u[i,t] ∈ [0, D_i(t)] MW, cost w_t·VoLL_i €/MW per slice.
    mutating func addUnservedColumns(_ c: FormulationContext, timeslice t: Int) {
        for (i, pair) in c.view.pairs.enumerated() {
            let column = appendColumn(
                .unserved(pair.key, timeslice: t), name: "u[\(pair.key),\(t)]",
                lower: 0, upper: pair.demandMW[t], cost: c.weights[t] * pair.vollEURPerMWh)
            recordUnserved(i, column: column)
        }
    }

    /// Nodal balance of node n in slice t (MW):
    ///
    ///     Σ_{s at n} g + Σ_{l into n} x − Σ_{l out of n} x + Σ_{v to n} eff_v·p − Σ_{v from n} p
    ///       + Σ_{i at n} ( u[i,t] + Σ_{f of i} z[f,t] ) − Σ_{r at n} ( π_r(t)·g_r − z_r(t) )
    ///       =  Σ_{i at n} D_i(t)
    ///
    /// The last sum is the load of the granted requests (request view; see
    /// ``addGrantColumns(_:)``).
    /// Its dual (€ per MW in the slice) divided by w_t is the nodal price in €/MWh.
    mutating func addNodalBalanceRows(_ c: FormulationContext, timeslice t: Int) {
        var terms = [[(column: Int, coefficient: Double)]](repeating: [], count: c.dataset.nodes.count)
        for s in c.dataset.supplies.indices {
            if let columns = supplyColumn[s], let n = c.network.supplyNode[s] { terms[n].append((columns[t], 1)) }
        }
        for l in c.dataset.links.indices {
            guard let columns = flowColumn[l], let ends = c.network.linkEnds[l] else { continue }
            guard ends.from != ends.to else { continue } // a self-loop moves nothing
            terms[ends.to].append((columns[t], 1))
            terms[ends.from].append((columns[t], -1))
        }
        for (v, conversion) in c.dataset.conversions.enumerated() {
            guard let columns = conversionColumn[v], let ends = c.network.conversionEnds[v] else { continue }
            terms[ends.to].append((columns[t], conversion.efficiency))
            terms[ends.from].append((columns[t], -1))
        }
        var demand = [Double](repeating: 0, count: c.dataset.nodes.count)
        for (n, pairs) in c.network.pairsAtNode.enumerated() {
            for i in pairs {
                demand[n] += c.view.pairs[i].demandMW[t]
                terms[n].append((unservedColumn[i][t], 1))
                for f in c.network.flexOfPair[i] {
                    if let column = flexColumn[f]?[t] { terms[n].append((column, 1)) }
                }
            }
        }
        for (n, requests) in c.network.requestsAtNode.enumerated() {
            for r in requests {
                let load = c.view.requests[r].loadPerMW[t]
                if load != 0 { terms[n].append((grantColumn[r], -load)) }
                if let column = requestCurtailmentColumn[r]?[t] { terms[n].append((column, 1)) }
            }
        }
        for (n, node) in c.dataset.nodes.enumerated() {
            let row = appendRow(
                .balance(node.id, timeslice: t), name: "balance[\(node.id),\(t)]",
                lower: demand[n], upper: demand[n], terms: terms[n])
            recordBalance(n, row: row)
        }
    }

    /// Demand cover of pair i in slice t (MW): u[i,t] + Σ_{f of i} z[f,t] ≤ D_i(t).
    /// Only pairs with flex in force need the row; for the others u ≤ D is a column bound.
    mutating func addDemandCoverRows(_ c: FormulationContext, timeslice t: Int) {
        for (i, pair) in c.view.pairs.enumerated() where !c.network.flexOfPair[i].isEmpty {
            var terms: [(column: Int, coefficient: Double)] = [(unservedColumn[i][t], 1)]
            for f in c.network.flexOfPair[i] {
                if let column = flexColumn[f]?[t] { terms.append((column, 1)) }
            }
            let row = appendRow(
                .demandCover(pair.key, timeslice: t), name: "cover[\(pair.key),\(t)]",
                lower: -.infinity, upper: pair.demandMW[t], terms: terms)
            recordDemandCover(i, row: row)
        }
    }

    /// Yearly flex budget of commitment f (MWh): Σ_t w_t·z[f,t] ≤ max_mw_f · max_hours_f.
    /// Commitments without max_hours have no budget row. These are the only rows that couple
    /// timeslices.
    mutating func addFlexBudgetRows(_ c: FormulationContext) {
        for f in c.view.flexIndices where c.network.flexPair[f] != nil {
            let commitment = c.dataset.flex[f]
            guard let hours = commitment.maxHoursPerYear, let columns = flexColumn[f] else { continue }
            var terms: [(column: Int, coefficient: Double)] = []
            for (t, column) in columns.enumerated() {
                if let column { terms.append((column, c.weights[t])) }
            }
            let row = appendRow(
                .flexBudget(key: commitment.key), name: "budget[\(commitment.key)]",
                lower: -.infinity, upper: commitment.maxMW * hours, terms: terms)
            recordFlexBudget(f, row: row)
        }
    }
}
