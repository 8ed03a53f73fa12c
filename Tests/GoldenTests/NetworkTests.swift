import XCTest
import Golden

/// A small SqueezeNet-like network: conv -> relu -> maxpool -> fire (squeeze 1x1, expand 1x1 +
/// expand 3x3, concat) -> conv 1x1 -> global average pool; plus an optional FC head.
func makeTinyNet(rng: inout SplitMix, inC: Int = 3, size: Int = 12, signedInput: Bool = true, fc: Bool = false) throws -> Network {
    func conv(_ name: String, _ i: Int, _ o: Int, _ k: Int, stride: Int = 1, pad: Int = 0, relu: Bool = false) throws -> ConvLayer {
        let spec = ConvSpec(name: name, inC: i, outC: o, kernel: k, stride: stride, pad: pad)
        let scale = Float(1.5 / Double(i * k * k).squareRoot())
        let w: [Float] = (0..<(o * i * k * k)).map { _ in rng.chance(0.3) ? 0 : Float(rng.double() * 2 - 1) * scale }
        let b: [Float] = (0..<o).map { _ in Float(rng.double() * 0.2 - 0.1) }
        return try ConvLayer(spec: spec, weights: w, bias: b, relu: relu)
    }
    var n = Network()
    let x = try n.add("data", .input(Shape(channels: inC, height: size, width: size), nonNegative: !signedInput))
    let c1 = try n.add("conv1", .conv(conv("conv1", inC, 8, 3, stride: 1, pad: 1)), inputs: [x])
    let r1 = try n.add("relu1", .relu, inputs: [c1])
    let p1 = try n.add("pool1", .pool(PoolSpec(.max, kernel: 3, stride: 2)), inputs: [r1])
    let sq = try n.add("fire2/squeeze1x1", .conv(conv("sq", 8, 4, 1, relu: true)), inputs: [p1])
    let e1 = try n.add("fire2/expand1x1", .conv(conv("e1", 4, 6, 1)), inputs: [sq])
    let e1r = try n.add("fire2/relu_expand1x1", .relu, inputs: [e1])
    let e3 = try n.add("fire2/expand3x3", .conv(conv("e3", 4, 6, 3, pad: 1)), inputs: [sq])
    let e3r = try n.add("fire2/relu_expand3x3", .relu, inputs: [e3])
    let cat = try n.add("fire2/concat", .concat, inputs: [e1r, e3r])
    let p2 = try n.add("pool2", .pool(PoolSpec(.average, kernel: 2, stride: 2, pad: 1)), inputs: [cat])
    let c10 = try n.add("conv10", .conv(conv("c10", 12, 5, 1, relu: true)), inputs: [p2])
    let g = try n.add("pool10", .globalAveragePool, inputs: [c10])
    if fc {
        try n.add("fc", .fullyConnected(conv("fc", 5, 4, 1)), inputs: [g])
    }
    return n
}

func randomImage(_ rng: inout SplitMix, c: Int = 3, size: Int = 12, signed: Bool = true) throws -> Tensor {
    try Tensor(channels: c, height: size, width: size,
               data: (0..<(c * size * size)).map { _ in Float(signed ? rng.double() * 2 - 1 : rng.double()) })
}

