import XCTest
import Foundation
import Golden
import Workloads

/// The tuner's output file: round trip, validation against the network, corrupt input.
final class TunerTableTests: XCTestCase {
    /// Built once for all cases (a small tuning run).
    private static let cached: Result<(PredictiveTable, DigitsQuantizedNetwork), any Error> = Result { try build() }

    private func table() throws -> (PredictiveTable, DigitsQuantizedNetwork) { try Self.cached.get() }

    private static func build() throws -> (PredictiveTable, DigitsQuantizedNetwork) {
        let d = try DigitsDataset.embedded()
        let s = DigitsSplit(count: d.samples.count)
        let cal = Array(DigitsSplit.samples(s.calibration, of: d).prefix(60))
        let train = Array(DigitsSplit.samples(s.train, of: d).prefix(30))
        let q = try DigitsQuantizer.quantize(try DigitsModelFile.embedded(.snapeaAware), calibration: cal)
        var o = TunerOptions()
        o.counts = [2, 4]
        o.maxBudget = 0.2
        let session = try TunerSession(network: q, inputs: cal, labels: cal.map(\.label), profilingInputs: train, options: o)
        var sel = try session.select(budget: 0.2)
        if sel.plans.allSatisfy({ $0.mode == .exact }) {
            // Make sure the file carries predictive kernels: take the most aggressive point.
            sel.points = session.points.map { $0.last! }
        }
        return (try PredictiveTable(network: "digits-snapea", layers: q.tunableLayers, selection: sel, method: "test"), q)
    }

    func testRoundTripAndValidation() throws {
        let (t, q) = try table()
        XCTAssertTrue(t.layers.contains { $0.mode == "predictive" && $0.kernels.contains { $0.specN > 0 } })
        let data = try t.encode()
        let back = try PredictiveTable.decode(data)
        XCTAssertEqual(back, t)
        XCTAssertEqual(try back.encode(), data)
        try back.validate(against: q.tunableLayers)
        // The plans of the file run the network exactly like the selection's plans.
        let s = try DigitsDataset.embedded().samples[5]
        XCTAssertEqual(try q.run(s, plans: back.plans, recordInputs: false).scores,
                       try q.run(s, plans: t.plans, recordInputs: false).scores)
        // Int64.min thresholds (kernels off) survive the round trip.
        XCTAssertTrue(back.layers.flatMap(\.kernels).contains { $0.threshold == Int64.min } ||
                      back.layers.flatMap(\.kernels).allSatisfy { $0.specN > 0 })
    }

    private func decodeError(_ mutate: (inout [String: Any]) -> Void) throws -> String {
        let (t, q) = try table()
        var obj = try JSONSerialization.jsonObject(with: t.encode()) as! [String: Any]
        mutate(&obj)
        do {
            let back = try PredictiveTable.decode(try JSONSerialization.data(withJSONObject: obj), fileName: "p.json")
            try back.validate(against: q.tunableLayers)
            return "no error"
        } catch let e as PredictiveTableError {
            return e.description
        }
    }

    private func editKernel(_ o: inout [String: Any], layer: Int = 1, kernel: Int = 0, _ f: (inout [String: Any]) -> Void) {
        var layers = o["layers"] as! [[String: Any]]
        var kernels = layers[layer]["kernels"] as! [[String: Any]]
        f(&kernels[kernel])
        layers[layer]["kernels"] = kernels
        o["layers"] = layers
    }

    func testCorruptTablesAreRejected() throws {
        XCTAssertEqual(try decodeError { o in o["format"] = "x" }, "p.json: format is \"x\", expected \"snapea-predictive-table\"")
        XCTAssertEqual(try decodeError { o in o["layers"] = nil }, "p.json: missing field layers")
        XCTAssertEqual(try decodeError { o in
            var layers = o["layers"] as! [[String: Any]]
            layers[0]["mode"] = "dense"
            o["layers"] = layers
        }, "p.json: layer 'conv1', field 'mode': \"dense\" is not exact or predictive")
        XCTAssertEqual(try decodeError { o in editKernel(&o) { k in
            var taps = k["taps"] as! [Int]
            taps[1] = taps[0]
            k["taps"] = taps
        } }.hasPrefix("p.json: layer 'conv2', kernel 0, field 'taps': tap"), true)
        XCTAssertEqual(try decodeError { o in editKernel(&o) { k in k["taps"] = [Int](repeating: 0, count: 1) + [700] } },
                       "p.json: layer 'conv2', kernel 0, field 'taps': 2 taps for \((try? self.table().0.layers[1].kernels[0].weights.count) ?? -1) weights")
        XCTAssertEqual(try decodeError { o in editKernel(&o) { k in k["specN"] = 1000 } }.contains("field 'specN': 1000 outside"), true)
        XCTAssertEqual(try decodeError { o in editKernel(&o) { k in k["checkFrom"] = 9999 } }.contains("field 'checkFrom': 9999"), true)
        // Structurally valid but not what the compiler produces for this network.
        XCTAssertEqual(try decodeError { o in editKernel(&o) { k in
            var taps = k["taps"] as! [Int], w = k["weights"] as! [Int]
            // Swap two ops of equal sign so checkFrom stays valid.
            let last = taps.count - 1
            taps.swapAt(last, last - 1); w.swapAt(last, last - 1)
            k["taps"] = taps; k["weights"] = w
        } }, "layer 'conv2', kernel 0, field 'taps': op list differs from the compiler's for this layer")
        XCTAssertEqual(try decodeError { o in
            var layers = o["layers"] as! [[String: Any]]
            layers[1]["kernels"] = Array((layers[1]["kernels"] as! [[String: Any]]).dropLast())
            o["layers"] = layers
        }, "layer 'conv2', field 'kernels': 15 kernels, the layer has 16")
        let (t, _) = try table()
        let data = try t.encode()
        XCTAssertThrowsError(try PredictiveTable.decode(data.prefix(data.count - 10), fileName: "p.json")) { e in
            XCTAssertTrue("\(e)".hasPrefix("p.json: corrupt JSON"), "\(e)")
        }
    }
}
