import Golden

/// Builds the golden model's `Network` from a Caffe description and decoded weights.
///
/// Mapping: Convolution → `.conv` (a ReLU applied in place right after it is fused into the
/// conv, `relu: true`); any other ReLU → `.relu`; max / average Pooling → `.pool` with Caffe's
/// round-up geometry; global average pooling → `.globalAveragePool`; Concat → `.concat`;
/// Dropout → nothing (the identity at inference). A final Softmax is omitted: it is monotone,
/// so classes and their order are unchanged. Node names are the Caffe layer names.
public struct CaffeGoldenGraph: Sendable {
    public let network: Network
    /// The node producing each Caffe blob (after all in-place layers).
    public let blobNode: [String: Int]
    /// The node of each Caffe layer that became a node.
    public let layerNode: [String: Int]

    public init(_ description: CaffeNetDescription, weights: [CompressedLayer]) throws {
        var byName: [String: CompressedLayer] = [:]
        for w in weights { byName[w.shape.layer] = w }
        let shapes = try description.blobShapes()
        var net = Network()
        var blob: [String: Int] = [:]
        var layerNode: [String: Int] = [:]
        let d = description.inputDimensions
        blob[description.input] = try net.add(description.input, .input(Shape(channels: d[1], height: d[2], width: d[3]), nonNegative: false))
        var fusedRelu = Set<Int>()
        for (index, layer) in description.layers.enumerated() {
            let inputs = try layer.bottoms.map { b -> Int in
                guard let n = blob[b] else { throw LayerError(layer: layer.name, field: "bottom", "blob '\(b)' not produced earlier") }
                return n
            }
            switch layer.kind {
            case .convolution(let p):
                guard let w = byName[layer.name] else {
                    throw LayerError(layer: layer.name, field: "weights", "no decoded weights for this convolution")
                }
                let inC = shapes[layer.bottoms[0]]!.channels
                let spec = ConvSpec(name: layer.name, inC: inC, outC: p.numOutput, kernel: p.kernelSize, stride: p.stride, pad: p.pad)
                let relu = description.inPlaceRelu(afterConvolutionAt: index)
                let n = try net.add(layer.name, .conv(try ConvLayer(spec: spec, weights: w.weights, bias: w.bias, relu: relu != nil)), inputs: inputs)
                if let relu { fusedRelu.insert(relu) }
                blob[layer.tops[0]] = n
                layerNode[layer.name] = n
            case .relu:
                if fusedRelu.contains(index) { continue }
                let n = try net.add(layer.name, .relu, inputs: inputs)
                blob[layer.tops[0]] = n
                layerNode[layer.name] = n
            case .pooling(let p):
                let op: LayerOp = p.global
                    ? (p.method == .average ? .globalAveragePool : .pool(PoolSpec(.max, kernel: shapes[layer.bottoms[0]]!.height, stride: 1)))
                    : .pool(PoolSpec(p.method == .max ? .max : .average, kernel: p.kernelSize, stride: p.stride, pad: p.pad))
                if p.global, p.method == .max, shapes[layer.bottoms[0]]!.height != shapes[layer.bottoms[0]]!.width {
                    throw LayerError(layer: layer.name, field: "global_pooling", "global max pooling needs a square input")
                }
                let n = try net.add(layer.name, op, inputs: inputs)
                blob[layer.tops[0]] = n
                layerNode[layer.name] = n
            case .concat:
                let n = try net.add(layer.name, .concat, inputs: inputs)
                blob[layer.tops[0]] = n
                layerNode[layer.name] = n
            case .dropout:
                blob[layer.tops[0]] = inputs[0]
            case .softmax:
                guard index == description.layers.count - 1 else {
                    throw LayerError(layer: layer.name, field: "type", "Softmax is supported only as the last layer")
                }
                blob[layer.tops[0]] = inputs[0]
            case .input:
                throw LayerError(layer: layer.name, field: "type", "Input layer after other layers")
            }
        }
        self.network = net
        self.blobNode = blob
        self.layerNode = layerNode
    }
}

extension CaffeNetDescription {
    /// Index of the ReLU that rectifies, in place, the blob written by the convolution at
    /// `index` before any other layer reads it (nil if there is none).
    func inPlaceRelu(afterConvolutionAt index: Int) -> Int? {
        let top = layers[index].tops[0]
        for j in (index + 1)..<layers.count {
            let later = layers[j]
            if case .relu = later.kind, later.bottoms == [top], later.tops == [top] { return j }
            if later.bottoms.contains(top) || later.tops.contains(top) { return nil }
        }
        return nil
    }
}
