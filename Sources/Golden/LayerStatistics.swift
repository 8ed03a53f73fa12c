/// Statistics of one kernel over one layer run.
public struct KernelStats: Sendable, Equatable {
    /// Outputs computed by this kernel (`Hout * Wout`).
    public var outputs: Int = 0
    /// Outputs whose full accumulator is negative (known in every mode; in predictive mode only
    /// when prediction errors are tracked).
    public var negativeOutputs: Int = 0
    /// Executed ops in the run's mode.
    public var executedOps: Int = 0
    /// Ops the same outputs take in dense mode (`outputs * inC*kH*kW`).
    public var denseOps: Int = 0
    /// Ops the same outputs take in zeroSkip mode (`outputs * nonzero weights`).
    public var zeroSkipOps: Int = 0
    /// Outputs stopped by the sign check (rule 2).
    public var signStops: Int = 0
    /// Outputs predicted zero (rule 1).
    public var predictedZeros: Int = 0
    /// Predicted-zero outputs whose exact output is nonzero (a prediction error).
    public var falseZeros: Int = 0

    public init() {}

    mutating func add(_ o: KernelStats) {
        outputs += o.outputs
        negativeOutputs += o.negativeOutputs
        executedOps += o.executedOps
        denseOps += o.denseOps
        zeroSkipOps += o.zeroSkipOps
        signStops += o.signStops
        predictedZeros += o.predictedZeros
        falseZeros += o.falseZeros
    }

    /// Fraction of outputs whose accumulator is negative.
    public var negativeFraction: Double { outputs > 0 ? Double(negativeOutputs) / Double(outputs) : 0 }
    /// `1 - executed / dense`.
    public var opsSavedVsDense: Double { denseOps > 0 ? 1 - Double(executedOps) / Double(denseOps) : 0 }
    /// `1 - executed / zeroSkip`.
    public var opsSavedVsZeroSkip: Double { zeroSkipOps > 0 ? 1 - Double(executedOps) / Double(zeroSkipOps) : 0 }
}

/// Statistics of one layer run: totals and one `KernelStats` per kernel.
public struct LayerStats: Sendable, Equatable {
    public var layer: String
    /// The mode the layer actually ran in (see `LayerExecutor.effectiveMode`).
    public var mode: Mode
    public var total: KernelStats
    public var perKernel: [KernelStats]

    public init(layer: String, mode: Mode, perKernel: [KernelStats]) {
        self.layer = layer
        self.mode = mode
        self.perKernel = perKernel
        var t = KernelStats()
        for k in perKernel { t.add(k) }
        self.total = t
    }
}
