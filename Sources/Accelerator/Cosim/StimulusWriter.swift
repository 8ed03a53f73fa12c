import Golden

/// Writes the text stimulus that the Verilator harness and the Icarus testbench replay
/// (format in docs/ACCELERATOR.md, "Stimulus and result files").
///
/// Per tile: broadcast the input tile into bank `tileIndex % 2` (ping-pong), the op lists, the
/// kernel table and the mode/shift/bank registers; write each PE's work list and length; `S`;
/// then `R pe count` for every PE with a non-empty work list.
public struct StimulusWriter: Sendable {
    public let config: AcceleratorConfig

    public init(config: AcceleratorConfig) {
        self.config = config
    }

    /// The stimulus for `tiles`, run back to back. Validates each tile against the config.
    public func stimulus(for tiles: [HardwareTile]) throws -> String {
        var out = "# snapea stimulus for \(config.name)\n"
        for (t, tile) in tiles.enumerated() {
            try config.validate(tile: tile)
            out += tileCommands(tile, index: t)
        }
        out += "E\n"
        return out
    }

    /// A safe timeout for one tile: every output's ops plus slack.
    public func timeout(for tile: HardwareTile) -> Int {
        let work = tile.workLists.map { list in list.reduce(0) { $0 + max(1, tile.kernels[Int($1.kernel)].count) } }
        return (work.max() ?? 0) + 64
    }

    private func field(_ v: Int64) -> UInt64 {
        let w = config.loadDataWidth
        let mask: UInt64 = w >= 64 ? ~0 : (UInt64(1) << UInt64(w)) - 1
        return UInt64(bitPattern: v) & mask
    }

    private func tileCommands(_ tile: HardwareTile, index: Int) -> String {
        var s = "# tile \(index)\n"
        s.reserveCapacity(tile.input.count * 16 + tile.totalOps * 32)
        func b(_ t: LoadTarget, _ addr: Int, _ v: Int64) {
            s += "B \(t.rawValue) \(addr) \(field(v))\n"
        }
        func w(_ t: LoadTarget, _ pe: Int, _ addr: Int, _ v: Int64) {
            s += "W \(t.rawValue) \(pe) \(addr) \(field(v))\n"
        }
        let bank = index % 2
        let inputTarget: LoadTarget = bank == 0 ? .inputBank0 : .inputBank1
        for (i, x) in tile.input.enumerated() { b(inputTarget, i, Int64(x)) }
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
        b(.control, ControlRegister.bank.rawValue, Int64(bank))
        for (j, list) in tile.workLists.enumerated() {
            for (q, e) in list.enumerated() {
                w(.workKernel, j, q, Int64(e.kernel))
                w(.workBase, j, q, Int64(e.base))
            }
            w(.control, j, ControlRegister.workLength.rawValue, Int64(list.count))
        }
        s += "C \(timeout(for: tile))\nS\n"
        for (j, list) in tile.workLists.enumerated() where !list.isEmpty {
            s += "R \(j) \(list.count)\n"
        }
        return s
    }
}
