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
    /// as requested when `layer.inputNonNegative` is set (the input follows a ReLU) or when
    /// the given input has no negative element (proven for this input); otherwise, and for
    /// linear (`relu == false`) layers, they fall back to `zeroSkip`, which gives the dense result.
    public static func effectiveMode(_ requested: Mode, layer: QuantizedConv, input: QTensor) -> Mode {
        guard requested.signCheck else { return requested }
        if !layer.relu { return .zeroSkip }
        if layer.inputNonNegative || input.isNonNegative { return requested }
        return .zeroSkip
    }

    /// Checks the input against the layer; returns `(Hout, Wout)`.
    public static func validate(_ layer: QuantizedConv, input: QTensor) throws -> (height: Int, width: Int) {
        let size = try layer.spec.outputSize(inputChannels: input.channels, height: input.height, width: input.width)
        let lo = Int32(FixedPoint.minValue(width: layer.width)), hi = Int32(FixedPoint.maxValue(width: layer.width))
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
        let (hout, wout) = try validate(layer, input: input)
        var comp = compiler
        comp.mode = effectiveMode(compiler.mode, layer: layer, input: input)
        let mode = comp.mode
        let spec = layer.spec
        let hp = input.height + 2 * spec.pad, wp = input.width + 2 * spec.pad
        let programs = try comp.compile(layer, inputHeight: hp, inputWidth: wp)
        let padded = input.padded(spec.pad)
        let nOut = hout * wout
        var out = [Int32](repeating: 0, count: spec.outC * nOut)
        var ops = [Int32](repeating: 0, count: spec.outC * nOut)
        var stops = [StopReason](repeating: .complete, count: spec.outC * nOut)
        var kstats = [KernelStats](repeating: KernelStats(), count: spec.outC)
        let nonzero = (0..<spec.outC).map { k in layer.kernelWeights(k).reduce(0) { $0 + ($1 != 0 ? 1 : 0) } }
        let shift = layer.shift, width = layer.width, relu = layer.relu, stride = spec.stride
        let track = trackPredictionErrors
        out.withUnsafeMutableBufferPointer { outB in
        ops.withUnsafeMutableBufferPointer { opsB in
        stops.withUnsafeMutableBufferPointer { stB in
        kstats.withUnsafeMutableBufferPointer { ksB in
        padded.withUnsafeBufferPointer { xB in
            let outP = SendablePointer(p: outB.baseAddress!), opsP = SendablePointer(p: opsB.baseAddress!)
            let stP = SendablePointer(p: stB.baseAddress!), ksP = SendablePointer(p: ksB.baseAddress!)
            let xP = SendablePointer(p: UnsafeMutablePointer(mutating: xB.baseAddress!))
            DispatchQueue.concurrentPerform(iterations: spec.outC) { k in
                let prog = programs[k]
                var st = KernelStats()
                st.outputs = nOut
                st.denseOps = nOut * spec.kernelSize
                st.zeroSkipOps = nOut * nonzero[k]
                let predIdx = mode.thresholdCheck && prog.specN >= 1 ? prog.specN - 1 : Int.max
                let signFrom = mode.signCheck ? prog.checkFrom : Int.max
                prog.weights.withUnsafeBufferPointer { wB in
                prog.offsets.withUnsafeBufferPointer { oB in
                    let w = wB.baseAddress ?? UnsafePointer(bitPattern: 8)!
                    let o = oB.baseAddress ?? UnsafePointer(bitPattern: 8)!
                    let x = UnsafePointer(xP.p)
                    let L = prog.count
                    for oy in 0..<hout {
                        for ox in 0..<wout {
                            let base = oy * stride * wp + ox * stride
                            let r = runOps(w, o, count: L, bias: prog.bias, predIdx: predIdx, signFrom: signFrom,
                                           threshold: prog.threshold, input: x + base)
                            let idx = k * nOut + oy * wout + ox
                            var v: Int32 = 0
                            switch r.stop {
                            case .complete:
                                v = relu ? FixedPoint.requant(r.acc, shift: shift, width: width)
                                         : FixedPoint.requantLinear(r.acc, shift: shift, width: width)
                                if r.acc < 0 { st.negativeOutputs += 1 }
                            case .sign:
                                st.signStops += 1
                                st.negativeOutputs += 1
                            case .predicted:
                                st.predictedZeros += 1
                                if track {
                                    let full = r.acc &+ sumOps(w, o, from: r.ops, count: L, input: x + base)
                                    if full < 0 { st.negativeOutputs += 1 }
                                    if FixedPoint.requant(full, shift: shift, width: width) != 0 { st.falseZeros += 1 }
                                }
                            }
                            outP.p[idx] = v
                            opsP.p[idx] = Int32(r.ops)
                            stP.p[idx] = r.stop
                            st.executedOps += r.ops
                        }
                    }
                }
                }
                ksP.p[k] = st
            }
        }
        }
        }
        }
        }
        let q = try QTensor(channels: spec.outC, height: hout, width: wout, fracBits: layer.outputFracBits,
                            data: out, name: spec.name)
        return LayerRun(output: q, executedOps: ops, stops: stops,
                        stats: LayerStats(layer: spec.name, mode: mode, perKernel: kstats))
    }
}
