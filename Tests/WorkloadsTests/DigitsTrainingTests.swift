import XCTest
import Foundation
import Workloads

/// The trainer: gradients, determinism, and the SnaPEA-aware penalty's effect.
final class DigitsTrainingTests: XCTestCase {
    private func data() throws -> (train: [DigitsSample], heldOut: [DigitsSample]) {
        let d = try DigitsDataset.embedded()
        let split = DigitsSplit(count: d.samples.count)
        return (DigitsSplit.samples(split.train, of: d),
                DigitsSplit.samples(split.calibration + split.test, of: d))
    }

    private func bits(_ m: DigitsModel) -> [UInt32] {
        (m.conv1.weights + m.conv1.bias + m.conv2.weights + m.conv2.bias + m.classifier.weights + m.classifier.bias)
            .map(\.bitPattern)
    }

    func testTrainingIsDeterministicBitForBit() throws {
        let (train, _) = try data()
        // Plain, sparsity only, and the committed SnaPEA-aware options (all terms), shortened.
        for var o in [DigitsTrainingOptions.plain, .sparsityOnly, .snapeaAware] {
            o.epochs = 2
            o.maxTrainingSamples = 120
            let a = DigitsTrainer.train(options: o, samples: train)
            let b = DigitsTrainer.train(options: o, samples: train)
            XCTAssertEqual(bits(a.model), bits(b.model), o.summary)
            XCTAssertEqual(a.log, b.log)
            o.seed += 1
            let c = DigitsTrainer.train(options: o, samples: train)
            XCTAssertNotEqual(bits(a.model), bits(c.model), "a different seed gives different weights")
        }
    }

    /// Central finite differences in Double of the loss, against the analytic gradient.
    func testGradientMatchesFiniteDifferences() throws {
        let (train, _) = try data()
        var o = DigitsTrainingOptions()
        o.epochs = 1
        o.maxTrainingSamples = 50
        let m = DigitsTrainer.train(options: o, samples: train).model
        o.sparsityPenalty = 0.7
        o.sparsityMargin = 0.05
        o.sparsityLayerWeights = [0.3, 1.5]
        let input = DigitsModel.floatInput(train[3])
        let label = train[3].label
        let g = DigitsTrainer.lossAndGradient(m, input: input, label: label, options: o).gradient
        func loss(_ mm: DigitsModel) -> Double { DigitsTrainer.lossAndGradient(mm, input: input, label: label, options: o).loss }
        var checked = 0
        var rng = SplitMix64(seed: 3)
        for t in 0..<6 {
            for _ in 0..<6 {
                var mp = m, mm = m
                let count = [m.conv1.weights.count, m.conv1.bias.count, m.conv2.weights.count,
                             m.conv2.bias.count, m.classifier.weights.count, m.classifier.bias.count][t]
                let i = rng.nextIndex(below: count)
                let h: Float = 2e-3
                func bump(_ x: inout DigitsModel, _ d: Float) {
                    switch t {
                    case 0: x.conv1.weights[i] += d
                    case 1: x.conv1.bias[i] += d
                    case 2: x.conv2.weights[i] += d
                    case 3: x.conv2.bias[i] += d
                    case 4: x.classifier.weights[i] += d
                    default: x.classifier.bias[i] += d
                    }
                }
                bump(&mp, h); bump(&mm, -h)
                let numeric = (loss(mp) - loss(mm)) / (2 * Double(h))
                // Kinks of ReLU/max-pool/hinge can fall inside ±h: allow a loose tolerance.
                XCTAssertEqual(Double(g[t][i]), numeric, accuracy: 0.02 + 0.05 * abs(numeric), "tensor \(t) index \(i)")
                checked += 1
            }
        }
        XCTAssertEqual(checked, 36)
    }

