/// One output position of a layer: image, output row, output column.
public struct OutputPosition: Sendable, Equatable, Hashable {
    public var image: Int
    public var row: Int
    public var col: Int
    public init(image: Int, row: Int, col: Int) {
        self.image = image
        self.row = row
        self.col = col
    }
}

/// What the array computes between `start` and `done` in the *stream organisation*
/// (`StreamCycleModel`, docs/ACCELERATOR.md "Choosing the memory organisation"): every lane holds
/// a block of `blockRows × blockCols` output positions (its *slots*) and the input sub-tile that
/// covers them in its own input bank; the tile's kernels stream past all lanes.
///
/// A lane's sub-tile is `inC × hs × ws` (`hs = (blockRows - 1) * stride + kH`, `ws = (blockCols -
/// 1) * stride + kW`), padding materialised, flat at `(c * hs + y) * ws + x`, the same geometry
/// in every lane, so one op list (offsets `(c * hs + ky) * ws + kx`) serves all of them. Slot
/// `m = dy * blockCols + dx` has base `(dy * stride) * ws + dx * stride`; a slot outside the layer
/// holds no position.
public struct StreamTile: Sendable, Equatable {
    public var inC: Int
    public var kH: Int
    public var kW: Int
    public var stride: Int
    public var blockRows: Int
    public var blockCols: Int
    /// Slots per lane (`M`, at least `blockRows * blockCols`).
    public var slots: Int
    /// Lanes of the array (`P * K`).
    public var lanes: Int
    /// The kernel programs, offsets for the `hs × ws` sub-tile.
    public var kernels: [KernelProgram]
    /// Global index of `kernels[0]` in its layer.
    public var firstKernel: Int
    /// Each lane's input sub-tile (`inC * hs * ws` words; empty for a lane without positions).
    public var laneInputs: [[Int32]]
    /// `lanes * slots` positions (nil: the slot is empty).
    public var positions: [OutputPosition?]
    public var shift: Int
    public var width: Int
    public var mode: Mode

    public var hs: Int { (blockRows - 1) * stride + kH }
    public var ws: Int { (blockCols - 1) * stride + kW }
    /// Words of one lane's sub-tile.
    public var subTileWords: Int { inC * hs * ws }

    /// Input base of slot `m`.
    public func base(slot m: Int) -> Int { ((m / blockCols) * stride) * ws + (m % blockCols) * stride }

    /// Functional run: `outputs` and `executedOps` at `(lane * kernels + k) * slots + m`
    /// (executed ops -1 for an empty slot).
    public func execute() -> TileExecution {
        let kc = kernels.count
        var out = [Int32](repeating: 0, count: lanes * kc * slots)
        var ops = [Int32](repeating: -1, count: lanes * kc * slots)
        var checks = 0
        for l in 0..<lanes {
            for m in 0..<slots where positions[l * slots + m] != nil {
                let b = base(slot: m)
                for (k, p) in kernels.enumerated() {
                    let r = p.executeUnchecked(input: laneInputs[l], base: b, mode: mode, shift: shift, width: width)
                    out[(l * kc + k) * slots + m] = r.value
                    ops[(l * kc + k) * slots + m] = Int32(r.ops)
                    checks += TileProgram.pauChecks(p, ops: r.ops, mode: mode)
                }
            }
        }
        return TileExecution(outputs: out, executedOps: ops, pauChecks: checks)
    }

    /// The tile's timing under `model` (which must have `lanes` lanes and `slots` slots).
    public func timing(_ model: StreamCycleModel, execution: TileExecution) -> StreamCycleModel.Timing {
        precondition(model.lanes == lanes && model.slots == slots, "cycle model shape differs from the tile's")
        return model.run(kernelLengths: kernels.map(\.count), thresholdHeaders: mode.thresholdCheck,
                         executedOps: execution.executedOps)
    }
}
