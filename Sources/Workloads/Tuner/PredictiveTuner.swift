import Golden

/// Misuse of the tuner (bad calibration set); the message names the field.
public struct TunerError: Error, CustomStringConvertible, Sendable, Equatable {
    public let description: String
    public init(_ description: String) { self.description = "tuner: " + description }
}

/// Options of the (Th, N) tuner.
public struct TunerOptions: Sendable, Equatable {
    /// Largest accepted top-1 accuracy loss (fraction; 0.03 = 3 %).
    public var budget: Double = 0.03
    /// Confidence of the Clopper–Pearson bound on the harm rate (see `BudgetBound`).
    public var confidence: Double = 0.95
    /// The largest budget the session prepares for (isolated scans stop beyond it).
    public var maxBudget: Double = 0.1
    public var strategies: [SpeculationStrategy] = SpeculationStrategy.allCases
    public var counts: [Int] = KernelProfiler.defaultCounts
    /// Kernel profiling looks at one output position in `positionSample` of each profiling input
    /// (`KernelProfiler.profile`; 1 = all).
    public var positionSample: Int = 1
    public var errorLevels: [Double] = LocalOptimizer.defaultErrorLevels
    /// A layer runs predictive only when that saves at least this fraction of the network's
    /// exact-mode ops (otherwise predictive "does not pay" and the layer stays exact).
    public var minimumGain: Double = 0.005
    /// How per-layer points are combined network-wide (`.isolated` for small networks such as
    /// the digits CNN, `.uniformLevel` for large ones such as SqueezeNet).
    public var globalSearch: GlobalSearch = .isolated
    /// How the largest acceptable harm count on the acceptance inputs follows from the budget.
    public var acceptance: AcceptanceRule = .clopperPearson
    /// Common relative error levels the uniform-level search bisects over.
    public var uniformLevels: [Double] = TunerOptions.defaultUniformLevels
    /// Single-layer raises tried after the uniform-level bisection (each one end-to-end check).
    public var uniformRefinements: Int = 0
    /// Tunable layers the uniform-level search keeps exact (by name), e.g. a classifier layer
    /// whose kernels are per-class detectors that a small profiling set never sees fire.
    public var exactLayers: Set<String> = []

    public init() {}

    /// The largest harm count on `n` acceptance inputs that `budget` accepts under `acceptance`
    /// (−1: none, not even 0).
    public func allowedHarm(budget: Double, of n: Int) -> Int {
        switch acceptance {
        case .clopperPearson: return BudgetBound.allowedHarm(budget: budget, of: n, confidence: confidence)
        case .observedRate: return min(n, Int((budget * Double(n) + 1e-9).rounded(.down)))
        }
    }

    /// The method, in one paragraph, for reports and the output file.
    public var methodDescription: String {
        if globalSearch == .uniformLevel || acceptance == .observedRate { return uniformMethodDescription }
        return "kernel profiling (golden compiler order, thresholds on observed partial sums) -> per-layer Pareto set " +
        "(Lagrangian sweep over kernel hulls of error mass vs saved ops, both speculation strategies) -> global " +
        "knapsack over per-layer points using end-to-end harm (calibration inputs the exact network classifies " +
        "correctly and the predictive one does not; top-1 changes when no labels) measured per layer in isolation, " +
        "verified end to end; accepted only if the one-sided Clopper-Pearson upper bound (confidence \(confidence)) " +
        "of the harm rate is <= the budget \(budget)"
    }
}

/// Global optimisation strategy of `TunerSession`.
public enum GlobalSearch: String, Sendable, Equatable, CaseIterable {
    /// Every per-layer Pareto point is evaluated end to end with the other layers exact, then a
    /// knapsack over the isolated harms picks the combination (cost: one acceptance pass per
    /// layer point; fine for a few layers).
    case isolated
    /// Every layer takes its local-optimiser point at one common relative error level; the level
    /// is found by bisection, each candidate verified end to end (cost: a handful of acceptance
    /// passes, independent of the number of layers). See `TunerSession.uniformSearch`.
    case uniformLevel
}

/// How `TunerOptions.budget` turns into the largest acceptable harm count on `n` acceptance inputs.
public enum AcceptanceRule: String, Sendable, Equatable, CaseIterable {
    /// The one-sided Clopper–Pearson upper bound of the harm rate (at `confidence`) must be
    /// `<= budget` (`BudgetBound.allowedHarm`).
    case clopperPearson
    /// The observed harm count must be `<= floor(budget · n)`; the Clopper–Pearson bound is
    /// reported beside it (for small or correlated acceptance sets such as the SqueezeNet proxy).
    case observedRate
}

