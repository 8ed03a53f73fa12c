import XCTest
import Foundation
import Golden
import Workloads

/// The report data of a digits network: op counts from hand-derived totals, consistency, budget.
final class DigitsReportTests: XCTestCase {
    func testReportNumbersAreConsistent() throws {
        var o = TunerOptions()
        o.counts = [1, 2, 4, 8]
        o.maxBudget = 0.03
        let r = try DigitsReport.make(.snapeaAware, budgets: [0.03], options: o, profilingSamples: 100)
        let testCount = 1797 - DigitsSplit.defaultTrainCount - DigitsSplit.defaultCalibrationCount
        // Dense MACs by hand: 8×8 outputs per kernel; conv1 8 kernels × 9, conv2 16 kernels × 72.
        XCTAssertEqual(r.layers[0].denseOps, testCount * 64 * 8 * 9)
        XCTAssertEqual(r.layers[1].denseOps, testCount * 64 * 16 * 72)
        // The plain network's float negative fractions on the same test split (independent model
        // and float path): SnaPEA-aware training raises both layers' fractions well above them.
        let d = try DigitsDataset.embedded()
        let split = DigitsSplit(count: d.samples.count)
        let plainNegatives = try DigitsModelFile.embedded(.plain).negativeFractions(on: DigitsSplit.samples(split.test, of: d))
        for (l, layer) in r.layers.enumerated() {
            XCTAssertLessThanOrEqual(layer.zeroSkipOps, layer.denseOps)
            XCTAssertLessThan(layer.exactOps, layer.zeroSkipOps, "\(layer.name): exact mode saves ops")
            XCTAssertGreaterThan(layer.negativeFraction, plainNegatives[l] + 0.2,
                                 "\(layer.name): SnaPEA-aware training raises the negative fraction")
            // Fixed point (accumulator < 0) and float (pre-ReLU < 0) agree up to outputs near zero.
            XCTAssertEqual(layer.negativeFraction, r.floatNegativeFractions[l], accuracy: 0.02, layer.name)
        }
        XCTAssertGreaterThan(r.layers[1].negativeFraction, 0.85, "conv2: most outputs negative")
        let dense = r.layers.reduce(0) { $0 + $1.denseOps }, exact = r.layers.reduce(0) { $0 + $1.exactOps }
        XCTAssertEqual(r.exactSpeedupVsDense, Double(dense) / Double(exact), accuracy: 1e-12)
        let b = r.budgets[0]
        XCTAssertLessThanOrEqual(b.heldOutLoss, 0.03)
        XCTAssertEqual(b.testAccuracy, r.fixedAccuracy - b.heldOutLoss, accuracy: 1e-12)
        let predictive = r.layers.reduce(0) { $0 + $1.predictiveOps[0] }
        XCTAssertEqual(b.speedupVsDense, Double(dense) / Double(predictive), accuracy: 1e-12)
        XCTAssertEqual(b.predictiveKernelFraction,
                       Double(r.layers.reduce(0) { $0 + $1.predictiveKernels[0] }) / 24, accuracy: 1e-12)
        XCTAssertGreaterThan(b.speedupVsExact, 1, "predictive mode pays on the SnaPEA-aware network")
        XCTAssertFalse(r.pareto.isEmpty)
        XCTAssertEqual(b.table.layers.map(\.name), ["conv1", "conv2"])
    }
}
