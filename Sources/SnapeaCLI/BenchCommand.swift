import Accelerator
import Foundation
import Golden
import HDL
import Reporting

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
            context.progress("HDL core: elaborate + emit a design of ≥ 100,000 IR nodes")
            let hdl = try HDLBenchmark.run()
            context.say("hdl     " + hdl.description)
            let config = try selectedConfig(args)
            context.progress("elaborate + emit \(config.name)")
            let e = try AcceleratorBenchmarks.elaboration(config, repeats: repeats)
            context.say("emit    " + e.description)
            results["emit.seconds"] = e.seconds
        }
        if only == nil || only == "sim" {
            for tool in ["verilator", "iverilog"] where ExternalTool.find(tool) == nil {
                throw CLIError.failure("\(tool) is not installed: run scripts/setup.sh")
            }
            let config = AcceleratorConfig.small
            let workload = try EvaluationWorkload.digits(.snapeaAware, samples: 1)
            let tiles = try TileSampler.sample(workload, config: config, modes: [.exact], count: 4)
            context.progress("simulator speed on \(config.name): \(tiles.count) tiles, Verilator vs Icarus")
            let speed = try AcceleratorBenchmarks.simulatorSpeed(config, tiles: tiles)
            guard speed.bothPassed else { throw CLIError.failure("Verilator or Icarus disagreed with the golden model") }
            context.say("sim     " + speed.description)
            results["sim.verilatorCyclesPerSecond"] = speed.verilatorCyclesPerSecond
            results["sim.icarusCyclesPerSecond"] = speed.icarusCyclesPerSecond
            results["sim.ratio"] = speed.ratio
        }
        try context.emitJSON(results)
    })
