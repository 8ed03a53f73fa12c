import Foundation
import Golden
import HDL

extension Simulator {
    /// Builds (or fetches from the cache) the simulator of the stream organisation for `config`.
    public static func build(stream config: StreamConfig, kind: SimulatorKind) throws -> Simulator {
        try build(files: Generator.emit(stream: config), config: config.datapath, kind: kind, trace: false,
                  widths: (config.laneIndexWidth, config.loadAddressWidth, config.loadDataWidth, config.outputAddressWidth,
                           config.dataWidth))
    }
}

/// Co-simulation of the stream organisation: every valid output of every tile bit for bit, and
/// every tile's start-to-done cycles against the golden `StreamCycleModel`.
public struct StreamCosim: Sendable {
    public let config: StreamConfig
    public let simulator: Simulator

    public init(config: StreamConfig, kind: SimulatorKind = .verilator) throws {
        self.config = config
        self.simulator = try Simulator.build(stream: config, kind: kind)
    }

    public struct Report: Sendable {
        public var rtlCycles: [Int]
        public var modelCycles: [Int]
        /// Outputs compared (valid slots × kernels over all tiles).
        public var checkedOutputs: Int
        /// The first difference, or nil.
        public var firstMismatch: String?
        public var passed: Bool { firstMismatch == nil }
    }

    /// Runs `tiles` back to back.
    public func run(_ tiles: [StreamTile]) throws -> Report {
        let stimulus = try StreamStimulus(config: config).text(for: tiles)
        let (out, _) = try simulator.run(stimulus: stimulus)
        let m = config.slotsPerLane
        var cycles: [Int] = []
        var seen: [[Int: Substring]] = []        // per tile: (lane << 32 | addr) -> value as printed
        for (n, line) in out.split(separator: "\n").enumerated() {
            let p = line.split(separator: " ")
            switch p.first {
            case "cycles":
                guard p.count == 2, let c = Int(p[1]) else { throw SimulationError("result line \(n + 1): '\(line)'") }
                cycles.append(c)
                seen.append([:])
            case "out":
                guard p.count == 4, let l = Int(p[1]), let a = Int(p[2]), !seen.isEmpty else {
                    throw SimulationError("result line \(n + 1): '\(line)'")
                }
                // Words of empty slots are never written (Icarus prints them as x); valid ones are compared.
                guard seen[seen.count - 1].updateValue(p[3], forKey: l << 32 | a) == nil else {
                    throw SimulationError("result line \(n + 1): lane \(l) address \(a) read twice")
                }
            case "edges":
                break
            default:
                throw SimulationError("result line \(n + 1): unexpected '\(line)'")
            }
        }
        guard cycles.count == tiles.count else { throw SimulationError("\(cycles.count) tiles reported, \(tiles.count) run") }
        var report = Report(rtlCycles: cycles, modelCycles: [], checkedOutputs: 0, firstMismatch: nil)
        let model = config.cycleModel
        for (t, tile) in tiles.enumerated() {
            let ex = tile.execute()
            let timing = tile.timing(model, execution: ex)
            report.modelCycles.append(timing.cycles)
            if report.firstMismatch == nil && timing.cycles != cycles[t] {
                report.firstMismatch = "tile \(t): RTL \(cycles[t]) cycles, model \(timing.cycles)"
            }
            let kc = tile.kernelStride
            for l in 0..<tile.lanes {
                for s in 0..<m where tile.positions[l * m + s] != nil {
                    for k in 0..<tile.groupKernels[tile.group(of: l)].count {
                        let want = String(ex.outputs[(l * kc + k) * m + s])
                        guard let got = seen[t][l << 32 | (k * m + s)] else {
                            throw SimulationError("tile \(t): lane \(l) address \(k * m + s) was not read")
                        }
                        report.checkedOutputs += 1
                        if String(got) != want && report.firstMismatch == nil {
                            report.firstMismatch = "tile \(t) lane \(l) kernel \(k) slot \(s): RTL \(got), golden \(want)"
                        }
                    }
                }
            }
        }
        return report
    }
}
