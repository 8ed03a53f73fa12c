/// A network in fixed point: per-node output scales and one `QuantizedConv` per conv/FC node.
/// Built by `Quantizer`.
public struct QuantizedNetwork: Sendable {
    public var network: Network
    /// Word width `W`.
    public var width: Int
    /// Fractional bits of every node's output tensor.
    public var fracBits: [Int]
    /// The quantised layer of every conv / fully connected node (nil for other nodes).
    public var layers: [QuantizedConv?]

    public init(network: Network, width: Int, fracBits: [Int], layers: [QuantizedConv?]) {
        self.network = network
        self.width = width
        self.fracBits = fracBits
        self.layers = layers
    }

    /// Names of the conv / FC nodes, in order.
    public var layerNames: [String] {
        network.nodes.indices.compactMap { layers[$0] != nil ? network.nodes[$0].name : nil }
    }

    /// Quantises a float input with the input node's scale.
    public func quantizeInput(_ x: Tensor) throws -> QTensor {
        guard let i = network.inputNode else { throw LayerError(layer: "network", field: "input", "no input node") }
        return QTensor(quantizing: x, fracBits: fracBits[i], wordWidth: width)
    }

    /// Fixed-point forward pass. Each conv/FC node runs with `compilers[name]` if given, else
    /// `Compiler(mode: mode)`; `LayerExecutor.effectiveMode` guards layers with signed inputs.
    public func forward(_ x: Tensor, mode: Mode, compilers: [String: Compiler] = [:],
                        trackPredictionErrors: Bool = true) throws -> QuantizedRun {
        try forward(quantized: try quantizeInput(x), mode: mode, compilers: compilers,
                    trackPredictionErrors: trackPredictionErrors)
    }

    /// Forward pass on the accelerator model: every conv/FC layer is tiled by `capacities` and
    /// timed by `cycleModel`; other nodes (pooling, concat) are not timed.
    public func runOnAccelerator(_ x: Tensor, mode: Mode, compilers: [String: Compiler] = [:],
                                 capacities: BufferCapacities, cycleModel: CycleModel) throws -> AcceleratorRun {
        let q = try quantizeInput(x)
        let r = try forward(quantized: q, mode: mode, compilers: compilers, trackPredictionErrors: true)
        var tiled: [TiledLayerRun] = []
        var total = ActivityCounts()
        var li = 0
        for (n, node) in network.nodes.enumerated() {
            guard let layer = layers[n] else { continue }
            var inp = r.outputs[node.inputs[0]]
            if case .fullyConnected = node.op {
                inp = try QTensor(channels: inp.count, height: 1, width: 1, fracBits: inp.fracBits, data: inp.data,
                                  name: node.name)
            }
            let pre = LayerRun(output: r.outputs[n], executedOps: r.executedOps[node.name]!,
                               stops: [], stats: r.layerStats[li])
            li += 1
            let t = try LayerTiler.run(layer, input: inp, compiler: compilers[node.name] ?? Compiler(mode: mode),
                                       capacities: capacities, cycleModel: cycleModel, precomputed: pre)
            tiled.append(t)
            total = total + t.activity
        }
        return AcceleratorRun(run: r, layers: tiled, activity: total)
    }

    /// Fixed-point forward pass from an already quantised input.
    public func forward(quantized x: QTensor, mode: Mode, compilers: [String: Compiler] = [:],
                        trackPredictionErrors: Bool = true) throws -> QuantizedRun {
        var outs: [QTensor] = []
        var stats: [LayerStats] = []
        var ops: [String: [Int32]] = [:]
        for (n, node) in network.nodes.enumerated() {
            let ins = node.inputs.map { outs[$0] }
            switch node.op {
            case .input(let s, _):
                guard x.shape == s else {
                    throw LayerError(layer: node.name, field: "shape", "input tensor is \(x.shape), network expects \(s)")
                }
                outs.append(x)
            case .conv, .fullyConnected:
                guard let layer = layers[n] else {
                    throw LayerError(layer: node.name, field: "weights", "layer was not quantised")
                }
                var inp = ins[0]
                if case .fullyConnected = node.op {
                    inp = try QTensor(channels: inp.count, height: 1, width: 1, fracBits: inp.fracBits, data: inp.data,
                                      name: node.name)
                }
                let comp = compilers[node.name] ?? Compiler(mode: mode)
                let r = try LayerExecutor.run(layer, input: inp, compiler: comp,
                                              trackPredictionErrors: trackPredictionErrors)
                outs.append(r.output)
                stats.append(r.stats)
                ops[node.name] = r.executedOps
            case .relu:
                var t = ins[0]
                for i in 0..<t.data.count where t.data[i] < 0 { t.data[i] = 0 }
                outs.append(t)
            case .pool(let p):
                outs.append(try p.apply(ins[0], layer: node.name))
            case .globalAveragePool:
                let t = ins[0]
                var o = QTensor(channels: t.channels, height: 1, width: 1, fracBits: t.fracBits)
                let hw = t.height * t.width
                for c in 0..<t.channels {
                    var s: Int64 = 0
                    for i in (c * hw)..<((c + 1) * hw) { s += Int64(t.data[i]) }
                    o.data[c] = PoolSpec.roundedDivide(s, Int64(hw))
                }
                outs.append(o)
            case .concat:
                let f = ins[0].fracBits
                if let bad = ins.first(where: { $0.fracBits != f }) {
                    throw LayerError(layer: node.name, field: "fracBits",
                                     "concat inputs have different scales (\(f) vs \(bad.fracBits) fractional bits)")
                }
                var data: [Int32] = []
                for t in ins { data += t.data }
                let s = network.shapes[n]
                outs.append(try QTensor(channels: s.channels, height: s.height, width: s.width, fracBits: f, data: data,
                                        name: node.name))
            }
        }
        return QuantizedRun(outputs: outs, layerStats: stats, executedOps: ops)
    }
}

/// The result of a fixed-point forward pass.
public struct QuantizedRun: Sendable {
    /// Output of every node.
    public var outputs: [QTensor]
    /// Statistics of every conv/FC layer, in network order.
    public var layerStats: [LayerStats]
    /// Executed ops per output of every conv/FC layer, by name.
    public var executedOps: [String: [Int32]]
}

/// A network run on the accelerator model.
public struct AcceleratorRun: Sendable {
    /// The functional run (outputs and statistics of every node).
    public var run: QuantizedRun
    /// One tiled run per conv/FC layer, in network order.
    public var layers: [TiledLayerRun]
    /// Activity summed over the layers (cycles = Σ layer cycles).
    public var activity: ActivityCounts
}
