/// One end-to-end check made by the uniform-level search.
public struct UniformSearchStep: Sendable, Equatable {
    /// The common relative error level of the candidate (for a refinement step: the level of the
    /// layer that was raised).
    public var level: Double
    /// The layer raised above the common level (refinement), nil for a common-level candidate.
    public var raisedLayer: Int?
    /// Names of the layers running predictive in the candidate.
    public var predictiveLayerNames: [String] = []
    /// Layers running predictive in the candidate.
    public var predictiveLayers: Int { predictiveLayerNames.count }
    /// Result on the acceptance inputs; when `complete` is false the check stopped early, after
    /// `evaluation.inputs` inputs, because the harm count already exceeded the allowed count.
    public var evaluation: TunerEvaluation
    public var complete: Bool
    public var accepted: Bool
}

/// The outcome of `TunerSession.uniformSearch(budget:)`.
public struct UniformSearchResult: Sendable, Equatable {
    /// The accepted selection (all layers exact when no level passes).
    public var selection: TunerSelection
    /// The accepted common level (nil: none, the network stays exact).
    public var level: Double?
    /// Per layer, the relative error level of its chosen point (0 for exact layers).
    public var layerLevels: [Double]
    /// Every end-to-end check, in the order made.
    public var steps: [UniformSearchStep]
}

extension TunerOptions {
    /// Common levels tried by the uniform-level search: 0, then 1e-4 · √2^i up to ≈ 0.2.
    public static let defaultUniformLevels: [Double] = [0] + (0...22).map { 1e-4 * pow2Half($0) }

    static func pow2Half(_ i: Int) -> Double {
        var x = 1.0
        for _ in 0..<(i / 2) { x *= 2 }
        return i % 2 == 1 ? x * 2.0.squareRoot() : x
    }

    var uniformMethodDescription: String {
        let rule: String
        switch acceptance {
        case .clopperPearson:
            rule = "accepted only if the one-sided Clopper-Pearson upper bound (confidence \(confidence)) of the harm rate is <= the budget \(budget)"
        case .observedRate:
            rule = "accepted if harmed inputs <= floor(budget \(budget) x acceptance inputs); the one-sided Clopper-Pearson upper bound " +
                "(confidence \(confidence)) of the harm rate is reported beside it"
        }
        let search = globalSearch == .uniformLevel
            ? "global uniform-level search (every layer at its local-optimiser point for one common relative error level; " +
              "bisection over the level, each candidate verified end to end on the acceptance inputs, then up to " +
              "\(uniformRefinements) single-layer raises, each verified end to end)"
            : "global knapsack over per-layer points using isolated end-to-end harm, verified end to end"
        return "kernel profiling (golden compiler order, thresholds on observed partial sums) -> per-layer Pareto set " +
            "(Lagrangian sweep over kernel hulls of error mass vs saved ops, both speculation strategies) -> " + search +
            "; harm = acceptance inputs the exact network classifies correctly and the predictive one does not (top-1 changed " +
            "when there are no labels); " + rule
    }
}

extension TunerOptions {
    /// Layer `l`'s point at relative error `level` given the kernel profiles of every tunable layer
    /// (one per strategy): the local optimiser's best point with error mass <= `level` x the
    /// layer's output mass; exact when the layer is in `exactLayers` or the point saves less than
    /// `minimumGain` of the network's exact-mode ops (profile estimate).
    public func layerPoint(profiles: [[LayerProfile]], _ l: Int, level: Double) -> LayerPoint {
        let networkOps = profiles.reduce(0) { $0 + ($1.first?.exactOps ?? 0) }
        let minSaved = Double(networkOps) * minimumGain
        let ps = profiles[l]
        if let name = ps.first?.layer, exactLayers.contains(name) {
            return LayerPoint.exact(name, kernels: ps.first?.kernels.count ?? 0)
        }
        var best: LayerPoint?
        for p in ps {
            guard let pt = LocalOptimizer.points(p, maxErrorMasses: [Double(p.outputMass) * level])[0] else { continue }
            if best == nil || pt.savedOps > best!.savedOps { best = pt }
        }
        guard let b = best, Double(b.savedOps) >= minSaved, b.predictiveKernels > 0 else {
            return LayerPoint.exact(ps.first?.layer ?? "", kernels: ps.first?.kernels.count ?? 0)
        }
        return b
    }

}

extension TunerSession {
    /// The per-layer points at common relative error `level`: for each layer the local
    /// optimiser's point (best strategy) with error mass <= `level` × the layer's output mass;
    /// a layer stays exact when that saves less than `options.minimumGain` of the network's
    /// exact-mode ops (profile estimate).
    public func uniformPoints(level: Double) -> [LayerPoint] {
        uniformPoints(levels: [Double](repeating: level, count: profiles.count))
    }

    /// Like `uniformPoints(level:)` with one level per layer.
    public func uniformPoints(levels: [Double]) -> [LayerPoint] {
        precondition(levels.count == profiles.count, "one level per tunable layer")
        return levels.enumerated().map { layerPoint($0.offset, level: $0.element) }
    }

    /// Layer `l`'s point at relative error `level` (exact when it does not pay, see `uniformPoints`).
    public func layerPoint(_ l: Int, level: Double) -> LayerPoint {
        options.layerPoint(profiles: profiles, l, level: level)
    }

