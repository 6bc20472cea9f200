// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing

/// `solve --capacity-map` writes capacity-map.csv (verified by the independent check, since
/// `--verify` is the default); without the flag the file is not written.
@Suite struct CapacityMapCommandTests {
    @Test func capacityMapIsWrittenOnlyWhenAsked() throws {
        let temp = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: temp) }
        let with = temp.appendingPathComponent("with")
        let without = temp.appendingPathComponent("without")
        let run = CLI.run(["solve", "tiny", "--years", "2025", "--capacity-map", "--out", with.path, "--quiet"])
        #expect(run.status == 0, "\(run.stderr)")
        let csv = try String(contentsOf: with.appendingPathComponent("capacity-map.csv"), encoding: .utf8)
        let lines = csv.split(separator: "\n")
        #expect(lines.first == "year,node,carrier,available_offtake_mw,available_infeed_mw,colour,colour_infeed")
        #expect(lines.count == 4) // coast, port, h2-port
        // coast has no load: an infeed there leaves over the 100 MW coast-port line (the wind
        // farm backs off), and port can absorb 100 MW in every slice.
        #expect(lines.contains("2025,coast,electricity,0.000,100.000,red,green"))
        let manifest = try String(contentsOf: with.appendingPathComponent("manifest.json"), encoding: .utf8)
        #expect(manifest.contains("\"capacity_map\" : \"true\""))
        let plain = CLI.run(["solve", "tiny", "--years", "2025", "--out", without.path, "--quiet"])
        #expect(plain.status == 0, "\(plain.stderr)")
        #expect(!FileManager.default.fileExists(atPath: without.appendingPathComponent("capacity-map.csv").path))
    }
}
