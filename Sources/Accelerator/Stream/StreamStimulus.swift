import Golden

/// Stimulus files for the stream organisation (the harness commands of docs/ACCELERATOR.md,
/// "Stimulus and result files"; `ldPe`/`rdPe` name a lane) and the stream entries of a tile.
public struct StreamStimulus: Sendable {
    public let config: StreamConfig

    public init(config: StreamConfig) { self.config = config }

    /// The stream entries of `kernels` as load-port words (docs/ACCELERATOR.md, "Stream entries"):
    /// per kernel a bias header, a threshold header in predictive mode, then its ops (weight,
    /// offset, ops remaining after this one, sign-check flag, speculation-end flag); an empty
    /// kernel gets one zero-weight op.
    public func entries(_ kernels: [KernelProgram], mode: Mode) throws -> [UInt64] {
        let c = config, w = c.dataWidth, a = c.accumulatorWidth, ia = c.inputAddressWidth, cw = c.opCountWidth
        let e = c.entryWidth
        func mask(_ v: Int64, _ bits: Int) -> UInt64 { UInt64(bitPattern: v) & (bits >= 64 ? ~0 : (1 << UInt64(bits)) - 1) }
        let lo = -(Int64(1) << (a - 1)), hi = (Int64(1) << (a - 1)) - 1
        guard c.withPAU || (!mode.signCheck && !mode.thresholdCheck) else {
            throw SimulationError("\(mode) mode needs PAUs; \(c.name) is a baseline")
        }
        var out: [UInt64] = []
        for p in kernels {
            guard p.count <= c.maxKernelOps else { throw SimulationError("a kernel of \(p.count) ops exceeds maxKernelOps \(c.maxKernelOps)") }
            out.append(1 << UInt64(e - 2) | mask(p.bias, a))
            if mode.thresholdCheck { out.append(2 << UInt64(e - 2) | mask(min(max(p.threshold, lo), hi), a)) }
            if p.count == 0 { out.append(0); continue }
            for i in 0..<p.count {
                let sign = mode.signCheck && i >= p.checkFrom
                let spec = mode.thresholdCheck && p.specN >= 1 && i == p.specN - 1
                var v = mask(Int64(p.weights[i]), w) | UInt64(p.offsets[i]) << UInt64(w)
                v |= UInt64(p.count - 1 - i) << UInt64(w + ia)
                if sign { v |= 1 << UInt64(w + ia + cw) }
                if spec { v |= 1 << UInt64(w + ia + cw + 1) }
                out.append(v)
            }
        }
        return out
    }

    /// One stimulus for `tiles` back to back: a lane's input bank and slots are written when
    /// its positions change, the stream and the control registers for every tile, then `S` and
    /// one `Q` per lane with positions (reads `kernels × M` words).
    public func text(for tiles: [StreamTile]) throws -> String {
        let c = config
        var s = "# snapea stream stimulus: \(c)\n"
        var lastInputs: [[Int32]]? = nil
        var lastPositions: [OutputPosition?]? = nil
        var lastBases: [Int32]? = nil
        for (t, tile) in tiles.enumerated() {
            guard tile.lanes == c.lanes, tile.slots == c.slotsPerLane else {
                throw SimulationError("tile \(t) is cut for \(tile.lanes) lanes × \(tile.slots) slots, the config has \(c.lanes) × \(c.slotsPerLane)")
            }
            guard tile.groups == c.streamGroups, tile.laneWords <= c.laneInputWords, tile.kernelStride <= c.kernelsPerTile,
                  tile.width == c.dataWidth else {
                throw SimulationError("tile \(t) does not fit \(c.name) (\(tile.groups) groups, lane bank \(tile.laneWords) words, "
                                      + "\(tile.kernelStride) kernels, \(tile.width)-bit)")
            }
            s += "# tile \(t)\n"
            if lastInputs != tile.laneInputs || lastPositions != tile.positions || lastBases != tile.slotBases {
                let wmask = (UInt64(1) << UInt64(c.dataWidth)) - 1
                for l in 0..<c.lanes {
                    for (i, v) in tile.laneInputs[l].enumerated() { s += "W 0 \(l) \(i) \(UInt64(bitPattern: Int64(v)) & wmask)\n" }
                    for m in 0..<c.slotsPerLane {
                        let base = tile.base(lane: l, slot: m)
                        s += "W 1 \(l) \(m) \(base >= 0 ? (1 << UInt64(c.inputAddressWidth)) | UInt64(base) : 0)\n"
                    }
                }
                lastInputs = tile.laneInputs
                lastPositions = tile.positions
                lastBases = tile.slotBases
            }
            // Each group's stream (one broadcast when every group streams the same kernels).
            let streams = try tile.groupKernels.map { try entries($0, mode: tile.mode) }
            let shared = streams.allSatisfy { $0 == streams[0] }
            for (g, stream) in streams.enumerated() where !shared || g == 0 {
                guard stream.count <= c.groupStreamEntries else {
                    throw SimulationError("tile \(t): \(stream.count) stream entries exceed a group's \(c.groupStreamEntries)")
                }
                for (i, v) in stream.enumerated() { s += shared ? "B 2 \(i) \(v)\n" : "W 2 \(g) \(i) \(v)\n" }
                s += shared ? "B 3 0 \(stream.count)\n" : "W 3 \(g) 0 \(stream.count)\n"
            }
            s += "B 3 1 \(tile.shift)\n"
            let longest = streams.map(\.count).max() ?? 0
            s += "C \(10_000 + 8 * longest * (c.slotsPerLane + 2))\nS\n"
            for l in 0..<c.lanes where tile.positions[(l * c.slotsPerLane)..<((l + 1) * c.slotsPerLane)].contains(where: { $0 != nil }) {
                let kernels = tile.groupKernels[tile.group(of: l)].count
                if kernels > 0 { s += "Q \(l) \(kernels * c.slotsPerLane)\n" }
            }
        }
        return s + "E\n"
    }
}