    /// Runs `plans` on the acceptance inputs, in chunks, stopping once more than `stopAbove`
    /// inputs are harmed (nil: never). Returns the evaluation of the inputs run and whether all ran.
    public func evaluate(plans: [LayerPlan], stopAbove: Int? = nil, chunk: Int = 4) throws -> (evaluation: TunerEvaluation, complete: Bool) {
        guard let limit = stopAbove else {
            return (try Self.evaluate(network, inputs: inputs, plans: plans, reference: reference, labels: labels), true)
        }
        var runs: [TunableRun] = []
        var harmed = 0
        var start = 0
        while start < inputs.count {
            let end = min(inputs.count, start + max(1, chunk))
            let part = try network.runBatch(Array(inputs[start..<end]), plans: plans, recordInputs: false)
            for (i, r) in part.enumerated() {
                let at = start + i
                if let lab = labels {
                    if reference[at] == lab[at] && r.top1 != lab[at] { harmed += 1 }
                } else if r.top1 != reference[at] { harmed += 1 }
            }
            runs += part
            start = end
            if harmed > limit { break }
        }
        let n = runs.count
        let e = Self.summarise(runs, reference: Array(reference.prefix(n)), labels: labels.map { Array($0.prefix(n)) })
        return (e, n == inputs.count)
    }

    /// Global optimisation that scales to many layers (`GlobalSearch.uniformLevel`).
    ///
    /// 1. Allowed harm `H = options.allowedHarm(budget:of:)` on the acceptance inputs.
    /// 2. Bisection over `options.uniformLevels` (assumed roughly monotone): the candidate at a
    ///    level is `uniformPoints(level:)`; it is accepted when its end-to-end harm is `<= H`
    ///    (checked on every acceptance input; a check stops early once `H` is exceeded when
    ///    `stopEarly`). The last accepted level is kept.
    /// 3. Refinement: up to `options.uniformRefinements` times, the layer whose next level up
    ///    saves the most ops (profile estimate) is raised one level, kept only if the network
    ///    still passes end to end.
    /// Every selection returned was verified end to end on all acceptance inputs.
    public func uniformSearch(budget: Double, stopEarly: Bool = true,
                              progress: ((String) -> Void)? = nil) throws -> UniformSearchResult {
        let n = inputs.count
        let allowed = options.allowedHarm(budget: budget, of: n)
        let ladder = options.uniformLevels.sorted()
        let exactPoints = points.map { $0[0] }
        var result = UniformSearchResult(
            selection: TunerSelection(budget: budget, confidence: options.confidence, allowedHarm: allowed,
                                      points: exactPoints, calibration: exact,
                                      harmBound: BudgetBound.upperBound(harmed: 0, of: n, confidence: options.confidence)),
            level: nil, layerLevels: [Double](repeating: 0, count: points.count), steps: [])
        guard allowed >= 0, !ladder.isEmpty else { return result }

        func check(_ pts: [LayerPoint], level: Double, raised: Int?) throws -> Bool {
            let (e, complete) = try evaluate(plans: pts.map(\.plan), stopAbove: stopEarly ? allowed : nil)
            let ok = complete && e.harmed <= allowed
            progress?("check \(result.steps.count + 1): level \(level)" + (raised.map { " (layer \($0 + 1) raised)" } ?? "")
                      + ", predictive: \(pts.filter { $0.predictiveKernels > 0 }.map(\.layer).joined(separator: " "))"
                      + ", harmed \(e.harmed) on \(e.inputs) inputs (allowed \(allowed) of \(n)): " + (ok ? "accepted" : "rejected"))
            result.steps.append(UniformSearchStep(level: level, raisedLayer: raised,
                                                  predictiveLayerNames: pts.filter { $0.predictiveKernels > 0 }.map(\.layer),
                                                  evaluation: e, complete: complete, accepted: ok))
            if ok {
                result.selection.points = pts
                result.selection.calibration = e
                result.selection.harmBound = BudgetBound.upperBound(harmed: e.harmed, of: n, confidence: options.confidence)
            }
            return ok
        }

        // Bisection: lo = highest index known to pass (−1: exact), hi = lowest known to fail.
        var lo = -1, hi = ladder.count
        var candidates: [Int: [LayerPoint]] = [:]
        func candidate(_ i: Int) -> [LayerPoint] {
            if let c = candidates[i] { return c }
            let c = uniformPoints(level: ladder[i])
            candidates[i] = c
            return c
        }
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            let pts = candidate(mid)
            if pts.allSatisfy({ $0.predictiveKernels == 0 }) { lo = mid; continue }   // nothing to check
            // Same plans as the last accepted level: passes without a run.
            if lo >= 0, pts == candidate(lo) { lo = mid; continue }
            if try check(pts, level: ladder[mid], raised: nil) {
                lo = mid
                result.level = ladder[mid]
            } else {
                hi = mid
            }
        }
        guard lo >= 0, result.level != nil else { return result }
        result.level = ladder[lo]
        var levelIndex = [Int](repeating: lo, count: points.count)
        var current = candidate(lo)

        // Greedy refinement: raise single layers one ladder step.
        var blocked = Set<Int>()
        for _ in 0..<max(0, options.uniformRefinements) {
            var bestLayer = -1, bestGain = 0
            var bestPoints: [LayerPoint] = []
            for l in 0..<points.count where !blocked.contains(l) && levelIndex[l] + 1 < ladder.count {
                let up = layerPoint(l, level: ladder[levelIndex[l] + 1])
                let gain = up.savedOps - current[l].savedOps
                if gain > bestGain {
                    bestGain = gain
                    bestLayer = l
                    bestPoints = current
                    bestPoints[l] = up
                }
            }
            if bestLayer < 0 { break }
            if try check(bestPoints, level: ladder[levelIndex[bestLayer] + 1], raised: bestLayer) {
                levelIndex[bestLayer] += 1
                current = bestPoints
            } else {
                blocked.insert(bestLayer)
            }
        }
        result.layerLevels = (0..<points.count).map { current[$0].predictiveKernels > 0 ? ladder[levelIndex[$0]] : 0 }
        return result
    }
}
