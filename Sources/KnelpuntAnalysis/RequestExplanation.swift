// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntData
import KnelpuntLP
import KnelpuntModel

/// Why one connection request is short in one year (`knelpunt explain`), in company and project
/// terms.
///
/// ## The explanation LP
///
/// The rule fixed request r's grant while maximising it with everything ahead of it held. The
/// explanation LP rebuilds that stage: each firm pair's unserved power held where the rule's
/// stage 0 leaves it (least firm unserved energy, then least cost among those), every
/// request that the rule fixed in an earlier filling step held at ≥ its grant (a refused
/// indivisible one at 0), every other member of r's class held at ≥ min(its share, r's share)
/// (the common floor the rule held them at), and
///
///     maximise g_r  (minimise q_r = 1 − g_r/R_r)
///
/// Its optimum G is the most the grid allows r with the queue ahead held (G equals r's grant
/// unless the rule's own choice, e.g. `cost`'s value ranking, left r below what the grid allows).
/// The value of asset a is ∂G/∂cap_a = R_r · Σ_t a(t)·(marginal value of a's bound in slice t)
/// (MW of grant per MW of capacity; under N-1 a link's post-contingency rows count too), the
/// reading of ``BottleneckAnalysis``.
///
/// ## The extra MW for a full grant (exact, parametric)
///
/// G(Δ) is the optimum of the explanation LP with Δ MW more on the first blocking asset a and
/// each firm pair's unserved power held at most where the base's stage 0 left it (the firm load
/// is never served worse than now). Only right-hand sides move with Δ, so G is concave and
/// piecewise linear in Δ. Newton's method on it from Δ₀ = 0:
///
///     Δ_{k+1} = Δ_k + (R_r − G(Δ_k)) / G'(Δ_k)
///
/// with G' the value of a (any supergradient at a kink). The tangent lies above a concave curve,
/// so every Δ_k is at most the least Δ* with G(Δ*) = R_r, and each step passes at least one
/// linear piece: the iteration ends, exactly, on Δ* after at most as many solves as pieces
/// (capped at ``maximumSolves``). G' = 0 below R_r proves that no amount on a alone gives a full
/// grant (another capacity takes over). Each Δ_k is solved on the dataset with a's capacity
/// raised by Δ_k (the capacity edit of `relief`), so N-1 ratings follow. Finally the rule itself
/// is re-run at +Δ* (``FullGrant/ruleGrantMW``): its stage 0 serves more firm load first where
/// the firm load is short, and requests ahead that were short themselves may take part of the
/// new room, so the rule may grant less than R_r there.
public struct RequestExplanation: Sendable, Hashable {
    /// One capacity bound that limits the grant, by value.
    public struct AssetValue: Sendable, Hashable {
        public var asset: String
        public var kind: AssetKind
        /// Capacity in force that year, MW.
        public var capacityMW: Double
        /// ∂G/∂capacity, MW of grant per MW of capacity.
        public var grantMWPerMW: Double
        /// Under N-1, the outage under which the asset binds (`nil`: the intact grid).
        public var bindingContingency: String?
        /// Projects (projects.csv, not cancelled) that raise this asset's capacity after the year.
        public var reliefProjects: [ProjectRelief]
    }

    /// A project that raises an asset's capacity.
    public struct ProjectRelief: Sendable, Hashable {
        public var project: ProjectID
        public var name: String
        public var programme: String
        public var year: Int
        public var capacityMW: Double
        public var status: ProjectStatus
    }

    /// The least extra capacity on the first blocking asset for a full grant.
    public struct FullGrant: Sendable, Hashable {
        public var asset: String
        /// Δ*, MW; `nil` when no amount on this asset alone gives a full grant.
        public var extraMW: Double?
        /// G at the last step solved, MW.
        public var lastGrantMW: Double
        /// Explanation LPs solved (Newton steps, the base included).
        public var solves: Int
        /// True when Newton's method ended on Δ* or proved it absent; false when it stopped at
        /// ``maximumSolves`` or the capacity range (``NumericRanges/maxCapacityMW``).
        public var isExact: Bool
        /// The rule's grant with Δ* added (`nil` without Δ*), MW.
        public var ruleGrantMW: Double?
    }

