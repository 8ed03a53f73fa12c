import Foundation
import Golden

/// Per-layer numbers of one digits network on the held-out test split.
public struct DigitsLayerReport: Sendable, Equatable {
    public var name: String
    /// Fraction of the layer's outputs whose accumulator is negative (fixed point, exact mode).
    public var negativeFraction: Double
    /// Executed ops on the test split per mode; `predictive` at each reported budget.
    public var denseOps: Int
    public var zeroSkipOps: Int
    public var exactOps: Int
    public var predictiveOps: [Int]
    /// Kernels running predictive at each reported budget, and the layer's kernel count.
    public var predictiveKernels: [Int]
    public var kernels: Int
}

/// One budget's result of the tuner, measured on the held-out test split.
public struct DigitsBudgetReport: Sendable, Equatable {
    public var budget: Double
    /// Calibration harm count, the allowed count and the Clopper–Pearson bound of the selection.
    public var calibrationHarmed: Int
    public var allowedHarm: Int
    public var harmBound: Double
    /// Test accuracy with prediction, and the loss against the exact fixed-point network.
    public var testAccuracy: Double
    public var heldOutLoss: Double
    public var speedupVsDense: Double
    public var speedupVsZeroSkip: Double
    public var speedupVsExact: Double
    /// Fraction of kernels (of all tunable layers) and of layers running predictive.
    public var predictiveKernelFraction: Double
    public var predictiveLayerFraction: Double
    /// The table the RTL flow consumes.
    public var table: PredictiveTable
}

/// One point of the accuracy-loss vs speedup trade-off (global optimiser, held-out split).
public struct DigitsParetoPoint: Sendable, Equatable {
    public var calibrationHarmRate: Double
    public var heldOutLoss: Double
    public var speedupVsDense: Double
    public var speedupVsExact: Double
}

/// Everything the report shows for one digits network.
public struct DigitsNetworkReport: Sendable, Equatable {
    public var variant: DigitsModelFile.Embedded
    public var trainingOptions: String
    /// Held-out test accuracy: float model and 16-bit fixed point (exact mode = dense).
    public var floatAccuracy: Double
    public var fixedAccuracy: Double
    /// Float pre-ReLU negative fractions per conv layer (test split).
    public var floatNegativeFractions: [Double]
    public var layers: [DigitsLayerReport]
    public var exactSpeedupVsDense: Double
    public var exactSpeedupVsZeroSkip: Double
    public var budgets: [DigitsBudgetReport]
    public var pareto: [DigitsParetoPoint]
    public var tunerMethod: String
    /// The first layer's inputs are raw pixels 0…16 (non-negative), so it runs exact/predictive too.
    public var firstLayerNote: String
}

/// Report data for the digits networks (plain and SnaPEA-aware): accuracies, negative fractions,
/// executed ops per mode, exact and predictive speedups at several budgets (held-out split), the
/// fraction of kernels running predictive, and the tuner's Pareto trade-off.
public enum DigitsReport {
    /// Builds the report of a committed network on the default split: quantised (16 bit) on the
    /// calibration split, tuned on the calibration split (thresholds fitted on the first
    /// `profilingSamples` training images), measured on the held-out test split.
    public static func make(_ variant: DigitsModelFile.Embedded, budgets: [Double] = [0.01, 0.02, 0.03],
                            options: TunerOptions = TunerOptions(), profilingSamples: Int = 300,
                            width: Int = FixedPoint.defaultWidth) throws -> DigitsNetworkReport {
        let data = try DigitsDataset.embedded()
        let split = DigitsSplit(count: data.samples.count)
        let train = DigitsSplit.samples(split.train, of: data)
        let cal = DigitsSplit.samples(split.calibration, of: data)
        let test = DigitsSplit.samples(split.test, of: data)
        let model = try DigitsModelFile.embedded(variant)
        let q = try DigitsQuantizer.quantize(model, calibration: cal, width: width)
        let session = try TunerSession(network: q, inputs: cal, labels: cal.map(\.label),
                                       profilingInputs: Array(train.prefix(profilingSamples)), options: options)
        return try make(variant: variant, model: model, network: q, session: session, test: test, budgets: budgets)
    }

