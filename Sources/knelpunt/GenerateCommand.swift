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
            8760 = every hour. Each profile value is the base value of the nearest season and hour; \
            wind and solar profiles are multiplied by a seeded AR(1) noise factor and clipped to [0, 1]. \
            --scale N copies the network, consumers, demand and flex N times (ids of copy k >= 2 get \
            the suffix _k) and joins the copies with backbone links. The same base, options and seed \
            give byte-identical files. Method: docs/generator.md. Example (the hourly Dutch dataset): \
            knelpunt generate nl --timeslices 8760 --out datasets/nl-hourly
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

    @OptionGroup var output: OutputOptions<Output>

    func validate() throws {
        guard InstanceGenerator.Resolution(rawValue: timeslices) != nil else {
            throw ValidationError("--timeslices \(timeslices) is not offered; choose 96, 672 or 8760")
        }
        guard (1...InstanceGenerator.maximumScale).contains(scale) else {
            throw ValidationError("--scale must be between 1 and \(InstanceGenerator.maximumScale)")
        }
    }

    func run() throws {
        let inputs = try input.load()
        let data = inputs.dataset
        let target = try output.checkTarget(default: "", kind: .folder, inputs: inputs.paths)
        let outURL = target.url
        let folderName = outURL.lastPathComponent
        var options = InstanceGenerator.Options(resolution: InstanceGenerator.Resolution(rawValue: timeslices)!, scale: scale, seed: seed)
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
                + "\(generated.nodes.count) nodes, \(generated.links.count) links, \(generated.consumers.count) consumers (seed \(seed))")
    }
}