    public var year: Int
    public var policy: String
    public var key: RequestKey
    public var consumer: ConsumerID
    public var consumerName: String
    public var product: RequestProduct
    public var tier: Int?
    public var fcfsRank: Int
    public var ruleStep: Int?
    public var requestedMW: Double
    /// The rule's grant, MW.
    public var grantedMW: Double
    /// G: the most the grid allows with the queue ahead held, MW.
    public var gridGrantMW: Double
    /// Requests held ahead of this one in the explanation LP.
    public var heldAhead: [RequestKey]
    /// Binding capacities by value, largest first.
    public var assets: [AssetValue]
    public var fullGrant: FullGrant?
    /// Firm unserved energy of the year, MWh (a security-of-supply violation when > 0).
    public var firmUnservedMWh: Double
    /// Under dataset.toml `adequacy = "apart"`, for an electricity request: the largest share
    /// of every electricity load shed for the national shortage that year and the hours with a
    /// shed (``NationalAdequacy``); nil otherwise. Not a transport limit: the grant is decided
    /// on the load net of it.
    public var nationalShed: NationalShed? = nil

    /// The national shed of a year as ``nationalShed`` reports it.
    public struct NationalShed: Sendable, Hashable {
        /// The largest α(t) of the year.
        public var largestShare: Double
        /// Σ w_t over the slices with α(t) > 0, hours.
        public var hours: Double
    }

    /// Newton steps at most (each one LP sequence).
    public static let maximumSolves = 40

    /// Why an explanation cannot be given.
    public enum Failure: Error, Sendable, CustomStringConvertible {
        case notActive(key: RequestKey, year: Int, fromYear: Int)
        case scenario(DatasetError)
        case analysis(AnalysisError)

        public var description: String {
            switch self {
            case .notActive(let key, let year, let fromYear):
                return "request \(key) is not active in \(year): it starts in \(fromYear); pick --year \(fromYear) or later"
            case .scenario(let error): return "\(error)"
            case .analysis(let error): return "\(error)"
            }
        }
    }

    /// Explains request `key` in `outcome`'s year (a request-view outcome of `options`' rule).
    public static func explain(
        dataset: Dataset, key: RequestKey, outcome: YearOutcome, solver: any LPSolver, options: AllocationOptions
    ) throws(Failure) -> RequestExplanation {
        let year = outcome.year
        guard let request = outcome.requests.first(where: { $0.key == key }) else {
            let start = dataset.transitions.first { $0.project == key.project && $0.carrier == key.carrier }?.year ?? year
            throw .notActive(key: key, year: year, fromYear: start)
        }
        let holds = Holds(outcome: outcome, target: request, policy: options.policy, dataset: dataset)
        let requested = request.requestedMW
        var explanation = RequestExplanation(
            year: year, policy: outcome.policy, key: key, consumer: request.consumer,
            consumerName: dataset.consumers.first { $0.id == request.consumer }?.name ?? request.consumer.rawValue,
            product: request.product, tier: request.tier, fcfsRank: request.fcfsRank, ruleStep: request.ruleStep,
            requestedMW: requested, grantedMW: request.grantedMW, gridGrantMW: request.grantedMW,
            heldAhead: holds.ahead.map(\.key).sorted(), assets: [], fullGrant: nil, firmUnservedMWh: outcome.pairs.reduce(0) { $0 + $1.unservedMWh })
        if key.carrier == .electricity, let adequacy = outcome.adequacy {
            let hours = adequacy.shedHours(weightsHours: dataset.timeslices.slices.map(\.weightHours))
            if hours > 0 { explanation.nationalShed = NationalShed(largestShare: adequacy.shedShare.max() ?? 0, hours: hours) }
        }
        // A full grant needs no LP: nothing limits it.
        guard request.grantedShare < fullShare else { return explanation }
        let base = try maximiseGrant(dataset: dataset, year: year, holds: holds, solver: solver, options: options)
        explanation.gridGrantMW = base.grantMW
        explanation.firmUnservedMWh = base.firmUnservedMWh
        explanation.assets = base.values.map { value in
            let id = dataset.id(of: value.asset)
            return AssetValue(
                asset: id, kind: value.asset.kind, capacityMW: base.capacityMW[value.asset] ?? 0,
                grantMWPerMW: value.valuePerMW * requested, bindingContingency: value.contingency,
                reliefProjects: reliefProjects(dataset: dataset, asset: id, after: year))
        }
        guard let first = explanation.assets.first?.asset ?? request.blockingAsset else { return explanation }
        explanation.fullGrant = try fullGrant(
            dataset: dataset, asset: first, target: request, holds: holds, base: base, solver: solver, options: options)
        return explanation
    }

