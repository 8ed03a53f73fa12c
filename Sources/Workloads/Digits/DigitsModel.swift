/// A float 2-D convolution layer (stride 1, square kernel, zero padding) followed by ReLU.
///
/// Weights are stored `(out, in, ky, kx)` row-major, like Caffe and the golden model.
public struct FloatConvLayer: Sendable, Equatable {
    public var inChannels: Int
    public var outChannels: Int
    public var kernelSize: Int
    public var padding: Int
    /// `outChannels * inChannels * kernelSize * kernelSize` values.
    public var weights: [Float]
    /// `outChannels` values.
    public var bias: [Float]

    public init(inChannels: Int, outChannels: Int, kernelSize: Int, padding: Int, weights: [Float], bias: [Float]) {
        self.inChannels = inChannels
        self.outChannels = outChannels
        self.kernelSize = kernelSize
        self.padding = padding
        self.weights = weights
        self.bias = bias
    }

    /// Weights per kernel (`inChannels * kernelSize²`).
    public var kernelOps: Int { inChannels * kernelSize * kernelSize }
}

/// A float fully connected layer (no activation): `out[o] = bias[o] + Σ_i weights[o*inputs+i] * in[i]`.
public struct FloatDenseLayer: Sendable, Equatable {
    public var inputs: Int
    public var outputs: Int
    /// `outputs * inputs` values, row-major by output.
    public var weights: [Float]
    public var bias: [Float]

    public init(inputs: Int, outputs: Int, weights: [Float], bias: [Float]) {
        self.inputs = inputs
        self.outputs = outputs
        self.weights = weights
        self.bias = bias
    }
}

/// The digits CNN: `conv1 (1→C1, 3×3, pad 1) → ReLU → conv2 (C1→C2, 3×3, pad 1) → ReLU →
/// max-pool 2×2/2 → fully connected (C2·4·4 → 10)`, on 8×8 inputs scaled to `pixel / 16`.
///
/// The classifier input is the pooled tensor flattened `(c, y, x)` row-major.
public struct DigitsModel: Sendable, Equatable {
    /// Input image side.
    public static let inputSide = 8
    /// Side after the 2×2 max-pool.
    public static let pooledSide = 4
    /// The float input value is `pixel * inputScale` (pixels 0…16 → 0…1).
    public static let inputScale: Float = 1.0 / 16.0

    public var conv1: FloatConvLayer
    public var conv2: FloatConvLayer
    public var classifier: FloatDenseLayer
    /// How the weights were produced (free text: trainer options, accuracies).
    public var provenance: [String: String]

    public init(conv1: FloatConvLayer, conv2: FloatConvLayer, classifier: FloatDenseLayer,
                provenance: [String: String] = [:]) {
        self.conv1 = conv1
        self.conv2 = conv2
        self.classifier = classifier
        self.provenance = provenance
    }

    /// The two convolution layers, in order.
    public var convLayers: [FloatConvLayer] { [conv1, conv2] }

    /// Checks that every shape is consistent; throws naming the layer and field.
    public func validate() throws {
        func check(_ ok: Bool, _ msg: @autoclosure () -> String) throws {
            if !ok { throw DigitsModelError(msg()) }
        }
        for (name, l) in [("conv1", conv1), ("conv2", conv2)] {
            try check(l.inChannels > 0 && l.inChannels <= 4096, "\(name).inChannels: \(l.inChannels) out of range")
            try check(l.outChannels > 0 && l.outChannels <= 4096, "\(name).outChannels: \(l.outChannels) out of range")
            try check(l.kernelSize == 3, "\(name).kernelSize: \(l.kernelSize), the digits CNN uses 3")
            try check(l.padding == 1, "\(name).padding: \(l.padding), the digits CNN uses 1")
            try check(l.weights.count == l.outChannels * l.kernelOps,
                      "\(name).weights: \(l.weights.count) values, expected \(l.outChannels * l.kernelOps)")
            try check(l.bias.count == l.outChannels, "\(name).bias: \(l.bias.count) values, expected \(l.outChannels)")
            try check(l.weights.allSatisfy { $0.isFinite }, "\(name).weights: non-finite value")
            try check(l.bias.allSatisfy { $0.isFinite }, "\(name).bias: non-finite value")
        }
        try check(conv1.inChannels == 1, "conv1.inChannels: \(conv1.inChannels), expected 1")
        try check(conv2.inChannels == conv1.outChannels,
                  "conv2.inChannels: \(conv2.inChannels), expected conv1.outChannels = \(conv1.outChannels)")
        let flat = conv2.outChannels * Self.pooledSide * Self.pooledSide
        try check(classifier.inputs == flat, "classifier.inputs: \(classifier.inputs), expected \(flat)")
        try check(classifier.outputs == DigitsDataset.classCount,
                  "classifier.outputs: \(classifier.outputs), expected \(DigitsDataset.classCount)")
        try check(classifier.weights.count == classifier.inputs * classifier.outputs,
                  "classifier.weights: \(classifier.weights.count) values, expected \(classifier.inputs * classifier.outputs)")
        try check(classifier.bias.count == classifier.outputs,
                  "classifier.bias: \(classifier.bias.count) values, expected \(classifier.outputs)")
        try check(classifier.weights.allSatisfy { $0.isFinite }, "classifier.weights: non-finite value")
        try check(classifier.bias.allSatisfy { $0.isFinite }, "classifier.bias: non-finite value")
    }
}

/// An inconsistent or corrupt digits model; the message names the layer and field.
public struct DigitsModelError: Error, CustomStringConvertible, Sendable, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
