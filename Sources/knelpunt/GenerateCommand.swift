// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser
import Foundation
import KnelpuntData
import KnelpuntReports

/// `knelpunt generate`: a larger instance of a dataset, for benchmarks and scaling studies.
struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a generated dataset: a base dataset at 96, 672 or 8,760 timeslices, optionally copied N times.",
        discussion: """
            Timeslices: 96 = 4 seasons x 24 h, 672 = 4 seasons x one representative week (168 h), \
            8760 = every hour. Each day takes a day type of the base (nearest month; stress types such as a \
            dunkelflaute keep their number of days) and each hour that type's value (see docs/generator.md); \
            wind and solar profiles are multiplied by a seeded AR(1) noise factor and clipped to [0, 1]. \
            --scale N copies the network, consumers, demand and flex N times (ids of copy k >= 2 get \
            the suffix _k) and joins the copies with backbone links. The same base, options and seed \
            give byte-identical files. --physics gives every AC electricity link a reactance_pu: the \
            base's own when it has any, otherwise x = 0.3 rad x 100 MVA / capacity (each link reaches its \
            capacity at a 0.3 rad angle difference); --controllable keeps HVDC links and interconnectors \
            without one; --security n-1 writes security = "n-1". Method: docs/generator.md. Examples: \
            knelpunt generate nl --timeslices 8760 --out datasets/nl-hourly; \
            knelpunt generate nl --timeslices 672 --physics --security n-1 --out out/nl-672-n1
            """)

    /// `--out` of `generate`: required.
    enum Output: OutputTarget {
        static let help = "Output dataset folder; its name becomes the dataset's name when it is an id."
        static let isRequired = true
    }

    @OptionGroup var input: DatasetOptions

    @Option(help: "Timeslices: 96, 672 or 8760.")
    var timeslices: Int

    @Option(help: "Copies of the network (1-\(InstanceGenerator.maximumScale)).")
    var scale: Int = 1

    @Option(help: "Seed of the profile noise.")
    var seed: UInt64 = 1

    @Flag(
        help: "Give AC electricity links a reactance_pu: the base's own when it has any, else 0.3 x 100 / capacity_mw (docs/generator.md).")
    var physics = false

    @Option(
        help: ArgumentHelp("Electricity links kept controllable (HVDC, interconnectors): no reactance_pu.", valueName: "link,link"),
        transform: { text in text.split(separator: ",").map { LinkID(String($0).trimmingCharacters(in: .whitespaces)) } })
    var controllable: [LinkID] = []

    @Option(help: "security in dataset.toml: none or n-1 (default: the base's).")
    var security: SecurityMode?

    @OptionGroup var output: OutputOptions<Output>

    func validate() throws {
        guard InstanceGenerator.Resolution(rawValue: timeslices) != nil else {
            throw ValidationError("--timeslices \(timeslices) is not offered; choose 96, 672 or 8760")
        }
        guard (1...InstanceGenerator.maximumScale).contains(scale) else {
            throw ValidationError("--scale must be between 1 and \(InstanceGenerator.maximumScale)")
        }
        guard controllable.isEmpty || physics else {
            throw ValidationError("--controllable applies to the reactances --physics writes; add --physics")
        }
    }

    func run() throws {
        let inputs = try input.load()
        let data = inputs.dataset
        let target = try output.checkTarget(default: "", kind: .folder, inputs: inputs.paths)
        let outURL = target.url
        let folderName = outURL.lastPathComponent
        var options = InstanceGenerator.Options(
            resolution: InstanceGenerator.Resolution(rawValue: timeslices)!, scale: scale, seed: seed,
            physics: InstanceGenerator.Physics(reactances: physics, controllableLinks: controllable, security: security))
        if Identifier<NodeTag>.isValid(folderName) { options.name = folderName }
        let generated: Dataset
        do {
            generated = try InstanceGenerator.generate(base: data, options: options)
        } catch {
            printError("knelpunt: \(error)")
            throw ExitStatus.usage
        }
        let files = DatasetWriter.files(generated)
        try writeOutput(outURL) { try target.writeFolder(files) }
        output.report(
            "Wrote \(outURL.path): dataset '\(generated.info.name)', \(generated.timeslices.slices.count) timeslices, "
                + "\(generated.nodes.count) nodes, \(generated.links.count) links, \(generated.consumers.count) consumers (seed \(seed))"
                + physicsSummary(generated))
    }

    /// `; 56 AC links, security n-1` when the generated dataset has AC links or N-1, else empty.
    func physicsSummary(_ generated: Dataset) -> String {
        let acLinks = generated.links.filter(\.isAC).count
        guard acLinks > 0 || generated.info.security != .none else { return "" }
        return "; \(acLinks) AC links, security \(generated.info.security.rawValue)"
    }
}
