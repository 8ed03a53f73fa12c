import XCTest
import Foundation
import Workloads
import Golden

/// Loaded once per test process (calibration runs the float reference on four images).
enum SqueezeNetShared {
    static let workload = Result { try SqueezeNetWorkload.load(dataDirectory: DataDirectory.resolve()) }
    /// chelsea in dense, zeroSkip and exact mode.
    static let chelseaReport = Result { try workload.get().layerStatistics(image: workload.get().images[0].image) }

    static func get() throws -> SqueezeNetWorkload {
        _ = try SqueezeNetTestData.directory()
        return try workload.get()
    }
}

/// The SqueezeNet graph in the golden model: classifications, quantisation error, bit-identity
/// of dense / zeroSkip / exact, and op counts derived independently from shapes and weights.
final class SqueezeNetFixedPointTests: XCTestCase {
    func testFloatAndFixedPointClassifications() throws {
        let w = try SqueezeNetShared.get()
        XCTAssertEqual(w.images.map(\.name), ["chelsea", "coffee", "astronaut", "rocket"])
        var table = ["SqueezeNet v1.0 top-5 (class index (score)), float reference vs 16-bit golden model (exact mode):"]
        for (name, image) in w.images {
            let floatScores = try w.reference.output(w.input(image))
            let float = Classification(scores: floatScores.map(Double.init))
            let fixedScores = try w.fixedPoint.run(try w.quantizedInput(image), mode: .exact).scores
            let fixed = Classification(scores: fixedScores)
            table.append("  \(name.padding(toLength: 9, withPad: " ", startingAt: 0)) float: \(float)")
            table.append("  \(String(repeating: " ", count: 9)) fixed: \(fixed)")
            XCTAssertEqual(fixed.top1, float.top1, "\(name): quantisation changed the top-1")
            let maxError = zip(fixedScores, floatScores).map { abs($0 - Double($1)) }.max()!
            XCTAssertLessThan(maxError, 0.1, "\(name): largest score error \(maxError)")
            if name == "chelsea" {
                XCTAssertEqual(float.top1, 285, "data.md: chelsea → 285 (Egyptian cat)")
                XCTAssertEqual(fixed.top1, 285)
            }
            if name == "coffee" {
                XCTAssertEqual(float.top1, 967, "data.md: coffee → 967 (espresso)")
                XCTAssertEqual(fixed.top1, 967)
            }
        }
        print(table.joined(separator: "\n"))
    }

    func testQuantiserInvariants() throws {
        let w = try SqueezeNetShared.get()
        let q = w.fixedPoint
        XCTAssertEqual(q.convolutions.count, 26)
        XCTAssertEqual(q.width, 16)
        for c in q.convolutions {
            XCTAssertGreaterThanOrEqual(c.shift, 0, c.spec.name)
            XCTAssertEqual(c.shift, c.inputFracBits + c.weightFracBits - c.outputFracBits, c.spec.name)
            XCTAssertTrue(c.relu, c.spec.name)
            XCTAssertEqual(c.inputNonNegative, c.spec.name != "conv1", "only conv1 reads a signed input")
            // The largest weight uses the top bit range: |w|max·2^fw in [2^14, 2^15).
            let m = c.weights.map { abs(Int($0)) }.max()!
            XCTAssertTrue((1 << 14)..<(1 << 15) ~= m, "\(c.spec.name): max |w| = \(m)")
        }
        for i in 2...9 {
            XCTAssertEqual(q.fracBits["fire\(i)/conv1x1_2"], q.fracBits["fire\(i)/conv3x3_2"], "concat inputs share a scale")
            XCTAssertEqual(q.fracBits["fire\(i)/conv1x1_2"], q.fracBits["fire\(i)/concat"])
        }
        XCTAssertEqual(q.fracBits["pool1"], q.fracBits["conv1"])
        // With one bit of headroom no calibration image saturates any layer input.
        let maxV = Int32(FixedPoint.maxValue(width: 16))
        let run = try q.run(try w.quantizedInput(w.images[0].image), mode: .exact, keepLayerInputs: true)
        XCTAssertEqual(run.layerInputs.count, 26)
        for (c, x) in zip(q.convolutions, run.layerInputs) where c.spec.name != "conv1" {
            XCTAssertLessThan(x.data.max()!, maxV, "\(c.spec.name) input saturates")
            XCTAssertGreaterThanOrEqual(x.data.min()!, 0, "\(c.spec.name) input follows a ReLU")
        }
    }

