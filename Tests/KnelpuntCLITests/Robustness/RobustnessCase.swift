// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import KnelpuntLP

/// One seeded robustness case: a mutated copy of `datasets/tiny`, perhaps a scenario with extreme
/// values, perhaps a file-system hazard, and the `solve` arguments to run on it.
struct RobustnessCase {
    /// What kind of trouble the case makes; it decides which exit codes are acceptable.
    enum Hazard: String, CaseIterable {
        /// Values only (extreme magnitudes, ratios, damaged cells): 0 with a verified result or 65.
        case values
        /// A scenario with extreme edits: 0 or 65.
        case scenario
        /// An input that is not a regular file (folder, FIFO, device, symlink loop): 65 or 66.
        case inputFile
        /// An `--out` that must be refused: 73, with the target untouched.
        case output
    }

    var files: [String: [UInt8]]
    var scenario: String?
    var hazard: Hazard
    var fileHazard: FileHazard?
    /// The dataset file a ``FileHazard`` replaces.
    var hazardFile: String?
    var outputHazard: OutputHazard?
    var years: String?
    var steps: [String]

    /// A file of the dataset replaced by something that is not a regular file.
    enum FileHazard: CaseIterable {
        case folder, fifo, devZero, devNull, symlinkLoop, danglingSymlink, empty

        var description: String {
            switch self {
            case .folder: return "a folder"
            case .fifo: return "a FIFO"
            case .devZero: return "a symlink to /dev/zero"
            case .devNull: return "a symlink to /dev/null"
            case .symlinkLoop: return "a symlink loop"
            case .danglingSymlink: return "a dangling symlink"
            case .empty: return "an empty file"
            }
        }
    }

    /// An output target that `--force` must refuse.
    enum OutputHazard: CaseIterable {
        case datasetFolder, insideDataset, containsDataset, devNull, emptyPath, foreignFolder, root
    }

    /// Magnitudes that break naive LP code: the extremes of a double, subnormals, and values just
    /// past the documented ranges.
    static let extremes: [String] = [
        "1e300", "-1e300", "1e-300", "-1e-300", "4.9e-324", "2.2250738585072014e-308", "1.7976931348623157e308",
        "1e15", "1e16", "1.2e16", "1e12", "1e9", "1e7", "1e6", "1e-6", "1e-9", "1e-12", "1e-15", "0", "-0", "-1",
        "0.000001", "999999999", "123456789.123456789", "1e308", "5e-324",
    ]

    /// Values at the edges of the documented ranges (docs/numerics.md): valid, so they must solve.
    static let edges: [String] = [
        "0.001", "0.0010001", "1000000", "999999.999", "100000", "99999.999", "-1000000", "-0.001", "0", "1", "0.999999",
        "0.000001", "8784", "8760", "1e-3", "1e5", "1e6", "1000",
    ]

    static let garbage: [String] = ["", "x", "NaN", "inf", "-inf", "1e400", "1,5", "\"\"", "99999999999999999999999999"]

    /// Draws case `index` of the stream seeded with `seed`; the same pair always gives the same case.
    static func draw(seed: UInt64, index: Int, base: [String: [UInt8]]) -> RobustnessCase {
        var random = SplitMix64(seed: seed &+ UInt64(index) &* 0x9E37_79B9_7F4A_7C15)
        var item = RobustnessCase(
            files: base, scenario: nil, hazard: .values, fileHazard: nil, hazardFile: nil, outputHazard: nil, years: nil, steps: [])
        let roll = Int.random(in: 0..<100, using: &random)
        switch roll {
        case 0..<62: item.hazard = .values
        case 62..<84: item.hazard = .scenario
        case 84..<92: item.hazard = .inputFile
        default: item.hazard = .output
        }
        if Int.random(in: 0..<3, using: &random) == 0 {
            let year = Int.random(in: 2025...2030, using: &random)
            item.years = String(year)
        }
        switch item.hazard {
        case .values:
            for _ in 0..<Int.random(in: 1...3, using: &random) { item.mutateValue(using: &random) }
        case .scenario:
            if Bool.random(using: &random) { item.mutateValue(using: &random) }
            item.scenario = scenarioText(using: &random)
            item.steps.append("scenario:\n\(item.scenario!)")
        case .inputFile:
            let hazard = FileHazard.allCases.randomElement(using: &random)!
            let name = item.files.keys.sorted().randomElement(using: &random)!
            item.fileHazard = hazard
            item.steps.append("\(name) replaced by \(hazard.description)")
            item.files[name] = nil
            item.hazardFile = name
        case .output:
            let hazard = OutputHazard.allCases.randomElement(using: &random)!
            item.outputHazard = hazard
            item.steps.append("--out \(hazard) --force")
        }
        return item
    }

