import Foundation
import Golden
import Reporting
import Workloads

/// Options `tune` adds for SqueezeNet on labelled images (`--images DIR`, the default when the
/// data folder has `imagenet-sample/`).
let labelledTuneOptions: [OptionSpec] = [
    imagesOption,
    .value("stage", "STAGE", "labelled squeezenet: profile (write the candidates of every level to --out; then --shard runs "
           + "evaluate them) or all (default: profile, evaluate, decide in one run)"),
    .value("candidates", "FILE", "labelled squeezenet: candidates from --stage profile (with --shard or --merge)"),
    shardOption,
    .flag("merge", "labelled squeezenet: merge the shard outcomes given as arguments (with --candidates) into the table"),
    .value("seed", "N", "labelled squeezenet: seed of the profiling/calibration/held-out split (default 2018)"),
    .value("pareto", "FILE", "labelled squeezenet: also evaluate every level and write the held-out loss vs speedup plot (SVG) "
           + "for budgets 0.5 %...5 %"),
]

/// The labelled SqueezeNet flow of `tune`; returns the bytes `--out` gets (table, candidates or outcomes).
func runLabelledTune(_ args: ParsedArguments, folder: LabelledImageFolder, budget: Double, confidence: Double,
                     keepExact: Set<String>, context: CommandContext) throws -> Data {
    let started = Date()
    let stage = args.value("stage") ?? "all"
    guard ["all", "profile"].contains(stage) else { throw CLIError.usage("--stage: expected profile or all, got '\(stage)'") }
    let shard = try shardValue(args)
    let merge = args.flag("merge")
    if merge && shard != nil { throw CLIError.usage("--merge and --shard are exclusive") }
    if (merge || shard != nil) && args.value("candidates") == nil {
        throw CLIError.usage("--\(merge ? "merge" : "shard") needs --candidates FILE (from --stage profile)")
    }
    if (merge || shard != nil) && stage != "all" { throw CLIError.usage("--stage profile makes the candidates; --shard and --merge use them") }
    if !merge && !args.positionals.isEmpty {
        throw CLIError.usage("snapea tune: unexpected argument '\(args.positionals[0])' (outcome files are merged with --merge)")
    }
    if merge && args.positionals.isEmpty { throw CLIError.usage("--merge needs the shard outcome files as arguments") }
    if (shard != nil || stage == "profile") && args.value("out") == nil {
        throw CLIError.usage("--\(shard != nil ? "shard" : "stage profile") needs --out FILE")
    }
    if args.value("pareto") != nil && (shard != nil || stage == "profile") { throw CLIError.usage("--pareto needs the whole run or --merge") }
    let seed = UInt64(try args.int("seed", default: Int(LabelledSplit.defaultSeed), range: 0...Int(Int32.max)))
    let candidatesFile = try args.value("candidates").map { path -> (String, LabelledCandidates) in
        guard let data = FileManager.default.contents(atPath: path) else { throw CLIError.failure("--candidates: cannot read \(path)") }
        do { return (path, try LabelledCandidates.decode(data, file: path)) } catch let e as FormatError {
            throw CLIError.failure("--candidates: \(e.description)")
        }
    }
    let parts = try args.positionals.map { path -> (file: String, outcomes: LabelledOutcomes) in
        guard let data = FileManager.default.contents(atPath: path) else { throw CLIError.failure("\(path): cannot read the outcome file") }
        do { return (path, try LabelledOutcomes.decode(data, file: path)) } catch let e as FormatError { throw CLIError.failure(e.description) }
    }

    let dir = try dataDirectory(args)
    context.progress("loading SqueezeNet from \(dir.path); labelled images from \(folder.path) (\(folder.images.count))")
    let workload: SqueezeNetWorkload
    do { workload = try SqueezeNetWorkload.load(dataDirectory: dir) } catch let e as MissingDataFile { throw CLIError.failure(e.description) }
    let names = Set(workload.tunableLayers.map(\.spec.name))
    if let bad = keepExact.subtracting(names).sorted().first { throw CLIError.usage("--keep-exact: '\(bad)' is not a tunable SqueezeNet layer") }
    let progress: @Sendable (String) -> Void = { [context] in context.progress("tune: " + $0) }

    let candidates: LabelledCandidates
    if let (path, c) = candidatesFile {
        do { try LabelledTuning.check(c, folder: folder, workload: workload, file: path) } catch let e as FormatError {
            throw CLIError.failure("--candidates: \(e.description)")
        }
        candidates = c
    } else {
        let split: LabelledSplit
        do { split = try LabelledSplit.scaled(count: folder.images.count, seed: seed) } catch let e as TunerError {
            throw CLIError.failure("--images: \(e.description)")
        }
        context.progress("tune: " + split.description)
        let options = LabelledTuning.options(budget: budget, confidence: confidence, keepExact: keepExact)
        candidates = try LabelledTuning.candidates(workload, folder: folder, split: split, options: options, progress: progress)
    }
    if stage == "profile" {
        context.say("profiled \(candidates.profiling.count) images in \(Format.fixed(Date().timeIntervalSince(started), 0)) s; "
                    + "\(candidates.configs.count - 1) distinct candidate configurations over \(candidates.levels.count) levels")
        return try candidates.encode()
    }
    if let s = shard {
        let rows = Array(candidates.evaluationRows[s.range(of: candidates.evaluationRows.count)])
        context.progress("tune: shard \(s): \(rows.count) of \(candidates.evaluationRows.count) evaluation images, \(candidates.configs.count) configurations")
        let outcomes = try LabelledTuning.evaluate(workload, folder: folder, candidates: candidates, rows: rows,
                                                   configs: candidates.configs, progress: progress)
        context.say("shard \(s): evaluated \(rows.count) images in \(Format.fixed(Date().timeIntervalSince(started), 0)) s")
        return try outcomes.encode()
    }

    // Decide: from merged shards, or running the images the bisection needs (cached).
    let labels = folder.images.map(\.label)
    let cache = OutcomeCache(configs: candidates.configs)
    if merge {
        let merged: LabelledOutcomes
        do { merged = try LabelledOutcomes.merged(parts) } catch let e as FormatError { throw CLIError.failure(e.description) }
        guard merged.candidates == candidates.digest else {
            throw CLIError.failure("\(parts[0].file): made from other candidates than \(args.value("candidates") ?? "")")
        }
        guard merged.rows == candidates.evaluationRows else {
            let missing = Set(candidates.evaluationRows).subtracting(merged.rows).sorted()
            throw CLIError.failure("--merge: the parts miss \(missing.count) evaluation image(s) (first: row \(missing.first ?? -1)); "
                                   + "give every shard k/n")
        }
        cache.add(merged)
    } else if args.value("pareto") != nil {
        cache.add(try LabelledTuning.evaluate(workload, folder: folder, candidates: candidates, rows: candidates.evaluationRows,
                                              configs: candidates.configs, progress: progress))
    }
    let lookup: (Int, [Int]) throws -> [LabelledOutcomes.Outcome] = { config, rows in
        let missing = cache.missing(config, rows)
        if !missing.isEmpty {
            guard !merge else { throw CLIError.failure("--merge: configuration \(config) missing from the parts") }
            cache.add(try LabelledTuning.evaluate(workload, folder: folder, candidates: candidates, rows: missing,
                                                  configs: [config], progress: progress))
        }
        return try cache.get(config, rows)
    }
    let decision = try LabelledDecision.decide(candidates, labels: labels, budget: budget, confidence: confidence,
                                               lookup: lookup, progress: progress)
    let seconds = Date().timeIntervalSince(started)
    let perImage = try workload.run(try workload.quantizedInput(try folder.load(folder.images[0])), plans: workload.exactPlans,
                                    recordInputs: false).layerStats.map(\.total)
    let summary = LabelledTuneSummary(decision: decision, layers: workload.tunableLayers, perImage: perImage, seconds: seconds)
    context.say(summary.layerTable.markdown)
    context.say(summary.headline)
    if let path = args.value("pareto") {
        var points: [(x: Double, y: Double)] = []
        var t = Table(headers: ["budget", "level", "layers predictive", "calibration harmed (allowed)", "held-out top-1 loss",
                                "held-out speedup vs exact (ops)", "vs dense (ops)"])
        for b in LabelledTuneSummary.paretoBudgets {
            let d = try LabelledDecision.decide(candidates, labels: labels, budget: b, confidence: confidence, lookup: lookup)
            let s = LabelledTuneSummary(decision: d, layers: workload.tunableLayers, perImage: perImage, seconds: 0)
            points.append((d.heldOut.top1Loss * 100, s.heldOutSpeedupVsExact))
            t.append([Format.percent(b, 1), d.level.map(shortLevel) ?? "exact", "\(d.predictiveLayers)/\(d.points.count)",
                      "\(d.calibration.harmed) (\(d.allowedHarm))", Format.percent(d.heldOut.top1Loss, 2),
                      Format.ratio(s.heldOutSpeedupVsExact), Format.ratio(s.heldOutSpeedupVsDense)])
        }
        let svg = SVGChart.lines(title: "SqueezeNet v1.0 on labelled ImageNet: held-out top-1 loss vs speedup (budgets 0.5-5 %)",
                                 xLabel: "held-out top-1 loss vs exact (%)", yLabel: "speedup vs exact (ops, 25 tunable layers)",
                                 series: ["predictive, budgets " + LabelledTuneSummary.paretoBudgets.map { Format.fixed($0 * 100, 1) }.joined(separator: ", ") + " %"],
                                 points: [points])
        do { try svg.write(toFile: path, atomically: true, encoding: .utf8) } catch {
            throw CLIError.failure("--pareto: cannot write \(path): \(error.localizedDescription)")
        }
        context.say(t.markdown)
        context.say("wrote \(path)")
    }
    return try decision.table(layers: workload.tunableLayers).encode()
}

