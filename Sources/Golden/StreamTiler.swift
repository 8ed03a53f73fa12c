/// Cuts a layer into `StreamTile`s for the stream organisation and runs them: position rounds
/// (every lane gets one block of output positions per round) × kernel chunks (at most
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

    /// The block shape `rows × cols` (at most `slots` positions, sub-tile within the input bank)
    /// that needs the fewest position rounds for `images` outputs of `hout × wout`; ties go to the
    /// smaller block, then to the wider one. Throws when not even one position's window fits.
    public func blockShape(_ spec: ConvSpec, hout: Int, wout: Int, images: Int) throws -> (rows: Int, cols: Int) {
        var best: (rounds: Int, size: Int, rows: Int, cols: Int)? = nil
        for r in 1...slots {
            for c in 1...(slots / r) {
                let hs = (r - 1) * spec.stride + spec.kH, ws = (c - 1) * spec.stride + spec.kW
                guard spec.inC * hs * ws <= laneInputWords else { continue }
                let blocks = images * ((hout + r - 1) / r) * ((wout + c - 1) / c)
                let rounds = (blocks + lanes - 1) / lanes
                let cand = (rounds, r * c, r, c)
                if best == nil || cand.0 < best!.rounds || (cand.0 == best!.rounds && (cand.1 < best!.size ||
                    (cand.1 == best!.size && cand.3 > best!.cols))) {
                    best = cand
                }
            }
        }
        guard let b = best else {
            throw LayerError(layer: spec.name, field: "laneInputWords",
                             "one output's window (\(spec.inC)x\(spec.kH)x\(spec.kW) = \(spec.kernelSize) words) does not fit a lane's \(laneInputWords)-word input bank")
        }
        return (b.rows, b.cols)
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
        public var blockRows: Int
        public var blockCols: Int
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
        let (br, bc) = try blockShape(spec, hout: hout, wout: wout, images: inputs.count)
        let hs = (br - 1) * spec.stride + spec.kH, ws = (bc - 1) * spec.stride + spec.kW
        let rebased = programs.map { $0.rebased(kH: spec.kH, kW: spec.kW, hin: hs, win: ws) }
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
        // Blocks in order image, block row, block column.
        let bRows = (hout + br - 1) / br, bCols = (wout + bc - 1) / bc
        let blocks = inputs.count * bRows * bCols
        var outputs = inputs.map { _ in [Int32](repeating: 0, count: spec.outC * hout * wout) }
        var opsOut = inputs.map { _ in [Int32](repeating: 0, count: spec.outC * hout * wout) }
        var timings: [StreamCycleModel.Timing] = []
        var tiles = 0
        var b0 = 0
        while b0 < blocks {
            var laneInputs = [[Int32]](repeating: [], count: lanes)
            var positions = [OutputPosition?](repeating: nil, count: lanes * slots)
            for l in 0..<lanes where b0 + l < blocks {
                let b = b0 + l
                let img = b / (bRows * bCols), by = (b / bCols) % bRows, bx = b % bCols
                let x = inputs[img]
                var sub = [Int32](repeating: 0, count: spec.inC * hs * ws)
                let y0 = by * br * spec.stride - spec.pad, x0 = bx * bc * spec.stride - spec.pad
                for c in 0..<spec.inC {
                    for y in 0..<hs where y0 + y >= 0 && y0 + y < x.height {
                        for xx in 0..<ws where x0 + xx >= 0 && x0 + xx < x.width {
                            sub[(c * hs + y) * ws + xx] = x.data[(c * x.height + y0 + y) * x.width + x0 + xx]
                        }
                    }
                }
                laneInputs[l] = sub
                for m in 0..<(br * bc) {
                    let oy = by * br + m / bc, ox = bx * bc + m % bc
                    if oy < hout && ox < wout { positions[l * slots + m] = OutputPosition(image: img, row: oy, col: ox) }
                }
            }
            for chunk in chunks {
                let tile = StreamTile(inC: spec.inC, kH: spec.kH, kW: spec.kW, stride: spec.stride, blockRows: br,
                                      blockCols: bc, slots: slots, lanes: lanes, kernels: Array(rebased[chunk]),
                                      firstKernel: chunk.lowerBound, laneInputs: laneInputs, positions: positions,
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
            b0 += lanes
        }
        return Run(outputs: outputs, executedOps: opsOut, timings: timings, tiles: tiles, blockRows: br, blockCols: bc)
    }
}
