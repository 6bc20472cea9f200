// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntData
import KnelpuntLP

/// The mixed-integer program of a stage that decides several indivisible requests at once: a
/// copy of the stage LP (every bound, fixing and objective of the model as it stands) with the
/// families below added. The model itself is not changed; the analysis reads the integer
/// solution and fixes the model by its named stage operations.
///
/// Units: g_r in MW, shares g_r/R_r, q_r, λ and ε dimensionless, b_r and y_j binary.
public struct IndivisibleGrantProgram: Sendable {
    /// The stage LP with the binary columns and rows added.
    public internal(set) var lp: LinearProgram
    /// The requests decided (indices into ``YearView/requests``), ascending.
    public let deciding: [Int]
    /// Column of b_r per decided request, parallel to ``deciding``.
    public internal(set) var decisionColumn: [Int] = []
    /// Column of y_j per member of ``addRiserIndicators(members:floor:epsilon:model:)``.
    public internal(set) var riserColumn: [Int: Int] = [:]

    init(lp: LinearProgram, deciding: [Int]) {
        self.lp = lp
        self.deciding = deciding
    }

    /// b_r of each decided request in an integer solution (rounded: the solver's values are
    /// integral within its integrality tolerance).
    public func decisions(_ values: [Double]) -> [Int: Bool] {
        Dictionary(uniqueKeysWithValues: zip(deciding, decisionColumn).map { ($0, values[$1] > 0.5) })
    }

    /// The members whose y_j is 1 in an integer solution.
    public func risers(_ values: [Double]) -> Set<Int> {
        Set(riserColumn.filter { values[$0.value] > 0.5 }.map(\.key))
    }

    // MARK: - Objectives

    /// Objective: maximise Σ_r b_r, i.e. minimise the number of refused requests.
    public mutating func setFewestRefusalsObjective() {
        lp.clearObjective()
        lp.sense = .maximize
        for column in decisionColumn { lp.setCost(column, 1) }
    }

    /// Objective: maximise λ (dimensionless), the common share floor of the members whose fill
    /// rows are on.
    public mutating func setFloorObjective(model: AllocationModel) {
        lp.clearObjective()
        lp.sense = .maximize
        if let floor = model.shareFloorColumn { lp.setCost(floor, 1) }
    }

    /// Objective: minimise the column `column` alone (a member's shortfall q_j: raise its share).
    public mutating func setShortfallObjective(column: Int) {
        lp.clearObjective()
        lp.sense = .minimize
        lp.setCost(column, 1)
    }

    /// Objective: maximise Σ_j y_j, the number of members strictly above the floor.
    public mutating func setMostRisersObjective() {
        lp.clearObjective()
        lp.sense = .maximize
        for column in riserColumn.values { lp.setCost(column, 1) }
    }
}

extension AllocationModel {
    /// The mixed-integer program deciding the indivisible requests `deciding` (indices into
    /// ``YearView/requests``, each with a `min_mw`) on the LP as it stands, with its objective:
    ///
    ///     b_r ∈ {0, 1}                                        (granted or refused)
    ///     min_r·b_r ≤ g_r ≤ R_r·b_r                           [MW]
    ///
    /// so g_r ∈ {0} ∪ [min_r, R_r]: the grant is 0 or at least min_mw (see
    /// ``addGrantDecisionColumns(_:)`` and ``addMinimumGrantRows(_:)``).
    public func indivisibleGrantProgram(deciding: [Int]) -> IndivisibleGrantProgram {
        var program = IndivisibleGrantProgram(lp: lp, deciding: deciding.sorted())
        addGrantDecisionColumns(&program)
        addMinimumGrantRows(&program)
        return program
    }

    /// Decision of request r, b_r ∈ {0, 1} (dimensionless, no cost): 1 = granted at least
    /// min_mw, 0 = refused (grant 0).
    func addGrantDecisionColumns(_ program: inout IndivisibleGrantProgram) {
        for r in program.deciding {
            let column = program.lp.addColumn(name: "b[\(view.requests[r].key)]", lowerBound: 0, upperBound: 1, kind: .binary)
            program.decisionColumn.append(column)
        }
    }

