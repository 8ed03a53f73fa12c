import Accelerator
import Foundation
import Golden
import HDL
import Reporting

let cosimCommand = Command(
    name: "cosim",
    summary: "co-simulate the generated RTL against the golden model on tiles of a network (bit- and cycle-exact)",
    usage: "[--model M] [--tiles N] [--table FILE] [--simulator verilator|icarus] [--trace out.vcd] [--preset P | --config F]",
    options: workloadOptions + configOptions + [predictiveTableOption,
        .value("tiles", "N", "tiles per mode (dense, zeroSkip, exact, and predictive with --table; default 2)"),
        .value("simulator", "NAME", "verilator (default) or icarus"),
        .value("trace", "FILE", "write a VCD waveform of the run (Verilator)"),
    ],
    examples: [
        "snapea cosim --preset small --tiles 4",
        "snapea cosim --model squeezenet --samples 1 --tiles 1",
        "snapea cosim --preset small --tiles 1 --trace run.vcd",
        "snapea tune --out t.json && snapea cosim --preset small --table t.json",
    ],
    run: { args, context in
        let config = try selectedConfig(args, default: .small)
        let kindName = args.value("simulator") ?? "verilator"
        guard let kind = SimulatorKind(rawValue: kindName) else {
            throw CLIError.usage("--simulator: expected verilator or icarus, got '\(kindName)'")
        }
        let trace = args.value("trace")
        if trace != nil && kind != .verilator {
            throw CLIError.usage("--trace needs --simulator verilator")
        }
        let toolName = kind == .verilator ? "verilator" : "iverilog"
        guard ExternalTool.find(toolName) != nil else {
            throw CLIError.failure("\(toolName) is not installed: run scripts/setup.sh (apt-get install -y verilator iverilog)")
        }
        let perMode = try args.int("tiles", default: 2, range: 1...64)
        let workload = try loadWorkload(args, context: context)
        let plans = try predictiveTablePlans(args, workload: workload)
        let modes: [Mode] = plans == nil ? [.dense, .zeroSkip, .exact] : Mode.allCases
        let tiles = try TileSampler.sample(workload, config: config, modes: modes, count: perMode, plans: plans ?? [])
        context.progress("building the \(kind) model of \(config.name) (cached by hash)")
        let cosim = try Cosim(config: config, simulator: kind, trace: trace != nil)
        context.progress("simulating \(tiles.count) tiles")
        let tracePath = trace.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
        let report = try cosim.run(tiles, tracePath: tracePath)
        context.say(report.description)
        context.say("simulated \(report.edges) cycles in \(Format.fixed(report.simulationSeconds, 2)) s "
                    + "(\(Format.fixed(report.cyclesPerSecond / 1000, 1)) kcycles/s)")
        struct Output: Encodable {
            let config: String; let simulator: String; let tiles: Int; let outputs: Int
            let rtlCycles: [Int]; let modelCycles: [Int]; let passed: Bool; let mismatches: [String]
        }
        try context.emitJSON(Output(config: config.name, simulator: kind.rawValue, tiles: report.tiles, outputs: report.outputs,
                                    rtlCycles: report.rtlCycles, modelCycles: report.modelCycles,
                                    passed: report.passed, mismatches: report.mismatches))
        if !report.passed {
            throw CLIError.failure("co-simulation mismatch: \(report.firstMismatch ?? "?")")
        }
    })
