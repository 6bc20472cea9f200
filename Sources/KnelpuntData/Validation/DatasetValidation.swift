// SPDX-License-Identifier: GPL-3.0-or-later

/// What the record-level rules see: the records that decoded, the headers (for column numbers),
/// and which files are broken (so that one problem does not cascade into many).
struct ValidationContext {
    /// The manifest, when it decoded.
    let info: DatasetInfo?
    /// Where each dataset.toml key's value was written.
    let manifestPositions: [String: TOMLPosition]
    /// Every record that decoded (its `info` is a placeholder when ``info`` is nil).
    let records: Dataset
    let headers: [String: HeaderMap]
    /// Missing, unreadable, or with a broken header.
    let brokenFiles: Set<String>
    /// At least one row did not decode.
    let filesWithBadRows: Set<String>

    /// True when `file` was read completely (no broken header, no row left out).
    func isComplete(_ file: String) -> Bool {
        !brokenFiles.contains(file) && !filesWithBadRows.contains(file)
    }

    /// 1-based column of `name` in `file`'s header.
    func column(_ file: String, _ name: String) -> Int? { headers[file]?.columnByName[name] }

    func report(_ sink: inout DiagnosticCollector, _ rule: DiagnosticRule, at origin: RecordOrigin, column name: String, message: String) {
        sink.report(file: origin.file, line: origin.line, column: column(origin.file, name), rule: rule, message: message)
    }

    var planningYears: [Int] { info?.years ?? [] }
}

/// A named record-level check.
struct ValidationRule: Sendable {
    /// The rule every diagnostic of this check carries.
    let rule: DiagnosticRule
    let check: @Sendable (ValidationContext, inout DiagnosticCollector) -> Void
}

/// The record-level rules, run in this order after every file has been read. (File, CSV, header
/// and cell rules are applied while reading, driven by ``DatasetSchema``.)
enum DatasetValidation {
    static let rules: [ValidationRule] = [
        ValidationRule(rule: .duplicateId, check: duplicateIDs),
        ValidationRule(rule: .duplicateDemandYear, check: duplicateDemandYears),
        ValidationRule(rule: .duplicateFlex, check: duplicateFlex),
        ValidationRule(rule: .carrierMismatch, check: carrierMismatches),
        ValidationRule(rule: .selfLoop, check: selfLoops),
        ValidationRule(rule: .retiredBeforeCommissioned, check: retiredBeforeCommissioned),
        ValidationRule(rule: .negativeCapacityAfterProjects, check: negativeCapacityAfterProjects),
        ValidationRule(rule: .flexYearsReversed, check: flexYearsReversed),
        ValidationRule(rule: .weightsNotAYear, check: weightsNotAYear),
        ValidationRule(rule: .weightsNearlyAYear, check: weightsNearlyAYear),
        ValidationRule(rule: .windowWithoutHours, check: windowWithoutHours),
        ValidationRule(rule: .unreachableDemand, check: unreachableDemand),
        ValidationRule(rule: .vollNotAboveCosts, check: vollNotAboveCosts),
        ValidationRule(rule: .reactanceWithoutACLink, check: reactanceWithoutACLink),
        ValidationRule(rule: .emergencyRatingBelowCapacity, check: emergencyRatingBelowCapacity),
        ValidationRule(rule: .contingencyNotAC, check: contingenciesOnACLinks),
        ValidationRule(rule: .securityWithoutACLinks, check: securityWithoutACLinks),
        ValidationRule(rule: .windowWithoutTimeBlock, check: requestWindows),
        ValidationRule(rule: .curtailHoursWithoutTDTR, check: curtailHoursWithoutTDTR),
        ValidationRule(rule: .minMWAboveRequest, check: minMWAboveRequest),
        ValidationRule(rule: .requestWithoutDate, check: requestWithoutDate),
        ValidationRule(rule: .groupContractYearsReversed, check: groupContractYearsReversed),
        ValidationRule(rule: .unusedGroupContract, check: unusedGroupContracts),
        ValidationRule(rule: .externalProjectCapacity, check: externalProjectCapacity),
        ValidationRule(rule: .delaySelector, check: delaySelectors),
        ValidationRule(rule: .duplicateDelayValue, check: duplicateDelayValues),
    ]

    // MARK: Uniqueness

