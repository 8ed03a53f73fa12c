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
/// (`StreamCycleModel`, docs/ACCELERATOR.md "Stream organisation"): every lane holds up to
/// `slots` output positions and, in its own input bank, the input windows that cover them; the
/// tile's kernels stream past all lanes.
///
/// Positions come in *strips* of up to `stripLength` neighbouring outputs of one row. A strip's
/// window is `inC × kH × ws` (`ws = (stripLength - 1) * stride + kW`), padding materialised, flat
/// at `(c * kH + y) * ws + x`; a lane's bank holds its strips' windows one after another. Every
/// window has the same geometry, so one op list (offsets `(c * kH + ky) * ws + kx`) serves every
/// lane; slot `m` of a lane reads at its own base (`slotBases`).
public struct StreamTile: Sendable, Equatable {
    public var inC: Int
    public var kH: Int
    public var kW: Int
    public var stride: Int
    /// Output positions per strip (at most).
    public var stripLength: Int
    /// Slots per lane (`M`).
    public var slots: Int
    /// Lanes of the array (`P * K`).
    public var lanes: Int
    /// The kernel programs, offsets for the `kH × ws` window.
    public var kernels: [KernelProgram]
    /// Global index of `kernels[0]` in its layer.
    public var firstKernel: Int
    /// Each lane's input bank contents (its strips' windows; empty for a lane without positions).
    public var laneInputs: [[Int32]]
    /// `lanes * slots` input bases (-1: the slot is empty).
    public var slotBases: [Int32]
    /// `lanes * slots` positions (nil: the slot is empty).
    public var positions: [OutputPosition?]
    public var shift: Int
    public var width: Int
    public var mode: Mode

    /// Window width.
    public var ws: Int { (stripLength - 1) * stride + kW }
    /// Words of one strip's window.
    public var windowWords: Int { inC * kH * ws }
    /// The most words any lane's bank holds.
    public var laneWords: Int { laneInputs.map(\.count).max() ?? 0 }

    /// Input base of slot `m` of `lane` (-1: empty).
    public func base(lane: Int, slot m: Int) -> Int { Int(slotBases[lane * slots + m]) }

    /// Functional run: `outputs` and `executedOps` at `(lane * kernels + k) * slots + m`
    /// (executed ops -1 for an empty slot).
    public func execute() -> TileExecution {
        let kc = kernels.count
        var out = [Int32](repeating: 0, count: lanes * kc * slots)
        var ops = [Int32](repeating: -1, count: lanes * kc * slots)
        var checks = 0
        for l in 0..<lanes {
            for m in 0..<slots where positions[l * slots + m] != nil {
                let b = base(lane: l, slot: m)
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
