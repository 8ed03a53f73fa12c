/// One layer of a Caffe network description.
public struct CaffeLayer: Sendable, Equatable {
    public var name: String
    public var kind: Kind
    public var bottoms: [String]
    public var tops: [String]
    /// 1-based prototxt line of the `layer` field.
    public var line: Int

    /// The supported layer types.
    public enum Kind: Sendable, Equatable {
        case convolution(Convolution)
        case relu
        case pooling(Pooling)
        /// Concatenation along channels.
        case concat
        /// Dropout: the identity at inference time.
        case dropout(ratio: Double)
        case softmax
        /// An `Input` layer with its N, C, H, W dimensions (folded into the net's input).
        case input([Int])
    }

    /// `convolution_param` (square kernels, one group, with bias).
    public struct Convolution: Sendable, Equatable {
        public var numOutput: Int
        public var kernelSize: Int
        public var stride: Int
        public var pad: Int
        public init(numOutput: Int, kernelSize: Int, stride: Int = 1, pad: Int = 0) {
            self.numOutput = numOutput
            self.kernelSize = kernelSize
            self.stride = stride
            self.pad = pad
        }
    }

    /// `pooling_param`.
    public struct Pooling: Sendable, Equatable {
        public enum Method: String, Sendable, Equatable { case max = "MAX", average = "AVE" }
        public var method: Method
        public var kernelSize: Int
        public var stride: Int
        public var pad: Int
        /// Pool over the whole spatial extent (`global_pooling: true`).
        public var global: Bool
        public init(method: Method, kernelSize: Int, stride: Int = 1, pad: Int = 0, global: Bool = false) {
            self.method = method
            self.kernelSize = kernelSize
            self.stride = stride
            self.pad = pad
            self.global = global
        }
    }

    public init(name: String, kind: Kind, bottoms: [String], tops: [String], line: Int = 0) {
        self.name = name
        self.kind = kind
        self.bottoms = bottoms
        self.tops = tops
        self.line = line
    }

    /// Interprets one `layer { ... }` message.
    init(_ message: PrototxtMessage, file: String) throws {
        var f = FieldReader(message, file: file, context: "layer")
        guard let name = try f.string("name") else {
            throw FormatError(file: file, line: message.line, message: "layer without a name")
        }
        f.layer = name
        guard let type = try f.string("type") else {
            throw FormatError(file: file, line: message.line, layer: name, message: "layer without a type")
        }
        let bottoms = try f.strings("bottom")
        let tops = try f.strings("top")
        let kind: Kind
        func param(_ field: String) -> PrototxtMessage? { f.messages(field).first }
        switch type {
        case "Convolution":
            guard let p = param("convolution_param") else {
                throw FormatError(file: file, line: message.line, layer: name, message: "Convolution without convolution_param")
            }
            var c = FieldReader(p, file: file, context: "convolution_param", layer: name)
            guard let numOutput = try c.int("num_output", min: 1) else {
                throw FormatError(file: file, line: p.line, layer: name, message: "convolution_param without num_output")
            }
            let kernels = try c.ints("kernel_size", min: 1)
            guard kernels.count == 1 else {
                throw FormatError(file: file, line: p.line, layer: name,
                                  message: "convolution_param needs exactly one kernel_size (square kernels), found \(kernels.count)")
            }
            let strides = try c.ints("stride", min: 1)
            let pads = try c.ints("pad", min: 0)
            guard strides.count <= 1, pads.count <= 1 else {
                throw FormatError(file: file, line: p.line, layer: name, message: "only one stride and one pad value are supported")
            }
            if let group = try c.int("group", min: 1), group != 1 {
                throw FormatError(file: file, line: p.line, layer: name, message: "grouped convolution (group: \(group)) is not supported")
            }
            if let bias = try c.bool("bias_term"), !bias {
                throw FormatError(file: file, line: p.line, layer: name, message: "bias_term: false is not supported")
            }
            try c.rejectUnknown(ignoring: ["weight_filler", "bias_filler", "engine"])
            kind = .convolution(Convolution(numOutput: numOutput, kernelSize: kernels[0],
                                            stride: strides.first ?? 1, pad: pads.first ?? 0))
        case "Pooling":
            guard let p = param("pooling_param") else {
                throw FormatError(file: file, line: message.line, layer: name, message: "Pooling without pooling_param")
            }
            var c = FieldReader(p, file: file, context: "pooling_param", layer: name)
            let methodName = try c.bare("pool") ?? "MAX"
            guard let method = Pooling.Method(rawValue: methodName) else {
                throw FormatError(file: file, line: p.line, layer: name, message: "pool: \(methodName) is not supported (MAX or AVE)")
            }
            let global = try c.bool("global_pooling") ?? false
            let kernel = try c.int("kernel_size", min: 1)
            let stride = try c.int("stride", min: 1) ?? 1
            let pad = try c.int("pad", min: 0) ?? 0
            try c.rejectUnknown(ignoring: ["engine"])
            if global {
                guard kernel == nil, stride == 1, pad == 0 else {
                    throw FormatError(file: file, line: p.line, layer: name,
                                      message: "global_pooling excludes kernel_size, stride and pad")
                }
            } else {
                guard let kernel else {
                    throw FormatError(file: file, line: p.line, layer: name, message: "pooling_param without kernel_size")
                }
                guard pad < kernel else {
                    throw FormatError(file: file, line: p.line, layer: name, message: "pad \(pad) must be smaller than kernel_size \(kernel)")
                }
            }
            kind = .pooling(Pooling(method: method, kernelSize: kernel ?? 0, stride: stride, pad: pad, global: global))
        case "ReLU":
            if let p = param("relu_param") {
                var c = FieldReader(p, file: file, context: "relu_param", layer: name)
                if let slope = try c.double("negative_slope"), slope != 0 {
                    throw FormatError(file: file, line: p.line, layer: name, message: "leaky ReLU (negative_slope) is not supported")
                }
                try c.rejectUnknown(ignoring: ["engine"])
            }
            kind = .relu
        case "Concat":
            if let p = param("concat_param") {
                var c = FieldReader(p, file: file, context: "concat_param", layer: name)
                let axis = try c.int("axis", min: Int.min) ?? 1
                guard axis == 1 else {
                    throw FormatError(file: file, line: p.line, layer: name, message: "concat along axis \(axis) is not supported (channels, axis 1)")
                }
                try c.rejectUnknown()
            }
            kind = .concat
        case "Dropout":
            var ratio = 0.5
            if let p = param("dropout_param") {
                var c = FieldReader(p, file: file, context: "dropout_param", layer: name)
                ratio = try c.double("dropout_ratio") ?? 0.5
                guard ratio >= 0, ratio < 1 else {
                    throw FormatError(file: file, line: p.line, layer: name, message: "dropout_ratio \(ratio) outside [0, 1)")
                }
                try c.rejectUnknown()
            }
            kind = .dropout(ratio: ratio)
        case "Softmax":
            kind = .softmax
        case "Input":
            guard let p = param("input_param"), let shape = p.all("shape").first,
                  case .message(let s) = shape.value else {
                throw FormatError(file: file, line: message.line, layer: name, message: "Input layer without input_param { shape { dim ... } }")
            }
            var c = FieldReader(s, file: file, context: "shape", layer: name)
            kind = .input(try c.ints("dim", min: 1))
        default:
            throw FormatError(file: file, line: message.line, layer: name, message: "layer type '\(type)' is not supported")
        }
        try f.rejectUnknown(ignoring: ["param", "include", "exclude", "phase", "loss_weight", "propagate_down",
                                       "convolution_param", "pooling_param", "relu_param", "concat_param",
                                       "dropout_param", "softmax_param", "input_param"])
        self.init(name: name, kind: kind, bottoms: bottoms, tops: tops, line: message.line)
    }
}

