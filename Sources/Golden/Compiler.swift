import Dispatch

/// How the speculation ops of predictive mode are picked (talk slide 15).
public enum SpeculationStrategy: String, Sendable, CaseIterable, Equatable {
    /// The `N` largest-magnitude nonzero weights.
    case largestMagnitude
    /// Sort the nonzero weights by decreasing magnitude, split them into `N` contiguous groups
    /// (group `g` starts at index `floor(g * M / N)`), take the first (largest) of each group.
    case grouped
}

/// The order of the exact region (positives first, then negatives) inside each sign group.
public enum ExactOrder: Sendable, Equatable {
    /// Decreasing `|w|` in each group (the contract's default).
    case magnitude
    /// Decreasing `|w| * mean(input channel c)` in each group, means from calibration data
    /// (`ChannelStatistics`); ties by `|w|`, then natural index.
    case inputWeighted(ChannelStatistics)
}

/// Per-input-channel mean of a layer's input over calibration data (integer units).
public struct ChannelStatistics: Sendable, Equatable {
    public var means: [Double]
    public init(means: [Double]) { self.means = means }

    /// Channel means over a set of input tensors (all of the same channel count).
    public init(inputs: [QTensor]) {
        let c = inputs.first?.channels ?? 0
        var sums = [Double](repeating: 0, count: c)
        var n = 0
        for t in inputs where t.channels == c {
            let hw = t.height * t.width
            n += hw
            for ch in 0..<c {
                var s: Int64 = 0
                for i in (ch * hw)..<((ch + 1) * hw) { s += Int64(t.data[i]) }
                sums[ch] += Double(s)
            }
        }
        means = sums.map { n > 0 ? $0 / Double(n) : 0 }
    }
}

/// One kernel's predictive-mode setting: threshold (accumulator units) and speculation count.
public struct PredictiveSetting: Sendable, Equatable, Hashable {
    public var threshold: Int64
    public var specN: Int
    public init(threshold: Int64, specN: Int) {
        self.threshold = threshold
        self.specN = specN
    }
    /// Never predicts (`Th = Int64.min`, `N = 0`): predictive mode then equals exact mode.
    public static let off = PredictiveSetting(threshold: Int64.min, specN: 0)
}

/// The weight-reordering compiler: turns a quantised layer into one `KernelProgram` per kernel
/// (docs/ARCHITECTURE.md, "Op lists").
public struct Compiler: Sendable, Equatable {
    public var mode: Mode
    /// Order inside the sign groups of the exact region.
    public var order: ExactOrder
    /// Speculation-op selection of predictive mode.
    public var strategy: SpeculationStrategy
    /// Per-kernel (Th, N); `nil` = `PredictiveSetting.off` for every kernel.
    public var settings: [PredictiveSetting]?

    public init(mode: Mode, order: ExactOrder = .magnitude, strategy: SpeculationStrategy = .largestMagnitude,
                settings: [PredictiveSetting]? = nil) {
        self.mode = mode
        self.order = order
        self.strategy = strategy
        self.settings = settings
    }

    /// Compiles every kernel of `layer` for an input of `hin × win` (padding included).
    public func compile(_ layer: QuantizedConv, inputHeight hin: Int, inputWidth win: Int) throws -> [KernelProgram] {
        let spec = layer.spec
        if let s = settings, s.count != spec.outC {
            throw LayerError(layer: spec.name, field: "predictive table",
                             "\(s.count) (Th, N) entries, expected one per kernel (\(spec.outC))")
        }
        if let s = settings, let bad = s.firstIndex(where: { $0.specN < 0 }) {
            throw LayerError(layer: spec.name, field: "predictive table", "kernel \(bad) has N = \(s[bad].specN) < 0")
        }
        if case .inputWeighted(let st) = order, st.means.count != spec.inC {
            throw LayerError(layer: spec.name, field: "channel statistics",
                             "\(st.means.count) channel means, expected inC = \(spec.inC)")
        }
        var programs = [KernelProgram?](repeating: nil, count: spec.outC)
        let compiler = self
        programs.withUnsafeMutableBufferPointer { pb in
            let out = SendablePointer(p: pb.baseAddress!)
            // kernels are independent: compile them on all cores
            DispatchQueue.concurrentPerform(iterations: spec.outC) { k in
                let taps = compiler.orderedTaps(layer, kernel: k)
                let ks = k * spec.kernelSize
                let w = taps.taps.map { layer.weights[ks + Int($0)] }
                out.p[k] = KernelProgram(bias: layer.bias[k], weights: w,
                                         offsets: KernelProgram.offsets(taps: taps.taps, kH: spec.kH, kW: spec.kW,
                                                                        hin: hin, win: win),
                                         taps: taps.taps, checkFrom: KernelProgram.checkFrom(of: w),
                                         specN: taps.specN, threshold: taps.threshold)
            }
        }
        return programs.map { $0! }
    }

