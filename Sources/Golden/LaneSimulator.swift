/// A brute-force, cycle-by-cycle simulation of the PEs' lanes, written independently of
/// `CycleModel` and `runOps` to cross-check both (tests use it; it is slow).
///
/// Every cycle, per PE: free lanes (in lane-index order) take the next work-list entry; then
/// every busy lane performs one op of its output and applies the stop rules.
public struct LaneSimulator: Sendable {
    public var lanesPerPE: Int
    public init(lanesPerPE: Int) { self.lanesPerPE = lanesPerPE }

    private struct Lane {
        var busy = false
        var entry = 0
        var op = 0
        var acc: Int64 = 0
    }

    /// Simulates the tile; returns the output buffer contents of every PE (address `q` =
    /// entry `q`), executed ops per entry, and the compute cycles `max_j T_j` (no handshake).
    public func simulate(_ tile: TileProgram) -> (buffers: [[Int32]], ops: [[Int]], computeCycles: Int) {
        var buffers: [[Int32]] = []
        var opsOut: [[Int]] = []
        var cycles = 0
        for list in tile.workLists {
            var buf = [Int32](repeating: -1, count: list.count)
            var ops = [Int](repeating: 0, count: list.count)
            var lanes = [Lane](repeating: Lane(), count: lanesPerPE)
            var next = 0
            var done = 0
            var t = 0
            while done < list.count {
                for l in 0..<lanesPerPE where !lanes[l].busy && next < list.count {
                    lanes[l] = Lane(busy: true, entry: next, op: 0, acc: tile.kernels[Int(list[next].kernel)].bias)
                    next += 1
                }
                for l in 0..<lanesPerPE where lanes[l].busy {
                    let e = list[lanes[l].entry]
                    let p = tile.kernels[Int(e.kernel)]
                    var result: Int32? = nil
                    if p.weights.isEmpty {
                        result = FixedPoint.requant(p.bias, shift: tile.shift, width: tile.width)
                    } else {
                        let i = lanes[l].op
                        lanes[l].acc += Int64(p.weights[i]) * Int64(tile.input[Int(e.base) + Int(p.offsets[i])])
                        lanes[l].op += 1
                        let a = lanes[l].acc
                        if tile.mode == .predictive && p.specN >= 1 && i == p.specN - 1 && a <= p.threshold {
                            result = 0
                        } else if (tile.mode == .exact || tile.mode == .predictive) && i >= p.checkFrom && a < 0 {
                            result = 0
                        } else if i == p.weights.count - 1 {
                            result = FixedPoint.requant(a, shift: tile.shift, width: tile.width)
                        }
                    }
                    if let r = result {
                        buf[lanes[l].entry] = r
                        ops[lanes[l].entry] = lanes[l].op
                        lanes[l].busy = false
                        done += 1
                    }
                }
                t += 1
            }
            cycles = max(cycles, t)
            buffers.append(buf)
            opsOut.append(ops)
        }
        return (buffers, opsOut, cycles)
    }
}
