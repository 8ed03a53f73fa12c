import Accelerator
import Estimation
import Foundation
import Golden
import Reporting
import Workloads

/// Co-simulation outcome shown in the report.
struct CosimSummary: Codable, Sendable {
    var config: String
    var simulator: String
    var tiles: Int
    var outputs: Int
    var rtlCycles: Int
    var passed: Bool
    var firstMismatch: String?
}

/// Everything the report shows.
struct ReportData: Codable, Sendable {
    var generator: String
    var config: String
    var configDescription: String
    var macs: Int
    var areaUm2: Double
    var baselineAreaUm2: Double
    var pauOverhead: Double
    var pauLogicOverhead: Double
    var networks: [NetworkResult]
    var cosim: CosimSummary?
    var notes: [String]
}

/// Builds the networks' results and writes the report folder (Markdown + JSON + CSV + SVG).
enum ReportBuilder {
    /// A digits network: tuned at 1/2/3 % (held-out check), then evaluated per layer in every mode,
    /// predictive with the 3 % table; also returns the 3 % plans (one per layer) and the workload.
    static func digits(_ variant: DigitsModelFile.Embedded, config: AcceleratorConfig, areaUm2: Double,
                       samples: Int, context: CommandContext) throws -> (result: NetworkResult, plans: [LayerPlan]?, workload: EvaluationWorkload) {
        context.progress("tuning \(variant.rawValue) at 1/2/3 % budgets (kernel profiling, local and global optimisation)")
        let report = try DigitsReport.make(variant, budgets: [0.01, 0.02, 0.03])
        let workload = try EvaluationWorkload.digits(variant, samples: samples)
        let plans = report.budgets.last?.table.plans
        let evaluator = try LayerEvaluator(config: config, areaUm2: areaUm2)
        var layers: [LayerFigures] = []
        for (i, layer) in workload.layers.enumerated() {
            context.progress("\(workload.name): layer \(i + 1)/\(workload.layers.count) \(layer.spec.name), four modes")
            let plan = plans.map { $0[i] }
            layers.append(try evaluator.evaluate(layer, inputs: workload.inputs[i], settings: plan?.settings,
                                                 strategy: plan?.strategy ?? .largestMagnitude))
        }
        return (NetworkResult(name: workload.name, inputs: samples, layers: layers, accuracy: .init(report)), plans, workload)
    }

    /// SqueezeNet's tunable layers on `images` images in every mode. With `proxy`, predictive
    /// mode is first tuned for a 3 % budget on that image-variant PROXY (uniform-level search,
    /// observed-rate rule, every check run on all acceptance inputs so the trade-off curve is
    /// complete; the full proxy as `tune` does); without it, predictive runs as exact and the
    /// result carries no tuning.
    static func squeezeNet(dataDirectory: DataDirectory, config: AcceleratorConfig, areaUm2: Double,
                           images: Int, proxy: SqueezeNetTuningProxy.Size?, labels: SqueezeNetTuningProxy.Labels = .image,
                           context: CommandContext) throws -> NetworkResult {
        context.progress("SqueezeNet: loading and running \(images) image(s)")
        let (workload, network) = try EvaluationWorkload.squeezeNet(dataDirectory: dataDirectory, images: images)
        var plans: [LayerPlan]? = nil
        var summary: ProxySummary? = nil
        if let size = proxy {
            // The full proxy runs exactly as `snapea tune --model squeezenet` (2 raises, early stops);
            // the demo proxy runs every check on all its inputs so the trade-off curve is complete.
            let full = size == .full
            let options = SqueezeNetTuning.options(budget: 0.03, confidence: 0.95, rule: .observedRate, refinements: full ? 2 : 0)
            let tuning = try SqueezeNetTuning.run(network, size: size, labels: labels, options: options, stopEarly: full, context: context)
            plans = tuning.selection.plans
            summary = tuning.summary()
        }
        let evaluator = try LayerEvaluator(config: config, areaUm2: areaUm2)
        var layers: [LayerFigures] = []
        for (i, layer) in workload.layers.enumerated() {
            context.progress("SqueezeNet: layer \(i + 1)/\(workload.layers.count) \(layer.spec.name), four modes")
            let plan = plans.map { $0[i] }
            layers.append(try evaluator.evaluate(layer, inputs: workload.inputs[i],
                                                 settings: plan?.mode == .predictive ? plan?.settings : nil,
                                                 strategy: plan?.strategy ?? .largestMagnitude))
        }
        return NetworkResult(name: workload.name, inputs: images, layers: layers, accuracy: nil, proxy: summary)
    }