    /// A grant counts as full from this share on (as requests.csv's `first_full_year`).
    static let fullShare = 1 - 1e-6

    static func reliefProjects(dataset: Dataset, asset: String, after year: Int) -> [ProjectRelief] {
        dataset.projects
            .filter { $0.target == asset && $0.status != .cancelled && $0.year > year && $0.capacityMW > 0 }
            .sorted { ($0.year, $0.id.rawValue) < ($1.year, $1.id.rawValue) }
            .map {
                ProjectRelief(project: $0.id, name: $0.name, programme: $0.programme, year: $0.year, capacityMW: $0.capacityMW, status: $0.status)
            }
    }

    /// Newton's method on G(Δ) (see the type's notes), then the rule at +Δ*.
    static func fullGrant(
        dataset: Dataset, asset: String, target: RequestOutcome, holds: Holds, base: GridGrant, solver: any LPSolver,
        options: AllocationOptions
    ) throws(Failure) -> FullGrant {
        let requested = target.requestedMW
        let slope = { (grant: GridGrant) in
            (grant.values.first { dataset.id(of: $0.asset) == asset }?.valuePerMW ?? 0) * requested
        }
        var extra = 0.0
        var current = base
        var solves = 1
        var exact = false
        var reached = current.grantMW >= requested * fullShare
        while !reached, solves < maximumSolves {
            let rise = slope(current)
            guard rise > 1e-9 else {
                exact = true
                break
            }
            let next = extra + (requested - current.grantMW) / rise
            guard next <= NumericRanges.maxCapacityMW, next > extra else { break }
            extra = next
            let changed = try raised(dataset, asset: asset, year: holds.year, by: extra)
            current = try maximiseGrant(
                dataset: changed, year: holds.year, holds: holds, firmUnserved: (base.firmUnservedMW, base.firmUnservedMWh), solver: solver,
                options: options)
            solves += 1
            reached = current.grantMW >= requested * fullShare
        }
        exact = exact || reached
        var ruleGrant: Double?
        if reached {
            var single = options
            single.workers = 1
            single.chainYears = false
            let changed = try raised(dataset, asset: asset, year: holds.year, by: extra)
            do {
                let outcome = try AllocationRun(dataset: changed, solver: solver, options: single).solve(year: holds.year)
                ruleGrant = outcome.requests.first { $0.key == target.key }?.grantedMW
            } catch {
                throw .analysis(error)
            }
        }
        return FullGrant(
            asset: asset, extraMW: reached ? extra : nil, lastGrantMW: current.grantMW, solves: solves, isExact: exact, ruleGrantMW: ruleGrant)
    }

    static func raised(_ dataset: Dataset, asset: String, year: Int, by extraMW: Double) throws(Failure) -> Dataset {
        guard extraMW > 0 else { return dataset }
        let edit = CapacityChange(target: asset, fromYear: year, amount: .add(extraMW))
        do {
            return try Scenario(name: "explain \(asset) +\(extraMW) MW", edits: [.capacity(edit)]).apply(to: dataset)
        } catch {
            throw .scenario(error)
        }
    }
}

extension RequestExplanation {
    /// The grants held in the explanation LP.
    struct Holds {
        struct Hold {
            var key: RequestKey
            var share: Double
            var refused: Bool
        }

        var year: Int
        var target: RequestKey
        /// Fixed by the rule in an earlier filling step: held at ≥ their share.
        var ahead: [Hold]
        /// Other members of the target's class fixed in its step or later: ≥ min(share, target's).
        var classmates: [Hold]

