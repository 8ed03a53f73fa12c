import Foundation

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

    /// The versions of the programs a build and a run use: `iverilog -V` and `vvp -V`.
    public static var toolVersions: String {
        ExternalTool.versionLine("iverilog", ["-V"]) + "\n" + ExternalTool.versionLine("vvp", ["-V"])
    }

    /// SHA-256 of all inputs (the testbench is one of the Verilog files) and the tool versions.
    public var cacheKey: String { cacheKey(toolVersions: Self.toolVersions) }

    /// The cache key for given `toolVersions` text.
    public func cacheKey(toolVersions: String) -> String {
        var text = "icarus-runner-v2 -g2012 top=\(top)\nTOOLS \(toolVersions)\n"
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