    /// The report from given parts (any split).
    public static func make(variant: DigitsModelFile.Embedded, model: DigitsModel, network q: DigitsQuantizedNetwork,
                            session: TunerSession<DigitsQuantizedNetwork>, test: [DigitsSample],
                            budgets: [Double]) throws -> DigitsNetworkReport {
        let labels = test.map(\.label)
        func run(_ plans: [LayerPlan]) throws -> [TunableRun] { try q.runBatch(test, plans: plans, recordInputs: false) }
        func opsPerLayer(_ runs: [TunableRun]) -> [Int] {
            (0..<2).map { l in runs.reduce(0) { $0 + $1.layerStats[l].total.executedOps } }
        }
        func accuracy(_ runs: [TunableRun]) -> Double {
            Double(zip(runs, labels).filter { $0.0.top1 == $0.1 }.count) / Double(max(1, test.count))
        }
        let exactRuns = try run(q.exactPlans)
        let exactOps = opsPerLayer(exactRuns)
        let denseOps = (0..<2).map { l in exactRuns.reduce(0) { $0 + $1.layerStats[l].total.denseOps } }
        let zeroSkipOps = (0..<2).map { l in exactRuns.reduce(0) { $0 + $1.layerStats[l].total.zeroSkipOps } }
        let negatives = (0..<2).map { l -> Double in
            let n = exactRuns.reduce(0) { $0 + $1.layerStats[l].total.negativeOutputs }
            let o = exactRuns.reduce(0) { $0 + $1.layerStats[l].total.outputs }
            return o > 0 ? Double(n) / Double(o) : 0
        }
        let fixedAccuracy = accuracy(exactRuns)
        let totalDense = denseOps.reduce(0, +), totalZeroSkip = zeroSkipOps.reduce(0, +), totalExact = exactOps.reduce(0, +)
        let kernelCounts = q.tunableLayers.map(\.spec.outC)
        var budgetReports: [DigitsBudgetReport] = []
        var predictiveOps: [[Int]] = []
        var predictiveKernels: [[Int]] = []
        for b in budgets {
            let sel = try session.select(budget: b)
            let runs = try run(sel.plans)
            let ops = opsPerLayer(runs)
            let total = ops.reduce(0, +)
            predictiveOps.append(ops)
            let pk = sel.plans.map(\.predictiveKernelCount)
            predictiveKernels.append(pk)
            let acc = accuracy(runs)
            budgetReports.append(DigitsBudgetReport(
                budget: b, calibrationHarmed: sel.calibration.harmed, allowedHarm: sel.allowedHarm, harmBound: sel.harmBound,
                testAccuracy: acc, heldOutLoss: fixedAccuracy - acc,
                speedupVsDense: Double(totalDense) / Double(total), speedupVsZeroSkip: Double(totalZeroSkip) / Double(total),
                speedupVsExact: Double(totalExact) / Double(total),
                predictiveKernelFraction: Double(pk.reduce(0, +)) / Double(kernelCounts.reduce(0, +)),
                predictiveLayerFraction: Double(pk.filter { $0 > 0 }.count) / Double(pk.count),
                table: try PredictiveTable(network: variant.rawValue, layers: q.tunableLayers, selection: sel,
                                           method: session.options.methodDescription)))
        }
        let layers = (0..<2).map { l in
            DigitsLayerReport(name: q.tunableLayers[l].spec.name, negativeFraction: negatives[l], denseOps: denseOps[l],
                              zeroSkipOps: zeroSkipOps[l], exactOps: exactOps[l],
                              predictiveOps: predictiveOps.map { $0[l] }, predictiveKernels: predictiveKernels.map { $0[l] },
                              kernels: kernelCounts[l])
        }
        let maxHarm = BudgetBound.allowedHarm(budget: session.options.maxBudget, of: session.inputs.count,
                                              confidence: session.options.confidence)
        var pareto: [DigitsParetoPoint] = []
        for sel in try session.paretoSelections(maxHarm: max(0, maxHarm)) {
            let runs = try run(sel.plans)
            let total = opsPerLayer(runs).reduce(0, +)
            pareto.append(DigitsParetoPoint(calibrationHarmRate: Double(sel.calibration.harmed) / Double(sel.calibration.inputs),
                                            heldOutLoss: fixedAccuracy - accuracy(runs),
                                            speedupVsDense: Double(totalDense) / Double(total),
                                            speedupVsExact: Double(totalExact) / Double(total)))
        }
        return DigitsNetworkReport(
            variant: variant, trainingOptions: model.provenance["options"] ?? "?",
            floatAccuracy: model.accuracy(on: test), fixedAccuracy: fixedAccuracy,
            floatNegativeFractions: model.negativeFractions(on: test), layers: layers,
            exactSpeedupVsDense: Double(totalDense) / Double(totalExact),
            exactSpeedupVsZeroSkip: Double(totalZeroSkip) / Double(totalExact),
            budgets: budgetReports, pareto: pareto, tunerMethod: session.options.methodDescription,
            firstLayerNote: "conv1 reads the raw pixels 0...16 (>= 0), so exact and predictive modes are safe on it")
    }
}
