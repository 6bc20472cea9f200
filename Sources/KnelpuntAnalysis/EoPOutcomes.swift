// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntData
import KnelpuntModel

/// What the requests of one Expression of Principles (eops.csv) got in one year (request view):
/// their planned CO2 split by whether they are granted in full, in part or not at all.
public struct EoPOutcome: Sendable, Hashable {
    public var eop: ExpressionOfPrinciples
    /// Requests of the EoP active this year.
    public var requests: Int
    public var requestedMW: Double
    public var grantedMW: Double
    /// Σ planned CO2 of the active requests, kt per year.
    public var plannedCO2Kt: Double
    /// Planned CO2 of the requests granted in full (share ≥ the full-grant share), kt per year.
    public var grantedFullCO2Kt: Double
    /// Planned CO2 of the requests granted in part (0 < share < the full-grant share), kt per year.
    public var grantedPartCO2Kt: Double
    /// Planned CO2 of the requests granted nothing (share ≤ 1 − the full-grant share), kt per year.
    public var grantedNoneCO2Kt: Double
    /// Σ CO2 at risk of the active requests (``RequestOutcome/co2AtRiskKt``), kt per year.
    public var co2AtRiskKt: Double
}

extension YearOutcome {
    /// One ``EoPOutcome`` per Expression of Principles of `dataset`, in file order (an EoP without
    /// an active request this year has zeros). A request counts as granted in full from
    /// `fullGrantShare` of its MW on and as granted nothing below `1 − fullGrantShare`.
    public func eopOutcomes(_ dataset: Dataset, fullGrantShare: Double) -> [EoPOutcome] {
        var eopOf: [RequestKey: EoPID] = [:]
        for transition in dataset.transitions {
            guard let eop = transition.eop else { continue }
            eopOf[RequestKey(project: transition.project, carrier: transition.carrier)] = eop
        }
        return dataset.eops.map { eop in
            var outcome = EoPOutcome(
                eop: eop, requests: 0, requestedMW: 0, grantedMW: 0, plannedCO2Kt: 0, grantedFullCO2Kt: 0, grantedPartCO2Kt: 0,
                grantedNoneCO2Kt: 0, co2AtRiskKt: 0)
            for request in requests where eopOf[request.key] == eop.id {
                outcome.requests += 1
                outcome.requestedMW += request.requestedMW
                outcome.grantedMW += request.grantedMW
                outcome.plannedCO2Kt += request.plannedCO2Kt
                outcome.co2AtRiskKt += request.co2AtRiskKt
                if request.grantedShare >= fullGrantShare {
                    outcome.grantedFullCO2Kt += request.plannedCO2Kt
                } else if request.grantedShare > 1 - fullGrantShare {
                    outcome.grantedPartCO2Kt += request.plannedCO2Kt
                } else {
                    outcome.grantedNoneCO2Kt += request.plannedCO2Kt
                }
            }
            return outcome
        }
    }
}
