import Foundation

/// Lint helpers: each returns the tool's complaints (empty = clean).
public enum Lint {
    /// Writes `files` to a temporary folder and returns the result of `body(folder)`.
    static func withFiles<T>(_ files: [String: String], _ body: (URL) throws -> T) throws -> T {
        let fm = FileManager.default
        let dir = fm.temporaryDirectory.appendingPathComponent("snapea-lint-\(ProcessInfo.processInfo.processIdentifier)-\(UInt64.random(in: 0...UInt64.max))")
        try fm.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: dir) }
        for (n, t) in files { try Data(t.utf8).write(to: dir.appendingPathComponent(n)) }
        return try body(dir)
    }

    /// `verilator --lint-only -Wall`: all warnings and errors (empty when clean).
    public static func verilator(_ design: Design) throws -> String {
        let tool = try ExternalTool.require("verilator")
        return try withFiles(design.verilogFiles) { dir in
            let r = try tool.run(["--lint-only", "-Wall", "--top-module", design.top.name, "-F", "\(design.top.name).f"], in: dir)
            return (r.stderr + r.stdout).trimmingCharacters(in: .whitespacesAndNewlines) + (r.status != 0 && r.stderr.isEmpty ? "exit \(r.status)" : "")
        }
    }

    /// `iverilog -g2012`: complaints (empty when clean).
    public static func icarus(_ design: Design) throws -> String {
        let tool = try ExternalTool.require("iverilog")
        return try withFiles(design.verilogFiles) { dir in
            let r = try tool.run(["-g2012", "-s", design.top.name, "-o", "/dev/null", "-c", "\(design.top.name).f"], in: dir)
            return (r.stderr + r.stdout).trimmingCharacters(in: .whitespacesAndNewlines) + (r.status != 0 && r.stderr.isEmpty ? "exit \(r.status)" : "")
        }
    }

    /// `yosys read_verilog -sv` + `hierarchy -check`: errors and warnings (empty when clean).
    public static func yosys(_ design: Design) throws -> String {
        let tool = try ExternalTool.require("yosys")
        return try withFiles(design.verilogFiles) { dir in
            let files = design.modules.map { "\($0.name).v" }.joined(separator: " ")
            let r = try tool.run(["-q", "-p", "read_verilog -sv \(files); hierarchy -check -top \(design.top.name)"], in: dir)
            return (r.stderr + r.stdout).trimmingCharacters(in: .whitespacesAndNewlines) + (r.status != 0 && r.stderr.isEmpty ? "exit \(r.status)" : "")
        }
    }
}
