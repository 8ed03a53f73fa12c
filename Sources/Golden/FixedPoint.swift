/// Fixed-point arithmetic of the SnaPEA datapath (docs/ARCHITECTURE.md, "Arithmetic").
///
/// Weights and activations are signed two's complement `width`-bit integers with one
/// power-of-two scale per tensor. Products are exact; accumulation is done in `Int64`,
/// which is wider than the hardware accumulator `accumulatorWidth(maxKernelOps:)`, and no
/// overflow is possible within the bounds the quantiser guarantees.
public struct FixedPoint: Sendable, Equatable {
    /// The word widths the generator supports.
    public static let supportedWidths: [Int] = [8, 12, 16]
    /// The default word width.
    public static let defaultWidth = 16

    /// Word width `W` of weights and activations.
    public let width: Int

    /// Creates the arithmetic for width `W`; throws if `W` is not in `supportedWidths`.
    public init(width: Int, layer: String = "?") throws {
        try FixedPoint.checkWidth(width, layer: layer)
        self.width = width
    }

    /// Throws a `LayerError` naming `layer` and field `width` unless `width` is supported.
    public static func checkWidth(_ width: Int, layer: String) throws {
        guard supportedWidths.contains(width) else {
            throw LayerError(layer: layer, field: "width",
                             "word width must be one of \(supportedWidths) (got \(width))")
        }
    }

    /// Largest representable value, `2^(W-1) - 1`.
    public var maxValue: Int64 { FixedPoint.maxValue(width: width) }
    /// Smallest representable value, `-2^(W-1)`.
    public var minValue: Int64 { FixedPoint.minValue(width: width) }
    /// Largest representable value, `2^(W-1) - 1`.
    public static func maxValue(width: Int) -> Int64 { (Int64(1) << (width - 1)) - 1 }
    /// Smallest representable value, `-2^(W-1)`.
    public static func minValue(width: Int) -> Int64 { -(Int64(1) << (width - 1)) }
    /// Bias magnitude limit in accumulator units, `2^(2W) - 1`.
    public static func biasLimit(width: Int) -> Int64 { (Int64(1) << (2 * width)) - 1 }

    /// `ceil(log2(n))` for `n >= 1` (0 for `n <= 1`).
    public static func ceilLog2(_ n: Int) -> Int {
        var bits = 0
        while (1 << bits) < n { bits += 1 }
        return bits
    }

    /// Accumulator width `A = 2W + ceil(log2(max(2, maxKernelOps))) + 1`.
    ///
    /// The `max(2, ·)` matters only for one-op kernels: with `L = 1` the bias (up to
    /// `2^(2W) - 1`) plus one product (up to `2^(2W-2)`) needs `2W + 2` bits.
    public static func accumulatorWidth(width: Int, maxKernelOps: Int) -> Int {
        2 * width + ceilLog2(max(2, maxKernelOps)) + 1
    }
    /// Accumulator width `A = 2W + ceil(log2(max(2, maxKernelOps))) + 1`.
    public func accumulatorWidth(maxKernelOps: Int) -> Int {
        FixedPoint.accumulatorWidth(width: width, maxKernelOps: maxKernelOps)
    }

    /// A threshold clamped to the signed `A`-bit range (for stimulus files). Clamping never
    /// changes a decision: every accumulator value satisfies `|acc| < 2^(A-1)`.
    public static func clampThreshold(_ th: Int64, accumulatorWidth a: Int) -> Int64 {
        guard a < 64 else { return th }
        let lo = -(Int64(1) << (a - 1)), hi = (Int64(1) << (a - 1)) - 1
        return th < lo ? lo : (th > hi ? hi : th)
    }

    /// Saturates `v` to the signed `W`-bit range.
    @inline(__always)
    public static func saturate(_ v: Int64, width: Int) -> Int32 {
        let hi = maxValue(width: width), lo = minValue(width: width)
        return Int32(v > hi ? hi : (v < lo ? lo : v))
    }

    /// `requant(a, s) = min(2^(W-1)-1, s > 0 ? (max(a,0) + 2^(s-1)) >> s : max(a,0))`:
    /// ReLU, arithmetic shift right with round-half-up, saturate.
    @inline(__always)
    public static func requant(_ a: Int64, shift: Int, width: Int) -> Int32 {
        let r = a > 0 ? a : 0
        let shifted = shift > 0 ? (r + (Int64(1) << (shift - 1))) >> shift : r
        let hi = maxValue(width: width)
        return Int32(shifted < hi ? shifted : hi)
    }
    /// `requant` for this width.
    @inline(__always)
    public func requant(_ a: Int64, shift: Int) -> Int32 {
        FixedPoint.requant(a, shift: shift, width: width)
    }

    /// Requantisation without ReLU (golden-model-only, for linear classifier layers):
    /// arithmetic shift right with round-half-up (`floor(a / 2^s + 1/2)`), saturate both ends.
    @inline(__always)
    public static func requantLinear(_ a: Int64, shift: Int, width: Int) -> Int32 {
        let shifted = shift > 0 ? (a + (Int64(1) << (shift - 1))) >> shift : a
        return saturate(shifted, width: width)
    }

    /// Quantises a real value to `fracBits` fractional bits: round to nearest (ties away
    /// from zero), saturate to `W` bits.
    public static func quantize(_ x: Double, fracBits: Int, width: Int) -> Int32 {
        let scaled = (x * pow2(fracBits)).rounded(.toNearestOrAwayFromZero)
        let hi = Double(maxValue(width: width)), lo = Double(minValue(width: width))
        if !(scaled == scaled) { return 0 }
        return Int32(scaled > hi ? hi : (scaled < lo ? lo : scaled))
    }

    /// Quantises a bias to accumulator units (`fracBits` = `fi + fw`), clamped to
    /// `±(2^(2W) - 1)`.
    public static func quantizeBias(_ x: Double, fracBits: Int, width: Int) -> Int64 {
        let scaled = (x * pow2(fracBits)).rounded(.toNearestOrAwayFromZero)
        let lim = Double(biasLimit(width: width))
        if !(scaled == scaled) { return 0 }
        return Int64(scaled > lim ? lim : (scaled < -lim ? -lim : scaled))
    }

    /// The real value of `v` with `fracBits` fractional bits.
    public static func dequantize(_ v: Int64, fracBits: Int) -> Double {
        Double(v) * pow2(-fracBits)
    }

    /// `2^e` as a `Double`, exact for the exponents used here.
    public static func pow2(_ e: Int) -> Double {
        var r = 1.0
        if e >= 0 { for _ in 0..<e { r *= 2 } } else { for _ in 0..<(-e) { r /= 2 } }
        return r
    }
}
