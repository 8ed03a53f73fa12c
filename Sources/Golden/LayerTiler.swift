/// On-chip buffer capacities that bound a tile (a projection of the accelerator config).
public struct BufferCapacities: Sendable, Equatable {
    /// Input words one input-buffer bank (one half of the ping-pong pair) holds.
    public var inputWordsPerBank: Int
    /// Ops (weight + index pairs) the weight/index buffers hold.
    public var weightBufferOps: Int
    /// Kernel-table entries (bias, C, N, Th per kernel).
    public var kernelTableEntries: Int
    /// Work-list entries per PE.
    public var workListEntriesPerPE: Int

    public init(inputWordsPerBank: Int, weightBufferOps: Int, kernelTableEntries: Int, workListEntriesPerPE: Int) {
        self.inputWordsPerBank = inputWordsPerBank
        self.weightBufferOps = weightBufferOps
        self.kernelTableEntries = kernelTableEntries
        self.workListEntriesPerPE = workListEntriesPerPE
    }

    /// No limit: a layer is one tile.
    public static let unlimited = BufferCapacities(inputWordsPerBank: Int.max / 4, weightBufferOps: Int.max / 4,
                                                   kernelTableEntries: Int.max / 4, workListEntriesPerPE: Int.max / 4)
}

/// How a layer is cut into tiles: kernel chunks (outer loop) × output-row bands × output-column
/// bands (inner loop). `colBands` is the single band `[0, wout)` whenever one full output row fits.
public struct TilePlan: Sendable, Equatable {
    public var kernelChunks: [Range<Int>]
    public var rowBands: [Range<Int>]
    public var colBands: [Range<Int>]
    /// True when tiles span the full padded input width (no column banding).
    public var fullRows: Bool
    public var hout: Int
    public var wout: Int
    public var tileCount: Int { kernelChunks.count * rowBands.count * colBands.count }

    public init(kernelChunks: [Range<Int>], rowBands: [Range<Int>], colBands: [Range<Int>], fullRows: Bool,
                hout: Int, wout: Int) {
        self.kernelChunks = kernelChunks
        self.rowBands = rowBands
        self.colBands = colBands
        self.fullRows = fullRows
        self.hout = hout
        self.wout = wout
    }
}

/// Energy-relevant activity counts of a layer run on the accelerator.
public struct ActivityCounts: Sendable, Equatable {
    /// Executed MACs (= executed ops).
    public var macs = 0
    /// Weight-buffer reads (one per op and lane).
    public var weightReads = 0
    /// Index-buffer reads (one per op and lane).
    public var indexReads = 0
    /// Input-buffer reads (one per op and lane).
    public var inputReads = 0
    /// Output-buffer writes (one per output).
    public var outputWrites = 0
    /// Work-list and kernel-table reads (one each per output).
    public var workListReads = 0
    public var kernelTableReads = 0
    /// PAU comparisons (threshold check at op N-1, sign checks from op C on).
    public var pauChecks = 0
    /// Cycles, Σ over tiles of start-to-done cycles.
    public var cycles = 0
    /// Tiles run.
    public var tiles = 0
    /// Off-chip words: input tiles (padding included, once per tile), weights and indices
    /// (once per kernel chunk), kernel-table words (4 per kernel per chunk), work-list entries
    /// (once per tile), outputs (once).
    public var offChipInputWords = 0
    public var offChipWeightWords = 0
    public var offChipIndexWords = 0
    public var offChipKernelTableWords = 0
    public var offChipWorkListWords = 0
    public var offChipOutputWords = 0

    public init() {}

    /// Element-wise sum (for whole networks).
    public static func + (a: ActivityCounts, b: ActivityCounts) -> ActivityCounts {
        var r = a
        r.macs += b.macs; r.weightReads += b.weightReads; r.indexReads += b.indexReads
        r.inputReads += b.inputReads; r.outputWrites += b.outputWrites; r.workListReads += b.workListReads
        r.kernelTableReads += b.kernelTableReads; r.pauChecks += b.pauChecks; r.cycles += b.cycles
        r.tiles += b.tiles; r.offChipInputWords += b.offChipInputWords
        r.offChipWeightWords += b.offChipWeightWords; r.offChipIndexWords += b.offChipIndexWords
        r.offChipKernelTableWords += b.offChipKernelTableWords
        r.offChipWorkListWords += b.offChipWorkListWords; r.offChipOutputWords += b.offChipOutputWords
        return r
    }
}

