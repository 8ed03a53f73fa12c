import Dispatch

/// The result of running one convolution layer.
public struct LayerRun: Sendable {
    /// Outputs `outC × Hout × Wout` (after ReLU + requant), `fracBits` = layer output bits.
    public var output: QTensor
    /// Executed ops per output, same layout as `output`.
    public var executedOps: [Int32]
    /// Stop reason per output, same layout as `output`.
    public var stops: [StopReason]
    public var stats: LayerStats
}

/// Runs a quantised convolution layer in one of the four modes (fast path: flat arrays,
/// unsafe pointers, kernels spread across cores).
public enum LayerExecutor {
    /// The mode actually used. `exact` and `predictive` need non-negative inputs: they run
    /// as requested only when the given input has no negative element (checked on the data, so
    /// it is proven, whatever `layer.inputNonNegative` claims); otherwise, and for linear
    /// (`relu == false`) layers, they fall back to `zeroSkip`, which gives the dense result.
    /// (A network marks the layers after a ReLU with `inputNonNegative`; this check never
    /// changes their mode, it only guards the first layer and hand-made inputs.)
    public static func effectiveMode(_ requested: Mode, layer: QuantizedConv, input: QTensor) -> Mode {
        guard requested.signCheck else { return requested }
        if !layer.relu { return .zeroSkip }
        return input.isNonNegative ? requested : .zeroSkip
    }

    /// Checks the input against the layer; returns `(Hout, Wout)`.
    public static func validate(_ layer: QuantizedConv, input: QTensor) throws -> (height: Int, width: Int) {
        let size = try layer.spec.outputSize(inputChannels: input.channels, height: input.height, width: input.width)
        let lo = Int32(FixedPoint.minValue(width: layer.width)), hi = Int32(FixedPoint.maxValue(width: layer.width))
        if let bad = layer.weights.firstIndex(where: { $0 < lo || $0 > hi }) {
            throw LayerError(layer: layer.spec.name, field: "weights",
                             "weight \(bad) = \(layer.weights[bad]) outside the \(layer.width)-bit range")
        }
        if layer.weights.count != layer.spec.outC * layer.spec.kernelSize || layer.bias.count != layer.spec.outC {
            throw LayerError(layer: layer.spec.name, field: "weights", "weight or bias count does not match the spec")
        }
        try FixedPoint.checkWidth(layer.width, layer: layer.spec.name)
        if input.fracBits != layer.inputFracBits {
            throw LayerError(layer: layer.spec.name, field: "input fracBits",
                             "input has \(input.fracBits) fractional bits, layer expects \(layer.inputFracBits)")
        }
        if let bad = input.data.firstIndex(where: { $0 < lo || $0 > hi }) {
            throw LayerError(layer: layer.spec.name, field: "input",
                             "input element \(bad) = \(input.data[bad]) outside the \(layer.width)-bit range")
        }
        return size
    }

    /// Runs `layer` on `input` in `mode` (compiler defaults: magnitude order, no speculation).
    public static func run(_ layer: QuantizedConv, input: QTensor, mode: Mode) throws -> LayerRun {
        try run(layer, input: input, compiler: Compiler(mode: mode))
    }

    /// Runs `layer` on `input` with the programs `compiler` produces.
    /// - Parameter trackPredictionErrors: in predictive mode, finish every predicted output
    ///   (without counting its ops) to count `falseZeros` and `negativeOutputs`.
    public static func run(_ layer: QuantizedConv, input: QTensor, compiler: Compiler,
                           trackPredictionErrors: Bool = true) throws -> LayerRun {
        try runCore(layer, input: input, compiler: compiler, trackPredictionErrors: trackPredictionErrors,
                    recordPartials: false).run
    }

    /// Runs `layer` with programs compiled earlier (`Compiler.compile(layer, ...)` in `mode`;
    /// only `taps`, weights, bias, `checkFrom`, `specN` and threshold are used, offsets are
    /// ignored). Saves compiling when a layer runs on many inputs. If `mode` cannot run on this
    /// input (see `effectiveMode`), the layer is recompiled in the fallback mode.
    public static func run(_ layer: QuantizedConv, input: QTensor, mode: Mode, programs: [KernelProgram],
                           trackPredictionErrors: Bool = true) throws -> LayerRun {
        let spec = layer.spec
        guard programs.count == spec.outC else {
            throw LayerError(layer: spec.name, field: "programs", "\(programs.count) programs, expected \(spec.outC)")
        }
        for (k, p) in programs.enumerated() {
            guard p.weights.count == p.taps.count, p.specN >= 0, p.specN <= p.count,
                  p.checkFrom >= 0, p.checkFrom < max(1, p.count),
                  p.taps.allSatisfy({ $0 >= 0 && Int($0) < spec.kernelSize }),
                  zip(p.taps, p.weights).allSatisfy({ layer.weights[k * spec.kernelSize + Int($0)] == $1 }) else {
                throw LayerError(layer: spec.name, field: "programs[\(k)]", "program does not belong to this layer")
            }
        }
        return try runCore(layer, input: input, compiler: Compiler(mode: mode), trackPredictionErrors: trackPredictionErrors,
                           recordPartials: false, precompiled: programs).run
    }