    static func summaryTable(_ data: ReportData) -> Table {
        var t = Table(headers: ["network", "exact vs dense", "exact vs zeroSkip", "exact energy vs dense",
                                "predictive (3 %) vs dense", "pred. energy vs dense", "held-out loss (3 %)",
                                "layers predictive", "kernels predictive"])
        for n in data.networks {
            let tuned = n.accuracy?.budgets.last != nil || n.proxy != nil
            let kernels = n.layers.reduce(0) { $0 + $1.kernels }, pk = n.layers.reduce(0) { $0 + $1.predictiveKernels }
            t.append([n.name, Format.ratio(n.speedup(.exact, over: .dense)), Format.ratio(n.speedup(.exact, over: .zeroSkip)),
                      Format.ratio(n.energyGain(.exact, over: .dense)),
                      !tuned ? "–" : Format.ratio(n.speedup(.predictive, over: .dense)),
                      !tuned ? "–" : Format.ratio(n.energyGain(.predictive, over: .dense)),
                      n.accuracy?.budgets.last.map { Format.percent($0.heldOutLoss, 2) }
                          ?? n.proxy.map { "PROXY: harmed \($0.harmed)/\($0.acceptanceInputs), changed \($0.changedTop1)" } ?? "–",
                      !tuned ? "–" : "\(n.predictiveLayers.count)/\(n.layers.count)",
                      !tuned ? "–" : "\(pk)/\(kernels)"])
        }
        return t
    }

    static func paperTable(_ data: ReportData) -> Table {
        // SnaPEA's own SqueezeNet figures (ISCA'18 talk, slide 30) join when SqueezeNet is reported.
        let squeeze = data.networks.contains { $0.name.lowercased().contains("squeezenet") }
        var t = Table(headers: ["metric", "SnaPEA paper (ISCA'18)"] + (squeeze ? ["paper: SqueezeNet"] : []) + data.networks.map(\.name))
        func row(_ metric: String, _ paper: String, _ paperSqueeze: String, _ f: (NetworkResult) -> String) {
            t.append([metric, paper] + (squeeze ? [paperSqueeze] : []) + data.networks.map(f))
        }
        row("exact: speedup vs dense", "1.28x (avg of 4 CNNs)", "–") { Format.ratio($0.speedup(.exact, over: .dense)) }
        row("exact: energy reduction vs dense", "16 %", "–") { Format.percent(1 - 1 / $0.energyGain(.exact, over: .dense)) }
        row("predictive: share of layers", "67.8 %", "65.4 % of conv layers") { n in
            !n.tuned ? "not tuned" : Format.percent(Double(n.predictiveLayers.count) / Double(max(n.layers.count, 1)))
        }
        row("predictive: speedup on those layers", "2.02x", "1.94x") { n in
            !n.tuned ? "–" : Format.ratio(n.predictiveSpeedupOnChosenLayers)
        }
        row("predictive: speedup on those layers vs exact", "–", "–") { n in
            !n.tuned ? "–" : Format.ratio(n.predictiveSpeedupOnChosenLayers(over: .exact))
        }
        row("predictive: energy gain on those layers", "1.89x", "1.84x") { n in
            !n.tuned ? "–" : Format.ratio(n.predictiveEnergyGainOnChosenLayers)
        }
        row("accuracy loss", "≤ 3 % (top-1)", "≤ 3 % (top-1)") { n in
            n.accuracy?.budgets.last.map { Format.percent($0.heldOutLoss, 2) + " held-out" }
                ?? n.proxy.map { Format.percent(Double($0.harmed) / Double(max($0.acceptanceInputs, 1)), 2)
                    + " harmed on the PROXY (CP bound " + Format.percent($0.changedBound, 1) + "), " + Format.percent($0.changedRate, 2) + " top-1 changed" }
                ?? "–"
        }
        row("area overhead of PAUs", "4.5 %", "–") { _ in Format.percent(data.pauOverhead, 2) }
        return t
    }

