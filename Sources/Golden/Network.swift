import Dispatch

/// A float convolution layer (reference path; quantised by `Quantizer`).
public struct ConvLayer: Sendable, Equatable {
    public var spec: ConvSpec
    /// `outC × inC × kH × kW`, row-major.
    public var weights: [Float]
    public var bias: [Float]
    /// ReLU after the convolution (fused).
    public var relu: Bool

    public init(spec: ConvSpec, weights: [Float], bias: [Float], relu: Bool = true) throws {
        try spec.validate()
        guard weights.count == spec.outC * spec.kernelSize else {
            throw LayerError(layer: spec.name, field: "weights",
                             "\(weights.count) weights, expected outC*inC*kH*kW = \(spec.outC * spec.kernelSize)")
        }
        guard bias.count == spec.outC else {
            throw LayerError(layer: spec.name, field: "bias", "\(bias.count) biases, expected outC = \(spec.outC)")
        }
        if let bad = weights.firstIndex(where: { !$0.isFinite }) {
            throw LayerError(layer: spec.name, field: "weights", "weight \(bad) is not finite")
        }
        if let bad = bias.firstIndex(where: { !$0.isFinite }) {
            throw LayerError(layer: spec.name, field: "bias", "bias \(bad) is not finite")
        }
        self.spec = spec
        self.weights = weights
        self.bias = bias
        self.relu = relu
    }

    /// Float convolution (+ ReLU if set), kernels spread across cores, zero weights skipped.
    public func apply(_ x: Tensor) throws -> Tensor {
        let (ho, wo) = try spec.outputSize(inputChannels: x.channels, height: x.height, width: x.width)
        let s = spec
        var out = [Float](repeating: 0, count: s.outC * ho * wo)
        let h = x.height, w = x.width, relu = relu
        let weights = weights, bias = bias, input = x.data
        // valid output range along one axis for kernel offset `kk`: in = o*stride + kk - pad in [0, n)
        func range(_ kk: Int, _ n: Int, _ outN: Int) -> Range<Int> {
            let lo = max(0, (s.pad - kk + s.stride - 1) / s.stride)
            let num = n - 1 + s.pad - kk
            let hi = num < 0 ? -1 : min(outN - 1, num / s.stride)
            return lo <= hi ? lo..<(hi + 1) : 0..<0
        }
        let yRanges = (0..<s.kH).map { range($0, h, ho) }, xRanges = (0..<s.kW).map { range($0, w, wo) }
        out.withUnsafeMutableBufferPointer { ob in
        weights.withUnsafeBufferPointer { wb in
        input.withUnsafeBufferPointer { ib in
            let op = SendablePointer(p: ob.baseAddress!)
            let wp = SendablePointer(p: UnsafeMutablePointer(mutating: wb.baseAddress!))
            let ip = SendablePointer(p: UnsafeMutablePointer(mutating: ib.baseAddress!))
            DispatchQueue.concurrentPerform(iterations: s.outC) { k in
                let o = op.p + k * ho * wo
                let x = UnsafePointer(ip.p)
                for i in 0..<(ho * wo) { o[i] = bias[k] }
                for c in 0..<s.inC {
                    for ky in 0..<s.kH {
                        for kx in 0..<s.kW {
                            let wv = wp.p[((k * s.inC + c) * s.kH + ky) * s.kW + kx]
                            if wv == 0 { continue }
                            let xr = xRanges[kx]
                            for oy in yRanges[ky] {
                                let row = x + ((c * h + oy * s.stride + ky - s.pad) * w + kx - s.pad)
                                let orow = o + oy * wo
                                if s.stride == 1 {
                                    for ox in xr { orow[ox] += wv * row[ox] }
                                } else {
                                    for ox in xr { orow[ox] += wv * row[ox * s.stride] }
                                }
                            }
                        }
                    }
                }
                if relu { for i in 0..<(ho * wo) where o[i] < 0 { o[i] = 0 } }
            }
        }
        }
        }
        return try Tensor(channels: s.outC, height: ho, width: wo, data: out, name: s.name)
    }
}

/// One operation of a network graph.
public enum LayerOp: Sendable, Equatable {
    /// The network input; `nonNegative` declares that its values are >= 0 (e.g. raw pixels).
    case input(Shape, nonNegative: Bool)
    case conv(ConvLayer)
    case relu
    case pool(PoolSpec)
    /// Average over all `H × W` positions: `C × 1 × 1`.
    case globalAveragePool
    /// Channel concatenation of all inputs (equal `H × W`).
    case concat
    /// Fully connected layer as a 1×1 convolution on the input flattened to `(C·H·W) × 1 × 1`
    /// (`spec.inC` must be `C·H·W`, `kH = kW = 1`).
    case fullyConnected(ConvLayer)
}

/// A node: a named operation applied to the outputs of earlier nodes.
public struct Node: Sendable, Equatable {
    public var name: String
    public var op: LayerOp
    public var inputs: [Int]
}

/// A network graph (a DAG: every node reads only earlier nodes), with branches and concat
/// (SqueezeNet fire modules). Shapes are inferred and checked when a node is added.
public struct Network: Sendable, Equatable {
    public private(set) var nodes: [Node] = []
    /// Output shape of every node.
    public private(set) var shapes: [Shape] = []

    public init() {}

    /// Index of the node called `name`.
    public func index(of name: String) -> Int? { nodes.firstIndex { $0.name == name } }

