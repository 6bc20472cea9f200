// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import KnelpuntData
import KnelpuntGLPK
import KnelpuntLP
import KnelpuntModel
import Testing

@Suite struct InstanceGeneratorTests {
    typealias Resolution = InstanceGenerator.Resolution

    /// Generates from `base`, writes the files and loads them back (in memory) through the
    /// ordinary loader and validator.
    static func roundTrip(_ base: Dataset, _ options: InstanceGenerator.Options) throws -> (
        files: [(name: String, contents: String)], loaded: LoadedDataset
    ) {
        let generated = try InstanceGenerator.generate(base: base, options: options)
        let files = DatasetWriter.files(generated)
        var bytes: [String: [UInt8]] = [:]
        for (name, contents) in files { bytes[name] = Array(contents.utf8) }
        return (files, try DatasetLoader.load(from: InMemoryDataset(files: bytes, displayName: options.name ?? "generated")))
    }

    @Test(arguments: Resolution.allCases)
    func generatedNLLoadsWithoutErrors(_ resolution: Resolution) throws {
        let base = try ReferenceRun.load("nl")
        let (_, loaded) = try Self.roundTrip(base, .init(resolution: resolution, seed: 1))
        let dataset = loaded.dataset
        #expect(!loaded.diagnostics.contains { $0.severity == .error })
        #expect(dataset.timeslices.slices.count == resolution.rawValue)
        #expect(abs(dataset.timeslices.totalHours - 8760) <= 1e-6)
        #expect(dataset.timeslices.profileNames == base.timeslices.profileNames)
        #expect(dataset.nodes.count == base.nodes.count && dataset.consumers.count == base.consumers.count)
        #expect(dataset.info.name == "nl-\(resolution.rawValue)")
        // Profiles stay fractions; flat profiles stay flat.
        let flat = try #require(dataset.timeslices.profileIndex("industry_flat"))
        #expect(dataset.timeslices.slices.allSatisfy { $0.profileValues.allSatisfy { (0...1).contains($0) } && $0.profileValues[flat] == 1 })
    }

    /// A base of four day types × 24 hours (as `datasets/nl`): a normal winter-half day (0.4,
    /// 179 days), a dunkelflaute (0.05, 3 days), a normal summer-half day (0.2, 163 days) and a
    /// clear-sky day (0.1, 20 days); months 1, 1, 6, 6; one profile that no supply uses (no noise).
    static func dayTypeBase() throws -> Dataset {
        var base = try ReferenceRun.load("tiny")
        let types: [(label: String, days: Double, month: Int, value: Double)] = [
            ("win", 179, 1, 0.4), ("dkf", 3, 1, 0.05), ("sum", 163, 6, 0.2), ("sun", 20, 6, 0.1),
        ]
        var slices: [Timeslice] = []
        for type in types {
            for hour in 0..<24 {
                slices.append(
                    Timeslice(
                        id: TimesliceID("\(type.label)-h\(hour)"), weightHours: type.days, month: type.month, hour: hour,
                        profileValues: [type.value], origin: RecordOrigin(file: "timeslices.csv", line: slices.count + 2)))
            }
        }
        base.timeslices = Timeslices(profileNames: ["shape"], slices: slices)
        return base
    }

    /// Hourly: the stress days form one block centred on day 16 of their month (15–17 Jan,
    /// 6–25 Jun) and every day type keeps its number of days.
    @Test func hourlyVariantKeepsTheDayTypesAndTheirDays() throws {
        let generated = try InstanceGenerator.generate(base: Self.dayTypeBase(), options: .init(resolution: .hourly))
        let days = stride(from: 0, to: 8760, by: 24).map { generated.timeslices.slices[$0].profileValues[0] }
        #expect(days.count == 365)
        #expect(days.indices.filter { days[$0] == 0.05 } == [14, 15, 16]) // 15-17 Jan, 0-based
        #expect(days.indices.filter { days[$0] == 0.1 } == Array(156...175)) // 6-25 Jun
        #expect(days.filter { $0 == 0.4 }.count == 179 && days.filter { $0 == 0.2 }.count == 163)
        #expect(days[89] == 0.4 && days[90] == 0.2 && days[272] == 0.2 && days[273] == 0.4) // 31 Mar, 1 Apr, 30 Sep, 1 Oct
    }

    /// 96: each season's day is the day-weighted mean of its day types; 672: each type gets at
    /// least one day of the week, weighted (days of the type) / (its generated days).
    @Test func seasonalVariantsBlendOrShareTheDayTypes() throws {
        let base = try Self.dayTypeBase()
        let seasonal = try InstanceGenerator.generate(base: base, options: .init(resolution: .seasonalDays)).timeslices.slices
        // win: (87·0.4 + 3·0.05)/90; spr: (31·0.4 + 61·0.2)/92; sum: (72·0.2 + 20·0.1)/92; aut: (30·0.2 + 61·0.4)/91
        #expect(stride(from: 0, to: 96, by: 24).map { seasonal[$0].profileValues[0] } == [0.3883, 0.2674, 0.1783, 0.3341])
        let weekly = try InstanceGenerator.generate(base: base, options: .init(resolution: .representativeWeeks)).timeslices.slices
        let winter = (0..<7).map { weekly[24 * $0] }
        #expect(winter.map(\.profileValues[0]) == [0.4, 0.4, 0.4, 0.05, 0.4, 0.4, 0.4])
        #expect(winter.map(\.weightHours) == [14.5, 14.5, 14.5, 3, 14.5, 14.5, 14.5])
        #expect(abs(weekly.reduce(0) { $0 + $1.weightHours } - 8760) <= 1e-9)
    }

