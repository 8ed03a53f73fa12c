import Foundation
import Golden

/// A Caffe network description (the subset of `NetParameter` that SqueezeNet's deploy
/// prototxt uses): the input blob and its dimensions, and a list of layers of the kinds
/// Convolution, ReLU, Pooling (MAX / AVE, global), Concat, Dropout, Softmax.
///
/// Anything outside that subset that would change what the network computes (grouped or
/// dilated convolution, rectangular kernels, `bias_term: false`, stochastic pooling, …) is
/// rejected with its line number rather than ignored. Fields that only matter for training
/// (`weight_filler`, `param`, `include`, …) are ignored.
public struct CaffeNetDescription: Sendable, Equatable {
    /// `name:` of the net.
    public var name: String
    /// Name of the input blob.
    public var input: String
    /// Input dimensions as written (N, C, H, W).
    public var inputDimensions: [Int]
    public var layers: [CaffeLayer]

    public init(name: String, input: String, inputDimensions: [Int], layers: [CaffeLayer]) {
        self.name = name
        self.input = input
        self.inputDimensions = inputDimensions
        self.layers = layers
    }

    /// Loads and interprets a prototxt file.
    public static func load(path: String) throws -> CaffeNetDescription {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FormatError(file: path, message: "cannot read file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw FormatError(file: path, message: "not UTF-8 text")
        }
        return try parse(text, file: path)
    }

    /// Parses prototxt text. `file` is used in error messages.
    public static func parse(_ text: String, file: String) throws -> CaffeNetDescription {
        let root = try PrototxtMessage.parse(text, file: file)
        var fields = FieldReader(root, file: file, context: "net")
        let name = try fields.string("name") ?? ""
        var input = try fields.string("input")
        var dims = try fields.ints("input_dim")
        if let shapes = fields.messages("input_shape").first {
            guard dims.isEmpty else {
                throw FormatError(file: file, line: shapes.line, message: "both input_dim and input_shape given")
            }
            var shapeFields = FieldReader(shapes, file: file, context: "input_shape")
            dims = try shapeFields.ints("dim")
            try shapeFields.rejectUnknown()
        }
        var layers: [CaffeLayer] = []
        for layerMessage in fields.messages("layer") {
            let layer = try CaffeLayer(layerMessage, file: file)
            if case .input(let shape) = layer.kind {
                guard input == nil, layers.isEmpty else {
                    throw FormatError(file: file, line: layer.line, layer: layer.name,
                                      message: "an Input layer must be the first and only input")
                }
                input = layer.tops.first
                dims = shape
                continue
            }
            layers.append(layer)
        }
        try fields.rejectUnknown(ignoring: ["state", "force_backward", "debug_info"])
        guard let input else {
            throw FormatError(file: file, line: 1, message: "no input blob ('input:' or an Input layer)")
        }
        guard dims.count == 4, dims.allSatisfy({ $0 > 0 }) else {
            throw FormatError(file: file, line: 1,
                              message: "input needs 4 positive dimensions (N, C, H, W), found \(dims)")
        }
        guard product(dims) != nil else {
            throw FormatError(file: file, line: 1, message: "input dimensions \(dims) are too large")
        }
        guard !layers.isEmpty else { throw FormatError(file: file, line: 1, message: "no layers") }
        let description = CaffeNetDescription(name: name, input: input, inputDimensions: dims, layers: layers)
        _ = try description.blobShapes(file: file)
        return description
    }