final class NetworkTests: XCTestCase {
    func testShapesAndFloatGraph() throws {
        var rng = SplitMix(seed: 11)
        let net = try makeTinyNet(rng: &rng, fc: true)
        // 12 -> conv3 pad1: 12 -> pool 3/2: ceil(9/2)+1 = 6 -> fire: 6 -> avgpool 2/2 pad1: ceil(6/2)+1 = 4, 3*2 >= 7? no -> 4
        XCTAssertEqual(net.shapes[net.index(of: "pool1")!], Shape(channels: 8, height: 6, width: 6))
        XCTAssertEqual(net.shapes[net.index(of: "fire2/concat")!], Shape(channels: 12, height: 6, width: 6))
        XCTAssertEqual(net.shapes[net.index(of: "pool2")!], Shape(channels: 12, height: 4, width: 4))
        XCTAssertEqual(net.shapes[net.index(of: "pool10")!], Shape(channels: 5, height: 1, width: 1))
        XCTAssertEqual(net.shapes[net.index(of: "fc")!], Shape(channels: 4, height: 1, width: 1))
        let img = try randomImage(&rng)
        let outs = try net.forward(img)
        // concat = expand1x1 channels then expand3x3 channels
        let cat = outs[net.index(of: "fire2/concat")!]
        let e1 = outs[net.index(of: "fire2/relu_expand1x1")!], e3 = outs[net.index(of: "fire2/relu_expand3x3")!]
        XCTAssertEqual(cat.data, e1.data + e3.data)
        // global average pool by hand
        let c10 = outs[net.index(of: "conv10")!], g = outs[net.index(of: "pool10")!]
        for c in 0..<5 {
            let m = c10.data[(c * 16)..<((c + 1) * 16)].reduce(0, +) / 16
            XCTAssertEqual(g.data[c], m, accuracy: 1e-5)
        }
        // float conv against an independent naive loop (conv1, 3→8 channels, 3×3, pad 1)
        guard case .conv(let layer) = net.nodes[1].op else { return XCTFail() }
        let c1 = outs[1]
        for k in 0..<8 { for oy in 0..<12 { for ox in 0..<12 {
            var s = Double(layer.bias[k])
            for c in 0..<3 { for ky in 0..<3 { for kx in 0..<3 {
                let y = oy + ky - 1, x = ox + kx - 1
                if y < 0 || y >= 12 || x < 0 || x >= 12 { continue }
                s += Double(layer.weights[((k * 3 + c) * 3 + ky) * 3 + kx]) * Double(img[c, y, x])
            } } }
            XCTAssertEqual(Double(c1[k, oy, ox]), s, accuracy: 1e-4)
        } } }
    }

    func testGraphErrorsNameNodeAndField() throws {
        var rng = SplitMix(seed: 3)
        var n = Network()
        let x = try n.add("data", .input(Shape(channels: 3, height: 8, width: 8), nonNegative: true))
        let bad = try ConvLayer(spec: ConvSpec(name: "c", inC: 4, outC: 2, kernel: 3), weights: [Float](repeating: 0, count: 72),
                                bias: [0, 0])
        XCTAssertThrowsError(try n.add("convA", .conv(bad), inputs: [x])) { e in
            XCTAssertEqual((e as? LayerError)?.layer, "convA")
            XCTAssertEqual((e as? LayerError)?.field, "inC")
        }
        XCTAssertThrowsError(try n.add("convB", .relu, inputs: [5])) { e in
            XCTAssertEqual((e as? LayerError)?.field, "inputs")
        }
        let p = try n.add("p", .pool(PoolSpec(.max, kernel: 2, stride: 2)), inputs: [x])
        XCTAssertThrowsError(try n.add("cat", .concat, inputs: [x, p])) { e in
            XCTAssertEqual((e as? LayerError)?.layer, "cat")
            XCTAssertEqual((e as? LayerError)?.field, "inputs")
        }
        XCTAssertThrowsError(try ConvLayer(spec: ConvSpec(name: "convC", inC: 1, outC: 1, kernel: 1, stride: 0),
                                           weights: [1], bias: [0])) { e in
            XCTAssertEqual((e as? LayerError)?.layer, "convC")
            XCTAssertEqual((e as? LayerError)?.field, "stride")
        }
        _ = rng.next()
    }

