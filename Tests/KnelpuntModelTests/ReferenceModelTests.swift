// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import KnelpuntData
import KnelpuntGLPK
import KnelpuntLP
import KnelpuntModel
import Testing

/// The reference formulation `models/allocation.mod` (GNU MathProg, built by GLPK's MathProg
/// translator from the dataset's tables) and the Swift builder `AllocationModel.build` must be the
/// same LP: same size, same optimum, same unserved energy.
@Suite struct ReferenceModelTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var dataset: String
        var year: Int
        /// Compare unserved energy per consumer-carrier pair (only where the optimum is unique:
        /// on nl many pairs share the default VoLL, so the shortfall may sit with any of them).
        var perPair: Bool
        /// Compare unserved energy per node (only where that split is unique: on nl the public
        /// loads of the north-east share the default VoLL, so a shortfall may sit at any of them).
        var perNode = true
        var testDescription: String { "\(dataset) \(year)" }
    }

    static let cases: [Case] = [
        Case(dataset: "tiny", year: 2025, perPair: true),
        Case(dataset: "tiny", year: 2030, perPair: true),
        Case(dataset: "edge", year: 2025, perPair: true),
        Case(dataset: "edge", year: 2028, perPair: true),
        Case(dataset: "edge", year: 2030, perPair: true),
        Case(dataset: "edge", year: 2031, perPair: true),
        // One nl year (with its public load, glpsol's monolithic N-1 LP takes minutes per year):
        // 2030 has firm unserved load, hydrogen and electrolysers in use.
        Case(dataset: "nl", year: 2030, perPair: false, perNode: false),
    ]

    @Test(arguments: cases)
    func mathProgModelEqualsSwiftModel(_ test: Case) throws {
        let dataset = try ReferenceRun.load(test.dataset)
        var built = AllocationModel.build(dataset: dataset, year: test.year)
        // Under N-1 (nl) the Swift LP gets all its post-contingency rows up front, as the reference does.
        if dataset.info.security == .n1 { built.addContingencyRows(pairs: built.allContingencyPairs(), dataset: dataset) }
        let swift = try GLPKSolver().solve(built.lp)
        let reference = try ReferenceRun(dataset: dataset, year: test.year)
        let mathProg = try GLPKSolver().solve(reference.lp)
        try #require(swift.termination == .optimal && mathProg.termination == .optimal)

        // The same LP: the same columns (flex outside its window omitted in both) and rows, except
        // that the reference writes Kirchhoff with one angle per AC node and slice and one row per
        // AC link, the Swift model with cycle rows (no difference without reactances).
        let slices = dataset.timeslices.slices.count
        let acNodes = built.physics.component.compactMap { $0 }.count
        #expect(reference.lp.columnCount == built.lp.columnCount + acNodes * slices)
        #expect(reference.lp.rowCount == built.lp.rowCount + (built.physics.branches.count - built.physics.cycles.count) * slices)
        let swiftCost = try #require(swift.objectiveValue)
        let referenceCost = try #require(mathProg.objectiveValue)
        #expect(abs(swiftCost - referenceCost) <= 1e-6 * max(1, abs(swiftCost)), "objective \(swiftCost) (Swift) vs \(referenceCost) (MathProg)")

        // The same pairs: every u[c,k,t] of the Swift model exists in the MathProg model, and no other.
        let weights = dataset.timeslices.slices.map(\.weightHours)
        let unservedColumns = reference.lp.columns.filter { $0.name.hasPrefix("u[") }.count
        #expect(unservedColumns == built.view.pairs.count * weights.count)
        // Unserved energy (MWh) per pair, per node and in total, matched by name.
        var swiftByNode: [NodeID: Double] = [:]
        var referenceByNode: [NodeID: Double] = [:]
        let totalDemand = built.view.pairs.reduce(0) { $0 + $1.annualDemandMWh }
        for (i, pair) in built.view.pairs.enumerated() {
            var swiftMWh = 0.0
            var referenceMWh = 0.0
            for (t, slice) in dataset.timeslices.slices.enumerated() {
                let name = ReferenceRun.memberName("u", [pair.key.consumer.rawValue, pair.key.carrier.rawValue, slice.id.rawValue])
                let column = try #require(reference.column[name], "\(name) missing from the MathProg model")
                swiftMWh += weights[t] * swift.columnValues[built.unservedColumn[i][t]]
                referenceMWh += weights[t] * mathProg.columnValues[column]
            }
            swiftByNode[pair.node, default: 0] += swiftMWh
            referenceByNode[pair.node, default: 0] += referenceMWh
            if test.perPair {
                #expect(
                    abs(swiftMWh - referenceMWh) <= 1e-6 * max(1, pair.annualDemandMWh),
                    "\(pair.key): unserved \(swiftMWh) MWh (Swift) vs \(referenceMWh) MWh (MathProg)")
            }
        }
        // Per node where the split is unique, and always the yearly total.
        for node in swiftByNode.keys.sorted() where test.perNode {
            let a = swiftByNode[node] ?? 0
            let b = referenceByNode[node] ?? 0
            #expect(abs(a - b) <= 1e-6 * max(1, totalDemand), "node \(node): unserved \(a) MWh (Swift) vs \(b) MWh (MathProg)")
        }
        let totalSwift = swiftByNode.values.reduce(0, +)
        let totalReference = referenceByNode.values.reduce(0, +)
        #expect(
            abs(totalSwift - totalReference) <= 1e-6 * max(1, totalDemand),
            "total unserved \(totalSwift) MWh (Swift) vs \(totalReference) MWh (MathProg)")
    }

    /// A meshed grid with reactances (tiny plus a node `mid` closing the cycle coast–mid–port, and
    /// a project that changes coast–port's reactance in 2030): the reference writes Kirchhoff with
    /// angles (one θ per AC node and slice, one row per AC link), the Swift model with cycle rows.
    /// Same optimum and unserved energy; the sizes differ by exactly those families.
    @Test(arguments: [2025, 2030]) func meshedGridWithKirchhoffEqualsSwiftModel(year: Int) throws {
        let dataset = try Self.meshedGrid()
        let built = AllocationModel.build(dataset: dataset, year: year)
        let swift = try GLPKSolver().solve(built.lp)
        let reference = try ReferenceRun(dataset: dataset, year: year)
        let mathProg = try GLPKSolver().solve(reference.lp)
        try #require(swift.termination == .optimal && mathProg.termination == .optimal)
        let slices = dataset.timeslices.slices.count
        let acNodes = built.physics.component.compactMap { $0 }.count
        #expect(built.physics.branches.count == 3 && built.physics.cycles.count == 1)
        #expect(reference.lp.columnCount == built.lp.columnCount + acNodes * slices)
        #expect(reference.lp.rowCount == built.lp.rowCount + (built.physics.branches.count - built.physics.cycles.count) * slices)
        let a = try #require(swift.objectiveValue)
        let b = try #require(mathProg.objectiveValue)
        #expect(abs(a - b) <= 1e-6 * max(1, abs(a)), "objective \(a) (Swift) vs \(b) (MathProg)")
        var unservedSwift = 0.0
        var unservedReference = 0.0
        for (i, pair) in built.view.pairs.enumerated() {
            for (t, slice) in dataset.timeslices.slices.enumerated() {
                let name = ReferenceRun.memberName("u", [pair.key.consumer.rawValue, pair.key.carrier.rawValue, slice.id.rawValue])
                unservedSwift += swift.columnValues[built.unservedColumn[i][t]]
                unservedReference += mathProg.columnValues[try #require(reference.column[name])]
            }
        }
        #expect(abs(unservedSwift - unservedReference) <= 1e-6 * max(1, unservedSwift))
        // Not vacuous: as a transport model (no reactances) the same grid is cheaper.
        var transport = dataset
        for l in transport.links.indices { transport.links[l].reactancePU = nil }
        for p in transport.projects.indices { transport.projects[p].reactancePU = nil }
        let free = try #require(try GLPKSolver().solve(AllocationModel.build(dataset: transport, year: year).lp).objectiveValue)
        #expect(free < a - 1, "transport \(free) vs Kirchhoff \(a)")
    }

    /// The meshed grid under N-1 (every AC link an outage; mid-port with an emergency rating of
    /// 30 MW): the reference writes every pair of `n1_pairs.csv` (LODF from the Swift model's
    /// ``NetworkPhysics``) in every slice; the Swift LP gets all its post-contingency rows up
    /// front (the lazy loop reaches the same optimum, PowerFlowPropertyTests). Same optimum and
    /// the same number of N-1 rows; not vacuous: N-1 costs more than the intact grid.
    @Test(arguments: [2025, 2030]) func meshedGridUnderNMinusOneEqualsSwiftModel(year: Int) throws {
        var dataset = try Self.meshedGrid()
        dataset.info.security = .n1
        let midPort = try #require(dataset.links.firstIndex { $0.id == "mid-port" })
        dataset.links[midPort].emergencyRatingMW = 30
        var built = AllocationModel.build(dataset: dataset, year: year)
        let pairs = built.allContingencyPairs()
        built.addContingencyRows(pairs: pairs, dataset: dataset)
        let slices = dataset.timeslices.slices.count
        #expect(built.security.outageBranches.count == 3 && pairs.count == 6 * slices, "3 outages x 2 monitored links per slice")
        let table = built.mathProgContingencyTable(dataset: dataset)
        #expect(table.name == "n1_pairs.csv" && table.contents.split(separator: "\n").count == 1 + 6)
        let swift = try GLPKSolver().solve(built.lp)
        let reference = try ReferenceRun(dataset: dataset, year: year)
        let mathProg = try GLPKSolver().solve(reference.lp)
        try #require(swift.termination == .optimal && mathProg.termination == .optimal)
        let acNodes = built.physics.component.compactMap { $0 }.count
        #expect(reference.lp.columnCount == built.lp.columnCount + acNodes * slices)
        #expect(reference.lp.rowCount == built.lp.rowCount + (built.physics.branches.count - built.physics.cycles.count) * slices)
        let a = try #require(swift.objectiveValue)
        let b = try #require(mathProg.objectiveValue)
        #expect(abs(a - b) <= 1e-6 * max(1, abs(a)), "objective \(a) (Swift) vs \(b) (MathProg)")
        var intact = dataset
        intact.info.security = SecurityMode.none
        let withoutN1 = try #require(try GLPKSolver().solve(AllocationModel.build(dataset: intact, year: year).lp).objectiveValue)
        #expect(withoutN1 < a - 1, "intact \(withoutN1) vs N-1 \(a)")
    }

    /// tiny plus a node `mid` closing the cycle coast–mid–port, and a project that changes
    /// coast–port's reactance in 2030.
    static func meshedGrid() throws -> Dataset {
        var dataset = try ReferenceRun.load("tiny")
        let origin = RecordOrigin(file: "test", line: 0)
        dataset.nodes.append(Node(id: "mid", name: "mid", carrier: .electricity, cluster: "X", latitude: nil, longitude: nil, origin: origin))
        let coastPort = try #require(dataset.links.firstIndex { $0.id == "coast-port" })
        dataset.links[coastPort].reactancePU = 0.02
        dataset.links.append(
            Link(
                id: "coast-mid", name: "coast-mid", from: "coast", to: "mid", carrier: .electricity, capacityMW: 400,
                commissioned: nil, retired: nil, reactancePU: 0.01, source: "test", origin: origin))
        dataset.links.append(
            Link(
                id: "mid-port", name: "mid-port", from: "mid", to: "port", carrier: .electricity, capacityMW: 20,
                commissioned: nil, retired: nil, reactancePU: 0.015, source: "test", origin: origin))
        dataset.projects.append(
            Project(
                id: "coast-port-reconductor", name: "r", programme: "MIEK", target: "coast-port", capacityMW: 0,
                year: 2030, status: .planned, reactancePU: 0.01, source: "test", origin: origin))
        return dataset
    }

    @Test func tinyOptimumIsTheHandSolution() throws {
        let dataset = try ReferenceRun.load("tiny")
        let result = try GLPKSolver().solve(try ReferenceRun(dataset: dataset, year: 2025).lp)
        let cost = try #require(result.objectiveValue)
        #expect(abs(cost - 348_100_500) <= 1e-6 * 348_100_500)
    }

    /// The model's `check` statements stop it on data the format forbids (here: weights that do
    /// not add up to a year), naming the statement.
    @Test func checksRejectBadTables() throws {
        let dataset = try ReferenceRun.load("tiny")
        var broken = dataset
        broken.timeslices.slices[0].weightHours = 100
        let error = #expect(throws: SolverError.self) {
            _ = try ReferenceRun(dataset: broken, year: 2025)
        }
        #expect(error.map { "\($0)".contains("check") && "\($0)".contains("failed") } == true, "\(String(describing: error))")
    }

    /// Every table cell GLPK reads is at most 100 characters, and no cell is empty.
    @Test func tablesFitGLPKsCSVDriver() throws {
        for name in ["tiny", "edge", "nl"] {
            for (file, contents) in MathProgTables.files(try ReferenceRun.load(name)) {
                for line in contents.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
                    for cell in line.split(separator: ",", omittingEmptySubsequences: false) {
                        #expect(!cell.isEmpty && cell.count <= 100, "\(name)/\(file): cell '\(cell)' in line '\(line)'")
                    }
                }
            }
        }
    }
}

