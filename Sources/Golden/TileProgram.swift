/// One work-list entry: which kernel, at which input base (docs/ARCHITECTURE.md, "Tiles").
public struct WorkEntry: Sendable, Equatable, Hashable {
    public var kernel: Int32
    public var base: Int32
    public init(kernel: Int32, base: Int32) {
        self.kernel = kernel
        self.base = base
    }
}

/// What the array computes between one `start` and `done`: an input tile (padding
/// materialised), the tile's kernel programs, and one work list per PE.
///
/// A tile may hold a *batch* of `images` inputs stacked along the rows (image `b` occupies input
/// rows `b * imageRows ..< (b + 1) * imageRows` of every channel; `hin = images * imageRows`), so
/// that a small layer fills the lanes. Outputs are numbered
/// `o = ((k * images + b) * hout + oy) * wout + ox` (kernel-major, tile-local) with input base
/// `(b * imageRows + oy * stride) * win + ox * stride`: only outputs inside an image are listed, so
/// a batch costs no extra work. PE `j` of `pes` gets the outputs `o` with
/// `pe(ofOutput: o, pes: pes) == j` (blocks of `pes` outputs, block `q` rotated by `q`) in increasing
/// `o`; output `q` of PE `j`'s work list is written to address `q` of its output buffer.
public struct TileProgram: Sendable, Equatable {
    public var inC: Int
    public var hin: Int
    public var win: Int
    /// Input tile, flat at `(c * hin + y) * win + x`.
    public var input: [Int32]
    /// Kernel programs, offsets relative to this tile's `hin × win`.
    public var kernels: [KernelProgram]
    public var stride: Int
    public var hout: Int
    public var wout: Int
    public var shift: Int
    /// Word width `W`.
    public var width: Int
    public var mode: Mode
    /// Number of PEs the work is distributed over.
    public var pes: Int
    /// One work list per PE.
    public var workLists: [[WorkEntry]]
    /// Where this tile sits in its layer: first global output channel (kernel), first output row
    /// and first output column (0 unless the layer is cut into column bands; then `wout` is the
    /// band's width, not the layer's).
    public var firstKernel: Int
    public var firstRow: Int
    public var firstCol: Int
    /// Images in the tile (1 unless a batch of small inputs shares it), input rows per image, and
    /// the index of the tile's first image in its batch of inputs.
    public var images: Int
    public var imageRows: Int
    public var firstImage: Int

    /// Builds a tile and its work lists. Throws if the geometry does not fit.
    public init(name: String = "tile", inC: Int, hin: Int, win: Int, input: [Int32], kernels: [KernelProgram],
                stride: Int, hout: Int, wout: Int, shift: Int, width: Int, mode: Mode, pes: Int,
                firstKernel: Int = 0, firstRow: Int = 0, firstCol: Int = 0, images: Int = 1, firstImage: Int = 0) throws {
        guard pes >= 1 else { throw LayerError(layer: name, field: "pes", "must be >= 1 (got \(pes))") }
        guard images >= 1, hin % images == 0 else {
            throw LayerError(layer: name, field: "images", "\(images) images do not split \(hin) input rows evenly")
        }
        let imageRows = hin / images
        guard stride >= 1 else { throw LayerError(layer: name, field: "stride", "must be >= 1 (got \(stride))") }
        guard input.count == inC * hin * win else {
            throw LayerError(layer: name, field: "input", "\(input.count) words, expected \(inC)x\(hin)x\(win)")
        }
        guard hout >= 0, wout >= 0 else { throw LayerError(layer: name, field: "hout", "negative output size") }
        let lastRow = hout > 0 ? (hout - 1) * stride : 0
        for (k, p) in kernels.enumerated() {
            let maxBase = hout > 0 && wout > 0 ? ((images - 1) * imageRows + lastRow) * win + (wout - 1) * stride : 0
            if let bad = p.offsets.first(where: { $0 < 0 || Int($0) + maxBase >= max(1, input.count) }) {
                throw LayerError(layer: name, field: "kernels[\(k)].offsets", "offset \(bad) reads outside the tile")
            }
            // in a batch, a window must stay inside its own image's rows
            if images > 1, hout > 0, let bad = p.offsets.first(where: { (Int($0) / win) % hin + lastRow >= imageRows }) {
                throw LayerError(layer: name, field: "kernels[\(k)].offsets",
                                 "offset \(bad) reads past the \(imageRows) rows of an image in a batch")
            }
            if p.specN < 0 || p.specN > p.count {
                throw LayerError(layer: name, field: "kernels[\(k)].specN", "N = \(p.specN) outside 0...\(p.count)")
            }
        }
        self.inC = inC
        self.hin = hin
        self.win = win
        self.input = input
        self.kernels = kernels
        self.stride = stride
        self.hout = hout
        self.wout = wout
        self.shift = shift
        self.width = width
        self.mode = mode
        self.pes = pes
        self.firstKernel = firstKernel
        self.firstRow = firstRow
        self.firstCol = firstCol
        self.images = images
        self.imageRows = imageRows
        self.firstImage = firstImage
        var lists = [[WorkEntry]](repeating: [], count: pes)
        let n = hout * wout
        for o in 0..<(kernels.count * images * n) {
            let k = o / (images * n), b = (o / n) % images, oy = (o % n) / wout, ox = o % wout
            lists[TileProgram.pe(ofOutput: o, pes: pes)].append(
                WorkEntry(kernel: Int32(k), base: Int32((b * imageRows + oy * stride) * win + ox * stride)))
        }
        self.workLists = lists
    }

