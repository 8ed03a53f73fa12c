import Foundation

/// Writes estimation reports as files (Markdown, JSON, CSV, SVG) into a folder, e.g. for the CLI.
public enum ReportFiles {
    /// Writes `<stem>.md`, `<stem>.json`, `<stem>.csv` and `<stem>.svg` of the area `reports`
    /// (the SVG stacks all reports side by side); returns the written paths.
    @discardableResult
    public static func writeArea(_ reports: [AreaReport], to directory: URL, stem: String = "area") throws -> [URL] {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let md = reports.map { $0.markdown() }.joined(separator: "\n")
        let json = "[\n" + (try reports.map { try $0.json() }.joined(separator: ",\n")) + "\n]\n"
        let csv = "name," + reports.map { r in
            r.csv().split(separator: "\n", omittingEmptySubsequences: false).dropFirst().filter { !$0.isEmpty }
                .map { csvField(r.name) + "," + $0 }.joined(separator: "\n")
        }.reduce("block,path,component,count,unit_area_um2,area_um2,method,implementation\n") { $0 + $1 + "\n" }
        let files: [(String, String)] = [("md", md), ("json", json), ("csv", csv), ("svg", AreaChart.svg(reports))]
        return try files.map { ext, text in
            let url = directory.appendingPathComponent("\(stem).\(ext)")
            try Data(text.utf8).write(to: url, options: .atomic)
            return url
        }
    }

    /// Writes `<stem>.md`, `<stem>.json` (array) and `<stem>.csv` of energy `reports`.
    @discardableResult
    public static func writeEnergy(_ reports: [EnergyReport], to directory: URL, stem: String = "energy") throws -> [URL] {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let md = reports.map { $0.markdown() }.joined(separator: "\n")
        let json = "[\n" + (try reports.map { try $0.json() }.joined(separator: ",\n")) + "\n]\n"
        let csv = "name,category,count,unit_pJ,energy_pJ\n" + reports.map { $0.csv(header: false) }.joined()
        return try [("md", md), ("json", json), ("csv", csv)].map { ext, text in
            let url = directory.appendingPathComponent("\(stem).\(ext)")
            try Data(text.utf8).write(to: url, options: .atomic)
            return url
        }
    }
}
