// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing

/// `knelpunt generate` writes a dataset folder that `knelpunt validate` accepts, byte-identical
/// for the same seed.
@Suite struct GenerateCommandTests {
    @Test func generatedFolderValidatesAndRerunsAreByteIdentical() throws {
        let temp = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: temp) }
        let first = temp.appendingPathComponent("tiny-week")
        let second = temp.appendingPathComponent("again")
        let arguments = ["generate", "tiny", "--timeslices", "672", "--scale", "2", "--seed", "9"]
        let run = CLI.run(arguments + ["--out", first.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("dataset 'tiny-week', 672 timeslices, 6 nodes"))
        let validate = CLI.run(["validate", first.path, "--strict"])
        #expect(validate.status == 0, "\(validate.stdout)\(validate.stderr)")
        #expect(CLI.run(arguments + ["--out", first.path]).status == 73)
        #expect(CLI.run(arguments + ["--out", second.path]).status == 0)
        let names = try FileManager.default.contentsOfDirectory(atPath: first.path).sorted()
        #expect(names == (try FileManager.default.contentsOfDirectory(atPath: second.path).sorted()))
        for name in names where name != "dataset.toml" { // dataset.toml holds the folder's name
            let a = try Data(contentsOf: first.appendingPathComponent(name))
            let b = try Data(contentsOf: second.appendingPathComponent(name))
            #expect(a == b, "\(name) differs between two runs with seed 9")
        }
    }

    @Test func unsupportedResolutionIsAUsageError() throws {
        let run = CLI.run(["generate", "tiny", "--timeslices", "100", "--out", "/nonexistent/x"])
        #expect(run.status == 64)
        #expect(run.stderr.contains("96, 672 or 8760"))
    }
}
