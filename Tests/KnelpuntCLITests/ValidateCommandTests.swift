// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing

@Suite struct ValidateCommandTests {
    @Test func bundledDatasetsAreValidEvenWhenStrict() throws {
        for name in ["tiny", "nl"] {
            let output = CLI.run(["validate", name, "--strict"])
            #expect(output.status == 0, "\(name): \(output.stderr)")
            #expect(output.stdout.contains("valid"))
            #expect(output.stdout.contains("0 errors, 0 warnings"))
        }
    }

    @Test func brokenDatasetExits65WithFileLineColumn() throws {
        // End to end: diagnostics on standard error, the summary alone on standard output.
        let output = try CLI.runProcess(["validate", "Tests/KnelpuntDataTests/Fixtures/broken-on-disk"])
        #expect(output.status == 65)
        #expect(output.stderr.contains("links.csv:2:4: error [unknownReference]"))
        #expect(output.stderr.contains("demand.csv:4:4: error [badNumber]"))
        #expect(output.stdout.hasPrefix("Tests/KnelpuntDataTests/Fixtures/broken-on-disk: invalid, "), "\(output.stdout)")
        #expect(!output.stdout.contains("error ["))
        // solve refuses the same data with the same diagnostics and exit code.
        let solve = CLI.run(["solve", "Tests/KnelpuntDataTests/Fixtures/broken-on-disk", "--out", "/nonexistent/never-written"])
        #expect(solve.status == 65)
        #expect(solve.stderr.contains("[badNumber]"))
    }

    @Test func missingDatasetIsAUsageError() throws {
        let output = CLI.run(["validate", "datasets/does-not-exist"])
        #expect(output.status == 64)
    }
}
