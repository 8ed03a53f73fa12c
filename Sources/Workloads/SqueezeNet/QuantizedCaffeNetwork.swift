import Foundation
import Golden

/// A Caffe network in the golden model's fixed point: every convolution is a Golden
/// `QuantizedConv` run by `LayerExecutor` (so its mode, op counts and statistics are the golden
/// model's), max pooling and concatenation work on the integers, dropout is the identity, and a
/// final global average pooling produces real-valued scores.
///
/// Quantiser (power-of-two scales, `docs/ARCHITECTURE.md` "Arithmetic"):
/// - every blob gets fractional bits `f = floor(log2((2^(W−1) − 1) / max|x|)) − headroom` from
///   calibration maxima (`headroom` bits, default 1, guard against inputs larger than the
///   calibration set; the network input gets none, its range is fixed by the preprocessing);
/// - blobs that must share a scale (a concat's inputs and output, a pooling's input and
///   output, in-place layers) take the smallest `f` of their group;
/// - weights get `fw = floor(log2((2^(W−1) − 1) / max|w|))` per layer, biases `fi + fw`;
/// - the shift `s = fi + fw − fo` must be ≥ 0 (no left shifts): where it would be negative
///   the output group's `f` is lowered to `fi + fw` (the accumulator has no finer bits), until
///   no layer needs a left shift.
public struct QuantizedCaffeNetwork: Sendable {
    public let network: CaffeNetDescription
    /// Word width `W`.
    public let width: Int
    /// Fractional bits of every blob.
    public let fracBits: [String: Int]
    /// The convolution layers in file order.
    public let convolutions: [QuantizedConv]

    /// Quantises `reference`'s network with the ranges of `calibration`.
    public static func quantize(_ reference: CaffeFloatReference, calibration: BlobCalibration,
                                width: Int = FixedPoint.defaultWidth, headroomBits: Int = 1) throws -> QuantizedCaffeNetwork {
        let net = reference.network
        try FixedPoint.checkWidth(width, layer: net.name.isEmpty ? "network" : net.name)
        let maxV = Double(FixedPoint.maxValue(width: width))
        func bits(_ m: Double, headroom: Int) -> Int {
            guard m > 0 else { return width - 1 }
            return Int((maxV / m).log2Floor) - headroom
        }
        // Union-find over blob names.
        var parent: [String: String] = [:]
        func find(_ a: String) -> String {
            var r = a
            while let p = parent[r], p != r { r = p }
            return r
        }
        func union(_ a: String, _ b: String) {
            let ra = find(a), rb = find(b)
            if ra != rb { parent[ra] = rb }
        }
        var f: [String: Int] = [:]
        f[net.input] = bits(Double(calibration.maxAbs[net.input] ?? 0), headroom: 0)
        for layer in net.layers {
            for top in layer.tops where top != net.input {
                let m = Double(calibration.maxAbs[top] ?? 0)
                f[top] = min(f[top] ?? Int.max, bits(m, headroom: headroomBits))
            }
            switch layer.kind {
            case .concat, .relu, .dropout:
                for b in layer.bottoms { union(b, layer.tops[0]) }
            case .pooling(let p) where p.method == .max && !p.global:
                union(layer.bottoms[0], layer.tops[0])
            default: break
            }
        }
        let shapes = try net.convolutionShapes()
        var weightBits: [String: Int] = [:]
        for shape in shapes {
            guard let w = reference.weights[shape.layer] else {
                throw LayerError(layer: shape.layer, field: "weights", "no decoded weights for this convolution")
            }
            let m = w.weights.reduce(Float(0)) { max($0, abs($1)) }
            weightBits[shape.layer] = bits(Double(m), headroom: 0)
        }
        // Group minimum, then lower groups until no layer needs a left shift.
        var groupBits: [String: Int] = [:]
        for (blob, v) in f { groupBits[find(blob), default: Int.max] = min(groupBits[find(blob), default: Int.max], v) }
        var changed = true
        while changed {
            changed = false
            for layer in net.layers {
                guard case .convolution = layer.kind else { continue }
                let fi = groupBits[find(layer.bottoms[0])]!, fw = weightBits[layer.name]!
                let g = find(layer.tops[0])
                if groupBits[g]! > fi + fw { groupBits[g] = fi + fw; changed = true }
            }
        }
        var frac: [String: Int] = [:]
        for blob in f.keys { frac[blob] = groupBits[find(blob)]! }

        var convs: [QuantizedConv] = []
        for (index, layer) in net.layers.enumerated() {
            guard case .convolution(let p) = layer.kind else { continue }
            let shape = shapes[convs.count]
            let w = reference.weights[layer.name]!
            let fi = frac[layer.bottoms[0]]!, fw = weightBits[layer.name]!, fo = frac[layer.tops[0]]!
            let q = w.weights.map { FixedPoint.quantize(Double($0), fracBits: fw, width: width) }
            let b = w.bias.map { FixedPoint.quantizeBias(Double($0), fracBits: fi + fw, width: width) }
            let spec = ConvSpec(name: layer.name, inC: shape.inputs, outC: shape.outputs, kernel: p.kernelSize,
                                stride: p.stride, pad: p.pad)
            convs.append(try QuantizedConv(spec: spec, width: width, weights: q, bias: b, shift: fi + fw - fo,
                                           relu: net.reluFollows(convolutionAt: index),
                                           inputNonNegative: net.isNonNegative(blob: layer.bottoms[0], before: index),
                                           inputFracBits: fi, weightFracBits: fw, outputFracBits: fo))
        }
        return QuantizedCaffeNetwork(network: net, width: width, fracBits: frac, convolutions: convs)
    }

