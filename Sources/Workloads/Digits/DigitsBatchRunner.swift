import Dispatch
import Golden

extension DigitsQuantizedNetwork {
    /// Runs many samples with the same plans: compiles each layer once with the golden
    /// `Compiler` and executes every output with the golden `KernelProgram.execute` (the same
    /// semantics as `LayerExecutor`, which `run` uses), samples spread over the cores with
    /// results in input order. `falseZeros` are not tracked (predicted outputs are not finished).
    public func runBatch(_ inputs: [DigitsSample], plans: [LayerPlan], recordInputs: Bool) throws -> [TunableRun] {
        precondition(plans.count == 2, "DigitsQuantizedNetwork.runBatch: expected 2 layer plans, got \(plans.count)")
        let layers = [conv1, conv2]
        var compiled: [(programs: [KernelProgram], mode: Mode)] = []
        var side = DigitsDataset.side
        for (l, layer) in layers.enumerated() {
            // Inputs of both layers are non-negative (pixels, ReLU outputs): the requested mode runs.
            var c = plans[l].compiler
            if !layer.inputNonNegative && c.mode.signCheck { c.mode = .zeroSkip }
            let hp = side + 2 * layer.spec.pad
            compiled.append((try c.compile(layer, inputHeight: hp, inputWidth: hp), c.mode))
            side = hp - layer.spec.kH + 1
        }
        let fcPrograms = try Compiler(mode: .dense).compile(classifier, inputHeight: 1, inputWidth: 1)
        var results = [TunableRun?](repeating: nil, count: inputs.count)
        let net = self
        let compiledCopy = compiled
        results.withUnsafeMutableBufferPointer { buf in
            let out = UncheckedBox(buf.baseAddress!)
            DispatchQueue.concurrentPerform(iterations: inputs.count) { i in
                out.p[i] = net.runCompiled(inputs[i], compiled: compiledCopy, fcPrograms: fcPrograms, recordInputs: recordInputs)
            }
        }
        return results.map { $0! }
    }

    private func runCompiled(_ sample: DigitsSample, compiled: [(programs: [KernelProgram], mode: Mode)],
                             fcPrograms: [KernelProgram], recordInputs: Bool) -> TunableRun {
        var x = inputTensor(sample)
        var stats: [LayerStats] = []
        var recorded: [QTensor] = []
        for (l, layer) in [conv1, conv2].enumerated() {
            if recordInputs { recorded.append(x) }
            let spec = layer.spec
            let padded = x.padded(spec.pad)
            let wp = x.width + 2 * spec.pad
            let hout = x.height + 2 * spec.pad - spec.kH + 1, wout = wp - spec.kW + 1
            var y = QTensor(channels: spec.outC, height: hout, width: wout, fracBits: layer.outputFracBits)
            var perKernel: [KernelStats] = []
            let mode = compiled[l].mode
            for k in 0..<spec.outC {
                let prog = compiled[l].programs[k]
                var st = KernelStats()
                st.outputs = hout * wout
                st.denseOps = st.outputs * spec.kernelSize
                st.zeroSkipOps = st.outputs * layer.kernelWeights(k).reduce(0) { $0 + ($1 != 0 ? 1 : 0) }
                for oy in 0..<hout {
                    for ox in 0..<wout {
                        let r = prog.execute(input: padded, base: oy * wp + ox, mode: mode, shift: layer.shift, width: layer.width)
                        y.data[(k * hout + oy) * wout + ox] = r.value
                        st.executedOps += r.ops
                        switch r.stop {
                        case .complete: if r.accumulator < 0 { st.negativeOutputs += 1 }
                        case .sign: st.signStops += 1; st.negativeOutputs += 1
                        case .predicted: st.predictedZeros += 1
                        }
                    }
                }
                perKernel.append(st)
            }
            stats.append(LayerStats(layer: spec.name, mode: mode, perKernel: perKernel))
            x = y
        }
        let pooled = Self.maxPool2(x)
        let scale = FixedPoint.pow2(-classifier.outputFracBits)
        var scores: [Double] = []
        for prog in fcPrograms {
            let r = prog.execute(input: pooled.data, base: 0, mode: .dense, shift: classifier.shift, width: classifier.width)
            scores.append(Double(FixedPoint.requantLinear(r.accumulator, shift: classifier.shift, width: classifier.width)) * scale)
        }
        return TunableRun(scores: scores, layerStats: stats, layerInputs: recorded)
    }
}

/// A raw pointer shared by concurrent workers that write disjoint elements.
struct UncheckedBox<T>: @unchecked Sendable {
    let p: UnsafeMutablePointer<T>
    init(_ p: UnsafeMutablePointer<T>) { self.p = p }
}