    /// Ids are unique per file; links, supply and conversions share one id space; a transition
    /// project has one row per carrier and belongs to one consumer.
    static func duplicateIDs(_ context: ValidationContext, _ sink: inout DiagnosticCollector) {
        let data = context.records
        func check(_ items: [(id: String, origin: RecordOrigin)], scope: String) {
            var first: [String: RecordOrigin] = [:]
            for item in items {
                if let earlier = first[item.id] {
                    let place = earlier.file == item.origin.file ? "line \(earlier.line)" : "\(earlier.file) line \(earlier.line)"
                    context.report(
                        &sink, .duplicateId, at: item.origin, column: "id",
                        message: "id `\(item.id)` is already used on \(place)\(scope); rename one")
                } else {
                    first[item.id] = item.origin
                }
            }
        }
        check(data.nodes.map { ($0.id.rawValue, $0.origin) }, scope: "")
        check(
            data.assetsInFileOrder.map {
                let facts = data.facts(of: $0)
                return (facts.id, facts.origin)
            },
            scope: " (links, supply and conversions share one id space so project targets are unambiguous)")
        check(data.projects.map { ($0.id.rawValue, $0.origin) }, scope: "")
        check(data.consumers.map { ($0.id.rawValue, $0.origin) }, scope: "")
        check(data.groupContracts.map { ($0.id.rawValue, $0.origin) }, scope: "")
        check(data.eops.map { ($0.id.rawValue, $0.origin) }, scope: "")
        check(data.timeslices.slices.map { ($0.id.rawValue, $0.origin) }, scope: "")

        var projectRows: [String: TransitionProject] = [:]
        var projectOwner: [TransitionID: TransitionProject] = [:]
        for transition in data.transitions {
            let key = "\(transition.project.rawValue)\u{0}\(transition.carrier.rawValue)"
            if let earlier = projectRows[key] {
                context.report(
                    &sink, .duplicateId, at: transition.origin, column: "project",
                    message:
                        "transition project `\(transition.project)` has a second \(transition.carrier.rawValue) row (first on line \(earlier.origin.line)); merge them or rename one"
                )
            } else {
                projectRows[key] = transition
            }
            if let owner = projectOwner[transition.project], owner.consumer != transition.consumer {
                context.report(
                    &sink, .duplicateId, at: transition.origin, column: "project",
                    message:
                        "transition project `\(transition.project)` belongs to consumer `\(owner.consumer)` (line \(owner.origin.line)), not `\(transition.consumer)`; give this project its own id"
                )
            } else if projectOwner[transition.project] == nil {
                projectOwner[transition.project] = transition
            }
        }
    }

    static func duplicateDemandYears(_ context: ValidationContext, _ sink: inout DiagnosticCollector) {
        var first: [String: RecordOrigin] = [:]
        for level in context.records.demand {
            let key = "\(level.consumer.rawValue)\u{0}\(level.carrier.rawValue)\u{0}\(level.year)"
            if let earlier = first[key] {
                context.report(
                    &sink, .duplicateDemandYear, at: level.origin, column: "year",
                    message:
                        "\(level.consumer) already has a \(level.carrier.rawValue) demand level for \(level.year) on line \(earlier.line); keep one row per consumer, carrier and year"
                )
            } else {
                first[key] = level.origin
            }
        }
    }

    static func duplicateFlex(_ context: ValidationContext, _ sink: inout DiagnosticCollector) {
        var first: [String: RecordOrigin] = [:]
        for commitment in context.records.flex {
            if let earlier = first[commitment.key] {
                context.report(
                    &sink, .duplicateFlex, at: commitment.origin, column: "from_year",
                    message:
                        "\(commitment.consumer) already has a \(commitment.carrier.rawValue) \(commitment.product.rawValue) commitment from \(commitment.fromYear) on line \(earlier.line); merge the two rows"
                )
            } else {
                first[commitment.key] = commitment.origin
            }
        }
    }

    // MARK: Years

    static func retiredBeforeCommissioned(_ context: ValidationContext, _ sink: inout DiagnosticCollector) {
        let data = context.records
        for asset in data.assetsInFileOrder.map(data.facts(of:)) {
            guard let commissioned = asset.commissioned, let retired = asset.retired, retired <= commissioned else { continue }
            context.report(
                &sink, .retiredBeforeCommissioned, at: asset.origin, column: "retired",
                message:
                    "`\(asset.id)` is retired in \(retired) but commissioned in \(commissioned), so it never exists (it exists in years commissioned ≤ y < retired); correct the years"
            )
        }
    }

    static func flexYearsReversed(_ context: ValidationContext, _ sink: inout DiagnosticCollector) {
        for commitment in context.records.flex {
            guard let toYear = commitment.toYear, toYear < commitment.fromYear else { continue }
            context.report(
                &sink, .flexYearsReversed, at: commitment.origin, column: "to_year",
                message: "to_year \(toYear) is before from_year \(commitment.fromYear); swap them (to_year is the last year in force)")
        }
    }
}
