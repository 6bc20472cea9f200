// SPDX-License-Identifier: GPL-3.0-or-later

/// Rules for connection requests (transition.csv), group contracts and projects outside the
/// network. Cell syntax, ranges and references (product, request_date, curtail_hours_per_year,
/// min_mw > 0, depends_on, group_contract) are checked while reading, from ``DatasetSchema``.
extension DatasetValidation {
    /// A `window` belongs to a `time-block` request only, and every `time-block` request needs one.
    static func requestWindows(_ context: ValidationContext, _ sink: inout DiagnosticCollector) {
        for request in context.records.transitions {
            if request.product == .timeBlock && request.window == nil {
                context.report(
                    &sink, .timeBlockWithoutWindow, at: request.origin,
                    column: context.column(request.origin.file, "window") == nil ? "product" : "window",
                    message:
                        "time-block request `\(request.project)` has no window; give the hours of day in which it may take transport, e.g. `7-23` or `0-6;22-23`"
                )
            } else if let window = request.window, request.product != .timeBlock {
                context.report(
                    &sink, .windowWithoutTimeBlock, at: request.origin, column: "window",
                    message:
                        "\(request.product.rawValue) request `\(request.project)` has window `\(window)`, but only time-block requests have one; empty the window or set product to `time-block`"
                )
            }
        }
    }

    /// `curtail_hours_per_year` belongs to a `tdtr` request only.
    static func curtailHoursWithoutTDTR(_ context: ValidationContext, _ sink: inout DiagnosticCollector) {
        for request in context.records.transitions where request.product != .tdtr {
            guard let hours = request.curtailHoursPerYear else { continue }
            context.report(
                &sink, .curtailHoursWithoutTDTR, at: request.origin, column: "curtail_hours_per_year",
                message:
                    "\(request.product.rawValue) request `\(request.project)` has curtail_hours_per_year \(ValueBounds.format(hours)) h, but only tdtr requests have a curtailment budget; empty the cell or set product to `tdtr`"
            )
        }
    }

    /// Every request has a date in the queue: its own `request_date` or its consumer's `queue_date`.
    static func requestWithoutDate(_ context: ValidationContext, _ sink: inout DiagnosticCollector) {
        let undated = Set(context.records.consumers.filter { $0.queueDate == nil }.map(\.id))
        for request in context.records.transitions where request.requestDate == nil && undated.contains(request.consumer) {
            context.report(
                &sink, .requestWithoutDate, at: request.origin,
                column: context.column(request.origin.file, "request_date") == nil ? "consumer" : "request_date",
                message:
                    "request `\(request.project)` has no request_date and its consumer `\(request.consumer)` has no queue_date, so it has no place in the queue; give the request_date (YYYY-MM-DD) or the consumer's queue_date"
            )
        }
    }

    /// 0 < `min_mw` ≤ `mw` (the lower bound is checked while reading).
    static func minMWAboveRequest(_ context: ValidationContext, _ sink: inout DiagnosticCollector) {
        for request in context.records.transitions {
            guard let minMW = request.minMW, minMW > request.mw else { continue }
            context.report(
                &sink, .minMWAboveRequest, at: request.origin, column: "min_mw",
                message:
                    "request `\(request.project)` has min_mw \(ValueBounds.format(minMW)) MW above its mw \(ValueBounds.format(request.mw)) MW, so no grant could reach it; lower min_mw to at most mw, or empty it (divisible)"
            )
        }
    }

    static func groupContractYearsReversed(_ context: ValidationContext, _ sink: inout DiagnosticCollector) {
        for contract in context.records.groupContracts {
            guard let toYear = contract.toYear, toYear < contract.fromYear else { continue }
            context.report(
                &sink, .groupContractYearsReversed, at: contract.origin, column: "to_year",
                message:
                    "group contract `\(contract.id)` has to_year \(toYear) before from_year \(contract.fromYear); swap them (to_year is the last year in force)"
            )
        }
    }

    /// A group contract no consumer names constrains nothing (a warning). Skipped when
    /// consumers.csv did not load completely, so a broken row does not cause a false alarm.
    static func unusedGroupContracts(_ context: ValidationContext, _ sink: inout DiagnosticCollector) {
        guard context.isComplete(DatasetSchema.consumers.name) else { return }
        let named = Set(context.records.consumers.compactMap(\.groupContract))
        for contract in context.records.groupContracts where !named.contains(contract.id) {
            context.report(
                &sink, .unusedGroupContract, at: contract.origin, column: "id",
                message:
                    "no consumer takes part in group contract `\(contract.id)`, so it constrains nothing; name it in the `group_contract` column of consumers.csv, or remove the row"
            )
        }
    }

    /// A project outside the modelled network (no target) changes no capacity: its capacity_mw is 0.
    static func externalProjectCapacity(_ context: ValidationContext, _ sink: inout DiagnosticCollector) {
        for project in context.records.projects where project.isExternal && project.capacityMW != 0 {
            context.report(
                &sink, .externalProjectCapacity, at: project.origin, column: "capacity_mw",
                message:
                    "project `\(project.id)` has no target (it lies outside the modelled network) but capacity_mw \(ValueBounds.format(project.capacityMW)) MW; write 0, or name the link, supply or conversion it changes in `target`"
            )
        }
    }
}
