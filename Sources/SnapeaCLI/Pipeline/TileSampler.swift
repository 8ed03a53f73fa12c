import Accelerator
import Golden
import Workloads

/// Picks a deterministic, evenly spread sample of a workload's tiles for co-simulation.
enum TileSampler {
    /// Up to `count` tiles per mode, spread over layers and tile positions (first sample input).
    /// `plans[l]` gives layer `l`'s predictive plan (strategy and per-kernel (Th, N)); layers without
    /// a predictive plan are skipped in predictive mode.
    static func sample(_ workload: EvaluationWorkload, config: AcceleratorConfig, modes: [Mode], count: Int,
                       plans: [LayerPlan] = []) throws -> [TileProgram] {
        var chosen: [TileProgram] = []
        for mode in modes {
            var all: [TileProgram] = []
            for (l, layer) in workload.layers.enumerated() {
                guard let input = workload.inputs[l].first else { continue }
                let plan = l < plans.count ? plans[l] : nil
                if mode == .predictive && plan?.settings == nil { continue }
                let compiler = mode == .predictive ? plan!.compiler : Compiler(mode: mode)
                all += try LayerTiler.tiles(layer, input: input, compiler: compiler,
                                            capacities: config.bufferCapacities, pes: config.pes)
            }
            guard !all.isEmpty else { continue }
            let n = min(count, all.count)
            chosen += (0..<n).map { all[$0 * all.count / n] }
        }
        return chosen
    }
}
