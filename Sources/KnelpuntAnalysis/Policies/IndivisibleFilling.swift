// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntData
import KnelpuntLP
import KnelpuntModel

/// One mixed-integer stage of a year (a stage that decided several indivisible requests at
/// once), for the manifest.
public struct MIPStageRecord: Sendable, Hashable {
    /// The stage's name, as in error messages ("step 3 (fewest refused indivisible requests)").
    public var stage: String
    /// The indivisible requests whose grant-or-refuse decision b_r the stage carried.
    public var requests: [RequestKey]
    public var status: MIPStatus
    /// Objective of the integer optimum (refusals avoided, floor, risers or € per year).
    public var objective: Double?
    /// Optimum of the LP relaxation, in the objective's unit.
    public var lpBound: Double?
    /// |LP bound − objective| / max(|objective|, 1e-9) (the integrality gap; the search itself
    /// closes the gap to 0).
    public var relativeGap: Double?
    public var seconds: Double

    public init(
        stage: String, requests: [RequestKey], status: MIPStatus, objective: Double?, lpBound: Double?, relativeGap: Double?, seconds: Double
    ) {
        self.stage = stage
        self.requests = requests
        self.status = status
        self.objective = objective
        self.lpBound = lpBound
        self.relativeGap = relativeGap
        self.seconds = seconds
    }
}

// Indivisible requests (min_mw) decided together. A stage that decides one request at a time
// ("maximise g_r, then 0 if below min_mw") is exact by LPs; where a stage must decide several
// at once it is solved as a mixed-integer program with a binary b_r per undecided indivisible
// request (``AllocationModel/indivisibleGrantProgram(deciding:)``: g_r ∈ {0} ∪ [min_r, R_r]):
//
// - leximin inside a class (the `leximin` and `priority` rules, equal dates under `acm` and
//   `fcfs`), over the non-convex set of grants: first the fewest refused requests K* (a refused
//   share is 0, lexicographically worst), then progressive filling with the count of refusals
//   held at K*: maximise the floor λ* (g_r/R_r ≥ λ − (1 − b_r)), then maximise the number of
//   members strictly above it (share ≥ λ* + ε, ε = ``FairnessTolerances/rise``); the members
//   below are fixed at λ* (granted ones, held at ≥ min_mw too). A member refused in every
//   optimal step stays refused. The fewest members at each level is the lexicographic order of
//   the sorted shares; where several sets of members reach that fewest count, the solver's
//   optimum picks one, and the later levels are exact given it.
// - the `cost` rule's value stage: maximise the value of the delivered request energy with the
//   binaries; the decisions are then held and the LP stages (tie-break included) follow.
extension PolicyEngine {
    /// True when the members of a class need the mixed-integer stages: at least two unfixed, at
    /// least one of them an undecided indivisible request.
    func needsMIP(_ members: [Int]) -> Bool {
        let unfixed = members.filter { fixedShare[$0] == nil }
        return model.view.allocation == .requests && unfixed.count >= 2 && unfixed.contains { model.isUndecidedIndivisible($0) }
    }

    /// True when some unfixed request is an undecided indivisible one (the `cost` rule's value
    /// stage then needs the MIP).
    var hasUndecidedIndivisible: Bool {
        model.view.allocation == .requests && model.view.requests.indices.contains { fixedShare[$0] == nil && model.isUndecidedIndivisible($0) }
    }

