import XCTest
import Foundation
import Golden
import Workloads

/// The digits CNN in golden-model fixed point: agreement with the golden network, the batch
/// runner, and the quantisation loss of the committed networks.
final class DigitsFixedPointTests: XCTestCase {
    private func setUpData() throws -> (cal: [DigitsSample], test: [DigitsSample]) {
        let d = try DigitsDataset.embedded()
        let s = DigitsSplit(count: d.samples.count)
        return (DigitsSplit.samples(s.calibration, of: d), DigitsSplit.samples(s.test, of: d))
    }

    func testLayersAgreeWithGoldenNetworkAndBatchRunner() throws {
        let (cal, test) = try setUpData()
        let q = try DigitsQuantizer.quantize(try DigitsModelFile.embedded(.snapeaAware), calibration: cal)
        let samples = Array(test.prefix(12))
        let cl = q.golden.network.index(of: "classifier")!
        // A predictive plan with a nontrivial threshold on some kernels.
        var plans = q.exactPlans
        plans[1] = LayerPlan(mode: .predictive, strategy: .grouped,
                             settings: (0..<q.conv2.spec.outC).map { PredictiveSetting(threshold: $0 % 2 == 0 ? 0 : Int64.min, specN: 3) })
        let batch = try q.runBatch(samples, plans: plans, recordInputs: true)
        for (i, s) in samples.enumerated() {
            let g = try q.golden.forward(DigitsModel.goldenInput(s), mode: .exact)
            let mine = try q.run(s, plans: q.exactPlans, recordInputs: false)
            let scale = FixedPoint.pow2(-q.classifier.outputFracBits)
            XCTAssertEqual(mine.scores, g.outputs[cl].data.map { Double($0) * scale }, "sample \(i)")
            XCTAssertEqual(mine.layerStats.map(\.total.executedOps), Array(g.layerStats.prefix(2)).map(\.total.executedOps))
            // Batch runner (compiled once, KernelProgram.execute) == per-sample LayerExecutor path.
            let single = try q.run(s, plans: plans, recordInputs: true)
            XCTAssertEqual(batch[i].scores, single.scores)
            XCTAssertEqual(batch[i].layerInputs, single.layerInputs)
            XCTAssertEqual(batch[i].layerStats.map(\.total.executedOps), single.layerStats.map(\.total.executedOps))
            XCTAssertEqual(batch[i].layerStats.map(\.total.predictedZeros), single.layerStats.map(\.total.predictedZeros))
        }
        XCTAssertGreaterThan(batch.reduce(0) { $0 + $1.layerStats[1].total.predictedZeros }, 0)
        // The input is exact: pixel / 16 at the input scale.
        let x = q.inputTensor(samples[0])
        XCTAssertEqual(x.data, samples[0].pixels.map { Int32($0) << (q.inputFracBits - 4) })
    }

    func testQuantisationLossOfCommittedNetworks() throws {
        let (cal, test) = try setUpData()
        for which in DigitsModelFile.Embedded.allCases {
            let m = try DigitsModelFile.embedded(which)
            let q = try DigitsQuantizer.quantize(m, calibration: cal)
            XCTAssertEqual(q.conv1.width, 16)
            let float = m.accuracy(on: test), fixed = try q.accuracy(on: test)
            XCTAssertLessThanOrEqual(abs(float - fixed), 0.005 + 1e-9, "\(which): float \(float) fixed \(fixed)")
            XCTAssertGreaterThanOrEqual(fixed, 0.98, "\(which)")
            // Exact mode is bit-identical to dense (the sign check only cuts negative outputs).
            for s in test.prefix(20) {
                XCTAssertEqual(try q.run(s, plans: q.plans(.dense), recordInputs: false).scores,
                               try q.run(s, plans: q.exactPlans, recordInputs: false).scores)
            }
        }
    }
}
