import XCTest
import Foundation
import Golden
import Workloads

/// The (Th, N) tuner: bound, profiler against the golden executor, budget on held-out data,
/// output file.
final class TunerTests: XCTestCase {
    func testClopperPearsonBound() {
        // k = 0 has the closed form 1 - (1 - c)^(1/n).
        XCTAssertEqual(BudgetBound.upperBound(harmed: 0, of: 400, confidence: 0.95), 1 - pow(0.05, 1.0 / 400), accuracy: 1e-9)
        // Direct summation of the binomial pmf (products, not the log-space recurrence) at the bound.
        for (k, n) in [(3, 100), (7, 400), (1, 20)] {
            let p = BudgetBound.upperBound(harmed: k, of: n, confidence: 0.9)
            var cdf = 0.0
            for i in 0...k {
                var c = 1.0
                for j in 0..<i { c = c * Double(n - j) / Double(j + 1) }
                cdf += c * pow(p, Double(i)) * pow(1 - p, Double(n - i))
            }
            XCTAssertEqual(cdf, 0.1, accuracy: 1e-6, "k \(k) n \(n)")
            XCTAssertGreaterThan(p, Double(k) / Double(n))
        }
        // allowedHarm is the largest k whose bound fits.
        let h = BudgetBound.allowedHarm(budget: 0.03, of: 400, confidence: 0.95)
        XCTAssertLessThanOrEqual(BudgetBound.upperBound(harmed: h, of: 400, confidence: 0.95), 0.03)
        XCTAssertGreaterThan(BudgetBound.upperBound(harmed: h + 1, of: 400, confidence: 0.95), 0.03)
    }

    private func digits(evaluationSeed: UInt64? = nil) throws -> (train: [DigitsSample], cal: [DigitsSample], test: [DigitsSample]) {
        let d = try DigitsDataset.embedded()
        let s = DigitsSplit(count: d.samples.count, evaluationSeed: evaluationSeed)
        return (DigitsSplit.samples(s.train, of: d), DigitsSplit.samples(s.calibration, of: d), DigitsSplit.samples(s.test, of: d))
    }

    /// The profile's prediction of ops and false zeros for a Pareto point equals what the golden
    /// `LayerExecutor` measures when it runs that point on the same inputs.
    func testProfileAgreesWithGoldenExecutor() throws {
        let (train, cal, _) = try digits()
        let q = try DigitsQuantizer.quantize(try DigitsModelFile.embedded(.snapeaAware), calibration: cal)
        let samples = Array(train.prefix(40))
        let inputs1 = samples.map(q.inputTensor)
        let inputs2 = try inputs1.map { try LayerExecutor.run(q.conv1, input: $0, mode: .exact).output }
        for (layer, inputs) in [(q.conv1, inputs1), (q.conv2, inputs2)] {
            for strategy in SpeculationStrategy.allCases {
                let profile = try KernelProfiler.profile(layer, inputs: inputs, strategy: strategy, counts: [2, 5, 8])
                var exactOps = 0
                for x in inputs { exactOps += try LayerExecutor.run(layer, input: x, mode: .exact).stats.total.executedOps }
                XCTAssertEqual(profile.exactOps, exactOps)
                let points = LocalOptimizer.paretoSet([profile])
                XCTAssertGreaterThan(points.count, 2, "\(layer.spec.name) has predictive points")
                for pt in points.dropFirst() {
                    var ops = 0, fz = 0
                    for x in inputs {
                        let r = try LayerExecutor.run(layer, input: x, compiler: pt.plan.compiler, trackPredictionErrors: true)
                        ops += r.stats.total.executedOps
                        fz += r.stats.total.falseZeros
                    }
                    XCTAssertEqual(exactOps - ops, pt.savedOps, "\(layer.spec.name) \(strategy) saved ops")
                    XCTAssertEqual(fz, pt.falseZeros, "\(layer.spec.name) \(strategy) false zeros")
                }
            }
        }
    }

    /// The budget holds on the held-out test split for several independent calibration/test splits.
    func testBudgetHoldsOnHeldOutSplitOverSeeds() throws {
        var o = TunerOptions()
        o.budget = 0.03
        o.maxBudget = 0.03
        o.counts = [1, 2, 4, 8, 16]
        for seed: UInt64 in [11, 12, 13] {
            let (train, cal, test) = try digits(evaluationSeed: seed)
            let q = try DigitsQuantizer.quantize(try DigitsModelFile.embedded(.snapeaAware), calibration: cal)
            let session = try TunerSession(network: q, inputs: cal, labels: cal.map(\.label),
                                           profilingInputs: Array(train.prefix(200)), options: o)
            let sel = try session.select(budget: o.budget)
            XCTAssertLessThanOrEqual(sel.harmBound, o.budget)
            let exactAcc = try q.accuracy(on: test)
            let runs = try q.runBatch(test, plans: sel.plans, recordInputs: false)
            let predAcc = Double(zip(runs, test).filter { $0.0.top1 == $0.1.label }.count) / Double(test.count)
            let exactOps = try q.runBatch(test, plans: q.exactPlans, recordInputs: false)
                .reduce(0) { $0 + $1.layerStats.reduce(0) { $0 + $1.total.executedOps } }
            let predOps = runs.reduce(0) { $0 + $1.layerStats.reduce(0) { $0 + $1.total.executedOps } }
            print("seed \(seed): held-out loss \(exactAcc - predAcc), speedup vs exact \(Double(exactOps) / Double(predOps))")
            XCTAssertLessThanOrEqual(exactAcc - predAcc, o.budget, "seed \(seed): held-out loss over budget")
            XCTAssertLessThan(predOps, exactOps, "seed \(seed): the tuner found savings")
        }
    }
}
