import Accelerator
import Foundation
import Golden
import HDL
import Reporting
import SnapeaEnvironment
import Workloads

/// The shared body of `demo` (with RTL generation and co-simulation) and `report` (without).
func runReport(_ args: ParsedArguments, context: CommandContext, withRTL: Bool) throws {
    let started = Date()
    func elapsed() -> String { Format.fixed(Date().timeIntervalSince(started), 1) + " s" }
    let config = try selectedConfig(args)
    let samples = try args.int("samples", default: 16, range: 1...400)
    let folder = try OutputFolder(path: args.value("out") ?? "snapea-out", force: args.flag("force"))
    var notes: [String] = []
    var cosim: CosimSummary? = nil
    var lintClean: Bool? = nil

    if withRTL {
        context.progress("[1/5] generating \(config.name) (\(config.pes) PEs × \(config.lanesPerPE) lanes) … \(elapsed())")
        let files = try Generator.emit(config)
        for f in files { try folder.write(f.text, to: "verilog/" + f.name) }
        if let verilator = ExternalTool.find("verilator") {
            let dir = try folder.url(for: "verilog/\(Generator.fileListName)").deletingLastPathComponent()
            let p = Process()
            p.executableURL = URL(fileURLWithPath: verilator.path)
            p.arguments = ["--lint-only", "-Wall", "-f", Generator.fileListName]
            p.currentDirectoryURL = dir
            let pipe = Pipe()
            p.standardOutput = pipe
            p.standardError = pipe
            try p.run()
            let out = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            p.waitUntilExit()
            lintClean = p.terminationStatus == 0 && !out.contains("%Warning")
            if lintClean == false { notes.append("verilator --lint-only -Wall reported: \(out.split(separator: "\n").first ?? "")") }
        }
    }

    context.progress("[2/5] area: \(config.name) vs \(config.baseline.name) … \(elapsed())")
    let area = try AreaComparison(config: config)

    context.progress("[3/5] golden model + tuner on the digits CNNs … \(elapsed())")
    var networks: [NetworkResult] = []
    let aware = try ReportBuilder.digits(.snapeaAware, config: config, areaUm2: area.snapea.totalUm2, samples: samples, context: context)
    networks.append(aware.result)
    networks.append(try ReportBuilder.digits(.plain, config: config, areaUm2: area.snapea.totalUm2, samples: samples, context: context).result)
    // SqueezeNet (real ImageNet weights) joins when its data is there: always with --squeezenet
    // (then a failure is an error), by default when the data folder is found.
    if !args.flag("no-squeezenet") {
        let explicit = args.flag("squeezenet") || args.value("data") != nil
        let proxy: SqueezeNetTuningProxy.Size?
        switch args.value("squeezenet-proxy") ?? "demo" {
        case "none": proxy = nil
        case let v: guard let s = SqueezeNetTuningProxy.Size(rawValue: v) else {
            throw CLIError.usage("--squeezenet-proxy: expected demo, full or none, got '\(v)'")
        }
        proxy = s
        }
        do {
            let t0 = Date()
            networks.append(try ReportBuilder.squeezeNet(dataDirectory: try dataDirectory(args), config: config,
                                                         areaUm2: area.snapea.totalUm2, images: 1, proxy: proxy, context: context))
            let secs = Date().timeIntervalSince(t0)
            notes.append("SqueezeNet took \(Format.fixed(secs, 0)) s here"
                         + (networks.last?.proxy.map { ", of which \(Format.fixed($0.tuneSeconds, 0)) s predictive tuning on the "
                                                          + "\(proxy?.rawValue ?? "") PROXY (`snapea tune --model squeezenet` uses the full one: "
                                                          + "8 profiling, 120 acceptance inputs)" } ?? " (predictive mode not tuned: --squeezenet-proxy none)")
                         + "; its per-layer cycles and energies are measured on 1 image; conv1 (signed input) is not a tunable layer.")
        } catch let e as MissingDataFile {
            if explicit { throw CLIError.failure(e.description) }
            notes.append("SqueezeNet was not evaluated: \(e.description)")
        } catch {
            if explicit { throw error }
            notes.append("SqueezeNet was not evaluated: \(error)")
        }
    }

    if withRTL {
        context.progress("[4/5] co-simulating sampled tiles on \(config.name) with Verilator … \(elapsed())")
        if ExternalTool.find("verilator") == nil {
            if RunEnvironment.isCI { throw CLIError.failure("verilator is not installed (running under CI): run scripts/setup.sh") }
            let msg = "Verilator is not installed, so co-simulation was skipped: run scripts/setup.sh (apt-get install -y verilator)"
            context.say(msg)
            notes.append(msg)
        } else {
            // The SnaPEA-aware digits CNN's tiles, predictive mode with its tuned 3 % (Th, N) table.
            let perMode = try args.int("tiles", default: 2, range: 1...64)
            let tiles = try TileSampler.sample(aware.workload, config: config, modes: Mode.allCases, count: perMode,
                                               plans: aware.plans ?? [])
            let report = try Cosim(config: config, simulator: .verilator).run(tiles)
            cosim = CosimSummary(config: config.name, simulator: "verilator", tiles: report.tiles, outputs: report.outputs,
                                 rtlCycles: report.rtlCycles.reduce(0, +), passed: report.passed, firstMismatch: report.firstMismatch)
        }
    }

    context.progress("[5/5] writing the report … \(elapsed())")
    notes.append("The digits layers are small (8×8 images, 8 and 16 kernels) next to a 256-MAC array: a layer's tile has "
                 + "only a few outputs per lane, so cycle speedups are lower than op-count speedups and efficiency is below the "
                 + "0.95 reached on large layers.")
    notes.append("Energy includes leakage over the whole array area (buffers dominate it), which dilutes the savings "
                 + "from skipped MACs; the per-category breakdown is in the estimator's energy report (`snapea estimate`).")
    if let l = lintClean { notes.append("verilator --lint-only -Wall on the generated Verilog: " + (l ? "no warnings" : "warnings (see above)")) }
    let data = ReportData(generator: snapeaVersion, config: config.name, configDescription: config.description,
                          macs: config.macs, areaUm2: area.snapea.totalUm2, baselineAreaUm2: area.baseline.totalUm2,
                          pauOverhead: area.overhead, pauLogicOverhead: area.logicOverhead,
                          networks: networks, cosim: cosim, notes: notes)
    try ReportBuilder.write(data, area: area, to: folder)
    try folder.commit()

    context.say(ReportBuilder.summaryTable(data).markdown)
    context.say("area \(Format.fixed(data.areaUm2 / 1e6, 2)) mm², PAU overhead \(Format.percent(data.pauOverhead, 2)) "
                + "(logic only \(Format.percent(data.pauLogicOverhead, 2)))"
                + (cosim.map { "; co-simulation: \($0.tiles) tiles " + ($0.passed ? "bit-exact and cycle-exact" : "MISMATCH") } ?? ""))
    context.say("report: \(folder.finalURL.path)/report.md (+ report.json, layers.csv, area.*, *.svg) in \(elapsed())")
    try context.emitJSON(data)
    if let c = cosim, !c.passed { throw CLIError.failure("co-simulation mismatch: \(c.firstMismatch ?? "?")") }
}

