import Foundation

/// Options of the digits CNN trainer. Every run with equal options gives bit-identical weights.
public struct DigitsTrainingOptions: Sendable, Equatable {
    /// Seed of the weight initialisation, the batch order and the augmentation.
    public var seed: UInt64 = 7
    public var epochs: Int = 40
    public var batchSize: Int = 16
    /// Adam step size at epoch 0; decays by a cosine schedule to `finalLearningRateFraction` of it.
    public var learningRate: Float = 0.002
    public var finalLearningRateFraction: Float = 0.02
    /// L2 weight decay (added to the gradient, all weights, not biases).
    public var weightDecay: Float = 1e-4
    public var conv1Channels: Int = 8
    public var conv2Channels: Int = 16
    /// Random ±1-pixel shifts of the training images (zero fill), drawn from the seeded PRNG.
    public var augmentShifts: Bool = true
    /// SnaPEA-aware training (issue 9): strength λ of the activation-sparsity penalty
    /// `λ · Σ_layers mean(max(0, z + margin))` on the pre-ReLU outputs `z` of both conv layers.
    /// With margin 0 this is an L1 penalty on the post-ReLU activations: it pushes outputs that the
    /// classifier does not need below zero, where exact mode cuts them short. 0 = plain training.
    public var sparsityPenalty: Float = 0
    /// The margin of the penalty (in pre-activation units); > 0 pushes outputs clearly negative,
    /// so that their sign shows early in the reordered MAC sequence.
    public var sparsityMargin: Float = 0
    /// Per-layer factors of the penalty strength (conv1, conv2). conv2 holds ~94 % of the MACs, so
    /// penalising conv1 buys little speed for the accuracy it costs.
    public var sparsityLayerWeights: [Float] = [1, 1]
    /// Pool-aware sparsity on conv2: strength of `λ · mean(max(0, z + poolMargin))` over the conv2
    /// outputs that are *not* the maximum of their 2×2 pooling window. Those outputs never reach
    /// the classifier, so pushing them below zero (where SnaPEA cuts them short) costs no accuracy
    /// directly; only through the shared weights. 0 = off.
    public var poolSparsityPenalty: Float = 0
    public var poolMargin: Float = 0
    /// Early-sign-resolution penalty (`SignResolutionPenalty`): strength λ (0 = off), the
    /// speculation count `N` per conv layer (conv1, conv2; 0 = not on that layer) it trains for,
    /// its margin, and the weight of the optional term on outputs that end positive.
    public var resolutionPenalty: Float = 0
    public var resolutionCounts: [Int] = [2, 8]
    public var resolutionMargin: Float = 0.1
    public var resolutionPositiveWeight: Float = 0
    /// Strength of the preview sparsity term of `SignResolutionPenalty` (0 = off).
    public var previewSparsity: Float = 0
    /// Train on at most this many samples of the training split (nil: all). For short test runs.
    public var maxTrainingSamples: Int? = nil

    public init() {}

    /// The default plain training.
    public static var plain: DigitsTrainingOptions { DigitsTrainingOptions() }

    /// The default SnaPEA-aware training (the committed `digits-snapea.json`): the same network as
    /// plain training, trained 60 epochs with the activation-sparsity penalty (conv1 at 0.3 of the
    /// strength: it holds ~6 % of the MACs) and the early-sign-resolution terms on conv2 for the
    /// 8 largest-magnitude weights (`SignResolutionPenalty`: negative outputs get a preview below
    /// −0.1, positive ones above +0.1, and outputs whose preview is ≤ 0 are pushed below zero).
    public static var snapeaAware: DigitsTrainingOptions {
        var o = DigitsTrainingOptions()
        o.epochs = 60
        o.sparsityPenalty = 1.0
        o.sparsityMargin = 0.0
        o.sparsityLayerWeights = [0.3, 1]
        o.resolutionPenalty = 1
        o.resolutionCounts = [0, 8]
        o.resolutionMargin = 0.1
        o.resolutionPositiveWeight = 2
        o.previewSparsity = 3
        return o
    }

    /// The first SnaPEA-aware training (activation-sparsity penalty only, 40 epochs): 98.0 % test
    /// accuracy, 1.54x exact and 2.03x predictive at 3 % (kept for comparisons).
    public static var sparsityOnly: DigitsTrainingOptions {
        var o = DigitsTrainingOptions()
        o.sparsityPenalty = 1.0
        return o
    }

