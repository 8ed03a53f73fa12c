import Golden

extension DigitsModel {
    /// The digits CNN as a golden-model `Network`: input 1×8×8 (declared non-negative: pixels/16),
    /// conv1 + ReLU, conv2 + ReLU, max-pool 2×2/2, fully connected (no ReLU).
    public func goldenNetwork() throws -> Network {
        var n = Network()
        let side = Self.inputSide
        let input = try n.add("input", .input(Shape(channels: 1, height: side, width: side), nonNegative: true))
        let c1 = try n.add("conv1", .conv(ConvLayer(
            spec: ConvSpec(name: "conv1", inC: 1, outC: conv1.outChannels, kernel: 3, pad: 1),
            weights: conv1.weights, bias: conv1.bias, relu: true)), inputs: [input])
        let c2 = try n.add("conv2", .conv(ConvLayer(
            spec: ConvSpec(name: "conv2", inC: conv2.inChannels, outC: conv2.outChannels, kernel: 3, pad: 1),
            weights: conv2.weights, bias: conv2.bias, relu: true)), inputs: [c1])
        let pool = try n.add("pool", .pool(PoolSpec(.max, kernel: 2, stride: 2)), inputs: [c2])
        try n.add("classifier", .fullyConnected(ConvLayer(
            spec: ConvSpec(name: "classifier", inC: classifier.inputs, outC: classifier.outputs, kernel: 1),
            weights: classifier.weights, bias: classifier.bias, relu: false)), inputs: [pool])
        return n
    }

    /// The golden-model float input tensor of a sample (`pixel / 16`).
    public static func goldenInput(_ s: DigitsSample) -> Tensor {
        var t = Tensor(channels: 1, height: inputSide, width: inputSide)
        for i in 0..<DigitsDataset.pixelCount { t.data[i] = Float(s.pixels[i]) * inputScale }
        return t
    }
}

/// Quantises the float digits CNN with the golden `Quantizer` (power-of-two scales per tensor
/// from the calibration inputs' ranges; docs/ARCHITECTURE.md "Quantiser").
public enum DigitsQuantizer {
    /// Quantises `model` to `width` bits with ranges measured on `calibration`.
    public static func quantize(_ model: DigitsModel, calibration: [DigitsSample],
                                width: Int = FixedPoint.defaultWidth) throws -> DigitsQuantizedNetwork {
        let net = try model.goldenNetwork()
        let q = try Quantizer(width: width).quantize(net, calibration: calibration.map(DigitsModel.goldenInput))
        return try DigitsQuantizedNetwork(golden: q)
    }
}
