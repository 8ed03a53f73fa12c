import Foundation

/// Where compiled simulators are cached: `$SNAPEA_CACHE` or `./.build/snapea-cache`.
public enum ToolCache {
    /// The cache root folder.
    public static var root: URL {
        if let c = ProcessInfo.processInfo.environment["SNAPEA_CACHE"], !c.isEmpty {
            return URL(fileURLWithPath: c)
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
            .appendingPathComponent(".build/snapea-cache")
    }

    /// Writes `files` into a fresh folder `<root>/<kind>/<key>` unless it is already complete
    /// (a `.complete` marker), then calls `build` inside a temporary folder that is renamed into
    /// place on success. Returns the folder.
    static func prepare(kind: String, key: String, files: [String: String],
                        build: (URL) throws -> Void) throws -> URL {
        let fm = FileManager.default
        let dir = root.appendingPathComponent(kind).appendingPathComponent(key)
        if fm.fileExists(atPath: dir.appendingPathComponent(".complete").path) { return dir }
        let tmp = root.appendingPathComponent(kind)
            .appendingPathComponent(".\(key).tmp-\(ProcessInfo.processInfo.processIdentifier)-\(UInt64.random(in: 0...UInt64.max))")
        do {
            try fm.createDirectory(at: tmp, withIntermediateDirectories: true)
            for (name, text) in files.sorted(by: { $0.key < $1.key }) {
                try Data(text.utf8).write(to: tmp.appendingPathComponent(name))
            }
            try build(tmp)
            try Data().write(to: tmp.appendingPathComponent(".complete"))
            if fm.fileExists(atPath: dir.path) { try? fm.removeItem(at: dir) }
            do {
                try fm.moveItem(at: tmp, to: dir)
            } catch {
                // Another process finished the same build first.
                try? fm.removeItem(at: tmp)
                if !fm.fileExists(atPath: dir.appendingPathComponent(".complete").path) { throw error }
            }
        } catch {
            try? fm.removeItem(at: tmp)
            throw error
        }
        return dir
    }
}

/// Builds a Verilator simulator from Verilog files and a C++ harness (cached by the SHA-256 of
/// every input) and runs it.
public struct VerilatorRunner: Sendable {
    /// Verilog files `[name: text]` (e.g. `Design.verilogFiles`; `.f` files are ignored).
    public let verilog: [String: String]
    /// Top module name.
    public let top: String
    /// C++ harness source (defines `main`).
    public let harness: String
    /// Extra Verilator flags.
    public let flags: [String]
    /// C++ optimisation flag for the model and harness (`-O1` by default; `-O0` compiles faster).
    public let cOptimization: String

    /// Creates a runner; nothing is built until `build()` or `run(_:)`.
    public init(verilog: [String: String], top: String, harness: String, flags: [String] = [],
                cOptimization: String = "-O1") {
        self.verilog = verilog.filter { $0.key.hasSuffix(".v") || $0.key.hasSuffix(".sv") }
        self.top = top
        self.harness = harness
        self.flags = flags
        self.cOptimization = cOptimization
    }

    /// Convenience for an elaborated design.
    public init(design: Design, harness: String, flags: [String] = [], cOptimization: String = "-O1") {
        self.init(verilog: design.verilogFiles, top: design.top.name, harness: harness, flags: flags,
                  cOptimization: cOptimization)
    }

    var baseFlags: [String] {
        ["--cc", "--exe", "--build", "-j", "2", "-O1", "--x-assign", "0", "--x-initial", "0",
         "-Wno-fatal", "--top-module", top, "-CFLAGS", cOptimization, "-o", "sim"]
    }

    /// The cache key: SHA-256 over tool version, flags, file names and texts.
    public var cacheKey: String {
        var text = "verilator-runner-v1\n" + (baseFlags + flags).joined(separator: " ") + "\n"
        for (name, body) in verilog.sorted(by: { $0.key < $1.key }) {
            text += "FILE \(name) \(body.utf8.count)\n\(body)\n"
        }
        text += "HARNESS \(harness.utf8.count)\n\(harness)"
        return SHA256.hex(text)
    }

    /// Builds (or finds in the cache) the simulator; returns the executable's path.
    @discardableResult
    public func build() throws -> URL {
        let tool = try ExternalTool.require("verilator")
        var files = verilog
        files["harness.cpp"] = harness
        let vfiles = verilog.keys.sorted()
        let dir = try ToolCache.prepare(kind: "verilator", key: cacheKey, files: files) { tmp in
            let args = baseFlags + flags + ["-Mdir", "obj"] + vfiles + ["harness.cpp"]
            let r = try tool.run(args, in: tmp)
            if r.status != 0 {
                throw HDLError.tool("verilator failed (\(r.status)):\n\(String(r.stderr.suffix(4000)))")
            }
        }
        return dir.appendingPathComponent("obj/sim")
    }

    /// Builds if needed, runs the simulator with `arguments` and returns its stdout.
    public func run(_ arguments: [String] = [], in directory: URL? = nil) throws -> String {
        let exe = try build()
        let r = try ExternalTool.runProcess(exe.path, arguments, in: directory)
        if r.status != 0 {
            throw HDLError.tool("simulator exited with \(r.status): \(String(r.stderr.suffix(2000)))")
        }
        return r.stdout
    }
}

/// Compiles Verilog with Icarus (`iverilog -g2012`) into a cached `vvp` image and runs it.
public struct IcarusRunner: Sendable {
    /// Verilog files including the testbench.
    public let verilog: [String: String]
    /// Top module (usually the testbench).
    public let top: String

    public init(verilog: [String: String], top: String) {
        self.verilog = verilog.filter { $0.key.hasSuffix(".v") || $0.key.hasSuffix(".sv") }
        self.top = top
    }

    /// SHA-256 of all inputs.
    public var cacheKey: String {
        var text = "icarus-runner-v1 -g2012 top=\(top)\n"
        for (name, body) in verilog.sorted(by: { $0.key < $1.key }) { text += "FILE \(name) \(body.utf8.count)\n\(body)\n" }
        return SHA256.hex(text)
    }

    /// Compiles (or reuses) and runs with `vvp`; returns stdout.
    public func run(_ plusargs: [String] = []) throws -> String {
        let iv = try ExternalTool.require("iverilog")
        let vvp = try ExternalTool.require("vvp")
        let names = verilog.keys.sorted()
        let dir = try ToolCache.prepare(kind: "icarus", key: cacheKey, files: verilog) { tmp in
            let r = try iv.run(["-g2012", "-s", top, "-o", "sim.vvp"] + names, in: tmp)
            if r.status != 0 { throw HDLError.tool("iverilog failed (\(r.status)):\n\(r.stderr)\(r.stdout)") }
        }
        let r = try vvp.run(["-n", "sim.vvp"] + plusargs, in: dir)
        if r.status != 0 { throw HDLError.tool("vvp exited with \(r.status): \(r.stderr)") }
        return r.stdout
    }
}

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