    static func markdown(_ data: ReportData) -> String {
        var s = "# snapea report\n\nGenerated by \(data.generator). Hardware: \(data.configDescription).\n\n"
        s += "## Summary\n\nCycle speedups come from the golden cycle model of the generated RTL (tiled by its buffers); "
        s += "energies from the 45 nm tables (docs/ESTIMATION.md). Predictive mode uses the tuner's table for a 3 % budget.\n\n"
        s += summaryTable(data).markdown + "\n"
        if let c = data.cosim {
            s += "Co-simulation (\(c.simulator), \(c.config)): \(c.tiles) tiles, \(c.outputs) outputs, \(c.rtlCycles) cycles — "
            s += c.passed ? "**bit-exact and cycle-exact** against the golden model.\n\n" : "**MISMATCH**: \(c.firstMismatch ?? "?")\n\n"
        }
        s += "## Comparison with the SnaPEA paper\n\n" + paperTable(data).markdown
        s += "\nThe paper measured AlexNet, GoogLeNet, SqueezeNet and VGG-16 on a TSMC 45 nm design against Eyeriss; "
        s += "the figures here are measured on the networks named in the columns, against the same array without PAUs.\n\n"
        if squeezeNetPresent(data) {
            s += "SqueezeNet v1.0 here has Deep Compression's pruned weights (`compressed_SqueezeNet.net`): most of its speedup "
            s += "over dense comes from skipping zero weights (see zeroSkip), so compare predictive mode with exact/zeroSkip on it; "
            s += "its predictive settings are tuned on an image-variant PROXY, not on labelled ImageNet data (see its section).\n\n"
        }
        s += "## Area (45 nm estimate)\n\n![area](area.svg)\n\n"
        let area = Table(headers: ["design", "area mm²", "PAU overhead (whole array)", "PAU overhead (logic only)"],
                         rows: [[data.config, Format.fixed(data.areaUm2 / 1e6, 3), Format.percent(data.pauOverhead, 2),
                                 Format.percent(data.pauLogicOverhead, 2)],
                                [data.config + "-baseline", Format.fixed(data.baselineAreaUm2 / 1e6, 3), "–", "–"]])
        s += area.markdown + "\nPer-block breakdown: `area.md`, `area.csv`, `area.json`.\n\n"
        if let stream = try? AreaComparison(stream: .default256) {
            s += "These figures are the **register-file organisation** (a private read port per lane on every buffer, "
            s += "each priced as an SRAM replica). The **stream organisation** (`stream256`, docs/ACCELERATOR.md) builds the "
            s += "same 256 MACs from SRAM macros with at most two ports: \(Format.fixed(stream.snapea.totalUm2 / 1e6, 2)) mm² "
            s += "(\(Format.fixed(stream.snapea.area(of: .buffers) / 1e6, 2)) mm² of fakeram45 macros), PAU overhead "
            s += "\(Format.percent(stream.overhead, 2)); `snapea estimate --preset stream256`, `snapea simulate --preset stream256`.\n\n"
        }
        for n in data.networks {
            s += "## \(n.name): per layer (\(n.inputs) input(s))\n\n"
            s += "![speedup](\(fileStem(n.name))-speedup.svg)\n\n"
            s += layerTable(n.layers, includePredictive: n.tuned).markdown + "\n"
            var cyc = Table(headers: ["layer"] + Mode.allCases.map { "\($0) cycles" } + Mode.allCases.map { "\($0) µJ" })
            for l in n.layers {
                cyc.append([l.layer] + Mode.allCases.map { "\(l.figures($0)?.cycles ?? 0)" }
                           + Mode.allCases.map { Format.fixed((l.figures($0)?.energyPJ ?? 0) / 1e6, 3) })
            }
            s += cyc.markdown + "\n"
            if let a = n.accuracy {
                s += "Accuracy (held-out test split): float \(Format.percent(a.floatAccuracy, 2)), 16-bit fixed point "
                s += "\(Format.percent(a.fixedAccuracy, 2)); exact mode saves ops for a \(Format.ratio(a.exactOpsSpeedupVsDense)) op-count speedup.\n\n"
                var b = Table(headers: ["budget", "held-out loss", "ops speedup vs dense", "vs zeroSkip", "vs exact",
                                        "layers predictive", "kernels predictive"])
                for x in a.budgets {
                    b.append([Format.percent(x.budget), Format.percent(x.heldOutLoss, 2), Format.ratio(x.opsSpeedupVsDense),
                              Format.ratio(x.opsSpeedupVsZeroSkip), Format.ratio(x.opsSpeedupVsExact),
                              Format.percent(x.predictiveLayerFraction), Format.percent(x.predictiveKernelFraction)])
                }
                s += b.markdown + "\n"
            }
            if let p = n.proxy {
                s += "Predictive mode (3 % budget), " + p.headline + " The per-layer figures above are measured on \(n.inputs) image(s); "
                s += "the table below on the acceptance inputs (false zero = outputs predicted zero whose exact value on the layer's "
                s += "actual input is nonzero, per output). conv1 (signed input) is not tunable and is not in these tables.\n\n"
                s += p.layerTable.markdown + "\n"
            }
        }
        if data.networks.contains(where: { $0.tuned }) {
            s += "## Predictive mode: accuracy loss vs speedup\n\n![pareto](pareto.svg)\n\n"
            s += "Each point is one global-optimiser selection. Digits: x = loss measured on the held-out split. SqueezeNet: "
            s += "x = harmed PROXY acceptance inputs (each uniform-level check of the search that ran on every input).\n\n"
            if let m = data.networks.compactMap({ $0.accuracy?.tunerMethod }).first { s += "Tuner method (digits): \(m)\n\n" }
            if let m = data.networks.compactMap({ $0.proxy?.method }).first { s += "Tuner method (SqueezeNet): \(m)\n\n" }
        }
        if !data.notes.isEmpty {
            s += "## Notes\n\n" + data.notes.map { "- " + $0 }.joined(separator: "\n") + "\n"
        }
        return s
    }

