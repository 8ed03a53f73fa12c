import Foundation
import Golden

/// Co-simulation: runs golden `TileProgram`s on the generated RTL (Verilator or Icarus) and
/// compares every output bit for bit with the golden model and every tile's cycle count with
/// the golden `CycleModel` (docs/ARCHITECTURE.md).
public struct Cosim: Sendable {
    public let config: AcceleratorConfig
    public let simulator: Simulator

    /// Builds (or fetches from the build cache) the simulator for `config`.
    public init(config: AcceleratorConfig, simulator kind: SimulatorKind = .verilator, trace: Bool = false) throws {
        self.config = config
        self.simulator = try Simulator.build(config, kind: kind, trace: trace)
    }

    /// What the golden model expects of `tile` on this hardware: outputs per PE (work-list order)
    /// and the cycle model's timing. Without PAUs both checks are off (rule 3 only).
    public func expected(_ tile: TileProgram) -> (outputs: [[Int32]], timing: TileTiming) {
        var t = tile
        if !config.withPAU && t.mode.signCheck { t.mode = .zeroSkip }
        let (ex, timing) = config.cycleModel.run(t)
        let outs = (0..<t.pes).map { j in
            (0..<t.workLists[j].count).map { q in ex.outputs[t.outputIndex(pe: j, entry: q)] }
        }
        return (outs, timing)
    }

    /// Runs `tiles` back to back in one simulator process and compares them.
    /// - Parameter tracePath: VCD output (needs `trace: true` at init, Verilator only).
    public func run(_ tiles: [TileProgram], tracePath: String? = nil) throws -> CosimReport {
        for (i, t) in tiles.enumerated() {
            guard t.pes == config.pes else {
                throw ConfigError(field: "pes", "tile \(i) is distributed over \(t.pes) PEs, the config has \(config.pes)")
            }
            guard t.width == config.dataWidth else {
                throw ConfigError(field: "dataWidth", "tile \(i) has \(t.width)-bit words, the config \(config.dataWidth)")
            }
        }
        let hw = tiles.map { HardwareTile($0, withPAU: config.withPAU) }
        let (result, seconds) = try simulator.run(tiles: hw, tracePath: tracePath)
        return compare(tiles, with: result, seconds: seconds)
    }

    /// Compares a simulator's `result` for `tiles` with the golden model and cycle model.
    public func compare(_ tiles: [TileProgram], with result: SimulationResult, seconds: Double = 0) -> CosimReport {
        var report = CosimReport(simulator: simulator.kind, config: config.name, tiles: tiles.count,
                                 edges: result.edges, simulationSeconds: seconds)
        for (i, tile) in tiles.enumerated() {
            let exp = expected(tile)
            let got = result.tiles[i]
            report.outputs += exp.outputs.reduce(0) { $0 + $1.count }
            var flat = [Int32](repeating: 0, count: tile.outputCount)
            for j in 0..<got.outputs.count {
                for q in 0..<got.outputs[j].count { flat[tile.outputIndex(pe: j, entry: q)] = got.outputs[j][q] }
            }
            report.rtlOutputs.append(flat)
            report.rtlCycles.append(got.cycles)
            report.modelCycles.append(exp.timing.cycles)
            report.computeCycles += exp.timing.computeCycles
            report.executedOps += exp.timing.executedOps
            let where_ = "tile \(i) (\(tile.mode), kernels from \(tile.firstKernel), rows from \(tile.firstRow))"
            if got.cycles != exp.timing.cycles {
                report.mismatches.append("\(where_): RTL took \(got.cycles) cycles, the golden CycleModel says \(exp.timing.cycles)")
            }
            outer: for j in 0..<exp.outputs.count {
                for q in 0..<exp.outputs[j].count where got.outputs[j][q] != exp.outputs[j][q] {
                    let o = tile.outputIndex(pe: j, entry: q)
                    report.mismatches.append("\(where_): PE \(j) output address \(q) (tile output \(o)): RTL \(got.outputs[j][q]), golden \(exp.outputs[j][q])")
                    break outer
                }
            }
        }
        return report
    }
}

/// The outcome of a co-simulation run.
public struct CosimReport: Sendable, CustomStringConvertible {
    public var simulator: SimulatorKind
    public var config: String
    public var tiles: Int
    /// Outputs compared.
    public var outputs = 0
    /// Start-to-done cycles per tile: measured on the RTL and predicted by the cycle model.
    public var rtlCycles: [Int] = []
    public var modelCycles: [Int] = []
    /// RTL outputs per tile in tile output order `o` (kernel-major).
    public var rtlOutputs: [[Int32]] = []
    /// `Σ max_j T_j` and `Σ executedOps` (golden).
    public var computeCycles = 0
    public var executedOps = 0
    /// Clock edges simulated (loads included) and the simulator's wall time.
    public var edges: Int
    public var simulationSeconds: Double
    /// One line per mismatching tile (first differing output, or cycles); empty when passed.
    public var mismatches: [String] = []

    init(simulator: SimulatorKind, config: String, tiles: Int, edges: Int, simulationSeconds: Double) {
        self.simulator = simulator
        self.config = config
        self.tiles = tiles
        self.edges = edges
        self.simulationSeconds = simulationSeconds
    }

    /// True when every output and every cycle count matched.
    public var passed: Bool { mismatches.isEmpty }
    /// The first mismatch, if any.
    public var firstMismatch: String? { mismatches.first }
    /// Simulated clock edges per wall-clock second.
    public var cyclesPerSecond: Double { simulationSeconds > 0 ? Double(edges) / simulationSeconds : 0 }

    public var description: String {
        let head = "\(config) on \(simulator): \(tiles) tiles, \(outputs) outputs, \(rtlCycles.reduce(0, +)) cycles"
        return passed ? head + ": bit-exact and cycle-exact"
            : head + ": \(mismatches.count) mismatching tiles; first: \(mismatches[0])"
    }
}