    /// Solves the mixed-integer program `build` makes from the model as it stands, to proven
    /// optimality; under N-1, with the lazy contingency loop (violated post-contingency rows
    /// are added to the model and the program rebuilt). Throws unless optimal.
    mutating func solveMIP(
        _ stage: String, build: (AllocationModel) -> IndivisibleGrantProgram
    ) throws(AnalysisError) -> (program: IndivisibleGrantProgram, result: MIPResult) {
        guard let backend = solver.mipSolver else {
            throw .notSolved(
                year: year, stage: stage, status: .otherError,
                detail: "the solver backend \(solver.backendDescription) has no MIP solver, which deciding several indivisible requests at once needs"
            )
        }
        var relaxation = baseOptions
        if relaxation.method == .interior { relaxation.method = .dualThenPrimal }
        let options = MIPOptions(relaxation: relaxation)
        var round = 1
        while true {
            let name = round == 1 ? stage : "\(stage), N-1 round \(round)"
            let program = build(model)
            // The relaxation starts from the last LP stage's basis: the program's extra columns
            // at their lower bound (0), its extra rows basic.
            var warm = options
            warm.relaxation.startingBasis = basis.map { stageBasis in
                LPBasis(
                    rowStatus: stageBasis.rowStatus + Array(repeating: .basic, count: max(0, program.lp.rowCount - stageBasis.rowStatus.count)),
                    columnStatus: stageBasis.columnStatus
                        + Array(repeating: .atLower, count: max(0, program.lp.columnCount - stageBasis.columnStatus.count)))
            }
            let result: MIPResult
            do {
                result = try backend.solveMIP(program.lp, options: warm)
            } catch {
                throw .solver(year: year, stage: name, error: error)
            }
            countSolve(iterations: result.iterations, seconds: result.solveTimeSeconds)
            guard result.isOptimal else {
                let detail = result.raw.message
                switch result.termination {
                case .timeLimit, .iterationLimit: throw .limitReached(year: year, stage: name, status: result.termination, detail: detail)
                default:
                    throw .notSolved(year: year, stage: name, status: result.termination, detail: "MIP status \(result.status.rawValue): \(detail)")
                }
            }
            if let certificate {
                let report = FeasibilityReport.check(program.lp, result.primalSolveResult, tolerance: certificate, checkDuals: false)
                if !report.isFeasible {
                    throw .certificateFailed(year: year, stage: name, violationCount: report.violationCount, worst: report.worst.map(\.message))
                }
            }
            if !model.security.outageBranches.isEmpty {
                let rows = model.addContingencyRows(
                    pairs: model.contingencyViolations(result.primalSolveResult, toleranceMW: contingencyToleranceMW), dataset: dataset)
                if !rows.isEmpty {
                    extendBasis(byBasicRows: rows.count)
                    round += 1
                    continue
                }
            }
            mipStages.append(
                MIPStageRecord(
                    stage: stage, requests: program.deciding.map { model.view.requests[$0].key }, status: result.status,
                    objective: result.objectiveValue, lpBound: result.relaxationBound, relativeGap: result.relativeGap,
                    seconds: result.solveTimeSeconds))
            return (program, result)
        }
    }

    /// Leximin by mixed-integer stages over one class (see the comment above this extension).
    mutating func fillIndivisible(_ members: [Int]) throws(AnalysisError) {
        var active = members.filter { fixedShare[$0] == nil }.sorted()
        let deciding = active.filter { model.isUndecidedIndivisible($0) }
        step += 1
        model.setFillRows(active: [], floorLowerBound: 0)
        let fewest = "step \(step) (fewest refused indivisible requests)"
        let counted = try solveMIP(fewest) { model in
            var program = model.indivisibleGrantProgram(deciding: deciding)
            program.setFewestRefusalsObjective()
            return program
        }
        let refusals = deciding.count - Int((counted.result.objectiveValue ?? 0).rounded())
        let decidedHere = Set(deciding)
        var lastFloor = -1.0
        while !active.isEmpty {
            step += 1
            let undecided = active.filter { model.isUndecidedIndivisible($0) }
            let refusedSoFar = decidedHere.filter { fixedShare[$0] == 0 && !active.contains($0) }.count
            let allowed = max(0, refusals - refusedSoFar)
            model.setFillRows(active: Set(active), floorLowerBound: 0)
            let floorStage = "step \(step) (maximise the common share floor, \(allowed) refusal(s))"
            let floorSolve = try solveMIP(floorStage) { model in
                var program = model.indivisibleGrantProgram(deciding: undecided)
                model.relaxFillRows(&program)
                model.addRefusalCountRow(&program, atMost: allowed)
                program.setFloorObjective(model: model)
                return program
            }
            let floor = min(1, floorSolve.result.objectiveValue ?? 0)
            if floor >= 1 - fairness.share {
                let granted = floorSolve.program.decisions(floorSolve.result.columnValues)
                for j in active { settle(j, granted: granted[j] ?? true, share: 1, stage: floorStage) }
                break
            }
            // Each step fixes a member or raises the floor by at least ε (every member left then
            // rose above the last floor); anything else is numerical trouble.
            guard floor > lastFloor + fairness.share else {
                throw .numericalTrouble(
                    year: year, stage: floorStage, status: .otherError,
                    detail: "the floor \(floor) did not rise above \(lastFloor) and no request was fixed")
            }
            lastFloor = floor
            let held = max(0, floor - fairness.share)
            model.setFillRows(active: Set(active), floorLowerBound: held)
            let riseStage = "step \(step) (most requests above the floor \(floor))"
            let (members, epsilon) = (active, fairness.rise)
            let rise = try solveMIP(riseStage) { model in
                var program = model.indivisibleGrantProgram(deciding: undecided)
                model.relaxFillRows(&program)
                model.addRefusalCountRow(&program, atMost: allowed)
                model.addRiserIndicators(&program, members: members, floor: held, epsilon: epsilon)
                program.setMostRisersObjective()
                return program
            }
            let risers = rise.program.risers(rise.result.columnValues)
            let granted = rise.program.decisions(rise.result.columnValues)
            let stuck = active.filter { !risers.contains($0) }
            let atFloor = stuck.filter { granted[$0] ?? true }
            if risers.isEmpty && atFloor.isEmpty {
                // Every member left is refused in the optimum: the count of refusals is used up.
                for j in active { settle(j, granted: false, share: 0, stage: riseStage) }
                break
            }
            for j in atFloor { settle(j, granted: true, share: floor, stage: riseStage) }
            active.removeAll { atFloor.contains($0) }
            if !atFloor.isEmpty { lastFloor = -1 }
        }
        model.setFillRows(active: [], floorLowerBound: 0)
        try findBlockingCapacities(members.filter { decidedHere.contains($0) || mipStage[$0] != nil })
    }