    /// The op order of kernel `k` as taps `(c * kH + ky) * kW + kx`, with `N` and `Th`.
    public func orderedTaps(_ layer: QuantizedConv, kernel k: Int) -> (taps: [Int32], specN: Int, threshold: Int64) {
        let spec = layer.spec
        let ks = k * spec.kernelSize
        let n = spec.kernelSize
        let w = layer.weights
        switch mode {
        case .dense:
            return ((0..<n).map { Int32($0) }, 0, Int64.min)
        case .zeroSkip:
            return ((0..<n).filter { w[ks + $0] != 0 }.map { Int32($0) }, 0, Int64.min)
        case .exact:
            return (exactOrder(layer, kernel: k, among: (0..<n).filter { w[ks + $0] != 0 }), 0, Int64.min)
        case .predictive:
            let setting = settings?[k] ?? .off
            let nonzero = (0..<n).filter { w[ks + $0] != 0 }
            let byMagnitude = Compiler.sortByMagnitudeDescending(nonzero) { Int(abs(Int64(w[ks + $0]))) }
            let m = byMagnitude.count
            let nSpec = min(setting.specN, m)
            var spec: [Int] = []
            switch strategy {
            case .largestMagnitude:
                spec = Array(byMagnitude.prefix(nSpec))
            case .grouped:
                spec = (0..<nSpec).map { g in byMagnitude[g * m / nSpec] }
            }
            var chosen = [Bool](repeating: false, count: n)
            for t in spec { chosen[t] = true }
            let rest = exactOrder(layer, kernel: k, among: nonzero.filter { !chosen[$0] })
            return (spec.map { Int32($0) } + rest, nSpec, setting.threshold)
        }
    }

    /// Positives first, then negatives; inside each group by the configured score (keys are
    /// computed once per tap, then sorted: compiling is cheap next to running).
    private func exactOrder(_ layer: QuantizedConv, kernel k: Int, among taps: [Int]) -> [Int32] {
        let spec = layer.spec
        let ks = k * spec.kernelSize
        let khw = spec.kH * spec.kW
        var means: [Double]? = nil
        if case .inputWeighted(let st) = order { means = st.means }
        if means == nil {
            // magnitude order: stable radix sort by |w| descending keeps taps ascending on ties
            var pos: [Int] = [], neg: [Int] = []
            pos.reserveCapacity(taps.count)
            neg.reserveCapacity(taps.count)
            layer.weights.withUnsafeBufferPointer { w in
                for t in taps {
                    let v = w[ks + t]
                    if v > 0 { pos.append(t) } else if v < 0 { neg.append(t) }
                }
            }
            let wk = layer.weights
            let mag: (Int) -> Int = { Int(abs(Int64(wk[ks + $0]))) }
            return (Compiler.sortByMagnitudeDescending(pos, magnitude: mag)
                + Compiler.sortByMagnitudeDescending(neg, magnitude: mag)).map { Int32($0) }
        }
        var pos: [(score: Double, mag: Int64, tap: Int)] = []
        var neg: [(score: Double, mag: Int64, tap: Int)] = []
        pos.reserveCapacity(taps.count)
        neg.reserveCapacity(taps.count)
        layer.weights.withUnsafeBufferPointer { w in
            for t in taps {
                let v = Int64(w[ks + t])
                let m = abs(v)
                let score = means.map { Double(m) * $0[t / khw] } ?? Double(m)
                if v > 0 { pos.append((score, m, t)) } else if v < 0 { neg.append((score, m, t)) }
            }
        }
        func before(_ a: (score: Double, mag: Int64, tap: Int), _ b: (score: Double, mag: Int64, tap: Int)) -> Bool {
            if a.score != b.score { return a.score > b.score }
            if a.mag != b.mag { return a.mag > b.mag }
            return a.tap < b.tap
        }
        pos.sort(by: before)
        neg.sort(by: before)
        var out = [Int32]()
        out.reserveCapacity(pos.count + neg.count)
        for e in pos { out.append(Int32(e.tap)) }
        for e in neg { out.append(Int32(e.tap)) }
        return out
    }

    /// Stable sort of `items` (given in ascending tap order) by decreasing `magnitude`, so ties
    /// keep ascending taps. Magnitudes are at most `2^15` (W <= 16): two-pass LSD radix sort.
    static func sortByMagnitudeDescending(_ items: [Int], magnitude: (Int) -> Int) -> [Int] {
        if items.count < 2 { return items }
        let keys = items.map { 0xFFFF - min(0xFFFF, magnitude($0)) }
        var order = Array(items.indices)
        var tmp = order
        for shift in [0, 8] {
            var count = [Int](repeating: 0, count: 257)
            for i in order { count[((keys[i] >> shift) & 0xFF) + 1] += 1 }
            for b in 0..<256 { count[b + 1] += count[b] }
            for i in order {
                let b = (keys[i] >> shift) & 0xFF
                tmp[count[b]] = i
                count[b] += 1
            }
            swap(&order, &tmp)
        }
        return order.map { items[$0] }
    }
}
