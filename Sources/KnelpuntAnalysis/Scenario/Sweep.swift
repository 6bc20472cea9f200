// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import KnelpuntData
import KnelpuntLP
import KnelpuntModel

/// What a sweep keeps of one scenario: per year the totals, the bottlenecks, the shadow value of
/// every asset that has one, each consumer's and each group's unserved energy and CO2 at risk and,
/// in the request view, each request's grant. Codable so that it can be journalled and merged; doubles
/// survive the JSON round trip exactly, so outputs written from a journal are byte-identical to
/// outputs written straight after the solves.
public struct SweepResult: Codable, Sendable, Hashable {
    public struct Consumer: Codable, Sendable, Hashable {
        public var consumer: String
        /// Σ over the consumer's carriers, MWh (each carrier on its own energy basis).
        public var unservedMWh: Double
        public var co2AtRiskKt: Double

        public init(consumer: String, unservedMWh: Double, co2AtRiskKt: Double) {
            self.consumer = consumer
            self.unservedMWh = unservedMWh
            self.co2AtRiskKt = co2AtRiskKt
        }
    }

    /// One connection request's grant in one year (request view).
    public struct Request: Codable, Sendable, Hashable {
        /// The transition project id.
        public var request: String
        public var carrier: String
        public var consumer: String
        /// `YYYY-MM-DD` (sorts as the dates do).
        public var requestDate: String
        /// R_r and g_r, MW.
        public var requestedMW: Double
        public var grantedMW: Double

        public init(request: String, carrier: String, consumer: String, requestDate: String, requestedMW: Double, grantedMW: Double) {
            self.request = request
            self.carrier = carrier
            self.consumer = consumer
            self.requestDate = requestDate
            self.requestedMW = requestedMW
            self.grantedMW = grantedMW
        }
    }

    /// The shadow value of one asset in one year (only assets in service with a non-zero value are
    /// kept: an asset left out has 0 €/MW/year).
    public struct AssetValue: Codable, Sendable, Hashable {
        /// The asset id, as in ``Year/bottlenecks``.
        public var asset: String
        /// € per MW per year (``AssetOutcome/shadowValueEURPerMWYear``).
        public var shadowValueEURPerMWYear: Double

        public init(asset: String, shadowValueEURPerMWYear: Double) {
            self.asset = asset
            self.shadowValueEURPerMWYear = shadowValueEURPerMWYear
        }
    }

    /// Unserved energy and CO2 at risk of one consumer group in one year, as diff-summary.csv
    /// counts them: unserved over the group's consumer-carrier pairs (the firm load in the request
    /// view), CO2 at risk over the group's transition projects.
    public struct GroupTotals: Codable, Sendable, Hashable {
        /// `maatwerk`, `other` or `public` (consumers.csv `group`).
        public var group: String
        public var unservedMWh: Double
        public var co2AtRiskKt: Double

        public init(group: String, unservedMWh: Double, co2AtRiskKt: Double) {
            self.group = group
            self.unservedMWh = unservedMWh
            self.co2AtRiskKt = co2AtRiskKt
        }
    }

    public struct Year: Codable, Sendable, Hashable {
        public var year: Int
        public var demandMWh: Double
        public var unservedMWh: Double
        public var co2AtRiskKt: Double
        public var costEUR: Double
        /// Ids of the assets that are bottlenecks, sorted.
        public var bottlenecks: [String]
        /// Every consumer with demand in the year, sorted by id.
        public var consumers: [Consumer]
        /// Request view: every active request, in queue order (request date, project, carrier);
        /// `nil` in the energy view (and then left out of the journal line).
        public var requests: [Request]?
        /// Every asset in service with a non-zero shadow value, sorted by id (journal format 4).
        public var shadowValues: [AssetValue]
        /// One entry per ``ConsumerGroup``, in the order of its cases (journal format 4).
        public var groups: [GroupTotals]

        public init(
            year: Int, demandMWh: Double, unservedMWh: Double, co2AtRiskKt: Double, costEUR: Double,
            bottlenecks: [String], consumers: [Consumer], requests: [Request]? = nil, shadowValues: [AssetValue] = [],
            groups: [GroupTotals] = []
        ) {
            self.year = year
            self.demandMWh = demandMWh
            self.unservedMWh = unservedMWh
            self.co2AtRiskKt = co2AtRiskKt
            self.costEUR = costEUR
            self.bottlenecks = bottlenecks
            self.consumers = consumers
            self.requests = requests
            self.shadowValues = shadowValues
            self.groups = groups
        }
    }