    /// Throws naming the first bad field (for options that come from flags or files).
    public func validate() throws {
        func bad(_ f: String, _ v: Any) -> DigitsModelError { DigitsModelError("training options, field '\(f)': \(v) out of range") }
        guard epochs >= 0 && epochs <= 100_000 else { throw bad("epochs", epochs) }
        guard batchSize >= 1 && batchSize <= 1 << 20 else { throw bad("batchSize", batchSize) }
        guard learningRate.isFinite && learningRate > 0 else { throw bad("learningRate", learningRate) }
        guard finalLearningRateFraction.isFinite && finalLearningRateFraction >= 0 else { throw bad("finalLearningRateFraction", finalLearningRateFraction) }
        guard weightDecay.isFinite && weightDecay >= 0 else { throw bad("weightDecay", weightDecay) }
        guard conv1Channels >= 1 && conv1Channels <= 256 else { throw bad("conv1Channels", conv1Channels) }
        guard conv2Channels >= 1 && conv2Channels <= 256 else { throw bad("conv2Channels", conv2Channels) }
        guard sparsityPenalty.isFinite && sparsityPenalty >= 0 else { throw bad("sparsityPenalty", sparsityPenalty) }
        guard sparsityMargin.isFinite else { throw bad("sparsityMargin", sparsityMargin) }
        guard sparsityLayerWeights.count == 2 && sparsityLayerWeights.allSatisfy({ $0.isFinite && $0 >= 0 }) else {
            throw bad("sparsityLayerWeights", sparsityLayerWeights)
        }
        if let m = maxTrainingSamples, m < 0 { throw bad("maxTrainingSamples", m) }
        guard poolSparsityPenalty.isFinite && poolSparsityPenalty >= 0 else { throw bad("poolSparsityPenalty", poolSparsityPenalty) }
        guard poolMargin.isFinite else { throw bad("poolMargin", poolMargin) }
        guard resolutionPenalty.isFinite && resolutionPenalty >= 0 else { throw bad("resolutionPenalty", resolutionPenalty) }
        guard resolutionCounts.count == 2 && resolutionCounts.allSatisfy({ $0 >= 0 && $0 <= 1 << 16 }) else {
            throw bad("resolutionCounts", resolutionCounts)
        }
        guard previewSparsity.isFinite && previewSparsity >= 0 else { throw bad("previewSparsity", previewSparsity) }
        guard resolutionMargin.isFinite else { throw bad("resolutionMargin", resolutionMargin) }
        guard resolutionPositiveWeight.isFinite && resolutionPositiveWeight >= 0 else {
            throw bad("resolutionPositiveWeight", resolutionPositiveWeight)
        }
    }

    /// A one-line summary, stored in the model's provenance.
    public var summary: String {
        "seed=\(seed) epochs=\(epochs) batch=\(batchSize) lr=\(learningRate) lrFinal=\(finalLearningRateFraction) " +
        "wd=\(weightDecay) c1=\(conv1Channels) c2=\(conv2Channels) shifts=\(augmentShifts) " +
        "penalty=\(sparsityPenalty) margin=\(sparsityMargin) layerWeights=\(sparsityLayerWeights) maxTrain=\(maxTrainingSamples.map(String.init) ?? "all")" +
        (poolSparsityPenalty > 0 ? " poolPenalty=\(poolSparsityPenalty) poolMargin=\(poolMargin)" : "") +
        (resolutionPenalty > 0 || previewSparsity > 0 ? " resolution=\(resolutionPenalty) resolutionN=\(resolutionCounts) " +
            "resolutionMargin=\(resolutionMargin) resolutionPositive=\(resolutionPositiveWeight)" +
            (previewSparsity > 0 ? " previewSparsity=\(previewSparsity)" : "") : "")
    }
}

/// Per-epoch record of a training run.
public struct DigitsTrainingEpoch: Sendable, Equatable {
    public var epoch: Int
    /// Mean cross-entropy and mean penalty over the epoch's samples.
    public var crossEntropy: Double
    public var penalty: Double
    /// Training-batch accuracy during the epoch (on the augmented inputs).
    public var trainAccuracy: Double
}

/// Trains the digits CNN in plain Swift (single thread, fixed iteration order, own PRNG):
/// softmax cross-entropy, Adam, cosine learning-rate decay, optional activation-sparsity penalty.
public enum DigitsTrainer {
    /// Trains on the embedded data set's default training split.
    public static func train(options: DigitsTrainingOptions) throws -> DigitsModel {
        try options.validate()
        let data = try DigitsDataset.embedded()
        let split = DigitsSplit(count: data.samples.count)
        return train(options: options, samples: DigitsSplit.samples(split.train, of: data)).model
    }

