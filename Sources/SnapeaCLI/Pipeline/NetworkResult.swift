import Golden
import Workloads

/// One network evaluated for the report: per-layer figures in every mode (predictive with the
/// tuner's 3 % table when there is one) and the network totals.
struct NetworkResult: Codable, Sendable {
    var name: String
    var inputs: Int
    var layers: [LayerFigures]
    /// Present for the digits networks: accuracies and the tuner's budgets (held-out split).
    var accuracy: AccuracySummary?
    /// Present for SqueezeNet when it was tuned: the image-variant PROXY's acceptance result.
    var proxy: ProxySummary? = nil

    /// Predictive mode was tuned (digits held-out split or SqueezeNet proxy).
    var tuned: Bool { accuracy != nil || proxy != nil }

    struct AccuracySummary: Codable, Sendable {
        var floatAccuracy: Double
        var fixedAccuracy: Double
        var exactOpsSpeedupVsDense: Double
        var budgets: [BudgetSummary]
        var pareto: [ParetoPoint]
        var tunerMethod: String
    }

    struct BudgetSummary: Codable, Sendable {
        var budget: Double
        var heldOutLoss: Double
        var opsSpeedupVsDense: Double
        var opsSpeedupVsZeroSkip: Double
        var opsSpeedupVsExact: Double
        var predictiveLayerFraction: Double
        var predictiveKernelFraction: Double
    }

    struct ParetoPoint: Codable, Sendable {
        var calibrationHarmRate: Double
        var heldOutLoss: Double
        var opsSpeedupVsDense: Double
    }

    /// Σ cycles of `mode` over the layers.
    func cycles(_ mode: Mode) -> Int { layers.reduce(0) { $0 + ($1.figures(mode)?.cycles ?? 0) } }
    func energy(_ mode: Mode) -> Double { layers.reduce(0) { $0 + ($1.figures(mode)?.energyPJ ?? 0) } }
    func ops(_ mode: Mode) -> Int { layers.reduce(0) { $0 + ($1.figures(mode)?.executedOps ?? 0) } }

    func speedup(_ mode: Mode, over base: Mode) -> Double { Double(cycles(base)) / Double(max(cycles(mode), 1)) }
    func energyGain(_ mode: Mode, over base: Mode) -> Double { energy(base) / max(energy(mode), 1e-9) }

    /// Layers where predictive mode was chosen, and the cycle speedup over dense on those layers.
    var predictiveLayers: [LayerFigures] { layers.filter { $0.predictiveKernels > 0 } }
    var predictiveSpeedupOnChosenLayers: Double {
        let chosen = predictiveLayers
        let dense = chosen.reduce(0) { $0 + ($1.figures(.dense)?.cycles ?? 0) }
        let pred = chosen.reduce(0) { $0 + ($1.figures(.predictive)?.cycles ?? 0) }
        return pred > 0 ? Double(dense) / Double(pred) : .nan
    }
    /// Cycle speedup of predictive mode over `base` on the layers where predictive mode was chosen.
    func predictiveSpeedupOnChosenLayers(over base: Mode) -> Double {
        let chosen = predictiveLayers
        let b = chosen.reduce(0) { $0 + ($1.figures(base)?.cycles ?? 0) }
        let pred = chosen.reduce(0) { $0 + ($1.figures(.predictive)?.cycles ?? 0) }
        return pred > 0 ? Double(b) / Double(pred) : .nan
    }
    var predictiveEnergyGainOnChosenLayers: Double {
        let chosen = predictiveLayers
        let dense = chosen.reduce(0.0) { $0 + ($1.figures(.dense)?.energyPJ ?? 0) }
        let pred = chosen.reduce(0.0) { $0 + ($1.figures(.predictive)?.energyPJ ?? 0) }
        return pred > 0 ? dense / pred : .nan
    }
}

extension NetworkResult.AccuracySummary {
    init(_ r: DigitsNetworkReport) {
        self.init(floatAccuracy: r.floatAccuracy, fixedAccuracy: r.fixedAccuracy,
                  exactOpsSpeedupVsDense: r.exactSpeedupVsDense,
                  budgets: r.budgets.map {
                      NetworkResult.BudgetSummary(budget: $0.budget, heldOutLoss: $0.heldOutLoss,
                                                  opsSpeedupVsDense: $0.speedupVsDense, opsSpeedupVsZeroSkip: $0.speedupVsZeroSkip,
                                                  opsSpeedupVsExact: $0.speedupVsExact,
                                                  predictiveLayerFraction: $0.predictiveLayerFraction,
                                                  predictiveKernelFraction: $0.predictiveKernelFraction)
                  },
                  pareto: r.pareto.map {
                      NetworkResult.ParetoPoint(calibrationHarmRate: $0.calibrationHarmRate, heldOutLoss: $0.heldOutLoss,
                                                opsSpeedupVsDense: $0.speedupVsDense)
                  },
                  tunerMethod: r.tunerMethod)
    }
}
