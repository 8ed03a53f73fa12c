import Accelerator
import Estimation
import Foundation
import Golden

/// One layer in one mode on the accelerator model: executed ops, cycles (golden cycle model,
/// tiled by the configuration's buffers), cycle efficiency and energy (45 nm tables).
struct ModeFigures: Codable, Sendable {
    var mode: String
    var executedOps: Int
    var cycles: Int
    var efficiency: Double
    var energyPJ: Double
}

/// A convolution layer evaluated in every mode, summed over the evaluation inputs.
struct LayerFigures: Codable, Sendable {
    var layer: String
    var shape: String
    var inputs: Int
    var outputs: Int
    var negativeFraction: Double
    var denseOps: Int
    var zeroSkipOps: Int
    var modes: [ModeFigures]
    /// Kernels with a predictive setting that can fire, of all kernels (0 when the layer stays exact).
    var predictiveKernels: Int
    var kernels: Int

    func figures(_ mode: Mode) -> ModeFigures? { modes.first { $0.mode == mode.rawValue } }

    /// Cycle speedup of `mode` over `baseline` (> 1 is faster).
    func speedup(_ mode: Mode, over baseline: Mode) -> Double {
        guard let a = figures(mode), let b = figures(baseline), a.cycles > 0 else { return .nan }
        return Double(b.cycles) / Double(a.cycles)
    }

    /// Energy ratio baseline / mode (> 1 is less energy).
    func energyGain(_ mode: Mode, over baseline: Mode) -> Double {
        guard let a = figures(mode), let b = figures(baseline), a.energyPJ > 0 else { return .nan }
        return b.energyPJ / a.energyPJ
    }
}

/// Evaluates convolution layers on a hardware configuration in the four modes: the
/// register-file organisation (`config`; cycles, efficiency and energy) or, when `stream` is set,
/// the stream organisation (cycles and efficiency from `StreamTiler`; its energy is not modelled
/// yet and reads 0).
struct LayerEvaluator {
    let config: AcceleratorConfig
    let stream: StreamConfig?
    let hardware: HardwareShape
    let estimator: EnergyEstimator

    init(config: AcceleratorConfig, areaUm2: Double, stream: StreamConfig? = nil) throws {
        self.config = config
        self.stream = stream
        self.hardware = AcceleratorEstimate.hardwareShape(config, areaUm2: areaUm2)
        self.estimator = try EnergyEstimator()
    }

    /// `mode` on the stream organisation: ops, cycles, efficiency (energy 0: not modelled).
    func streamFigures(_ layer: QuantizedConv, inputs: [QTensor], compiler: Compiler, _ s: StreamConfig) throws -> ModeFigures {
        var comp = compiler
        comp.mode = LayerExecutor.effectiveMode(compiler.mode, layer: layer, input: inputs[0])
        let spec = layer.spec
        let programs = try comp.compile(layer, inputHeight: inputs[0].height + 2 * spec.pad, inputWidth: inputs[0].width + 2 * spec.pad)
        let run = try s.tiler.run(layer, inputs: inputs, mode: comp.mode, programs: programs)
        return ModeFigures(mode: compiler.mode.rawValue, executedOps: run.executedTotal, cycles: run.cycles,
                           efficiency: run.computeCycles > 0 ? Double(run.executedTotal) / Double(s.lanes * run.computeCycles) : 0,
                           energyPJ: 0)
    }

    /// Evaluates `layer` on `inputs` (one input tensor per sample, run as one batch) in every mode;
    /// the predictive mode uses `settings` (one per kernel) or, without them, runs as exact.
    func evaluate(_ layer: QuantizedConv, inputs: [QTensor], settings: [PredictiveSetting]?,
                  strategy: SpeculationStrategy = .largestMagnitude) throws -> LayerFigures {
        var totals: [Mode: ModeFigures] = [:]
        var outputs = 0, negatives = 0, dense = 0, zeroSkip = 0
        for mode in Mode.allCases {
            let compiler = Compiler(mode: mode, strategy: strategy, settings: mode == .predictive ? settings : nil)
            if let stream {
                totals[mode] = try streamFigures(layer, inputs: inputs, compiler: compiler, stream)
                if mode == .dense {
                    for x in inputs {
                        let r = try LayerExecutor.run(layer, input: x, mode: .dense)
                        outputs += r.stats.total.outputs
                        negatives += r.stats.total.negativeOutputs
                        dense += r.stats.total.denseOps
                        zeroSkip += r.stats.total.zeroSkipOps
                    }
                }
                continue
            }
            // all inputs at once: small inputs share tiles (LayerTiler batching)
            let run = try LayerTiler.run(layer, inputs: inputs, compiler: compiler,
                                         capacities: config.bufferCapacities, cycleModel: config.cycleModel)
            let energy = try estimator.estimate(RunActivity(run.activity), hardware: hardware,
                                                name: "\(layer.spec.name) \(mode)")
            totals[mode] = ModeFigures(mode: mode.rawValue, executedOps: run.activity.macs, cycles: run.activity.cycles,
                                       efficiency: run.efficiency, energyPJ: energy.totalPJ)
            if mode == .dense {
                for r in run.runs {
                    outputs += r.stats.total.outputs
                    negatives += r.stats.total.negativeOutputs
                    dense += r.stats.total.denseOps
                    zeroSkip += r.stats.total.zeroSkipOps
                }
            }
        }
        let modes: [ModeFigures] = Mode.allCases.compactMap { totals[$0] }
        let spec = layer.spec
        let firing = settings?.filter { $0.specN >= 1 && $0.threshold > Int64.min }.count ?? 0
        return LayerFigures(layer: spec.name, shape: "\(spec.inC)→\(spec.outC) \(spec.kH)×\(spec.kW)/\(spec.stride)",
                            inputs: inputs.count, outputs: outputs,
                            negativeFraction: outputs > 0 ? Double(negatives) / Double(outputs) : 0,
                            denseOps: dense, zeroSkipOps: zeroSkip, modes: modes,
                            predictiveKernels: firing, kernels: spec.outC)
    }
}