    /// The options of a committed network.
    public static func options(for which: DigitsModelFile.Embedded) -> DigitsTrainingOptions {
        switch which {
        case .plain: return .plain
        case .snapeaAware: return .snapeaAware
        }
    }

    /// Reproduces a committed network: trains it with its options on the default training split,
    /// records the float accuracies of the default split in the provenance and writes the JSON file.
    /// `scripts/train_digits.sh` calls this (through `snapea train-digits`).
    @discardableResult
    public static func trainAndSave(_ which: DigitsModelFile.Embedded, to url: URL) throws -> DigitsModel {
        try options(for: which).validate()
        let data = try DigitsDataset.embedded()
        let split = DigitsSplit(count: data.samples.count)
        var m = train(options: options(for: which), samples: DigitsSplit.samples(split.train, of: data)).model
        let f = { (x: Double) in String(format: "%.4f", x) }
        m.provenance["variant"] = which.rawValue
        m.provenance["split"] = "DigitsSplit(seed: \(DigitsSplit.defaultSeed), train \(split.train.count), calibration \(split.calibration.count), test \(split.test.count))"
        m.provenance["floatAccuracyTrain"] = f(m.accuracy(on: DigitsSplit.samples(split.train, of: data)))
        m.provenance["floatAccuracyCalibration"] = f(m.accuracy(on: DigitsSplit.samples(split.calibration, of: data)))
        m.provenance["floatAccuracyTest"] = f(m.accuracy(on: DigitsSplit.samples(split.test, of: data)))
        try DigitsModelFile.save(m, to: url)
        return m
    }

    /// Trains on `samples`; returns the model and the per-epoch log (options must be valid,
    /// see `DigitsTrainingOptions.validate`).
    public static func train(options o: DigitsTrainingOptions, samples allSamples: [DigitsSample])
        -> (model: DigitsModel, log: [DigitsTrainingEpoch]) {
        precondition(o.epochs >= 0 && o.batchSize > 0, "DigitsTrainer: epochs >= 0 and batchSize > 0 required")
        let samples = o.maxTrainingSamples.map { Array(allSamples.prefix($0)) } ?? allSamples
        var rng = SplitMix64(seed: o.seed)
        var model = initialModel(o, rng: &rng)
        var params = ParameterSet(model)
        var adamM = params.zeros(), adamV = params.zeros()
        var step = 0
        var log: [DigitsTrainingEpoch] = []
        let side = DigitsModel.inputSide
        let totalSteps = max(1, o.epochs * ((samples.count + o.batchSize - 1) / o.batchSize))
        for epoch in 0..<o.epochs {
            var order = Array(0..<samples.count)
            rng.shuffle(&order)
            var ce = 0.0, pen = 0.0, correct = 0
            var start = 0
            while start < order.count {
                let end = min(order.count, start + o.batchSize)
                var grad = params.zeros()
                let scale = 1 / Float(end - start)
                for idx in order[start..<end] {
                    var input = DigitsModel.floatInput(samples[idx])
                    if o.augmentShifts {
                        let dy = rng.nextIndex(below: 3) - 1, dx = rng.nextIndex(below: 3) - 1
                        input = shifted(input, side: side, dy: dy, dx: dx)
                    }
                    let r = backprop(model, input: input, label: samples[idx].label, options: o, scale: scale, grad: &grad)
                    ce += r.crossEntropy
                    pen += r.penalty
                    if r.correct { correct += 1 }
                }
                // Adam with L2 weight decay and cosine decay of the step size.
                step += 1
                let progress = Float(step - 1) / Float(totalSteps)
                let lr = o.learningRate * (o.finalLearningRateFraction +
                    (1 - o.finalLearningRateFraction) * 0.5 * (1 + Float(cos(Double.pi * Double(progress)))))
                let b1: Float = 0.9, b2: Float = 0.999, eps: Float = 1e-8
                let c1 = 1 - Float(pow(Double(b1), Double(step))), c2 = 1 - Float(pow(Double(b2), Double(step)))
                for t in 0..<params.tensors.count {
                    let decay = params.decays[t] ? o.weightDecay : 0
                    for i in 0..<params.tensors[t].count {
                        let g = grad[t][i] + decay * params.tensors[t][i]
                        adamM[t][i] = b1 * adamM[t][i] + (1 - b1) * g
                        adamV[t][i] = b2 * adamV[t][i] + (1 - b2) * g * g
                        let mh = adamM[t][i] / c1, vh = adamV[t][i] / c2
                        params.tensors[t][i] -= lr * mh / (vh.squareRoot() + eps)
                    }
                }
                params.store(into: &model)
                start = end
            }
            let n = Double(max(1, samples.count))
            log.append(DigitsTrainingEpoch(epoch: epoch, crossEntropy: ce / n, penalty: pen / n,
                                           trainAccuracy: Double(correct) / n))
        }
        model.provenance["trainer"] = "DigitsTrainer (Sources/Workloads/Training/DigitsTrainer.swift)"
        model.provenance["options"] = o.summary
        model.provenance["trainingSamples"] = String(samples.count)
        return (model, log)
    }

