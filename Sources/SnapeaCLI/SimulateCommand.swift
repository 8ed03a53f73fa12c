import Accelerator
import Foundation
import Golden
import Reporting

/// The per-layer table of `simulate` (also used by the report).
func layerTable(_ figures: [LayerFigures], includePredictive: Bool) -> Table {
    var headers = ["layer", "shape", "neg. outputs", "dense ops", "zeroSkip ops", "exact ops",
                   "exact vs dense", "exact vs zeroSkip", "exact efficiency"]
    if includePredictive { headers += ["predictive ops", "pred. vs dense", "pred. kernels"] }
    var t = Table(headers: headers)
    for f in figures {
        var row = [f.layer, f.shape, Format.percent(f.negativeFraction), "\(f.denseOps)", "\(f.zeroSkipOps)",
                   "\(f.figures(.exact)?.executedOps ?? 0)",
                   Format.ratio(f.speedup(.exact, over: .dense)), Format.ratio(f.speedup(.exact, over: .zeroSkip)),
                   Format.fixed(f.figures(.exact)?.efficiency ?? 0, 3)]
        if includePredictive {
            row += ["\(f.figures(.predictive)?.executedOps ?? 0)", Format.ratio(f.speedup(.predictive, over: .dense)),
                    "\(f.predictiveKernels)/\(f.kernels)"]
        }
        t.append(row)
    }
    return t
}

let simulateCommand = Command(
    name: "simulate",
    summary: "run a network through the golden model: per-layer ops, cycles and speedups per mode",
    usage: "[--model digits|digits-plain|squeezenet] [--data DIR] [--samples N] [--table FILE] [--preset P | --config F]",
    options: workloadOptions + configOptions + [predictiveTableOption],
    examples: [
        "snapea simulate",
        "snapea simulate --model squeezenet --samples 1 --preset stream256   # the SRAM-macro stream organisation",
        "snapea simulate --model squeezenet --data ../shared/data --samples 1",
        "snapea simulate --model digits-plain --preset small --json",
        "snapea tune --out t.json && snapea simulate --table t.json",
    ],
    run: { args, context in
        let stream = args.value("preset").flatMap(StreamConfig.preset(named:))
        if stream != nil && args.value("config") != nil { throw CLIError.usage("--preset and --config are exclusive; give one") }
        let config = stream == nil ? try selectedConfig(args, streamPresets: true) : AcceleratorConfig.default256
        let workload = try loadWorkload(args, context: context)
        let plans = try predictiveTablePlans(args, workload: workload)
        let evaluator = try LayerEvaluator(config: config, areaUm2: 0, stream: stream)
        var figures: [LayerFigures] = []
        let started = Date()
        for (i, layer) in workload.layers.enumerated() {
            context.progress("layer \(i + 1)/\(workload.layers.count) \(layer.spec.name) "
                             + "(\(Format.fixed(Date().timeIntervalSince(started), 1)) s)")
            let plan = plans?[i]
            figures.append(try evaluator.evaluate(layer, inputs: workload.inputs[i], settings: plan?.settings,
                                                  strategy: plan?.strategy ?? .largestMagnitude))
        }
        let hardware = stream.map { "\($0.name) (stream organisation, \($0.pes) PEs × \($0.lanesPerPE) lanes)" }
            ?? "\(config.name) (\(config.pes) PEs × \(config.lanesPerPE) lanes)"
        context.say("\(workload.name) on \(hardware), \(workload.inputs.first?.count ?? 0) input(s):\n")
        context.say(layerTable(figures, includePredictive: plans != nil).markdown)
        let dense = figures.reduce(0) { $0 + ($1.figures(.dense)?.cycles ?? 0) }
        let zs = figures.reduce(0) { $0 + ($1.figures(.zeroSkip)?.cycles ?? 0) }
        let exact = figures.reduce(0) { $0 + ($1.figures(.exact)?.cycles ?? 0) }
        context.say("network cycles: dense \(dense), zeroSkip \(zs), exact \(exact); exact speedup "
                    + "\(Format.ratio(Double(dense) / Double(max(exact, 1)))) vs dense, "
                    + "\(Format.ratio(Double(zs) / Double(max(exact, 1)))) vs zeroSkip")
        if plans != nil {
            let predictive = figures.reduce(0) { $0 + ($1.figures(.predictive)?.cycles ?? 0) }
            context.say("predictive (--table): \(predictive) cycles; \(Format.ratio(Double(dense) / Double(max(predictive, 1)))) vs dense, "
                        + "\(Format.ratio(Double(exact) / Double(max(predictive, 1)))) vs exact")
        }
        struct Output: Encodable { let workload: String; let config: String; let layers: [LayerFigures] }
        try context.emitJSON(Output(workload: workload.name, config: stream?.name ?? config.name, layers: figures))
    })
