import Foundation
import Golden
import Reporting
import Workloads

/// Predictive-mode tuning of SqueezeNet on its image-variant PROXY (shared by `tune` and the
/// report): uniform-level global search, harm = top-1 changed against the unmodified network.
struct SqueezeNetTuning {
    let proxy: SqueezeNetTuningProxy
    let labels: SqueezeNetTuningProxy.Labels
    let session: TunerSession<SqueezeNetWorkload>
    let search: UniformSearchResult
    let seconds: Double

    var selection: TunerSelection { search.selection }

    /// Default options for SqueezeNet: uniform-level search, observed-rate acceptance.
    /// `keepExact`: layers that stay exact (default: the classifier conv_final, whose 1000 kernels
    /// are per-class detectors; the 4-image profiling set sees only a few classes fire, so its
    /// thresholds would zero other classes' evidence on new inputs).
    static func options(budget: Double, confidence: Double, rule: AcceptanceRule, refinements: Int,
                        keepExact: Set<String> = defaultKeepExact) -> TunerOptions {
        var o = TunerOptions()
        o.budget = budget
        o.maxBudget = budget
        o.confidence = confidence
        o.globalSearch = .uniformLevel
        o.acceptance = rule
        o.uniformRefinements = refinements
        o.exactLayers = keepExact
        // Fewer speculation counts than the digits default (profiling cost is linear in them) and a
        // ladder of levels doubling from 1e-4 to ≈ 0.2 (bisection over 13 levels: about 4 checks).
        o.counts = [2, 4, 8, 16, 32]
        o.uniformLevels = [0] + (0...11).map { 1e-4 * Double(1 << $0) }
        return o
    }

    static func run(_ workload: SqueezeNetWorkload, size: SqueezeNetTuningProxy.Size, labels: SqueezeNetTuningProxy.Labels,
                    options: TunerOptions, stopEarly: Bool, context: CommandContext) throws -> SqueezeNetTuning {
        let started = Date()
        let proxy = try SqueezeNetTuningProxy.make(workload, size: size)
        context.progress("SqueezeNet tuning: \(proxy.description)")
        context.progress("SqueezeNet tuning: exact reference on \(proxy.acceptance.count) inputs, profiling "
                         + "\(workload.tunableLayers.count) layers on \(proxy.profiling.count) inputs")
        let session = try TunerSession(network: workload, inputs: proxy.acceptance,
                                       labels: try proxy.acceptanceLabels(workload, labels: labels),
                                       profilingInputs: proxy.profiling, options: options,
                                       progress: { context.progress("SqueezeNet tuning: " + $0) })
        context.progress("SqueezeNet tuning: uniform-level search (\(Format.fixed(Date().timeIntervalSince(started), 0)) s so far)")
        let search = try session.uniformSearch(budget: options.budget, stopEarly: stopEarly,
                                               progress: { context.progress("SqueezeNet tuning: " + $0) })
        return SqueezeNetTuning(proxy: proxy, labels: labels, session: session, search: search, seconds: Date().timeIntervalSince(started))
    }

    static let defaultKeepExact: Set<String> = ["conv_final"]

    var labelText: String {
        labels == .image ? "labels = the unmodified network's top-1 on the uncropped image (true class for chelsea 285 and coffee 967)"
                         : "labels = the unmodified network's top-1 on each variant"
    }
    var harmText: String {
        labels == .image ? "harmed = labelled like its image by the exact network, not by the predictive one"
                         : "harmed = top-1 changed"
    }

    /// The report's summary of the tuning.
    func summary() -> ProxySummary {
        let o = session.options
        let exact = session.exact, sel = selection.calibration
        let n = exact.inputs
        let chosen = selection.points.indices.filter { selection.points[$0].predictiveKernels > 0 }
        func sum(_ xs: [Int], _ idx: [Int]) -> Int { idx.reduce(0) { $0 + xs[$1] } }
        let all = Array(exact.layerOps.indices)
        func ratio(_ a: Int, _ b: Int) -> Double { b > 0 ? Double(a) / Double(b) : .nan }
        let layers = selection.points.enumerated().map { l, p in
            ProxySummary.Layer(name: p.layer, level: search.layerLevels[l], strategy: p.plan.strategy.rawValue,
                               predictiveKernels: p.plan.predictiveKernelCount, kernels: p.settings.count,
                               exactOps: exact.layerOps[l], predictiveOps: sel.layerOps[l],
                               predictedZeroRate: sel.layerOutputs[l] > 0 ? Double(sel.layerPredictedZeros[l]) / Double(sel.layerOutputs[l]) : 0,
                               falseZeroRate: sel.falseZeroRate(l))
        }
        var pareto = [ProxySummary.Point(changedRate: 0, harmRate: 0, opsSpeedupVsDense: ratio(sum(exact.layerDenseOps, all), exact.totalOps),
                                         opsSpeedupVsExact: 1, level: 0)]
        for s in search.steps where s.complete {
            pareto.append(.init(changedRate: Double(s.evaluation.changed) / Double(n), harmRate: Double(s.evaluation.harmed) / Double(n),
                                opsSpeedupVsDense: ratio(sum(s.evaluation.layerDenseOps, all), s.evaluation.totalOps),
                                opsSpeedupVsExact: ratio(exact.totalOps, s.evaluation.totalOps), level: s.level))
        }
        return ProxySummary(
            proxy: proxy.description + "; " + labelText, profilingInputs: proxy.profiling.count, acceptanceInputs: n,
            rule: o.acceptance == .observedRate
                ? "harmed inputs <= floor(budget x n) = \(selection.allowedHarm) of \(n) acceptance inputs (\(harmText))"
                : "one-sided Clopper-Pearson upper bound (confidence \(o.confidence)) of the harm rate <= budget, allows \(selection.allowedHarm) of \(n) (\(harmText))",
            budget: o.budget, confidence: o.confidence, allowedChanged: selection.allowedHarm,
            harmed: sel.harmed, labelConsistent: exact.correct,
            changedTop1: sel.changed, top5Agreement: Double(sel.top5Agreed) / Double(max(n, 1)),
            changedBound: selection.harmBound, level: search.level, checks: search.steps.count,
            completeChecks: search.steps.filter(\.complete).count, tuneSeconds: seconds,
            opsSpeedupVsDense: ratio(sum(exact.layerDenseOps, all), sel.totalOps),
            opsSpeedupVsZeroSkip: ratio(sum(exact.layerZeroSkipOps, all), sel.totalOps),
            opsSpeedupVsExact: ratio(exact.totalOps, sel.totalOps),
            chosenOpsSpeedupVsDense: ratio(sum(exact.layerDenseOps, chosen), sum(sel.layerOps, chosen)),
            chosenOpsSpeedupVsExact: ratio(sum(exact.layerOps, chosen), sum(sel.layerOps, chosen)),
            layers: layers, pareto: pareto, method: o.methodDescription)
    }
}

