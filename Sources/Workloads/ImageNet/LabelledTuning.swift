import Dispatch
import Foundation
import Golden

/// Predictive-mode tuning of SqueezeNet on true labels (docs/SQUEEZENET-PREDICTIVE.md, "Tuning on
/// labelled ImageNet"):
///
/// 1. **Profile** (`candidates`): the profiling images' exact runs give every tunable layer's
///    inputs; the kernel profiler and the local optimiser give, for each level of a ladder of
///    common relative error levels, every layer's (Th, N) per kernel (`LabelledCandidates`).
/// 2. **Evaluate** (`evaluate`): calibration and held-out images run in exact mode and in each
///    candidate configuration; per image, the top-5 and the ops per layer (`LabelledOutcomes`).
///    This is the part `--shard k/n` splits by image range.
/// 3. **Decide** (`decide`): bisection over the ladder on the calibration images. Harm = an
///    image the exact network classifies correctly (true label) and the candidate does not; a
///    candidate is accepted when the one-sided Clopper–Pearson upper bound of the harm rate
///    (the digits rule) is within the budget. The held-out images only report the top-1 loss
///    against the exact network; they never steer the decision.
public enum LabelledTuning {
    /// Tuner options for labelled SqueezeNet: Clopper–Pearson acceptance, uniform-level ladder
    /// doubling from 1e-4, no single-layer refinements (every candidate is fixed before any
    /// calibration result, so image ranges can be evaluated apart), conv_final kept exact.
    public static func options(budget: Double, confidence: Double, keepExact: Set<String>) -> TunerOptions {
        var o = TunerOptions()
        o.budget = budget
        o.maxBudget = budget
        o.confidence = confidence
        o.globalSearch = .uniformLevel
        o.acceptance = .clopperPearson
        o.uniformRefinements = 0
        o.exactLayers = keepExact
        o.counts = [2, 4, 8, 16, 32]
        o.positionSample = 4
        o.uniformLevels = defaultLevels
        return o
    }

    /// 0, then 1e-4 · 2^k up to ≈ 0.2.
    public static let defaultLevels: [Double] = [0] + (0...11).map { 1e-4 * Double(1 << $0) }

    /// The quantised input of folder row `row`.
    static func input(_ workload: SqueezeNetWorkload, _ folder: LabelledImageFolder, row: Int) throws -> QTensor {
        try workload.quantizedInput(try folder.load(folder.images[row]))
    }

    /// Step 1: profiles the tunable layers on the profiling images and lists the candidates.
    public static func candidates(_ workload: SqueezeNetWorkload, folder: LabelledImageFolder, split: LabelledSplit,
                                  options: TunerOptions, progress: ((String) -> Void)? = nil) throws -> LabelledCandidates {
        let layers = workload.tunableLayers
        progress?("profiling: exact runs of \(split.profiling.count) profiling images (recording layer inputs)")
        var runs: [TunableRun] = []
        for (i, row) in split.profiling.enumerated() {
            runs.append(try workload.run(try input(workload, folder, row: row), plans: workload.exactPlans, recordInputs: true))
            if (i + 1) % 10 == 0 { progress?("profiling: \(i + 1)/\(split.profiling.count) images run") }
        }
        var profiles: [[LayerProfile]] = []
        for (l, layer) in layers.enumerated() {
            let inputs = runs.map { $0.layerInputs[l] }
            if options.exactLayers.contains(layer.spec.name) {
                // kept exact: only its exact ops count (towards the minimum-gain threshold)
                let exactOps = runs.reduce(0) { $0 + $1.layerStats[l].total.executedOps }
                let kernels = (0..<layer.spec.outC).map { KernelProfile(kernel: $0, outputs: 0, exactOps: 0, candidates: [.off], outputMass: 0) }
                profiles.append([LayerProfile(layer: layer.spec.name, strategy: .largestMagnitude, kernels: kernels, denseOps: 0,
                                              zeroSkipOps: 0, exactOps: exactOps, outputMass: 0)])
            } else {
                progress?("profiling layer \(l + 1)/\(layers.count) \(layer.spec.name)")
                profiles.append(try options.strategies.map {
                    try KernelProfiler.profile(layer, inputs: inputs, strategy: $0, counts: options.counts,
                                               positionSample: options.positionSample)
                })
            }
            for r in runs.indices { runs[r].layerInputs[l] = QTensor(channels: 0, height: 0, width: 0, fracBits: 0) }   // free memory
        }
        let levels = options.uniformLevels.sorted()
        let points = levels.map { level in
            layers.indices.map { LabelledCandidates.Point(options.layerPoint(profiles: profiles, $0, level: level)) }
        }
        let method = "kernel profiling on \(split.profiling.count) profiling images (1 output position in \(options.positionSample) of each; golden compiler order, thresholds on observed "
            + "partial sums, speculation counts \(options.counts.map(String.init).joined(separator: ",")), both strategies) -> per-layer "
            + "local optimiser point at each common relative error level of the ladder \(levels.map { shortNumber($0) }.joined(separator: ",")) "
            + "(layers saving < \(options.minimumGain) of the exact ops stay exact; kept exact: "
            + "\(options.exactLayers.sorted().joined(separator: ",").ifEmpty("none")))"
        return LabelledCandidates(labelsDigest: LabelledCandidates.labelsDigest(folder.images), rows: folder.images.count,
                                  seed: split.seed, profiling: split.profiling, calibration: split.calibration,
                                  heldOut: split.heldOut, levels: levels, layers: layers.map(\.spec.name), points: points,
                                  method: method)
    }

