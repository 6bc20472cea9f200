// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntData
import KnelpuntLP
import KnelpuntModel

/// Tolerances of the analysis, recorded in every run manifest.
public struct AnalysisTolerances: Sendable, Hashable {
    /// A flow within this many MW of its capacity is "at capacity".
    public var bindingMW: Double = 1e-6
    /// Unserved or flex power below this many MW counts as zero.
    public var powerMW: Double = 1e-6
    /// An asset is a bottleneck when its shadow value exceeds this (€ per MW per year).
    public var shadowValueEURPerMWYear: Double = 1e-3
    /// The verifier's absolute tolerance on balances and bounds (MW, or MWh for budgets).
    public var verifierAbsolute: Double = 1e-5
    /// The verifier's relative tolerance (times the magnitude of the quantity).
    public var verifierRelative: Double = 1e-8
    /// The verifier's absolute tolerance on the Kirchhoff residual |f − PTDF·p| (MW; plus
    /// ``verifierRelative`` × the largest AC flow).
    public var kirchhoffResidualMW: Double = 1e-6
    /// Tolerances of the optimality certificate of every stage LP (``OptimalityCertificate``).
    public var certificate = FeasibilityTolerance()
    public init() {}
}

/// What happened to one consumer-carrier pair in one year.
public struct PairOutcome: Sendable, Hashable {
    public var key: ConsumerCarrier
    public var group: ConsumerGroup
    /// E_i = Σ_t w_t·D_i(t).
    public var demandMWh: Double
    /// Demand minus agreed flex minus involuntary unserved.
    public var servedMWh: Double
    /// Agreed curtailment under flex commitments, Σ_t w_t·Σ_f z[f,t].
    public var flexMWh: Double
    /// U_i = Σ_t w_t·u[i,t].
    public var unservedMWh: Double
    public var peakDemandMW: Double
    public var peakUnservedMW: Double
    /// r_i = 1 − U_i/E_i (flex does not lower it: it is agreed).
    public var servedShare: Double { 1 - unservedMWh / demandMWh }
    /// u[i,t] per slice, MW.
    public var unservedMW: [Double]
}

/// Capacity use and value of one link, conversion or supply in one year.
public struct AssetOutcome: Sendable, Hashable {
    public var kind: AssetKind
    public var id: String
    /// Index into the dataset's array of that kind.
    public var index: Int
    public var capacityMW: Double
    /// max_t |flow| (links), max_t p (conversions), max_t g (supplies), MW.
    public var peakFlowMW: Double
    /// peak / capacity; `nil` when the capacity is 0.
    public var utilisation: Double?
    /// Σ w_t over slices where the asset is at capacity (capacity > 0), hours.
    public var congestedHours: Double
    /// What one more MW of capacity for the whole year is worth, € per MW per year:
    /// Σ_t marginal value of the capacity bound in slice t (both sides for a link; ×
    /// availability for supplies); see docs/model.md, "Reading the results".
    public var shadowValueEURPerMWYear: Double
    /// How far the capacity can grow (MW) before that value changes, from the sensitivity range
    /// of the slice where the asset's value is largest; `nil` when it has no value or no range.
    public var validUpToMW: Double?
    public var isBottleneck: Bool
    /// Consumers with unserved demand on the short side in the slices where it binds.
    public var affectedConsumers: [ConsumerID]
    /// Flow per slice (MW; links signed from → to).
    public var flowMW: [Double]
    /// Whether the asset is part of this year's network (``YearView/isInService(_:)`` for a link;
    /// always true for conversions and supplies). An asset not in service is never a bottleneck.
    public var isInService: Bool = true
    /// Under N-1, the link whose outage makes this link a bottleneck: the outage whose
    /// post-contingency rows on it carry more value than its own capacity bounds (the most valuable
    /// such outage); `nil` when the intact grid binds or the asset is no bottleneck.
    public var bindingContingency: String? = nil
}

/// Prices and shortfall at one node in one year.
public struct NodeOutcome: Sendable, Hashable {
    public var node: NodeID
    /// Σ_t w_t·price_t / Σ_t w_t, where price_t = dual of the balance / w_t (€/MWh).
    public var meanPriceEURPerMWh: Double
    public var maxPriceEURPerMWh: Double
    public var unservedMWh: Double
    public var priceEURPerMWh: [Double]
}

/// Use of one flex commitment in one year.
public struct FlexOutcome: Sendable, Hashable {
    public var flexIndex: Int
    public var consumer: ConsumerID
    public var carrier: Carrier
    public var product: FlexProduct
    public var usedMWh: Double
    /// max_mw × max_hours; `nil` when unlimited.
    public var budgetMWh: Double?
    /// used / max_mw, hours.
    public var usedHoursEquivalent: Double
    /// Σ w_t over slices with curtailment > 0, hours.
    public var hours: Double
    /// Checked independently of the LP: z ≤ max_mw, zero outside the window, used ≤ budget.
    public var withinContract: Bool
    /// z[f,t] per slice, MW.
    public var curtailedMW: [Double]
}