    init(network: CaffeNetDescription, width: Int, fracBits: [String: Int], convolutions: [QuantizedConv]) {
        self.network = network
        self.width = width
        self.fracBits = fracBits
        self.convolutions = convolutions
    }

    /// The quantised network input (C×H×W floats → `W`-bit integers at the input's scale).
    public func quantizeInput(_ x: [Float]) throws -> QTensor {
        let d = network.inputDimensions
        let t = try Tensor(channels: d[1], height: d[2], width: d[3], data: x, name: network.input)
        return QTensor(quantizing: t, fracBits: fracBits[network.input]!, wordWidth: width)
    }

    /// Runs the network. `compiler(layer)` gives each convolution's compiler (mode, order,
    /// predictive settings); `keepLayerInputs` records each convolution's input tensor.
    public func run(_ input: QTensor, compiler: (QuantizedConv) -> Compiler,
                    keepLayerInputs: Bool = false) throws -> FixedPointRun {
        var blobs: [String: QTensor] = [network.input: input]
        var stats: [LayerStats] = []
        var inputs: [QTensor] = []
        var scores: [Double] = []
        var convIndex = 0
        for (index, layer) in network.layers.enumerated() {
            let x = blobs[layer.bottoms[0]]!
            var y: QTensor
            switch layer.kind {
            case .convolution:
                let conv = convolutions[convIndex]
                convIndex += 1
                if keepLayerInputs { inputs.append(x) }
                let r = try LayerExecutor.run(conv, input: x, compiler: compiler(conv))
                stats.append(r.stats)
                y = r.output
            case .relu:
                y = x
                if y.data.contains(where: { $0 < 0 }) { y.data = y.data.map { max($0, 0) } }
            case .dropout:
                y = x
            case .concat:
                let parts = layer.bottoms.map { blobs[$0]! }
                for p in parts where p.fracBits != x.fracBits {
                    throw LayerError(layer: layer.name, field: "fracBits", "concat inputs at different scales \(x.fracBits) and \(p.fracBits)")
                }
                y = try QTensor(channels: parts.reduce(0) { $0 + $1.channels }, height: x.height, width: x.width,
                                fracBits: x.fracBits, data: parts.flatMap(\.data), name: layer.name)
            case .pooling(let p) where p.method == .max && !p.global:
                y = Self.maxPool(x, p)
            case .pooling(let p) where p.method == .average && p.global:
                // Scores at full precision: the mean of the integers, scaled.
                let hw = x.height * x.width
                var means = [Double](repeating: 0, count: x.channels)
                var q = [Int32](repeating: 0, count: x.channels)
                for c in 0..<x.channels {
                    var s: Int64 = 0
                    for i in (c * hw)..<((c + 1) * hw) { s += Int64(x.data[i]) }
                    means[c] = Double(s) / Double(hw) * FixedPoint.pow2(-x.fracBits)
                    // Floor of mean + 1/2 (round half up).
                    let num = 2 * s + Int64(hw), den = 2 * Int64(hw)
                    q[c] = FixedPoint.saturate(num >= 0 ? num / den : -((-num + den - 1) / den), width: width)
                }
                if index == network.layers.count - 1 { scores = means }
                y = try QTensor(channels: x.channels, height: 1, width: 1, fracBits: x.fracBits, data: q, name: layer.name)
            case .softmax where index == network.layers.count - 1:
                y = x
            default:
                throw LayerError(layer: layer.name, field: "type", "not supported by the fixed-point interpreter")
            }
            blobs[layer.tops[0]] = y
        }
        if scores.isEmpty {
            let last = blobs[network.layers.last!.tops[0]]!
            scores = last.data.map { Double($0) * FixedPoint.pow2(-last.fracBits) }
        }
        return FixedPointRun(scores: scores, layerStats: stats, layerInputs: inputs)
    }