    /// Minimum and maximum grant of request r (MW), two rows per decided request:
    ///
    ///     g_r − min_r·b_r ≥ 0        g_r − R_r·b_r ≤ 0
    func addMinimumGrantRows(_ program: inout IndivisibleGrantProgram) {
        for (r, b) in zip(program.deciding, program.decisionColumn) {
            let request = view.requests[r]
            let minimum = request.minMW ?? 0
            program.lp.addRow(
                name: "gmin[\(request.key)]", lowerBound: 0, upperBound: .infinity, terms: [(grantColumn[r], 1), (b, -minimum)])
            program.lp.addRow(
                name: "gmax[\(request.key)]", lowerBound: -.infinity, upperBound: 0, terms: [(grantColumn[r], 1), (b, -request.requestedMW)])
        }
    }

    /// The count of refusals held (dimensionless), one row: Σ_r (1 − b_r) ≤ K, written
    /// Σ_r b_r ≥ |decided| − K.
    public func addRefusalCountRow(_ program: inout IndivisibleGrantProgram, atMost refusals: Int) {
        program.lp.addRow(
            name: "refusals", lowerBound: Double(program.deciding.count - refusals), upperBound: .infinity,
            terms: program.decisionColumn.map { ($0, 1) })
    }

    /// Relaxes the fill row of each decided request whose fill row is on by its decision
    /// (dimensionless):
    ///
    ///     q_r + λ + b_r ≤ 2,  i.e.  g_r/R_r ≥ λ − (1 − b_r)
    ///
    /// a granted request (b_r = 1) keeps its share at the floor, a refused one (share 0) is exempt.
    public func relaxFillRows(_ program: inout IndivisibleGrantProgram) {
        for (r, b) in zip(program.deciding, program.decisionColumn) where program.lp.rows[fillRow[r]].upperBound == 1 {
            program.lp.addCoefficient(row: fillRow[r], column: b, value: 1)
            program.lp.setRowBounds(fillRow[r], lower: -.infinity, upper: 2)
        }
    }

    /// Riser indicator of each member j of `members` (indices into ``YearView/requests``),
    /// y_j ∈ {0, 1}, with the floor λ* held and a rise of ε (both dimensionless):
    ///
    ///     divisible j:    q_j + ε·y_j ≤ 1 − λ*               (y_j = 1 ⇒ g_j/R_j ≥ λ* + ε)
    ///     decided j:      q_j + ε·y_j + b_j ≤ 2 − λ*,  y_j − b_j ≤ 0
    ///
    /// so y_j = 1 only for a member granted strictly above the floor; a refused one has y_j = 0.
    public func addRiserIndicators(_ program: inout IndivisibleGrantProgram, members: [Int], floor: Double, epsilon: Double) {
        let decision = Dictionary(uniqueKeysWithValues: zip(program.deciding, program.decisionColumn))
        for j in members.sorted() {
            let key = view.requests[j].key
            let y = program.lp.addColumn(name: "y[\(key)]", lowerBound: 0, upperBound: 1, kind: .binary)
            program.riserColumn[j] = y
            if let b = decision[j] {
                program.lp.addRow(
                    name: "rise[\(key)]", lowerBound: -.infinity, upperBound: 2 - floor,
                    terms: [(shortfallColumn[j], 1), (y, epsilon), (b, 1)])
                program.lp.addRow(name: "risegranted[\(key)]", lowerBound: -.infinity, upperBound: 0, terms: [(y, 1), (b, -1)])
            } else {
                program.lp.addRow(
                    name: "rise[\(key)]", lowerBound: -.infinity, upperBound: 1 - floor, terms: [(shortfallColumn[j], 1), (y, epsilon)])
            }
        }
    }

    /// True when request r's grant lower bound already holds min_mw (decided granted), or its
    /// share is held at 0 (refused), or it is divisible: no binary needed.
    public func isUndecidedIndivisible(_ r: Int) -> Bool {
        guard let minimum = view.requests[r].minMW else { return false }
        let grant = lp.columns[grantColumn[r]]
        let shortfall = lp.columns[shortfallColumn[r]]
        return grant.lowerBound < minimum && shortfall.lowerBound < 1 && grant.upperBound > 0
    }

    /// Frees request r's grant again: g_r ∈ [0, R_r] MW.
    public mutating func releaseGrant(request r: Int) {
        setColumnBounds(grantColumn[r], lower: 0, upper: view.requests[r].requestedMW)
    }

    /// Holds request r granted at least min_mw: g_r ≥ min_r (MW).
    public mutating func holdGranted(request r: Int) {
        let column = grantColumn[r]
        setColumnBounds(column, lower: min(view.requests[r].minMW ?? 0, lp.columns[column].upperBound), upper: lp.columns[column].upperBound)
    }
}
