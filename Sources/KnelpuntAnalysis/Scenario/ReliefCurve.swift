// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntData
import KnelpuntLP
import KnelpuntModel

/// The relief curve of one asset in one year: unserved energy and CO2 at risk (and in the request
/// view each request's grant in MW, with unserved energy the firm load's) as its capacity grows in
/// steps, each step solved with the chosen allocation rule (warm-started from the previous step's
/// cost-stage basis).
///
/// ## What is skipped, and why it is exact
///
/// Once the reported allocation at some step leaves the asset **strictly below its capacity in
/// every timeslice** (|flow| < capacity − ``AnalysisTolerances/bindingMW``; for a supply, below
/// capacity × availability in every slice with availability > 0), every larger capacity gives the
/// same shares, unserved energy, CO2 at risk and cost, for every rule. Those steps are not solved
/// and are marked ``Point/Source/unchanged``. Proof: each rule's allocation is the
/// (class-by-class) leximin point of a convex set — the minimum-cost allocations for `cost`, all
/// feasible allocations for the others — and more capacity only relaxes the asset's bounds. The
/// reported point stays feasible and (the bound being slack) minimum-cost, so the minimum cost
/// does not fall and the set only grows away from that point; a leximin-better point of the
/// larger set would give, mixed in a little, a leximin-better point of the smaller set, because
/// mixing a share vector with a leximin-better one improves it. The leximin share vector of a
/// convex set is unique, so the shares stay; the final cost stage keeps its value for the same
/// reason. In the request view every stage is an LP over the same convex set (firm unserved
/// energy, then the rule's grant stages, then cost), each fixed before the next; the same mixing
/// argument shows that each stage's optimum is unchanged at every larger capacity, so the grants
/// (each the unique optimum of its sequential stage, or the unique leximin point of its class)
/// and the firm unserved energy stay.
///
/// Nothing is interpolated: the sensitivity range ``AssetOutcome/validUpToMW`` is reported with
/// each solved step but cannot certify a straight segment, because it is the range of *one*
/// timeslice's bound (the slice where the asset is worth most) while a capacity step moves the
/// bound in every slice at once — another slice may stop binding sooner, and the flex budget rows
/// couple the slices; its shadow value also prices displaced supply cost, not only unserved
/// energy, and the tie-breaking rules can move the shortfall between consumers inside the range.
public enum ReliefCurve {
    /// One step of the curve.
    public struct Point: Sendable, Hashable {
        public enum Source: String, Sendable, Hashable {
            /// The allocation was solved at this capacity.
            case solved
            /// Provably equal to the last solved step (the asset had slack there).
            case unchanged
        }

        public var addedMW: Double
        public var capacityMW: Double
        /// Σ_i U_i, MWh: all demand in the energy view, the firm load of demand.csv in the request view.
        public var unservedMWh: Double
        public var co2AtRiskKt: Double
        public var costEUR: Double
        /// The asset's shadow value and sensitivity range at this step (solved steps only).
        public var shadowValueEURPerMWYear: Double?
        public var validUpToMW: Double?
        public var isBottleneck: Bool
        public var source: Source
        /// What was allocated.
        public var allocation: AllocationView = .energy
        /// Request view: every active request's outcome at this step (empty in the energy view).
        public var requests: [RequestOutcome] = []

        /// Σ_r g_r over the active requests, MW (request view).
        public var grantedMW: Double { requests.reduce(0) { $0 + $1.grantedMW } }
        /// Σ_r R_r over the active requests, MW (request view).
        public var requestedMW: Double { requests.reduce(0) { $0 + $1.requestedMW } }
    }

    /// Why a relief curve cannot be computed.
    public enum Failure: Error, Sendable, CustomStringConvertible {
        case unknownAsset(id: String, year: Int, known: [String])
        case scenario(DatasetError)
        case analysis(AnalysisError)

        public var description: String {
            switch self {
            case .unknownAsset(let id, let year, let known):
                let sample = known.prefix(8).joined(separator: ", ")
                return "no link, supply or conversion `\(id)` in service in \(year) (e.g. \(sample)\(known.count > 8 ? ", …" : ""))"
            case .scenario(let error): return "\(error)"
            case .analysis(let error): return "\(error)"
            }
        }
    }

    /// Computes the curve for capacity + k·`stepMW`, k = 0 … ⌊`maxMW`/`stepMW`⌋, in `year`.
    /// `progress` is called after each step with the number of steps done.
    public static func compute(
        dataset: Dataset, asset: String, year: Int, stepMW: Double, maxMW: Double, solver: any LPSolver,
        options base: AllocationOptions, start: WarmStart? = nil, progress: (@Sendable (Int, Int) -> Void)? = nil
    ) throws(Failure) -> [Point] {
        precondition(stepMW > 0 && maxMW >= 0, "step must be positive and max not negative")
        var options = base
        options.workers = 1
        options.chainYears = false
        let steps = Int((maxMW / stepMW + 1e-9).rounded(.down))
        var points: [Point] = []
        var warm = start
        var flatFrom: Point?
        for k in 0...steps {
            let added = Double(k) * stepMW
            if var last = flatFrom {
                last.addedMW = added
                last.capacityMW = (points.first?.capacityMW ?? 0) + added
                last.shadowValueEURPerMWYear = nil
                last.validUpToMW = nil
                last.source = .unchanged
                points.append(last)
                progress?(k + 1, steps + 1)
                continue
            }
            var changed = dataset
            if k > 0 {
                let edit = CapacityChange(target: asset, fromYear: year, amount: .add(added))
                do {
                    changed = try Scenario(name: "relief \(asset) +\(added) MW", edits: [.capacity(edit)]).apply(to: dataset)
                } catch {
                    throw .scenario(error)
                }
            }
            let outcome: YearOutcome
            do {
                outcome = try AllocationRun(dataset: changed, solver: solver, options: options).solve(year: year, start: warm)
            } catch {
                throw .analysis(error)
            }
            guard let state = outcome.assets.first(where: { $0.id == asset }) else {
                throw .unknownAsset(id: asset, year: year, known: outcome.assets.map(\.id).sorted())
            }
            warm = outcome.costStageStart ?? warm
            let point = Point(
                addedMW: added, capacityMW: state.capacityMW, unservedMWh: outcome.pairs.reduce(0) { $0 + $1.unservedMWh },
                co2AtRiskKt: outcome.co2.reduce(0) { $0 + $1.atRiskKt }, costEUR: outcome.costEUR,
                shadowValueEURPerMWYear: state.shadowValueEURPerMWYear, validUpToMW: state.validUpToMW,
                isBottleneck: state.isBottleneck, source: .solved, allocation: outcome.allocation,
                requests: outcome.requests.sorted { ($0.requestDate, $0.key) < ($1.requestDate, $1.key) })
            points.append(point)
            if hasSlack(state, dataset: changed, tolerance: options.tolerances.bindingMW) { flatFrom = point }
            progress?(k + 1, steps + 1)
        }
        return points
    }

    /// True when the asset is strictly below its capacity bound in every slice whose bound a
    /// capacity change would move (availability > 0).
    static func hasSlack(_ asset: AssetOutcome, dataset: Dataset, tolerance: Double) -> Bool {
        let availability: [Double]
        switch asset.kind {
        case .supply: availability = dataset.profileValues(dataset.supplies[asset.index].profile)
        case .link, .conversion: availability = Array(repeating: 1, count: asset.flowMW.count)
        }
        for (t, flow) in asset.flowMW.enumerated() where availability[t] > 0 {
            if abs(flow) >= asset.capacityMW * availability[t] - tolerance { return false }
        }
        return true
    }
}
