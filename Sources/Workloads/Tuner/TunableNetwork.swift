import Golden

/// How one tunable layer runs: its mode and, in predictive mode, the speculation strategy and
/// the per-kernel (Th, N).
public struct LayerPlan: Sendable, Equatable {
    public var mode: Mode
    public var strategy: SpeculationStrategy
    /// One setting per kernel (predictive mode); `nil` = every kernel `PredictiveSetting.off`.
    public var settings: [PredictiveSetting]?

    public init(mode: Mode, strategy: SpeculationStrategy = .largestMagnitude, settings: [PredictiveSetting]? = nil) {
        self.mode = mode
        self.strategy = strategy
        self.settings = settings
    }

    /// Plain exact mode (bit-identical to dense + ReLU).
    public static let exact = LayerPlan(mode: .exact)

    /// The golden-model compiler for this plan (magnitude order in the exact region).
    public var compiler: Compiler { Compiler(mode: mode, strategy: strategy, settings: mode == .predictive ? settings : nil) }

    /// Number of kernels whose setting can fire (`N >= 1`, `Th > Int64.min`) in predictive mode.
    public var predictiveKernelCount: Int {
        guard mode == .predictive, let s = settings else { return 0 }
        return s.filter { $0.specN >= 1 && $0.threshold > Int64.min }.count
    }
}

/// One end-to-end run of a tunable network on one input.
public struct TunableRun: Sendable {
    /// Class scores (larger is better); top-1 is the first index of the maximum.
    public var scores: [Double]
    /// Statistics of each tunable layer (`LayerStats` of the golden executor).
    public var layerStats: [LayerStats]
    /// The input tensor of each tunable layer (only when requested).
    public var layerInputs: [QTensor]

    public init(scores: [Double], layerStats: [LayerStats], layerInputs: [QTensor]) {
        self.scores = scores
        self.layerStats = layerStats
        self.layerInputs = layerInputs
    }

    /// Index of the largest score (lowest index on ties).
    public var top1: Int {
        var best = 0
        for i in scores.indices where scores[i] > scores[best] { best = i }
        return best
    }
}

/// A network the (Th, N) tuner can optimise: golden-model convolution layers with ReLU whose
/// inputs are non-negative (the *tunable* layers), plus whatever else the network computes.
///
/// The digits CNN (`DigitsQuantizedNetwork`) conforms; a SqueezeNet wrapper can conform the
/// same way (run its graph with `plans[i]` for its i-th tunable conv layer).
public protocol TunableNetwork: Sendable {
    associatedtype Input: Sendable
    /// The tunable layers, in execution order.
    var tunableLayers: [QuantizedConv] { get }
    /// Runs `input` with `plans[i]` for tunable layer `i`; records the tunable layers' inputs
    /// when `recordInputs`.
    func run(_ input: Input, plans: [LayerPlan], recordInputs: Bool) throws -> TunableRun
    /// Runs many inputs with the same plans (a network may compile once and run in parallel;
    /// results in input order). The default calls `run` for each input.
    func runBatch(_ inputs: [Input], plans: [LayerPlan], recordInputs: Bool) throws -> [TunableRun]
}

extension TunableNetwork {
    public func runBatch(_ inputs: [Input], plans: [LayerPlan], recordInputs: Bool) throws -> [TunableRun] {
        try inputs.map { try run($0, plans: plans, recordInputs: recordInputs) }
    }

    /// Every tunable layer in exact mode.
    public var exactPlans: [LayerPlan] { Array(repeating: .exact, count: tunableLayers.count) }
    /// Every tunable layer in `mode` (no speculation).
    public func plans(_ mode: Mode) -> [LayerPlan] { Array(repeating: LayerPlan(mode: mode), count: tunableLayers.count) }
}
