import Golden

/// An honest stand-in for a labelled validation set, for tuning predictive mode on SqueezeNet
/// where only four unlabelled images exist (a PROXY, to be labelled as such in reports):
/// the images, their mirror images and crops (`ImageVariants`), each labelled with the top-1
/// class of the *unmodified* fixed-point network (exact mode, bit-identical to dense).
/// Accuracy of a modified network = agreement with those labels (top-1, and "label within
/// top-5").
public struct SqueezeNetProxyDataset: Sendable {
    public struct Sample: Sendable {
        /// Variant name, e.g. `chelsea/crop-tl`.
        public let name: String
        /// Quantised network input.
        public let input: QTensor
        /// Top-1 of the unmodified fixed-point network.
        public let label: Int
        /// Top-5 of the unmodified fixed-point network.
        public let referenceTop5: [Int]
    }

    public let samples: [Sample]

    /// Builds the data set from `images` (default: all four) with `ImageVariants` (default:
    /// original, flip, 5 crops of 7/8 → 28 samples; `scales: [0.875, 0.75, 0.625]` with
    /// `flipCrops` → 128). Costs one fixed-point run per sample.
    ///
    /// Size matters for an accuracy *bound*: with 0 disagreements out of n, the one-sided 95 %
    /// Clopper–Pearson upper bound is `1 − 0.05^(1/n)`: 10.1 % for n = 28, 2.3 % for n = 128
    /// (n ≥ 99 is needed to certify ≤ 3 %). Samples of one image are correlated, so even then
    /// the proxy is weaker than a labelled validation set.
    public static func make(_ workload: SqueezeNetWorkload, images: [String]? = nil, crops: Int = 5,
                            scales: [Double] = [ImageVariants.cropFraction], flipCrops: Bool = false) throws -> SqueezeNetProxyDataset {
        var samples: [Sample] = []
        for named in workload.images where images?.contains(named.name) ?? true {
            for v in ImageVariants.of(named.image, named: named.name, crops: crops, scales: scales, flipCrops: flipCrops) {
                let x = try workload.quantizedInput(v.image)
                let c = Classification(scores: workload.scores(try workload.run(x, mode: .exact)))
                samples.append(Sample(name: v.name, input: x, label: c.top1, referenceTop5: c.labels))
            }
        }
        return SqueezeNetProxyDataset(samples: samples)
    }

    /// Agreement of a (modified) network with the labels.
    public struct Agreement: Sendable, Equatable {
        /// Fraction of samples whose top-1 equals the label.
        public let top1: Double
        /// Fraction of samples whose top-5 contains the label.
        public let top5: Double
        /// Samples evaluated.
        public let count: Int
        public init(top1: Double, top5: Double, count: Int) {
            self.top1 = top1
            self.top5 = top5
            self.count = count
        }
    }

    /// Agreement of score vectors (one per sample, same order) with the labels.
    public func agreement(scores: [[Double]]) -> Agreement {
        precondition(scores.count == samples.count, "one score vector per sample")
        var t1 = 0, t5 = 0
        for (s, v) in zip(samples, scores) {
            let c = Classification(scores: v)
            if c.top1 == s.label { t1 += 1 }
            if c.labels.contains(s.label) { t5 += 1 }
        }
        let n = Double(max(samples.count, 1))
        return Agreement(top1: Double(t1) / n, top5: Double(t5) / n, count: samples.count)
    }

    /// Runs `workload`'s fixed-point network on every sample (every conv in `mode` unless
    /// `compilers[layer]` is given, e.g. predictive settings) and measures the agreement (the
    /// tuner's accuracy metric for SqueezeNet), with the per-layer statistics summed over the
    /// samples (false zeros per layer are in `KernelStats.falseZeros`).
    public func evaluate(_ workload: SqueezeNetWorkload, mode: Mode = .exact,
                         compilers: [String: Compiler] = [:]) throws -> (agreement: Agreement, layerStats: [LayerStats]) {
        var scores: [[Double]] = []
        var totals: [LayerStats] = []
        for s in samples {
            let r = try workload.run(s.input, mode: mode, compilers: compilers)
            scores.append(workload.scores(r))
            totals = totals.isEmpty ? r.layerStats : zip(totals, r.layerStats).map { a, b in
                LayerStats(layer: a.layer, mode: a.mode, perKernel: zip(a.perKernel, b.perKernel).map { $0.adding($1) })
            }
        }
        return (agreement(scores: scores), totals)
    }
}

extension KernelStats {
    /// Field-wise sum.
    func adding(_ o: KernelStats) -> KernelStats {
        var r = self
        r.outputs += o.outputs
        r.negativeOutputs += o.negativeOutputs
        r.executedOps += o.executedOps
        r.denseOps += o.denseOps
        r.zeroSkipOps += o.zeroSkipOps
        r.signStops += o.signStops
        r.predictedZeros += o.predictedZeros
        r.falseZeros += o.falseZeros
        return r
    }
}
