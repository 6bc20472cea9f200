// SPDX-License-Identifier: GPL-3.0-or-later

extension DatasetValidation {
    /// A reactance belongs to an AC electricity link: never on a hydrogen link, and a project's
    /// reactance needs a target link that already has one in links.csv (a link is AC or
    /// controllable for its whole life, so the physics never switches a link's kind).
    static func reactanceWithoutACLink(_ context: ValidationContext, _ sink: inout DiagnosticCollector) {
        let data = context.records
        for link in data.links where link.reactancePU != nil && link.carrier != .electricity {
            context.report(
                &sink, .reactanceWithoutACLink, at: link.origin, column: "reactance_pu",
                message:
                    "\(link.carrier.rawValue) link `\(link.id)` has a reactance, but only AC electricity lines and transformers have one; empty the cell"
            )
        }
        for project in data.projects where project.reactancePU != nil {
            guard let target = project.target else {
                context.report(
                    &sink, .reactanceWithoutACLink, at: project.origin, column: "reactance_pu",
                    message: "project `\(project.id)` sets a reactance but has no target (it lies outside the modelled network); empty the cell"
                )
                continue
            }
            guard let asset = data.asset(id: target) else { continue } // unknownReference already reported
            let problem: String
            switch asset.kind {
            case .supply, .conversion:
                problem = "its target `\(target)` is a \(asset.kind == .supply ? "supply" : "conversion"), not a link"
            case .link:
                let link = data.links[asset.index]
                guard link.reactancePU == nil else { continue }
                problem =
                    link.carrier == .electricity
                    ? "its target link `\(link.id)` is controllable (no `reactance_pu` in links.csv, so HVDC)"
                    : "its target link `\(link.id)` is a \(link.carrier.rawValue) link"
            }
            context.report(
                &sink, .reactanceWithoutACLink, at: project.origin, column: "reactance_pu",
                message:
                    "project `\(project.id)` sets a reactance, but \(problem); empty the cell, or give the link its reactance in links.csv if it is an AC line"
            )
        }
    }

    /// An emergency rating below the link's capacity is suspicious (after an outage a line may
    /// usually carry more for a while, not less) but possible, so a warning.
    static func emergencyRatingBelowCapacity(_ context: ValidationContext, _ sink: inout DiagnosticCollector) {
        for link in context.records.links {
            guard let rating = link.emergencyRatingMW, rating < link.capacityMW else { continue }
            context.report(
                &sink, .emergencyRatingBelowCapacity, at: link.origin, column: "emergency_rating_mw",
                message:
                    "link `\(link.id)` has emergency_rating_mw \(ValueBounds.format(rating)) MW below its capacity_mw \(ValueBounds.format(link.capacityMW)) MW, so it may carry less after an outage than before; check the two values or empty the cell (= the capacity)"
            )
        }
    }

    /// A contingency trips an AC link: a controllable link's outage redistributes no AC flow.
    /// (Unknown links are `unknownReference`, reported while reading the cell.)
    static func contingenciesOnACLinks(_ context: ValidationContext, _ sink: inout DiagnosticCollector) {
        let data = context.records
        guard context.isComplete(DatasetSchema.links.name) else { return }
        let linkIndex = Dictionary(data.links.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        var first: [LinkID: RecordOrigin] = [:]
        for contingency in data.contingencies {
            guard let index = linkIndex[contingency.link] else { continue }
            let link = data.links[index]
            if link.reactancePU == nil {
                let kind =
                    link.carrier == .electricity ? "a controllable link (no `reactance_pu` in links.csv, so HVDC)" : "a \(link.carrier.rawValue) link"
                context.report(
                    &sink, .contingencyNotAC, at: contingency.origin, column: "link",
                    message:
                        "contingency `\(link.id)` is \(kind), whose outage does not redistribute AC flows; remove the row, or give the link its reactance_pu if it is an AC line"
                )
            }
            if let earlier = first[contingency.link] {
                context.report(
                    &sink, .duplicateContingency, at: contingency.origin, column: "link",
                    message: "link `\(link.id)` is already a contingency on line \(earlier.line); remove this row")
            } else {
                first[contingency.link] = contingency.origin
            }
        }
    }

    /// `security = "n-1"` checks outages of AC links only: without any link with a reactance it
    /// checks nothing, which is almost certainly not what was meant (a warning).
    static func securityWithoutACLinks(_ context: ValidationContext, _ sink: inout DiagnosticCollector) {
        guard context.info?.security == .n1, context.isComplete(DatasetSchema.links.name),
            !context.records.links.contains(where: { $0.reactancePU != nil })
        else { return }
        let position = context.manifestPositions["security"]
        sink.report(
            file: DatasetSchema.manifestFile, line: position?.line, column: position?.column, rule: .securityWithoutACLinks,
            message:
                "`security` is \"n-1\" but no link in links.csv has a reactance_pu, so no outage is checked; give the AC lines their reactance_pu or write \"none\""
        )
    }
}
