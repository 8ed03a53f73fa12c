import Golden

/// A deterministic synthetic convolution layer with SqueezeNet-like statistics, for benchmarks
/// and demos when `../shared/data` is absent: about two thirds of the weights pruned to zero,
/// slightly more negative than positive nonzero weights (~54 %), ReLU'd inputs with ~45 % zeros,
/// biases that leave roughly 60 % of the outputs negative.
public enum SyntheticLayer {
    /// A `3x3`, pad-1 layer `inC -> outC` on an `h x w` input, `width`-bit.
    public static func make(inC: Int = 16, outC: Int = 32, height h: Int = 16, width w: Int = 16,
                            wordWidth: Int = 16, seed: UInt64 = 0x5EA) throws -> (layer: QuantizedConv, input: QTensor) {
        var g = Mix(seed)
        let spec = ConvSpec(name: "synthetic3x3", inC: inC, outC: outC, kernel: 3, stride: 1, pad: 1)
        let wmax = Double((1 << (wordWidth - 1)) - 1)
        let weights = (0..<(outC * spec.kernelSize)).map { _ -> Int32 in
            if g.unit() < 0.66 { return 0 }
            let mag = 0.02 + 0.25 * g.unit() * g.unit()
            return Int32((g.unit() < 0.54 ? -mag : mag) * wmax)
        }
        let xs = (0..<(inC * h * w)).map { _ -> Int32 in
            g.unit() < 0.45 ? 0 : Int32(0.3 * wmax * g.unit() * g.unit())
        }
        // Bias: a negative offset of about the typical |sum| so ~60 % of outputs end negative.
        let typical = Double(spec.kernelSize) * 0.34 * (0.1 * wmax) * (0.1 * wmax)
        let bias = (0..<outC).map { _ in Int64(-typical * (0.3 * g.unit() - 0.1)) }
        let layer = try QuantizedConv(spec: spec, width: wordWidth, weights: weights, bias: bias, shift: wordWidth - 2)
        let input = try QTensor(channels: inC, height: h, width: w, fracBits: 0, data: xs)
        return (layer, input)
    }

    /// SplitMix64 with a unit-interval helper.
    struct Mix {
        var s: UInt64
        init(_ seed: UInt64) { s = seed }
        mutating func next() -> UInt64 {
            s &+= 0x9E37_79B9_7F4A_7C15
            var z = s
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
    }
}
