import Golden

/// Deterministic SplitMix64 generator for reproducible random tests.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// Uniform in `lo...hi`.
    mutating func int(_ lo: Int, _ hi: Int) -> Int { lo + Int(next() % UInt64(hi - lo + 1)) }
    mutating func chance(_ p: Double) -> Bool { Double(next() % 1_000_000) / 1_000_000 < p }
    mutating func double() -> Double { Double(next() % 1_000_000_007) / 1_000_000_007 }
}

/// Independent naive reference: direct convolution with bounds-checked padding, Int64 sum,
/// then ReLU, round-half-up shift and saturation written out from the contract's formula.
func naiveConv(weights: [Int32], bias: [Int64], inC: Int, outC: Int, kH: Int, kW: Int, stride: Int, pad: Int,
               input: [Int32], h: Int, w: Int, shift: Int, width: Int, relu: Bool = true)
    -> (out: [Int32], acc: [Int64], hout: Int, wout: Int) {
    let hout = (h + 2 * pad - kH) / stride + 1
    let wout = (w + 2 * pad - kW) / stride + 1
    var out: [Int32] = []
    var accs: [Int64] = []
    let maxV = (Int64(1) << (width - 1)) - 1
    for k in 0..<outC {
        for oy in 0..<hout {
            for ox in 0..<wout {
                var a = bias[k]
                for c in 0..<inC {
                    for ky in 0..<kH {
                        for kx in 0..<kW {
                            let y = oy * stride + ky - pad, x = ox * stride + kx - pad
                            if y < 0 || y >= h || x < 0 || x >= w { continue }
                            a += Int64(weights[((k * inC + c) * kH + ky) * kW + kx]) * Int64(input[(c * h + y) * w + x])
                        }
                    }
                }
                accs.append(a)
                if relu {
                    let r = max(a, 0)
                    var v = r
                    if shift > 0 {
                        // round half up: floor(r / 2^s + 1/2), via division
                        let d = Int64(1) << shift
                        v = (2 * r + d) / (2 * d)
                    }
                    out.append(Int32(min(v, maxV)))
                } else {
                    var v = a
                    if shift > 0 {
                        let d = Int64(1) << shift
                        let num = 2 * a + d, den = 2 * d
                        v = num >= 0 ? num / den : -((-num + den - 1) / den)
                    }
                    out.append(Int32(max(min(v, maxV), -maxV - 1)))
                }
            }
        }
    }
    return (out, accs, hout, wout)
}

/// A random quantised layer and a matching random input.
struct RandomCase {
    var layer: QuantizedConv
    var input: QTensor

    init(rng: inout SplitMix, nonNegativeInput: Bool = true, maxC: Int = 6, maxHW: Int = 9) {
        let width = [8, 12, 16][rng.int(0, 2)]
        let inC = rng.int(1, maxC), outC = rng.int(1, maxC)
        let kH = rng.int(1, 4), kW = rng.int(1, 4)
        let pad = rng.int(0, 2), stride = rng.int(1, 3)
        let h = rng.int(max(1, kH - 2 * pad), maxHW), w = rng.int(max(1, kW - 2 * pad), maxHW)
        let wmax = Int((Int64(1) << (width - 1)) - 1)
        let spec = ConvSpec(name: "rand", inC: inC, outC: outC, kH: kH, kW: kW, stride: stride, pad: pad)
        let zeroP = rng.double() * 0.6, negP = rng.double()
        var ws: [Int32] = []
        for _ in 0..<(outC * inC * kH * kW) {
            if rng.chance(zeroP) { ws.append(0); continue }
            let m = Int32(rng.int(1, rng.chance(0.2) ? wmax : max(1, wmax / 8)))
            ws.append(rng.chance(negP) ? -m : m)
        }
        if rng.chance(0.05) { ws[0] = Int32(-wmax - 1) }  // most negative weight
        let bl = Int((Int64(1) << (2 * width)) - 1)
        let bias: [Int64] = (0..<outC).map { _ in
            rng.chance(0.1) ? Int64(rng.chance(0.5) ? bl : -bl) : Int64(rng.int(-wmax * 64, wmax * 64))
        }
        let a = 2 * width + { var b = 0; while (1 << b) < inC * kH * kW { b += 1 }; return b }() + 1
        let shift = rng.chance(0.1) ? rng.int(0, a - 1) : rng.int(0, width + 2)
        layer = try! QuantizedConv(spec: spec, width: width, weights: ws, bias: bias, shift: shift,
                                   inputNonNegative: nonNegativeInput)
        let zeroIn = rng.double() * 0.7
        var xs: [Int32] = []
        for _ in 0..<(inC * h * w) {
            if rng.chance(zeroIn) { xs.append(0); continue }
            let m = Int32(rng.int(0, rng.chance(0.1) ? wmax : max(1, wmax / 4)))
            xs.append(nonNegativeInput ? m : (rng.chance(0.5) ? -m : m))
        }
        input = try! QTensor(channels: inC, height: h, width: w, fracBits: 0, data: xs)
    }
}
