import Foundation
import Golden
import Reporting
import Workloads

let tuneCommand = Command(
    name: "tune",
    summary: "tune predictive mode's per-kernel (Th, N) under an accuracy budget (held-out check)",
    usage: "[--budget 3%] [--model digits|digits-plain|squeezenet] [--data DIR] [--out table.json] [--force] "
        + "[--confidence 0.95] [--rule bound|rate] [--proxy full|demo] [--refine N]",
    options: [
        .value("budget", "PCT", "largest top-1 accuracy loss, e.g. 3% (default 3%)"),
        .value("confidence", "C", "confidence of the Clopper-Pearson bound, 0.5...0.999 (default 0.95)"),
        .value("rule", "RULE", "acceptance: bound (Clopper-Pearson bound <= budget; digits default) or rate "
               + "(changed <= floor(budget x n), bound reported beside; squeezenet default)"),
        .value("proxy", "SIZE", "squeezenet without labels (PROXY; labelled images are the default when found): full (8 profiling, 120 acceptance inputs; default) or demo (4, 24)"),
        .value("refine", "N", "squeezenet: single-layer raises tried after the uniform-level search (default 2)"),
        .value("labels", "FROM", "squeezenet proxy labels: image (unmodified top-1 of the uncropped image; default) or variant "
               + "(of each variant: harm = any top-1 change)"),
        .value("keep-exact", "LAYERS", "squeezenet: comma-separated layers that stay exact (default conv_final; 'none' for none)"),
        .value("model", "NAME", "digits (SnaPEA-aware, default), digits-plain or squeezenet (true labels of --images, else PROXY)"),
        .value("data", "DIR", "real data folder for squeezenet"),
        .value("out", "FILE", "write the per-kernel (Th, N) table the RTL flow consumes (JSON)"),
        .flag("force", "replace an existing output file"),
    ] + labelledTuneOptions,
    examples: ["snapea tune --budget 3%", "snapea tune --model digits-plain --budget 1% --out plain-1pct.json",
               "snapea tune --model squeezenet --images ../shared/data/imagenet-sample --budget 3% --out sq.json",
               "snapea tune --model squeezenet --stage profile --out cand.json && parallel snapea tune --model squeezenet "
                   + "--candidates cand.json --shard {}/2 --out part{}.json ::: 1 2 && snapea tune --model squeezenet --candidates cand.json "
                   + "--merge part1.json part2.json --out sq.json",
               "snapea tune --model squeezenet --proxy full --budget 3%   # PROXY (no labels)"],
    run: { args, context in
        let budget = try args.percent("budget", default: 0.03)
        guard budget > 0 else { throw CLIError.usage("--budget: must be above 0%, got '\(args.value("budget") ?? "")'") }
        if let out = args.value("out"), FileManager.default.fileExists(atPath: out), !args.flag("force") {
            throw CLIError.failure("--out: \(out) already exists (use --force to replace it)")
        }
        let model = try selectedModel(args)
        let confidence = try confidenceOption(args)
        let rule = try ruleOption(args, default: model == .squeezenet ? .observedRate : .clopperPearson)
        let size = try proxyOption(args)
        let refinements = try args.int("refine", default: 2, range: 0...50)
        guard let labels = SqueezeNetTuningProxy.Labels(rawValue: args.value("labels") ?? "image") else {
            throw CLIError.usage("--labels: expected image or variant, got '\(args.value("labels") ?? "")'")
        }
        let keepExact: Set<String> = args.value("keep-exact").map { v in
            v == "none" ? [] : Set(v.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) })
        } ?? SqueezeNetTuning.defaultKeepExact
        if model != .squeezenet {
            for o in ["images", "stage", "candidates", "shard", "seed", "pareto"] where args.value(o) != nil {
                throw CLIError.usage("--\(o) applies to --model squeezenet")
            }
            if args.flag("merge") { throw CLIError.usage("--merge applies to --model squeezenet") }
            if let stray = args.positionals.first { throw CLIError.usage("snapea tune: unexpected argument '\(stray)'") }
        }
        var output: Data
        switch model {
        case .digits, .digitsPlain:
            let variant: DigitsModelFile.Embedded = model == .digits ? .snapeaAware : .plain
            context.progress("profiling kernels and tuning \(variant.rawValue) for a \(Format.percent(budget)) budget")
            var options = TunerOptions()
            options.confidence = confidence
            options.acceptance = rule
            let report = try DigitsReport.make(variant, budgets: [budget], options: options)
            guard let b = report.budgets.first else { throw CLIError.failure("the tuner returned no selection") }
            output = try b.table.encode()
            var t = Table(headers: ["budget", "held-out loss", "speedup vs dense (ops)", "vs zeroSkip", "vs exact",
                                    "layers predictive", "kernels predictive"])
            t.append([Format.percent(budget), Format.percent(b.heldOutLoss, 2), Format.ratio(b.speedupVsDense),
                      Format.ratio(b.speedupVsZeroSkip), Format.ratio(b.speedupVsExact),
                      Format.percent(b.predictiveLayerFraction), Format.percent(b.predictiveKernelFraction)])
            context.say("\(variant.rawValue): fixed-point test accuracy \(Format.percent(report.fixedAccuracy, 2)), "
                        + "exact-mode speedup \(Format.ratio(report.exactSpeedupVsDense)) vs dense\n")
            context.say(t.markdown)
            context.say("method: \(report.tunerMethod)")
        case .squeezenet:
            if args.value("proxy") == nil, let folder = try labelledFolder(args, useDefault: true) {
                output = try runLabelledTune(args, folder: folder, budget: budget, confidence: confidence, keepExact: keepExact,
                                             context: context)
                break
            }
            for o in ["stage", "candidates", "shard", "seed", "pareto"] where args.value(o) != nil {
                throw CLIError.usage("--\(o) needs labelled images (--images DIR), not the PROXY")
            }
            if let stray = args.positionals.first { throw CLIError.usage("snapea tune: unexpected argument '\(stray)'") }
            let dir = try dataDirectory(args)
            context.progress("loading SqueezeNet from \(dir.path)")
            let workload: SqueezeNetWorkload
            do { workload = try SqueezeNetWorkload.load(dataDirectory: dir) } catch let e as MissingDataFile {
                throw CLIError.failure(e.description)
            }
            let names = Set(workload.tunableLayers.map(\.spec.name))
            if let bad = keepExact.subtracting(names).sorted().first {
                throw CLIError.usage("--keep-exact: '\(bad)' is not a tunable SqueezeNet layer")
            }
            let options = SqueezeNetTuning.options(budget: budget, confidence: confidence, rule: rule, refinements: refinements,
                                                   keepExact: keepExact)
            let tuning = try SqueezeNetTuning.run(workload, size: size, labels: labels, options: options, stopEarly: true, context: context)
            output = try PredictiveTable(network: "squeezenet", layers: workload.tunableLayers, selection: tuning.selection,
                                         method: options.methodDescription + " (PROXY: \(tuning.proxy.description))").encode()
            let summary = tuning.summary()
            context.say(summary.layerTable.markdown)
            context.say("SqueezeNet v1.0, budget \(Format.percent(budget)): " + summary.headline)
            var checks = Table(headers: ["check", "level", "raised layer", "predictive layers", "inputs run", "harmed", "top-1 changed",
                                         "ops vs exact", "accepted"])
            let exactPerInput = Double(tuning.session.exact.totalOps) / Double(tuning.session.exact.inputs)
            for (i, st) in tuning.search.steps.enumerated() {
                checks.append(["\(i + 1)", Format.fixed(st.level, 5), st.raisedLayer.map { tuning.selection.points[$0].layer } ?? "–",
                               "\(st.predictiveLayers)", "\(st.evaluation.inputs)\(st.complete ? "" : " (stopped early)")",
                               "\(st.evaluation.harmed)", "\(st.evaluation.changed)",
                               Format.ratio(exactPerInput * Double(st.evaluation.inputs) / Double(max(st.evaluation.totalOps, 1))),
                               st.accepted ? "yes" : "no"])
            }
            context.say(checks.markdown)
        }
        if let out = args.value("out") {
            let url = URL(fileURLWithPath: out)
            let staging = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())")
            defer { try? FileManager.default.removeItem(at: staging) }
            do {
                try output.write(to: staging)
                if FileManager.default.fileExists(atPath: url.path) { try FileManager.default.removeItem(at: url) }
                try FileManager.default.moveItem(at: staging, to: url)
            } catch {
                throw CLIError.failure("--out: cannot write \(out): \(error.localizedDescription)")
            }
            context.say("wrote \(out)")
        }
    })

/// `--confidence` (default: `TunerOptions`'s, 0.95).
func confidenceOption(_ args: ParsedArguments) throws -> Double {
    guard let text = args.value("confidence") else { return TunerOptions().confidence }
    guard let c = Double(text), c >= 0.5, c <= 0.999 else {
        throw CLIError.usage("--confidence: expected a number in 0.5...0.999, got '\(text)'")
    }
    return c
}

/// `--rule bound|rate`.
func ruleOption(_ args: ParsedArguments, default def: AcceptanceRule) throws -> AcceptanceRule {
    switch args.value("rule") {
    case nil: return def
    case "bound": return .clopperPearson
    case "rate": return .observedRate
    case let other?: throw CLIError.usage("--rule: expected bound or rate, got '\(other)'")
    }
}

/// `--proxy full|demo`.
func proxyOption(_ args: ParsedArguments) throws -> SqueezeNetTuningProxy.Size {
    guard let text = args.value("proxy") else { return .full }
    guard let s = SqueezeNetTuningProxy.Size(rawValue: text) else {
        throw CLIError.usage("--proxy: expected full or demo, got '\(text)'")
    }
    return s
}