    /// Runs every convolution in `mode` with the compiler's defaults.
    public func run(_ input: QTensor, mode: Mode, keepLayerInputs: Bool = false) throws -> FixedPointRun {
        try run(input, compiler: { _ in Compiler(mode: mode) }, keepLayerInputs: keepLayerInputs)
    }

    /// Caffe max pooling (round-up output size, windows clipped to the input) on integers.
    static func maxPool(_ x: QTensor, _ p: CaffeLayer.Pooling) -> QTensor {
        func size(_ n: Int) -> Int {
            var o = (n + 2 * p.pad - p.kernelSize + p.stride - 1) / p.stride + 1
            if p.pad > 0, (o - 1) * p.stride >= n + p.pad { o -= 1 }
            return o
        }
        let hout = size(x.height), wout = size(x.width)
        var out = QTensor(channels: x.channels, height: hout, width: wout, fracBits: x.fracBits)
        for c in 0..<x.channels {
            for oy in 0..<hout {
                let y0 = max(oy * p.stride - p.pad, 0), y1 = min(oy * p.stride - p.pad + p.kernelSize, x.height)
                for ox in 0..<wout {
                    let x0 = max(ox * p.stride - p.pad, 0), x1 = min(ox * p.stride - p.pad + p.kernelSize, x.width)
                    var m = Int32.min
                    for iy in y0..<y1 {
                        for ix in x0..<x1 { m = max(m, x.data[(c * x.height + iy) * x.width + ix]) }
                    }
                    out.data[(c * hout + oy) * wout + ox] = m
                }
            }
        }
        return out
    }
}

/// One fixed-point run of a network.
public struct FixedPointRun: Sendable {
    /// The network's final output (for SqueezeNet: the 1000 averaged class scores).
    public var scores: [Double]
    /// Golden-model statistics of every convolution, in file order.
    public var layerStats: [LayerStats]
    /// Each convolution's input (only when requested).
    public var layerInputs: [QTensor]
}

extension Double {
    /// `floor(log2(self))` for positive finite values.
    var log2Floor: Double { (Foundation.log2(self)).rounded(.down) }
}

extension CaffeNetDescription {
    /// True when the convolution at `index` writes a blob that a ReLU then rectifies in place
    /// (the ReLU is fused into the golden model's requantisation).
    func reluFollows(convolutionAt index: Int) -> Bool {
        let top = layers[index].tops[0]
        for later in layers[(index + 1)...] {
            if case .relu = later.kind, later.bottoms == [top], later.tops == [top] { return true }
            if later.bottoms.contains(top) || later.tops.contains(top) { return false }
        }
        return false
    }

    /// True when `blob` (as read by layer `index`) is produced by a ReLU'd convolution, or by
    /// max pooling / concat / dropout of such blobs; the network input is not.
    func isNonNegative(blob: String, before index: Int) -> Bool {
        if blob == input { return false }
        guard let producer = layers[..<index].lastIndex(where: { $0.tops.contains(blob) }) else { return false }
        let l = layers[producer]
        switch l.kind {
        case .relu: return true
        case .convolution: return reluFollows(convolutionAt: producer)
        case .pooling(let p) where p.method == .max: return l.bottoms.allSatisfy { isNonNegative(blob: $0, before: producer) }
        case .concat, .dropout: return l.bottoms.allSatisfy { isNonNegative(blob: $0, before: producer) }
        default: return false
        }
    }
}
