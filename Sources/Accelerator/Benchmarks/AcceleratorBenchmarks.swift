import Foundation
import Golden

/// Benchmarks of the generator and the co-simulation (figures, not tests). Each returns a value
/// whose `description` is a one-line summary; the CLI prints them.
public enum AcceleratorBenchmarks {
    /// Elaborate + emit time of a configuration (best of `repeats`).
    public struct Elaboration: Sendable, CustomStringConvertible {
        public var config: String
        public var seconds: Double
        public var files: Int
        public var verilogBytes: Int
        public var description: String {
            String(format: "elaborate+emit %@: %.3f s (%d files, %d bytes of Verilog; goal < 0.5 s)",
                   config, seconds, files, verilogBytes)
        }
    }

    /// Times `Generator.emit(config)`.
    public static func elaboration(_ config: AcceleratorConfig = .default256, repeats: Int = 3) throws -> Elaboration {
        var best = Double.infinity
        var files: [VerilogFile] = []
        for _ in 0..<max(1, repeats) {
            let t0 = Date()
            files = try Generator.emit(config)
            best = min(best, Date().timeIntervalSince(t0))
        }
        return Elaboration(config: config.name, seconds: best, files: files.count,
                           verilogBytes: files.reduce(0) { $0 + $1.text.utf8.count })
    }

    /// Simulated cycles per second of Verilator and Icarus on the same tiles.
    public struct SimulatorSpeed: Sendable, CustomStringConvertible {
        public var config: String
        public var edges: Int
        public var verilatorCyclesPerSecond: Double
        public var icarusCyclesPerSecond: Double
        /// Both simulators matched the golden model (and therefore each other).
        public var bothPassed: Bool
        public var ratio: Double { icarusCyclesPerSecond > 0 ? verilatorCyclesPerSecond / icarusCyclesPerSecond : 0 }
        public var description: String {
            String(format: "simulation speed %@ (%d cycles): Verilator %.0f cycles/s, Icarus %.0f cycles/s, ratio %.1fx (goal >= 10x)%@",
                   config, edges, verilatorCyclesPerSecond, icarusCyclesPerSecond, ratio, bothPassed ? "" : " [MISMATCH]")
        }
    }

    /// Runs `tiles` on both simulators (builds cached; build time excluded).
    public static func simulatorSpeed(_ config: AcceleratorConfig, tiles: [TileProgram]) throws -> SimulatorSpeed {
        let v = try Cosim(config: config, simulator: .verilator).run(tiles)
        let i = try Cosim(config: config, simulator: .icarus).run(tiles)
        return SimulatorSpeed(config: config.name, edges: v.edges, verilatorCyclesPerSecond: v.cyclesPerSecond,
                              icarusCyclesPerSecond: i.cyclesPerSecond, bothPassed: v.passed && i.passed)
    }

    /// Cycle efficiency and early-activation speedup measured on the RTL.
    public struct LayerFigures: Sendable, CustomStringConvertible {
        public var config: String
        public var source: String
        public var tiles: Int
        /// RTL cycles per mode (Σ over the tiles).
        public var cycles: [Mode: Int]
        /// `Σ executedOps / (lanes × P × Σ max_j T_j)` per mode.
        public var efficiency: [Mode: Double]
        /// Same, counting the handshake cycles too.
        public var efficiencyWithHandshake: [Mode: Double]
        public var allPassed: Bool
        /// Dense cycles / exact cycles.
        public var exactSpeedupOverDense: Double? {
            guard let d = cycles[.dense], let e = cycles[.exact], e > 0 else { return nil }
            return Double(d) / Double(e)
        }
        /// ZeroSkip cycles / exact cycles.
        public var exactSpeedupOverZeroSkip: Double? {
            guard let z = cycles[.zeroSkip], let e = cycles[.exact], e > 0 else { return nil }
            return Double(z) / Double(e)
        }
        public var description: String {
            var s = "\(source) on \(config), \(tiles) tiles per mode\(allPassed ? " (bit- and cycle-exact)" : " [MISMATCH]"):"
            for m in Mode.allCases {
                if let c = cycles[m] {
                    s += String(format: " %@ %d cycles eff %.3f (%.3f with handshake);", m.rawValue, c,
                                efficiency[m] ?? 0, efficiencyWithHandshake[m] ?? 0)
                }
            }
            if let x = exactSpeedupOverDense { s += String(format: " exact speedup over dense %.2fx", x) }
            if let x = exactSpeedupOverZeroSkip { s += String(format: ", over zeroSkip %.2fx", x) }
            return s
        }
    }

    /// Co-simulates the tiles of each mode (`tilesByMode[mode]`, e.g. the same layer region
    /// compiled per mode) and reports cycles, efficiency and speedups.
    public static func layerFigures(_ config: AcceleratorConfig, source: String,
                                    tilesByMode: [Mode: [TileProgram]]) throws -> LayerFigures {
        let cosim = try Cosim(config: config, simulator: .verilator)
        var f = LayerFigures(config: config.name, source: source, tiles: tilesByMode.values.map(\.count).max() ?? 0,
                             cycles: [:], efficiency: [:], efficiencyWithHandshake: [:], allPassed: true)
        for m in Mode.allCases {
            guard let tiles = tilesByMode[m], !tiles.isEmpty else { continue }
            let r = try cosim.run(tiles)
            f.allPassed = f.allPassed && r.passed
            let rtl = r.rtlCycles.reduce(0, +)
            f.cycles[m] = rtl
            f.efficiency[m] = r.computeCycles > 0 ? Double(r.executedOps) / Double(config.macs * r.computeCycles) : 0
            f.efficiencyWithHandshake[m] = rtl > 0 ? Double(r.executedOps) / Double(config.macs * rtl) : 0
        }
        return f
    }

    /// The first `maxTiles` tiles of `layer` on `input` in each of `modes`, tiled for `config`.
    /// The layer is first cut to its first `k` kernels, `k` = what one dense kernel chunk holds
    /// (`min(outC, kernelTableEntries, weightBufferOps / kernelSize)`), so every mode has the same
    /// kernel chunk and row bands and the tiles of all modes compute the same outputs.
    public static func tiles(_ layer: QuantizedConv, input: QTensor, config: AcceleratorConfig,
                             modes: [Mode] = [.dense, .zeroSkip, .exact], maxTiles: Int = 2) throws -> [Mode: [TileProgram]] {
        let size = layer.spec.kernelSize
        let k = max(1, min(layer.spec.outC, config.kernelTableEntries, config.weightBufferOps / max(1, size)))
        var spec = layer.spec
        spec.outC = k
        let sub = try QuantizedConv(spec: spec, width: layer.width, weights: Array(layer.weights[0..<(k * size)]),
                                    bias: Array(layer.bias[0..<k]), shift: layer.shift, relu: layer.relu,
                                    inputNonNegative: layer.inputNonNegative, inputFracBits: layer.inputFracBits,
                                    weightFracBits: layer.weightFracBits, outputFracBits: layer.outputFracBits)
        var out: [Mode: [TileProgram]] = [:]
        for m in modes {
            let ts = try LayerTiler.tiles(sub, input: input, compiler: Compiler(mode: m),
                                          capacities: config.bufferCapacities, pes: config.pes)
            out[m] = Array(ts.prefix(maxTiles))
        }
        return out
    }
}