func shortLevel(_ x: Double) -> String { String(format: "%g", x) }

/// Outcomes by configuration and row (filled by shards or by lazy runs).
final class OutcomeCache: @unchecked Sendable {
    private var byConfig: [Int: [Int: LabelledOutcomes.Outcome]] = [:]
    init(configs: [Int]) { for c in configs { byConfig[c] = [:] } }

    func add(_ o: LabelledOutcomes) {
        for (ci, c) in o.configs.enumerated() {
            for (r, row) in o.rows.enumerated() { byConfig[c, default: [:]][row] = o.outcomes[r][ci] }
        }
    }
    func missing(_ config: Int, _ rows: [Int]) -> [Int] { rows.filter { byConfig[config]?[$0] == nil } }
    func get(_ config: Int, _ rows: [Int]) throws -> [LabelledOutcomes.Outcome] {
        try rows.map { r in
            guard let o = byConfig[config]?[r] else { throw CLIError.failure("tune: no outcome of row \(r) in configuration \(config)") }
            return o
        }
    }
}

/// What `tune` prints for a labelled decision.
struct LabelledTuneSummary {
    static let paretoBudgets: [Double] = [0.005, 0.01, 0.02, 0.03, 0.04, 0.05]
    let decision: LabelledDecision
    let layers: [QuantizedConv]
    /// One image's exact-mode stats per tunable layer (dense and zeroSkip ops do not depend on the image).
    let perImage: [KernelStats]
    let seconds: Double

