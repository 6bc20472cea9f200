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

    /// A meshed base without physics (the triangle coast–mid–port of ``SecurityOutputTests``,
    /// reactances removed): `--physics --security n-1` writes the derived reactances (0.3 · 100 / C
    /// pu: 100 MW → 0.3, 400 MW → 0.075, 20 MW → 1.5), the dataset validates clean, solves with
    /// N-1 and verification, and its exported LP has the Kirchhoff cycle.
    @Test func physicsAndSecurityAreWrittenAndSolve() throws {
        let temp = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: temp) }
        let base = temp.appendingPathComponent("mesh")
        try SecurityOutputTests.writeMeshedTiny(to: base)
        try Self.removePhysics(from: base)
        #expect(CLI.run(["validate", base.path, "--strict"]).status == 0)
        let generated = temp.appendingPathComponent("mesh-n1")
        let run = CLI.run(["generate", base.path, "--timeslices", "96", "--physics", "--security", "n-1", "--out", generated.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("; 3 AC links, security n-1"), "\(run.stdout)")
        let links = try String(contentsOf: generated.appendingPathComponent("links.csv"), encoding: .utf8)
        #expect(links.hasPrefix("id,name,from,to,carrier,capacity_mw,commissioned,retired,reactance_pu,emergency_rating_mw,source\n"))
        #expect(links.contains("coast,port,electricity,100,,,0.3,,") && links.contains("coast,mid,electricity,400,,,0.075,,"))
        #expect(links.contains("mid,port,electricity,20,,,1.5,,"))
        let projects = try String(contentsOf: generated.appendingPathComponent("projects.csv"), encoding: .utf8)
        #expect(projects.contains(",coast-port,100,2030,planned,0.15,"))
        let toml = try String(contentsOf: generated.appendingPathComponent("dataset.toml"), encoding: .utf8)
        #expect(toml.contains("\nsecurity = \"n-1\"\n"))
        let validate = CLI.run(["validate", generated.path, "--strict"])
        #expect(validate.status == 0 && validate.stdout.contains("0 errors, 0 warnings"), "\(validate.stdout)\(validate.stderr)")
        let out = temp.appendingPathComponent("out")
        let solve = try CLI.runProcess(["solve", generated.path, "--years", "2025", "--verify", "--out", out.path, "--quiet"])
        #expect(solve.status == 0, "\(solve.stderr)")
        let manifest = try String(contentsOf: out.appendingPathComponent("manifest.json"), encoding: .utf8)
        #expect(manifest.contains("\"n-1\""), "the manifest records the security mode")
        let mps = temp.appendingPathComponent("mesh.mps")
        let export = CLI.run(["export", generated.path, "--year", "2025", "--format", "mps", "--out", mps.path])
        #expect(export.status == 0 && export.stdout.contains("; 1 Kirchhoff cycles per timeslice"), "\(export.stdout)\(export.stderr)")
    }

    /// `--physics` carries a base's own reactances and emergency ratings over unchanged.
    @Test func basePhysicsIsCarriedOver() throws {
        let temp = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: temp) }
        let base = temp.appendingPathComponent("mesh")
        try SecurityOutputTests.writeMeshedTiny(to: base)
        let generated = temp.appendingPathComponent("again")
        let run = CLI.run(["generate", base.path, "--timeslices", "96", "--physics", "--out", generated.path])
        #expect(run.status == 0, "\(run.stderr)")
        let links = try String(contentsOf: generated.appendingPathComponent("links.csv"), encoding: .utf8)
        #expect(links.contains("coast,port,electricity,100,,,0.02,,") && links.contains("mid,port,electricity,20,,,0.015,30,"), "\(links)")
        let toml = try String(contentsOf: generated.appendingPathComponent("dataset.toml"), encoding: .utf8)
        #expect(toml.contains("\nsecurity = \"n-1\"\n"), "the base's security is kept")
    }

    @Test func badPhysicsOptionsAreUsageErrors() throws {
        let unknown = CLI.run(["generate", "tiny", "--timeslices", "96", "--physics", "--controllable", "nowhere", "--out", "/nonexistent/x"])
        #expect(unknown.status == 64 && unknown.stderr.contains("'nowhere'"), "\(unknown.stderr)")
        let withoutPhysics = CLI.run(["generate", "tiny", "--timeslices", "96", "--controllable", "coast-port", "--out", "/nonexistent/x"])
        #expect(withoutPhysics.status == 64 && withoutPhysics.stderr.contains("add --physics"), "\(withoutPhysics.stderr)")
        let noACLinks = CLI.run(["generate", "tiny", "--timeslices", "96", "--security", "n-1", "--out", "/nonexistent/x"])
        #expect(noACLinks.status == 64 && noACLinks.stderr.contains("add --physics"), "\(noACLinks.stderr)")
        let badMode = CLI.run(["generate", "tiny", "--timeslices", "96", "--security", "n-2", "--out", "/nonexistent/x"])
        #expect(badMode.status == 64)
    }

    /// Drops the reactance and emergency rating columns and `security` from a dataset folder.
    static func removePhysics(from folder: URL) throws {
        let links = """
            id,name,from,to,carrier,capacity_mw,commissioned,retired,source
            coast-port,Coast to port 380 kV line,coast,port,electricity,100,,,test
            coast-mid,Coast to mid,coast,mid,electricity,400,,,test
            mid-port,Mid to port,mid,port,electricity,20,,,test

            """
        try links.write(to: folder.appendingPathComponent("links.csv"), atomically: true, encoding: .utf8)
        let toml = folder.appendingPathComponent("dataset.toml")
        let settings = try String(contentsOf: toml, encoding: .utf8)
        try settings.replacingOccurrences(of: "security = \"n-1\"\n", with: "").write(to: toml, atomically: true, encoding: .utf8)
    }

    @Test func unsupportedResolutionIsAUsageError() throws {
        let run = CLI.run(["generate", "tiny", "--timeslices", "100", "--out", "/nonexistent/x"])
        #expect(run.status == 64)
        #expect(run.stderr.contains("96, 672 or 8760"))
    }
}
