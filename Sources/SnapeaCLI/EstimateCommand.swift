import Accelerator
import Estimation
import Foundation
import Golden
import Reporting

let estimateCommand = Command(
    name: "estimate",
    summary: "45 nm area breakdown (with vs without PAUs) and per-layer energy/power per mode",
    usage: "[--preset P | --config F] [--model M] [--samples N] [--out DIR] [--force]",
    options: configOptions + workloadOptions + [
        .value("out", "DIR", "also write area.md/.json/.csv/.svg and energy.csv into DIR"),
        .flag("force", "replace an existing output folder"),
    ],
    examples: ["snapea estimate", "snapea estimate --preset int8 --out est-int8", "snapea estimate --model squeezenet --samples 1",
               "snapea estimate --preset stream256   # the stream organisation: area and SRAM macros"],
    run: { args, context in
        if let stream = args.value("preset").flatMap(StreamConfig.preset(named:)) {
            if args.value("config") != nil { throw CLIError.usage("--preset and --config are exclusive; give one") }
            try estimateStream(stream, args, context)
            return
        }
        let config = try selectedConfig(args, streamPresets: true)
        context.progress("estimating the area of \(config.name) and \(config.baseline.name)")
        let area = try AreaComparison(config: config)
        context.say("Area of \(config.name) (\(config.macs) MACs) vs the same array without PAUs:\n")
        context.say(area.table.markdown)
        context.say("PAU area overhead: \(Format.percent(area.overhead, 2)) of the whole array "
                    + "(\(Format.percent(area.logicOverhead, 2)) of the logic without buffers); SnaPEA reported 4.5 %\n")
        let workload = try loadWorkload(args, context: context)
        let evaluator = try LayerEvaluator(config: config, areaUm2: area.snapea.totalUm2)
        var energy = Table(headers: ["layer", "mode", "executed ops", "cycles", "energy µJ", "vs dense", "avg power mW"])
        var figures: [LayerFigures] = []
        for (i, layer) in workload.layers.enumerated() {
            context.progress("energy: layer \(i + 1)/\(workload.layers.count) \(layer.spec.name)")
            let f = try evaluator.evaluate(layer, inputs: workload.inputs[i], settings: nil)
            figures.append(f)
            for m in f.modes where m.mode != Mode.predictive.rawValue {
                let mode = Mode(rawValue: m.mode)!
                let power = m.cycles > 0 ? m.energyPJ / (Double(m.cycles) / (config.clockMHz * 1e6)) * 1e-9 : 0
                energy.append([f.layer, m.mode, "\(m.executedOps)", "\(m.cycles)", Format.fixed(m.energyPJ / 1e6, 3),
                               Format.ratio(f.energyGain(mode, over: .dense)), Format.fixed(power, 1)])
            }
        }
        context.say("Energy on \(workload.name) (\(workload.inputs.first?.count ?? 0) inputs, \(Int(config.clockMHz)) MHz):\n")
        context.say(energy.markdown)
        if let out = args.value("out") {
            let folder = try OutputFolder(path: out, force: args.flag("force"))
            try folder.write(area.snapea.markdown() + "\n" + area.baseline.markdown(), to: "area.md")
            try folder.write(try area.snapea.json(), to: "area.json")
            try folder.write(area.snapea.csv(), to: "area.csv")
            try folder.write(area.svg, to: "area.svg")
            try folder.write(energy.csv, to: "energy.csv")
            try folder.commit()
            context.say("wrote area.md, area.json, area.csv, area.svg, energy.csv to \(folder.finalURL.path)")
        }
        struct Output: Encodable {
            let config: String; let areaUm2: Double; let baselineAreaUm2: Double; let pauOverhead: Double
            let layers: [LayerFigures]
        }
        try context.emitJSON(Output(config: config.name, areaUm2: area.snapea.totalUm2, baselineAreaUm2: area.baseline.totalUm2,
                                    pauOverhead: area.overhead, layers: figures))
    })

/// `estimate` for the stream organisation: area with vs without PAUs and its SRAM macros (its
/// energy model is not written yet).
func estimateStream(_ c: StreamConfig, _ args: ParsedArguments, _ context: CommandContext) throws {
    // The output folder is checked before any work.
    let folder = try args.value("out").map { try OutputFolder(path: $0, force: args.flag("force")) }
    context.progress("estimating the area of \(c.name) with and without PAUs")
    let area = try AreaComparison(stream: c)
    context.say("Area of \(c.name) (stream organisation, \(c.lanes) MACs) vs the same array without PAUs:\n")
    context.say(area.table.markdown)
    context.say("PAU area overhead: \(Format.percent(area.overhead, 2)) of the whole array "
                + "(\(Format.percent(area.logicOverhead, 2)) of the logic without buffers); SnaPEA reported 4.5 %\n")
    let design = try Generator.elaborate(stream: c)
    let list = MemoryListFile(design.memoryList)
    let macros = try SramMacroModel.fakeram45.price(list)
    context.say("SRAM macros (fakeram45, 45 nm):\n")
    context.say(macros.table().markdown)
    context.say("Energy: not modelled for the stream organisation yet (docs/ACCELERATOR.md).")
    if let folder {
        try folder.write(area.snapea.markdown() + "\n" + area.baseline.markdown(), to: "area.md")
        try folder.write(try area.snapea.json(), to: "area.json")
        try folder.write(area.snapea.csv(), to: "area.csv")
        try folder.write(area.svg, to: "area.svg")
        try folder.write(macros.table().csv, to: "macros.csv")
        try folder.commit()
        context.say("wrote area.md, area.json, area.csv, area.svg, macros.csv to \(folder.finalURL.path)")
    }
    struct Output: Encodable { let config: String; let areaUm2: Double; let baselineAreaUm2: Double; let pauOverhead: Double; let macroUm2: Double }
    try context.emitJSON(Output(config: c.name, areaUm2: area.snapea.totalUm2, baselineAreaUm2: area.baseline.totalUm2,
                                pauOverhead: area.overhead, macroUm2: macros.totalAreaUm2))
}
