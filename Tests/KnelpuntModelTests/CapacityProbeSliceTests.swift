// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntData
import KnelpuntGLPK
import KnelpuntLP
import KnelpuntModel
import Testing

/// The slice LPs of the capacity-probe family and their named operations
/// (``AllocationModel/capacityProbeSlices()``, ``CapacityProbeSliceLP``), checked by hand on a
/// three-node grid.
@Suite struct CapacityProbeSliceTests {
    /// Nodes a, b, c; AC lines a→b, b→c, and two parallel lines a→c ("ac1", "ac2"), every
    /// reactance 0.01 p.u.; ac1 and ac2 100 MW (emergency rating 120 MW), a→b and b→c 200 MW.
    /// Plant at a, 300 MW. At c a firm load of 100 MW with a flex contract (30 MW, at most
    /// 2,190 h a year) and a firm request of 20 MW. Two slices of 4,380 h; security N-1.
    ///
    /// Power from a to c splits by conductance (1/x): ac1 and ac2 take 2/5 each, a→b→c 1/5. After
    /// the outage of ac1 its flow goes 2/3 over ac2 and 1/3 round a→b→c: LODF_{ac2,ac1} = 2/3,
    /// LODF_{ab,ac1} = 1/3.
    static func grid() -> Dataset {
        let origin = RecordOrigin(file: "test", line: 0)
        let nodes = ["a", "b", "c"].map {
            Node(id: NodeID($0), name: $0, carrier: .electricity, cluster: "X", latitude: nil, longitude: nil, origin: origin)
        }
        let lines: [(id: String, from: String, to: String, capacityMW: Double, emergencyMW: Double?)] = [
            ("ab", "a", "b", 200, nil), ("bc", "b", "c", 200, nil), ("ac1", "a", "c", 100, 120), ("ac2", "a", "c", 100, 120),
        ]
        let links = lines.map {
            Link(
                id: LinkID($0.id), name: $0.id, from: NodeID($0.from), to: NodeID($0.to), carrier: .electricity, capacityMW: $0.capacityMW,
                commissioned: nil, retired: nil, reactancePU: 0.01, emergencyRatingMW: $0.emergencyMW, source: "test", origin: origin)
        }
        let plant = Supply(
            id: SupplyID("plant"), name: "plant", node: NodeID("a"), kind: .generation, capacityMW: 300, profile: nil, costEURPerMWh: 10,
            commissioned: nil, retired: nil, source: "test", origin: origin)
        let load = Consumer(
            id: ConsumerID("load"), name: "load", cluster: "X", electricityNode: NodeID("c"), hydrogenNode: nil, group: .maatwerk,
            stage: .none, priority: nil, queueDate: CalendarDate(iso: "2020-01-01"), vollEURPerMWh: 5000, source: "test", origin: origin)
        let demand = DemandLevel(
            consumer: ConsumerID("load"), carrier: .electricity, year: 2025, mw: 100, profile: nil, source: "test", origin: origin)
        let request = TransitionProject(
            consumer: ConsumerID("load"), project: TransitionID("load-boiler"), carrier: .electricity, year: 2025, mw: 20, profile: nil,
            co2AvoidedKtPerYear: 1, source: "test", origin: origin)
        let flex = FlexCommitment(
            consumer: ConsumerID("load"), carrier: .electricity, product: .cbc, fromYear: 2025, toYear: nil, maxMW: 30, maxHoursPerYear: 2190,
            costEURPerMWh: 100, window: nil, source: "test", origin: origin)
        let slices = [("day", 12), ("night", 0)].map {
            Timeslice(id: TimesliceID($0.0), weightHours: 4380, month: nil, hour: $0.1, profileValues: [], origin: origin)
        }
        let info = DatasetInfo(
            name: "probe-slices", title: "probe slices", description: "", years: [2025], defaultVOLLEURPerMWh: 5000, energyBasis: "LHV",
            sources: [], security: .n1)
        return Dataset(
            info: info, nodes: nodes, links: links, projects: [], supplies: [plant], conversions: [], consumers: [load], demand: [demand],
            transitions: [request], flex: [flex], timeslices: Timeslices(profileNames: [], slices: slices))
    }

