import XCTest
import Foundation
import Golden
import Workloads

/// The uniform-level global search (the one that scales to SqueezeNet), its acceptance rules and
/// the one-pass local-optimiser path, on the digits CNN.
final class UniformSearchTests: XCTestCase {
    private struct Setup {
        let q: DigitsQuantizedNetwork
        let train: [DigitsSample]
        let cal: [DigitsSample]
    }

    private static let setup = Result { () throws -> Setup in
        let d = try DigitsDataset.embedded()
        let s = DigitsSplit(count: d.samples.count)
        let cal = DigitsSplit.samples(s.calibration, of: d)
        let q = try DigitsQuantizer.quantize(try DigitsModelFile.embedded(.snapeaAware), calibration: cal)
        return Setup(q: q, train: Array(DigitsSplit.samples(s.train, of: d).prefix(150)), cal: cal)
    }

    /// The observed-rate rule is floor(budget · n), by hand; the bound rule is BudgetBound's.
    func testAcceptanceRules() {
        var o = TunerOptions()
        o.acceptance = .observedRate
        XCTAssertEqual(o.allowedHarm(budget: 0.03, of: 120), 3)     // 3.6 → 3
        XCTAssertEqual(o.allowedHarm(budget: 0.03, of: 24), 0)      // 0.72 → 0
        XCTAssertEqual(o.allowedHarm(budget: 0.03, of: 100), 3)     // exactly 3 despite 0.03 · 100 rounding
        XCTAssertEqual(o.allowedHarm(budget: 0.1, of: 7), 0)
        o.acceptance = .clopperPearson
        o.confidence = 0.9
        XCTAssertEqual(o.allowedHarm(budget: 0.03, of: 400), BudgetBound.allowedHarm(budget: 0.03, of: 400, confidence: 0.9))
        // 0 of 24 has the bound 1 − 0.1^(1/24) ≈ 9.1 %, above 3 %: nothing is accepted.
        XCTAssertEqual(o.allowedHarm(budget: 0.03, of: 24), -1)
    }

    /// The greedy path by linear scan, one pass per cap (the reference `points` must equal):
    /// repeatedly take the kernel step with the best Δsaved / ΔerrorMass (lowest kernel on ties,
    /// zero extra error first) while the total error mass stays within `cap`.
    private func linearScanPoint(_ p: LayerProfile, cap: Double) -> (settings: [PredictiveSetting], saved: Int, falseZeros: Int, mass: Int64)? {
        var choice = [Int](repeating: 0, count: p.kernels.count)
        var saved = 0, fz = 0, steps = 0
        var mass: Int64 = 0
        func efficiency(_ k: Int) -> Double? {
            let c = p.kernels[k].candidates, j = choice[k] + 1
            guard j < c.count else { return nil }
            let dm = Double(c[j].errorMass - c[j - 1].errorMass), ds = Double(c[j].savedOps - c[j - 1].savedOps)
            return dm <= 0 ? .infinity : ds / dm
        }
        while true {
            var best = -1
            for k in 0..<p.kernels.count {
                guard let e = efficiency(k) else { continue }
                if best < 0 || e > efficiency(best)! { best = k }
            }
            if best < 0 { break }
            let c = p.kernels[best].candidates, j = choice[best] + 1
            if Double(mass + c[j].errorMass - c[j - 1].errorMass) > cap { break }
            saved += c[j].savedOps - c[j - 1].savedOps
            fz += c[j].falseZeros - c[j - 1].falseZeros
            mass += c[j].errorMass - c[j - 1].errorMass
            choice[best] = j
            steps += 1
        }
        if steps == 0 { return nil }
        return ((0..<p.kernels.count).map { p.kernels[$0].candidates[choice[$0]].setting }, saved, fz, mass)
    }