/// A layer run on the accelerator model: functional result, cycles and activity.
public struct TiledLayerRun: Sendable {
    public var run: LayerRun
    public var plan: TilePlan
    public var tileTimings: [TileTiming]
    public var activity: ActivityCounts
    /// Σ tile cycles.
    public var cycles: Int { activity.cycles }
    /// Σ executedOps / (lanes × P × Σ compute cycles).
    public var efficiency: Double
}

/// A layer run on the accelerator model for a batch of inputs.
public struct BatchedLayerRun: Sendable {
    /// One functional run per input, in input order.
    public var runs: [LayerRun]
    public var plan: TilePlan
    /// Most images that shared one tile (1: every input was tiled on its own).
    public var imagesPerTile: Int
    public var tileTimings: [TileTiming]
    public var activity: ActivityCounts
    public var cycles: Int { activity.cycles }
    /// Σ executedOps / (lanes × P × Σ compute cycles).
    public var efficiency: Double
}

/// Cuts a layer into tiles by buffer capacity (docs/ARCHITECTURE.md, "Tiling").
public enum LayerTiler {
    /// Kernel chunks: greedy in kernel order, a chunk grows while `Σ L_k <= weightBufferOps`
    /// and `K <= kernelTableEntries`. Row bands: the largest `r` with
    /// `inC * ((r-1) * stride + kH) * Wpadded <= inputWordsPerBank` and
    /// `ceil(Kmax * r * Wout / P) <= workListEntriesPerPE`; bands `[0,r), [r,2r), ...`.
    /// When not even one full output row fits, column bands: the largest `c <= Wout` with
    /// `inC * kH * ((c-1) * stride + kW) <= inputWordsPerBank` and `ceil(Kmax * c / P) <= workListEntriesPerPE`,
    /// then rows as above with `c` columns (`colsIn = (c-1) * stride + kW` instead of `Wpadded`).
    /// Throws a `LayerError` naming the field when not even one output column fits.
    public static func plan(_ layer: QuantizedConv, programs: [KernelProgram], inputHeight h: Int, inputWidth w: Int,
                            capacities cap: BufferCapacities, pes: Int) throws -> TilePlan {
        let spec = layer.spec
        let (hout, wout) = try spec.outputSize(inputChannels: spec.inC, height: h, width: w)
        guard pes >= 1 else { throw LayerError(layer: spec.name, field: "pes", "must be >= 1 (got \(pes))") }
        guard cap.kernelTableEntries >= 1 else {
            throw LayerError(layer: spec.name, field: "kernelTableEntries", "capacity must be >= 1")
        }
        var chunks: [Range<Int>] = []
        var start = 0, ops = 0
        for (k, p) in programs.enumerated() {
            if p.count > cap.weightBufferOps {
                throw LayerError(layer: spec.name, field: "weightBufferOps",
                                 "kernel \(k) needs \(p.count) ops, weight buffer holds \(cap.weightBufferOps)")
            }
            if k > start && (ops + p.count > cap.weightBufferOps || k - start >= cap.kernelTableEntries) {
                chunks.append(start..<k)
                start = k
                ops = 0
            }
            ops += p.count
        }
        chunks.append(start..<programs.count)
        let kmax = chunks.map(\.count).max() ?? 1
        let wp = w + 2 * spec.pad
        /// Does a tile of `r` output rows × `c` output columns fit? `full`: the tile spans the padded width.
        func fits(_ r: Int, _ c: Int, full: Bool) -> Bool {
            let rowsIn = (r - 1) * spec.stride + spec.kH
            let colsIn = full ? wp : (c - 1) * spec.stride + spec.kW
            let words = spec.inC.multipliedReportingOverflow(by: rowsIn * colsIn)
            let entries = (kmax * r * c + pes - 1) / pes
            return !words.overflow && words.partialValue <= cap.inputWordsPerBank && entries <= cap.workListEntriesPerPE
        }
        /// Largest `x` in `1...upper` with `ok(x)` (`ok` monotone, `ok(1)` true).
        func largest(_ upper: Int, _ ok: (Int) -> Bool) -> Int {
            var lo = 1, hi = max(1, upper)
            while lo < hi {
                let mid = (lo + hi + 1) / 2
                if ok(mid) { lo = mid } else { hi = mid - 1 }
            }
            return lo
        }
        var c = wout
        let full = fits(1, wout, full: true)
        if !full {
            guard fits(1, 1, full: false) else {
                let words = spec.inC * spec.kH * spec.kW
                if words > cap.inputWordsPerBank {
                    throw LayerError(layer: spec.name, field: "inputWordsPerBank",
                                     "one output column needs \(words) input words, a bank holds \(cap.inputWordsPerBank)")
                }
                throw LayerError(layer: spec.name, field: "workListEntriesPerPE",
                                 "one output of \(kmax) kernels needs \((kmax + pes - 1) / pes) entries per PE, a work list holds \(cap.workListEntriesPerPE)")
            }
            c = largest(wout) { fits(1, $0, full: false) }
        }
        let r = largest(hout) { fits($0, c, full: full) }
        let bands = stride(from: 0, to: hout, by: r).map { $0..<min(hout, $0 + r) }
        let cols = stride(from: 0, to: wout, by: c).map { $0..<min(wout, $0 + c) }
        return TilePlan(kernelChunks: chunks, rowBands: bands, colBands: cols, fullRows: full, hout: hout, wout: wout)
    }