/// SqueezeNet's predictive-mode tuning on the image-variant proxy, as shown in reports.
struct ProxySummary: Codable, Sendable {
    var proxy: String
    var profilingInputs: Int
    var acceptanceInputs: Int
    /// The acceptance rule in words.
    var rule: String
    var budget: Double
    var confidence: Double
    var allowedChanged: Int
    /// Harmed acceptance inputs (see `rule`) and inputs the exact network labels like their label.
    var harmed: Int
    var labelConsistent: Int
    /// Acceptance inputs whose top-1 changed; fraction whose top-5 contains the unmodified top-1.
    var changedTop1: Int
    var top5Agreement: Double
    /// One-sided Clopper–Pearson upper bound of the changed rate at `confidence`.
    var changedBound: Double
    var level: Double?
    var checks: Int
    var completeChecks: Int
    var tuneSeconds: Double
    /// Op-count speedups on the acceptance inputs (all tunable layers).
    var opsSpeedupVsDense: Double
    var opsSpeedupVsZeroSkip: Double
    var opsSpeedupVsExact: Double
    /// Op-count speedups on the layers running predictive.
    var chosenOpsSpeedupVsDense: Double
    var chosenOpsSpeedupVsExact: Double
    var layers: [Layer]
    /// Uniform-search checks that ran on every acceptance input (plus the exact network).
    var pareto: [Point]
    var method: String

    struct Layer: Codable, Sendable {
        var name: String
        var level: Double
        var strategy: String
        var predictiveKernels: Int
        var kernels: Int
        var exactOps: Int
        var predictiveOps: Int
        /// Outputs predicted zero / outputs, and wrongly zeroed (exact value nonzero) / outputs.
        var predictedZeroRate: Double
        var falseZeroRate: Double
    }

    struct Point: Codable, Sendable {
        var changedRate: Double
        var harmRate: Double
        var opsSpeedupVsDense: Double
        var opsSpeedupVsExact: Double
        var level: Double
    }

    var changedRate: Double { Double(changedTop1) / Double(max(acceptanceInputs, 1)) }

    /// Per-layer table (Markdown / terminal).
    var layerTable: Table {
        var t = Table(headers: ["layer", "level", "kernels predictive", "exact ops", "predictive ops", "ops vs exact",
                                "predicted zero", "false zero"])
        for l in layers {
            t.append([l.name, l.predictiveKernels > 0 ? Format.fixed(l.level, 5) : "exact", "\(l.predictiveKernels)/\(l.kernels)",
                      "\(l.exactOps)", "\(l.predictiveOps)",
                      Format.ratio(Double(l.exactOps) / Double(max(l.predictiveOps, 1))),
                      Format.percent(l.predictedZeroRate, 2), Format.percent(l.falseZeroRate, 3)])
        }
        return t
    }

    /// The headline numbers in one paragraph.
    var headline: String {
        let pl = layers.filter { $0.predictiveKernels > 0 }.count
        let pk = layers.reduce(0) { $0 + $1.predictiveKernels }, k = layers.reduce(0) { $0 + $1.kernels }
        return "accuracy PROXY (\(proxy)). Rule: \(rule). Result: harmed \(harmed)/\(acceptanceInputs) "
            + "(\(Format.percent(Double(harmed) / Double(max(acceptanceInputs, 1)), 2)); Clopper-Pearson \(Int((confidence * 100).rounded())) % "
            + "upper bound \(Format.percent(changedBound, 2))); the exact network agrees with the labels on \(labelConsistent)/\(acceptanceInputs); "
            + "top-1 changed on \(changedTop1)/\(acceptanceInputs) (\(Format.percent(changedRate, 2))); top-5 contains the unmodified "
            + "top-1 on \(Format.percent(top5Agreement, 2)). "
            + "Predictive on \(pl)/\(layers.count) tunable layers, \(pk)/\(k) kernels; ops speedup on the acceptance inputs: "
            + "\(Format.ratio(opsSpeedupVsDense)) vs dense, \(Format.ratio(opsSpeedupVsZeroSkip)) vs zeroSkip, "
            + "\(Format.ratio(opsSpeedupVsExact)) vs exact (network-wide); on the predictive layers \(Format.ratio(chosenOpsSpeedupVsDense)) "
            + "vs dense, \(Format.ratio(chosenOpsSpeedupVsExact)) vs exact. Common level \(level.map { Format.fixed($0, 5) } ?? "none"), "
            + "\(checks) end-to-end checks (\(completeChecks) on every input), tuned in \(Format.fixed(tuneSeconds, 0)) s."
    }
}
