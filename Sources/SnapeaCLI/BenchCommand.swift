import Accelerator
import Foundation
import Golden
import HDL
import Reporting

/// Best-of-`repeats` wall time of `body`, seconds.
func bestTime(_ repeats: Int, _ body: () throws -> Void) rethrows -> Double {
    var best = Double.infinity
    for _ in 0..<max(1, repeats) {
        let t0 = DispatchTime.now().uptimeNanoseconds
        try body()
        best = min(best, Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
    }
    return best
}

let benchCommand = Command(
    name: "bench",
    summary: "benchmarks, each a ratio or rate measured in one run (use a release build)",
    usage: "[--only golden|emit|sim] [--preset P]",
    options: [
        .value("only", "WHAT", "run one benchmark: golden (MAC/s dense vs exact), emit (elaborate+emit), sim (Verilator vs Icarus)"),
        .value("repeats", "N", "repetitions, best time kept (default 3)"),
    ] + configOptions,
    examples: ["swift run -c release snapea bench", "snapea bench --only golden"],
    run: { args, context in
        let only = args.value("only")
        if let o = only, !["golden", "emit", "sim"].contains(o) {
            throw CLIError.usage("--only: expected golden, emit or sim, got '\(o)'")
        }
        let repeats = try args.int("repeats", default: 3, range: 1...100)
        var results: [String: Double] = [:]
        #if DEBUG
        context.say("note: this is a debug build; run `swift run -c release snapea bench` for meaningful numbers")
        #endif

        if only == nil || only == "golden" {
            context.progress("golden model: 128×128×3×3 on 27×27, dense vs exact")
            let r = try GoldenBenchmark.run(repeats: repeats)
            context.say("golden  " + r.description)
            results["golden.denseMACsPerSecond"] = r.denseMACsPerSecond
            results["golden.exactMACsPerSecond"] = r.exactMACsPerSecond
            results["golden.exactSpeedupWall"] = r.speedup
            results["golden.exactSpeedupIdeal"] = r.idealSpeedup
        }
        if only == nil || only == "emit" {
            let config = try selectedConfig(args)
            context.progress("elaborate + emit \(config.name)")
            var nodes = 0
            let seconds = try bestTime(repeats) {
                let design = try Generator.elaborate(config)
                nodes = design.modules.reduce(0) { $0 + $1.nodes.count }
                _ = design.verilog
            }
            context.say("emit    \(config.name): \(Format.fixed(seconds, 3)) s to elaborate and emit "
                        + "(\(nodes) IR nodes in its module definitions, \(Format.fixed(Double(nodes) / seconds / 1000, 1)) knodes/s; goal < 0.5 s)")
            results["emit.seconds"] = seconds
            results["emit.nodesPerSecond"] = Double(nodes) / seconds
        }
        if only == nil || only == "sim" {
            for tool in ["verilator", "iverilog"] where ExternalTool.find(tool) == nil {
                throw CLIError.failure("\(tool) is not installed: run scripts/setup.sh")
            }
            let config = AcceleratorConfig.small
            let (workload, _, _) = try EvaluationWorkload.digits(.snapeaAware, samples: 1)
            let tiles = try TileSampler.sample(workload, config: config, modes: [.exact], count: 4)
            context.progress("simulator speed on \(config.name): \(tiles.count) tiles, Verilator vs Icarus")
            let v = try Cosim(config: config, simulator: .verilator).run(tiles)
            let i = try Cosim(config: config, simulator: .icarus).run(tiles)
            guard v.passed, i.passed, v.rtlOutputs == i.rtlOutputs, v.rtlCycles == i.rtlCycles else {
                throw CLIError.failure("Verilator and Icarus disagree: \(v.firstMismatch ?? i.firstMismatch ?? "outputs differ")")
            }
            let ratio = v.cyclesPerSecond / max(i.cyclesPerSecond, 1e-9)
            context.say("sim     \(config.name), \(v.edges) cycles: Verilator \(Format.fixed(v.cyclesPerSecond / 1000, 1)) kcycles/s, "
                        + "Icarus \(Format.fixed(i.cyclesPerSecond / 1000, 1)) kcycles/s, ratio \(Format.ratio(ratio)) (goal ≥ 10x); outputs and cycles agree")
            results["sim.verilatorCyclesPerSecond"] = v.cyclesPerSecond
            results["sim.icarusCyclesPerSecond"] = i.cyclesPerSecond
            results["sim.ratio"] = ratio
        }
        try context.emitJSON(results)
    })
