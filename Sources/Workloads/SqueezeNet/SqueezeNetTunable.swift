import Golden

/// SqueezeNet as a `TunableNetwork` for the (Th, N) tuner: the tunable layers are the 25
/// convolutions after conv1 (ReLU'd, non-negative inputs); conv1, whose input is the signed
/// mean-subtracted image, always runs in the golden executor's fallback (zeroSkip, exact
/// results). Inputs are quantised images (`quantizedInput(_:)`, or the samples of
/// `SqueezeNetProxyDataset`, whose labels are the unmodified network's top-1 — a proxy).
extension SqueezeNetWorkload: TunableNetwork {
    public typealias Input = QTensor

    public var tunableLayers: [QuantizedConv] { convolutions.filter { $0.relu && $0.inputNonNegative } }

    public func run(_ input: QTensor, plans: [LayerPlan], recordInputs: Bool) throws -> TunableRun {
        let tunable = tunableLayers
        precondition(plans.count == tunable.count, "SqueezeNet: \(plans.count) plans for \(tunable.count) tunable layers")
        var compilers: [String: Compiler] = [:]
        for (layer, plan) in zip(tunable, plans) { compilers[layer.spec.name] = plan.compiler }
        let r = try run(input, mode: .exact, compilers: compilers)
        let names = Set(tunable.map(\.spec.name))
        let stats = r.layerStats.filter { names.contains($0.layer) }
        let inputs = recordInputs ? zip(convolutions, layerInputs(r)).filter { names.contains($0.0.spec.name) }.map(\.1) : []
        return TunableRun(scores: scores(r), layerStats: stats, layerInputs: inputs)
    }
}