    /// Input words of the tile for output rows `rows` and output columns `cols` of a plan
    /// (padded input width `wp`): `(rowsIn, colsIn, x0)`, where a full-width band takes the whole
    /// padded row.
    static func tileGeometry(_ spec: ConvSpec, plan: TilePlan, rows: Range<Int>, cols: Range<Int>, paddedWidth wp: Int)
        -> (rowsIn: Int, colsIn: Int, x0: Int) {
        let rowsIn = (rows.count - 1) * spec.stride + spec.kH
        if plan.fullRows { return (rowsIn, wp, 0) }
        return (rowsIn, (cols.count - 1) * spec.stride + spec.kW, cols.lowerBound * spec.stride)
    }

    /// Images of a batch that share one tile (docs/ARCHITECTURE.md, "Batches"): more than one only
    /// when one whole padded image is a single tile of the plan; then the largest `b <= available`
    /// with `inC * b * Hpadded * Wpadded <= inputWordsPerBank` and
    /// `ceil(Kmax * b * Hout * Wout / P) <= workListEntriesPerPE`.
    public static func imagesPerTile(_ layer: QuantizedConv, plan: TilePlan, inputHeight h: Int, inputWidth w: Int,
                                     capacities cap: BufferCapacities, pes: Int, available: Int) -> Int {
        guard available > 1, plan.fullRows, plan.rowBands.count == 1, plan.colBands.count == 1 else { return 1 }
        let spec = layer.spec
        let imageWords = spec.inC * (h + 2 * spec.pad) * (w + 2 * spec.pad)
        let kmax = plan.kernelChunks.map(\.count).max() ?? 1
        var b = 1
        while b < available {
            let next = b + 1
            let words = imageWords.multipliedReportingOverflow(by: next)
            let entries = (kmax * next * plan.hout * plan.wout + pes - 1) / pes
            guard !words.overflow, words.partialValue <= cap.inputWordsPerBank, entries <= cap.workListEntriesPerPE else { break }
            b = next
        }
        return b
    }

    /// The tiles of a layer, in run order (chunk outer, band inner), ready for stimulus.
    public static func tiles(_ layer: QuantizedConv, input: QTensor, compiler: Compiler,
                             capacities: BufferCapacities, pes: Int) throws -> [TileProgram] {
        try tiles(layer, inputs: [input], compiler: compiler, capacities: capacities, pes: pes)
    }

