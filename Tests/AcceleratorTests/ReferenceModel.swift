import Accelerator
import Golden

/// A naive, independent model of docs/ARCHITECTURE.md ("Execution of one output", "Cycle
/// model"), written from the contract for the tests: outputs per PE and the expected cycles.
struct ReferenceModel {
    let config: AcceleratorConfig
    /// The handshake overhead O of the RTL (docs/ACCELERATOR.md).
    static let overhead = 2

    func requant(_ a: Int64, shift s: Int) -> Int32 {
        let p = max(a, 0)
        let r = s > 0 ? (p + (Int64(1) << (s - 1))) >> Int64(s) : p
        return Int32(min(r, (Int64(1) << (config.dataWidth - 1)) - 1))
    }

    /// (value, executed ops) of one output.
    func output(_ tile: HardwareTile, _ e: WorkEntry) -> (Int32, Int) {
        let k = tile.kernels[Int(e.kernel)]
        var a = k.bias
        let sign = config.withPAU && tile.signCheck
        let pred = config.withPAU && tile.thresholdCheck
        for i in 0..<k.count {
            a += Int64(k.weights[i]) * Int64(tile.input[Int(e.base) + Int(k.offsets[i])])
            if pred && k.specN >= 1 && i == k.specN - 1 && a <= k.threshold { return (0, i + 1) }
            if sign && i >= k.checkFrom && a < 0 { return (0, i + 1) }
        }
        return (requant(a, shift: tile.shift), k.count)
    }

    /// Expected outputs per PE, cycles and total executed ops.
    func run(_ tile: HardwareTile) -> (outputs: [[Int32]], cycles: Int, ops: Int) {
        var outs: [[Int32]] = []
        var worst = 0, ops = 0
        for list in tile.workLists {
            var free = [Int](repeating: 0, count: config.lanesPerPE)
            var o: [Int32] = []
            for e in list {
                let (v, n) = output(tile, e)
                o.append(v)
                ops += n
                let lane = free.indices.min { free[$0] < free[$1] || (free[$0] == free[$1] && $0 < $1) }!
                free[lane] += max(1, n)
            }
            outs.append(o)
            worst = max(worst, list.isEmpty ? 0 : free.max()!)
        }
        return (outs, worst + Self.overhead, ops)
    }
}

/// Deterministic random numbers (SplitMix64) for reproducible test tiles.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Random raw tiles (op lists not produced by the golden compiler): exercises every RTL rule.
enum RandomTiles {
    static func make(_ config: AcceleratorConfig, seed: UInt64, sign: Bool, threshold: Bool) -> HardwareTile {
        var g = SplitMix64(seed: seed)
        let w = config.dataWidth
        let xmax = Int32((1 << (w - 1)) - 1)
        let cin = Int.random(in: 1...3, using: &g), kh = Int.random(in: 1...3, using: &g)
        let hin = kh + Int.random(in: 0...3, using: &g), win = kh + Int.random(in: 0...3, using: &g)
        let input = (0..<(cin * hin * win)).map { _ in
            Int.random(in: 0..<4, using: &g) == 0 ? 0 : Int32.random(in: 0...xmax / 4, using: &g)
        }
        let nk = Int.random(in: 1...4, using: &g)
        var kernels: [HardwareKernel] = []
        for _ in 0..<nk {
            let taps = cin * kh * kh
            let len = Int.random(in: 0...taps, using: &g)
            let offs = (0..<taps).map { t -> Int32 in
                let kx = t % kh, ky = (t / kh) % kh, c = t / (kh * kh)
                return Int32((c * hin + ky) * win + kx)
            }.shuffled(using: &g).prefix(len)
            var ws = (0..<len).map { _ in Int32.random(in: -xmax / 2...xmax / 2, using: &g) }
            if Bool.random(using: &g) { ws.sort { $0 > $1 } }  // positives first, like exact order
            let checkFrom = ws.lastIndex(where: { $0 > 0 }) ?? 0
            let specN = len == 0 ? 0 : Int.random(in: 0...min(len, 4), using: &g)
            let bias = Int64.random(in: -(1 << (2 * w - 2))...(1 << (2 * w - 2)), using: &g)
            let th = Int64.random(in: -(1 << (2 * w - 1))...(1 << (2 * w - 3)), using: &g)
            kernels.append(HardwareKernel(bias: bias, weights: ws, offsets: Array(offs), checkFrom: checkFrom,
                                          specN: specN, threshold: th))
        }
        let hout = hin - kh + 1, wout = win - kh + 1
        var lists = [[WorkEntry]](repeating: [], count: config.pes)
        var o = 0
        for k in 0..<nk {
            for oy in 0..<hout {
                for ox in 0..<wout {
                    lists[o % config.pes].append(WorkEntry(kernel: Int32(k), base: Int32(oy * win + ox)))
                    o += 1
                }
            }
        }
        return HardwareTile(input: input, kernels: kernels, workLists: lists, signCheck: sign,
                            thresholdCheck: threshold, shift: Int.random(in: 0...(2 * w - 2), using: &g))
    }
}