        init(outcome: YearOutcome, target: RequestOutcome, policy: AllocationPolicy, dataset: Dataset) {
            year = outcome.year
            self.target = target.key
            let step = target.ruleStep ?? 0
            let hold = { (other: RequestOutcome, share: Double) in
                Hold(
                    key: other.key, share: share,
                    refused: other.grantedMW <= 0
                        && dataset.transitions.contains { $0.project == other.key.project && $0.carrier == other.key.carrier && $0.minMW != nil })
            }
            ahead = outcome.requests.filter { $0.key != target.key && ($0.ruleStep ?? 0) < step }.map { hold($0, $0.grantedShare) }
            let view = dataset.view(year: outcome.year, allocation: .requests)
            let classes = policy.requestClasses(view: view).map { Set($0.map { view.requests[$0].key }) }
            let mates = classes.first { $0.contains(target.key) } ?? []
            classmates = outcome.requests.filter { $0.key != target.key && mates.contains($0.key) && ($0.ruleStep ?? 0) >= step }
                .map { hold($0, min($0.grantedShare, target.grantedShare)) }
        }
    }

    /// The explanation LP's optimum and the capacity values there.
    struct GridGrant {
        var grantMW: Double
        var firmUnservedMWh: Double
        /// u[i,t] held: firm unserved power per pair and slice, MW.
        var firmUnservedMW: [[Double]]
        var values: [(asset: AssetReference, valuePerMW: Double, contingency: String?)]
        /// Capacity in force of each valued asset, MW.
        var capacityMW: [AssetReference: Double]
    }

    /// Solves the explanation LP (see the type's notes) on `dataset` in `year`; the firm pairs'
    /// unserved power held at most at `firmUnserved` (MW per pair and slice, with its energy),
    /// else where stage 0 leaves it (solved here as the rule solves it).
    static func maximiseGrant(
        dataset: Dataset, year: Int, holds: Holds, firmUnserved: (mw: [[Double]], mwh: Double)? = nil, solver: any LPSolver,
        options: AllocationOptions
    ) throws(Failure) -> GridGrant {
        let model = AllocationModel.build(dataset: dataset, year: year, allocation: .requests)
        let index = Dictionary(model.view.requests.enumerated().map { ($1.key, $0) }, uniquingKeysWith: { first, _ in first })
        guard let target = index[holds.target] else { throw .notActive(key: holds.target, year: year, fromYear: year) }
        var engine = AllocationPolicy.engine(model: model, dataset: dataset, solver: solver, options: options, start: nil)
        do {
            engine.model.setFillRows(active: [], floorLowerBound: 0)
            var (firmUnservedMW, firmUnservedMWh) = firmUnserved ?? ([], 0)
            if firmUnserved == nil {
                // Stage 0 as the rule solves it.
                let firm = try engine.serveFirmLoadFirst(options: options, stage: "explain: firm load")
                firmUnservedMWh = firm.unservedMWh
                firmUnservedMW = firm.unservedMW
            }
            engine.model.holdFirmUnserved(atMostMW: firmUnservedMW, zeroMW: options.tolerances.powerMW)
            for hold in holds.ahead + holds.classmates {
                guard let r = index[hold.key] else { continue }
                if hold.refused {
                    engine.model.refuseGrant(request: r)
                } else {
                    engine.model.fixShare(pair: r, share: hold.share, tolerance: options.fairness.share)
                }
            }
            engine.model.setShortfallObjective(pair: target)
            let result = try engine.run("explain: maximise the grant of \(holds.target)", decompose: false)
            let grant = min(model.view.requests[target].requestedMW, max(0, engine.model.grantsMW(result)[target]))
            let values = BottleneckAnalysis.capacityValues(dataset: dataset, model: engine.model, result: result)
            return GridGrant(
                grantMW: grant, firmUnservedMWh: firmUnservedMWh, firmUnservedMW: firmUnservedMW, values: values,
                capacityMW: Dictionary(values.map { ($0.asset, model.view.capacityMW(of: $0.asset)) }, uniquingKeysWith: { first, _ in first }))
        } catch {
            throw .analysis(error)
        }
    }
}