    /// The same check for the pool-aware and early-sign-resolution terms. They select outputs by
    /// the sign of `z` or of the preview, so the loss jumps where a selection flips (measured: up to
    /// h = 5e-4 on a bias); small steps are used, and an index whose central differences at `h` and
    /// `h/2` disagree has such a jump within ±h and is skipped.
    func testResolutionTermsGradientMatchesFiniteDifferences() throws {
        let (train, _) = try data()
        var o = DigitsTrainingOptions()
        o.epochs = 1
        o.maxTrainingSamples = 50
        let m = DigitsTrainer.train(options: o, samples: train).model
        o.sparsityPenalty = 0.2
        o.poolSparsityPenalty = 0.4
        o.poolMargin = 0.02
        o.resolutionPenalty = 0.8
        o.resolutionCounts = [2, 8]
        o.resolutionMargin = 0.05
        o.resolutionPositiveWeight = 0.5
        o.previewSparsity = 0.6
        let input = DigitsModel.floatInput(train[5])
        let label = train[5].label
        let full = DigitsTrainer.lossAndGradient(m, input: input, label: label, options: o)
        var plainOptions = o
        plainOptions.poolSparsityPenalty = 0
        plainOptions.resolutionPenalty = 0
        plainOptions.previewSparsity = 0
        // The new terms add to the loss and change the gradient.
        let plainLoss = DigitsTrainer.lossAndGradient(m, input: input, label: label, options: plainOptions)
        XCTAssertGreaterThan(full.loss, plainLoss.loss)
        XCTAssertNotEqual(full.gradient, plainLoss.gradient)
        func loss(_ mm: DigitsModel) -> Double { DigitsTrainer.lossAndGradient(mm, input: input, label: label, options: o).loss }
        var checked = 0, skipped = 0
        var rng = SplitMix64(seed: 5)
        for t in 0..<4 {
            for _ in 0..<12 {
                let count = [m.conv1.weights.count, m.conv1.bias.count, m.conv2.weights.count, m.conv2.bias.count][t]
                let i = rng.nextIndex(below: count)
                func numeric(_ h: Float) -> Double {
                    var mp = m, mm = m
                    switch t {
                    case 0: mp.conv1.weights[i] += h; mm.conv1.weights[i] -= h
                    case 1: mp.conv1.bias[i] += h; mm.conv1.bias[i] -= h
                    case 2: mp.conv2.weights[i] += h; mm.conv2.weights[i] -= h
                    default: mp.conv2.bias[i] += h; mm.conv2.bias[i] -= h
                    }
                    return (loss(mp) - loss(mm)) / (2 * Double(h))
                }
                let a = numeric(2.5e-4), b = numeric(1.25e-4)
                let tolerance = 0.01 + 0.05 * abs(b)
                if abs(a - b) > tolerance { skipped += 1; continue }
                XCTAssertEqual(Double(full.gradient[t][i]), b, accuracy: tolerance, "tensor \(t) index \(i)")
                checked += 1
            }
        }
        XCTAssertGreaterThanOrEqual(checked, 30, "\(skipped) of 48 indices skipped for jumps")
    }

    func testPenaltyRaisesNegativeFractionAtComparableAccuracy() throws {
        let (train, heldOut) = try data()
        var o = DigitsTrainingOptions()
        o.epochs = 6
        o.maxTrainingSamples = 500
        let plain = DigitsTrainer.train(options: o, samples: train).model
        o.sparsityPenalty = 0.5
        let aware = DigitsTrainer.train(options: o, samples: train).model
        let evalSet = Array(heldOut.prefix(400))
        let np = plain.negativeFractions(on: evalSet), na = aware.negativeFractions(on: evalSet)
        let ap = plain.accuracy(on: evalSet), aa = aware.accuracy(on: evalSet)
        XCTAssertGreaterThan(na[0], np[0] + 0.1, "conv1 negative fraction \(np[0]) -> \(na[0])")
        XCTAssertGreaterThan(na[1], np[1] + 0.05, "conv2 negative fraction \(np[1]) -> \(na[1])")
        XCTAssertGreaterThan(ap, 0.85)
        XCTAssertGreaterThan(aa, ap - 0.03, "accuracy \(ap) -> \(aa)")
    }