/// The end-to-end result of one set of plans on a set of inputs.
public struct TunerEvaluation: Sendable, Equatable {
    public var inputs: Int
    /// Correct top-1 (labels) or agreement with the exact network (no labels).
    public var correct: Int
    /// Inputs harmed: correct with exact plans and wrong with these (labels), else changed top-1.
    public var harmed: Int
    /// Inputs whose top-1 differs from the exact network's.
    public var changed: Int
    /// Executed ops per tunable layer, and per kernel.
    public var layerOps: [Int]
    public var kernelOps: [[Int]]
    /// Inputs whose top-5 (by score) contains the exact network's top-1.
    public var top5Agreed: Int = 0
    /// Per tunable layer: outputs, outputs predicted zero, and predicted-zero outputs whose exact
    /// value (on the layer's actual input in this run) is nonzero.
    public var layerOutputs: [Int] = []
    public var layerPredictedZeros: [Int] = []
    public var layerFalseZeros: [Int] = []
    /// Per tunable layer: the ops the same outputs take in dense and zeroSkip mode.
    public var layerDenseOps: [Int] = []
    public var layerZeroSkipOps: [Int] = []

    public var totalOps: Int { layerOps.reduce(0, +) }
    /// Wrongly zeroed outputs / outputs of layer `l`.
    public func falseZeroRate(_ l: Int) -> Double {
        l < layerOutputs.count && layerOutputs[l] > 0 ? Double(layerFalseZeros[l]) / Double(layerOutputs[l]) : 0
    }
    public var accuracy: Double { inputs > 0 ? Double(correct) / Double(inputs) : 0 }
}

/// The tuner's choice for one budget.
public struct TunerSelection: Sendable, Equatable {
    public var budget: Double
    public var confidence: Double
    /// Largest calibration harm count whose upper bound fits the budget (−1: none does).
    public var allowedHarm: Int
    /// One point per tunable layer (`LayerPoint.plan` runs it).
    public var points: [LayerPoint]
    /// The result on the calibration inputs (verified end to end).
    public var calibration: TunerEvaluation
    /// Clopper–Pearson upper bound of the harm rate of the selection.
    public var harmBound: Double

    public var plans: [LayerPlan] { points.map(\.plan) }
}

/// The SnaPEA tuning flow on any `TunableNetwork`: kernel profiling → local optimisation →
/// global optimisation under an accuracy budget that is meant to hold on unseen data.
///
/// Create a session once per network and calibration set (profiling and the per-layer isolated
/// evaluations are the expensive part), then `select(budget:)` for each budget.
public struct TunerSession<Network: TunableNetwork> {
    public let network: Network
    public let options: TunerOptions
    /// The acceptance inputs (and labels) on which harm is counted.
    public let inputs: [Network.Input]
    public let labels: [Int]?
    /// Exact-mode top-1 per calibration input.
    public let reference: [Int]
    /// Exact-mode top-5 per calibration input (best first).
    public let referenceTop5: [[Int]]
    /// Exact-mode result on the calibration inputs.
    public let exact: TunerEvaluation
    /// Profiles per layer, one per strategy.
    public let profiles: [[LayerProfile]]
    /// Pareto points per layer (index 0 = exact).
    public let points: [[LayerPoint]]
    /// End-to-end evaluation of each layer point with every other layer exact (nil: not
    /// evaluated because an earlier point already exceeded the largest prepared harm, or because
    /// `options.globalSearch` is `.uniformLevel`, which does not use them).
    public let isolated: [[TunerEvaluation?]]

    /// Inputs the kernel profiles (thresholds) were fitted on.
    public let profilingCount: Int

