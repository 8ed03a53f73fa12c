import Foundation

/// Elaboration + Verilog emission throughput on a synthetic accelerator-like design.
public enum HDLBenchmark {
    /// Result of one run.
    public struct Result: Sendable, CustomStringConvertible {
        /// IR nodes elaborated (over all instances).
        public let nodes: Int
        /// IR nodes in the unique module definitions.
        public let uniqueNodes: Int
        /// Bytes of Verilog emitted.
        public let verilogBytes: Int
        /// Wall-clock seconds for elaborate + emit.
        public let seconds: Double
        /// CPU seconds of this process during the run (robust against a loaded machine).
        public let cpuSeconds: Double
        /// `nodes / seconds`.
        public var nodesPerSecond: Double { Double(nodes) / max(seconds, 1e-9) }
        /// `nodes / cpuSeconds`.
        public var nodesPerCPUSecond: Double { Double(nodes) / max(cpuSeconds, 1e-9) }

        public var description: String {
            String(format: "HDL elaborate+emit: %d nodes (%d unique), %.3f s wall = %.0f nodes/s, %.3f s CPU = %.0f nodes/CPU-s, %d bytes of Verilog",
                   nodes, uniqueNodes, seconds, nodesPerSecond, cpuSeconds, nodesPerCPUSecond, verilogBytes)
        }
    }

    /// Elaborates and emits a design of about `nodes` IR nodes (at least 100,000 by default):
    /// an array of lanes, each a distinct parametrised MAC lane with a weight memory read by
    /// several ports, a multiplier, an accumulator, a threshold compare and muxes.
    public static func run(nodes: Int = 100_000) throws -> Result {
        let t0 = Date()
        let c0 = cpuTime()
        let design = try Elaborator.elaborate(BenchArray(targetNodes: nodes))
        let bytes = design.verilog.reduce(0) { $0 + $1.utf8.count }
        let seconds = Date().timeIntervalSince(t0)
        let cpu = cpuTime() - c0
        return Result(nodes: BenchArray.lastBuiltNodes, uniqueNodes: design.nodeCount, verilogBytes: bytes,
                      seconds: seconds, cpuSeconds: cpu)
    }

    /// Process CPU time in seconds.
    public static func cpuTime() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }
}

/// One lane: `taps` multiply-accumulate steps over a small weight memory.
final class BenchLane: Module {
    let width: Int
    let taps: Int
    let variant: Int
    let x: [Signal]
    let addr: Signal
    let we: Signal
    let wdata: Signal
    let threshold: Signal
    let acc: Signal
    let fire = Output(.bool)
    let weights: Memory
    let sum: Signal

    override var parameters: KeyValuePairs<String, Any> { ["W": width, "T": taps, "V": variant] }

    init(width: Int, taps: Int, variant: Int) {
        self.width = width
        self.taps = taps
        self.variant = variant
        let aw = 16 + variant % 8
        x = (0..<taps).map { _ in Input(.sint(width)) }
        weights = Mem(depth: 16, type: .sint(width))
        addr = Input(.uint(4))
        we = Input(.bool)
        wdata = Input(.sint(width))
        threshold = Input(.sint(2 * width + aw))
        acc = Output(.sint(2 * width + aw))
        sum = Reg(.sint(2 * width + aw), reset: 0)
        super.init()
        when(we) { weights.write(addr, wdata) }
        var total = sum
        for t in 0..<taps {
            let w = weights.read(addr ^ lit(t % 16, .uint(4)))
            let p = (x[t] * w).sext(to: 2 * width + aw)
            total = total + mux(p > total, p, total >> 1)
        }
        sum.assign(total)
        acc.assign(sum)
        fire.assign(sum > threshold)
    }
}

/// An array of distinct lanes sized to reach a node target.
final class BenchArray: Module {
    nonisolated(unsafe) static var lastBuiltNodes = 0
    let lanes: [BenchLane]
    let outs: [Signal]

    init(targetNodes: Int) {
        let taps = 32
        let perLane = taps * 10 + 20
        let count = max(1, (targetNodes + perLane - 1) / perLane)
        lanes = (0..<count).map { i in instance(BenchLane(width: 16, taps: taps, variant: i)) }
        outs = (0..<count).map { _ in Output(.bool) }
        super.init()
        let x = (0..<taps).map { _ in Input(.sint(16)) }
        let addr = Input(.uint(4)), we = Input(.bool), wdata = Input(.sint(16))
        for (i, l) in lanes.enumerated() {
            for t in 0..<taps { l.x[t].assign(x[t]) }
            l.addr.assign(addr)
            l.we.assign(we)
            l.wdata.assign(wdata)
            l.threshold.assign(lit(i, l.threshold.type))
            outs[i].assign(l.fire ^ l.acc.xorR())
        }
    }

    override func body() {
        var total = 0
        var stack: [Module] = [self]
        while let m = stack.popLast() {
            total += m.nodeCount
            if let a = m as? BenchArray { stack.append(contentsOf: a.lanes) }
        }
        BenchArray.lastBuiltNodes = total
    }
}

extension Module {
    /// Nodes built so far in this module instance.
    var nodeCount: Int { builder.nodes.count }
}