    /// Replaces one numeric cell (or a whole column, or dataset.toml's VoLL) with an extreme value.
    mutating func mutateValue(using random: inout SplitMix64) {
        let csvs = files.keys.filter { $0.hasSuffix(".csv") }.sorted()
        let choice = Int.random(in: 0..<10, using: &random)
        if choice == 0, let toml = files["dataset.toml"] {
            let value = (Bool.random(using: &random) ? Self.extremes : Self.edges).randomElement(using: &random)!
            var text = String(decoding: toml, as: UTF8.self)
            text = text.replacingOccurrences(of: "default_voll_eur_per_mwh = 2000", with: "default_voll_eur_per_mwh = \(value)")
            files["dataset.toml"] = Array(text.utf8)
            steps.append("default_voll_eur_per_mwh = \(value)")
            return
        }
        guard let name = csvs.randomElement(using: &random), let bytes = files[name] else { return }
        var lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let header = lines.firstIndex(where: { !$0.hasPrefix("#") && !$0.isEmpty }) else { return }
        let columns = lines[header].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let rows = lines.indices.filter { $0 > header && !lines[$0].isEmpty && !lines[$0].hasPrefix("#") }
        let numeric = columns.indices.filter { index in
            rows.contains { row in
                let cells = lines[row].split(separator: ",", omittingEmptySubsequences: false)
                return index < cells.count && Double(cells[index]) != nil && !columns[index].contains("year")
                    && columns[index] != "queue_date" && columns[index] != "lat" && columns[index] != "lon"
            }
        }
        guard let column = numeric.randomElement(using: &random), !rows.isEmpty else { return }
        let wholeColumn = choice == 1
        let targets = wholeColumn ? rows : [rows.randomElement(using: &random)!]
        let value: String
        if choice == 2 {
            value = Self.garbage.randomElement(using: &random)!
        } else if choice < 5 {
            value = Self.extremes.randomElement(using: &random)!
        } else if choice < 8 {
            value = Self.edges.randomElement(using: &random)!
        } else {
            let exponent = Int.random(in: -320...308, using: &random)
            let mantissa = Double.random(in: 1..<10, using: &random)
            value = "\(String(format: "%.3f", mantissa))e\(exponent)"
        }
        for row in targets {
            var cells = lines[row].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard column < cells.count else { continue }
            cells[column] = value
            lines[row] = cells.joined(separator: ",")
        }
        files[name] = Array(lines.joined(separator: "\n").utf8)
        steps.append("\(name): \(columns[column]) = \(value) in \(wholeColumn ? "every row" : "line \(targets[0] + 1)")")
    }

    /// A scenario for `datasets/tiny` with one to three edits drawn from extreme values.
    static func scenarioText(using random: inout SplitMix64) -> String {
        var text = "name = \"fuzz\"\n"
        if Int.random(in: 0..<8, using: &random) == 0 {
            text += "base = \"\(["/etc", "tiny", "nl", "", "../..", "datasets/tiny"].randomElement(using: &random)!)\"\n"
        }
        func number() -> String {
            switch Int.random(in: 0..<3, using: &random) {
            case 0: return extremes.randomElement(using: &random)!
            case 1: return edges.randomElement(using: &random)!
            default: return ["1.2", "0.5", "2", "0", "10", "100"].randomElement(using: &random)!
            }
        }
        for _ in 0..<Int.random(in: 1...3, using: &random) {
            switch Int.random(in: 0..<6, using: &random) {
            case 0:
                text += "\n[[demand]]\nconsumer = \"\(["steel", "newco", "chem"].randomElement(using: &random)!)\"\n"
                text += "carrier = \"\(["electricity", "hydrogen"].randomElement(using: &random)!)\"\nscale = \(number())\n"
                text += "from_year = \(Int.random(in: 2024...2031, using: &random))\n"
            case 1:
                text += "\n[[capacity]]\ntarget = \"\(["coast-port", "wind", "gas", "electrolyser"].randomElement(using: &random)!)\"\n"
                text += "from_year = \(Int.random(in: 2025...2030, using: &random))\n"
                text += Bool.random(using: &random) ? "add_mw = \(number())\n" : "set_mw = \(number())\n"
            case 2:
                let years =
                    Bool.random(using: &random)
                    ? String(Int.random(in: -3...8, using: &random)) : ["1000000000", "-99999999999"].randomElement(using: &random)!
                text += "\n[[delay]]\nproject = \"\(["coast-port-upgrade", "chem-green-h2"].randomElement(using: &random)!)\"\nyears = \(years)\n"
            case 3:
                let supply = ["wind", "gas"].randomElement(using: &random)!
                text += "\n[[remove]]\nsupply = \"\(supply)\"\n"
                if Bool.random(using: &random) { text += "\n[[remove]]\nsupply = \"\(supply)\"\n" }
            case 4:
                text += "\n[[flex]]\nconsumer = \"steel\"\ncarrier = \"electricity\"\nproduct = \"atr85\"\nmax_mw = \(number())\n"
                text += "max_hours_per_year = \(number())\nfrom_year = 2026\ncost_eur_per_mwh = \(number())\n"
            default:
                text += "\n[[remove]]\nconsumer = \"\(["steel", "newco", "chem"].randomElement(using: &random)!)\"\n"
            }
        }
        return text
    }
}
