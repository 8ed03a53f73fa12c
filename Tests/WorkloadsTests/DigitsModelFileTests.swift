import XCTest
import Foundation
import Workloads

/// The weight file format: round trip, validation errors, and the committed networks.
final class DigitsModelFileTests: XCTestCase {
    private func smallModel() -> DigitsModel {
        var o = DigitsTrainingOptions()
        o.epochs = 0
        return DigitsTrainer.train(options: o, samples: []).model
    }

    func testRoundTripIsExact() throws {
        let m = smallModel()
        let data = try DigitsModelFile.encode(m)
        let back = try DigitsModelFile.decode(data)
        XCTAssertEqual(back, m)
        XCTAssertEqual(back.conv2.weights.map(\.bitPattern), m.conv2.weights.map(\.bitPattern))
        XCTAssertEqual(try DigitsModelFile.encode(back), data, "encoding is deterministic")
    }

    private func decodeError(_ mutate: (inout [String: Any]) -> Void) throws -> String {
        var obj = try JSONSerialization.jsonObject(with: DigitsModelFile.encode(smallModel())) as! [String: Any]
        mutate(&obj)
        let data = try JSONSerialization.data(withJSONObject: obj)
        do {
            _ = try DigitsModelFile.decode(data, fileName: "m.json")
            return "no error"
        } catch let e as DigitsModelError {
            return e.description
        }
    }

    func testCorruptFilesAreRejectedNamingTheField() throws {
        XCTAssertEqual(try decodeError { o in
            var c = o["conv2"] as! [String: Any]
            c["weights"] = Array((c["weights"] as! [Any]).dropLast())
            o["conv2"] = c
        }, "m.json: conv2.weights: 1151 values, expected 1152")
        XCTAssertEqual(try decodeError { o in
            var c = o["classifier"] as! [String: Any]
            c["bias"] = [1.0, 2.0]
            o["classifier"] = c
        }, "m.json: classifier.bias: 2 values, expected 10")
        XCTAssertEqual(try decodeError { o in
            var c = o["conv1"] as! [String: Any]
            c["kernelSize"] = 5
            o["conv1"] = c
        }, "m.json: conv1.kernelSize: 5, the digits CNN uses 3")
        XCTAssertEqual(try decodeError { o in o["format"] = "other" },
                       "m.json: format is \"other\", expected \"snapea-digits-cnn\"")
        XCTAssertEqual(try decodeError { o in o["version"] = 2 }, "m.json: version 2 not supported (expected 1)")
        XCTAssertEqual(try decodeError { o in o["conv2"] = nil }, "m.json: missing field conv2")
        let wrongType = try decodeError { o in
            var c = o["conv1"] as! [String: Any]
            c["bias"] = "x"
            o["conv1"] = c
        }
        XCTAssertTrue(wrongType.hasPrefix("m.json: wrong type at conv1.bias"), wrongType)
        // Truncated bytes.
        let data = try DigitsModelFile.encode(smallModel())
        XCTAssertThrowsError(try DigitsModelFile.decode(data.prefix(data.count / 2), fileName: "m.json")) { e in
            XCTAssertTrue(String(describing: e).hasPrefix("m.json: corrupt JSON"), "\(e)")
        }
    }

    /// A naive reference forward pass written independently of `ConvMath` (explicit padding).
    private func referenceLogits(_ m: DigitsModel, _ s: DigitsSample) -> [Double] {
        func conv(_ l: FloatConvLayer, _ x: [[[Double]]]) -> [[[Double]]] {
            let n = x[0].count
            var padded = [[[Double]]](repeating: [[Double]](repeating: [Double](repeating: 0, count: n + 2), count: n + 2),
                                      count: x.count)
            for c in 0..<x.count { for y in 0..<n { for xx in 0..<n { padded[c][y + 1][xx + 1] = x[c][y][xx] } } }
            var out = [[[Double]]]()
            for o in 0..<l.outChannels {
                var plane = [[Double]]()
                for y in 0..<n {
                    var rowv = [Double]()
                    for xx in 0..<n {
                        var a = Double(l.bias[o])
                        for c in 0..<l.inChannels { for ky in 0..<3 { for kx in 0..<3 {
                            a += Double(l.weights[o * l.inChannels * 9 + c * 9 + ky * 3 + kx]) * padded[c][y + ky][xx + kx]
                        } } }
                        rowv.append(max(a, 0))
                    }
                    plane.append(rowv)
                }
                out.append(plane)
            }
            return out
        }
        let img = [(0..<8).map { y in (0..<8).map { x in Double(s.pixels[y * 8 + x]) / 16 } }]
        let a2 = conv(m.conv2, conv(m.conv1, img))
        var flat = [Double]()
        for c in 0..<a2.count { for y in 0..<4 { for x in 0..<4 {
            flat.append(max(a2[c][2 * y][2 * x], a2[c][2 * y][2 * x + 1], a2[c][2 * y + 1][2 * x], a2[c][2 * y + 1][2 * x + 1]))
        } } }
        return (0..<10).map { o in
            Double(m.classifier.bias[o]) + (0..<flat.count).reduce(0.0) { $0 + Double(m.classifier.weights[o * flat.count + $1]) * flat[$1] }
        }
    }

    func testCommittedNetworksLoadAndReachTheirAccuracy() throws {
        let data = try DigitsDataset.embedded()
        let split = DigitsSplit(count: data.samples.count)
        let test = DigitsSplit.samples(split.test, of: data)
        var acc: [DigitsModelFile.Embedded: Double] = [:]
        for which in DigitsModelFile.Embedded.allCases {
            let m = try DigitsModelFile.embedded(which)
            // The model's forward agrees with the naive reference on a few samples.
            for s in test.prefix(5) {
                let ref = referenceLogits(m, s)
                let got = m.forward(DigitsModel.floatInput(s)).logits
                for i in 0..<10 { XCTAssertEqual(Double(got[i]), ref[i], accuracy: 1e-3 * max(1, abs(ref[i]))) }
            }
            var correct = 0
            for s in test {
                let ref = referenceLogits(m, s)
                if ref.firstIndex(of: ref.max()!)! == s.label { correct += 1 }
            }
            acc[which] = Double(correct) / Double(test.count)
        }
        XCTAssertGreaterThanOrEqual(acc[.plain]!, 0.98)
        XCTAssertGreaterThanOrEqual(acc[.snapeaAware]!, 0.98)
        XCTAssertLessThanOrEqual(acc[.plain]! - acc[.snapeaAware]!, 0.005 + 1e-9)
    }
}