    static func squeezeNetPresent(_ data: ReportData) -> Bool {
        data.networks.contains { $0.name.lowercased().contains("squeezenet") }
    }

    static func fileStem(_ name: String) -> String {
        String(name.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" }).split(separator: "-").joined(separator: "-")
    }

    /// Writes report.md, report.json, layers.csv, area.* and the SVG plots into `folder`.
    static func write(_ data: ReportData, area: AreaComparison, to folder: OutputFolder) throws {
        try folder.write(markdown(data), to: "report.md")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        try folder.write(try encoder.encode(data), to: "report.json")
        var csv = Table(headers: ["network", "layer", "shape", "negative fraction", "mode", "executed ops", "cycles",
                                  "efficiency", "energy pJ", "speedup vs dense", "speedup vs zeroSkip"])
        for n in data.networks {
            for l in n.layers {
                for m in l.modes {
                    let mode = Mode(rawValue: m.mode) ?? .dense
                    csv.append([n.name, l.layer, l.shape, Format.fixed(l.negativeFraction, 4), m.mode, "\(m.executedOps)",
                                "\(m.cycles)", Format.fixed(m.efficiency, 4), Format.fixed(m.energyPJ, 1),
                                Format.fixed(l.speedup(mode, over: .dense), 4), Format.fixed(l.speedup(mode, over: .zeroSkip), 4)])
                }
            }
        }
        try folder.write(csv.csv, to: "layers.csv")
        try folder.write(area.snapea.markdown() + "\n" + area.baseline.markdown() + "\n" + area.table.markdown, to: "area.md")
        try folder.write(area.snapea.csv(), to: "area.csv")
        try folder.write(try area.snapea.json(), to: "area.json")
        try folder.write(area.svg, to: "area.svg")
        for n in data.networks {
            let modes: [Mode] = n.tuned ? [.zeroSkip, .exact, .predictive] : [.zeroSkip, .exact]
            let svg = SVGChart.groupedBars(title: "\(n.name): cycle speedup over dense, per layer", yLabel: "speedup (x)",
                                           categories: n.layers.map(\.layer), series: modes.map(\.rawValue),
                                           values: modes.map { m in n.layers.map { $0.speedup(m, over: .dense) } }, reference: 1)
            try folder.write(svg, to: "\(fileStem(n.name))-speedup.svg")
        }
        let tuned = data.networks.filter(\.tuned)
        if !tuned.isEmpty {
            let svg = SVGChart.lines(title: "Predictive mode: accuracy loss vs op speedup",
                                     xLabel: "top-1 loss (%): digits held-out, SqueezeNet PROXY harmed",
                                     yLabel: "op speedup vs dense (x)",
                                     series: tuned.map { $0.proxy != nil ? $0.name + " (proxy)" : $0.name },
                                     points: tuned.map { n in
                                         ((n.accuracy?.pareto ?? []).map { (x: $0.heldOutLoss * 100, y: $0.opsSpeedupVsDense) }
                                          + (n.proxy?.pareto ?? []).map { (x: $0.harmRate * 100, y: $0.opsSpeedupVsDense) })
                                             .sorted { $0.x != $1.x ? $0.x < $1.x : $0.y < $1.y }
                                     })
            try folder.write(svg, to: "pareto.svg")
        }
    }
}