    /// Shape (C, H, W) of every blob after shape inference, in Caffe's rules: convolution
    /// `out = (in + 2·pad − k) / stride + 1` (floor); pooling rounds up,
    /// `out = ceil((in + 2·pad − k) / stride) + 1`, minus one if the last window would start in
    /// the padding. Errors name the layer and its line.
    public func blobShapes(file: String = "prototxt") throws -> [String: TensorShape] {
        var shapes: [String: TensorShape] = [
            input: TensorShape(channels: inputDimensions[1], height: inputDimensions[2], width: inputDimensions[3])
        ]
        for layer in layers {
            func fail(_ message: String) -> FormatError {
                FormatError(file: file, line: layer.line, layer: layer.name, message: message)
            }
            var inputs: [TensorShape] = []
            for bottom in layer.bottoms {
                guard let s = shapes[bottom] else { throw fail("bottom '\(bottom)' is not produced by an earlier layer") }
                inputs.append(s)
            }
            let expectedBottoms: ClosedRange<Int>
            switch layer.kind {
            case .concat: expectedBottoms = 1...Int.max
            default: expectedBottoms = 1...1
            }
            guard expectedBottoms.contains(inputs.count) else { throw fail("expects one bottom, has \(inputs.count)") }
            guard layer.tops.count == 1 else { throw fail("expects one top, has \(layer.tops.count)") }
            let x = inputs[0]
            let out: TensorShape
            switch layer.kind {
            case .convolution(let p):
                let h = x.height + 2 * p.pad - p.kernelSize
                let w = x.width + 2 * p.pad - p.kernelSize
                guard h >= 0, w >= 0 else { throw fail("kernel \(p.kernelSize) larger than padded input \(x)") }
                out = TensorShape(channels: p.numOutput, height: h / p.stride + 1, width: w / p.stride + 1)
            case .pooling(let p):
                if p.global {
                    out = TensorShape(channels: x.channels, height: 1, width: 1)
                } else {
                    func size(_ n: Int) throws -> Int {
                        let span = n + 2 * p.pad - p.kernelSize
                        guard span >= 0 else { throw fail("pooling window \(p.kernelSize) larger than padded input \(x)") }
                        var o = (span + p.stride - 1) / p.stride + 1
                        if p.pad > 0, (o - 1) * p.stride >= n + p.pad { o -= 1 }
                        return o
                    }
                    out = TensorShape(channels: x.channels, height: try size(x.height), width: try size(x.width))
                }
            case .concat:
                for s in inputs where s.height != x.height || s.width != x.width {
                    throw fail("concat inputs differ in spatial size: \(x) and \(s)")
                }
                out = TensorShape(channels: inputs.reduce(0) { $0 + $1.channels }, height: x.height, width: x.width)
            case .relu, .dropout, .softmax:
                out = x
            case .input:
                throw fail("Input layer after other layers")
            }
            // Untrusted sizes: keep every blob and weight array addressable.
            guard Self.product([out.channels, out.height, out.width]) != nil else {
                throw fail("output blob \(out.channels)×\(out.height)×\(out.width) is too large")
            }
            if case .convolution(let p) = layer.kind,
               Self.product([p.numOutput, x.channels, p.kernelSize, p.kernelSize]) == nil {
                throw fail("weights \(p.numOutput)×\(x.channels)×\(p.kernelSize)×\(p.kernelSize) are too many")
            }
            shapes[layer.tops[0]] = out
        }
        return shapes
    }

    /// The product of `factors` if it is at most 2^31, else nil (no overflow).
    static func product(_ factors: [Int]) -> Int? {
        var p = 1
        for f in factors {
            let (r, o) = p.multipliedReportingOverflow(by: f)
            guard !o, r <= 1 << 31 else { return nil }
            p = r
        }
        return p
    }

    /// The convolution layers in file order with their weight shapes (input channels from shape
    /// inference) — the order in which `compressed_SqueezeNet.net` stores them.
    public func convolutionShapes(file: String = "prototxt") throws -> [ConvolutionShape] {
        let shapes = try blobShapes(file: file)
        var result: [ConvolutionShape] = []
        for layer in layers {
            guard case .convolution(let p) = layer.kind, let bottom = layer.bottoms.first,
                  let x = shapes[bottom] else { continue }
            result.append(ConvolutionShape(layer: layer.name, outputs: p.numOutput, inputs: x.channels,
                                           kernel: p.kernelSize, line: layer.line))
        }
        return result
    }
}

/// A (channels, height, width) blob shape (batch is always 1): the golden model's `Shape`.
public typealias TensorShape = Shape

/// The weight shape of one convolution layer: `outputs × inputs × kernel × kernel`.
public struct ConvolutionShape: Sendable, Equatable {
    public var layer: String
    public var outputs: Int
    public var inputs: Int
    public var kernel: Int
    /// Prototxt line of the layer (0 if not from a file).
    public var line: Int
    public init(layer: String, outputs: Int, inputs: Int, kernel: Int, line: Int = 0) {
        self.layer = layer
        self.outputs = outputs
        self.inputs = inputs
        self.kernel = kernel
        self.line = line
    }
    /// Number of weights, `outputs · inputs · kernel²`.
    public var weightCount: Int { outputs * inputs * kernel * kernel }
}
