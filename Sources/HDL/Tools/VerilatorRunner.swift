import Foundation

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

    /// The versions of the programs a build uses: `verilator --version` and the C++ compiler
    /// Verilator calls (`$CXX`, default `g++`).
    public static var toolVersions: String {
        let cxx = ProcessInfo.processInfo.environment["CXX"].flatMap { $0.isEmpty ? nil : $0 } ?? "g++"
        return ExternalTool.versionLine("verilator", ["--version"]) + "\n" + ExternalTool.versionLine(cxx, ["--version"])
    }

    /// The cache key: SHA-256 over the tool versions, flags, file names and texts and the harness.
    public var cacheKey: String { cacheKey(toolVersions: Self.toolVersions) }

    /// The cache key for given `toolVersions` text.
    public func cacheKey(toolVersions: String) -> String {
        var text = "verilator-runner-v2\nTOOLS \(toolVersions)\n" + (baseFlags + flags).joined(separator: " ") + "\n"
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