    var heldOut: LabelledFigures { decision.heldOut }
    var heldOutSpeedupVsExact: Double { Double(heldOut.exactTotalOps) / Double(max(heldOut.totalOps, 1)) }
    var heldOutSpeedupVsDense: Double {
        Double(perImage.reduce(0) { $0 + $1.denseOps } * heldOut.images) / Double(max(heldOut.totalOps, 1))
    }
    var heldOutSpeedupVsZeroSkip: Double {
        Double(perImage.reduce(0) { $0 + $1.zeroSkipOps } * heldOut.images) / Double(max(heldOut.totalOps, 1))
    }
    var predictiveIndices: [Int] { decision.points.indices.filter { decision.points[$0].predictiveKernels > 0 } }
    /// Held-out ops speedup vs exact on the layers running predictive.
    var predictiveLayersSpeedup: Double {
        let idx = predictiveIndices
        return Double(idx.reduce(0) { $0 + heldOut.exactLayerOps[$1] }) / Double(max(idx.reduce(0) { $0 + heldOut.layerOps[$1] }, 1))
    }

    var layerTable: Table {
        var t = Table(headers: ["layer", "kernels predictive", "held-out exact ops", "held-out predictive ops", "ops vs exact"])
        for (l, p) in decision.points.enumerated() {
            t.append([p.layer, "\(p.predictiveKernels)/\(p.settings.count)", "\(heldOut.exactLayerOps[l])", "\(heldOut.layerOps[l])",
                      Format.ratio(Double(heldOut.exactLayerOps[l]) / Double(max(heldOut.layerOps[l], 1)))])
        }
        return t
    }

    var headline: String {
        let c = decision.calibration, h = heldOut
        func acc(_ n: Int, _ of: Int) -> String { "\(n)/\(of) (\(Format.percent(Double(n) / Double(max(of, 1)), 1)))" }
        return "SqueezeNet v1.0 on labelled ImageNet, budget \(Format.percent(decision.budget, 1)) (top-1 loss vs the exact network): "
            + "level \(decision.level.map(shortLevel) ?? "none (all exact)"), predictive on \(decision.predictiveLayers)/\(decision.points.count) "
            + "tunable layers. Calibration: harmed \(c.harmed)/\(c.images) (allowed \(decision.allowedHarm); Clopper-Pearson "
            + "\(Int((decision.confidence * 100).rounded())) % bound \(Format.percent(decision.harmBound, 2))). "
            + "Held-out (\(h.images) images, never seen by the tuner): top-1 exact \(acc(h.exactTop1, h.images)), predictive "
            + "\(acc(h.top1, h.images)), loss \(Format.percent(h.top1Loss, 2)); top-5 exact \(acc(h.exactTop5, h.images)), predictive "
            + "\(acc(h.top5, h.images)); harmed \(h.harmed), top-1 changed \(h.changed). Held-out ops speedup (25 tunable layers): "
            + "\(Format.ratio(heldOutSpeedupVsDense)) vs dense, \(Format.ratio(heldOutSpeedupVsZeroSkip)) vs zeroSkip, "
            + "\(Format.ratio(heldOutSpeedupVsExact)) vs exact; on the predictive layers \(Format.ratio(predictiveLayersSpeedup)) vs exact. "
            + "\(decision.steps.count) end-to-end checks; \(Format.fixed(seconds, 0)) s."
    }
}
