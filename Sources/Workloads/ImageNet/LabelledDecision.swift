import Foundation
import Golden

/// Figures of one configuration on a set of labelled images, against the exact network.
public struct LabelledFigures: Codable, Equatable, Sendable {
    public var images: Int
    /// Top-1 / top-5 correct (true label) in exact mode and in the configuration.
    public var exactTop1: Int
    public var exactTop5: Int
    public var top1: Int
    public var top5: Int
    /// Images the exact network classifies correctly and the configuration does not.
    public var harmed: Int
    /// Images whose top-1 differs from the exact network's.
    public var changed: Int
    /// Executed ops per tunable layer, in the configuration and in exact mode.
    public var layerOps: [Int]
    public var exactLayerOps: [Int]

    /// Top-1 accuracy loss against the exact network (negative: the configuration did better).
    public var top1Loss: Double { images > 0 ? Double(exactTop1 - top1) / Double(images) : 0 }
    public var totalOps: Int { layerOps.reduce(0, +) }
    public var exactTotalOps: Int { exactLayerOps.reduce(0, +) }

    init(labels: [Int], exact: [LabelledOutcomes.Outcome], config: [LabelledOutcomes.Outcome]) {
        images = labels.count
        exactTop1 = 0; exactTop5 = 0; top1 = 0; top5 = 0; harmed = 0; changed = 0
        let layers = exact.first?.layerOps.count ?? 0
        layerOps = [Int](repeating: 0, count: layers)
        exactLayerOps = layerOps
        for (i, t) in labels.enumerated() {
            let e = exact[i], c = config[i]
            if e.top1 == t { exactTop1 += 1 }
            if e.top5.contains(t) { exactTop5 += 1 }
            if c.top1 == t { top1 += 1 }
            if c.top5.contains(t) { top5 += 1 }
            if e.top1 == t && c.top1 != t { harmed += 1 }
            if e.top1 != c.top1 { changed += 1 }
            for l in 0..<layers {
                layerOps[l] += c.layerOps[l]
                exactLayerOps[l] += e.layerOps[l]
            }
        }
    }
}

/// The tuner's decision for one budget on labelled images (`LabelledTuning`, step 3).
public struct LabelledDecision: Sendable {
    public var budget: Double
    public var confidence: Double
    /// Largest harm count on the calibration images whose Clopper–Pearson bound fits the budget.
    public var allowedHarm: Int
    /// The accepted ladder level (nil: none, every layer exact) and its configuration.
    public var levelIndex: Int?
    public var level: Double? { levelIndex.map { levels[$0] } }
    public var levels: [Double]
    public var config: Int
    public var points: [LayerPoint]
    /// End-to-end checks in the order made: level index, harmed calibration images, accepted.
    public var steps: [(level: Int, harmed: Int, accepted: Bool)]
    public var calibration: LabelledFigures
    public var heldOut: LabelledFigures
    public var harmBound: Double
    public var method: String

    public var predictiveLayers: Int { points.filter { $0.predictiveKernels > 0 }.count }

    /// Decides with outcomes from `lookup(config, rows)` (one per row, in order): a cache that
    /// runs missing images (unsharded) or merged shard outcomes, which give the same decision.
    public static func decide(_ candidates: LabelledCandidates, labels: [Int], budget: Double, confidence: Double,
                              lookup: (Int, [Int]) throws -> [LabelledOutcomes.Outcome],
                              progress: ((String) -> Void)? = nil) throws -> LabelledDecision {
        let cal = candidates.calibration, held = candidates.heldOut
        let calLabels = cal.map { labels[$0] }
        let n = cal.count
        let allowed = BudgetBound.allowedHarm(budget: budget, of: n, confidence: confidence)
        let exactCal = try lookup(0, cal)
        let configOf = candidates.configOfLevel
        var steps: [(Int, Int, Bool)] = []
        var lo = -1, hi = candidates.levels.count
        if allowed >= 0 {
            while hi - lo > 1 {
                let mid = (lo + hi) / 2
                let c = configOf[mid]
                if c == 0 || (lo >= 0 && configOf[lo] == c) { lo = mid; continue }   // nothing new to check
                let f = LabelledFigures(labels: calLabels, exact: exactCal, config: try lookup(c, cal))
                let ok = f.harmed <= allowed
                steps.append((mid, f.harmed, ok))
                progress?("check level \(shortNumber(candidates.levels[mid])): harmed \(f.harmed) of \(n) calibration images "
                          + "(allowed \(allowed)), \(ok ? "accepted" : "rejected")")
                if ok { lo = mid } else { hi = mid }
            }
        }
        let config = lo >= 0 ? configOf[lo] : 0
        let points = config == 0
            ? zip(candidates.layers, candidates.points[0]).map { LayerPoint.exact($0, kernels: $1.counts.count) }
            : try candidates.layerPoints(level: config - 1)
        let calibration = LabelledFigures(labels: calLabels, exact: exactCal, config: try lookup(config, cal))
        let exactHeld = try lookup(0, held)
        let heldOut = LabelledFigures(labels: held.map { labels[$0] }, exact: exactHeld, config: try lookup(config, held))
        let method = "labelled ImageNet: " + LabelledSplitText.describe(candidates) + "; " + candidates.method
            + " -> bisection over the ladder on the calibration images; harm = calibration images the exact network classifies "
            + "correctly (true label) and the predictive one does not; accepted only if the one-sided Clopper-Pearson upper bound "
            + "(confidence \(confidence)) of the harm rate is <= the budget \(budget); the held-out images only report the loss"
        return LabelledDecision(budget: budget, confidence: confidence, allowedHarm: allowed, levelIndex: lo >= 0 && config != 0 ? lo : nil,
                                levels: candidates.levels, config: config, points: points, steps: steps,
                                calibration: calibration, heldOut: heldOut,
                                harmBound: BudgetBound.upperBound(harmed: calibration.harmed, of: max(n, 1), confidence: confidence),
                                method: method)
    }

    /// The table `simulate`, `classify` and `cosim` consume.
    public func table(layers: [QuantizedConv]) throws -> PredictiveTable {
        let evaluation = TunerEvaluation(inputs: calibration.images, correct: calibration.top1, harmed: calibration.harmed,
                                         changed: calibration.changed, layerOps: calibration.layerOps, kernelOps: [])
        let selection = TunerSelection(budget: budget, confidence: confidence, allowedHarm: allowedHarm, points: points,
                                       calibration: evaluation, harmBound: harmBound)
        return try PredictiveTable(network: "squeezenet", layers: layers, selection: selection, method: method)
    }
}

/// The split in words (from the candidates file, so shards and merge say the same).
enum LabelledSplitText {
    static func describe(_ c: LabelledCandidates) -> String {
        "\(c.rows) images split with SplitMix64 seed \(c.seed) (Fisher-Yates) into \(c.profiling.count) profiling, "
            + "\(c.calibration.count) calibration and \(c.heldOut.count) held-out images, disjoint"
    }
}
