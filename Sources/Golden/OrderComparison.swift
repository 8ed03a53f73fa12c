/// Executed ops of exact mode under the magnitude order and the input-weighted order
/// (`ExactOrder.inputWeighted`) on the same layer and input.
public struct OrderComparison: Sendable, Equatable, CustomStringConvertible {
    public var layer: String
    public var denseOps: Int
    public var zeroSkipOps: Int
    public var magnitudeOps: Int
    public var inputWeightedOps: Int

    /// Fraction of zeroSkip ops the magnitude order saves.
    public var magnitudeSaved: Double { zeroSkipOps > 0 ? 1 - Double(magnitudeOps) / Double(zeroSkipOps) : 0 }
    /// Fraction of zeroSkip ops the input-weighted order saves.
    public var inputWeightedSaved: Double { zeroSkipOps > 0 ? 1 - Double(inputWeightedOps) / Double(zeroSkipOps) : 0 }

    public var description: String {
        func p(_ x: Double) -> String { String(Double(Int(x * 1000)) / 10) + " %" }
        return "\(layer): zeroSkip \(zeroSkipOps) ops; exact/magnitude \(magnitudeOps) (saves \(p(magnitudeSaved))); "
            + "exact/input-weighted \(inputWeightedOps) (saves \(p(inputWeightedSaved)))"
    }

    /// Runs exact mode twice; `statistics` are channel means of the layer's input from
    /// calibration data (default: from `input` itself). Throws if the two orders disagree
    /// on any output (they must not: both are exact).
    public static func compare(_ layer: QuantizedConv, input: QTensor,
                               statistics: ChannelStatistics? = nil) throws -> OrderComparison {
        let st = statistics ?? ChannelStatistics(inputs: [input])
        let m = try LayerExecutor.run(layer, input: input, compiler: Compiler(mode: .exact))
        let w = try LayerExecutor.run(layer, input: input, compiler: Compiler(mode: .exact, order: .inputWeighted(st)))
        guard m.output == w.output else {
            throw LayerError(layer: layer.spec.name, field: "order", "input-weighted order changed an output")
        }
        return OrderComparison(layer: layer.spec.name, denseOps: m.stats.total.denseOps,
                               zeroSkipOps: m.stats.total.zeroSkipOps, magnitudeOps: m.stats.total.executedOps,
                               inputWeightedOps: w.stats.total.executedOps)
    }
}
