import Golden

/// Writes the text stimulus that the Verilator harness and the Icarus testbench replay
/// (format in docs/ACCELERATOR.md, "Stimulus and result files").
///
/// Tile `t` reads input bank `t % 2`. With `overlapInputLoads` (the default) tile `t + 1`'s input
/// is written into the other bank *while tile `t` computes* (`P` … `D`), as the ping-pong buffer
/// allows; everything else (op lists, kernel table, registers, work lists) is written between
/// tiles. Per tile: op lists, kernel table, mode/shift/bank registers (broadcast), each PE's work
/// list and length, `C`, `P`, the next tile's input, `D`, and `R pe count` per PE with work.
public struct StimulusWriter: Sendable {
    public let config: AcceleratorConfig
    /// Load the next tile's input into the idle bank during compute (ping-pong).
    public var overlapInputLoads: Bool

    public init(config: AcceleratorConfig, overlapInputLoads: Bool = true) {
        self.config = config
        self.overlapInputLoads = overlapInputLoads
    }

    /// The stimulus for `tiles`, run back to back. Validates each tile against the config.
    public func stimulus(for tiles: [HardwareTile]) throws -> String {
        for tile in tiles { try config.validate(tile: tile) }
        var out = "# snapea stimulus for \(config.name)\n"
        for (t, tile) in tiles.enumerated() {
            out += "# tile \(t)\n"
            if t == 0 || !overlapInputLoads { out += inputCommands(tile, index: t) }
            out += tileCommands(tile, index: t)
            out += "C \(timeout(for: tile))\nP\n"
            if overlapInputLoads && t + 1 < tiles.count {
                out += "# tile \(t + 1) input into bank \((t + 1) % 2) while tile \(t) computes\n"
                out += inputCommands(tiles[t + 1], index: t + 1)
            }
            out += "D\n"
            for (j, list) in tile.workLists.enumerated() where !list.isEmpty {
                out += "R \(j) \(list.count)\n"
            }
        }
        out += "E\n"
        return out
    }

    /// A safe timeout for one tile: every output's ops plus slack plus the overlapped input
    /// writes (each is a clock edge of the tile when it is still running).
    public func timeout(for tile: HardwareTile) -> Int {
        let work = tile.workLists.map { list in list.reduce(0) { $0 + max(1, tile.kernels[Int($1.kernel)].count) } }
        return (work.max() ?? 0) + 64 + (overlapInputLoads ? config.inputWordsPerBank : 0)
    }

    private func field(_ v: Int64) -> UInt64 {
        let w = config.loadDataWidth
        let mask: UInt64 = w >= 64 ? ~0 : (UInt64(1) << UInt64(w)) - 1
        return UInt64(bitPattern: v) & mask
    }

    /// Broadcast the tile's input into bank `index % 2`.
    private func inputCommands(_ tile: HardwareTile, index: Int) -> String {
        var s = ""
        s.reserveCapacity(tile.input.count * 16)
        let target: LoadTarget = index % 2 == 0 ? .inputBank0 : .inputBank1
        for (i, x) in tile.input.enumerated() { s += "B \(target.rawValue) \(i) \(field(Int64(x)))\n" }
        return s
    }

    private func tileCommands(_ tile: HardwareTile, index: Int) -> String {
        var s = ""
        s.reserveCapacity(tile.totalOps * 32 + tile.kernels.count * 128)
        func b(_ t: LoadTarget, _ addr: Int, _ v: Int64) {
            s += "B \(t.rawValue) \(addr) \(field(v))\n"
        }
        func w(_ t: LoadTarget, _ pe: Int, _ addr: Int, _ v: Int64) {
            s += "W \(t.rawValue) \(pe) \(addr) \(field(v))\n"
        }
        var start = 0
        for (k, kern) in tile.kernels.enumerated() {
            for (i, wt) in kern.weights.enumerated() {
                b(.weight, start + i, Int64(wt))
                b(.offset, start + i, Int64(kern.offsets[i]))
            }
            b(.kernelStart, k, Int64(start))
            b(.kernelLength, k, Int64(kern.count))
            if config.withPAU {
                b(.kernelCheckFrom, k, Int64(kern.checkFrom))
                b(.kernelSpecN, k, Int64(kern.specN))
                b(.kernelThreshold, k, config.clampedThreshold(kern.threshold))
            }
            b(.kernelBias, k, kern.bias)
            start += kern.count
        }
        let mode = (tile.signCheck ? 1 : 0) | (tile.thresholdCheck ? 2 : 0)
        b(.control, ControlRegister.mode.rawValue, Int64(mode))
        b(.control, ControlRegister.shift.rawValue, Int64(tile.shift))
        b(.control, ControlRegister.bank.rawValue, Int64(index % 2))
        for (j, list) in tile.workLists.enumerated() {
            for (q, e) in list.enumerated() {
                w(.workKernel, j, q, Int64(e.kernel))
                w(.workBase, j, q, Int64(e.base))
            }
            w(.control, j, ControlRegister.workLength.rawValue, Int64(list.count))
        }
        return s
    }
}