    /// Number of outputs `K * images * hout * wout`.
    public var outputCount: Int { kernels.count * images * hout * wout }

    /// The PE that computes output `o`: outputs go out in blocks of `pes`, and block `q` is rotated
    /// by `q` (`(o mod P + o / P) mod P`), so every PE gets one output of each block and a PE does
    /// not keep the same output column (e.g. a blank image border) tile after tile.
    @inline(__always)
    public static func pe(ofOutput o: Int, pes: Int) -> Int { (o % pes + o / pes) % pes }

    /// Tile-local output index of entry `q` of PE `pe`'s work list (block `q`, the inverse of
    /// `pe(ofOutput:pes:)`).
    public func outputIndex(pe: Int, entry q: Int) -> Int { q * pes + ((pe - q) % pes + pes) % pes }

    /// Runs every work-list entry (functional, not timed): outputs and executed ops per output,
    /// kernel-major order `o`.
    public func execute() -> TileExecution {
        var out = [Int32](repeating: 0, count: outputCount)
        var ops = [Int32](repeating: 0, count: outputCount)
        var checks = 0
        for j in 0..<pes {
            for (q, e) in workLists[j].enumerated() {
                let p = kernels[Int(e.kernel)]
                let r = p.executeUnchecked(input: input, base: Int(e.base), mode: mode, shift: shift, width: width)
                let o = outputIndex(pe: j, entry: q)
                out[o] = r.value
                ops[o] = Int32(r.ops)
                checks += TileProgram.pauChecks(p, ops: r.ops, mode: mode)
            }
        }
        return TileExecution(outputs: out, executedOps: ops, pauChecks: checks)
    }

    /// Number of PAU comparisons made while executing `ops` ops of `p` (threshold check at op
    /// `N-1` plus one sign check per op with index >= C).
    public static func pauChecks(_ p: KernelProgram, ops: Int, mode: Mode) -> Int {
        var c = 0
        if mode.thresholdCheck && p.specN >= 1 && ops >= p.specN { c += 1 }
        if mode.signCheck && ops > p.checkFrom { c += ops - p.checkFrom }
        return c
    }

    /// The output buffer contents of every PE after the tile (address `q` = work-list entry `q`).
    public func outputBuffers(_ execution: TileExecution) -> [[Int32]] {
        (0..<pes).map { j in (0..<workLists[j].count).map { execution.outputs[outputIndex(pe: j, entry: $0)] } }
    }

    /// The executed-op count of every entry of PE `pe`'s work list, in order.
    public func entryOps(_ execution: TileExecution, pe: Int) -> [Int] {
        (0..<workLists[pe].count).map { Int(execution.executedOps[outputIndex(pe: pe, entry: $0)]) }
    }
}

/// Functional result of a tile: outputs and executed ops in tile output order `o`.
public struct TileExecution: Sendable, Equatable {
    public var outputs: [Int32]
    public var executedOps: [Int32]
    /// PAU comparisons made (for the energy model).
    public var pauChecks: Int
}
