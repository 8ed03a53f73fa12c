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
        let report = try SqueezeNetClassificationReport(w, mode: .exact)
        print(report.table)
        XCTAssertEqual(report.rows.map(\.image), ["chelsea", "coffee", "astronaut", "rocket"])
        // independent: the float classes are the labels ../shared/docs/data.md gives for these images
        XCTAssertEqual(report.rows[0].float.top1, 285, "data.md: chelsea → 285 (Egyptian cat)")
        XCTAssertEqual(report.rows[1].float.top1, 967, "data.md: coffee → 967 (espresso)")
        // REGRESSION PINS of the fixed-point classes, backed by the float check above and the
        // fixed == float comparison for every image below
        XCTAssertEqual(report.rows[0].fixed.top1, 285)
        XCTAssertEqual(report.rows[1].fixed.top1, 967)
        for r in report.rows {
            XCTAssertEqual(r.fixed.top1, r.float.top1, "\(r.image): quantisation changed the top-1")
            // Scores of the classes both top-5 lists share differ by the quantisation error only.
            for p in r.fixed.top {
                if let q = r.float.top.first(where: { $0.label == p.label }) {
                    XCTAssertEqual(p.score, q.score, accuracy: 0.1, "\(r.image) class \(p.label)")
                }
            }
        }
        // Full score vectors for chelsea: golden float vs the independent interpreter vs fixed point.
        let chelsea = w.images[0].image
        let floatScores = try w.floatScores(chelsea)
        let reference = try w.reference.output(try w.input(chelsea).data)
        XCTAssertLessThan(zip(floatScores, reference).map { abs($0 - Double($1)) }.max()!, 1e-3, "golden float vs reference interpreter")
        let fixedScores = w.scores(try w.run(try w.quantizedInput(chelsea), mode: .exact))
        XCTAssertLessThan(zip(fixedScores, floatScores).map { abs($0 - $1) }.max()!, 0.1, "largest quantisation error of a class score")
    }

    func testGraphAndQuantiserInvariants() throws {
        let w = try SqueezeNetShared.get()
        let convs = w.convolutions
        XCTAssertEqual(convs.count, 26)
        XCTAssertEqual(w.quantized.width, 16)
        // Graph: input + 26 conv + 3 max pools + 8 concats + global average pool (ReLUs fused, dropout dropped).
        XCTAssertEqual(w.network.nodes.count, 1 + 26 + 3 + 8 + 1)
        XCTAssertEqual(w.network.shapes.last, Shape(channels: 1000, height: 1, width: 1))
        XCTAssertEqual(w.network.shapes[w.graph.layerNode["conv_final"]!], Shape(channels: 1000, height: 15, width: 15))
        XCTAssertEqual(w.network.shapes[w.graph.layerNode["pool8"]!], Shape(channels: 512, height: 13, width: 13))
        for c in convs {
            XCTAssertGreaterThanOrEqual(c.shift, 0, c.spec.name)
            XCTAssertEqual(c.shift, c.inputFracBits + c.weightFracBits - c.outputFracBits, c.spec.name)
            XCTAssertTrue(c.relu, c.spec.name)
            XCTAssertEqual(c.inputNonNegative, c.spec.name != "conv1", "only conv1 reads a signed input")
            // The largest weight uses the top bit range: |w|max·2^fw in [2^14, 2^15).
            let m = c.weights.map { abs(Int($0)) }.max()!
            XCTAssertTrue((1 << 14)..<(1 << 15) ~= m, "\(c.spec.name): max |w| = \(m)")
        }
        let f = { (layer: String) in w.quantized.fracBits[w.graph.layerNode[layer]!] }
        for i in 2...9 {
            XCTAssertEqual(f("fire\(i)/conv1x1_2"), f("fire\(i)/conv3x3_2"), "concat inputs share a scale")
            XCTAssertEqual(f("fire\(i)/conv1x1_2"), f("fire\(i)/concat"))
        }
        XCTAssertEqual(f("pool1"), f("conv1"))
        let run = try w.run(try w.quantizedInput(w.images[0].image), mode: .exact)
        let inputs = w.layerInputs(run)
        XCTAssertEqual(inputs.count, 26)
        for (c, x) in zip(convs, inputs) where c.spec.name != "conv1" {
            XCTAssertGreaterThanOrEqual(x.data.min()!, 0, "\(c.spec.name) input follows a ReLU")
            XCTAssertEqual(x.fracBits, c.inputFracBits, c.spec.name)
        }
        XCTAssertLessThan(inputs[0].data.min()!, 0, "conv1 input is mean-subtracted (signed)")
    }

    func testModesAreBitIdenticalAndOpCountsMatchShapes() throws {
        let w = try SqueezeNetShared.get()
        let report = try SqueezeNetShared.chelseaReport.get()
        let convs = w.convolutions
        let dense = report.runs[.dense]!, zero = report.runs[.zeroSkip]!, exact = report.runs[.exact]!
        XCTAssertEqual(dense.scores, zero.scores)
        XCTAssertEqual(dense.scores, exact.scores)
        // Dense ops = outputs × kernel size, from Caffe shape inference; zeroSkip ops = outputs ×
        // nonzero quantised weights of each kernel.
        let blobs = try w.description.blobShapes()
        for (i, c) in convs.enumerated() {
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
        let run = try w.run(try w.quantizedInput(w.images[0].image), mode: .dense)
        let inputs = w.layerInputs(run), convs = w.convolutions
        // fire2/conv1x1_1 (index 1) and fire2/conv3x3_2 (index 3, pad 1): count negative
        // accumulators with a direct loop over the quantised input and weights.
        for i in [1, 3] {
            let c = convs[i], x = inputs[i]
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
        XCTAssertEqual(b.seconds.map(\.label), ["float", "floatRef", "dense", "zeroSkip", "exact"])
        XCTAssertTrue(b.seconds.allSatisfy { $0.seconds > 0 })
        print("SqueezeNet one-image timing (chelsea):\n" + b.summary)
    }
}
