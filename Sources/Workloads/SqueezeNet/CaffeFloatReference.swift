import Foundation

/// A plain single-precision interpreter for a `CaffeNetDescription` — the dense float
/// reference the fixed-point golden model is measured against. Independent of the Golden
/// target: convolution is the textbook sum (weights that are exactly zero are skipped, which
/// does not change the result), Caffe's pooling with round-up output size, average pooling
/// dividing by the window clipped to the padded input (global pooling: by H·W).
public struct CaffeFloatReference: Sendable {
    public let network: CaffeNetDescription
    /// Decoded convolution weights by layer name.
    public let weights: [String: CompressedLayer]

    public init(description: CaffeNetDescription, weights: [CompressedLayer]) {
        self.network = description
        var byName: [String: CompressedLayer] = [:]
        for w in weights { byName[w.shape.layer] = w }
        self.weights = byName
    }

    /// A tensor with its shape.
    public struct Blob: Sendable {
        public var shape: TensorShape
        public var values: [Float]
    }

    /// Runs the network on a C×H×W input and returns every blob by name (in-place layers
    /// such as ReLU overwrite their blob, as in Caffe).
    public func run(_ input: [Float]) throws -> [String: Blob] {
        let d = network
        let inShape = TensorShape(channels: d.inputDimensions[1], height: d.inputDimensions[2], width: d.inputDimensions[3])
        precondition(input.count == inShape.count, "input has \(input.count) values, expected \(inShape)")
        var blobs: [String: Blob] = [d.input: Blob(shape: inShape, values: input)]
        for layer in d.layers {
            let x = blobs[layer.bottoms[0]]!
            let y: Blob
            switch layer.kind {
            case .convolution(let p):
                guard let w = weights[layer.name] else {
                    throw FormatError(file: "weights", layer: layer.name, message: "no weights for convolution layer")
                }
                y = Self.convolution(x, w, p)
            case .relu:
                y = Blob(shape: x.shape, values: x.values.map { max($0, 0) })
            case .pooling(let p):
                y = Self.pooling(x, p)
            case .concat:
                let parts = layer.bottoms.map { blobs[$0]! }
                y = Blob(shape: TensorShape(channels: parts.reduce(0) { $0 + $1.shape.channels }, height: x.shape.height, width: x.shape.width),
                         values: parts.flatMap { $0.values })
            case .dropout:
                y = x
            case .softmax:
                let m = x.values.max() ?? 0
                let e = x.values.map { Float(exp(Double($0 - m))) }
                let s = e.reduce(0, +)
                y = Blob(shape: x.shape, values: e.map { $0 / s })
            case .input:
                y = x
            }
            blobs[layer.tops[0]] = y
        }
        return blobs
    }

    /// Output of the last layer, flattened.
    public func output(_ input: [Float]) throws -> [Float] {
        let blobs = try run(input)
        return blobs[network.layers.last!.tops[0]]!.values
    }

    static func convolution(_ x: Blob, _ w: CompressedLayer, _ p: CaffeLayer.Convolution) -> Blob {
        let k = p.kernelSize, s = p.stride, pad = p.pad
        let hin = x.shape.height, win = x.shape.width, cin = x.shape.channels
        let hout = (hin + 2 * pad - k) / s + 1, wout = (win + 2 * pad - k) / s + 1
        let cout = p.numOutput
        var out = [Float](repeating: 0, count: cout * hout * wout)
        x.values.withUnsafeBufferPointer { xin in
            w.weights.withUnsafeBufferPointer { wt in
                out.withUnsafeMutableBufferPointer { o in
                    for co in 0..<cout {
                        let plane = co * hout * wout
                        for i in 0..<(hout * wout) { o[plane + i] = w.bias[co] }
                        for ci in 0..<cin {
                            for ky in 0..<k {
                                for kx in 0..<k {
                                    let wv = wt[((co * cin + ci) * k + ky) * k + kx]
                                    if wv == 0 { continue }
                                    // Outputs whose input column ox·s + kx − pad lies inside the input.
                                    let ox0 = Self.firstInside(kx, pad, s), ox1 = Self.endInside(kx, pad, s, win, wout)
                                    let oy0 = Self.firstInside(ky, pad, s), oy1 = Self.endInside(ky, pad, s, hin, hout)
                                    if ox0 >= ox1 { continue }
                                    for oy in oy0..<max(oy0, oy1) {
                                        let rowIn = (ci * hin + oy * s + ky - pad) * win + kx - pad
                                        let rowOut = plane + oy * wout
                                        if s == 1 {
                                            for ox in ox0..<ox1 { o[rowOut + ox] += wv * xin[rowIn + ox] }
                                        } else {
                                            for ox in ox0..<ox1 { o[rowOut + ox] += wv * xin[rowIn + ox * s] }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return Blob(shape: TensorShape(channels: cout, height: hout, width: wout), values: out)
    }

    /// Smallest output index `o` with `o·s + k − pad >= 0`.
    static func firstInside(_ k: Int, _ pad: Int, _ s: Int) -> Int {
        let need = pad - k
        return need <= 0 ? 0 : (need + s - 1) / s
    }

    /// One past the largest output index `o < outCount` with `o·s + k − pad < n`.
    static func endInside(_ k: Int, _ pad: Int, _ s: Int, _ n: Int, _ outCount: Int) -> Int {
        let limit = n - 1 + pad - k
        return limit < 0 ? 0 : min(outCount, limit / s + 1)
    }

    static func pooling(_ x: Blob, _ p: CaffeLayer.Pooling) -> Blob {
        let hin = x.shape.height, win = x.shape.width, c = x.shape.channels
        if p.global {
            var out = [Float](repeating: 0, count: c)
            for ch in 0..<c {
                let plane = x.values[(ch * hin * win)..<((ch + 1) * hin * win)]
                out[ch] = p.method == .max ? plane.max()! : plane.reduce(0, +) / Float(hin * win)
            }
            return Blob(shape: TensorShape(channels: c, height: 1, width: 1), values: out)
        }
        func size(_ n: Int) -> Int {
            var o = (n + 2 * p.pad - p.kernelSize + p.stride - 1) / p.stride + 1
            if p.pad > 0, (o - 1) * p.stride >= n + p.pad { o -= 1 }
            return o
        }
        let hout = size(hin), wout = size(win)
        var out = [Float](repeating: 0, count: c * hout * wout)
        for ch in 0..<c {
            for oy in 0..<hout {
                for ox in 0..<wout {
                    // Caffe: the window is clipped to the padded input for the average's divisor,
                    // then to the real input for the values.
                    var y0 = oy * p.stride - p.pad, x0 = ox * p.stride - p.pad
                    var y1 = min(y0 + p.kernelSize, hin + p.pad), x1 = min(x0 + p.kernelSize, win + p.pad)
                    let poolSize = Float((y1 - y0) * (x1 - x0))
                    y0 = max(y0, 0); x0 = max(x0, 0); y1 = min(y1, hin); x1 = min(x1, win)
                    var m = -Float.infinity, sum: Float = 0
                    for iy in y0..<y1 {
                        for ix in x0..<x1 {
                            let v = x.values[(ch * hin + iy) * win + ix]
                            m = max(m, v); sum += v
                        }
                    }
                    out[(ch * hout + oy) * wout + ox] = p.method == .max ? m : sum / poolSize
                }
            }
        }
        return Blob(shape: TensorShape(channels: c, height: hout, width: wout), values: out)
    }
}
