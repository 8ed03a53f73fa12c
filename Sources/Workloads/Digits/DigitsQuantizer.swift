import Golden

/// Quantises the float digits CNN to golden-model fixed point (power-of-two scales, per layer).
///
/// - weights: the largest fractional bits `fw` such that `max|w| · 2^fw` fits in `W` bits;
/// - activations: the largest `fo` such that the largest calibration output `· 2^fo` fits in `W`
///   bits (never more than `fi + fw`, so the requantisation shift `s = fi + fw - fo >= 0`);
/// - bias: in accumulator units (`fi + fw` fractional bits), clamped by `FixedPoint.quantizeBias`.
/// The input has 4 fractional bits (pixels 0…16 are exactly `pixel / 16`).
public enum DigitsQuantizer {
    /// Largest `f` (searched in -8…40) with `round(maxAbs · 2^f) <= 2^(W-1) - 1`.
    public static func fracBits(maxAbs: Double, width: Int) -> Int {
        let hi = Double(FixedPoint.maxValue(width: width))
        if maxAbs <= 0 { return width - 1 }
        var f = -8
        while f < 40 && (maxAbs * FixedPoint.pow2(f + 1)).rounded(.toNearestOrAwayFromZero) <= hi { f += 1 }
        return f
    }

    /// Quantises `model` with activation ranges measured on `calibration` (float forward).
    public static func quantize(_ model: DigitsModel, calibration: [DigitsSample],
                                width: Int = FixedPoint.defaultWidth) throws -> DigitsQuantizedNetwork {
        var max1: Float = 0, max2: Float = 0, maxLogit: Float = 0
        for s in calibration {
            let f = model.forward(DigitsModel.floatInput(s))
            max1 = max(max1, f.z1.max() ?? 0)
            max2 = max(max2, f.z2.max() ?? 0)
            maxLogit = max(maxLogit, f.logits.map { abs($0) }.max() ?? 0)
        }
        let fi1 = DigitsQuantizedNetwork.inputFracBits
        let c1 = try layer(name: "conv1", spec: ConvSpec(name: "conv1", inC: 1, outC: model.conv1.outChannels, kernel: 3, pad: 1),
                           weights: model.conv1.weights, bias: model.conv1.bias, inputFracBits: fi1,
                           outputMax: Double(max1), relu: true, width: width)
        let c2 = try layer(name: "conv2", spec: ConvSpec(name: "conv2", inC: model.conv2.inChannels,
                                                         outC: model.conv2.outChannels, kernel: 3, pad: 1),
                           weights: model.conv2.weights, bias: model.conv2.bias, inputFracBits: c1.outputFracBits,
                           outputMax: Double(max2), relu: true, width: width)
        let p = DigitsModel.pooledSide
        let fc = try layer(name: "classifier", spec: ConvSpec(name: "classifier", inC: model.conv2.outChannels,
                                                              outC: model.classifier.outputs, kernel: p),
                           weights: model.classifier.weights, bias: model.classifier.bias,
                           inputFracBits: c2.outputFracBits, outputMax: Double(maxLogit) * 1.5, relu: false, width: width)
        return DigitsQuantizedNetwork(conv1: c1, conv2: c2, classifier: fc)
    }

    static func layer(name: String, spec: ConvSpec, weights: [Float], bias: [Float], inputFracBits fi: Int,
                      outputMax: Double, relu: Bool, width: Int) throws -> QuantizedConv {
        let fw = fracBits(maxAbs: Double(weights.map { abs($0) }.max() ?? 0), width: width)
        let fo = min(fracBits(maxAbs: outputMax, width: width), fi + fw)
        let qw = weights.map { FixedPoint.quantize(Double($0), fracBits: fw, width: width) }
        let qb = bias.map { FixedPoint.quantizeBias(Double($0), fracBits: fi + fw, width: width) }
        return try QuantizedConv(spec: spec, width: width, weights: qw, bias: qb, shift: fi + fw - fo, relu: relu,
                                 inputNonNegative: true, inputFracBits: fi, weightFracBits: fw, outputFracBits: fo)
    }
}