    /// The tiles of a layer run on a batch of inputs (same shape), in run order: kernel chunk
    /// outer, then the inputs — several images per tile when `imagesPerTile` allows, otherwise
    /// one input at a time cut into row and column bands.
    public static func tiles(_ layer: QuantizedConv, inputs: [QTensor], compiler: Compiler,
                             capacities: BufferCapacities, pes: Int) throws -> [TileProgram] {
        let batch = try prepare(layer, inputs: inputs, compiler: compiler, capacities: capacities, pes: pes)
        let spec = layer.spec
        let (hp, wp) = (batch.hp, batch.wp)
        let padded = inputs.map { $0.padded(spec.pad) }
        var tiles: [TileProgram] = []
        // kernel programs rebased once per distinct tile shape
        var rebasedPrograms: [[Int]: [KernelProgram]] = [:]
        func rebased(_ rowsIn: Int, _ colsIn: Int) -> [KernelProgram] {
            if let r = rebasedPrograms[[rowsIn, colsIn]] { return r }
            let r = batch.programs.map { $0.rebased(kH: spec.kH, kW: spec.kW, hin: rowsIn, win: colsIn) }
            rebasedPrograms[[rowsIn, colsIn]] = r
            return r
        }
        for chunk in batch.plan.kernelChunks {
            for group in batch.groups {
                if group.count > 1 {
                    // whole padded images stacked along the rows
                    let rowsIn = group.count * hp
                    var tileInput = [Int32](repeating: 0, count: spec.inC * rowsIn * wp)
                    for c in 0..<spec.inC {
                        for (b, i) in group.enumerated() {
                            let src = c * hp * wp, dst = (c * rowsIn + b * hp) * wp
                            for x in 0..<(hp * wp) { tileInput[dst + x] = padded[i][src + x] }
                        }
                    }
                    tiles.append(try TileProgram(name: spec.name, inC: spec.inC, hin: rowsIn, win: wp, input: tileInput,
                                                 kernels: Array(rebased(rowsIn, wp)[chunk]), stride: spec.stride,
                                                 hout: batch.plan.hout, wout: batch.plan.wout,
                                                 shift: layer.shift, width: layer.width, mode: batch.mode, pes: pes,
                                                 firstKernel: chunk.lowerBound, images: group.count,
                                                 firstImage: group.lowerBound))
                    continue
                }
                let i = group.lowerBound
                for band in batch.plan.rowBands {
                    for cols in batch.plan.colBands {
                        let g = tileGeometry(spec, plan: batch.plan, rows: band, cols: cols, paddedWidth: wp)
                        let y0 = band.lowerBound * spec.stride
                        var tileInput = [Int32](repeating: 0, count: spec.inC * g.rowsIn * g.colsIn)
                        for c in 0..<spec.inC {
                            for y in 0..<g.rowsIn {
                                let src = (c * hp + y0 + y) * wp + g.x0, dst = (c * g.rowsIn + y) * g.colsIn
                                for x in 0..<g.colsIn { tileInput[dst + x] = padded[i][src + x] }
                            }
                        }
                        tiles.append(try TileProgram(name: spec.name, inC: spec.inC, hin: g.rowsIn, win: g.colsIn,
                                                     input: tileInput, kernels: Array(rebased(g.rowsIn, g.colsIn)[chunk]),
                                                     stride: spec.stride, hout: band.count, wout: cols.count,
                                                     shift: layer.shift, width: layer.width, mode: batch.mode, pes: pes,
                                                     firstKernel: chunk.lowerBound, firstRow: band.lowerBound,
                                                     firstCol: cols.lowerBound, firstImage: i))
                    }
                }
            }
        }
        return tiles
    }

    /// What tiling a batch needs: the mode that runs, programs, plan, and the input groups
    /// (consecutive input indices that share a tile).
    struct Batch {
        var mode: Mode
        var programs: [KernelProgram]
        var plan: TilePlan
        var groups: [Range<Int>]
        var hp: Int
        var wp: Int
    }

    static func prepare(_ layer: QuantizedConv, inputs: [QTensor], compiler: Compiler,
                        capacities: BufferCapacities, pes: Int) throws -> Batch {
        let spec = layer.spec
        guard let first = inputs.first else { throw LayerError(layer: spec.name, field: "inputs", "no input to tile") }
        var comp = compiler
        for x in inputs {
            _ = try LayerExecutor.validate(layer, input: x)
            guard x.shape == first.shape else {
                throw LayerError(layer: spec.name, field: "inputs", "input shapes differ in a batch (\(x.shape) vs \(first.shape))")
            }
        }
        // the batch runs in one mode: the requested one only if every input allows it
        let modes = Set(inputs.map { LayerExecutor.effectiveMode(compiler.mode, layer: layer, input: $0) })
        comp.mode = modes.count == 1 ? modes.first! : .zeroSkip
        let hp = first.height + 2 * spec.pad, wp = first.width + 2 * spec.pad
        let programs = try comp.compile(layer, inputHeight: hp, inputWidth: wp)
        let plan = try self.plan(layer, programs: programs, inputHeight: first.height, inputWidth: first.width,
                                 capacities: capacities, pes: pes)
        let b = imagesPerTile(layer, plan: plan, inputHeight: first.height, inputWidth: first.width,
                              capacities: capacities, pes: pes, available: inputs.count)
        let groups = stride(from: 0, to: inputs.count, by: b).map { $0..<min(inputs.count, $0 + b) }
        return Batch(mode: comp.mode, programs: programs, plan: plan, groups: groups, hp: hp, wp: wp)
    }

    /// Runs a layer on the accelerator model: outputs (from the fast executor; they do not
    /// depend on tiling), per-tile timing from the cycle model, and activity counts.
    /// - Parameter precomputed: a `LayerExecutor.run` of the same layer, input and compiler
    ///   (saves running the layer twice).
    public static func run(_ layer: QuantizedConv, input: QTensor, compiler: Compiler,
                           capacities: BufferCapacities, cycleModel cm: CycleModel,
                           precomputed: LayerRun? = nil) throws -> TiledLayerRun {
        let b = try run(layer, inputs: [input], compiler: compiler, capacities: capacities, cycleModel: cm,
                        precomputed: precomputed.map { [$0] })
        return TiledLayerRun(run: b.runs[0], plan: b.plan, tileTimings: b.tileTimings, activity: b.activity,
                             efficiency: b.efficiency)
    }