    /// The probe model as the capacity map builds it: rule families, the request granted in full
    /// (20 MW), the firm load fully served (u held at 0), the probe family.
    static func probeModel() -> (dataset: Dataset, model: AllocationModel) {
        let dataset = grid()
        var model = AllocationModel.build(dataset: dataset, year: 2025, allocation: .requests)
        model.addAllocationRuleFamilies()
        model.setFillRows(active: [], floorLowerBound: 0)
        model.fixGrants(atMW: [20])
        model.holdFirmUnserved(atMostMW: [[0, 0]], zeroMW: 1e-9)
        model.addCapacityProbeFamily(dataset: dataset)
        return (dataset, model)
    }

    static func link(_ dataset: Dataset, _ id: String) -> Int { dataset.links.firstIndex { $0.id.rawValue == id }! }

    /// The terms of row `row` of `lp` by column.
    static func terms(_ lp: LinearProgram, row: Int) -> [Int: Double] {
        var terms: [Int: Double] = [:]
        for k in lp.entryValues.indices where Int(lp.entryRows[k]) == row { terms[Int(lp.entryColumns[k]), default: 0] += lp.entryValues[k] }
        return terms
    }

    /// Slice t holds the model's rows of t over its columns of t and six local probe columns; the
    /// grant moves into c's balance: 100 MW firm load + 20 MW granted = 120 MW; the probes enter
    /// with −1 (offtake) and +1 (infeed). The flex budget couples the slices:
    /// 4,380·z[day] + 4,380·z[night] ≤ 30·2,190 = 65,700 MWh.
    @Test func sliceLPsHoldTheSliceRowsWithTheGrantsSubstituted() throws {
        let (_, model) = Self.probeModel()
        let slicing = model.capacityProbeSlices()
        #expect(slicing.slices.count == 2)
        let budget = try #require(model.flexBudgetRow[0])
        #expect(slicing.couplingRows.map(\.row).contains(budget))
        let k = try #require(slicing.couplingRows.firstIndex { $0.row == budget })
        #expect(slicing.couplingRows[k].lower == -.infinity && abs(slicing.couplingRows[k].upper - 65_700) <= 1e-9)
        for (t, slice) in slicing.slices.enumerated() {
            let rows = model.rowKeys.indices.filter { model.rowKeys[$0].timeslice == t }
            let columns = model.columnKeys.indices.filter { model.columnKeys[$0].timeslice == t }
            #expect(slice.timeslice == t && slice.modelColumn == columns)
            #expect(slice.lp.rowCount == rows.count && slice.lp.columnCount == columns.count + 6)
            #expect(slice.lp.sense == .maximize && slice.lp.columns.allSatisfy { $0.cost == 0 })
            for (j, column) in columns.enumerated() { #expect(slicing.localColumn[column] == j) }
            let balance = try #require(rows.firstIndex(of: model.balanceRow[2][t]))
            #expect(abs(slice.lp.rows[balance].lowerBound - 120) <= 1e-9 && abs(slice.lp.rows[balance].upperBound - 120) <= 1e-9)
            let terms = Self.terms(slice.lp, row: balance)
            #expect(terms[slice.probes[2].offtake] == -1 && terms[slice.probes[2].infeed] == 1)
            #expect(slice.probes.allSatisfy { slice.lp.columns[$0.offtake].upperBound == 0 && slice.lp.columns[$0.infeed].upperBound == 0 })
            let z = try #require(model.flexColumn[0]?[t])
            #expect(slice.couplingTerms.count == 1)
            #expect(slice.couplingTerms.first?.row == k && slice.couplingTerms.first?.column == slicing.localColumn[z])
            #expect(abs((slice.couplingTerms.first?.value ?? 0) - 4380) <= 1e-9)
            #expect(slicing.couplingEntries.contains { $0.row == k && $0.column == z && abs($0.value - 4380) <= 1e-9 })
        }
    }

    /// The probe objective on a slice: max y of the one probe opened (0 ≤ y ≤ Ȳ), every other
    /// probe fixed at 0; opening another probe closes the first; the reference objective is
    /// min 0 with every probe closed. Solved: the a→c transfer T is limited by ac1 and ac2
    /// (0.4·T ≤ 100 MW), so T ≤ 250 MW, and c takes 120 MW less up to 30 MW of flex:
    /// y⁻_c = 250 − 120 + 30 = 160 MW.
    @Test func probeObjectiveOnASlice() throws {
        let (_, model) = Self.probeModel()
        var slice = model.capacityProbeSlices().slices[0]
        slice.setCapacityProbeObjective(node: 2, .offtake)
        let offtake = slice.probes[2].offtake
        #expect(slice.lp.sense == .maximize)
        #expect(slice.lp.columns[offtake].cost == 1 && slice.lp.columns[offtake].upperBound == CapacityProbeSliceLP.probeCapMW)
        #expect(slice.lp.columns.indices.allSatisfy { $0 == offtake || slice.lp.columns[$0].cost == 0 })
        let solved = try GLPKSolver().solve(slice.lp)
        #expect(solved.termination == .optimal)
        #expect(abs((solved.objectiveValue ?? .nan) - 160) <= 1e-6)

        slice.setCapacityProbeObjective(node: 0, .infeed)
        #expect(slice.lp.columns[offtake].cost == 0 && slice.lp.columns[offtake].upperBound == 0)
        #expect(slice.lp.columns[slice.probes[0].infeed].cost == 1)
        slice.setReferenceObjective()
        #expect(slice.lp.sense == .minimize && slice.lp.columns.allSatisfy { $0.cost == 0 })
        #expect(slice.probes.allSatisfy { slice.lp.columns[$0.offtake].upperBound == 0 && slice.lp.columns[$0.infeed].upperBound == 0 })
    }

    /// Narrowed bounds stay within the column's own, and restoring gives the model's back.
    @Test func narrowAndRestoreColumnBounds() throws {
        let (_, model) = Self.probeModel()
        var slice = model.capacityProbeSlices().slices[1]
        let z = try #require(model.flexColumn[0]?[1])
        let local = try #require(slice.modelColumn.firstIndex(of: z))
        let own = model.lp.columns[z]
        #expect(own.lowerBound == 0 && own.upperBound == 30)
        slice.narrowColumnBounds([(local, 0, 12.5)])
        #expect(slice.lp.columns[local].lowerBound == 0 && slice.lp.columns[local].upperBound == 12.5)
        slice.restoreColumnBounds([local])
        #expect(slice.lp.columns[local].lowerBound == 0 && slice.lp.columns[local].upperBound == 30)
    }

    /// The post-contingency row of ac2 after the outage of ac1 in slice 0, on the slice's local
    /// flow columns: −120 ≤ x[ac2] + (2/3)·x[ac1] ≤ 120 MW, the model's own row
    /// (``AllocationModel/addContingencyRows(pairs:dataset:)``) mapped to the slice. With
    /// x[ac1] = x[ac2] = 0.4·T it gives (2/3)·T ≤ 120, T ≤ 180 MW: y⁻_c = 180 − 120 + 30 = 90 MW.
    @Test func contingencyRowsOnASlice() throws {
        let (dataset, model) = Self.probeModel()
        var slice = model.capacityProbeSlices().slices[0]
        let (ac1, ac2) = (Self.link(dataset, "ac1"), Self.link(dataset, "ac2"))
        let pair = ContingencyPair(monitored: ac2, outage: ac1, timeslice: 0)
        let rows = slice.lp.rowCount
        #expect(slice.addContingencyRows([pair], model: model) == 1)
        #expect(slice.addContingencyRows([pair], model: model) == 0, "a pair the slice holds adds nothing")
        #expect(slice.lp.rowCount == rows + 1 && slice.contingencyPairs == [pair])
        let row = slice.lp.rows[rows]
        #expect(row.lowerBound == -120 && row.upperBound == 120)
        let terms = Self.terms(slice.lp, row: rows)
        let (x1, x2) = (try #require(slice.flowColumn[ac1]), try #require(slice.flowColumn[ac2]))
        #expect(terms.count == 2 && terms[x2] == 1 && abs((terms[x1] ?? .nan) - 2.0 / 3) <= 1e-12)
        #expect(model.columnKeys[slice.modelColumn[x1]] == .flow(LinkID("ac1"), timeslice: 0))
        #expect(model.columnKeys[slice.modelColumn[x2]] == .flow(LinkID("ac2"), timeslice: 0))
        // The same row as the whole year's model writes.
        var full = model
        let fullRow = try #require(full.addContingencyRows(pairs: [pair], dataset: dataset).first)
        let fullTerms = Self.terms(full.lp, row: fullRow)
        #expect(fullTerms.count == 2 && fullTerms[slice.modelColumn[x1]] == terms[x1] && fullTerms[slice.modelColumn[x2]] == 1)

        slice.setCapacityProbeObjective(node: 2, .offtake)
        let solved = try GLPKSolver().solve(slice.lp)
        #expect(solved.termination == .optimal)
        #expect(abs((solved.objectiveValue ?? .nan) - 90) <= 1e-6)
    }
}