/// Options shared by `demo` and `report`.
let reportOptions: [OptionSpec] = configOptions + [
    .value("out", "DIR", "report folder (default snapea-out; written atomically)"),
    .flag("force", "replace an existing report folder"),
    .value("samples", "N", "digits test samples per layer evaluation (default 16)"),
    .flag("squeezenet", "require SqueezeNet v1.0 (by default it is evaluated when its data folder is found)"),
    .flag("no-squeezenet", "skip SqueezeNet even when its data is there"),
    .value("squeezenet-proxy", "SIZE", "SqueezeNet predictive tuning proxy: demo (default, 4 profiling + 24 acceptance inputs), "
           + "full (8 + 120, slower) or none (exact modes only)"),
    .value("data", "DIR", "real data folder (default $SNAPEA_DATA or ../shared/data)"),
]

let demoCommand = Command(
    name: "demo",
    summary: "the main job: generate the 256-MAC design, run the digits CNNs, co-simulate, estimate, tune, report",
    usage: "[--out DIR] [--force] [--samples N] [--tiles N] [--no-squeezenet | --data DIR] [--preset P]",
    options: reportOptions + [.value("tiles", "N", "co-simulated tiles per mode (default 2)")],
    examples: ["swift run -c release snapea demo", "snapea demo --out demo-out --force --tiles 4"],
    run: { args, context in try runReport(args, context: context, withRTL: true) })

let reportCommand = Command(
    name: "report",
    summary: "Markdown + JSON + CSV + SVG report (golden model, estimator, tuner; no RTL steps)",
    usage: "[--out DIR] [--force] [--samples N] [--no-squeezenet | --data DIR] [--preset P]",
    options: reportOptions,
    examples: ["snapea report --out report", "snapea report --preset small --out small-report --force"],
    run: { args, context in try runReport(args, context: context, withRTL: false) })
