// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing

/// The typed options and shared option groups: values listed in `--help`, unknown values
/// refused with 64, and each group behaving the same in every command that has it.
@Suite struct OptionGroupTests {
    /// An empty scenario file, written once.
    static let scenario: String = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("knelpunt-empty-scenario-\(UUID().uuidString).toml")
        try? "name = \"nothing\"\nbase = \"tiny\"\n".write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }()

    /// A valid grid sweep spec in `folder`.
    static func spec(in folder: URL) throws -> String {
        let url = folder.appendingPathComponent("spec.toml")
        try "name = \"s\"\nyears = \"2025\"\n[grid]\ndelays = [0, 1]\nprojects = [\"coast-port-upgrade\"]\n".write(
            to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    /// Each command with the options it needs to get past parsing.
    static let commands: [String: [String]] = [
        "solve": ["solve"],
        "compare-policies": ["compare-policies"],
        "report": ["report"],
        "diff": ["diff", "--scenario", scenario],
        "relief": ["relief", "--asset", "coast-port", "--step", "5", "--max", "10"],
        "export": ["export", "--format", "mps"],
        "validate": ["validate"],
        "generate": ["generate", "--timeslices", "96"],
        "sweep": ["sweep", "--spec", "nowhere.toml"],
        "merge": ["merge", "nowhere"],
    ]

    static func command(_ name: String, _ extra: [String]) -> [String] { commands[name]! + extra }

    /// `--help` of `arguments`, its lines joined and spaces collapsed.
    static func help(_ arguments: [String]) -> String {
        let output = CLI.run(arguments + ["--help"])
        #expect(output.status == 0)
        return output.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    @Test func solveHelpListsThePolicyAndDialectValues() {
        let help = Self.help(["solve"])
        #expect(
            help.contains(
                "--policy <policy> Allocation rule (acm: ACM tiers, then first come first served; the current Dutch rule). (values: cost, leximin, priority, fcfs, acm; default: acm)"
            ), "\(help)")
        #expect(
            help.contains("--csv-dialect <csv-dialect> CSV format: en (, and .) or nl (; and decimal comma, with BOM). (values: en, nl; default: en)")
        )
        #expect(help.contains("(values: auto, on, off; default: auto)"))
        #expect(help.contains("(values: leximin, none; default: leximin)"))
    }

    @Test func otherEnumeratedOptionsListTheirValues() {
        #expect(Self.help(["report"]).contains("(values: nl, en; default: nl)"))
        #expect(Self.help(["export"]).contains("(values: mps, lp, mathprog)"))
        #expect(Self.help(["compare-policies"]).contains("(values: cost, leximin, priority, fcfs, acm; default: cost,leximin,acm,fcfs)"))
    }

    @Test func shellCompletionKnowsTheValues() {
        let script = CLI.run(["--generate-completion-script", "bash"])
        #expect(script.status == 0)
        #expect(script.stdout.contains("'--policy')\n        __knelpunt_add_completions -W 'cost'$'\\n''leximin'"), "\(script.stdout.prefix(300))")
        #expect(script.stdout.contains("'--csv-dialect')\n        __knelpunt_add_completions -W 'en'$'\\n''nl'"))
    }

    @Test(arguments: [
        ["solve", "--policy", "random"], ["diff", "--policy", "random"], ["relief", "--policy", "random"], ["report", "--policy", "random"],
        ["solve", "--csv-dialect", "fr"], ["report", "--lang", "fr"], ["export", "--format", "xlsx"],
        ["solve", "--decomposition", "maybe"], ["sweep", "--cost-tie-break", "maybe"],
        ["compare-policies", "--policies", "cost,magic"], ["report", "--compare-policies", "magic"], ["compare-policies", "--policies", ","],
    ])
    func unknownValuesAreRefusedWith64(arguments: [String]) {
        let output = CLI.run(Self.command(arguments[0], Array(arguments.dropFirst())))
        #expect(output.status == 64, "\(arguments): \(output.stderr)")
        #expect(output.stderr.contains("'\(arguments[2])'"), "\(output.stderr)")
        #expect(output.stderr.contains("Please provide one of") || arguments[1].hasSuffix("policies"), "\(output.stderr)")
    }

    @Test(arguments: ["solve", "compare-policies", "report", "diff", "relief", "export", "validate", "generate", "sweep"])
    func theDatasetArgumentResolvesAlike(command: String) throws {
        let temp = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: temp) }
        let out = command == "validate" ? [] : ["--out", temp.appendingPathComponent("o").path]
        var arguments = Self.command(command, ["no-such-dataset"] + out)
        if command == "sweep" { arguments[2] = try Self.spec(in: temp) }
        let output = CLI.run(arguments)
        #expect(output.status == 64, "\(command): \(output.stderr)")
        #expect(output.stderr.contains("dataset 'no-such-dataset' not found"), "\(command): \(output.stderr)")
    }

    @Test(arguments: ["solve", "compare-policies", "report", "diff", "relief", "validate"])
    func aMissingScenarioFileIsNoInput(command: String) {
        let output = CLI.run(Self.command(command, ["tiny", "--scenario", "/nonexistent/late.toml"]))
        #expect(output.status == 66, "\(command): \(output.stderr)")
        #expect(output.stderr.contains("cannot read scenario file /nonexistent/late.toml"), "\(command): \(output.stderr)")
    }

    @Test(arguments: ["solve", "compare-policies", "report", "diff"])
    func yearsAreParsedAndCheckedAlike(command: String) {
        let malformed = CLI.run(Self.command(command, ["tiny", "--years", "20x5"]))
        #expect(malformed.status == 64)
        #expect(malformed.stderr.contains("--years: '20x5' is not a year"), "\(command): \(malformed.stderr)")
        let outside = CLI.run(Self.command(command, ["tiny", "--years", "2040", "--out", "/nonexistent/never"]))
        #expect(outside.status == 64)
        #expect(outside.stderr.contains("not among the dataset's planning years"), "\(command): \(outside.stderr)")
    }

    @Test(arguments: ["solve", "compare-policies", "report", "diff", "relief", "export", "generate", "sweep"])
    func anExistingOutputIsRefusedWithoutForce(command: String) throws {
        let temp = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: temp) }
        let out = temp.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        var arguments = Self.command(command, ["tiny", "--out", out.path, "--quiet"])
        if command == "sweep" { arguments[2] = try Self.spec(in: temp) }
        let output = CLI.run(arguments)
        #expect(output.status == 73, "\(command): \(output.stderr)")
        #expect(output.stderr.contains("already exists"), "\(command): \(output.stderr)")
        #expect(output.stdout.isEmpty)
    }

    @Test(arguments: ["generate", "merge"])
    func aRequiredOutIsAUsageError(command: String) {
        var arguments = Self.command(command, [])
        if command == "generate" { arguments.append("tiny") }
        let output = CLI.run(arguments)
        #expect(output.status == 64, "\(command): \(output.stderr)")
        #expect(output.stderr.contains("--out"))
    }

    @Test(arguments: ["solve", "compare-policies", "report", "diff", "relief", "sweep"])
    func workersAreBoundedAlike(command: String) {
        for workers in ["0", "257"] {
            let output = CLI.run(Self.command(command, ["--workers", workers]))
            #expect(output.status == 64, "\(command) --workers \(workers): \(output.stderr)")
            #expect(output.stderr.contains("--workers must be between 1 and 256"))
        }
    }

    @Test(arguments: ["solve", "compare-policies", "diff", "relief", "sweep", "merge"])
    func everyCSVWriterTakesTheDialect(command: String) {
        #expect(CLI.run(Self.command(command, ["--help"])).stdout.contains("--csv-dialect <csv-dialect>"))
        #expect(CLI.run(Self.command(command, ["--csv-dialect", "fr"])).status == 64)
    }

    @Test func diffNeedsAScenario() {
        let output = CLI.run(["diff", "tiny"])
        #expect(output.status == 64)
        #expect(output.stderr.contains("--scenario"))
    }
}