/// CO2 of one transition project at risk in one year.
public struct CO2Outcome: Sendable, Hashable {
    public var consumer: ConsumerID
    public var project: TransitionID
    public var carrier: Carrier
    public var plannedKt: Double
    /// Energy view: planned × unserved fraction (U/E) of the consumer-carrier pair. Request view:
    /// the request's ``RequestOutcome/co2AtRiskKt``.
    public var atRiskKt: Double
}

/// Solver facts of one year's final solve.
public struct SolveSummary: Sendable, Hashable {
    public var termination: TerminationStatus
    public var rawStatus: String
    public var solveSeconds: Double
    public var iterations: Int
    public var lpSolves: Int
    public var rows: Int
    public var columns: Int
    /// Wall time of the cost stage alone (the LP glpsol or HiGHS would solve), seconds.
    public var costStageSeconds: Double = 0
    /// How the cost stage was solved: "monolithic", "decomposed (R rounds, B blocks)" or
    /// "monolithic after decomposition fell back: reason".
    public var costStageMethod: String = "monolithic"
    /// LP solves of this year answered by the decomposition (cost stage and later stages).
    public var decomposedLPSolves = 0
    /// Why the last stage that tried the decomposition fell back to the monolithic LP, if any did.
    public var decompositionFallback: String? = nil
    /// The slack, MW, by which the rule's holds (held shares, the firm hold) were loosened once
    /// because a stage was infeasible at the simplex's tolerance; `nil`: never.
    public var holdsLoosenedMW: Double? = nil
    /// Kirchhoff and N-1 facts of the year; `nil` when the year has no AC branch and no N-1.
    public var security: SecuritySummary? = nil
    /// LP solves and solver seconds of the capacity map (included in ``lpSolves`` and
    /// ``solveSeconds``; 0 without one).
    public var capacityMapLPSolves = 0
    public var capacityMapSeconds = 0.0
    /// The mixed-integer stages of the year (indivisible requests decided together), in order;
    /// their solves count in ``lpSolves`` and ``solveSeconds``. Empty without one.
    public var mipStages: [MIPStageRecord] = []
    /// Capacity-map probes (two per node) whose value the timeslice bound certified, and probes
    /// solved as one LP of the whole year (the slices could not certify them, or
    /// ``CapacityMapMethod/monolithic``).
    public var capacityMapProbesCertified = 0
    public var capacityMapProbesMonolithic = 0
    /// Probes proven with an earlier probe's duals and a feasible point found by timeslice.
    public var capacityMapProbesSharedDual = 0
    /// Probes solved as one LP of the whole year by timeslice, the probe split into one copy per
    /// slice (counted apart from ``capacityMapProbesMonolithic``).
    public var capacityMapProbesDecomposed = 0
}

/// Everything Knelpunt reports for one planning year.
public struct YearOutcome: Sendable {
    public var year: Int
    public var policy: String
    public var solve: SolveSummary
    /// Optimum of the cost stage (€ per year).
    public var minCostEUR: Double
    /// Cost of the reported allocation (€ per year); equals ``minCostEUR`` under the cost rule.
    public var costEUR: Double
    public var pairs: [PairOutcome]
    public var assets: [AssetOutcome]
    public var nodes: [NodeOutcome]
    public var flex: [FlexOutcome]
    public var co2: [CO2Outcome]
    /// Supply used per supply (dataset index) and slice, MW (`nil` if absent this year).
    public var supplyMW: [[Double]?]
    /// Electricity into each conversion per slice, MW (`nil` if absent this year).
    public var conversionMW: [[Double]?]
    /// Flow per link and slice, MW (`nil` if absent this year).
    public var linkFlowMW: [[Double]?]
    /// Policy-specific per-pair details (stage and blocking asset), parallel to ``pairs``.
    public var pairRuleSteps: [Int?]
    public var pairBlockingAssets: [String?]
    /// The cost stage's final basis with its keys: starts another year's, scenario's or sweep
    /// member's cost stage (``AllocationOptions/startingPoints``).
    public var costStageStart: WarmStart?
    /// Whether this year's cost stage started from a warm start.
    public var costStageWarmStarted = false
    /// Request view: the basis of the last stage (minimum cost with every grant held) with its
    /// keys, when the solve produced one. Each rule-order check LP of the verifier starts from
    /// it (``RuleOrderCheck``): every check asks whether one grant can rise from where this
    /// allocation has it.
    public var finalStageStart: WarmStart?
    /// Request view: for each request a rule stage found blocked, the basis of the LP that proved
    /// it (its share cannot rise), with its keys. The verifier's rule-order check for that
    /// request asks the same question of its own LP and starts from it (else from
    /// ``finalStageStart``).
    public var blockedStageStarts: [RequestKey: WarmStart] = [:]
    /// The connection requests active this year and their grants (request view; empty in the
    /// energy view).
    public var requests: [RequestOutcome] = []
    /// The capacity map per node (request view with ``AllocationOptions/capacityMap``; empty otherwise).
    public var capacityMap: [NodeCapacity] = []
    /// What was allocated this year (``AllocationView``).
    public var allocation: AllocationView = .energy
    /// The national shed the year's model was built with (request view under
    /// `adequacy = "apart"`; nil otherwise).
    public var adequacy: NationalAdequacy?
    /// The post-contingency pairs the lazy N-1 loop added by the last stage (request view): the
    /// rule-order check LPs start with them (the loop still checks every outage).
    public var contingencyPairs: [ContingencyPair] = []
    /// The firm hold of the rule (request view): each firm pair's unserved power per slice, MW,
    /// as stage 0 left it and every later stage held it (≤, + 1e-9 relative); the rule-order
    /// check holds the same.
    public var firmHoldMW: [ConsumerCarrier: [Double]] = [:]
}

