// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing

/// The robustness harness: seeded mutations of `datasets/tiny` (extreme magnitudes from 1e-300
/// to 1e300, subnormals, huge ratios, damaged cells), scenarios with extreme edits, inputs that
/// are not regular files and `--out` targets that must be refused, each run through `solve`.
///
/// Every case must end within ``caseBoundSeconds`` with exit 0 and a verified result, or 65/66
/// with a diagnostic, or (for a refused `--out`) 73 with the target untouched. Exit 70 is a
/// failure: valid or invalid data must never reach an internal error.
///
/// `KNELPUNT_FUZZ_CASES=N` sets the number of cases (the long mode runs 100,000 in a release
/// build: `KNELPUNT_FUZZ_CASES=100000 swift test -c release --filter Robustness`),
/// `KNELPUNT_FUZZ_SEED` the seed and `KNELPUNT_FUZZ_CASE=i` runs case i alone, printing it;
/// `KNELPUNT_FUZZ_TRACE=FILE` keeps the index of the running case in FILE.
@Suite("Robustness: mutated datasets, extreme scenarios and file-system hazards through solve", .serialized)
struct RobustnessFuzzTests {
    static let defaultCases = 2_000
    static let defaultSeed: UInt64 = 0x0052_4F42_5553_5421 // "ROBUST!"
    /// The fixed bound on one case, far above any legitimate solve of `tiny` in a debug build.
    static let caseBoundSeconds = 30.0

    @Test("Seeded robustness cases end in time with 0 and a verified result, 65/66 with a diagnostic, or 73 for a refused --out")
    func robustness() throws {
        let environment = ProcessInfo.processInfo.environment
        let seed = environment["KNELPUNT_FUZZ_SEED"].flatMap { UInt64($0) } ?? Self.defaultSeed
        let indices: [Int]
        if let single = environment["KNELPUNT_FUZZ_CASE"].flatMap(Int.init) {
            indices = [single]
        } else {
            indices = Array(0..<(environment["KNELPUNT_FUZZ_CASES"].flatMap(Int.init) ?? Self.defaultCases))
        }
        let base = try Self.tinyFiles()
        var tally: [String: Int] = [:]
        var failures: [String] = []
        var slowest = (seconds: 0.0, index: 0)
        let watchdog = Watchdog(boundSeconds: Self.caseBoundSeconds * 2)
        for index in indices {
            let item = RobustnessCase.draw(seed: seed, index: index, base: base)
            if indices.count == 1 { print("case \(index):\n" + item.steps.joined(separator: "\n")) }
            if let trace = environment["KNELPUNT_FUZZ_TRACE"] {
                // The case about to run, so that a crash of the test process can be reproduced.
                try? Data("\(index)\n".utf8).write(to: URL(fileURLWithPath: trace))
            }
            let started = Date()
            watchdog.arm("case \(index) (seed \(seed)): \(item.steps.joined(separator: "; "))")
            let verdict = try Self.run(item)
            watchdog.disarm()
            let seconds = Date().timeIntervalSince(started)
            if seconds > slowest.seconds { slowest = (seconds, index) }
            tally["\(item.hazard.rawValue) → \(verdict.status)", default: 0] += 1
            var problem = verdict.problem
            if problem == nil && seconds > Self.caseBoundSeconds {
                problem = "took \(String(format: "%.1f", seconds)) s, above the \(Self.caseBoundSeconds) s bound"
            }
            if let problem {
                failures.append("case \(index) [\(item.steps.joined(separator: "; "))]: \(problem)")
            }
        }
        let summary = tally.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ")
        print(
            "robustness: \(indices.count) cases (seed \(seed)); \(summary); slowest case \(slowest.index) in \(String(format: "%.3f", slowest.seconds)) s; \(failures.count) failures"
        )
        #expect(failures.isEmpty, "\(failures.count) failures, first: \(failures.prefix(15).joined(separator: "\n"))")
        if indices.count >= 500 {
            // The draw must exercise every outcome, or the harness proves nothing.
            #expect(tally.keys.contains { $0.hasPrefix("values → 0") })
            #expect(tally.keys.contains { $0.hasPrefix("values → 65") })
            #expect(tally.keys.contains { $0.hasPrefix("scenario → 0") })
            #expect(tally.keys.contains { $0.hasPrefix("scenario → 65") })
            #expect(tally.keys.contains { $0.hasPrefix("output → 73") })
        }
    }

