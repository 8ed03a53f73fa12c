import Foundation
import Golden

/// SqueezeNet v1.0 (ImageNet, Deep Compression weights) as a workload: the network read from
/// `../shared/data/squeezenet`, built as a golden-model `Network` (float path), quantised by the
/// golden `Quantizer` with ranges calibrated on the four images of `../shared/data/images`
/// (fixed-point path), plus the independent float reference interpreter.
///
/// Shaped like the tuner's generic workload: a network (`quantized`, a Golden
/// `QuantizedNetwork`), calibration inputs (`calibrationInputs`), and an accuracy metric
/// (`SqueezeNetProxyDataset`: agreement with the unmodified fixed-point network's top-1).
public struct SqueezeNetWorkload: Sendable {
    public let dataDirectory: DataDirectory
    public let description: CaffeNetDescription
    public let weights: [CompressedLayer]
    /// The golden-model graph (float path) and the Caffe blob → node map.
    public let graph: CaffeGoldenGraph
    /// The golden-model fixed-point network.
    public let quantized: QuantizedNetwork
    /// Independent float interpreter of the Caffe description (cross-check of the float path).
    public let reference: CaffeFloatReference
    /// The calibration images by name (`DataDirectory.imageNames`).
    public let images: [NamedImage]
    /// Preprocessed float inputs of `images` (what the quantiser was calibrated on).
    public let calibrationInputs: [Tensor]
    public let preprocessing: CaffePreprocessing

    /// An image with its name.
    public struct NamedImage: Sendable {
        public let name: String
        public let image: RGBImage
    }

    /// The golden-model float network.
    public var network: Network { graph.network }

    /// Loads the network and the images, calibrates and quantises (`width`-bit, default 16).
    /// Throws `MissingDataFile` naming a missing file and its origin, `FormatError` for a
    /// corrupt file, `LayerError` from the golden model.
    public static func load(dataDirectory: DataDirectory = .resolve(), width: Int = FixedPoint.defaultWidth) throws -> SqueezeNetWorkload {
        let prototxt = try dataDirectory.squeezeNetPrototxt()
        let weightsPath = try dataDirectory.squeezeNetWeights()
        let description = try CaffeNetDescription.load(path: prototxt)
        let weights = try CompressedNet.load(path: weightsPath, layers: try description.convolutionShapes(file: prototxt))
        let images = try DataDirectory.imageNames.map { NamedImage(name: $0, image: try PPM.load(path: try dataDirectory.image($0))) }
        let graph = try CaffeGoldenGraph(description, weights: weights)
        let pre = CaffePreprocessing.squeezeNet
        let inputs = try images.map { try Self.tensor(pre, $0.image) }
        let quantized = try Quantizer(width: width).quantize(graph.network, calibration: inputs)
        return SqueezeNetWorkload(dataDirectory: dataDirectory, description: description, weights: weights, graph: graph,
                                  quantized: quantized, reference: CaffeFloatReference(description: description, weights: weights),
                                  images: images, calibrationInputs: inputs, preprocessing: pre)
    }

    static func tensor(_ pre: CaffePreprocessing, _ image: RGBImage) throws -> Tensor {
        try Tensor(channels: 3, height: pre.size, width: pre.size, data: pre.tensor(image), name: "data")
    }

    /// The preprocessed float input of an image.
    public func input(_ image: RGBImage) throws -> Tensor { try Self.tensor(preprocessing, image) }

    /// The quantised input of an image.
    public func quantizedInput(_ image: RGBImage) throws -> QTensor { try quantized.quantizeInput(try input(image)) }

    /// Class scores of a golden float forward pass.
    public func floatScores(_ image: RGBImage) throws -> [Double] {
        try network.forward(try input(image)).last!.data.map(Double.init)
    }

    /// Golden-model float classification (top-5).
    public func classifyFloat(image: RGBImage) throws -> Classification {
        Classification(scores: try floatScores(image))
    }

    /// Runs the fixed-point network on a quantised input: every conv in `mode` unless
    /// `compilers[layer]` says otherwise (`LayerExecutor.effectiveMode` runs conv1, whose input
    /// is signed, in zeroSkip when exact/predictive is asked).
    public func run(_ input: QTensor, mode: Mode = .exact, compilers: [String: Compiler] = [:]) throws -> QuantizedRun {
        try quantized.forward(quantized: input, mode: mode, compilers: compilers)
    }

    /// Class scores of a fixed-point run: when the network ends in global average pooling, the
    /// exact mean of its input's integers (no rounding to the output scale, so no artificial
    /// ties), else the dequantised last output.
    public func scores(_ run: QuantizedRun) -> [Double] {
        let nodes = network.nodes
        let last = nodes.count - 1
        if case .globalAveragePool = nodes[last].op {
            let x = run.outputs[nodes[last].inputs[0]]
            let hw = x.height * x.width
            let scale = FixedPoint.pow2(-x.fracBits) / Double(hw)
            return (0..<x.channels).map { c in
                var s: Int64 = 0
                for i in (c * hw)..<((c + 1) * hw) { s += Int64(x.data[i]) }
                return Double(s) * scale
            }
        }
        let y = run.outputs[last]
        return y.data.map { Double($0) * FixedPoint.pow2(-y.fracBits) }
    }

    /// Fixed-point golden-model classification (top-5).
    public func classify(image: RGBImage, mode: Mode = .exact) throws -> Classification {
        Classification(scores: scores(try run(try quantizedInput(image), mode: mode)))
    }

    /// The input tensor of every conv layer in a run, in layer order (for kernel profiling).
    public func layerInputs(_ run: QuantizedRun) -> [QTensor] {
        network.nodes.indices.compactMap { n in
            quantized.layers[n] != nil ? run.outputs[network.nodes[n].inputs[0]] : nil
        }
    }

    /// The quantised conv layers in order.
    public var convolutions: [QuantizedConv] { quantized.layers.compactMap { $0 } }

    /// Golden-model statistics of one image in each of `modes`, per conv layer.
    public func layerStatistics(image: RGBImage, modes: [Mode] = [.dense, .zeroSkip, .exact]) throws -> SqueezeNetLayerReport {
        let x = try quantizedInput(image)
        var runs: [Mode: ModeRun] = [:]
        for m in modes {
            let r = try run(x, mode: m)
            runs[m] = ModeRun(scores: scores(r), layerStats: r.layerStats)
        }
        return SqueezeNetLayerReport(modes: modes, runs: runs)
    }

    /// Scores and statistics of one run (without the node outputs).
    public struct ModeRun: Sendable {
        public let scores: [Double]
        public let layerStats: [LayerStats]
    }
}