    /// `LocalOptimizer.points` (heap, one pass) equals the linear scan (one pass per cap) at every
    /// cap, on real kernel profiles of both digits layers.
    func testOnePassPathMatchesPerCapGreedy() throws {
        let s = try Self.setup.get()
        let inputs1 = s.train.prefix(40).map(s.q.inputTensor)
        let inputs2 = try inputs1.map { try LayerExecutor.run(s.q.conv1, input: $0, mode: .exact).output }
        for (layer, inputs) in [(s.q.conv1, inputs1), (s.q.conv2, inputs2)] {
            for strategy in SpeculationStrategy.allCases {
                let p = try KernelProfiler.profile(layer, inputs: inputs, strategy: strategy, counts: [1, 2, 4, 8])
                let caps = [0, 1e-5, 1e-3, 0.02, 0.3, 1, 0.005, 0.0].map { Double(p.outputMass) * $0 } + [-1]
                let fast = LocalOptimizer.points(p, maxErrorMasses: caps)
                XCTAssertEqual(fast.count, caps.count)
                for (cap, f) in zip(caps, fast) {
                    let at = "\(layer.spec.name) \(strategy) cap \(cap)"
                    let r = linearScanPoint(p, cap: cap)
                    XCTAssertEqual(f == nil, r == nil, at)
                    XCTAssertEqual(f?.settings, r?.settings, at)
                    XCTAssertEqual(f?.savedOps, r?.saved, at)
                    XCTAssertEqual(f?.falseZeros, r?.falseZeros, at)
                    XCTAssertEqual(f?.errorMass, r?.mass, at)
                    XCTAssertEqual(f?.strategy, f == nil ? nil : strategy, at)
                }
            }
        }
    }

    /// The uniform-level search respects its budget on its acceptance inputs: the selected plans are
    /// re-run here and the harmed inputs (correct with the exact network, wrong with the plans)
    /// counted independently; also with top-1-changed harm (no labels) and the bound rule.
    func testBudgetRespectedOnAcceptanceSetByRecount() throws {
        let s = try Self.setup.get()
        let exactRuns = try s.q.runBatch(s.cal, plans: s.q.exactPlans, recordInputs: false)
        for (rule, labelled) in [(AcceptanceRule.observedRate, true), (.observedRate, false), (.clopperPearson, true)] {
            var o = TunerOptions()
            o.globalSearch = .uniformLevel
            o.acceptance = rule
            o.counts = [1, 2, 4, 8]
            o.uniformRefinements = 2
            let budget = 0.03
            let session = try TunerSession(network: s.q, inputs: s.cal, labels: labelled ? s.cal.map(\.label) : nil,
                                           profilingInputs: s.train, options: o)
            XCTAssertEqual(session.inputs.count, s.cal.count)
            let result = try session.uniformSearch(budget: budget)
            let sel = result.selection
            // Independent recount on the acceptance inputs.
            let runs = try s.q.runBatch(s.cal, plans: sel.plans, recordInputs: false)
            var harmed = 0, changed = 0
            for i in s.cal.indices {
                let e = exactRuns[i].top1, p = runs[i].top1
                if p != e { changed += 1 }
                if labelled ? (e == s.cal[i].label && p != s.cal[i].label) : (p != e) { harmed += 1 }
            }
            let n = Double(s.cal.count)
            switch rule {
            case .observedRate:
                XCTAssertLessThanOrEqual(Double(harmed), (budget * n).rounded(.down), "\(rule) labelled \(labelled)")
            case .clopperPearson:
                XCTAssertLessThanOrEqual(BudgetBound.upperBound(harmed: harmed, of: s.cal.count, confidence: o.confidence), budget)
            }
            XCTAssertEqual(sel.calibration.harmed, harmed)
            XCTAssertEqual(sel.calibration.changed, changed)
            // Ops recounted from the golden statistics.
            let ops = runs.reduce(0) { $0 + $1.layerStats.reduce(0) { $0 + $1.total.executedOps } }
            XCTAssertEqual(sel.calibration.totalOps, ops)
            let exactOps = exactRuns.reduce(0) { $0 + $1.layerStats.reduce(0) { $0 + $1.total.executedOps } }
            XCTAssertLessThan(ops, exactOps, "\(rule): the uniform search found savings")
            // Every accepted step passed on all inputs; every rejected complete step exceeded the allowed count.
            for st in result.steps {
                if st.accepted { XCTAssertTrue(st.complete && st.evaluation.harmed <= sel.allowedHarm) }
                else { XCTAssertGreaterThan(st.evaluation.harmed, sel.allowedHarm) }
            }
            XCTAssertTrue(result.steps.contains { $0.accepted })
            print("uniform \(rule) labelled \(labelled): level \(result.level ?? -1), \(result.steps.count) checks, "
                  + "harmed \(harmed)/\(s.cal.count), ops vs exact \(Double(exactOps) / Double(ops))")
        }
    }

