import Foundation
import HDL

/// Which RTL simulator runs the co-simulation.
public enum SimulatorKind: String, Sendable, CaseIterable, CustomStringConvertible {
    case verilator
    case icarus
    public var description: String { rawValue }
}

/// A simulator for one configuration, built through the HDL tool runners (builds cached by a
/// SHA-256 of the Verilog, the testbench and the flags): Verilator with
/// `testbenches/verilator/harness.cpp`, or Icarus with `testbenches/icarus/snapea_tb.v`.
public struct Simulator: Sendable {
    public let config: AcceleratorConfig
    public let kind: SimulatorKind
    /// Verilator only: built with `--trace` so runs can dump a VCD.
    public let trace: Bool
    let verilator: VerilatorRunner?
    let icarus: IcarusRunner?

    /// Builds (or fetches from the cache) the simulator for `config`.
    public static func build(_ config: AcceleratorConfig, kind: SimulatorKind, trace: Bool = false) throws -> Simulator {
        try build(files: Generator.emit(config), config: config, kind: kind, trace: trace,
                  widths: (config.peIndexWidth, config.loadAddressWidth, config.loadDataWidth, config.workAddressWidth, config.dataWidth))
    }

    /// The harness build shared by both organisations: the Verilog of `files` with the Verilator
    /// harness, or with the Icarus testbench and its port widths (`PEW`, `LA`, `LD`, `OA`, `W`).
    static func build(files: [VerilogFile], config: AcceleratorConfig, kind: SimulatorKind, trace: Bool,
                      widths: (pe: Int, loadAddress: Int, loadData: Int, readAddress: Int, data: Int)) throws -> Simulator {
        var verilog: [String: String] = [:]
        for f in files where f.name.hasSuffix(".v") { verilog[f.name] = f.text }
        switch kind {
        case .verilator:
            let runner = VerilatorRunner(verilog: verilog, top: Generator.topModule,
                                         harness: TestbenchSources.verilatorHarness + "\n",
                                         flags: trace ? ["--trace"] : [])
            try runner.build()
            return Simulator(config: config, kind: kind, trace: trace, verilator: runner, icarus: nil)
        case .icarus:
            if trace { throw SimulationError("waveforms are only supported with Verilator") }
            verilog["snapea_tb.v"] = "`define PEW \(widths.pe)\n`define LA \(widths.loadAddress)\n`define LD \(widths.loadData)\n"
                + "`define OA \(widths.readAddress)\n`define W \(widths.data)\n" + TestbenchSources.icarusTestbench + "\n"
            let runner = IcarusRunner(verilog: verilog, top: "snapea_tb")
            return Simulator(config: config, kind: kind, trace: false, verilator: nil, icarus: runner)
        }
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
        let output: String
        do {
            if let verilator {
                let trace = tracePath.map { ["--trace", URL(fileURLWithPath: $0).path] } ?? []
                output = try verilator.run([stim] + trace)
            } else if let icarus {
                output = try icarus.run(["+stim=\(stim)"])
            } else {
                throw SimulationError("no simulator")
            }
        } catch let e as HDLError {
            throw SimulationError("\(kind) \(config.name): \(e)")
        }
        let seconds = Date().timeIntervalSince(t0)
        if let err = output.split(separator: "\n").first(where: { $0.hasPrefix("error") }) {
            throw SimulationError("\(kind) \(config.name): \(err)")
        }
        return (output, seconds)
    }

    /// Runs `tiles` back to back and parses the results.
    public func run(tiles: [HardwareTile], tracePath: String? = nil) throws -> (result: SimulationResult, seconds: Double) {
        let stim = try StimulusWriter(config: config).stimulus(for: tiles)
        let (out, secs) = try run(stimulus: stim, tracePath: tracePath)
        return (try SimulationResult.parse(out, tiles: tiles, config: config), secs)
    }
}
