import XCTest
import Workloads
import Golden

/// The SqueezeNet proxy data set for tuning (images, flips, crops; labels = the unmodified
/// fixed-point network's top-1) and its agreement metric.
final class SqueezeNetProxyDatasetTests: XCTestCase {
    func testVariantsGeometry() {
        let img = RGBImage(width: 8, height: 8, pixels: (0..<64).flatMap { [UInt8($0), UInt8(255 - $0), 0] })
        let v = ImageVariants.of(img, named: "s")
        XCTAssertEqual(v.map(\.name), ["s", "s/flip", "s/crop-c", "s/crop-tl", "s/crop-tr", "s/crop-bl", "s/crop-br"])
        // 7/8 of 8 = 7: corner crops start at 0 or 1, the centre at (8 − 7) / 2 = 0.
        for c in v.dropFirst(2) { XCTAssertEqual([c.image.width, c.image.height], [7, 7]) }
        XCTAssertEqual(v[3].image[0, 0, 0], 0)          // tl starts at (0, 0)
        XCTAssertEqual(v[4].image[0, 0, 0], 1)          // tr starts at (1, 0)
        XCTAssertEqual(v[5].image[0, 0, 0], 8)          // bl starts at (0, 1)
        XCTAssertEqual(v[6].image[0, 0, 0], 9)          // br starts at (1, 1)
        XCTAssertEqual(v[1].image[0, 0, 0], 7)          // flip: (0, 0) ← (7, 0)
        XCTAssertEqual(ImageVariants.of(img, named: "s", crops: 0).count, 2)
        // Two scales with mirrored crops: 2 + 2·5·2 = 22; 0.5 of 8 = 4 → bottom-right crop at (4, 4).
        let many = ImageVariants.of(img, named: "s", scales: [7.0 / 8.0, 0.5], flipCrops: true)
        XCTAssertEqual(many.count, 22)
        XCTAssertEqual(many[2].name, "s/crop-c")
        XCTAssertEqual(many[3].name, "s/crop-c/flip")
        XCTAssertEqual(many[3].image, many[2].image.flippedHorizontally())
        XCTAssertEqual(many[20].name, "s/crop50-br")
        XCTAssertEqual([many[20].image.width, many[20].image.height], [4, 4])
        XCTAssertEqual(many[20].image[0, 0, 0], 36)     // (4, 4) → 4·8 + 4
    }

    func testLabelsAndAgreementMetric() throws {
        let w = try SqueezeNetShared.get()
        let data = try SqueezeNetProxyDataset.make(w, images: ["chelsea", "coffee"], crops: 0)
        XCTAssertEqual(data.samples.map(\.name), ["chelsea", "chelsea/flip", "coffee", "coffee/flip"])
        XCTAssertEqual(data.samples[0].label, 285)
        XCTAssertEqual(data.samples[2].label, 967)
        print("proxy labels: " + data.samples.map { "\($0.name)=\($0.label)" }.joined(separator: " "))
        // The unmodified network (zeroSkip mode this time) agrees with its own labels.
        let same = try data.evaluate(w, mode: .zeroSkip)
        XCTAssertEqual(same.agreement, .init(top1: 1, top5: 1, count: 4))
        // Predicting every output of every layer after conv1 to be zero destroys the answer:
        // all class scores become equal (bias-only), so the top-1 is class 0 for every sample.
        var compilers: [String: Compiler] = [:]
        for conv in w.convolutions where conv.spec.name != "conv1" {
            compilers[conv.spec.name] = Compiler(mode: .predictive, settings: Array(repeating: PredictiveSetting(threshold: Int64.max, specN: 1), count: conv.spec.outC))
        }
        let broken = try data.evaluate(w, mode: .dense, compilers: compilers)
        XCTAssertEqual(broken.agreement.top1, 0, "no label is class 0")
        XCTAssertGreaterThan(broken.layerStats[1].total.falseZeros, 0)
        XCTAssertEqual(broken.layerStats[1].total.predictedZeros, broken.layerStats[1].total.outputs)
        XCTAssertEqual(broken.layerStats.count, 26)
    }
}

/// SqueezeNet through the tuner's `TunableNetwork` interface.
final class SqueezeNetTunableTests: XCTestCase {
    func testTunableInterfaceMatchesDirectRun() throws {
        let w = try SqueezeNetShared.get()
        XCTAssertEqual(w.tunableLayers.count, 25)
        XCTAssertEqual(w.tunableLayers.first?.spec.name, "fire2/conv1x1_1")
        let x = try w.quantizedInput(w.images[1].image)
        let t = try w.run(x, plans: w.exactPlans, recordInputs: true)
        XCTAssertEqual(t.top1, 967, "data.md: coffee → 967 (espresso), independent of the model")
        XCTAssertEqual(t.layerStats.count, 25)
        XCTAssertEqual(t.layerInputs.count, 25)
        XCTAssertEqual(t.layerInputs[0].channels, 96, "fire2/conv1x1_1 reads pool1 (96 channels)")
        XCTAssertTrue(t.layerStats.allSatisfy { $0.mode == .exact })
        // The same run without the interface: identical scores.
        XCTAssertEqual(t.scores, w.scores(try w.run(x, mode: .exact)))
    }
}