    public var index: Int
    public var label: String
    /// `p+2;q+1` (empty for the baseline).
    public var delays: String
    public var years: [Year]

    public init(index: Int, label: String, delays: String, years: [Year]) {
        self.index = index
        self.label = label
        self.delays = delays
        self.years = years
    }

    /// Summarises the outcomes of one scenario (one per year).
    public init(member: SweepMember, outcomes: [YearOutcome]) {
        index = member.index
        label = member.label
        delays = member.delayText
        years = outcomes.map { outcome in
            var unserved: [String: Double] = [:]
            var co2: [String: Double] = [:]
            for pair in outcome.pairs { unserved[pair.key.consumer.rawValue, default: 0] += pair.unservedMWh }
            for row in outcome.co2 { co2[row.consumer.rawValue, default: 0] += row.atRiskKt }
            let consumers = unserved.keys.sorted().map { id in
                Consumer(consumer: id, unservedMWh: unserved[id] ?? 0, co2AtRiskKt: co2[id] ?? 0)
            }
            let requests =
                outcome.allocation == .requests
                ? outcome.requests.sorted { ($0.requestDate, $0.key) < ($1.requestDate, $1.key) }.map {
                    Request(
                        request: $0.key.project.rawValue, carrier: $0.key.carrier.rawValue, consumer: $0.consumer.rawValue,
                        requestDate: $0.requestDate.description, requestedMW: $0.requestedMW, grantedMW: $0.grantedMW)
                } : nil
            // Groups as diff-summary.csv assigns them (``YearOutcome/consumerGroups``).
            let groupOf = outcome.consumerGroups
            var groupUnserved: [ConsumerGroup: Double] = [:]
            var groupCO2: [ConsumerGroup: Double] = [:]
            for pair in outcome.pairs { groupUnserved[pair.group, default: 0] += pair.unservedMWh }
            for row in outcome.co2 { groupCO2[groupOf[row.consumer] ?? .other, default: 0] += row.atRiskKt }
            let groups = ConsumerGroup.allCases.map {
                GroupTotals(group: $0.rawValue, unservedMWh: groupUnserved[$0] ?? 0, co2AtRiskKt: groupCO2[$0] ?? 0)
            }
            let shadowValues = outcome.assets.filter { $0.isInService && $0.shadowValueEURPerMWYear != 0 }
                .map { AssetValue(asset: $0.id, shadowValueEURPerMWYear: $0.shadowValueEURPerMWYear) }
                .sorted { ($0.asset, $0.shadowValueEURPerMWYear) < ($1.asset, $1.shadowValueEURPerMWYear) }
            return Year(
                year: outcome.year, demandMWh: outcome.pairs.reduce(0) { $0 + $1.demandMWh },
                unservedMWh: outcome.pairs.reduce(0) { $0 + $1.unservedMWh }, co2AtRiskKt: outcome.co2.reduce(0) { $0 + $1.atRiskKt },
                costEUR: outcome.costEUR, bottlenecks: outcome.assets.filter(\.isBottleneck).map(\.id).sorted(), consumers: consumers,
                requests: requests, shadowValues: shadowValues, groups: groups)
        }
    }
}

/// Runs the members of a sweep in parallel: one member per thread at a time, its years solved in
/// turn on that thread (so each LP is created, solved and freed on one thread). Years a member
/// does not change are taken from the base case; the others start from the base's cost-stage
/// basis of that year (``BaseCase``). The result of a member depends only on the member, the base
/// case and the options — not on the number of workers or the order in which members finish.
public struct SweepRunner: Sendable {
    public let base: BaseCase
    public let solver: any LPSolver
    /// Options of each member's allocation run (its `workers` is set to 1).
    public let options: AllocationOptions

    public init(base: BaseCase, solver: any LPSolver, options: AllocationOptions) {
        self.base = base
        self.solver = solver
        var memberOptions = options
        memberOptions.workers = 1
        self.options = memberOptions
    }

    /// Why a member failed, or why the sweep stopped early.
    public enum Failure: Error, Sendable, CustomStringConvertible {
        case scenario(member: String, error: DatasetError)
        case analysis(member: String, error: AnalysisError)
        /// SIGINT or SIGTERM arrived (see ``SweepRunner/run(_:workers:limit:handlingSignals:finished:)``): no
        /// member was started after it; `finished` holds the members that completed in this run
        /// (in member order), the ones in flight included.
        case interrupted(signal: Int32, finished: [SweepResult])