/// Why a solve could not give an allocation. Every case names the year and the stage that was
/// running; none is a data error (validated data always has an optimum: unserved demand
/// absorbs any shortfall and every column is bounded).
public enum AnalysisError: Error, CustomStringConvertible, Sendable {
    /// The solver reported the LP infeasible or unbounded, or hit numerical trouble (singular or
    /// ill-conditioned basis, solver failure): the formulation rules the first two out for
    /// validated data, so all three are numerical trouble inside the solver.
    case numericalTrouble(year: Int, stage: String, status: TerminationStatus, detail: String)
    /// A time or iteration limit (``SolveOptions/timeLimitSeconds``, ``SolveOptions/iterationLimit``) stopped the solve.
    case limitReached(year: Int, stage: String, status: TerminationStatus, detail: String)
    /// The solver stopped without a usable optimum for another reason.
    case notSolved(year: Int, stage: String, status: TerminationStatus, detail: String)
    /// The solver call failed.
    case solver(year: Int, stage: String, error: SolverError)
    /// The independent verifier found violations (an internal error).
    case verificationFailed(year: Int, violations: [String])
    /// A stage LP's reported optimum failed the ``OptimalityCertificate`` (an internal error):
    /// `worst` holds the worst violations, worst first.
    case certificateFailed(year: Int, stage: String, violationCount: Int, worst: [String])

    /// Whether the solver called the stage LP infeasible (or infeasible or unbounded): for
    /// validated data only at its tolerances, which the stages' own remedies address (loosened
    /// holds, a cold retry) or, for a trial LP, an answer ("this cannot be done").
    public var isInfeasibleStage: Bool {
        guard case .numericalTrouble(_, _, let status, _) = self else { return false }
        return status == .infeasible || status == .infeasibleOrUnbounded
    }

    public var description: String {
        switch self {
        case .numericalTrouble(let year, let stage, let status, let detail):
            let what =
                switch status {
                case .infeasible, .infeasibleOrUnbounded:
                    "reported the allocation LP infeasible, which validated data cannot cause (unserved demand absorbs any shortfall)"
                case .unbounded: "reported the allocation LP unbounded, which validated data cannot cause (every column is bounded)"
                default: "stopped with status \(status.rawValue)"
                }
            return
                "year \(year), \(stage): numerical trouble in the LP solver: it \(what) (\(detail)); the data passed validation, so this is not a data error: look for warnings about badly scaled inputs above, or report it with the dataset"
        case .limitReached(let year, let stage, let status, let detail):
            let which = status == .timeLimit ? "time limit (--time-limit)" : "iteration limit"
            return "year \(year), \(stage): the solver's \(which) stopped it before an optimum (\(detail)); raise the limit or reduce the timeslices"
        case .notSolved(let year, let stage, let status, let detail):
            return "year \(year), \(stage): the solver stopped with status \(status.rawValue) (\(detail))"
        case .solver(let year, let stage, let error):
            return "year \(year), \(stage): \(error)"
        case .verificationFailed(let year, let violations):
            return "year \(year): the independent verifier found \(violations.count) violation(s), please report this bug:\n  "
                + violations.prefix(10).joined(separator: "\n  ")
        case .certificateFailed(let year, let stage, let count, let worst):
            return
                "year \(year), stage \(stage): the solver's reported optimum failed the independent optimality check (\(count) violation(s); worst: \(worst.first ?? "?")); the answer cannot be trusted: numerical trouble in the solver (extreme magnitudes in the data can cause it) or a bug, please report it (`--no-verify` skips the check)"
                + (worst.count > 1 ? "\n  " + worst.dropFirst().prefix(9).joined(separator: "\n  ") : "")
        }
    }
}

extension YearOutcome {
    /// The consumer group of every consumer with a pair or a request this year (a request's
    /// group wins where a consumer has both). Summaries by group (diff-summary.csv, the sweep's
    /// group totals) count a consumer found in neither, such as one with CO2 at risk only, as
    /// `other`.
    public var consumerGroups: [ConsumerID: ConsumerGroup] {
        var groups: [ConsumerID: ConsumerGroup] = [:]
        for pair in pairs { groups[pair.key.consumer] = pair.group }
        for request in requests { groups[request.consumer] = request.group }
        return groups
    }
}
