// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntData
import KnelpuntLP
import KnelpuntModel

extension YearOutcome {
    /// Reads a solved allocation model back into domain numbers. `result` must be optimal with
    /// feasible duals (``SolveResult/isSolvedAndFeasible(requireDual:)``).
    static func extract(
        dataset: Dataset, model: AllocationModel, result: SolveResult, policy: String, minCostEUR: Double,
        summary: SolveSummary, tolerances: AnalysisTolerances
    ) -> YearOutcome {
        let x = result.columnValues
        let weights = model.weightsHours
        let slices = weights.indices
        let view = model.view

        let supplyMW = model.supplyColumn.map { $0.map { $0.map { x[$0] } } }
        let conversionMW = model.conversionColumn.map { $0.map { $0.map { x[$0] } } }
        let linkFlowMW = model.flowColumn.map { $0.map { $0.map { x[$0] } } }
        let flexMW: [[Double]?] = model.flexColumn.map { $0.map { $0.map { column in column.map { x[$0] } ?? 0 } } }
        let unservedMW = model.unservedColumn.map { $0.map { x[$0] } }

        // Pairs.
        let network = model.network
        var pairs: [PairOutcome] = []
        for (i, pair) in view.pairs.enumerated() {
            var flexEnergy = 0.0
            var unserved = 0.0
            var peakUnserved = 0.0
            for t in slices {
                let curtailed = network.flexOfPair[i].reduce(0) { $0 + (flexMW[$1]?[t] ?? 0) }
                flexEnergy += weights[t] * curtailed
                unserved += weights[t] * unservedMW[i][t]
                peakUnserved = max(peakUnserved, unservedMW[i][t])
            }
            pairs.append(
                PairOutcome(
                    key: pair.key, group: dataset.consumers[pair.consumerIndex].group, demandMWh: pair.annualDemandMWh,
                    servedMWh: pair.annualDemandMWh - flexEnergy - unserved, flexMWh: flexEnergy, unservedMWh: unserved,
                    peakDemandMW: pair.demandMW.max() ?? 0, peakUnservedMW: peakUnserved, unservedMW: unservedMW[i]))
        }

        // Nodes.
        var nodes: [NodeOutcome] = []
        let totalHours = weights.reduce(0, +)
        for (n, node) in dataset.nodes.enumerated() {
            let prices = slices.map { t in weights[t] > 0 ? result.rowDuals[model.balanceRow[n][t]] / weights[t] : 0 }
            var weighted = 0.0
            for t in slices { weighted += weights[t] * prices[t] }
            var unserved = 0.0
            for i in network.pairsAtNode[n] {
                for t in slices { unserved += weights[t] * unservedMW[i][t] }
            }
            nodes.append(
                NodeOutcome(
                    node: node.id, meanPriceEURPerMWh: totalHours > 0 ? weighted / totalHours : 0,
                    maxPriceEURPerMWh: prices.max() ?? 0, unservedMWh: unserved, priceEURPerMWh: prices))
        }

        // Flex.
        var flex: [FlexOutcome] = []
        for (f, commitment) in dataset.flex.enumerated() {
            guard let curtailed = flexMW[f] else { continue }
            var used = 0.0
            var hours = 0.0
            var within = true
            for t in slices {
                used += weights[t] * curtailed[t]
                if curtailed[t] > tolerances.powerMW { hours += weights[t] }
                if curtailed[t] > commitment.maxMW + tolerances.verifierAbsolute || curtailed[t] < -tolerances.verifierAbsolute { within = false }
                if let window = commitment.window, curtailed[t] > tolerances.powerMW {
                    if !(dataset.timeslices.slices[t].hour.map { window.contains(hour: $0) } ?? false) { within = false }
                }
            }
            let budget = commitment.maxHoursPerYear.map { commitment.maxMW * $0 }
            if let budget, used > budget + tolerances.verifierAbsolute + tolerances.verifierRelative * budget { within = false }
            flex.append(
                FlexOutcome(
                    flexIndex: f, consumer: commitment.consumer, carrier: commitment.carrier, product: commitment.product,
                    usedMWh: used, budgetMWh: budget, usedHoursEquivalent: commitment.maxMW > 0 ? used / commitment.maxMW : 0,
                    hours: hours, withinContract: within, curtailedMW: curtailed))
        }

        // CO2 at risk of the transition projects in force.
        var co2: [CO2Outcome] = []
        for transition in dataset.transitions where transition.year <= view.year {
            let key = ConsumerCarrier(consumer: transition.consumer, carrier: transition.carrier)
            guard let i = network.pairIndex[key] else { continue }
            let fraction = pairs[i].demandMWh > 0 ? pairs[i].unservedMWh / pairs[i].demandMWh : 0
            co2.append(
                CO2Outcome(
                    consumer: transition.consumer, project: transition.project, carrier: transition.carrier,
                    plannedKt: transition.co2AvoidedKtPerYear, atRiskKt: transition.co2AvoidedKtPerYear * fraction))
        }
        co2.sort { ($0.consumer, $0.project.rawValue, $0.carrier) < ($1.consumer, $1.project.rawValue, $1.carrier) }

        // Cost of the reported allocation, recomputed from the values.
        var cost = 0.0
        for t in slices {
            for (s, supply) in dataset.supplies.enumerated() { cost += weights[t] * supply.costEURPerMWh * (supplyMW[s]?[t] ?? 0) }
            for (i, pair) in view.pairs.enumerated() { cost += weights[t] * pair.vollEURPerMWh * unservedMW[i][t] }
            for (f, commitment) in dataset.flex.enumerated() { cost += weights[t] * commitment.costEURPerMWh * (flexMW[f]?[t] ?? 0) }
        }

        let assets = BottleneckAnalysis(
            dataset: dataset, model: model, result: result, unservedMW: unservedMW,
            tolerances: tolerances
        ).assets()

        return YearOutcome(
            year: view.year, policy: policy, solve: summary, minCostEUR: minCostEUR, costEUR: cost, pairs: pairs,
            assets: assets, nodes: nodes, flex: flex, co2: co2, supplyMW: supplyMW, conversionMW: conversionMW,
            linkFlowMW: linkFlowMW, pairRuleSteps: Array(repeating: nil, count: pairs.count),
            pairBlockingAssets: Array(repeating: nil, count: pairs.count), costStageStart: nil)
    }
}
