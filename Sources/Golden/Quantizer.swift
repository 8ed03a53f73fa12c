/// Chooses per-tensor power-of-two scales from calibration data and quantises a network.
///
/// Rule (docs/ARCHITECTURE.md, "Quantiser"):
/// 1. Run the float network on the calibration inputs; `m(t)` = largest `|value|` of tensor `t`.
/// 2. A tensor's fractional bits are `f(m) = floor(log2((2^(W-1) - 1) / m))` (the most precise
///    scale whose range covers `m`; `m = 0` gives `W - 1`), clamped to `-W...3W`.
/// 3. Tensors that must share a scale form a group: ReLU and pooling outputs with their input,
///    a concat's output with all its inputs. A group takes the smallest `f` of its members.
/// 4. Weights of each conv/FC: `fw = f(max |w|)` over the layer; bias in accumulator units
///    (`fi + fw` bits) clamped to `±(2^(2W) - 1)`.
/// 5. `shift = fi + fw - fo`; if it would be negative the output group's `f` is lowered to
///    `fi + fw` (repeat until stable), so no left shift is ever needed.
/// A conv whose every consumer is a ReLU node gets its ReLU fused (`relu = true`), so it can
/// run `exact`; `inputNonNegative` comes from `Network.nonNegativeOutputs()`.
public struct Quantizer: Sendable {
    public var width: Int

    public init(width: Int = FixedPoint.defaultWidth) throws {
        try FixedPoint.checkWidth(width, layer: "quantizer")
        self.width = width
    }

    /// `floor(log2((2^(W-1) - 1) / m))`, clamped to `-W...3W`.
    public func fracBits(forMaxAbs m: Double) -> Int {
        let maxInt = Double(FixedPoint.maxValue(width: width))
        guard m > 0, m.isFinite else { return width - 1 }
        var f = 0
        while f < 3 * width && m * FixedPoint.pow2(f + 1) <= maxInt { f += 1 }
        while f > -width && m * FixedPoint.pow2(f) > maxInt { f -= 1 }
        return f
    }

    /// Quantises `network` using `calibration` inputs (at least one).
    public func quantize(_ network: Network, calibration: [Tensor]) throws -> QuantizedNetwork {
        guard !calibration.isEmpty else {
            throw LayerError(layer: "quantizer", field: "calibration", "at least one calibration input is needed")
        }
        let nodes = network.nodes
        var maxAbs = [Double](repeating: 0, count: nodes.count)
        for x in calibration {
            let outs = try network.forward(x)
            for (i, t) in outs.enumerated() {
                var m: Float = 0
                for v in t.data { m = max(m, abs(v)) }
                maxAbs[i] = max(maxAbs[i], Double(m))
            }
        }
        // scale groups (union-find)
        var parent = Array(nodes.indices)
        func find(_ i: Int) -> Int {
            var i = i
            while parent[i] != i { parent[i] = parent[parent[i]]; i = parent[i] }
            return i
        }
        func union(_ a: Int, _ b: Int) { let ra = find(a), rb = find(b); if ra != rb { parent[max(ra, rb)] = min(ra, rb) } }
        for (n, node) in nodes.enumerated() {
            switch node.op {
            case .relu, .pool, .globalAveragePool, .concat: for i in node.inputs { union(n, i) }
            default: break
            }
        }
        var groupF = [Int: Int]()
        for n in nodes.indices {
            let g = find(n)
            groupF[g] = min(groupF[g] ?? Int.max, fracBits(forMaxAbs: maxAbs[n]))
        }
        // weights
        var fw = [Int](repeating: 0, count: nodes.count)
        var relu = [Bool](repeating: false, count: nodes.count)
        var consumers = [[Int]](repeating: [], count: nodes.count)
        for (n, node) in nodes.enumerated() { for i in node.inputs { consumers[i].append(n) } }
        for (n, node) in nodes.enumerated() {
            switch node.op {
            case .conv(let c), .fullyConnected(let c):
                let m = c.weights.reduce(Float(0)) { max($0, abs($1)) }
                fw[n] = fracBits(forMaxAbs: Double(m))
                let allRelu = !consumers[n].isEmpty && consumers[n].allSatisfy {
                    if case .relu = nodes[$0].op { return true } else { return false }
                }
                relu[n] = c.relu || allRelu
            default: break
            }
        }
        // no left shifts: lower output groups until fo <= fi + fw everywhere
        var changed = true
        var passes = 0
        while changed && passes < 4 * nodes.count + 4 {
            changed = false
            passes += 1
            for (n, node) in nodes.enumerated() {
                switch node.op {
                case .conv, .fullyConnected:
                    let gi = find(node.inputs[0]), go = find(n)
                    let limit = groupF[gi]! + fw[n]
                    if groupF[go]! > limit { groupF[go] = limit; changed = true }
                default: break
                }
            }
        }
        let f = nodes.indices.map { groupF[find($0)]! }
        let nonNeg = network.nonNegativeOutputs()
        var layers = [QuantizedConv?](repeating: nil, count: nodes.count)
        for (n, node) in nodes.enumerated() {
            switch node.op {
            case .conv(let c), .fullyConnected(let c):
                var spec = c.spec
                spec.name = node.name
                let fi = f[node.inputs[0]], fo = f[n]
                let shift = fi + fw[n] - fo
                let ws = c.weights.map { FixedPoint.quantize(Double($0), fracBits: fw[n], width: width) }
                let bs = c.bias.map { FixedPoint.quantizeBias(Double($0), fracBits: fi + fw[n], width: width) }
                layers[n] = try QuantizedConv(spec: spec, width: width, weights: ws, bias: bs, shift: shift, relu: relu[n],
                                              inputNonNegative: nonNeg[node.inputs[0]], inputFracBits: fi,
                                              weightFracBits: fw[n], outputFracBits: fo)
            default: break
            }
        }
        return QuantizedNetwork(network: network, width: width, fracBits: f, layers: layers)
    }
}