    /// Adds a node and returns its index. Throws a `LayerError` naming the node and the field.
    @discardableResult
    public mutating func add(_ name: String, _ op: LayerOp, inputs: [Int] = []) throws -> Int {
        if index(of: name) != nil { throw LayerError(layer: name, field: "name", "a node with this name exists") }
        for i in inputs where i < 0 || i >= nodes.count {
            throw LayerError(layer: name, field: "inputs", "input index \(i) does not name an earlier node")
        }
        let ins = inputs.map { shapes[$0] }
        func one() throws -> Shape {
            guard ins.count == 1 else {
                throw LayerError(layer: name, field: "inputs", "expects exactly 1 input (got \(ins.count))")
            }
            return ins[0]
        }
        let shape: Shape
        switch op {
        case .input(let s, _):
            guard inputs.isEmpty else { throw LayerError(layer: name, field: "inputs", "an input node has no inputs") }
            guard s.channels >= 1, s.height >= 1, s.width >= 1 else {
                throw LayerError(layer: name, field: "shape", "input shape \(s) must be at least 1x1x1")
            }
            shape = s
        case .conv(let c):
            let i = try one()
            var spec = c.spec
            spec.name = name
            let (h, w) = try spec.outputSize(inputChannels: i.channels, height: i.height, width: i.width)
            shape = Shape(channels: c.spec.outC, height: h, width: w)
        case .fullyConnected(let c):
            let i = try one()
            guard c.spec.kH == 1, c.spec.kW == 1, c.spec.stride == 1, c.spec.pad == 0 else {
                throw LayerError(layer: name, field: "kernel", "a fully connected layer is a 1x1 convolution, stride 1, pad 0")
            }
            guard c.spec.inC == i.count else {
                throw LayerError(layer: name, field: "inC", "input has \(i.count) features (\(i)), layer expects \(c.spec.inC)")
            }
            shape = Shape(channels: c.spec.outC, height: 1, width: 1)
        case .relu:
            shape = try one()
        case .pool(let p):
            let i = try one()
            let (h, w) = try p.outputSize(layer: name, height: i.height, width: i.width)
            shape = Shape(channels: i.channels, height: h, width: w)
        case .globalAveragePool:
            shape = Shape(channels: try one().channels, height: 1, width: 1)
        case .concat:
            guard let f = ins.first else { throw LayerError(layer: name, field: "inputs", "concat needs at least 1 input") }
            for s in ins where s.height != f.height || s.width != f.width {
                throw LayerError(layer: name, field: "inputs", "concat inputs differ in size: \(f) vs \(s)")
            }
            shape = Shape(channels: ins.reduce(0) { $0 + $1.channels }, height: f.height, width: f.width)
        }
        nodes.append(Node(name: name, op: op, inputs: inputs))
        shapes.append(shape)
        return nodes.count - 1
    }

    /// Index of the (single) input node.
    public var inputNode: Int? { nodes.firstIndex { if case .input = $0.op { return true } else { return false } } }

    /// Float forward pass; returns the output of every node.
    public func forward(_ x: Tensor) throws -> [Tensor] {
        guard let inp = inputNode else { throw LayerError(layer: "network", field: "input", "the network has no input node") }
        var outs: [Tensor] = []
        outs.reserveCapacity(nodes.count)
        for (n, node) in nodes.enumerated() {
            let ins = node.inputs.map { outs[$0] }
            switch node.op {
            case .input(let s, _):
                guard n == inp else { throw LayerError(layer: node.name, field: "input", "only one input node is supported") }
                guard x.shape == s else {
                    throw LayerError(layer: node.name, field: "shape", "input tensor is \(x.shape), network expects \(s)")
                }
                outs.append(x)
            case .conv(let c):
                outs.append(try c.apply(ins[0]))
            case .fullyConnected(let c):
                let flat = try Tensor(channels: ins[0].count, height: 1, width: 1, data: ins[0].data, name: node.name)
                outs.append(try c.apply(flat))
            case .relu:
                var t = ins[0]
                for i in 0..<t.data.count where t.data[i] < 0 { t.data[i] = 0 }
                outs.append(t)
            case .pool(let p):
                outs.append(try p.apply(ins[0], layer: node.name))
            case .globalAveragePool:
                let t = ins[0]
                var o = Tensor(channels: t.channels, height: 1, width: 1)
                let hw = t.height * t.width
                for c in 0..<t.channels {
                    var s: Float = 0
                    for i in (c * hw)..<((c + 1) * hw) { s += t.data[i] }
                    o.data[c] = s / Float(hw)
                }
                outs.append(o)
            case .concat:
                var data: [Float] = []
                for t in ins { data += t.data }
                outs.append(try Tensor(channels: shapes[n].channels, height: shapes[n].height, width: shapes[n].width,
                                       data: data, name: node.name))
            }
        }
        return outs
    }

    /// True for every node whose output is known to be non-negative (static analysis:
    /// ReLU, a conv/FC with fused ReLU, pooling of non-negative values, concat of non-negative
    /// tensors, an input declared non-negative).
    public func nonNegativeOutputs() -> [Bool] {
        var nn: [Bool] = []
        for node in nodes {
            switch node.op {
            case .input(_, let n): nn.append(n)
            case .conv(let c), .fullyConnected(let c): nn.append(c.relu)
            case .relu: nn.append(true)
            case .pool, .globalAveragePool: nn.append(nn[node.inputs[0]])
            case .concat: nn.append(node.inputs.allSatisfy { nn[$0] })
            }
        }
        return nn
    }
}