    func testModesAreBitIdenticalAndOpCountsMatchShapes() throws {
        let w = try SqueezeNetShared.get()
        let report = try SqueezeNetShared.chelseaReport.get()
        let dense = report.runs[.dense]!, zero = report.runs[.zeroSkip]!, exact = report.runs[.exact]!
        XCTAssertEqual(dense.scores, zero.scores)
        XCTAssertEqual(dense.scores, exact.scores)
        // Dense ops = outputs × kernel size, from Caffe shape inference; zeroSkip ops = outputs ×
        // nonzero quantised weights of each kernel.
        let blobs = try w.network.blobShapes()
        for (i, c) in w.fixedPoint.convolutions.enumerated() {
            let out = blobs[c.spec.name]!
            let plane = out.height * out.width
            XCTAssertEqual(dense.layerStats[i].total.executedOps, out.channels * plane * c.spec.inC * c.spec.kH * c.spec.kW, c.spec.name)
            XCTAssertEqual(zero.layerStats[i].total.executedOps, plane * c.weights.reduce(0) { $0 + ($1 != 0 ? 1 : 0) }, c.spec.name)
            XCTAssertLessThanOrEqual(exact.layerStats[i].total.executedOps, zero.layerStats[i].total.executedOps, c.spec.name)
            XCTAssertEqual(exact.layerStats[i].mode, i == 0 ? .zeroSkip : .exact, "conv1 falls back to zeroSkip")
        }
        XCTAssertEqual(exact.layerStats[0].total.executedOps, zero.layerStats[0].total.executedOps)
        XCTAssertLessThan(report.totalOps[.exact]!, report.totalOps[.zeroSkip]!, "exact mode saves ops on SqueezeNet")
        print("SqueezeNet chelsea per-layer statistics (golden model, 16-bit):\n" + report.table)
    }

    func testNegativeFractionMatchesNaiveAccumulation() throws {
        let w = try SqueezeNetShared.get()
        let run = try w.fixedPoint.run(try w.quantizedInput(w.images[0].image), mode: .dense, keepLayerInputs: true)
        // fire2/conv1x1_1 (index 1) and fire2/conv3x3_2 (index 3, pad 1): count negative
        // accumulators with a direct loop over the quantised input and weights.
        for i in [1, 3] {
            let c = w.fixedPoint.convolutions[i], x = run.layerInputs[i]
            let k = c.spec.kH, pad = c.spec.pad, cin = c.spec.inC
            let hout = x.height + 2 * pad - k + 1, wout = x.width + 2 * pad - k + 1
            var negative = 0
            for o in 0..<c.spec.outC {
                for oy in 0..<hout {
                    for ox in 0..<wout {
                        var a = c.bias[o]
                        for ch in 0..<cin {
                            for ky in 0..<k {
                                let iy = oy + ky - pad
                                if iy < 0 || iy >= x.height { continue }
                                for kx in 0..<k {
                                    let ix = ox + kx - pad
                                    if ix < 0 || ix >= x.width { continue }
                                    a += Int64(c.weights[((o * cin + ch) * k + ky) * k + kx]) * Int64(x.data[(ch * x.height + iy) * x.width + ix])
                                }
                            }
                        }
                        if a < 0 { negative += 1 }
                    }
                }
            }
            XCTAssertEqual(run.layerStats[i].total.negativeOutputs, negative, c.spec.name)
            XCTAssertEqual(run.layerStats[i].total.outputs, c.spec.outC * hout * wout)
        }
    }
}

final class SqueezeNetBenchmarkTests: XCTestCase {
    /// Prints timings; asserts only that every configuration ran (never on time).
    func testBenchmarkPrintsTimings() throws {
        let w = try SqueezeNetShared.get()
        let b = try SqueezeNetBenchmark.run(w, image: w.images[0].image)
        XCTAssertEqual(b.seconds.map(\.label), ["float", "dense", "zeroSkip", "exact"])
        XCTAssertTrue(b.seconds.allSatisfy { $0.seconds > 0 })
        print("SqueezeNet one-image timing (chelsea):\n" + b.summary)
    }
}