    /// Fixed point: exact == dense bit for bit through the whole graph; the first layer (signed
    /// input) falls back; every later conv runs exact with fewer or equal ops.
    func testQuantizedNetworkExactEqualsDense() throws {
        var rng = SplitMix(seed: 21)
        let net = try makeTinyNet(rng: &rng, fc: true)
        let cal = try (0..<4).map { _ in try randomImage(&rng) }
        for w in FixedPoint.supportedWidths {
            let q = try Quantizer(width: w).quantize(net, calibration: cal)
            XCTAssertEqual(q.layerNames, ["conv1", "fire2/squeeze1x1", "fire2/expand1x1", "fire2/expand3x3", "conv10", "fc"])
            // concat members share one scale
            let cat = net.index(of: "fire2/concat")!
            XCTAssertEqual(q.fracBits[net.index(of: "fire2/expand1x1")!], q.fracBits[cat])
            XCTAssertEqual(q.fracBits[net.index(of: "fire2/expand3x3")!], q.fracBits[cat])
            XCTAssertFalse(q.layers[1]!.inputNonNegative)
            XCTAssertTrue(q.layers[net.index(of: "fire2/expand3x3")!]!.inputNonNegative)
            XCTAssertTrue(q.layers[net.index(of: "fire2/expand3x3")!]!.relu)  // fused
            let img = try randomImage(&rng)
            let dense = try q.forward(img, mode: .dense)
            let exact = try q.forward(img, mode: .exact)
            for i in net.nodes.indices { XCTAssertEqual(exact.outputs[i], dense.outputs[i], "node \(net.nodes[i].name)") }
            XCTAssertEqual(exact.layerStats.map(\.mode), [.zeroSkip, .exact, .exact, .exact, .exact, .zeroSkip])
            for (name, ops) in exact.executedOps {
                let d = dense.executedOps[name]!
                XCTAssertTrue(zip(ops, d).allSatisfy { $0 <= $1 })
            }
        }
    }

    /// Stated bound (docs/ARCHITECTURE.md): for one conv layer, |fixed - float| per output is at
    /// most Σ(|w| εx + |x| εw + εx εw) + εb + εo with ε = half an LSB of each tensor; checked
    /// against that bound computed here from the float data.
    func testSingleLayerErrorBound() throws {
        var rng = SplitMix(seed: 99)
        for trial in 0..<30 {
            var n = Network()
            let inC = rng.int(1, 6), k = rng.int(1, 3), size = rng.int(k, 9)
            let x = try n.add("data", .input(Shape(channels: inC, height: size, width: size), nonNegative: true))
            let spec = ConvSpec(name: "c", inC: inC, outC: rng.int(1, 5), kernel: k, stride: rng.int(1, 2), pad: rng.int(0, 1))
            let w: [Float] = (0..<(spec.outC * spec.kernelSize)).map { _ in Float(rng.double() * 2 - 1) }
            let b: [Float] = (0..<spec.outC).map { _ in Float(rng.double() - 0.5) }
            let c = try n.add("c", .conv(ConvLayer(spec: spec, weights: w, bias: b, relu: true)), inputs: [x])
            let img = try randomImage(&rng, c: inC, size: size, signed: false)
            let width = FixedPoint.supportedWidths[trial % 3]
            let q = try Quantizer(width: width).quantize(n, calibration: [img])
            let layer = q.layers[c]!
            let fi = q.fracBits[x], fw = layer.weightFracBits, fo = q.fracBits[c]
            let ex = FixedPoint.pow2(-fi - 1), ew = FixedPoint.pow2(-fw - 1)
            let eb = FixedPoint.pow2(-fi - fw - 1), eo = FixedPoint.pow2(-fo - 1)
            let float = try n.forward(img)[c]
            let fixed = try q.forward(img, mode: .exact).outputs[c].dequantized()
            let (ho, wo) = (float.height, float.width)
            for kk in 0..<spec.outC { for oy in 0..<ho { for ox in 0..<wo {
                var bound = eb + eo
                for ci in 0..<inC { for ky in 0..<k { for kx in 0..<k {
                    let y = oy * spec.stride + ky - spec.pad, xx = ox * spec.stride + kx - spec.pad
                    if y < 0 || y >= size || xx < 0 || xx >= size { continue }
                    let wv = Double(w[((kk * inC + ci) * k + ky) * k + kx])
                    bound += abs(wv) * ex + Double(img[ci, y, xx]) * ew + ex * ew
                } } }
                let err = abs(Double(fixed[kk, oy, ox]) - Double(float[kk, oy, ox]))
                XCTAssertLessThanOrEqual(err, bound * 1.001 + 1e-5, "trial \(trial) W=\(width)")
            } } }
        }
    }