    /// An early-stopping check counts the same as a full run on the inputs it ran, and the
    /// per-layer false zeros equal the golden executor's on those inputs.
    func testEarlyStopCountsAndFalseZeros() throws {
        let s = try Self.setup.get()
        var o = TunerOptions()
        o.globalSearch = .uniformLevel
        o.counts = [1, 2]
        let acceptance = Array(s.cal.prefix(80))
        let session = try TunerSession(network: s.q, inputs: acceptance, labels: nil, profilingInputs: Array(s.train.prefix(30)), options: o)
        XCTAssertTrue(session.isolated.allSatisfy { $0.dropFirst().allSatisfy { $0 == nil } }, "no isolated scans")
        let aggressive = session.uniformPoints(level: 1.0)
        XCTAssertTrue(aggressive.contains { $0.predictiveKernels > 0 })
        let plans = aggressive.map(\.plan)
        let full = try session.evaluate(plans: plans)
        XCTAssertTrue(full.complete)
        let early = try session.evaluate(plans: plans, stopAbove: 0, chunk: 3)
        let n = early.evaluation.inputs
        let runs = try s.q.runBatch(Array(acceptance.prefix(n)), plans: plans, recordInputs: false)
        let exact = try s.q.runBatch(Array(acceptance.prefix(n)), plans: s.q.exactPlans, recordInputs: false)
        let changed = zip(runs, exact).filter { $0.0.top1 != $0.1.top1 }.count
        XCTAssertEqual(early.evaluation.changed, changed)
        // level 1.0 changes some top-1 on these inputs, so the early stop is exercised (not skipped)
        guard full.evaluation.changed > 0, changed > 0 else {
            return XCTFail("the aggressive level must change a prediction for this test to check anything (full \(full.evaluation.changed), early \(changed))")
        }
        XCTAssertEqual(early.complete, n == acceptance.count)
        // It stopped at the end of the first chunk that saw a change.
        var first = 0
        while runs[first].top1 == exact[first].top1 { first += 1 }
        let stopAt: Int = min(acceptance.count, (first / 3 + 1) * 3)
        XCTAssertEqual(n, stopAt)
        for l in 0..<2 {
            XCTAssertEqual(early.evaluation.layerFalseZeros[l], runs.reduce(0) { $0 + $1.layerStats[l].total.falseZeros })
            XCTAssertEqual(early.evaluation.layerOutputs[l], runs.reduce(0) { $0 + $1.layerStats[l].total.outputs })
        }
        // Top-5 agreement: the exact top-1 is within the top-5 scores (counted by sorting here).
        var top5 = 0
        for (r, e) in zip(runs, exact) {
            let sc = r.scores
            let order: [Int] = sc.indices.sorted { a, b in sc[a] != sc[b] ? sc[a] > sc[b] : a < b }
            if order.prefix(5).contains(e.top1) { top5 += 1 }
        }
        XCTAssertEqual(early.evaluation.top5Agreed, top5)
    }
}
