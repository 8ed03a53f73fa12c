/// Float inference of the digits CNN, and the statistics the report needs from it.
public struct DigitsForward: Sendable {
    /// Input (1×8×8), scaled.
    public var input: [Float]
    /// conv1 pre-ReLU outputs (C1×8×8) and conv2 pre-ReLU outputs (C2×8×8).
    public var z1: [Float]
    public var z2: [Float]
    /// Pooled ReLU(conv2) (C2×4×4) and the index (into z2) of each pooled maximum.
    public var pooled: [Float]
    public var poolArgmax: [Int]
    /// Classifier outputs.
    public var logits: [Float]

    /// Index of the largest logit (lowest index on ties).
    public var predicted: Int {
        var best = 0
        for i in 1..<logits.count where logits[i] > logits[best] { best = i }
        return best
    }
}

extension DigitsModel {
    /// The scaled float input of a sample (`pixel / 16`).
    public static func floatInput(_ sample: DigitsSample) -> [Float] {
        sample.pixels.map { Float($0) * inputScale }
    }

    /// Runs the network on one scaled 1×8×8 input.
    public func forward(_ input: [Float]) -> DigitsForward {
        let s = Self.inputSide
        let z1 = ConvMath.forward(conv1, input: input, side: s)
        let a1 = z1.map { max($0, 0) }
        let z2 = ConvMath.forward(conv2, input: a1, side: s)
        let c2 = conv2.outChannels
        let p = Self.pooledSide
        var pooled = [Float](repeating: 0, count: c2 * p * p)
        var arg = [Int](repeating: 0, count: c2 * p * p)
        for c in 0..<c2 {
            for py in 0..<p {
                for px in 0..<p {
                    var bestIdx = (c * s + 2 * py) * s + 2 * px
                    for (dy, dx) in [(0, 1), (1, 0), (1, 1)] {
                        let idx = (c * s + 2 * py + dy) * s + 2 * px + dx
                        if z2[idx] > z2[bestIdx] { bestIdx = idx }
                    }
                    let o = (c * p + py) * p + px
                    pooled[o] = max(z2[bestIdx], 0)
                    arg[o] = bestIdx
                }
            }
        }
        var logits = classifier.bias
        classifier.weights.withUnsafeBufferPointer { w in
            for o in 0..<classifier.outputs {
                var acc: Float = 0
                let row = o * classifier.inputs
                for i in 0..<classifier.inputs { acc += w[row + i] * pooled[i] }
                logits[o] += acc
            }
        }
        return DigitsForward(input: input, z1: z1, z2: z2, pooled: pooled, poolArgmax: arg, logits: logits)
    }

    /// The predicted class of a sample.
    public func predict(_ sample: DigitsSample) -> Int {
        forward(Self.floatInput(sample)).predicted
    }

    /// Top-1 accuracy (0…1) on `samples`.
    public func accuracy(on samples: [DigitsSample]) -> Double {
        if samples.isEmpty { return 0 }
        var correct = 0
        for s in samples where predict(s) == s.label { correct += 1 }
        return Double(correct) / Double(samples.count)
    }

    /// Per conv layer, the fraction of pre-ReLU outputs that are strictly negative on `samples`
    /// (the work SnaPEA's exact mode can cut short).
    public func negativeFractions(on samples: [DigitsSample]) -> [Double] {
        var neg = [0, 0]
        var total = [0, 0]
        for s in samples {
            let f = forward(Self.floatInput(s))
            neg[0] += f.z1.reduce(0) { $0 + ($1 < 0 ? 1 : 0) }
            neg[1] += f.z2.reduce(0) { $0 + ($1 < 0 ? 1 : 0) }
            total[0] += f.z1.count
            total[1] += f.z2.count
        }
        return (0..<2).map { total[$0] == 0 ? 0 : Double(neg[$0]) / Double(total[$0]) }
    }
}

/// Direct convolution kernels (stride 1, zero padding, square images) used by inference and training.
public enum ConvMath {
    /// `out[o, y, x] = bias[o] + Σ_{c,ky,kx} w[o,c,ky,kx] · in[c, y+ky-pad, x+kx-pad]` (pre-activation).
    public static func forward(_ layer: FloatConvLayer, input: [Float], side: Int) -> [Float] {
        let k = layer.kernelSize, pad = layer.padding
        let cin = layer.inChannels, cout = layer.outChannels
        let outSide = side + 2 * pad - k + 1
        var out = [Float](repeating: 0, count: cout * outSide * outSide)
        layer.weights.withUnsafeBufferPointer { w in
            input.withUnsafeBufferPointer { inp in
                out.withUnsafeMutableBufferPointer { o in
                    for oc in 0..<cout {
                        let b = layer.bias[oc]
                        for y in 0..<outSide {
                            for x in 0..<outSide {
                                var acc: Float = 0
                                for c in 0..<cin {
                                    for ky in 0..<k {
                                        let iy = y + ky - pad
                                        if iy < 0 || iy >= side { continue }
                                        for kx in 0..<k {
                                            let ix = x + kx - pad
                                            if ix < 0 || ix >= side { continue }
                                            acc += w[((oc * cin + c) * k + ky) * k + kx] * inp[(c * side + iy) * side + ix]
                                        }
                                    }
                                }
                                o[(oc * outSide + y) * outSide + x] = acc + b
                            }
                        }
                    }
                }
            }
        }
        return out
    }

    /// Backward pass of `forward`: accumulates `dW` and `dB` from `dOut`, and returns `dIn` when
    /// `wantInputGradient`.
    public static func backward(_ layer: FloatConvLayer, input: [Float], side: Int, dOut: [Float],
                                dW: inout [Float], dB: inout [Float], wantInputGradient: Bool) -> [Float] {
        let k = layer.kernelSize, pad = layer.padding
        let cin = layer.inChannels, cout = layer.outChannels
        let outSide = side + 2 * pad - k + 1
        var dIn = [Float](repeating: 0, count: wantInputGradient ? cin * side * side : 0)
        layer.weights.withUnsafeBufferPointer { w in
            input.withUnsafeBufferPointer { inp in
                dOut.withUnsafeBufferPointer { g in
                    dW.withUnsafeMutableBufferPointer { dw in
                        dIn.withUnsafeMutableBufferPointer { di in
                            for oc in 0..<cout {
                                var db: Float = 0
                                for y in 0..<outSide {
                                    for x in 0..<outSide {
                                        let gv = g[(oc * outSide + y) * outSide + x]
                                        if gv == 0 { continue }
                                        db += gv
                                        for c in 0..<cin {
                                            for ky in 0..<k {
                                                let iy = y + ky - pad
                                                if iy < 0 || iy >= side { continue }
                                                for kx in 0..<k {
                                                    let ix = x + kx - pad
                                                    if ix < 0 || ix >= side { continue }
                                                    let wi = ((oc * cin + c) * k + ky) * k + kx
                                                    let ii = (c * side + iy) * side + ix
                                                    dw[wi] += gv * inp[ii]
                                                    if wantInputGradient { di[ii] += gv * w[wi] }
                                                }
                                            }
                                        }
                                    }
                                }
                                dB[oc] += db
                            }
                        }
                    }
                }
            }
        }
        return dIn
    }
}