    /// Profiles and prepares the tuner.
    ///
    /// - `inputs`, `labels`: the acceptance set on which end-to-end harm is counted. `labels` (one
    ///   per input) enable the labelled harm; without them harm = top-1 changed against the exact
    ///   network (a proxy; say so in reports).
    /// - `profilingInputs`: inputs on which kernel profiling fits the thresholds. They must not be
    ///   the acceptance inputs: thresholds fitted on the inputs that judge them look harmless there
    ///   and fail on unseen data (measured: 0 harmed calibration inputs, 1.5 % held-out loss). The
    ///   digits flow profiles on the training split. `nil`: the acceptance inputs are split, even
    ///   positions profile and odd positions accept.
    ///   `progress`, when given, receives one line per phase and per profiled layer.
    public init(network: Network, inputs: [Network.Input], labels: [Int]? = nil,
                profilingInputs: [Network.Input]? = nil, options: TunerOptions = TunerOptions(),
                progress: ((String) -> Void)? = nil) throws {
        guard inputs.count >= 2 else { throw TunerError("calibration inputs: \(inputs.count), at least 2 needed") }
        if let l = labels, l.count != inputs.count {
            throw TunerError("labels: \(l.count) labels for \(inputs.count) calibration inputs")
        }
        var accept = inputs, acceptLabels = labels
        var profiling: [Network.Input]
        if let p = profilingInputs {
            guard !p.isEmpty else { throw TunerError("profiling inputs: none given") }
            profiling = p
        } else {
            profiling = stride(from: 0, to: inputs.count, by: 2).map { inputs[$0] }
            accept = stride(from: 1, to: inputs.count, by: 2).map { inputs[$0] }
            acceptLabels = labels.map { l in stride(from: 1, to: l.count, by: 2).map { l[$0] } }
        }
        self.network = network
        self.options = options
        self.inputs = accept
        self.labels = acceptLabels
        self.profilingCount = profiling.count
        let inputs = accept, labels = acceptLabels
        let layers = network.tunableLayers
        progress?("exact reference on \(inputs.count) acceptance inputs")
        let exactRuns = try network.runBatch(inputs, plans: network.exactPlans, recordInputs: false)
        reference = exactRuns.map(\.top1)
        referenceTop5 = exactRuns.map { Classification(scores: $0.scores).labels }
        exact = Self.summarise(exactRuns, reference: reference, labels: labels)
        progress?("exact runs of \(profiling.count) profiling inputs (recording layer inputs)")
        let profilingRuns = try network.runBatch(profiling, plans: network.exactPlans, recordInputs: true)
        var profiles: [[LayerProfile]] = []
        var points: [[LayerPoint]] = []
        for (l, layer) in layers.enumerated() {
            progress?("profiling layer \(l + 1)/\(layers.count) \(layer.spec.name)")
            let layerInputs = profilingRuns.map { $0.layerInputs[l] }
            let ps = try options.strategies.map {
                try KernelProfiler.profile(layer, inputs: layerInputs, strategy: $0, counts: options.counts)
            }
            profiles.append(ps)
            points.append(LocalOptimizer.paretoSet(ps, errorLevels: options.errorLevels))
        }
        self.profiles = profiles
        self.points = points
        // Isolated end-to-end evaluation of each layer point (stop after two points beyond the
        // largest harm any prepared budget allows); the uniform-level search does not use them.
        let maxHarm = options.allowedHarm(budget: options.maxBudget, of: inputs.count)
        var isolated: [[TunerEvaluation?]] = []
        for l in 0..<layers.count {
            if options.globalSearch != .isolated {
                isolated.append([exact] + [TunerEvaluation?](repeating: nil, count: points[l].count - 1))
                continue
            }
            var row: [TunerEvaluation?] = [exact]
            var over = 0
            for j in 1..<points[l].count {
                if over >= 2 { row.append(nil); continue }
                var plans = network.exactPlans
                plans[l] = points[l][j].plan
                let e = try Self.evaluate(network, inputs: inputs, plans: plans, reference: reference, labels: labels)
                if e.harmed > maxHarm { over += 1 }
                row.append(e)
            }
            isolated.append(row)
        }
        self.isolated = isolated
    }

    /// Runs `plans` on `inputs` and counts harm against `reference` (exact top-1) and `labels`.
    public static func evaluate(_ network: Network, inputs: [Network.Input], plans: [LayerPlan],
                                reference: [Int], labels: [Int]?) throws -> TunerEvaluation {
        summarise(try network.runBatch(inputs, plans: plans, recordInputs: false), reference: reference, labels: labels)
    }

