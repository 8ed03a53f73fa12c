import Foundation
import Golden
import Reporting
import Workloads

let tuneCommand = Command(
    name: "tune",
    summary: "tune predictive mode's per-kernel (Th, N) under an accuracy budget (held-out check)",
    usage: "[--budget 3%] [--model digits|digits-plain|squeezenet] [--data DIR] [--out table.json] [--force]",
    options: [
        .value("budget", "PCT", "largest top-1 accuracy loss, e.g. 3% (default 3%)"),
        .value("model", "NAME", "digits (SnaPEA-aware, default), digits-plain or squeezenet (proxy labels)"),
        .value("data", "DIR", "real data folder for squeezenet"),
        .value("out", "FILE", "write the per-kernel (Th, N) table the RTL flow consumes (JSON)"),
        .flag("force", "replace an existing output file"),
    ],
    examples: ["snapea tune --budget 3%", "snapea tune --model digits-plain --budget 1% --out plain-1pct.json",
               "snapea tune --model squeezenet --data ../shared/data --budget 3%"],
    run: { args, context in
        let budget = try args.percent("budget", default: 0.03)
        guard budget > 0 else { throw CLIError.usage("--budget: must be above 0%, got '\(args.value("budget") ?? "")'") }
        if let out = args.value("out"), FileManager.default.fileExists(atPath: out), !args.flag("force") {
            throw CLIError.failure("--out: \(out) already exists (use --force to replace it)")
        }
        let model = try selectedModel(args)
        var table: PredictiveTable
        switch model {
        case .digits, .digitsPlain:
            let variant: DigitsModelFile.Embedded = model == .digits ? .snapeaAware : .plain
            context.progress("profiling kernels and tuning \(variant.rawValue) for a \(Format.percent(budget)) budget")
            let report = try DigitsReport.make(variant, budgets: [budget])
            guard let b = report.budgets.first else { throw CLIError.failure("the tuner returned no selection") }
            table = b.table
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
            let dir = try dataDirectory(args)
            context.progress("loading SqueezeNet from \(dir.path)")
            let workload: SqueezeNetWorkload
            do { workload = try SqueezeNetWorkload.load(dataDirectory: dir) } catch let e as MissingDataFile {
                throw CLIError.failure(e.description)
            }
            context.progress("building the proxy set (images, flips, crops; labels = unmodified network's top-1)")
            let proxy = try SqueezeNetProxyDataset.make(workload)
            var options = TunerOptions()
            options.budget = budget
            options.maxBudget = max(budget, options.maxBudget)
            context.progress("profiling \(workload.tunableLayers.count) layers on \(proxy.samples.count) proxy inputs")
            let session = try TunerSession(network: workload, inputs: proxy.samples.map(\.input), labels: nil, options: options)
            let selection = try session.select(budget: budget)
            table = try PredictiveTable(network: "squeezenet", layers: workload.tunableLayers, selection: selection,
                                        method: options.methodDescription + " (PROXY: labels are the unmodified network's top-1)")
            let exactOps = session.exact.totalOps, predOps = selection.calibration.totalOps
            context.say("SqueezeNet (proxy accuracy: agreement with the unmodified network's top-1 on \(session.inputs.count) inputs): "
                        + "changed top-1 \(selection.calibration.changed), ops vs exact \(Format.ratio(Double(exactOps) / Double(max(predOps, 1)))), "
                        + "predictive layers \(selection.points.filter { $0.plan.mode == .predictive }.count)/\(selection.points.count)")
        }
        if let out = args.value("out") {
            let url = URL(fileURLWithPath: out)
            let staging = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())")
            defer { try? FileManager.default.removeItem(at: staging) }
            do {
                try table.encode().write(to: staging)
                if FileManager.default.fileExists(atPath: url.path) { try FileManager.default.removeItem(at: url) }
                try FileManager.default.moveItem(at: staging, to: url)
            } catch {
                throw CLIError.failure("--out: cannot write \(out): \(error.localizedDescription)")
            }
            context.say("wrote \(out)")
        }
    })
