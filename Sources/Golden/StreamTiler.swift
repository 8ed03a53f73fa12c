/// Cuts a layer into `StreamTile`s for the stream organisation and runs them: position rounds
/// (every lane gets up to `slots` positions per round, in strips with their windows) × kernel chunks (at most
/// `kernelsPerTile` kernels and `streamEntries` stream entries per tile). Tiles run round by round,
/// chunk by chunk, so a lane's input bank is reloaded only when its positions change.
public struct StreamTiler: Sendable, Equatable {
    /// Lanes of the array (`P * K`).
    public var lanes: Int
    /// Positions per lane (`M`).
    public var slots: Int
    /// Words of a lane's input bank.
    public var laneInputWords: Int
    /// Kernels per tile (a lane's output buffer holds `slots * kernelsPerTile` words).
    public var kernelsPerTile: Int
    /// Entries of the kernel-stream buffer.
    public var streamEntries: Int
    public var model: StreamCycleModel

    public init(lanes: Int, slots: Int, laneInputWords: Int, kernelsPerTile: Int, streamEntries: Int, model: StreamCycleModel) {
        self.lanes = lanes
        self.slots = slots
        self.laneInputWords = laneInputWords
        self.kernelsPerTile = kernelsPerTile
        self.streamEntries = streamEntries
        self.model = model
    }

    /// Stream entries of a kernel: a bias header, a threshold header in predictive mode, and its
    /// ops (one zero-weight op for an empty kernel).
    public static func streamEntries(_ p: KernelProgram, mode: Mode) -> Int {
        1 + (mode.thresholdCheck ? 1 : 0) + max(1, p.count)
    }

    /// How a layer's positions are packed: strips of at most `stripLength` outputs of one row,
    /// `rounds` position rounds (strip `s` runs in round `s mod rounds`, so a lane's strips are
    /// spread over the layer), at most `stripsPerLane` strips per lane and round.
    public struct Packing: Sendable, Equatable {
        public var stripLength: Int
        public var stripsPerRow: Int
        public var strips: Int
        public var rounds: Int
        public var stripsPerLane: Int
        /// Estimated time in slot-passes: `rounds × stripsPerLane × stripLength`.
        public var cost: Int { rounds * stripsPerLane * stripLength }
    }

    /// The packing with the lowest `cost` (ties: the longer strip) among strip lengths whose
    /// window fits the lane bank. Throws when not even one output's window fits.
    public func packing(_ spec: ConvSpec, hout: Int, wout: Int, images: Int) throws -> Packing {
        var best: Packing? = nil
        for c in 1...max(1, min(slots, wout)) {
            let window = spec.inC * spec.kH * ((c - 1) * spec.stride + spec.kW)
            guard window <= laneInputWords else { break }
            let perLane = min(laneInputWords / window, slots / c)
            let perRow = (wout + c - 1) / c
            let strips = images * hout * perRow
            let rounds = max(1, (strips + lanes * perLane - 1) / (lanes * perLane))
            let perRound = (strips + rounds - 1) / rounds
            let p = Packing(stripLength: c, stripsPerRow: perRow, strips: strips, rounds: rounds,
                            stripsPerLane: (perRound + lanes - 1) / lanes)
            if best == nil || p.cost < best!.cost || (p.cost == best!.cost && c > best!.stripLength) { best = p }
        }
        guard let b = best else {
            throw LayerError(layer: spec.name, field: "laneInputWords",
                             "one output's window (\(spec.inC)x\(spec.kH)x\(spec.kW) = \(spec.kernelSize) words) does not fit a lane's \(laneInputWords)-word input bank")
        }
        return b
    }

    /// A tiled run: the layer's outputs (channel-major per image, `images` concatenated along
    /// channels like `LayerExecutor`'s batch of one), op counts, tiles' timings.
    public struct Run: Sendable {
        /// Outputs of each image, `(k * hout + oy) * wout + ox`.
        public var outputs: [[Int32]]
        /// Executed ops of each image's outputs, same order.
        public var executedOps: [[Int32]]
        public var timings: [StreamCycleModel.Timing]
        public var tiles: Int
        public var packing: Packing
        public var cycles: Int { timings.reduce(0) { $0 + $1.cycles } }
        public var computeCycles: Int { timings.reduce(0) { $0 + $1.computeCycles } }
        public var executedTotal: Int { timings.reduce(0) { $0 + $1.executedOps } }
    }