    /// Stated network-level bound: on the tiny SqueezeNet-like graph, max |fixed - float| of
    /// the final output <= 2^-(W-4) * max |float| (W = 16: 0.024 %; W = 12: 0.39 %; W = 8: 6.25 %).
    func testNetworkErrorBound() throws {
        var rng = SplitMix(seed: 5)
        for w in FixedPoint.supportedWidths {
            let net = try makeTinyNet(rng: &rng, fc: false)
            let cal = try (0..<6).map { _ in try randomImage(&rng) }
            let q = try Quantizer(width: w).quantize(net, calibration: cal)
            for img in cal.prefix(3) {
                let f = try net.forward(img).last!
                let x = try q.forward(img, mode: .exact).outputs.last!.dequantized()
                let m = f.data.reduce(Float(0)) { max($0, abs($1)) }
                let err = zip(f.data, x.data).reduce(Float(0)) { max($0, abs($1.0 - $1.1)) }
                print("W=\(w): max |float| \(m), max error \(err), relative \(err / m)")
                XCTAssertLessThanOrEqual(Double(err), FixedPoint.pow2(-(w - 4)) * Double(m))
            }
        }
    }
}

final class FloatConvTests: XCTestCase {
    /// Float convolution equals a naive bounds-checked loop for random strides and padding.
    func testFloatConvMatchesNaive() throws {
        var rng = SplitMix(seed: 8080)
        for _ in 0..<60 {
            let inC = rng.int(1, 4), outC = rng.int(1, 4), kH = rng.int(1, 4), kW = rng.int(1, 4)
            let pad = rng.int(0, 2), stride = rng.int(1, 3)
            let h = rng.int(max(1, kH - 2 * pad), 9), w = rng.int(max(1, kW - 2 * pad), 9)
            let spec = ConvSpec(name: "f", inC: inC, outC: outC, kH: kH, kW: kW, stride: stride, pad: pad)
            let ws: [Float] = (0..<(outC * spec.kernelSize)).map { _ in rng.chance(0.2) ? 0 : Float(rng.double() * 2 - 1) }
            let bs: [Float] = (0..<outC).map { _ in Float(rng.double() - 0.5) }
            let relu = rng.chance(0.5)
            let layer = try ConvLayer(spec: spec, weights: ws, bias: bs, relu: relu)
            let input = try Tensor(channels: inC, height: h, width: w,
                                   data: (0..<(inC * h * w)).map { _ in Float(rng.double() * 2 - 1) })
            let out = try layer.apply(input)
            let ho = (h + 2 * pad - kH) / stride + 1, wo = (w + 2 * pad - kW) / stride + 1
            XCTAssertEqual(out.shape, Shape(channels: outC, height: ho, width: wo))
            for k in 0..<outC { for oy in 0..<ho { for ox in 0..<wo {
                var s = Double(bs[k])
                for c in 0..<inC { for ky in 0..<kH { for kx in 0..<kW {
                    let y = oy * stride + ky - pad, xx = ox * stride + kx - pad
                    if y < 0 || y >= h || xx < 0 || xx >= w { continue }
                    s += Double(ws[((k * inC + c) * kH + ky) * kW + kx]) * Double(input[c, y, xx])
                } } }
                if relu { s = max(0, s) }
                XCTAssertEqual(Double(out[k, oy, ox]), s, accuracy: 1e-4)
            } } }
        }
    }
}