        public var description: String {
            switch self {
            case .scenario(let member, let error): return "scenario \(member): \(error)"
            case .analysis(let member, let error): return "scenario \(member): \(error)"
            case .interrupted(let signal, let finished):
                return "interrupted by \(SweepSignals.name(signal)) after \(finished.count) scenario(s) in this run"
            }
        }
    }

    /// Solves one member on the calling thread.
    public func solve(_ member: SweepMember) throws(Failure) -> SweepResult {
        let changed: Dataset
        do {
            changed = try member.scenario.apply(to: base.dataset)
        } catch {
            throw .scenario(member: member.label, error: error)
        }
        do {
            return SweepResult(member: member, outcomes: try base.solve(changed, solver: solver, options: options).outcomes)
        } catch {
            throw .analysis(member: member.label, error: error)
        }
    }

    /// Solves `members` on up to `workers` threads, calling `finished` (from the worker thread)
    /// as each one completes. Stops handing out members after the first failure, or once `limit`
    /// members have been started. Returns the finished results in member order.
    ///
    /// With `handlingSignals`, SIGINT and SIGTERM do not end the process while the members run:
    /// their default action is ignored and dispatch signal sources set a cancellation flag that
    /// is checked between members. The members in flight finish (and reach `finished`, e.g. a
    /// journal); then the run throws ``Failure/interrupted(signal:finished:)``. The previous
    /// signal actions are restored on return.
    public func run(
        _ members: [SweepMember], workers: Int, limit: Int? = nil, handlingSignals: Bool = false,
        finished: @escaping @Sendable (SweepResult) -> Void
    ) throws(Failure) -> [SweepResult] {
        let gate = SweepGate(limit: limit)
        let watch = handlingSignals ? SweepSignals(gate: gate) : nil
        defer { watch?.uninstall() }
        let outcomes = parallelMap(count: members.count, workers: workers) { index -> Result<SweepResult, Failure>? in
            guard gate.admit() else { return nil }
            let result = Result { () throws(Failure) -> SweepResult in try solve(members[index]) }
            switch result {
            case .success(let value): finished(value)
            case .failure: gate.fail()
            }
            return result
        }
        var results: [SweepResult] = []
        for outcome in outcomes {
            switch outcome {
            case .success(let value)?: results.append(value)
            case .failure(let error)?: throw error
            case nil: continue
            }
        }
        if let signal = gate.cancellingSignal, outcomes.contains(where: { $0 == nil }) {
            throw .interrupted(signal: signal, finished: results)
        }
        return results
    }
}

/// SIGINT and SIGTERM turned into a cancellation of a ``SweepGate`` while installed.
public final class SweepSignals: @unchecked Sendable {
    static let handled: [Int32] = [SIGINT, SIGTERM]
    private var sources: [DispatchSourceSignal] = []
    private var previous: [(signal: Int32, action: sighandler_t?)] = []

    /// Ignores the default action of each handled signal (so that it no longer ends the
    /// process) and watches for it with a dispatch signal source.
    init(gate: SweepGate) {
        for signal in Self.handled {
            previous.append((signal, Foundation.signal(signal, SIG_IGN)))
            let source = DispatchSource.makeSignalSource(signal: signal, queue: .global())
            source.setEventHandler { gate.cancel(signal: signal) }
            source.resume()
            sources.append(source)
        }
    }

    /// Stops watching and restores the previous actions.
    func uninstall() {
        for source in sources { source.cancel() }
        sources = []
        for (signal, action) in previous { Foundation.signal(signal, action) }
        previous = []
    }

    /// "SIGINT", "SIGTERM" or "signal N".
    public static func name(_ signal: Int32) -> String {
        switch signal {
        case SIGINT: return "SIGINT"
        case SIGTERM: return "SIGTERM"
        default: return "signal \(signal)"
        }
    }
}

/// Hands out work until a failure, a limit or a cancellation.
final class SweepGate: @unchecked Sendable {
    private let lock = NSLock()
    private var started = 0
    private var failed = false
    private var signal: Int32?
    private let limit: Int?

    init(limit: Int?) { self.limit = limit }

    func admit() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard !failed, signal == nil, limit.map({ started < $0 }) ?? true else { return false }
        started += 1
        return true
    }

    /// Starts no member after this (the first signal is kept).
    func cancel(signal: Int32) {
        lock.lock()
        defer { lock.unlock() }
        if self.signal == nil { self.signal = signal }
    }

    var cancellingSignal: Int32? {
        lock.lock()
        defer { lock.unlock() }
        return signal
    }

    func fail() {
        lock.lock()
        defer { lock.unlock() }
        failed = true
    }
}