    /// Runs a layer on a batch of inputs on the accelerator model, tiled as `tiles(_:inputs:...)`
    /// cuts it (several small images per tile when they fit; weights loaded once per kernel chunk
    /// for the whole batch).
    public static func run(_ layer: QuantizedConv, inputs: [QTensor], compiler: Compiler,
                           capacities: BufferCapacities, cycleModel cm: CycleModel,
                           precomputed: [LayerRun]? = nil) throws -> BatchedLayerRun {
        let batch = try prepare(layer, inputs: inputs, compiler: compiler, capacities: capacities, pes: cm.pes)
        var comp = compiler
        comp.mode = batch.mode
        let runs: [LayerRun]
        if let p = precomputed, p.count == inputs.count, p.allSatisfy({ $0.stats.mode == batch.mode }) {
            runs = p
        } else {
            runs = try inputs.map { try LayerExecutor.run(layer, input: $0, compiler: comp, trackPredictionErrors: false) }
        }
        let mode = batch.mode
        let spec = layer.spec
        let plan = batch.plan, programs = batch.programs
        let nOut = plan.hout * plan.wout
        var act = ActivityCounts()
        var timings: [TileTiming] = []
        var compute = 0
        /// Times one tile of `chunk`: `perKernel` outputs per kernel (kernel-major, as the tile
        /// numbers them), `opsOf(k, j)` = executed ops of kernel `k`'s `j`-th output in the tile.
        func addTile(_ chunk: Range<Int>, perKernel: Int, inputWords: Int, _ opsOf: (Int, Int) -> Int) {
            var lists = [[Int]](repeating: [], count: cm.pes)
            for o in 0..<(chunk.count * perKernel) {
                let k = chunk.lowerBound + o / perKernel
                let ops = opsOf(k, o % perKernel)
                lists[TileProgram.pe(ofOutput: o, pes: cm.pes)].append(ops)
                act.pauChecks += TileProgram.pauChecks(programs[k], ops: ops, mode: mode)
            }
            let t = cm.timing(entryOps: lists)
            timings.append(t)
            compute += t.computeCycles
            act.cycles += t.cycles
            act.tiles += 1
            act.offChipInputWords += inputWords
            act.offChipWorkListWords += chunk.count * perKernel
        }
        for chunk in plan.kernelChunks {
            for p in programs[chunk] {
                act.offChipWeightWords += p.count
                act.offChipIndexWords += p.count
                act.offChipKernelTableWords += 4
            }
            for group in batch.groups {
                if group.count > 1 {
                    // output j of a kernel in the tile: image j / nOut of the group, position j % nOut
                    addTile(chunk, perKernel: group.count * nOut, inputWords: spec.inC * group.count * batch.hp * batch.wp) { k, j in
                        Int(runs[group.lowerBound + j / nOut].executedOps[k * nOut + j % nOut])
                    }
                    continue
                }
                let r = runs[group.lowerBound]
                for band in plan.rowBands {
                    for cols in plan.colBands {
                        let g = tileGeometry(spec, plan: plan, rows: band, cols: cols, paddedWidth: batch.wp)
                        addTile(chunk, perKernel: band.count * cols.count, inputWords: spec.inC * g.rowsIn * g.colsIn) { k, j in
                            let oy = band.lowerBound + j / cols.count, ox = cols.lowerBound + j % cols.count
                            return Int(r.executedOps[k * nOut + oy * plan.wout + ox])
                        }
                    }
                }
            }
        }
        let macs = runs.reduce(0) { $0 + $1.stats.total.executedOps }
        let outputs = runs.reduce(0) { $0 + $1.output.count }
        act.macs = macs
        act.weightReads = macs
        act.indexReads = macs
        act.inputReads = macs
        act.outputWrites = outputs
        act.workListReads = outputs
        act.kernelTableReads = outputs
        act.offChipOutputWords = outputs
        let eff = compute > 0 ? Double(macs) / Double(cm.lanesPerPE * cm.pes * compute) : 0
        return BatchedLayerRun(runs: runs, plan: plan, imagesPerTile: batch.groups.map(\.count).max() ?? 1,
                               tileTimings: timings, activity: act, efficiency: eff)
    }
}