    /// What happened to one case: its exit status and, when unacceptable, why.
    struct Verdict {
        var status: Int32
        var problem: String?
    }

    /// Materialises `item` in a fresh folder, runs `solve` and judges the outcome.
    static func run(_ item: RobustnessCase) throws -> Verdict {
        let root = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let dataset = root.appendingPathComponent("ds")
        try FileManager.default.createDirectory(at: dataset, withIntermediateDirectories: true)
        for (name, bytes) in item.files { try Data(bytes).write(to: dataset.appendingPathComponent(name)) }
        if let hazard = item.fileHazard, let name = item.hazardFile {
            try makeHazard(hazard, at: dataset.appendingPathComponent(name))
        }
        var arguments = ["solve", dataset.path, "--quiet", "--verify", "--time-limit", "10"]
        if let scenario = item.scenario {
            let file = root.appendingPathComponent("fuzz.toml")
            try Data(scenario.utf8).write(to: file)
            arguments += ["--scenario", file.path]
        }
        if let years = item.years { arguments += ["--years", years] }
        guard let hazard = item.outputHazard else {
            let out = root.appendingPathComponent("out")
            let result = CLI.run(arguments + ["--out", out.path, "--force"])
            return judge(result, item: item, out: out)
        }
        return try runOutputHazard(hazard, arguments: arguments, root: root, dataset: dataset)
    }

    static func judge(_ result: CLI.Output, item: RobustnessCase, out: URL) -> Verdict {
        switch result.status {
        case 0:
            let manifest = (try? String(contentsOf: out.appendingPathComponent("manifest.json"), encoding: .utf8)) ?? ""
            guard manifest.contains("\"verify\" : \"true\"") || manifest.contains("\"verify\": \"true\"") else {
                return Verdict(status: 0, problem: "exit 0 without a verified result (manifest: \(manifest.prefix(200)))")
            }
            guard FileManager.default.fileExists(atPath: out.appendingPathComponent("summary.csv").path) else {
                return Verdict(status: 0, problem: "exit 0 without summary.csv")
            }
            return Verdict(status: 0)
        case 65, 66:
            guard result.stderr.contains("error") else {
                return Verdict(status: result.status, problem: "exit \(result.status) without a diagnostic: \(result.stderr.prefix(300))")
            }
            if result.status == 66 && item.hazard == .values {
                return Verdict(status: 66, problem: "exit 66 (input missing) for a values-only case: \(result.stderr.prefix(300))")
            }
            return Verdict(status: result.status)
        default:
            return Verdict(status: result.status, problem: "exit \(result.status): \(result.stderr.prefix(400))")
        }
    }

