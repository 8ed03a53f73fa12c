import Accelerator
import Golden
import Workloads

/// Picks a deterministic, evenly spread sample of a workload's tiles for co-simulation.
enum TileSampler {
    /// Up to `count` tiles per mode, spread over layers and tile positions, tiled as the
    /// evaluation runs them (all sample inputs as one batch: small inputs share tiles).
    /// `plans[l]` gives layer `l`'s predictive plan (strategy and per-kernel (Th, N)); layers without
    /// a predictive plan are skipped in predictive mode.
    static func sample(_ workload: EvaluationWorkload, config: AcceleratorConfig, modes: [Mode], count: Int,
                       plans: [LayerPlan] = []) throws -> [TileProgram] {
        var chosen: [TileProgram] = []
        for mode in modes {
            var all: [TileProgram] = []
            for (l, layer) in workload.layers.enumerated() {
                let inputs = workload.inputs[l]
                guard !inputs.isEmpty else { continue }
                let plan = l < plans.count ? plans[l] : nil
                if mode == .predictive && plan?.settings == nil { continue }
                let compiler = mode == .predictive ? plan!.compiler : Compiler(mode: mode)
                all += try LayerTiler.tiles(layer, inputs: inputs, compiler: compiler,
                                            capacities: config.bufferCapacities, pes: config.pes)
            }
            guard !all.isEmpty else { continue }
            let n = min(count, all.count)
            chosen += (0..<n).map { all[$0 * all.count / n] }
        }
        return chosen
    }
}
