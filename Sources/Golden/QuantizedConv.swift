/// A convolution layer in fixed point: what the compiler and executor consume.
///
/// `weights` are `outC × inC × kH × kW` (row-major), each within `width` bits; `bias` is in
/// accumulator units (`fi + fw` fractional bits), within `±(2^(2W) - 1)`; the output is
/// `requant(acc, shift)` (ReLU + shift + saturate) or, when `relu == false`, the signed
/// `requantLinear` (a golden-model-only linear layer, always run dense).
public struct QuantizedConv: Sendable, Equatable {
    public var spec: ConvSpec
    /// Word width `W`.
    public var width: Int
    public var weights: [Int32]
    public var bias: [Int64]
    /// Right shift `s = fi + fw - fo` of the requantisation, `0 <= s <= A - 1`.
    public var shift: Int
    /// True when the output goes through ReLU (always true for layers run on the accelerator).
    public var relu: Bool
    /// True when the layer's input is known to be non-negative (it follows a ReLU); only then
    /// may the executor run `exact` / `predictive` without checking the data (see `LayerExecutor`).
    public var inputNonNegative: Bool
    /// Fractional bits of the input, weights and output (bookkeeping; the datapath uses `shift`).
    public var inputFracBits: Int
    public var weightFracBits: Int
    public var outputFracBits: Int

    /// Creates and validates a quantised layer; errors name `spec.name` and the field.
    public init(spec: ConvSpec, width: Int = FixedPoint.defaultWidth, weights: [Int32], bias: [Int64],
                shift: Int, relu: Bool = true, inputNonNegative: Bool = true,
                inputFracBits: Int = 0, weightFracBits: Int = 0, outputFracBits: Int? = nil) throws {
        try spec.validate()
        try FixedPoint.checkWidth(width, layer: spec.name)
        guard weights.count == spec.outC * spec.kernelSize else {
            throw LayerError(layer: spec.name, field: "weights",
                             "\(weights.count) weights, expected outC*inC*kH*kW = \(spec.outC * spec.kernelSize)")
        }
        guard bias.count == spec.outC else {
            throw LayerError(layer: spec.name, field: "bias", "\(bias.count) biases, expected outC = \(spec.outC)")
        }
        let lo = FixedPoint.minValue(width: width), hi = FixedPoint.maxValue(width: width)
        if let bad = weights.firstIndex(where: { Int64($0) < lo || Int64($0) > hi }) {
            throw LayerError(layer: spec.name, field: "weights",
                             "weight \(bad) = \(weights[bad]) outside the \(width)-bit range")
        }
        let bl = FixedPoint.biasLimit(width: width)
        if let bad = bias.firstIndex(where: { $0 < -bl || $0 > bl }) {
            throw LayerError(layer: spec.name, field: "bias", "bias \(bad) = \(bias[bad]) outside ±(2^(2W)-1)")
        }
        let a = FixedPoint.accumulatorWidth(width: width, maxKernelOps: spec.kernelSize)
        guard shift >= 0 && shift <= a - 1 else {
            throw LayerError(layer: spec.name, field: "shift", "shift \(shift) outside 0...\(a - 1) (A = \(a))")
        }
        self.spec = spec
        self.width = width
        self.weights = weights
        self.bias = bias
        self.shift = shift
        self.relu = relu
        self.inputNonNegative = inputNonNegative
        self.inputFracBits = inputFracBits
        self.weightFracBits = weightFracBits
        self.outputFracBits = outputFracBits ?? (inputFracBits + weightFracBits - shift)
    }

    /// Accumulator width of this layer (`maxKernelOps` = its kernel size).
    public var accumulatorWidth: Int { FixedPoint.accumulatorWidth(width: width, maxKernelOps: spec.kernelSize) }

    /// The weights of kernel `k` in natural `(c, ky, kx)` order.
    public func kernelWeights(_ k: Int) -> ArraySlice<Int32> {
        weights[(k * spec.kernelSize)..<((k + 1) * spec.kernelSize)]
    }
}
