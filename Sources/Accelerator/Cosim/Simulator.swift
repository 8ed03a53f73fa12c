import Foundation

/// Which RTL simulator runs the co-simulation.
public enum SimulatorKind: String, Sendable, CaseIterable, CustomStringConvertible {
    case verilator
    case icarus
    public var description: String { rawValue }
}

/// A built simulator for one configuration: Verilator (C++ harness, builds cached by a hash of
/// the Verilog, the harness and the flags) or Icarus (`snapea_tb.v`, compiled per run).
public struct Simulator: Sendable {
    public let config: AcceleratorConfig
    public let kind: SimulatorKind
    /// Verilator only: build with `--trace` so runs can dump a VCD.
    public let trace: Bool
    /// Path of the runnable (the Verilator executable or the Icarus `vvp` image).
    public let executable: String
    /// True when the build came from the cache.
    public let cached: Bool

    /// Builds (or fetches from the cache) the simulator for `config`.
    public static func build(_ config: AcceleratorConfig, kind: SimulatorKind, trace: Bool = false) throws -> Simulator {
        let files = try Generator.emit(config).filter { $0.name.hasSuffix(".v") }
        switch kind {
        case .verilator:
            let verilator = try ToolProcess.require("verilator")
            let flags = ["--cc", "--exe", "--build", "-j", "2", "-O3", "--x-assign", "fast", "--x-initial", "fast",
                         "--noassert", "-Wno-fatal", "--top-module", Generator.topModule, "-Mdir", "obj",
                         "-o", "snapea_sim"] + (trace ? ["--trace"] : [])
            let key = ToolProcess.cacheKey(files.map(\.text) + [TestbenchSources.verilatorHarness] + flags)
            let root = (ToolProcess.cacheRoot as NSString).appendingPathComponent("verilator")
            let dir = (root as NSString).appendingPathComponent(key)
            let exe = (dir as NSString).appendingPathComponent("obj/snapea_sim")
            if FileManager.default.isExecutableFile(atPath: exe) {
                return Simulator(config: config, kind: kind, trace: trace, executable: exe, cached: true)
            }
            let tmp = dir + ".tmp-\(UUID().uuidString.prefix(8))"
            try FileManager.default.createDirectory(atPath: tmp, withIntermediateDirectories: true)
            for f in files { try f.text.write(toFile: "\(tmp)/\(f.name)", atomically: false, encoding: .utf8) }
            try (TestbenchSources.verilatorHarness + "\n").write(toFile: "\(tmp)/harness.cpp", atomically: false, encoding: .utf8)
            let (status, out) = try ToolProcess.run(verilator, flags + files.map(\.name) + ["harness.cpp"], cwd: tmp)
            guard status == 0, FileManager.default.isExecutableFile(atPath: "\(tmp)/obj/snapea_sim") else {
                throw SimulationError("verilator build of \(config.name) failed (in \(tmp)):\n\(out.suffix(3000))")
            }
            if (try? FileManager.default.moveItem(atPath: tmp, toPath: dir)) == nil {
                try? FileManager.default.removeItem(atPath: tmp)  // another build won the race
            }
            return Simulator(config: config, kind: kind, trace: trace, executable: exe, cached: false)
        case .icarus:
            let iverilog = try ToolProcess.require("iverilog")
            _ = try ToolProcess.require("vvp")
            let defines = icarusDefines(config)
            let key = ToolProcess.cacheKey(files.map(\.text) + [TestbenchSources.icarusTestbench] + defines)
            let dir = ((ToolProcess.cacheRoot as NSString).appendingPathComponent("icarus") as NSString).appendingPathComponent(key)
            let image = (dir as NSString).appendingPathComponent("snapea_tb.vvp")
            if FileManager.default.fileExists(atPath: image) {
                return Simulator(config: config, kind: kind, trace: false, executable: image, cached: true)
            }
            let tmp = dir + ".tmp-\(UUID().uuidString.prefix(8))"
            try FileManager.default.createDirectory(atPath: tmp, withIntermediateDirectories: true)
            for f in files { try f.text.write(toFile: "\(tmp)/\(f.name)", atomically: false, encoding: .utf8) }
            try (TestbenchSources.icarusTestbench + "\n").write(toFile: "\(tmp)/snapea_tb.v", atomically: false, encoding: .utf8)
            let args = ["-g2005", "-s", "snapea_tb", "-o", "snapea_tb.vvp"] + defines + ["snapea_tb.v"] + files.map(\.name)
            let (status, out) = try ToolProcess.run(iverilog, args, cwd: tmp)
            guard status == 0 else { throw SimulationError("iverilog build of \(config.name) failed (in \(tmp)):\n\(out.suffix(3000))") }
            if (try? FileManager.default.moveItem(atPath: tmp, toPath: dir)) == nil {
                try? FileManager.default.removeItem(atPath: tmp)
            }
            return Simulator(config: config, kind: kind, trace: false, executable: image, cached: false)
        }
    }

    /// The `-D` width macros `snapea_tb.v` needs.
    static func icarusDefines(_ c: AcceleratorConfig) -> [String] {
        ["-DPEW=\(c.peIndexWidth)", "-DLA=\(c.loadAddressWidth)", "-DLD=\(c.loadDataWidth)",
         "-DOA=\(c.workAddressWidth)", "-DW=\(c.dataWidth)"]
    }

    /// Runs the stimulus text; returns the raw result text and the wall time of the simulation.
    public func run(stimulus: String, tracePath: String? = nil) throws -> (output: String, seconds: Double) {
        if tracePath != nil && !(kind == .verilator && trace) {
            throw SimulationError("waveforms need a Verilator build with trace: true")
        }
        let dir = NSTemporaryDirectory() + "snapea-run-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let stim = "\(dir)/stimulus.txt"
        try stimulus.write(toFile: stim, atomically: false, encoding: .utf8)
        let t0 = Date()
        let result: (status: Int32, output: String)
        switch kind {
        case .verilator:
            result = try ToolProcess.run(executable, [stim] + (tracePath.map { ["--trace", $0] } ?? []))
        case .icarus:
            let vvp = try ToolProcess.require("vvp")
            result = try ToolProcess.run(vvp, ["-n", executable, "+stim=\(stim)"])
        }
        let seconds = Date().timeIntervalSince(t0)
        if let err = result.output.split(separator: "\n").first(where: { $0.hasPrefix("error") }) {
            throw SimulationError("\(kind) \(config.name): \(err)")
        }
        guard result.status == 0 else {
            throw SimulationError("\(kind) \(config.name) exited with \(result.status):\n\(result.output.suffix(2000))")
        }
        return (result.output, seconds)
    }

    /// Runs `tiles` back to back and parses the results.
    public func run(tiles: [HardwareTile], tracePath: String? = nil) throws -> (result: SimulationResult, seconds: Double) {
        let stim = try StimulusWriter(config: config).stimulus(for: tiles)
        let (out, secs) = try run(stimulus: stim, tracePath: tracePath)
        return (try SimulationResult.parse(out, tiles: tiles, config: config), secs)
    }
}