    /// The executor; with `recordPartials`, also the accumulator after each output's first
    /// `specN` ops (bias included).
    static func runCore(_ layer: QuantizedConv, input: QTensor, compiler: Compiler,
                        trackPredictionErrors: Bool, recordPartials: Bool,
                        precompiled: [KernelProgram]? = nil) throws -> (run: LayerRun, partials: [Int64]) {
        let (hout, wout) = try validate(layer, input: input)
        var comp = compiler
        comp.mode = effectiveMode(compiler.mode, layer: layer, input: input)
        let mode = comp.mode
        let spec = layer.spec
        let hp = input.height + 2 * spec.pad, wp = input.width + 2 * spec.pad
        // precompiled programs are used only when the requested mode actually runs
        let programs = try (precompiled != nil && mode == compiler.mode ? precompiled! : comp.compile(layer, inputHeight: hp, inputWidth: wp))
        let nOut = hout * wout
        let outC = spec.outC, ksize = spec.kernelSize
        // All programs in two flat arrays; the op index is the tap `(c*kH+ky)*kW+kx` into a
        // per-output window gathered once and shared by all kernels (im2col), so every gather
        // of the op loop hits a small window in L1 whatever the op order. W <= 16, so inputs
        // and weights are read as Int16.
        var progStart = [Int](repeating: 0, count: outC + 1)
        for k in 0..<outC { progStart[k + 1] = progStart[k] + programs[k].count }
        let starts = progStart
        // kernels of at most 2^16 taps: one packed word per op (tap << 16 | weight)
        let packed = ksize <= 1 << 16
        var allW = [Int16](repeating: 0, count: packed ? 0 : progStart[outC])
        var allT = [Int32](repeating: 0, count: packed ? 0 : progStart[outC])
        var allP = [UInt32](repeating: 0, count: packed ? progStart[outC] : 0)
        for k in 0..<outC {
            let prog = programs[k]
            for i in 0..<prog.count {
                if packed {
                    allP[progStart[k] + i] = UInt32(UInt32(prog.taps[i]) << 16) | UInt32(UInt16(bitPattern: Int16(truncatingIfNeeded: prog.weights[i])))
                } else {
                    allW[progStart[k] + i] = Int16(truncatingIfNeeded: prog.weights[i])
                    allT[progStart[k] + i] = prog.taps[i]
                }
            }
        }
        // per-kernel scalars in flat arrays (no program struct copied, retained and released in the op loop)
        let predIdxs = programs.map { mode.thresholdCheck && $0.specN >= 1 ? $0.specN - 1 : Int.max }
        let signFroms = programs.map { mode.signCheck ? $0.checkFrom : Int.max }
        let biases = programs.map(\.bias), thresholds = programs.map(\.threshold), specNs = programs.map(\.specN)
        let padded = input.padded(spec.pad).map { Int16(truncatingIfNeeded: $0) }
        var out = [Int32](repeating: 0, count: outC * nOut)
        var ops = [Int32](repeating: 0, count: outC * nOut)
        var stops = [StopReason](repeating: .complete, count: outC * nOut)
        var partials = [Int64](repeating: 0, count: recordPartials ? outC * nOut : 1)
        let record = recordPartials
        let blockSize = 4
        let nBlocks = (nOut + blockSize - 1) / blockSize
        let nChunks = min(nBlocks, 64)
        var chunkStats = [KernelStats](repeating: KernelStats(), count: nChunks * outC)
        let shift = layer.shift, width = layer.width, relu = layer.relu, stride = spec.stride
        let inC = spec.inC, kH = spec.kH, kW = spec.kW
        let track = trackPredictionErrors
        // effectiveMode guarantees non-negative inputs whenever the sign check is on
        let monotone = mode.signCheck
        out.withUnsafeMutableBufferPointer { outB in
        ops.withUnsafeMutableBufferPointer { opsB in
        stops.withUnsafeMutableBufferPointer { stB in
        partials.withUnsafeMutableBufferPointer { paB in
        chunkStats.withUnsafeMutableBufferPointer { csB in
        padded.withUnsafeBufferPointer { xB in
        allW.withUnsafeBufferPointer { wB in
        allT.withUnsafeBufferPointer { tB in
        allP.withUnsafeBufferPointer { pB in
            let outP = SendablePointer(p: outB.baseAddress!), opsP = SendablePointer(p: opsB.baseAddress!)
            let stP = SendablePointer(p: stB.baseAddress!), csP = SendablePointer(p: csB.baseAddress!)
            let paP = SendablePointer(p: paB.baseAddress!)
            let xP = SendablePointer<Int16>(p: UnsafeMutablePointer(mutating: xB.baseAddress!))
            // empty programs (all-zero kernels) leave the arrays empty: point at a dummy
            let wP = SendablePointer<Int16>(p: UnsafeMutablePointer(mutating: wB.baseAddress ?? UnsafePointer(bitPattern: 16)!))
            let tP = SendablePointer<Int32>(p: UnsafeMutablePointer(mutating: tB.baseAddress ?? UnsafePointer(bitPattern: 16)!))
            let pP = SendablePointer<UInt32>(p: UnsafeMutablePointer(mutating: pB.baseAddress ?? UnsafePointer(bitPattern: 16)!))
            DispatchQueue.concurrentPerform(iterations: nChunks) { chunk in
                let b0 = chunk * nBlocks / nChunks, b1 = (chunk + 1) * nBlocks / nChunks
                let window = UnsafeMutablePointer<Int16>.allocate(capacity: blockSize * ksize)
                defer { window.deallocate() }
                let x = UnsafePointer(xP.p)
                let st = csP.p + chunk * outC
                for b in b0..<b1 {
                    let p0 = b * blockSize, p1 = min(nOut, p0 + blockSize)
                    for p in p0..<p1 {
                        let oy = p / wout, ox = p % wout
                        let win = window + (p - p0) * ksize
                        var t = 0
                        for c in 0..<inC {
                            for ky in 0..<kH {
                                let src = x + ((c * hp + oy * stride + ky) * wp + ox * stride)
                                for kx in 0..<kW { win[t + kx] = src[kx] }
                                t += kW
                            }
                        }
                    }
                    for k in 0..<outC {
                        let predIdx = predIdxs[k], signFrom = signFroms[k]
                        let bias = biases[k], threshold = thresholds[k], specN = specNs[k]
                        let split = SplitOps(w: UnsafePointer(wP.p + starts[k]), off: UnsafePointer(tP.p + starts[k]))
                        let pk = PackedOps(p: UnsafePointer(pP.p + starts[k]))
                        let L = starts[k + 1] - starts[k]
                        for p in p0..<p1 {
                            let win = UnsafePointer(window + (p - p0) * ksize)
                            let r = packed
                                ? runOps(pk, count: L, bias: bias, predIdx: predIdx, signFrom: signFrom,
                                         threshold: threshold, input: win, monotone: monotone)
                                : runOps(split, count: L, bias: bias, predIdx: predIdx, signFrom: signFrom,
                                         threshold: threshold, input: win, monotone: monotone)
                            let idx = k * nOut + p
                            var v: Int32 = 0
                            switch r.stop {
                            case .complete:
                                v = relu ? FixedPoint.requant(r.acc, shift: shift, width: width)
                                         : FixedPoint.requantLinear(r.acc, shift: shift, width: width)
                                if r.acc < 0 { st[k].negativeOutputs += 1 }
                            case .sign:
                                st[k].signStops += 1
                                st[k].negativeOutputs += 1
                            case .predicted:
                                st[k].predictedZeros += 1
                                if track {
                                    let full = r.acc &+ (packed ? sumOps(pk, from: r.ops, count: L, input: win)
                                                                : sumOps(split, from: r.ops, count: L, input: win))
                                    if full < 0 { st[k].negativeOutputs += 1 }
                                    if FixedPoint.requant(full, shift: shift, width: width) != 0 { st[k].falseZeros += 1 }
                                }
                            }
                            outP.p[idx] = v
                            if record {
                                let n = min(specN, L)
                                paP.p[idx] = bias &+ (packed ? sumOps(pk, from: 0, count: n, input: win)
                                                                  : sumOps(split, from: 0, count: n, input: win))
                            }
                            opsP.p[idx] = Int32(r.ops)
                            stP.p[idx] = r.stop
                            st[k].executedOps += r.ops
                        }
                    }
                }
            }
        }
        }
        }
        }
        }
        }
        }
        }
        }
        var kstats = [KernelStats](repeating: KernelStats(), count: outC)
        for k in 0..<outC {
            for c in 0..<nChunks { kstats[k].add(chunkStats[c * outC + k]) }
            kstats[k].outputs = nOut
            kstats[k].denseOps = nOut * ksize
            kstats[k].zeroSkipOps = nOut * layer.kernelWeights(k).reduce(0) { $0 + ($1 != 0 ? 1 : 0) }
        }
        let q = try QTensor(channels: spec.outC, height: hout, width: wout, fracBits: layer.outputFracBits,
                            data: out, name: spec.name)
        return (LayerRun(output: q, executedOps: ops, stops: stops,
                         stats: LayerStats(layer: spec.name, mode: mode, perKernel: kstats)), partials)
    }
}
