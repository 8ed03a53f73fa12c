import Golden

/// The digits CNN in fixed point, as golden-model layers:
/// `conv1 → conv2 → max-pool 2×2 → classifier`, where conv1/conv2 are `QuantizedConv` with ReLU
/// (both tunable: conv1's input is the raw pixels 0…16 ≥ 0, so it may run exact/predictive; conv2's
/// follows a ReLU) and the classifier is the golden fully connected layer (a 1×1 `QuantizedConv`
/// over the flattened 16·4·4 pooled map, `relu == false`, always run without early stop).
/// Built by `DigitsQuantizer` from the golden `Quantizer`'s `QuantizedNetwork`, which it keeps.
public struct DigitsQuantizedNetwork: TunableNetwork, Sendable {
    public typealias Input = DigitsSample

    public var conv1: QuantizedConv
    public var conv2: QuantizedConv
    public var classifier: QuantizedConv
    /// Fractional bits of the input tensor.
    public var inputFracBits: Int
    /// The golden network these layers come from (for cross-checks and the accelerator model).
    public var golden: QuantizedNetwork

    /// Takes the layers of a golden quantised digits network (nodes `conv1`, `conv2`, `classifier`).
    public init(golden q: QuantizedNetwork) throws {
        func layer(_ name: String) throws -> QuantizedConv {
            guard let i = q.network.index(of: name), let l = q.layers[i] else {
                throw DigitsModelError("quantised network has no layer '\(name)'")
            }
            return l
        }
        conv1 = try layer("conv1")
        conv2 = try layer("conv2")
        classifier = try layer("classifier")
        guard let i = q.network.inputNode else { throw DigitsModelError("quantised network has no input node") }
        inputFracBits = q.fracBits[i]
        golden = q
        guard conv1.relu && conv2.relu && conv1.inputNonNegative && conv2.inputNonNegative && !classifier.relu else {
            throw DigitsModelError("quantised digits network: conv1/conv2 need ReLU and non-negative inputs, the classifier none")
        }
    }

    public var tunableLayers: [QuantizedConv] { [conv1, conv2] }

    /// The input tensor of a sample (1×8×8, `pixel / 16` at the input scale; exact).
    public func inputTensor(_ s: DigitsSample) -> QTensor {
        QTensor(quantizing: DigitsModel.goldenInput(s), fracBits: inputFracBits, wordWidth: conv1.width)
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
        let x = inputTensor(input)
        let r1 = try LayerExecutor.run(conv1, input: x, compiler: plans[0].compiler, trackPredictionErrors: false)
        let r2 = try LayerExecutor.run(conv2, input: r1.output, compiler: plans[1].compiler, trackPredictionErrors: false)
        let pooled = Self.maxPool2(r2.output)
        let flat = try QTensor(channels: pooled.count, height: 1, width: 1, fracBits: pooled.fracBits, data: pooled.data)
        let r3 = try LayerExecutor.run(classifier, input: flat, mode: .dense)
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