    /// Runs a case whose `--out` must be refused, in a subprocess whose current folder is a
    /// scratch folder (so a refused `--out ""` or `.` could never reach the repository), and
    /// checks that the target is untouched.
    static func runOutputHazard(_ hazard: RobustnessCase.OutputHazard, arguments: [String], root: URL, dataset: URL) throws -> Verdict {
        let manager = FileManager.default
        let scratch = root.appendingPathComponent("cwd")
        try manager.createDirectory(at: scratch, withIntermediateDirectories: true)
        let target: String
        switch hazard {
        case .datasetFolder: target = dataset.path
        case .insideDataset: target = dataset.appendingPathComponent("results").path
        case .containsDataset: target = root.path
        case .devNull: target = "/dev/null"
        case .emptyPath: target = ""
        case .root: target = "/"
        case .foreignFolder:
            let folder = root.appendingPathComponent("thesis")
            try manager.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data("chapter 1".utf8).write(to: folder.appendingPathComponent("thesis.txt"))
            target = folder.path
        }
        let before = try snapshot(root)
        let result = try CLI.runProcess(arguments + ["--out", target, "--force"], in: scratch)
        let after = try snapshot(root)
        var attributes = try manager.attributesOfItem(atPath: "/dev/null")
        let devNullIntact = attributes[.type] as? FileAttributeType == .typeCharacterSpecial
        attributes = [:]
        if result.status != 73 {
            return Verdict(status: result.status, problem: "--out \(hazard) --force gave exit \(result.status), not 73: \(result.stderr.prefix(300))")
        }
        if before != after { return Verdict(status: 73, problem: "--out \(hazard) --force changed files although refused") }
        if !devNullIntact { return Verdict(status: 73, problem: "/dev/null is no longer a character device") }
        if result.stderr.isEmpty { return Verdict(status: 73, problem: "refused without a message") }
        return Verdict(status: 73)
    }

    /// Every path under `folder` with its size and modification date (the scratch folder aside).
    static func snapshot(_ folder: URL) throws -> [String: String] {
        var entries: [String: String] = [:]
        let manager = FileManager.default
        guard let walker = manager.enumerator(atPath: folder.path) else { return entries }
        while let path = walker.nextObject() as? String {
            guard !path.hasPrefix("cwd") else { continue }
            let attributes = try manager.attributesOfItem(atPath: folder.appendingPathComponent(path).path)
            entries[path] = "\(attributes[.size] ?? 0) \(attributes[.modificationDate] ?? "")"
        }
        return entries
    }

    /// Puts something that is not a regular file where a dataset file should be.
    static func makeHazard(_ hazard: RobustnessCase.FileHazard, at url: URL) throws {
        let manager = FileManager.default
        switch hazard {
        case .folder: try manager.createDirectory(at: url, withIntermediateDirectories: false)
        case .fifo: guard mkfifo(url.path, 0o644) == 0 else { throw CocoaError(.fileWriteUnknown) }
        case .devZero: try manager.createSymbolicLink(atPath: url.path, withDestinationPath: "/dev/zero")
        case .devNull: try manager.createSymbolicLink(atPath: url.path, withDestinationPath: "/dev/null")
        case .symlinkLoop:
            let other = url.deletingLastPathComponent().appendingPathComponent(".loop")
            try manager.createSymbolicLink(atPath: url.path, withDestinationPath: other.path)
            try manager.createSymbolicLink(atPath: other.path, withDestinationPath: url.path)
        case .danglingSymlink: try manager.createSymbolicLink(atPath: url.path, withDestinationPath: "/nonexistent/knelpunt")
        case .empty: try Data().write(to: url)
        }
    }

    /// The files of `datasets/tiny`, by name.
    static func tinyFiles() throws -> [String: [UInt8]] {
        let folder = CLI.repositoryRoot.appendingPathComponent("datasets/tiny")
        var files: [String: [UInt8]] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            files[name] = Array(try Data(contentsOf: folder.appendingPathComponent(name)))
        }
        return files
    }
}

/// Ends the test process with the case's description when one case outlives its bound: a hang
/// must fail loudly, not stall CI.
final class Watchdog: @unchecked Sendable {
    private let lock = NSLock()
    private var generation = 0
    private let boundSeconds: Double

    init(boundSeconds: Double) { self.boundSeconds = boundSeconds }

    func arm(_ description: String) {
        lock.lock()
        generation += 1
        let armed = generation
        lock.unlock()
        DispatchQueue.global().asyncAfter(deadline: .now() + boundSeconds) { [self] in
            lock.lock()
            let stillRunning = generation == armed
            lock.unlock()
            guard stillRunning else { return }
            FileHandle.standardError.write(Data("robustness: HANG, \(description) ran longer than \(boundSeconds) s\n".utf8))
            exit(1)
        }
    }

    func disarm() {
        lock.lock()
        generation += 1
        lock.unlock()
    }
}