    @Test func sameSeedGivesTheSameBytesAndAnotherSeedOtherProfiles() throws {
        let base = try ReferenceRun.load("nl")
        let first = try Self.roundTrip(base, .init(resolution: .representativeWeeks, scale: 2, seed: 42)).files
        let second = try Self.roundTrip(base, .init(resolution: .representativeWeeks, scale: 2, seed: 42)).files
        #expect(first.map(\.name) == second.map(\.name))
        for (a, b) in zip(first, second) { #expect(a.contents == b.contents, "\(a.name) differs between two runs with seed 42") }
        let other = try Self.roundTrip(base, .init(resolution: .representativeWeeks, scale: 2, seed: 43)).files
        for (a, b) in zip(first, other) {
            switch a.name {
            case "timeslices.csv": #expect(a.contents != b.contents, "seed 43 gave seed 42's profiles")
            case "dataset.toml": continue // records the seed
            default: #expect(a.contents == b.contents, "\(a.name) depends on the seed")
            }
        }
    }

    /// Copies of one network joined by backbone links cost exactly N times one copy: averaging the
    /// copies of any allocation gives each copy a feasible allocation of the same total cost,
    /// and the backbone flows cancel out.
    @Test func scaledCopiesCostNTimesOneCopy() throws {
        let base = try ReferenceRun.load("tiny")
        let one = try Self.roundTrip(base, .init(resolution: .seasonalDays, seed: 5)).loaded.dataset
        let three = try Self.roundTrip(base, .init(resolution: .seasonalDays, scale: 3, seed: 5)).loaded.dataset
        #expect(three.nodes.count == 3 * one.nodes.count && three.consumers.count == 3 * one.consumers.count)
        #expect(three.links.count == 3 * one.links.count + 2 * 2) // 2 backbone links per carrier
        #expect(three.nodes.map(\.id.rawValue).contains("port_3"))
        for year in [2025, 2030] {
            let single = AllocationModel.build(dataset: one, year: year)
            let triple = AllocationModel.build(dataset: three, year: year)
            #expect(triple.view.pairs.count == 3 * single.view.pairs.count)
            let a = try #require(try GLPKSolver().solve(single.lp).objectiveValue)
            let b = try #require(try GLPKSolver().solve(triple.lp).objectiveValue)
            #expect(a > 0)
            #expect(abs(b - 3 * a) <= 1e-6 * 3 * a, "\(year): 3 copies cost \(b), one copy \(a)")
        }
    }

    /// Writing a dataset and loading it again gives the same records (apart from line numbers).
    @Test(arguments: ["tiny", "edge", "nl"])
    func writerRoundTripsEveryRecord(_ name: String) throws {
        let original = try ReferenceRun.load(name)
        var bytes: [String: [UInt8]] = [:]
        for (file, contents) in DatasetWriter.files(original) { bytes[file] = Array(contents.utf8) }
        let again = try DatasetLoader.load(from: InMemoryDataset(files: bytes)).dataset
        #expect(Self.withoutOrigins(again) == Self.withoutOrigins(original))
        #expect(again.info.sources.map(\.key) == original.info.sources.map(\.key))
    }

    static func withoutOrigins(_ dataset: Dataset) -> Dataset {
        let none = RecordOrigin(file: "", line: 0)
        var copy = dataset
        for i in copy.nodes.indices { copy.nodes[i].origin = none }
        for i in copy.links.indices { copy.links[i].origin = none }
        for i in copy.projects.indices { copy.projects[i].origin = none }
        for i in copy.supplies.indices { copy.supplies[i].origin = none }
        for i in copy.conversions.indices { copy.conversions[i].origin = none }
        for i in copy.consumers.indices { copy.consumers[i].origin = none }
        for i in copy.demand.indices { copy.demand[i].origin = none }
        for i in copy.transitions.indices { copy.transitions[i].origin = none }
        for i in copy.flex.indices { copy.flex[i].origin = none }
        for i in copy.groupContracts.indices { copy.groupContracts[i].origin = none }
        for i in copy.delayDistributions.indices { copy.delayDistributions[i].origin = none }
        for i in copy.timeslices.slices.indices { copy.timeslices.slices[i].origin = none }
        return copy
    }

    @Test func badOptionsAreRejected() throws {
        let base = try ReferenceRun.load("tiny")
        #expect(throws: InstanceGenerator.GeneratorError.self) {
            _ = try InstanceGenerator.generate(base: base, options: .init(resolution: .seasonalDays, scale: 0))
        }
        #expect(throws: InstanceGenerator.GeneratorError.self) {
            _ = try InstanceGenerator.generate(base: base, options: .init(resolution: .seasonalDays, name: "no spaces"))
        }
    }
}