/// Typed access to the fields of one message, remembering which were used so that unknown
/// fields can be rejected with their line.
struct FieldReader {
    let message: PrototxtMessage
    let file: String
    let context: String
    var layer: String?
    private var used: Set<String> = []

    init(_ message: PrototxtMessage, file: String, context: String, layer: String? = nil) {
        self.message = message
        self.file = file
        self.context = context
        self.layer = layer
    }

    private func error(_ line: Int, _ text: String) -> FormatError {
        FormatError(file: file, line: line, layer: layer, message: text)
    }

    mutating func messages(_ name: String) -> [PrototxtMessage] {
        used.insert(name)
        return message.all(name).compactMap { if case .message(let m) = $0.value { return m } else { return nil } }
    }

    private mutating func scalars(_ name: String) throws -> [(String, Int, Bool)] {
        used.insert(name)
        return try message.all(name).map { f in
            switch f.value {
            case .string(let s): return (s, f.line, true)
            case .bare(let s): return (s, f.line, false)
            case .message: throw error(f.line, "\(name) must be a scalar, not a message")
            }
        }
    }

    private mutating func single(_ name: String) throws -> (String, Int, Bool)? {
        let all = try scalars(name)
        if all.count > 1 { throw error(all[1].1, "\(name) given more than once in \(context)") }
        return all.first
    }

    mutating func string(_ name: String) throws -> String? {
        guard let (s, line, quoted) = try single(name) else { return nil }
        guard quoted else { throw error(line, "\(name) must be a quoted string") }
        return s
    }

    mutating func strings(_ name: String) throws -> [String] {
        try scalars(name).map { s, line, quoted in
            guard quoted else { throw error(line, "\(name) must be a quoted string") }
            return s
        }
    }

    mutating func bare(_ name: String) throws -> String? {
        guard let (s, line, quoted) = try single(name) else { return nil }
        guard !quoted else { throw error(line, "\(name) must not be quoted") }
        return s
    }

    private func parseInt(_ name: String, _ s: String, _ line: Int, _ quoted: Bool, min: Int) throws -> Int {
        guard !quoted, let v = Int(s) else { throw error(line, "\(name) must be an integer, found '\(s)'") }
        guard v >= min, v <= 1 << 30 else { throw error(line, "\(name) \(v) out of range") }
        return v
    }

    mutating func int(_ name: String, min: Int = 0) throws -> Int? {
        guard let (s, line, quoted) = try single(name) else { return nil }
        return try parseInt(name, s, line, quoted, min: min)
    }

    mutating func ints(_ name: String, min: Int = 0) throws -> [Int] {
        try scalars(name).map { s, line, quoted in try parseInt(name, s, line, quoted, min: min) }
    }

    mutating func double(_ name: String) throws -> Double? {
        guard let (s, line, quoted) = try single(name) else { return nil }
        guard !quoted, let v = Double(s), v.isFinite else { throw error(line, "\(name) must be a number, found '\(s)'") }
        return v
    }

    mutating func bool(_ name: String) throws -> Bool? {
        guard let (s, line, quoted) = try single(name) else { return nil }
        switch (s, quoted) {
        case ("true", false): return true
        case ("false", false): return false
        default: throw error(line, "\(name) must be true or false, found '\(s)'")
        }
    }

    /// Throws for the first field that was neither read nor listed in `ignoring`.
    func rejectUnknown(ignoring: Set<String> = []) throws {
        for f in message.fields where !used.contains(f.name) && !ignoring.contains(f.name) {
            throw error(f.line, "unsupported field '\(f.name)' in \(context)")
        }
    }
}