    /// Checks that `candidates` belong to `folder` and `workload`.
    public static func check(_ candidates: LabelledCandidates, folder: LabelledImageFolder, workload: SqueezeNetWorkload, file: String) throws {
        guard candidates.labelsDigest == LabelledCandidates.labelsDigest(folder.images), candidates.rows == folder.images.count else {
            throw FormatError(file: file, message: "made for another labels.csv than \(folder.path) (rows or labels differ)")
        }
        guard candidates.layers == workload.tunableLayers.map(\.spec.name) else {
            throw FormatError(file: file, message: "made for another network (tunable layers differ)")
        }
        for (i, pts) in candidates.points.enumerated() {
            for (l, p) in pts.enumerated() where p.predictive && p.counts.count != workload.tunableLayers[l].spec.outC {
                throw FormatError(file: file, layer: candidates.layers[l], message: "level \(i): \(p.counts.count) kernel settings, layer has \(workload.tunableLayers[l].spec.outC)")
            }
        }
    }

    /// Step 2: runs `rows` in every configuration of `configs` (two images at a time).
    public static func evaluate(_ workload: SqueezeNetWorkload, folder: LabelledImageFolder, candidates: LabelledCandidates,
                                rows: [Int], configs: [Int], progress: (@Sendable (String) -> Void)? = nil) throws -> LabelledOutcomes {
        let plans = try configs.map { try candidates.plans(config: $0) }
        let state = EvaluationState(count: rows.count)
        let started = Date()
        DispatchQueue.concurrentPerform(iterations: rows.count) { i in
            do {
                let x = try input(workload, folder, row: rows[i])
                let o = try plans.map { try outcome(workload, x, plans: $0) }
                let d = state.store(i, o)
                if d % 10 == 0 || d == rows.count {
                    progress?("evaluated \(d)/\(rows.count) images x \(configs.count) configurations (\(shortNumber((Date().timeIntervalSince(started)).rounded())) s)")
                }
            } catch {
                state.fail(error)
            }
        }
        let results = try state.results()
        return LabelledOutcomes(candidates: candidates.digest, configs: configs, rows: rows, outcomes: results)
    }

    /// One run of `x` with `plans`.
    static func outcome(_ workload: SqueezeNetWorkload, _ x: QTensor, plans: [LayerPlan]) throws -> LabelledOutcomes.Outcome {
        let r = try workload.run(x, plans: plans, recordInputs: false)
        return .init(top5: Classification(scores: r.scores).labels, layerOps: r.layerStats.map(\.total.executedOps))
    }
}

/// The results of concurrent image runs, guarded by a lock.
final class EvaluationState: @unchecked Sendable {
    private let lock = NSLock()
    private var out: [[LabelledOutcomes.Outcome]?]
    private var failure: Error?
    private var done = 0

    init(count: Int) { out = Array(repeating: nil, count: count) }

    /// Stores image `i`'s outcomes; returns how many images are done.
    func store(_ i: Int, _ o: [LabelledOutcomes.Outcome]) -> Int {
        lock.lock(); defer { lock.unlock() }
        out[i] = o
        done += 1
        return done
    }

    func fail(_ error: Error) {
        lock.lock(); defer { lock.unlock() }
        if failure == nil { failure = error }
    }

    func results() throws -> [[LabelledOutcomes.Outcome]] {
        lock.lock(); defer { lock.unlock() }
        if let failure { throw failure }
        return out.map { $0! }
    }
}

/// A number without trailing zeros (levels and seconds in method strings and progress lines).
func shortNumber(_ x: Double) -> String {
    var s = String(format: "%.6g", x)
    if s.contains(".") && !s.contains("e") { while s.hasSuffix("0") { s.removeLast() }; if s.hasSuffix(".") { s.removeLast() } }
    return s
}

extension String {
    func ifEmpty(_ other: String) -> String { isEmpty ? other : self }
}
