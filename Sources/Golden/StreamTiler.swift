/// Cuts a layer into `StreamTile`s for the stream organisation and runs them: position rounds
/// (every lane gets up to `slots` positions per round, in strips with their windows) × kernel chunks (at most
/// `kernelsPerTile` kernels and `streamEntries` stream entries per tile). Tiles run round by round,
/// chunk by chunk, so a lane's input bank is reloaded only when its positions change.
public struct StreamTiler: Sendable, Equatable {
    /// Lanes of the array (`P * K`).
    public var lanes: Int
    /// Lane groups, each with its own kernel stream (`lanes / groups` lanes each). A layer splits
    /// its kernels over the groups (every group holds every position) or its positions (every
    /// group streams every kernel), whichever `Packing.cost` says is faster.
    public var groups: Int
    /// Positions per lane (`M`).
    public var slots: Int
    /// Words of a lane's input bank.
    public var laneInputWords: Int
    /// Kernels per tile (a lane's output buffer holds `slots * kernelsPerTile` words).
    public var kernelsPerTile: Int
    /// Entries of one group's kernel-stream buffer.
    public var streamEntries: Int
    public var model: StreamCycleModel

    public init(lanes: Int, groups: Int = 1, slots: Int, laneInputWords: Int, kernelsPerTile: Int, streamEntries: Int,
                model: StreamCycleModel) {
        precondition(groups >= 1 && lanes % groups == 0, "groups must divide lanes")
        self.lanes = lanes
        self.groups = groups
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
    /// position rounds of at most `lanes × stripsPerLane` strips (full rounds first, the rest in
    /// the last), in a scrambled listing (`strip(at:)`).
    public struct Packing: Sendable, Equatable {
        public var stripLength: Int
        public var stripsPerRow: Int
        public var strips: Int
        /// Strips a lane holds at most (bank and slots).
        public var stripsPerLane: Int
        public var rounds: Int { (strips + roundCapacity - 1) / roundCapacity }
        public var lanes: Int
        public var roundCapacity: Int { lanes * stripsPerLane }
        /// Strips of round `r`.
        public func stripsIn(round r: Int) -> Int { min(roundCapacity, strips - r * roundCapacity) }
        /// Estimated time in slot passes: Σ over rounds of (most strips of a lane) × `stripLength`.
        public var cost: Int {
            (0..<rounds).reduce(0) { $0 + (stripsIn(round: $1) + lanes - 1) / lanes * stripLength }
        }
        /// The strip at position `i` of the listing: a golden-ratio scramble (`i × step mod strips`,
        /// `step ≈ 0.618 × strips` coprime with it), so that a round, and the strips one lane holds,
        /// come from all over the layer and from different places of the images (a lane's work is
        /// then an average over unrelated positions, not one image feature repeated).
        public func strip(at i: Int) -> Int {
            guard strips > 2 else { return i }
            var step = max(1, Int((Double(strips) * 0.6180339887498949).rounded()))
            func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
            while gcd(step, strips) != 1 { step += 1 }
            return (i * step) % strips
        }
    }

    /// The packing with the lowest `cost` (ties: the shorter strip, whose positions spread
    /// further) among strip lengths whose window fits the lane bank. Throws when not even one
    /// output's window fits.
    public func packing(_ spec: ConvSpec, hout: Int, wout: Int, images: Int, lanes: Int? = nil) throws -> Packing {
        let lanes = lanes ?? self.lanes
        var best: Packing? = nil
        for c in 1...max(1, min(slots, wout)) {
            let window = spec.inC * spec.kH * ((c - 1) * spec.stride + spec.kW)
            guard window <= laneInputWords else { break }
            let perRow = (wout + c - 1) / c
            let p = Packing(stripLength: c, stripsPerRow: perRow, strips: images * hout * perRow,
                            stripsPerLane: min(laneInputWords / window, slots / c), lanes: lanes)
            if best == nil || p.cost < best!.cost { best = p }
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
        /// True when the kernels were split over the groups (every group holds every position).
        public var splitKernels: Bool
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
        let perGroup = lanes / groups, k = programs.count
        let byPositions = try packing(spec, hout: hout, wout: wout, images: inputs.count)
        let byKernels = groups > 1 ? try packing(spec, hout: hout, wout: wout, images: inputs.count, lanes: perGroup) : nil
        let splitKernels = byKernels.map { $0.cost * ((k + groups - 1) / groups) < byPositions.cost * k } ?? false
        let pk = splitKernels ? byKernels! : byPositions
        let packLanes = splitKernels ? perGroup : lanes
        let c = pk.stripLength, ws = (c - 1) * spec.stride + spec.kW, window = spec.inC * spec.kH * ws
        let rebased = programs.map { $0.rebased(kH: spec.kH, kW: spec.kW, hin: spec.kH, win: ws) }
        // Kernel chunks of each group (one list for all groups when the positions are split).
        func chunked(_ list: [Int]) throws -> [[Int]] {
            var chunks: [[Int]] = []
            var i = 0
            while i < list.count {
                var j = i, entries = 0
                while j < list.count && j - i < kernelsPerTile {
                    let e = StreamTiler.streamEntries(rebased[list[j]], mode: mode)
                    guard e <= streamEntries else {
                        throw LayerError(layer: spec.name, field: "streamEntries", "kernel \(list[j]) needs \(e) stream entries, a group's buffer has \(streamEntries)")
                    }
                    if j > i && entries + e > streamEntries { break }
                    entries += e
                    j += 1
                }
                chunks.append(Array(list[i..<j]))
                i = j
            }
            return chunks
        }
        let groupChunks = try (splitKernels ? (0..<groups).map { Array(stride(from: $0, to: k, by: groups)) } : [Array(0..<k)]).map(chunked)
        let chunkCount = groupChunks.map(\.count).max() ?? 0
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
            let first = round * pk.roundCapacity
            // The round's strips with their windows, then placed on lanes: in modes that stop early
            // by the heaviest estimated work first, each on the least-loaded lane with room
            // (estimate: positions × (1 + the window's input sum / its words), known when the
            // windows are loaded); otherwise round robin.
            var placed: [(strip: (image: Int, row: Int, col: Int, length: Int), window: [Int32], work: Double)] = []
            for i in 0..<pk.stripsIn(round: round) {
                let st = strip(pk.strip(at: first + i))
                let x = inputs[st.image]
                let y0 = st.row * spec.stride - spec.pad, x0 = st.col * spec.stride - spec.pad
                var win = [Int32](repeating: 0, count: window)
                var sum = 0.0
                for ch in 0..<spec.inC {
                    for y in 0..<spec.kH where y0 + y >= 0 && y0 + y < x.height {
                        for xx in 0..<ws where x0 + xx >= 0 && x0 + xx < x.width {
                            let v = x.data[(ch * x.height + y0 + y) * x.width + x0 + xx]
                            win[(ch * spec.kH + y) * ws + xx] = v
                            sum += Double(v)
                        }
                    }
                }
                let scale = Double(Int64(1) << (layer.width - 1))
                placed.append((st, win, Double(st.length) * (1 + max(0, sum) / (scale * Double(window)) * 64)))
            }
            var order = Array(placed.indices)
            var laneOf = [Int](repeating: 0, count: placed.count)
            if mode.signCheck {
                order.sort { placed[$0].work > placed[$1].work || (placed[$0].work == placed[$1].work && $0 < $1) }
                var load = [Double](repeating: 0, count: packLanes), count = [Int](repeating: 0, count: packLanes)
                for i in order {
                    var best = -1
                    for l in 0..<packLanes where count[l] < pk.stripsPerLane && (best < 0 || load[l] < load[best]) { best = l }
                    laneOf[i] = best
                    load[best] += placed[i].work
                    count[best] += 1
                }
                order = Array(placed.indices)
            } else {
                for i in placed.indices { laneOf[i] = i % packLanes }
            }
            for i in order {
                let l = laneOf[i]
                let st = placed[i].strip, win = placed[i].window
                let origin = laneInputs[l].count
                laneInputs[l] += win
                for m in 0..<st.length {
                    bases[l * slots + used[l]] = Int32(origin + m * spec.stride)
                    positions[l * slots + used[l]] = OutputPosition(image: st.image, row: st.row, col: st.col + m)
                    used[l] += 1
                }
            }
            if splitKernels {
                // Every group holds the same positions.
                for g in 1..<groups {
                    for i in 0..<perGroup {
                        laneInputs[g * perGroup + i] = laneInputs[i]
                        for m in 0..<slots {
                            bases[(g * perGroup + i) * slots + m] = bases[i * slots + m]
                            positions[(g * perGroup + i) * slots + m] = positions[i * slots + m]
                        }
                    }
                }
            }
            for t in 0..<chunkCount {
                let indices = (0..<groups).map { g in
                    let chunks = groupChunks[splitKernels ? g : 0]
                    return t < chunks.count ? chunks[t] : []
                }
                let tile = StreamTile(inC: spec.inC, kH: spec.kH, kW: spec.kW, stride: spec.stride, stripLength: c,
                                      slots: slots, lanes: lanes, groups: groups,
                                      groupKernels: indices.map { $0.map { rebased[$0] } }, kernelIndices: indices,
                                      laneInputs: laneInputs, slotBases: bases, positions: positions,
                                      shift: layer.shift, width: layer.width, mode: mode)
                let ex = tile.execute()
                let kc = tile.kernelStride
                for l in 0..<lanes {
                    let g = tile.group(of: l)
                    for m in 0..<slots {
                        guard let p = positions[l * slots + m] else { continue }
                        for (kk, kernel) in indices[g].enumerated() {
                            let o = (kernel * hout + p.row) * wout + p.col
                            outputs[p.image][o] = ex.outputs[(l * kc + kk) * slots + m]
                            opsOut[p.image][o] = ex.executedOps[(l * kc + kk) * slots + m]
                        }
                    }
                }
                timings.append(tile.timing(model, execution: ex))
                try body(tile, ex)
                tiles += 1
            }
        }
        return Run(outputs: outputs, executedOps: opsOut, timings: timings, tiles: tiles, packing: pk, splitKernels: splitKernels)
    }
}
