// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntData
import KnelpuntLP
import KnelpuntModel

/// What one connection request got in one year (request view).
public struct RequestOutcome: Sendable, Hashable {
    public var key: RequestKey
    public var consumer: ConsumerID
    public var group: ConsumerGroup
    public var product: RequestProduct
    /// ACM priority tier (1–3) of the consumer; `nil` for none.
    public var tier: Int?
    public var requestDate: CalendarDate
    /// Place in the queue by request date among this year's active requests (1 = first; equal
    /// dates share a place).
    public var fcfsRank: Int
    public var requestedMW: Double
    /// g_r, MW.
    public var grantedMW: Double
    /// Energy taken, Σ_t w_t·(π_r(t)·g_r − z_r(t)), MWh.
    public var deliveredMWh: Double
    /// Granted load curtailed by the grid, Σ_t w_t·z_r(t), MWh.
    public var curtailedMWh: Double
    /// The capacity whose relaxation would raise this grant most, from the stage that fixed it
    /// (`nil` when fully granted or no capacity binds).
    public var blockingAsset: String?
    /// Under N-1, the outage under which ``blockingAsset`` binds (`nil`: the intact grid).
    public var bindingContingency: String?
    /// The rule's filling step that fixed this grant (0: determined by the first stages).
    public var ruleStep: Int?
    /// The share g_r/R_r at which the rule fixed this grant (`nil`: none); the last stage holds
    /// the grant at most max(1e-9·R_r, ``AnalysisTolerances/powerMW``) below it, so
    /// ``grantedMW`` may be that much lower.
    public var ruleShare: Double? = nil
    /// The mixed-integer stage that decided this grant (`nil`: LP stages only); see
    /// ``SolveSummary/mipStages`` for its status, LP bound and gap.
    public var mipStage: String? = nil
    /// CO2 the project avoids when fully delivered, kt per year.
    public var plannedCO2Kt: Double
    /// CO2 at risk: planned × (1 − delivered / (R_r·E_r)); the whole planned amount when the
    /// project it depends on (`depends_on`) is not in service this year.
    public var co2AtRiskKt: Double
    /// Whether the `depends_on` project is in service this year (`nil` without one).
    public var dependencyInService: Bool?
    /// z_r(t) per slice, MW.
    public var curtailedMW: [Double]

    /// g_r / R_r.
    public var grantedShare: Double { requestedMW > 0 ? grantedMW / requestedMW : 0 }
}

extension YearOutcome {
    /// Adds the request outcomes of a solved request-view model, charges CO2 at risk to the
    /// requests (replacing the pro-rata figures of the pairs) and adds the cost of curtailing
    /// granted load (VoLL_r per MWh) to ``costEUR``.
    mutating func addRequests(
        dataset: Dataset, model: AllocationModel, result: SolveResult, ruleSteps: [Int?], blockingAssets: [String?],
        blockingContingencies: [String?], tolerances: AnalysisTolerances
    ) {
        let view = model.view
        let weights = model.weightsHours
        let grants = model.grantsMW(result)
        var outcomes: [RequestOutcome] = []
        for (r, request) in view.requests.enumerated() {
            let transition = dataset.transitions[request.transitionIndex]
            let granted = min(request.requestedMW, max(0, grants[r]))
            let curtailed = model.requestCurtailmentMW(r, result)
            var delivered = 0.0
            var curtailedEnergy = 0.0
            for t in weights.indices {
                delivered += weights[t] * (request.loadPerMW[t] * granted - curtailed[t])
                curtailedEnergy += weights[t] * curtailed[t]
            }
            costEUR += request.vollEURPerMWh * curtailedEnergy
            let dependency = transition.dependsOn.map { dataset.isInService(project: $0, year: view.year) }
            let full = request.requestedMW * request.energyPerMWh
            let shortFraction = full > 0 ? min(1, max(0, 1 - delivered / full)) : 0
            let atRisk = dependency == false ? transition.co2AvoidedKtPerYear : transition.co2AvoidedKtPerYear * shortFraction
            let fullyGranted = granted >= request.requestedMW * (1 - 1e-6)
            outcomes.append(
                RequestOutcome(
                    key: request.key, consumer: transition.consumer, group: dataset.consumers[request.consumerIndex].group,
                    product: request.product, tier: request.tier, requestDate: request.requestDate,
                    fcfsRank: 1 + view.requests.filter { $0.requestDate < request.requestDate }.count,
                    requestedMW: request.requestedMW, grantedMW: granted, deliveredMWh: max(0, delivered), curtailedMWh: curtailedEnergy,
                    blockingAsset: fullyGranted ? nil : blockingAssets[r], bindingContingency: fullyGranted ? nil : blockingContingencies[r],
                    ruleStep: ruleSteps[r], plannedCO2Kt: transition.co2AvoidedKtPerYear, co2AtRiskKt: atRisk,
                    dependencyInService: dependency, curtailedMW: curtailed))
        }
        requests = outcomes
        allocation = .requests
        adequacy = view.adequacy
        co2 = outcomes.map {
            CO2Outcome(consumer: $0.consumer, project: $0.key.project, carrier: $0.key.carrier, plannedKt: $0.plannedCO2Kt, atRiskKt: $0.co2AtRiskKt)
        }
        .sorted { ($0.consumer, $0.project.rawValue, $0.carrier) < ($1.consumer, $1.project.rawValue, $1.carrier) }
    }
}
