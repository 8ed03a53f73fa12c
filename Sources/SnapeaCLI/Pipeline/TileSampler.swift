import Accelerator
import Golden

/// Picks a deterministic, evenly spread sample of a workload's tiles for co-simulation.
enum TileSampler {
    /// Up to `count` tiles per mode, spread over layers and tile positions (first sample input).
    /// `settings[l]` gives layer `l`'s predictive (Th, N); without them predictive mode is skipped.
    static func sample(_ workload: EvaluationWorkload, config: AcceleratorConfig, modes: [Mode], count: Int,
                       settings: [[PredictiveSetting]?] = []) throws -> [TileProgram] {
        var chosen: [TileProgram] = []
        for mode in modes {
            var all: [TileProgram] = []
            for (l, layer) in workload.layers.enumerated() {
                guard let input = workload.inputs[l].first else { continue }
                let s = l < settings.count ? settings[l] : nil
                if mode == .predictive && s == nil { continue }
                let compiler = Compiler(mode: mode, settings: mode == .predictive ? s : nil)
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