    /// Fixes member j as decided by a mixed-integer stage: granted at `share` (an indivisible one
    /// held at ≥ min_mw too) or refused (grant 0).
    private mutating func settle(_ j: Int, granted: Bool, share: Double, stage: String) {
        record(j, share: granted ? share : 0, blocking: nil)
        mipStage[j] = stage
        if granted {
            model.fixShare(pair: j, share: share, tolerance: fairness.share)
            if model.view.requests[j].minMW != nil { model.holdGranted(request: j) }
        } else {
            model.refuseGrant(request: j)
        }
    }

    /// The capacity that blocks each member short of its full request, after the mixed-integer
    /// stages decided the class: one LP per member, the others held where they were fixed,
    /// the member free in [0, R_j] (its own hold released and restored), maximising its grant.
    private mutating func findBlockingCapacities(_ members: [Int]) throws(AnalysisError) {
        for j in members where (fixedShare[j] ?? 1) < 1 - fairness.share {
            let snapshot = model.boundsSnapshot()
            model.releaseShare(member: j)
            model.releaseGrant(request: j)
            model.setShortfallObjective(pair: j)
            let check = try run("step \(step) (what blocks \(model.ruleMemberName(j)))")
            let blocking = BottleneckAnalysis.blockingCapacity(dataset: dataset, model: model, result: check)
            recordBlocking(j, blocking)
            model.restoreBounds(snapshot)
        }
    }

    /// The `cost` rule's value stage with undecided indivisible requests: maximise the value of
    /// the delivered request energy (the model's current objective) with a binary per undecided
    /// indivisible request, then hold each decision (refused: grant 0; granted: ≥ min_mw). The
    /// LP value stage that follows has the same optimum.
    mutating func decideIndivisibleByValue() throws(AnalysisError) {
        let deciding = model.view.requests.indices.filter { fixedShare[$0] == nil && model.isUndecidedIndivisible($0) }
        let stage = "maximise the value of the delivered request energy, indivisible requests decided"
        let solved = try solveMIP(stage) { model in model.indivisibleGrantProgram(deciding: deciding) }
        let granted = solved.program.decisions(solved.result.columnValues)
        for r in deciding {
            mipStage[r] = stage
            if granted[r] ?? true {
                model.holdGranted(request: r)
            } else {
                record(r, share: 0, blocking: nil)
                model.refuseGrant(request: r)
            }
        }
    }
}
