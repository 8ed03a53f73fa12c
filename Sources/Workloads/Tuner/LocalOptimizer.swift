import Golden

/// One per-layer setting on the layer's Pareto set: a candidate per kernel.
public struct LayerPoint: Sendable, Equatable {
    public var layer: String
    public var strategy: SpeculationStrategy
    /// One (Th, N) per kernel (`PredictiveSetting.off` for kernels that stay exact).
    public var settings: [PredictiveSetting]
    /// Profile estimates on the calibration inputs, summed over the kernels.
    public var savedOps: Int
    public var falseZeros: Int
    public var errorMass: Int64
    /// `errorMass / outputMass` of the layer.
    public var relativeError: Double

    /// Kernels that can predict (`N >= 1`).
    public var predictiveKernels: Int { settings.filter { $0.specN >= 1 }.count }
    /// The plan that runs this point (exact when no kernel predicts).
    public var plan: LayerPlan {
        predictiveKernels == 0 ? .exact : LayerPlan(mode: .predictive, strategy: strategy, settings: settings)
    }

    /// The layer in exact mode.
    public static func exact(_ layer: String, kernels: Int) -> LayerPoint {
        LayerPoint(layer: layer, strategy: .largestMagnitude, settings: Array(repeating: .off, count: kernels),
                   savedOps: 0, falseZeros: 0, errorMass: 0, relativeError: 0)
    }
}

/// Local optimisation (SnaPEA tuning step 2): per layer, the Pareto set of (error, ops saved).
///
/// For one strategy, the kernels' candidate staircases are combined greedily: every kernel step
/// (from one of its candidates to the next) has an efficiency `Δsaved / ΔerrorMass`; repeatedly
/// taking the most efficient next step of any kernel traces the layer's frontier (for convex
/// staircases each prefix maximises `saved − λ·error` for some λ). The frontier is sampled at
/// relative error levels (`errorLevels`: error mass / layer output mass) and at each level the
/// better strategy is kept.
public enum LocalOptimizer {
    /// Relative error levels sampled on the frontier; 0 = only outputs that were negative on
    /// every profiling input are predicted.
    public static let defaultErrorLevels: [Double] = [0, 1e-4, 2e-4, 5e-4, 1e-3, 2e-3, 3e-3, 5e-3, 7e-3,
                                                       0.01, 0.015, 0.02, 0.03, 0.05, 0.1]

    /// The Pareto points of one layer from its profiles (one per strategy), `exact` first, then
    /// increasing error level; points that save nothing more than the previous one are dropped.
    public static func paretoSet(_ profiles: [LayerProfile], errorLevels: [Double] = defaultErrorLevels) -> [LayerPoint] {
        guard let first = profiles.first else { return [] }
        var result = [LayerPoint.exact(first.layer, kernels: first.kernels.count)]
        let levels = errorLevels.sorted()
        let perProfile = profiles.map { p in points(p, maxErrorMasses: levels.map { Double(p.outputMass) * $0 }) }
        for i in levels.indices {
            var best: LayerPoint?
            for pts in perProfile {
                guard let pt = pts[i] else { continue }
                if best == nil || pt.savedOps > best!.savedOps { best = pt }
            }
            if let b = best, b.savedOps > result.last!.savedOps { result.append(b) }
        }
        return result
    }
}

extension LocalOptimizer {
    /// For each cap in `maxErrorMasses`, the last point of the greedy path (repeatedly the kernel
    /// step with the best `Δsaved / ΔerrorMass`, lowest kernel index on ties) whose error mass is
    /// at most the cap (nil: not even the first step fits). The path does not depend on the cap
    /// (the cap only truncates it), so it is walked once with a heap of each kernel's next step
    /// and cut at every cap: `O(steps · log kernels)`; results in the order of `maxErrorMasses`.
    public static func points(_ p: LayerProfile, maxErrorMasses: [Double]) -> [LayerPoint?] {
        let order = maxErrorMasses.indices.sorted { maxErrorMasses[$0] < maxErrorMasses[$1] }
        var out = [LayerPoint?](repeating: nil, count: maxErrorMasses.count)
        var choice = [Int](repeating: 0, count: p.kernels.count)
        var saved = 0, fz = 0, steps = 0
        var mass: Int64 = 0
        func efficiency(_ k: Int) -> Double? {
            let c = p.kernels[k].candidates
            let j = choice[k] + 1
            guard j < c.count else { return nil }
            let dm = Double(c[j].errorMass - c[j - 1].errorMass), ds = Double(c[j].savedOps - c[j - 1].savedOps)
            return dm <= 0 ? Double.infinity : ds / dm
        }
        var heap = StepHeap()
        for k in 0..<p.kernels.count { if let e = efficiency(k) { heap.push(e, k) } }
        func snapshot() -> LayerPoint? {
            steps == 0 ? nil : LayerPoint(layer: p.layer, strategy: p.strategy,
                                          settings: (0..<p.kernels.count).map { p.kernels[$0].candidates[choice[$0]].setting },
                                          savedOps: saved, falseZeros: fz, errorMass: mass,
                                          relativeError: p.outputMass > 0 ? Double(mass) / Double(p.outputMass) : 0)
        }
        var next = 0
        while next < order.count {
            let cap = maxErrorMasses[order[next]]
            guard let top = heap.peek() else { break }
            let c = p.kernels[top.k].candidates
            let j = choice[top.k] + 1
            if Double(mass + c[j].errorMass - c[j - 1].errorMass) > cap {
                out[order[next]] = snapshot()
                next += 1
                continue
            }
            _ = heap.pop()
            saved += c[j].savedOps - c[j - 1].savedOps
            fz += c[j].falseZeros - c[j - 1].falseZeros
            mass += c[j].errorMass - c[j - 1].errorMass
            choice[top.k] = j
            steps += 1
            if let e = efficiency(top.k) { heap.push(e, top.k) }
        }
        let last = snapshot()
        while next < order.count { out[order[next]] = last; next += 1 }
        return out
    }
}

/// A binary max-heap of (efficiency, kernel): higher efficiency first, lower kernel on ties.
struct StepHeap {
    private var items: [(e: Double, k: Int)] = []

    private static func before(_ a: (e: Double, k: Int), _ b: (e: Double, k: Int)) -> Bool {
        a.e != b.e ? a.e > b.e : a.k < b.k
    }

    func peek() -> (e: Double, k: Int)? { items.first }

    mutating func push(_ e: Double, _ k: Int) {
        items.append((e, k))
        var i = items.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard Self.before(items[i], items[parent]) else { break }
            items.swapAt(i, parent)
            i = parent
        }
    }

    mutating func pop() -> (e: Double, k: Int)? {
        guard !items.isEmpty else { return nil }
        let top = items[0]
        let last = items.removeLast()
        if !items.isEmpty {
            items[0] = last
            var i = 0
            while true {
                let l = 2 * i + 1, r = l + 1
                var m = i
                if l < items.count && Self.before(items[l], items[m]) { m = l }
                if r < items.count && Self.before(items[r], items[m]) { m = r }
                if m == i { break }
                items.swapAt(i, m)
                i = m
            }
        }
        return top
    }
}
