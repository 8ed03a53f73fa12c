/// The timing contract between golden model and RTL (docs/ARCHITECTURE.md, "Cycle model").
public struct CycleModel: Sendable, Equatable {
    /// Fixed start/done handshake overhead of the RTL, in cycles (provisional; the RTL
    /// helper measures it in co-simulation).
    public static let defaultHandshakeOverhead = 2

    public var pes: Int
    public var lanesPerPE: Int
    public var handshakeOverhead: Int

    public init(pes: Int, lanesPerPE: Int, handshakeOverhead: Int = CycleModel.defaultHandshakeOverhead) {
        self.pes = pes
        self.lanesPerPE = lanesPerPE
        self.handshakeOverhead = handshakeOverhead
    }

    /// `T_j` of one PE: entries handed out greedily in order, each to the lane with the
    /// earliest free time (ties: lowest lane); an entry occupies its lane `max(1, ops)` cycles.
    public func peTime(entryOps: [Int]) -> Int {
        var free = [Int](repeating: 0, count: max(1, lanesPerPE))
        for e in entryOps {
            var best = 0
            for l in 1..<free.count where free[l] < free[best] { best = l }
            free[best] += max(1, e)
        }
        return entryOps.isEmpty ? 0 : free.max()!
    }

    /// Timing of a tile whose PE work lists take `entryOps[j]` ops per entry.
    public func timing(entryOps: [[Int]]) -> TileTiming {
        let t = entryOps.map { peTime(entryOps: $0) }
        let compute = t.max() ?? 0
        let total = entryOps.reduce(0) { $0 + $1.reduce(0, +) }
        let eff = compute > 0 ? Double(total) / Double(lanesPerPE * pes * compute) : 0
        return TileTiming(peTimes: t, computeCycles: compute, cycles: compute + handshakeOverhead,
                          executedOps: total, efficiency: eff)
    }

    /// Runs a tile and times it. The tile must be distributed over `pes` PEs.
    public func run(_ tile: TileProgram) -> (execution: TileExecution, timing: TileTiming) {
        precondition(tile.pes == pes, "tile distributed over \(tile.pes) PEs, cycle model has \(pes)")
        let ex = tile.execute()
        return (ex, timing(entryOps: (0..<pes).map { tile.entryOps(ex, pe: $0) }))
    }
}

/// Cycle count and efficiency of one tile.
public struct TileTiming: Sendable, Equatable {
    /// `T_j` per PE.
    public var peTimes: [Int]
    /// `max_j T_j`.
    public var computeCycles: Int
    /// `max_j T_j + handshakeOverhead`: start-to-done cycles.
    public var cycles: Int
    /// `Σ executedOps`.
    public var executedOps: Int
    /// `Σ executedOps / (lanes × P × max_j T_j)` (0 for an empty tile).
    public var efficiency: Double
}