    static func summarise(_ runs: [TunableRun], reference: [Int], labels: [Int]?) -> TunerEvaluation {
        let layers = runs.first?.layerStats.count ?? 0
        var e = TunerEvaluation(inputs: runs.count, correct: 0, harmed: 0, changed: 0,
                                layerOps: [Int](repeating: 0, count: layers),
                                kernelOps: (0..<layers).map { l in [Int](repeating: 0, count: runs.first!.layerStats[l].perKernel.count) })
        let zeros = [Int](repeating: 0, count: layers)
        e.layerOutputs = zeros
        e.layerPredictedZeros = zeros
        e.layerFalseZeros = zeros
        e.layerDenseOps = zeros
        e.layerZeroSkipOps = zeros
        for (i, r) in runs.enumerated() {
            let t = r.top1
            if Classification(scores: r.scores).labels.contains(reference[i]) { e.top5Agreed += 1 }
            let truth = labels?[i] ?? reference[i]
            if t == truth { e.correct += 1 }
            if t != reference[i] { e.changed += 1 }
            if let lab = labels { if reference[i] == lab[i] && t != lab[i] { e.harmed += 1 } } else if t != reference[i] { e.harmed += 1 }
            for l in 0..<layers {
                let total = r.layerStats[l].total
                e.layerOps[l] += total.executedOps
                e.layerOutputs[l] += total.outputs
                e.layerPredictedZeros[l] += total.predictedZeros
                e.layerFalseZeros[l] += total.falseZeros
                e.layerDenseOps[l] += total.denseOps
                e.layerZeroSkipOps[l] += total.zeroSkipOps
                for (k, ks) in r.layerStats[l].perKernel.enumerated() { e.kernelOps[l][k] += ks.executedOps }
            }
        }
        return e
    }

    /// The best per-layer points whose isolated harms sum to at most `harm` (knapsack over the
    /// measured network-wide ops saved); layers whose gain is below `minimumGain` stay exact.
    public func combination(maxHarm harm: Int) -> [Int] {
        let total = exact.totalOps
        let minSaved = Int(options.minimumGain * Double(total))
        // best[h] = (saved, choice) using layers processed so far with harm sum <= h.
        var best: [(saved: Int, choice: [Int])] = Array(repeating: (0, []), count: max(0, harm) + 1)
        for l in 0..<points.count {
            var next = best.map { ($0.saved, $0.choice + [0]) }
            for j in 1..<points[l].count {
                guard let e = isolated[l][j], e.harmed <= harm else { continue }
                let saved = total - e.totalOps
                if saved < minSaved { continue }
                for h in e.harmed...harm {
                    let prev = best[h - e.harmed]
                    if prev.saved + saved > next[h].0 { next[h] = (prev.saved + saved, prev.choice + [j]) }
                }
            }
            best = next
        }
        return best.last?.choice ?? Array(repeating: 0, count: points.count)
    }

    /// Global optimisation for `budget`: the allowed harm `H` follows from the bound; the
    /// knapsack combination for `H, H-1, …, 0` is verified end to end until one stays within `H`.
    /// With `options.globalSearch == .uniformLevel` this is `uniformSearch(budget:).selection`.
    public func select(budget: Double) throws -> TunerSelection {
        if options.globalSearch == .uniformLevel { return try uniformSearch(budget: budget).selection }
        let n = inputs.count
        let allowed = options.allowedHarm(budget: budget, of: n)
        let exactPoints = points.map { $0[0] }
        var chosen = TunerSelection(budget: budget, confidence: options.confidence, allowedHarm: allowed,
                                    points: exactPoints, calibration: exact,
                                    harmBound: BudgetBound.upperBound(harmed: 0, of: n, confidence: options.confidence))
        if allowed < 0 { return chosen }
        for h in stride(from: allowed, through: 0, by: -1) {
            let choice = combination(maxHarm: h)
            if choice.allSatisfy({ $0 == 0 }) { break }
            let pts = choice.enumerated().map { points[$0.offset][$0.element] }
            let e = try Self.evaluate(network, inputs: inputs, plans: pts.map(\.plan), reference: reference, labels: labels)
            if e.harmed <= allowed {
                chosen.points = pts
                chosen.calibration = e
                chosen.harmBound = BudgetBound.upperBound(harmed: e.harmed, of: n, confidence: options.confidence)
                break
            }
        }
        return chosen
    }

    /// The optimiser's accuracy/speed trade-off: for each harm count `0...maxHarm` the knapsack
    /// combination, evaluated end to end on the calibration inputs (duplicates removed).
    public func paretoSelections(maxHarm: Int) throws -> [TunerSelection] {
        var out: [TunerSelection] = []
        var seen: [[Int]] = []
        for h in 0...max(0, maxHarm) {
            let choice = combination(maxHarm: h)
            if seen.contains(choice) { continue }
            seen.append(choice)
            let pts = choice.enumerated().map { points[$0.offset][$0.element] }
            let e = try Self.evaluate(network, inputs: inputs, plans: pts.map(\.plan), reference: reference, labels: labels)
            out.append(TunerSelection(budget: Double(h) / Double(inputs.count), confidence: options.confidence,
                                      allowedHarm: h, points: pts, calibration: e,
                                      harmBound: BudgetBound.upperBound(harmed: e.harmed, of: inputs.count,
                                                                        confidence: options.confidence)))
        }
        return out
    }
}