    /// The training loss of one (unaugmented) input — cross-entropy plus the sparsity penalty — and
    /// its gradient as six tensors `[w1, b1, w2, b2, wf, bf]` (for gradient checks).
    public static func lossAndGradient(_ model: DigitsModel, input: [Float], label: Int,
                                       options: DigitsTrainingOptions) -> (loss: Double, gradient: [[Float]]) {
        var grad = ParameterSet(model).zeros()
        let r = backprop(model, input: input, label: label, options: options, scale: 1, grad: &grad)
        return (r.crossEntropy + r.penalty, grad)
    }

    /// He-normal initialisation, zero biases, drawn in a fixed order from `rng`.
    static func initialModel(_ o: DigitsTrainingOptions, rng: inout SplitMix64) -> DigitsModel {
        func he(_ n: Int, fanIn: Int) -> [Float] {
            let s = (2.0 / Double(fanIn)).squareRoot()
            return (0..<n).map { _ in Float(rng.nextGaussian() * s) }
        }
        let c1 = o.conv1Channels, c2 = o.conv2Channels
        let conv1 = FloatConvLayer(inChannels: 1, outChannels: c1, kernelSize: 3, padding: 1,
                                   weights: he(c1 * 9, fanIn: 9), bias: [Float](repeating: 0, count: c1))
        let conv2 = FloatConvLayer(inChannels: c1, outChannels: c2, kernelSize: 3, padding: 1,
                                   weights: he(c2 * c1 * 9, fanIn: c1 * 9), bias: [Float](repeating: 0, count: c2))
        let flat = c2 * DigitsModel.pooledSide * DigitsModel.pooledSide
        let fc = FloatDenseLayer(inputs: flat, outputs: DigitsDataset.classCount,
                                 weights: he(flat * DigitsDataset.classCount, fanIn: flat).map { $0 * 0.5 },
                                 bias: [Float](repeating: 0, count: DigitsDataset.classCount))
        return DigitsModel(conv1: conv1, conv2: conv2, classifier: fc)
    }

    /// The image moved by (dy, dx) pixels with zero fill.
    static func shifted(_ input: [Float], side: Int, dy: Int, dx: Int) -> [Float] {
        if dy == 0 && dx == 0 { return input }
        var out = [Float](repeating: 0, count: input.count)
        for y in 0..<side {
            let sy = y - dy
            if sy < 0 || sy >= side { continue }
            for x in 0..<side {
                let sx = x - dx
                if sx < 0 || sx >= side { continue }
                out[y * side + x] = input[sy * side + sx]
            }
        }
        return out
    }