    /// Tiles `layer` on `inputs` (one tensor per image) with `programs` compiled for `mode`
    /// (offsets are recomputed per sub-tile) and calls `body` with every tile; returns the
    /// stitched run.
    public func run(_ layer: QuantizedConv, inputs: [QTensor], mode: Mode, programs: [KernelProgram],
                    body: (StreamTile, TileExecution) throws -> Void = { _, _ in }) throws -> Run {
        let spec = layer.spec
        guard let first = inputs.first else { throw LayerError(layer: spec.name, field: "inputs", "no input") }
        let hout = (first.height + 2 * spec.pad - spec.kH) / spec.stride + 1
        let wout = (first.width + 2 * spec.pad - spec.kW) / spec.stride + 1
        let pk = try packing(spec, hout: hout, wout: wout, images: inputs.count)
        let c = pk.stripLength, ws = (c - 1) * spec.stride + spec.kW, window = spec.inC * spec.kH * ws
        let rebased = programs.map { $0.rebased(kH: spec.kH, kW: spec.kW, hin: spec.kH, win: ws) }
        // Kernel chunks.
        var chunks: [Range<Int>] = []
        var k0 = 0
        while k0 < rebased.count {
            var k1 = k0, entries = 0
            while k1 < rebased.count && k1 - k0 < kernelsPerTile {
                let e = StreamTiler.streamEntries(rebased[k1], mode: mode)
                if k1 > k0 && entries + e > streamEntries { break }
                guard e <= streamEntries else {
                    throw LayerError(layer: spec.name, field: "streamEntries", "kernel \(k1) needs \(e) stream entries, the buffer has \(streamEntries)")
                }
                entries += e
                k1 += 1
            }
            chunks.append(k0..<k1)
            k0 = k1
        }
        // Strip s: image, output row, first column and length (rows cut into balanced strips).
        func strip(_ s: Int) -> (image: Int, row: Int, col: Int, length: Int) {
            let perImage = hout * pk.stripsPerRow
            let img = s / perImage, oy = (s % perImage) / pk.stripsPerRow, j = s % pk.stripsPerRow
            let col = j * wout / pk.stripsPerRow
            return (img, oy, col, (j + 1) * wout / pk.stripsPerRow - col)
        }
        var outputs = inputs.map { _ in [Int32](repeating: 0, count: spec.outC * hout * wout) }
        var opsOut = inputs.map { _ in [Int32](repeating: 0, count: spec.outC * hout * wout) }
        var timings: [StreamCycleModel.Timing] = []
        var tiles = 0
        for round in 0..<pk.rounds {
            var laneInputs = [[Int32]](repeating: [], count: lanes)
            var bases = [Int32](repeating: -1, count: lanes * slots)
            var positions = [OutputPosition?](repeating: nil, count: lanes * slots)
            var used = [Int](repeating: 0, count: lanes)
            var i = 0
            for s in stride(from: round, to: pk.strips, by: pk.rounds) {
                let l = i % lanes
                i += 1
                let st = strip(s)
                let x = inputs[st.image]
                let y0 = st.row * spec.stride - spec.pad, x0 = st.col * spec.stride - spec.pad
                let origin = laneInputs[l].count
                var win = [Int32](repeating: 0, count: window)
                for ch in 0..<spec.inC {
                    for y in 0..<spec.kH where y0 + y >= 0 && y0 + y < x.height {
                        for xx in 0..<ws where x0 + xx >= 0 && x0 + xx < x.width {
                            win[(ch * spec.kH + y) * ws + xx] = x.data[(ch * x.height + y0 + y) * x.width + x0 + xx]
                        }
                    }
                }
                laneInputs[l] += win
                for m in 0..<st.length {
                    bases[l * slots + used[l]] = Int32(origin + m * spec.stride)
                    positions[l * slots + used[l]] = OutputPosition(image: st.image, row: st.row, col: st.col + m)
                    used[l] += 1
                }
            }
            for chunk in chunks {
                let tile = StreamTile(inC: spec.inC, kH: spec.kH, kW: spec.kW, stride: spec.stride, stripLength: c,
                                      slots: slots, lanes: lanes, kernels: Array(rebased[chunk]), firstKernel: chunk.lowerBound,
                                      laneInputs: laneInputs, slotBases: bases, positions: positions,
                                      shift: layer.shift, width: layer.width, mode: mode)
                let ex = tile.execute()
                let kc = chunk.count
                for l in 0..<lanes {
                    for m in 0..<slots {
                        guard let p = positions[l * slots + m] else { continue }
                        for k in 0..<kc {
                            let o = ((chunk.lowerBound + k) * hout + p.row) * wout + p.col
                            outputs[p.image][o] = ex.outputs[(l * kc + k) * slots + m]
                            opsOut[p.image][o] = ex.executedOps[(l * kc + k) * slots + m]
                        }
                    }
                }
                timings.append(tile.timing(model, execution: ex))
                try body(tile, ex)
                tiles += 1
            }
        }
        return Run(outputs: outputs, executedOps: opsOut, timings: timings, tiles: tiles, packing: pk)
    }
}
