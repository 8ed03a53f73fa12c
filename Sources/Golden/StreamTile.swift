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
    /// Lanes of the array (`P * K`), in `groups` groups of consecutive lanes, each fed by its own
    /// kernel stream.
    public var lanes: Int
    public var groups: Int
    /// Each group's kernel programs (offsets for the `kH × ws` window) and their indices in the layer.
    public var groupKernels: [[KernelProgram]]
    public var kernelIndices: [[Int]]
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

    public var lanesPerGroup: Int { lanes / groups }
    /// The group of `lane`.
    public func group(of lane: Int) -> Int { lane / lanesPerGroup }
    /// Most kernels of a group: the stride of the per-lane result layout.
    public var kernelStride: Int { groupKernels.map(\.count).max() ?? 0 }

    /// Input base of slot `m` of `lane` (-1: empty).
    public func base(lane: Int, slot m: Int) -> Int { Int(slotBases[lane * slots + m]) }

    /// Functional run: `outputs` and `executedOps` at `(lane * kernelStride + k) * slots + m` for
    /// kernel `k` of the lane's group (executed ops -1 for an empty slot or no such kernel).
    public func execute() -> TileExecution {
        let kc = kernelStride
        var out = [Int32](repeating: 0, count: lanes * kc * slots)
        var ops = [Int32](repeating: -1, count: lanes * kc * slots)
        var checks = 0
        for l in 0..<lanes {
            for m in 0..<slots where positions[l * slots + m] != nil {
                let b = base(lane: l, slot: m)
                for (k, p) in groupKernels[group(of: l)].enumerated() {
                    let r = p.executeUnchecked(input: laneInputs[l], base: b, mode: mode, shift: shift, width: width)
                    out[(l * kc + k) * slots + m] = r.value
                    ops[(l * kc + k) * slots + m] = Int32(r.ops)
                    checks += TileProgram.pauChecks(p, ops: r.ops, mode: mode)
                }
            }
        }
        return TileExecution(outputs: out, executedOps: ops, pauChecks: checks)
    }

    /// The tile's timing under `model` (one group's stream: `lanesPerGroup` lanes, `slots`
    /// slots): the groups run side by side, the tile ends with the slowest.
    public func timing(_ model: StreamCycleModel, execution: TileExecution) -> StreamCycleModel.Timing {
        precondition(model.lanes == lanesPerGroup && model.slots == slots, "cycle model shape differs from the tile's")
        let kc = kernelStride
        var total = StreamCycleModel.Timing(computeCycles: 0, cycles: model.handshakeOverhead, executedOps: 0,
                                            wastedIssues: 0, emptyKernelOps: 0, efficiency: 0)
        for g in 0..<groups {
            let kg = groupKernels[g].count
            var ops = [Int32](repeating: -1, count: lanesPerGroup * kg * slots)
            for i in 0..<lanesPerGroup {
                let l = g * lanesPerGroup + i
                for k in 0..<kg {
                    for m in 0..<slots { ops[(i * kg + k) * slots + m] = execution.executedOps[(l * kc + k) * slots + m] }
                }
            }
            let t = model.run(kernelLengths: groupKernels[g].map(\.count), thresholdHeaders: mode.thresholdCheck, executedOps: ops)
            total.computeCycles = max(total.computeCycles, t.computeCycles)
            total.executedOps += t.executedOps
            total.wastedIssues += t.wastedIssues
            total.emptyKernelOps += t.emptyKernelOps
            total.headerCycles += t.headerCycles
            total.deadSlotCycles += t.deadSlotCycles
            total.starvedCycles += t.starvedCycles
        }
        total.cycles = total.computeCycles + model.handshakeOverhead
        total.efficiency = total.computeCycles > 0 ? Double(total.executedOps) / Double(lanes * total.computeCycles) : 0
        return total
    }
}