    /// The partial sum of a kernel's `n` largest-magnitude weights (ties: lower tap first), computed
    /// naively per output, for the preview statistics below.
    private func previews(_ layer: FloatConvLayer, input: [Float], n: Int) -> [Float] {
        let k = layer.kernelOps, side = DigitsModel.inputSide
        var out: [Float] = []
        for oc in 0..<layer.outChannels {
            let taps = (0..<k).sorted { a, b in
                let x = abs(layer.weights[oc * k + a]), y = abs(layer.weights[oc * k + b])
                return x != y ? x > y : a < b
            }.prefix(n)
            for y in 0..<side {
                for x in 0..<side {
                    var s = layer.bias[oc]
                    for t in taps {
                        let c = t / 9, ky = (t % 9) / 3, kx = t % 3
                        let iy = y + ky - 1, ix = x + kx - 1
                        if iy < 0 || iy >= side || ix < 0 || ix >= side { continue }
                        s += layer.weights[oc * k + t] * input[(c * side + iy) * side + ix]
                    }
                    out.append(s)
                }
            }
        }
        return out
    }

    /// The early-sign-resolution terms make the preview (the 8 largest-magnitude weights of a
    /// conv2 kernel) tell the output's sign: with threshold 0 it predicts many more outputs zero
    /// at about the same lost positive mass (the tuner's error measure), and more outputs end
    /// negative, at comparable accuracy.
    func testResolutionPenaltyMakesThePreviewTellTheSign() throws {
        let (train, heldOut) = try data()
        var o = DigitsTrainingOptions()
        o.epochs = 6
        o.maxTrainingSamples = 500
        o.sparsityPenalty = 0.5
        let base = DigitsTrainer.train(options: o, samples: train).model
        o.resolutionPenalty = 1
        o.resolutionCounts = [0, 8]
        o.resolutionPositiveWeight = 1
        o.previewSparsity = 0.5
        let aware = DigitsTrainer.train(options: o, samples: train).model
        let evalSet = Array(heldOut.prefix(200))
        func stats(_ m: DigitsModel) -> (predicted: Double, lostMass: Double, negative: Double) {
            var predicted = 0, negative = 0, total = 0
            var lost = 0.0, mass = 0.0
            for s in evalSet {
                let f = m.forward(DigitsModel.floatInput(s))
                let p = previews(m.conv2, input: f.z1.map { max($0, 0) }, n: 8)
                XCTAssertEqual(p.count, f.z2.count)
                for (z, sn) in zip(f.z2, p) {
                    if sn <= 0 { predicted += 1; lost += Double(max(z, 0)) }
                    if z < 0 { negative += 1 }
                    mass += Double(max(z, 0))
                    total += 1
                }
            }
            return (Double(predicted) / Double(total), lost / mass, Double(negative) / Double(total))
        }
        let sb = stats(base), sa = stats(aware)
        let ab = base.accuracy(on: evalSet), aa = aware.accuracy(on: evalSet)
        print("preview test: predicted \(sb.predicted) -> \(sa.predicted), lost mass \(sb.lostMass) -> \(sa.lostMass), " +
              "negative \(sb.negative) -> \(sa.negative), accuracy \(ab) -> \(aa)")
        XCTAssertGreaterThan(sa.predicted, sb.predicted + 0.1, "outputs the preview predicts zero")
        XCTAssertLessThan(sa.lostMass, sb.lostMass + 0.05, "positive mass those predictions lose")
        XCTAssertGreaterThan(sa.negative, sb.negative + 0.05, "negative fraction")
        XCTAssertGreaterThan(aa, ab - 0.03, "accuracy \(ab) -> \(aa)")
    }

    func testBadOptionsAreRejectedNamingTheField() throws {
        var o = DigitsTrainingOptions()
        o.epochs = -1
        XCTAssertThrowsError(try o.validate()) { e in
            XCTAssertEqual("\(e)", "training options, field 'epochs': -1 out of range")
        }
        o = DigitsTrainingOptions()
        o.sparsityLayerWeights = [1]
        XCTAssertThrowsError(try DigitsTrainer.train(options: o)) { e in
            XCTAssertEqual("\(e)", "training options, field 'sparsityLayerWeights': [1.0] out of range")
        }
        // The tuner rejects a calibration set whose labels do not match.
        let d = try DigitsDataset.embedded()
        let q = try DigitsQuantizer.quantize(try DigitsModelFile.embedded(.plain), calibration: Array(d.samples.prefix(20)))
        XCTAssertThrowsError(try TunerSession(network: q, inputs: Array(d.samples.prefix(2)), labels: [1])) { e in
            XCTAssertEqual("\(e)", "tuner: labels: 1 labels for 2 calibration inputs")
        }
    }
}
