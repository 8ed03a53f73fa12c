/// What the predictive mode of one layer does on one input for every threshold at once, for
/// fixed per-kernel speculation counts `N` (the (Th, N) tuner's primitive).
///
/// Built from one run of the predictive programs with `Th = Int64.min` (never predicts) that
/// also records each output's accumulator after its first `N` ops. For a threshold `Th`, output
/// `o` of kernel `k` (with `N_k >= 1`) is predicted iff it reached op `N_k - 1`
/// (`opsWithoutThreshold[o] >= N_k`) and `partialSums[o] <= Th`; it then takes `N_k` ops,
/// otherwise `opsWithoutThreshold[o]` — exactly what `LayerExecutor.run` in predictive mode does.
public struct SpeculationProfile: Sendable {
    public var layer: String
    /// Outputs per kernel (`Hout * Wout`); output `o = k * outputsPerKernel + p`.
    public var outputsPerKernel: Int
    /// `N` per kernel, clamped to the kernel's nonzero-weight count.
    public var specN: [Int]
    /// Accumulator after the first `N` ops (bias included), per output.
    public var partialSums: [Int64]
    /// Ops of each output when the threshold never fires.
    public var opsWithoutThreshold: [Int32]
    /// The exact outputs (after ReLU + requant).
    public var exactOutputs: [Int32]
    /// Ops per kernel in zeroSkip and dense mode (for savings).
    public var zeroSkipOps: [Int]
    public var denseOps: [Int]

    /// Kernel `k` at threshold `th`: executed ops, predicted zeros and false zeros.
    public func evaluate(kernel k: Int, threshold th: Int64) -> KernelStats {
        var s = KernelStats()
        s.outputs = outputsPerKernel
        s.zeroSkipOps = zeroSkipOps[k]
        s.denseOps = denseOps[k]
        let n = specN[k]
        for o in (k * outputsPerKernel)..<((k + 1) * outputsPerKernel) {
            let ops = Int(opsWithoutThreshold[o])
            if n >= 1 && ops >= n && partialSums[o] <= th {
                s.executedOps += n
                s.predictedZeros += 1
                if exactOutputs[o] != 0 { s.falseZeros += 1 }
            } else {
                s.executedOps += ops
            }
        }
        return s
    }

    /// Every kernel at its threshold.
    public func evaluate(thresholds: [Int64]) -> [KernelStats] {
        precondition(thresholds.count == specN.count, "one threshold per kernel")
        return thresholds.indices.map { evaluate(kernel: $0, threshold: thresholds[$0]) }
    }
}

extension LayerExecutor {
    /// Profiles predictive mode of `layer` on `input` for per-kernel speculation counts `specN`.
    /// Throws (naming the layer) if the input is not non-negative (predictive cannot run).
    public static func speculationProfile(_ layer: QuantizedConv, input: QTensor, specN: [Int],
                                          strategy: SpeculationStrategy = .largestMagnitude,
                                          order: ExactOrder = .magnitude) throws -> SpeculationProfile {
        guard specN.count == layer.spec.outC else {
            throw LayerError(layer: layer.spec.name, field: "predictive table",
                             "\(specN.count) N values, expected one per kernel (\(layer.spec.outC))")
        }
        guard effectiveMode(.predictive, layer: layer, input: input) == .predictive else {
            throw LayerError(layer: layer.spec.name, field: "input",
                             "predictive mode needs a non-negative input and a ReLU layer")
        }
        let settings = specN.map { PredictiveSetting(threshold: Int64.min, specN: $0) }
        let compiler = Compiler(mode: .predictive, order: order, strategy: strategy, settings: settings)
        let (r, partials) = try runCore(layer, input: input, compiler: compiler, trackPredictionErrors: false,
                                        recordPartials: true)
        let nnz = (0..<layer.spec.outC).map { k in layer.kernelWeights(k).reduce(0) { $0 + ($1 != 0 ? 1 : 0) } }
        let per = r.output.height * r.output.width
        return SpeculationProfile(layer: layer.spec.name, outputsPerKernel: per,
                                  specN: zip(specN, nnz).map { min(max(0, $0), $1) },
                                  partialSums: partials, opsWithoutThreshold: r.executedOps,
                                  exactOutputs: r.output.data, zeroSkipOps: nnz.map { $0 * per },
                                  denseOps: [Int](repeating: per * layer.spec.kernelSize, count: layer.spec.outC))
    }
}
