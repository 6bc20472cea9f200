// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser
import Foundation
import KnelpuntAnalysis
import KnelpuntData
import KnelpuntReports

struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Combine the output folders of sweep shards into what one unsharded sweep writes.",
        discussion: """
            Reads sweep.journal and manifest.json of every folder, checks that they come from the same \
            sweep (spec, dataset files, rule, view, years) and together hold every scenario exactly once, and \
            writes sweep.csv, sweep-percentiles.csv, sweep-requests.csv (request view), sweep-statistics.csv, sweep.journal and \
            manifest.json — byte for byte \
            what `knelpunt sweep` writes without --shard. Give the shards' --csv-dialect.
            """)

    @Argument(help: "Output folders of `knelpunt sweep --shard K/N`.")
    var folders: [String]

    /// `--out` of `merge`: required.
    enum Output: OutputTarget {
        static let help = "Output folder for the merged sweep."
        static let isRequired = true
    }

    @OptionGroup var output: OutputOptions<Output>
    @OptionGroup var dialect: DialectOption

    func validate() throws {
        guard !folders.isEmpty else { throw ValidationError("name at least one shard folder") }
    }

    func run() throws {
        var header: SweepJournalHeader?
        var manifest: SweepManifest?
        var byIndex: [Int: SweepResult] = [:]
        var shards: [String: String] = [:]
        for path in folders {
            let folder = URL(fileURLWithPath: path)
            let found: SweepJournalHeader
            let results: [SweepResult]
            do {
                (found, results, _) = try SweepJournal.read(folder.appendingPathComponent(SweepJournal.fileName))
            } catch {
                printError("knelpunt: \(error)")
                throw error.kind == .corrupt ? ExitStatus.dataError : ExitStatus.noInput
            }
            guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent("manifest.json").path),
                let shardManifest = SweepManifest.decode(data)
            else {
                printError("knelpunt: \(path) has no sweep manifest.json; is the shard finished? (run it again with --resume)")
                throw ExitStatus.noInput
            }
            if let target = found.untilCIPercentagePoints {
                printError(
                    "knelpunt: \(path) holds a sweep run with --until-ci \(CSVTable.fixed(target, decimals: 2)), which always runs whole (never in shards); its folder is complete as it is, so there is nothing to merge"
                )
                throw ExitStatus.usage
            }
            if let header, !found.isSameSweep(as: header) {
                printError(
                    "knelpunt: \(path) holds another sweep than \(folders[0]) (spec, dataset files, rule, view, years or size differ); merge shards of one sweep only"
                )
                throw ExitStatus.dataError
            }
            if let earlier = shards[found.shard] {
                printError("knelpunt: \(path) and \(earlier) are both shard \(found.shard); name each shard folder once")
                throw ExitStatus.dataError
            }
            shards[found.shard] = path
            header = header ?? found
            manifest = manifest ?? shardManifest
            for result in results where byIndex[result.index] == nil { byIndex[result.index] = result }
        }
        guard var header, var manifest else { return }
        let missing = (0..<header.scenarios).filter { byIndex[$0] == nil }
        if !missing.isEmpty {
            let sample = missing.prefix(5).map(String.init).joined(separator: ", ")
            printError(
                "knelpunt: \(missing.count) of \(header.scenarios) scenarios are missing (e.g. \(sample)); run or --resume the missing shards and merge again"
            )
            throw ExitStatus.dataError
        }
        let results = byIndex.keys.sorted().compactMap { byIndex[$0] }
        header.shard = "1/1"
        manifest.shard = "1/1"
        manifest.scenarios = results.count
        let target = try output.checkTarget(default: "", kind: .folder, inputs: folders.map { URL(fileURLWithPath: $0) })
        let outURL = target.url
        try writeOutput(outURL) {
            try target.writeFolder { staging in
                try SweepOutput.write(results, header: header, manifest: manifest, dialect: dialect.csvDialect, into: staging)
            }
        }
        output.report(
            "Merged \(folders.count) shard folder(s): \(results.count) scenarios of \"\(header.spec)\"; wrote \(SweepOutput.fileNames(view: AllocationView(rawValue: header.view) ?? .requests).joined(separator: ", ")) to \(outURL.path)"
        )
    }
}
