// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// Headless Chromium for the browser tests: dumps the DOM after the page's scripts ran, takes
/// screenshots, and collects the page's console messages (Chromium logs each one to standard
/// error as a `CONSOLE` line with `--enable-logging=stderr`).
enum HeadlessBrowser {
    /// The browser binary: $KNELPUNT_CHROMIUM, or the usual Debian/Ubuntu/Chrome paths.
    static let binary: String? = {
        var candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable"]
        if let chosen = ProcessInfo.processInfo.environment["KNELPUNT_CHROMIUM"], !chosen.isEmpty { candidates.insert(chosen, at: 0) }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    struct Run {
        var stdout: String
        var stderr: String
        /// Messages the page wrote to its console (errors, warnings, logs, uncaught exceptions,
        /// failed resource loads).
        var console: [String] {
            stderr.split(separator: "\n").filter { $0.contains(":CONSOLE") }.map(String.init)
        }
    }

    /// Runs Chromium on `page` with `arguments` (plus the fixed headless ones) and waits up to
    /// `timeout` seconds. Name resolution is switched off, so any network request fails (and
    /// shows up as a console error).
    static func run(_ page: URL, width: Int, height: Int, arguments: [String], timeout: TimeInterval = 60) throws -> Run {
        guard let binary else { throw Failure(description: "no Chromium binary") }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("knelpunt-chromium-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("stdout")
        let err = folder.appendingPathComponent("stderr")
        guard FileManager.default.createFile(atPath: out.path, contents: nil),
            FileManager.default.createFile(atPath: err.path, contents: nil)
        else {
            throw Failure(description: "cannot create \(out.path) or \(err.path)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
                "--disable-extensions", "--hide-scrollbars", "--force-device-scale-factor=1", "--enable-logging=stderr", "--v=0",
                "--host-resolver-rules=MAP * ~NOTFOUND", "--user-data-dir=\(folder.appendingPathComponent("profile").path)",
                "--window-size=\(width),\(height)",
            ] + arguments + [page.absoluteString]
        process.currentDirectoryURL = folder
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            throw Failure(description: "Chromium did not finish within \(Int(timeout)) s")
        }
        return Run(stdout: try String(contentsOf: out, encoding: .utf8), stderr: try String(contentsOf: err, encoding: .utf8))
    }

    /// The DOM after the page loaded and its scripts ran.
    static func dumpDOM(_ page: URL, width: Int = 1400, height: Int = 2000) throws -> Run {
        try run(page, width: width, height: height, arguments: ["--dump-dom"])
    }

    /// A screenshot of the top `width` × `height` pixels of the page, decoded.
    static func screenshot(_ page: URL, width: Int, height: Int) throws -> (Run, PNGImage) {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("knelpunt-shot-\(UUID().uuidString).png")
        defer { try? FileManager.default.removeItem(at: file) }
        let run = try run(page, width: width, height: height, arguments: ["--screenshot=\(file.path)"])
        guard let data = FileManager.default.contents(atPath: file.path) else {
            throw Failure(description: "Chromium wrote no screenshot; its log:\n\(run.stderr.suffix(2000))")
        }
        return (run, try PNGImage(data: Array(data)))
    }

    /// The value of attribute `name` on the dumped `<body>`, if present.
    static func bodyAttribute(_ name: String, in dom: String) -> String? {
        guard let body = dom.range(of: "<body") else { return nil }
        let tag = dom[body.lowerBound...].prefix { $0 != ">" }
        guard let start = tag.range(of: " \(name)=\"") else { return nil }
        return String(tag[start.upperBound...].prefix { $0 != "\"" })
    }
}