/// The MathProg reference model built by GLPK from a dataset's tables in a temporary folder.
struct ReferenceRun {
    let lp: LinearProgram
    /// Column index by name.
    let column: [String: Int]

    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `datasets/<name>`, or the fixture `Fixtures/<name>` of this test target.
    static func load(_ name: String) throws -> Dataset {
        var folder = repositoryRoot.appendingPathComponent("datasets/\(name)")
        if !FileManager.default.fileExists(atPath: folder.path) {
            folder = try #require(Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil))
        }
        return try DatasetLoader.load(from: folder).dataset
    }

    init(dataset: Dataset, year: Int) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("knelpunt-mathprog-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let pairs = AllocationModel.build(dataset: dataset, year: year).mathProgContingencyTable(dataset: dataset)
        for (name, contents) in MathProgTables.files(dataset) + [pairs] {
            try Data(contents.utf8).write(to: folder.appendingPathComponent(name))
        }
        let data = folder.appendingPathComponent("test.dat")
        try Data("param year := \(year);\nparam data_dir := \"\(folder.path)\";\nend;\n".utf8).write(to: data)
        let model = Self.repositoryRoot.appendingPathComponent("models/allocation.mod")
        lp = try GLPKSolver.mathProg(model: model.path, data: data.path)
        var column: [String: Int] = [:]
        for (index, entry) in lp.columns.enumerated() { column[entry.name] = index }
        self.column = column
    }

    /// The name GLPK's MathProg translator gives a variable member, e.g. `u[chem,hydrogen,winter-day]`:
    /// a subscript is written as is when it starts with a letter or `_` and holds only letters,
    /// digits and `+-._`, and single-quoted otherwise (`u['1st',…]`).
    static func memberName(_ variable: String, _ subscripts: [String]) -> String {
        func symbol(_ text: String) -> String {
            let scalars = Array(text.unicodeScalars)
            let plain =
                scalars.first.map { $0 == "_" || ($0.isASCII && $0.properties.isAlphabetic) } == true
                && scalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "+-._".unicodeScalars.contains($0)) }
            return plain ? text : "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
        }
        return "\(variable)[\(subscripts.map(symbol).joined(separator: ","))]"
    }
}
