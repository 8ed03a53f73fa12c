import Dispatch
import Golden

/// One candidate (Th, N) of one kernel, measured on the calibration inputs.
public struct KernelCandidate: Sendable, Equatable {
    public var setting: PredictiveSetting
    /// Ops saved against exact mode on the calibration inputs (may be negative for a bad order).
    public var savedOps: Int
    /// Outputs predicted zero whose exact output is nonzero ("positives wrongly zeroed").
    public var falseZeros: Int
    /// Sum of the exact output values (integer output units) of those wrongly zeroed outputs:
    /// the error the candidate injects, used as the cost in local optimisation.
    public var errorMass: Int64
    /// Outputs predicted zero.
    public var predictedZeros: Int

    /// The "off" candidate: exact mode.
    public static let off = KernelCandidate(setting: .off, savedOps: 0, falseZeros: 0, errorMass: 0, predictedZeros: 0)
}

/// The profile of one kernel: exact-mode ops on the calibration inputs and its candidates,
/// reduced to the upper concave hull of (errorMass, savedOps) (the candidates a Lagrangian
/// trade-off can pick), `off` first.
public struct KernelProfile: Sendable, Equatable {
    public var kernel: Int
    public var outputs: Int
    public var exactOps: Int
    public var candidates: [KernelCandidate]
    /// Sum of the kernel's exact output values on the calibration inputs.
    public var outputMass: Int64
}

/// The profile of one tunable layer for one speculation strategy.
public struct LayerProfile: Sendable, Equatable {
    public var layer: String
    public var strategy: SpeculationStrategy
    public var kernels: [KernelProfile]
    /// Ops of the layer on the calibration inputs in dense, zeroSkip and exact mode.
    public var denseOps: Int
    public var zeroSkipOps: Int
    public var exactOps: Int
    /// Sum of the exact output values (integer output units) on the calibration inputs: the
    /// scale against which local optimisation measures error mass.
    public var outputMass: Int64
}

/// Kernel profiling (SnaPEA tuning step 1): for each kernel, each speculation count `N` and every
/// threshold that separates the calibration outputs differently, the ops saved against exact
/// mode and the positives wrongly zeroed.
///
/// For a given `N` the golden `Compiler` produces the predictive op order; each calibration output
/// is run with `KernelProgram.execute` with the threshold check off (its ops if not predicted, its
/// exact value), and its partial sum after the `N` speculation ops is recorded (outputs that the
/// sign check stops before op `N` cannot be predicted). Sorting the partial sums gives every
/// threshold's effect at once: `Th = s` predicts exactly the outputs with partial sum `<= s`.
/// Thresholds are placed on observed partial sums (the tightest value with the measured effect).
public enum KernelProfiler {
    /// Default speculation counts; those `>=` a kernel's nonzero-weight count are skipped.
    public static let defaultCounts = [1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64]

    /// Profiles `layer` on its calibration `inputs` (the layer's input tensors from exact runs).
    ///
    /// `positionSample` > 1 profiles a deterministic sample of the output positions: of input
    /// `j`, the positions `p` with `(p + j) % positionSample == 0` (every position of every
    /// input when 1). Many images with a position sample see more varied partial sums than a few
    /// images in full, at the same cost.
    public static func profile(_ layer: QuantizedConv, inputs: [QTensor], strategy: SpeculationStrategy,
                               counts: [Int] = defaultCounts, positionSample: Int = 1) throws -> LayerProfile {
        let spec = layer.spec
        guard let first = inputs.first else {
            throw LayerError(layer: spec.name, field: "calibration inputs", "no calibration inputs to profile")
        }
        let (hout, wout) = try spec.outputSize(inputChannels: first.channels, height: first.height, width: first.width)
        let hp = first.height + 2 * spec.pad, wp = first.width + 2 * spec.pad
        for t in inputs where t.shape != first.shape {
            throw LayerError(layer: spec.name, field: "calibration inputs", "input shapes differ (\(t.shape) vs \(first.shape))")
        }
        if !layer.relu || !(layer.inputNonNegative || inputs.allSatisfy({ $0.isNonNegative })) {
            throw LayerError(layer: spec.name, field: "mode", "not tunable: needs ReLU and non-negative inputs")
        }
        let padded = inputs.map { $0.padded(spec.pad) }
        var bases: [Int] = []
        for oy in 0..<hout { for ox in 0..<wout { bases.append(oy * spec.stride * wp + ox * spec.stride) } }
        let exactPrograms = try Compiler(mode: .exact).compile(layer, inputHeight: hp, inputWidth: wp)
        let maxN = counts.max() ?? 0
        var programsByN: [Int: [KernelProgram]] = [:]
        for n in counts where n >= 1 && n <= maxN {
            let settings = [PredictiveSetting](repeating: PredictiveSetting(threshold: Int64.min, specN: n), count: spec.outC)
            programsByN[n] = try Compiler(mode: .predictive, strategy: strategy, settings: settings)
                .compile(layer, inputHeight: hp, inputWidth: wp)
        }
        let nonzero = (0..<spec.outC).map { k in layer.kernelWeights(k).reduce(0) { $0 + ($1 != 0 ? 1 : 0) } }
        var kernels = [KernelProfile?](repeating: nil, count: spec.outC)
        let step = max(1, positionSample)
        let basesL = inputs.indices.map { j in step == 1 ? bases : bases.indices.filter { ($0 + j) % step == 0 }.map { bases[$0] } }
        let programsL = programsByN
        kernels.withUnsafeMutableBufferPointer { buf in
            let out = UncheckedBox(buf.baseAddress!)
            DispatchQueue.concurrentPerform(iterations: spec.outC) { k in
                out.p[k] = profileKernel(k, layer: layer, padded: padded, bases: basesL, exact: exactPrograms[k],
                                         predictive: counts.filter { $0 >= 1 && $0 < nonzero[k] }.map { ($0, programsL[$0]![k]) })
            }
        }
        let outputs = basesL.reduce(0) { $0 + $1.count }
        let ks = kernels.map { $0! }
        return LayerProfile(layer: spec.name, strategy: strategy, kernels: ks,
                            denseOps: outputs * spec.outC * spec.kernelSize,
                            zeroSkipOps: outputs * nonzero.reduce(0, +),
                            exactOps: ks.reduce(0) { $0 + $1.exactOps },
                            outputMass: ks.reduce(0) { $0 + $1.outputMass })
    }