    /// One sample's forward and backward pass; adds `scale ×` its gradient to `grad`.
    static func backprop(_ m: DigitsModel, input: [Float], label: Int, options o: DigitsTrainingOptions,
                         scale: Float, grad: inout [[Float]]) -> (crossEntropy: Double, penalty: Double, correct: Bool) {
        let side = DigitsModel.inputSide
        let f = m.forward(input)
        // Softmax cross-entropy.
        let maxLogit = f.logits.max() ?? 0
        let exps = f.logits.map { Float(exp(Double($0 - maxLogit))) }
        let sum = exps.reduce(0, +)
        let ce = -log(Double(exps[label] / sum))
        var dLogits = exps.map { $0 / sum * scale }
        dLogits[label] -= scale
        // Classifier.
        let fc = m.classifier
        var dPooled = [Float](repeating: 0, count: fc.inputs)
        for o in 0..<fc.outputs {
            let g = dLogits[o]
            grad[5][o] += g
            let row = o * fc.inputs
            for i in 0..<fc.inputs {
                grad[4][row + i] += g * f.pooled[i]
                dPooled[i] += g * fc.weights[row + i]
            }
        }
        // Pool + ReLU of conv2, plus the sparsity penalty on z2.
        var penalty = 0.0
        var dz2 = [Float](repeating: 0, count: f.z2.count)
        for (i, a) in f.poolArgmax.enumerated() where f.z2[a] > 0 { dz2[a] += dPooled[i] }
        let lambda2 = o.sparsityPenalty * (o.sparsityLayerWeights.count > 1 ? o.sparsityLayerWeights[1] : 1)
        if lambda2 > 0 {
            let g = lambda2 / Float(f.z2.count) * scale
            var p: Float = 0
            for i in 0..<f.z2.count where f.z2[i] + o.sparsityMargin > 0 {
                dz2[i] += g
                p += f.z2[i] + o.sparsityMargin
            }
            penalty += Double(lambda2 * p / Float(f.z2.count))
        }
        if o.poolSparsityPenalty > 0 {
            var isMax = [Bool](repeating: false, count: f.z2.count)
            for a in f.poolArgmax { isMax[a] = true }
            let g = o.poolSparsityPenalty / Float(f.z2.count) * scale
            var p: Float = 0
            for i in 0..<f.z2.count where !isMax[i] && f.z2[i] + o.poolMargin > 0 {
                dz2[i] += g
                p += f.z2[i] + o.poolMargin
            }
            penalty += Double(o.poolSparsityPenalty * p / Float(f.z2.count))
        }
        let a1 = f.z1.map { max($0, 0) }
        var gw2: [Float] = [], gb2: [Float] = []
        swap(&gw2, &grad[2]); swap(&gb2, &grad[3])
        var da1r = [Float](repeating: 0, count: o.resolutionPenalty > 0 ? a1.count : 0)
        if o.resolutionPenalty > 0 || o.previewSparsity > 0 {
            penalty += SignResolutionPenalty.accumulate(
                m.conv2, input: a1, side: side, z: f.z2, count: o.resolutionCounts[1], margin: o.resolutionMargin,
                positiveWeight: o.resolutionPositiveWeight, lambda: o.resolutionPenalty,
                previewSparsity: o.previewSparsity, scale: scale, dZ: &dz2, dW: &gw2, dB: &gb2, dInput: &da1r)
        }
        var da1 = ConvMath.backward(m.conv2, input: a1, side: side, dOut: dz2,
                                    dW: &gw2, dB: &gb2, wantInputGradient: true)
        for i in 0..<da1r.count { da1[i] += da1r[i] }
        swap(&gw2, &grad[2]); swap(&gb2, &grad[3])
        var dz1 = [Float](repeating: 0, count: f.z1.count)
        for i in 0..<f.z1.count where f.z1[i] > 0 { dz1[i] = da1[i] }
        let lambda1 = o.sparsityPenalty * (o.sparsityLayerWeights.first ?? 1)
        if lambda1 > 0 {
            let g = lambda1 / Float(f.z1.count) * scale
            var p: Float = 0
            for i in 0..<f.z1.count where f.z1[i] + o.sparsityMargin > 0 {
                dz1[i] += g
                p += f.z1[i] + o.sparsityMargin
            }
            penalty += Double(lambda1 * p / Float(f.z1.count))
        }
        var gw1: [Float] = [], gb1: [Float] = []
        swap(&gw1, &grad[0]); swap(&gb1, &grad[1])
        if o.resolutionPenalty > 0 || o.previewSparsity > 0 {
            var none: [Float] = []
            penalty += SignResolutionPenalty.accumulate(
                m.conv1, input: input, side: side, z: f.z1, count: o.resolutionCounts[0], margin: o.resolutionMargin,
                positiveWeight: o.resolutionPositiveWeight, lambda: o.resolutionPenalty,
                previewSparsity: o.previewSparsity, scale: scale, dZ: &dz1, dW: &gw1, dB: &gb1, dInput: &none)
        }
        _ = ConvMath.backward(m.conv1, input: input, side: side, dOut: dz1,
                              dW: &gw1, dB: &gb1, wantInputGradient: false)
        swap(&gw1, &grad[0]); swap(&gb1, &grad[1])
        return (ce, penalty, f.predicted == label)
    }
}

/// The model's parameters as six flat tensors (w1, b1, w2, b2, wf, bf) for the optimiser.
struct ParameterSet {
    var tensors: [[Float]]
    /// Whether weight decay applies (weights yes, biases no).
    let decays = [true, false, true, false, true, false]

    init(_ m: DigitsModel) {
        tensors = [m.conv1.weights, m.conv1.bias, m.conv2.weights, m.conv2.bias,
                   m.classifier.weights, m.classifier.bias]
    }

    func zeros() -> [[Float]] { tensors.map { [Float](repeating: 0, count: $0.count) } }

    func store(into m: inout DigitsModel) {
        m.conv1.weights = tensors[0]; m.conv1.bias = tensors[1]
        m.conv2.weights = tensors[2]; m.conv2.bias = tensors[3]
        m.classifier.weights = tensors[4]; m.classifier.bias = tensors[5]
    }
}
