/// One kernel's compiled program: `bias`, ops `(weights[i], offsets[i])`, `checkFrom` `C`,
/// speculation count `specN` and threshold (docs/ARCHITECTURE.md, "Op lists").
///
/// `offsets[i] = (c * Hin + ky) * Win + kx` for the input geometry the program was compiled
/// for; `taps[i] = (c * kH + ky) * kW + kx` is the geometry-free position of the same weight.
public struct KernelProgram: Sendable, Equatable {
    public var bias: Int64
    public var weights: [Int32]
    public var offsets: [Int32]
    /// Geometry-free weight positions, same order as `weights`.
    public var taps: [Int32]
    /// Index of the last op with a positive weight (0 when there is none).
    public var checkFrom: Int
    /// Number of speculation ops (0 = none); `specN <= count`.
    public var specN: Int
    /// Predictive threshold in accumulator units; `Int64.min` never fires.
    public var threshold: Int64

    public init(bias: Int64, weights: [Int32], offsets: [Int32], taps: [Int32], checkFrom: Int,
                specN: Int, threshold: Int64) {
        self.bias = bias
        self.weights = weights
        self.offsets = offsets
        self.taps = taps
        self.checkFrom = checkFrom
        self.specN = specN
        self.threshold = threshold
    }

    /// Op list length `L`.
    public var count: Int { weights.count }

    /// `C` = index of the last positive weight in `weights`, 0 when there is none.
    public static func checkFrom(of weights: [Int32]) -> Int {
        weights.lastIndex(where: { $0 > 0 }) ?? 0
    }

    /// The same program with offsets recomputed for an input tile of `hin × win`
    /// (kernel `kH × kW`).
    public func rebased(kH: Int, kW: Int, hin: Int, win: Int) -> KernelProgram {
        var p = self
        p.offsets = KernelProgram.offsets(taps: taps, kH: kH, kW: kW, hin: hin, win: win)
        return p
    }

    /// Offsets `(c * Hin + ky) * Win + kx` of the taps `(c * kH + ky) * kW + kx`.
    public static func offsets(taps: [Int32], kH: Int, kW: Int, hin: Int, win: Int) -> [Int32] {
        taps.map { t in
            let t = Int(t)
            let kx = t % kW, ky = (t / kW) % kH, c = t / (kW * kH)
            return Int32((c * hin + ky) * win + kx)
        }
    }
}