    static func profileKernel(_ k: Int, layer: QuantizedConv, padded: [[Int32]], bases: [[Int]],
                              exact: KernelProgram, predictive: [(n: Int, program: KernelProgram)]) -> KernelProfile {
        var exactOps = 0
        var outputMass: Int64 = 0
        for (x, b) in zip(padded, bases) {
            exact.executeAll(inputs: [x], bases: b, mode: .exact, shift: layer.shift, width: layer.width, partialOps: 0) { ops, value, _ in
                exactOps += ops
                outputMass += Int64(value)
            }
        }
        var points: [KernelCandidate] = [.off]
        for (n, prog) in predictive {
            // (partial sum, ops saved if predicted, exact output value) of every predictable output.
            var rows: [(s: Int64, gain: Int, value: Int32)] = []
            var opsUnpredicted = 0
            rows.reserveCapacity(bases.reduce(0) { $0 + $1.count })
            for (x, b) in zip(padded, bases) {
                prog.executeAll(inputs: [x], bases: b, mode: .predictive, shift: layer.shift, width: layer.width,
                                partialOps: n) { ops, value, partial in
                    opsUnpredicted += ops
                    if ops < n { return }  // stopped by the sign check before the threshold check
                    rows.append((partial, ops - n, value))
                }
            }
            rows.sort { $0.s < $1.s }
            // Sweep thresholds: after each tie group, record (saved, falseZeros, mass).
            var saved = exactOps - opsUnpredicted, fz = 0, mass: Int64 = 0, predicted = 0
            var i = 0
            while i < rows.count {
                let s = rows[i].s
                while i < rows.count && rows[i].s == s {
                    saved += rows[i].gain
                    predicted += 1
                    if rows[i].value != 0 { fz += 1; mass += Int64(rows[i].value) }
                    i += 1
                }
                points.append(KernelCandidate(setting: PredictiveSetting(threshold: s, specN: n), savedOps: saved,
                                              falseZeros: fz, errorMass: mass, predictedZeros: predicted))
            }
        }
        return KernelProfile(kernel: k, outputs: bases.reduce(0) { $0 + $1.count }, exactOps: exactOps,
                             candidates: upperHull(points), outputMass: outputMass)
    }

    /// `off`, then the Pareto staircase of the points with positive savings in the
    /// (errorMass, savedOps) plane: increasing error mass with strictly increasing saving
    /// (a point is kept only if no point with less or equal error saves as much), thinned to at
    /// most `maxPoints` points (keeping the low-error end dense).
    public static func upperHull(_ points: [KernelCandidate], maxPoints: Int = 400) -> [KernelCandidate] {
        let sorted = points.sorted { a, b in
            a.errorMass != b.errorMass ? a.errorMass < b.errorMass : a.savedOps > b.savedOps
        }
        var mono: [KernelCandidate] = []
        for p in sorted where p.savedOps > (mono.last?.savedOps ?? 0) {
            if let last = mono.last, p.errorMass == last.errorMass { mono[mono.count - 1] = p } else { mono.append(p) }
        }
        if mono.count > maxPoints {
            // Keep the first half of the budget as is, then every k-th point, and the last.
            let head = maxPoints / 2
            let step = max(1, (mono.count - head) / (maxPoints - head))
            var thin = Array(mono.prefix(head))
            var i = head
            while i < mono.count { thin.append(mono[i]); i += step }
            if thin.last != mono.last { thin.append(mono.last!) }
            mono = thin
        }
        // `off` always comes first (the kernel may stay exact), even if a zero-error point exists.
        return [.off] + mono
    }
}
