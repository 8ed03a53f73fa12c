import Accelerator
import Foundation
import Golden
import XCTest

final class ConfigTests: XCTestCase {
    func testPresetsValidateAndHaveDocumentedShapes() throws {
        for c in AcceleratorConfig.presets { XCTAssertNoThrow(try c.validate(), c.name) }
        XCTAssertEqual(AcceleratorConfig.default256.macs, 256)
        XCTAssertEqual(AcceleratorConfig.small.pes, 2)
        XCTAssertEqual(AcceleratorConfig.small.lanesPerPE, 4)
        XCTAssertEqual(AcceleratorConfig.int8.dataWidth, 8)
        XCTAssertFalse(AcceleratorConfig.default256.baseline.withPAU)
        XCTAssertEqual(AcceleratorConfig.default256.baseline.macs, 256, "baseline has equal MACs")
        XCTAssertEqual(AcceleratorConfig.preset(named: "default256-baseline"), .default256.baseline)
    }

    func testAccumulatorWidthFollowsTheContract() {
        // A = 2W + ceil(log2(max(2, maxKernelOps))) + 1, computed independently.
        for (w, m, a) in [(16, 2048, 32 + 11 + 1), (16, 512, 32 + 9 + 1), (8, 1, 16 + 1 + 1), (8, 3, 16 + 2 + 1), (12, 1000, 24 + 10 + 1)] {
            var c = AcceleratorConfig.small
            c.dataWidth = w
            c.maxKernelOps = m
            XCTAssertEqual(c.accumulatorWidth, a, "W=\(w) M=\(m)")
            XCTAssertEqual(c.accumulatorWidth, FixedPoint.accumulatorWidth(width: w, maxKernelOps: m), "agrees with golden")
        }
    }

    func assertBad(_ change: (inout AcceleratorConfig) -> Void, field: String, file: StaticString = #filePath, line: UInt = #line) {
        var c = AcceleratorConfig.small
        change(&c)
        XCTAssertThrowsError(try c.validate(), file: file, line: line) { e in
            XCTAssertEqual((e as? ConfigError)?.field, field, "\(e)", file: file, line: line)
            XCTAssertTrue("\(e)".contains(field), "message names the field: \(e)", file: file, line: line)
        }
        XCTAssertThrowsError(try Generator.emit(c), "generator refuses it too", file: file, line: line)
    }

    func testBadConfigsNameTheField() {
        assertBad({ $0.lanesPerPE = 0 }, field: "lanesPerPE")
        assertBad({ $0.pes = 0 }, field: "pes")
        assertBad({ $0.dataWidth = 1 }, field: "dataWidth")
        assertBad({ $0.maxKernelOps = 0 }, field: "maxKernelOps")
        assertBad({ $0.dataWidth = 24; $0.maxKernelOps = 1 << 20 }, field: "maxKernelOps")
        assertBad({ $0.inputWordsPerBank = 1 }, field: "inputWordsPerBank")
        assertBad({ $0.weightBufferOps = 0 }, field: "weightBufferOps")
        assertBad({ $0.kernelTableEntries = -3 }, field: "kernelTableEntries")
        assertBad({ $0.workListEntries = 1 }, field: "workListEntries")
        assertBad({ $0.clockMHz = 0 }, field: "clockMHz")
        assertBad({ $0.name = "a b" }, field: "name")
    }

    func testTileTooLargeNamesTheBuffer() throws {
        var c = AcceleratorConfig.small
        c.workListEntries = 8
        c.kernelTableEntries = 2
        c.weightBufferOps = 20
        c.inputWordsPerBank = 30
        let spec = ConvSpec(name: "t", inC: 2, outC: 3, kernel: 3, stride: 1, pad: 1)
        let layer = try QuantizedConv(spec: spec, weights: [Int32](repeating: 1, count: 3 * 18), bias: [0, 0, 0], shift: 0)
        let input = try QTensor(channels: 2, height: 6, width: 6, fracBits: 0, data: [Int32](repeating: 1, count: 72))
        let tile = try TileProgram(inC: 2, hin: 8, win: 8, input: input.padded(1), kernels: Compiler(mode: .dense).compile(layer, inputHeight: 8, inputWidth: 8),
                                   stride: 1, hout: 6, wout: 6, shift: 0, width: 16, mode: .dense, pes: 2)
        let hw = HardwareTile(tile)
        XCTAssertThrowsError(try c.validate(tile: hw)) { e in
            XCTAssertEqual((e as? ConfigError)?.field, "inputWordsPerBank", "\(e)")
        }
        c.inputWordsPerBank = 128
        XCTAssertThrowsError(try c.validate(tile: hw)) { e in
            XCTAssertEqual((e as? ConfigError)?.field, "kernelTableEntries", "\(e)")
        }
        c.kernelTableEntries = 4
        XCTAssertThrowsError(try c.validate(tile: hw)) { e in
            XCTAssertEqual((e as? ConfigError)?.field, "weightBufferOps", "\(e)")
        }
        c.weightBufferOps = 64
        XCTAssertThrowsError(try c.validate(tile: hw)) { e in
            XCTAssertEqual((e as? ConfigError)?.field, "workListEntries", "\(e)")
        }
        c.workListEntries = 64
        XCTAssertNoThrow(try c.validate(tile: hw))
        XCTAssertThrowsError(try StimulusWriter(config: AcceleratorConfig.small.baseline).stimulus(for: [HardwareTile(tile)].map {
            var t = $0
            t.workLists = [t.workLists[0]]  // one list for a 2-PE config
            return t
        })) { e in XCTAssertEqual((e as? ConfigError)?.field, "pes", "\(e)") }
    }

    func testJSONRoundTripAndErrors() throws {
        for c in AcceleratorConfig.presets {
            XCTAssertEqual(try AcceleratorConfig.fromJSON(try c.jsonData()), c)
        }
        var bad = try XCTUnwrap(try JSONSerialization.jsonObject(with: AcceleratorConfig.small.jsonData()) as? [String: Any])
        bad["lanesPerPE"] = 0
        XCTAssertThrowsError(try AcceleratorConfig.fromJSON(try JSONSerialization.data(withJSONObject: bad))) { e in
            XCTAssertEqual((e as? ConfigError)?.field, "lanesPerPE")
        }
        bad.removeValue(forKey: "pes")
        XCTAssertThrowsError(try AcceleratorConfig.fromJSON(try JSONSerialization.data(withJSONObject: bad))) { e in
            XCTAssertEqual((e as? ConfigError)?.field, "pes")
        }
        XCTAssertThrowsError(try AcceleratorConfig.fromJSON(Data("{".utf8)))
        let dir = try makeTempDir("json")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try AcceleratorConfig.int8.jsonData().write(to: URL(fileURLWithPath: "\(dir)/c.json"))
        XCTAssertEqual(try AcceleratorConfig.load(path: "\(dir)/c.json"), .int8)
        XCTAssertThrowsError(try AcceleratorConfig.load(path: "\(dir)/missing.json"))
    }
}
