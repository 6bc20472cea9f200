// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing

/// A meshed N-1 dataset on disk (tiny plus a node `mid` closing the triangle coast–mid–port;
/// mid–port 20 MW with an emergency rating of 30 MW): what `solve` and `export --format mathprog`
/// write for it.
@Suite struct SecurityOutputTests {
    /// datasets/tiny copied to `folder`, with reactances, the third node and `security = "n-1"`.
    static func writeMeshedTiny(to folder: URL) throws {
        try FileManager.default.copyItem(at: CLI.repositoryRoot.appendingPathComponent("datasets/tiny"), to: folder)
        let toml = folder.appendingPathComponent("dataset.toml")
        // Before the [sources] table, so the key is the dataset's.
        let settings = try String(contentsOf: toml, encoding: .utf8)
        try #require(settings.contains("\n[sources]"))
        try settings.replacingOccurrences(of: "\n[sources]", with: "\nsecurity = \"n-1\"\n\n[sources]").write(
            to: toml, atomically: true, encoding: .utf8)
        let nodes = folder.appendingPathComponent("nodes.csv")
        try (String(contentsOf: nodes, encoding: .utf8) + "mid,Mid,electricity,COAST,52.2,4.4\n").write(to: nodes, atomically: true, encoding: .utf8)
        let links = """
            id,name,from,to,carrier,capacity_mw,commissioned,retired,source,reactance_pu,emergency_rating_mw
            coast-port,Coast to port 380 kV line,coast,port,electricity,100,,,test,0.02,
            coast-mid,Coast to mid,coast,mid,electricity,400,,,test,0.01,
            mid-port,Mid to port,mid,port,electricity,20,,,test,0.015,30

            """
        try links.write(to: folder.appendingPathComponent("links.csv"), atomically: true, encoding: .utf8)
    }

    /// Coast sends 30 MW to port: 16.7 MW direct, 13.3 MW round by mid. When coast–port trips its
    /// flow moves onto coast–mid–port (LODF 1), so mid–port carries 30 MW = its emergency rating:
    /// mid–port is the bottleneck, and it binds when coast–port is out.
    @Test func bottlenecksNameTheBindingContingency() throws {
        let temp = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: temp) }
        let dataset = temp.appendingPathComponent("mesh")
        try Self.writeMeshedTiny(to: dataset)
        let out = temp.appendingPathComponent("out")
        let run = try CLI.runProcess(["solve", dataset.path, "--years", "2025", "--out", out.path, "--quiet", "--verify"])
        #expect(run.status == 0, "\(run.stderr)")
        let rows = try String(contentsOf: out.appendingPathComponent("bottlenecks.csv"), encoding: .utf8).split(separator: "\n").map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
        let header = try #require(rows.first)
        let column = try #require(header.firstIndex(of: "binding_contingency"))
        let bottleneck = try #require(header.firstIndex(of: "bottleneck"))
        let midPort = try #require(rows.first { $0.count > 1 && $0[1] == "mid-port" })
        #expect(midPort[bottleneck] == "true" && midPort[column] == "coast-port", "\(midPort)")
        let coastPort = try #require(rows.first { $0.count > 1 && $0[1] == "coast-port" })
        #expect(coastPort[column] == "")
    }

    /// The mathprog tables carry the year's six N-1 pairs (3 outages × 2 monitored links) with
    /// their LODF, and the emergency ratings.
    @Test func mathProgExportWritesTheContingencyPairs() throws {
        let temp = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: temp) }
        let dataset = temp.appendingPathComponent("mesh")
        try Self.writeMeshedTiny(to: dataset)
        let out = temp.appendingPathComponent("tables")
        let run = try CLI.runProcess(["export", dataset.path, "--year", "2025", "--format", "mathprog", "--out", out.path, "--quiet"])
        #expect(run.status == 0, "\(run.stderr)")
        let pairs = try String(contentsOf: out.appendingPathComponent("n1_pairs.csv"), encoding: .utf8).split(separator: "\n")
        #expect(pairs.first == "monitored,outage,lodf" && pairs.count == 7)
        let midPortAfterCoastPort = try #require(pairs.first { $0.hasPrefix("\"mid-port\",\"coast-port\",") })
        let lodf = try #require(Double(midPortAfterCoastPort.split(separator: ",")[2]))
        #expect(abs(lodf - 1) < 1e-9)
        let links = try String(contentsOf: out.appendingPathComponent("links.csv"), encoding: .utf8)
        #expect(links.contains("\"mid-port\",\"mid\",\"port\",\"electricity\",20,(none),(none),0.015,30"))
    }
}
