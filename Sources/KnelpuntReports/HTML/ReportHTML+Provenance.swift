// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntAnalysis

extension ReportPage {
    /// The manifest's facts: dataset and input hashes, tool and solver versions, options,
    /// tolerances and per-year solves (without timings, so the report stays byte-identical).
    func provenanceFooter() -> String {
        let manifest = input.manifest
        let info = input.dataset.info
        var html =
            "<footer id=\"provenance\" aria-labelledby=\"provenance-heading\">\n<h2 id=\"provenance-heading\">\(esc(s.provenanceHeading))</h2>\n"
        html += "<p>\(esc(s.reproducible))</p>\n<dl class=\"facts\">\n"
        html += "<dt>\(esc(s.tool))</dt><dd>\(esc(manifest.tool)) \(esc(manifest.toolVersion))</dd>\n"
        html += "<dt>\(esc(s.solver))</dt><dd>\(esc(manifest.solver))</dd>\n"
        html += "<dt>\(esc(s.dataset))</dt><dd>\(esc(manifest.dataset)) — \(esc(info.title)) (\(esc(s.yearsShown(f.years(info.years)))))</dd>\n"
        if let scenario = manifest.scenario { html += "<dt>\(esc(s.scenario))</dt><dd>\(esc(scenario))</dd>\n" }
        let command = (["knelpunt"] + manifest.commandLine.dropFirst()).joined(separator: " ")
        html += "<dt>\(esc(s.commandLine))</dt><dd><code>\(esc(command))</code></dd>\n</dl>\n"
        html += "<div class=\"provenance-grid\">\n"
        html += "<table class=\"data small\">\n<caption>\(esc(s.inputFiles))</caption>\n<thead><tr><th scope=\"col\">\(esc(s.colFile))</th>"
        html += "<th scope=\"col\" class=\"num\">\(esc(s.colBytes))</th><th scope=\"col\">SHA-256</th></tr></thead>\n<tbody>\n"
        for file in manifest.inputFiles {
            html +=
                "<tr><th scope=\"row\">\(esc(file.name))</th><td class=\"num\">\(f.integer(file.bytes))</td><td><code class=\"hash\">\(esc(file.sha256))</code></td></tr>\n"
        }
        html += "</tbody></table>\n<div>\n"
        html += keyValueTable(s.options, manifest.options.keys.sorted().map { ($0, manifest.options[$0] ?? "") })
        html += keyValueTable(s.tolerances, manifest.tolerances.keys.sorted().map { ($0, manifest.tolerances[$0].map { "\($0)" } ?? "") })
        html += "</div>\n<table class=\"data small\">\n<caption>\(esc(s.solves))</caption>\n<thead><tr><th scope=\"col\">\(esc(s.year))</th>"
        html +=
            "<th scope=\"col\">\(esc(s.colRule))</th><th scope=\"col\">\(esc(s.colStatus))</th><th scope=\"col\" class=\"num\">\(esc(s.colLPs))</th>"
        html += "<th scope=\"col\" class=\"num\">\(esc(s.colIterations))</th></tr></thead>\n<tbody>\n"
        for solve in manifest.solves {
            html += "<tr><th scope=\"row\">\(solve.year)</th><td>\(esc(solve.policy))</td><td>\(esc(solve.status))</td>"
            html += "<td class=\"num\">\(f.integer(solve.lpSolves))</td><td class=\"num\">\(f.integer(solve.iterations))</td></tr>\n"
        }
        html += "</tbody></table>\n</div>\n</footer>\n"
        return html
    }

    func keyValueTable(_ caption: String, _ rows: [(String, String)]) -> String {
        var html = "<table class=\"data small\">\n<caption>\(esc(caption))</caption>\n<thead><tr><th scope=\"col\">\(esc(s.colName))</th>"
        html += "<th scope=\"col\">\(esc(s.colValue))</th></tr></thead>\n<tbody>\n"
        for (key, value) in rows { html += "<tr><th scope=\"row\"><code>\(esc(key))</code></th><td><code>\(esc(value))</code></td></tr>\n" }
        return html + "</tbody></table>\n"
    }
}
