import Golden

/// The digits CNN in fixed point, as golden-model layers:
/// `conv1 → conv2 → max-pool 2×2 → classifier`, where conv1/conv2 are `QuantizedConv` with ReLU
/// (both tunable: conv1's input is the raw pixels 0…16 ≥ 0, conv2's follows a ReLU) and the
/// classifier is a linear `QuantizedConv` (4×4 kernel over the 4×4 pooled map = fully connected,
/// `relu == false`, always run without early stop).
///
/// The input tensor is the pixels themselves with 4 fractional bits (`pixel / 16` exactly).
public struct DigitsQuantizedNetwork: TunableNetwork, Sendable, Equatable {
    public typealias Input = DigitsSample
    /// Fractional bits of the input (pixel p represents p / 16).
    public static let inputFracBits = 4

    public var conv1: QuantizedConv
    public var conv2: QuantizedConv
    public var classifier: QuantizedConv

    public init(conv1: QuantizedConv, conv2: QuantizedConv, classifier: QuantizedConv) {
        self.conv1 = conv1
        self.conv2 = conv2
        self.classifier = classifier
    }

    public var tunableLayers: [QuantizedConv] { [conv1, conv2] }

    /// The input tensor of a sample (1×8×8, 4 fractional bits).
    public static func inputTensor(_ s: DigitsSample) -> QTensor {
        var t = QTensor(channels: 1, height: DigitsDataset.side, width: DigitsDataset.side, fracBits: inputFracBits)
        for i in 0..<DigitsDataset.pixelCount { t.data[i] = Int32(s.pixels[i]) }
        return t
    }

    /// 2×2 / 2 max-pool of a non-negative tensor (exact on integers).
    public static func maxPool2(_ t: QTensor) -> QTensor {
        let h = t.height / 2, w = t.width / 2
        var out = QTensor(channels: t.channels, height: h, width: w, fracBits: t.fracBits)
        for c in 0..<t.channels {
            for y in 0..<h {
                for x in 0..<w {
                    out[c, y, x] = max(max(t[c, 2 * y, 2 * x], t[c, 2 * y, 2 * x + 1]),
                                       max(t[c, 2 * y + 1, 2 * x], t[c, 2 * y + 1, 2 * x + 1]))
                }
            }
        }
        return out
    }

    public func run(_ input: DigitsSample, plans: [LayerPlan], recordInputs: Bool) throws -> TunableRun {
        precondition(plans.count == 2, "DigitsQuantizedNetwork.run: expected 2 layer plans, got \(plans.count)")
        let x = Self.inputTensor(input)
        let r1 = try LayerExecutor.run(conv1, input: x, compiler: plans[0].compiler, trackPredictionErrors: false)
        let r2 = try LayerExecutor.run(conv2, input: r1.output, compiler: plans[1].compiler, trackPredictionErrors: false)
        let pooled = Self.maxPool2(r2.output)
        let r3 = try LayerExecutor.run(classifier, input: pooled, mode: .zeroSkip)
        let scale = FixedPoint.pow2(-classifier.outputFracBits)
        return TunableRun(scores: r3.output.data.map { Double($0) * scale },
                          layerStats: [r1.stats, r2.stats],
                          layerInputs: recordInputs ? [x, r1.output] : [])
    }

    /// The predicted class of a sample with `plans` (exact by default).
    public func predict(_ s: DigitsSample, plans: [LayerPlan]? = nil) throws -> Int {
        try run(s, plans: plans ?? exactPlans, recordInputs: false).top1
    }

    /// Top-1 accuracy on `samples` with `plans` (exact by default).
    public func accuracy(on samples: [DigitsSample], plans: [LayerPlan]? = nil) throws -> Double {
        if samples.isEmpty { return 0 }
        var correct = 0
        for s in samples where try predict(s, plans: plans) == s.label { correct += 1 }
        return Double(correct) / Double(samples.count)
    }
}
