import XCTest
import Golden

final class ValidationTests: XCTestCase {
    private func expectError(_ field: String, layer: String = "convX", _ body: () throws -> Void,
                             file: StaticString = #filePath, line: UInt = #line) {
        do {
            try body()
            XCTFail("expected an error for field \(field)", file: file, line: line)
        } catch let e as LayerError {
            XCTAssertEqual(e.layer, layer, file: file, line: line)
            XCTAssertEqual(e.field, field, file: file, line: line)
            XCTAssertTrue(e.description.contains(layer) && e.description.contains(field), file: file, line: line)
        } catch {
            XCTFail("unexpected error \(error)", file: file, line: line)
        }
    }

    func testBadSpecsNameLayerAndField() throws {
        let ok = ConvSpec(name: "convX", inC: 2, outC: 3, kernel: 3, stride: 1, pad: 1)
        XCTAssertNoThrow(try ok.validate())
        var s = ok; s.inC = 0
        expectError("inC") { try s.validate() }
        s = ok; s.outC = 0
        expectError("outC") { try s.validate() }
        s = ok; s.stride = 0
        expectError("stride") { try s.validate() }
        s = ok; s.pad = -1
        expectError("pad") { try s.validate() }
        s = ok; s.kH = 6
        expectError("kH") { _ = try s.outputSize(inputChannels: 2, height: 3, width: 3) }  // 6 > 3 + 2
        s = ok; s.kW = 8
        expectError("kW") { _ = try s.outputSize(inputChannels: 2, height: 9, width: 5) }
        expectError("inC") { _ = try ok.outputSize(inputChannels: 4, height: 5, width: 5) }
        expectError("width") { _ = try FixedPoint(width: 10, layer: "convX") }
        expectError("width") {
            _ = try QuantizedConv(spec: ok, width: 32, weights: [Int32](repeating: 0, count: 54), bias: [0, 0, 0], shift: 0)
        }
        expectError("weights") {
            _ = try QuantizedConv(spec: ok, width: 8, weights: [Int32](repeating: 0, count: 53), bias: [0, 0, 0], shift: 0)
        }
        expectError("weights") {
            _ = try QuantizedConv(spec: ok, width: 8, weights: [Int32](repeating: 128, count: 54), bias: [0, 0, 0], shift: 0)
        }
        expectError("bias") {
            _ = try QuantizedConv(spec: ok, width: 8, weights: [Int32](repeating: 0, count: 54), bias: [0, 0], shift: 0)
        }
        expectError("bias") {
            _ = try QuantizedConv(spec: ok, width: 8, weights: [Int32](repeating: 0, count: 54), bias: [0, 65536, 0], shift: 0)
        }
        expectError("shift") {
            _ = try QuantizedConv(spec: ok, width: 8, weights: [Int32](repeating: 0, count: 54), bias: [0, 0, 0], shift: 40)
        }
        // layer input: shape mismatch and out-of-range values
        let l = try QuantizedConv(spec: ok, width: 8, weights: [Int32](repeating: 1, count: 54), bias: [0, 0, 0], shift: 0)
        expectError("inC") { _ = try LayerExecutor.run(l, input: QTensor(channels: 3, height: 4, width: 4, fracBits: 0), mode: .dense) }
        var x = QTensor(channels: 2, height: 4, width: 4, fracBits: 0)
        x.data[5] = 300
        expectError("input") { _ = try LayerExecutor.run(l, input: x, mode: .exact) }
        expectError("input fracBits") {
            _ = try LayerExecutor.run(l, input: QTensor(channels: 2, height: 4, width: 4, fracBits: 3), mode: .dense)
        }
        expectError("data") { _ = try QTensor(channels: 2, height: 2, width: 2, fracBits: 0, data: [1, 2, 3], name: "convX") }
        expectError("predictive table") {
            _ = try Compiler(mode: .predictive, settings: [.off]).compile(l, inputHeight: 6, inputWidth: 6)
        }
    }

    func testCapacityErrors() throws {
        let spec = ConvSpec(name: "convX", inC: 4, outC: 2, kernel: 3, pad: 1)
        let l = try QuantizedConv(spec: spec, width: 8, weights: [Int32](repeating: 1, count: 72), bias: [0, 0], shift: 0)
        let x = QTensor(channels: 4, height: 6, width: 6, fracBits: 0)
        var cap = BufferCapacities(inputWordsPerBank: 1000, weightBufferOps: 35, kernelTableEntries: 8, workListEntriesPerPE: 64)
        expectError("weightBufferOps") { _ = try LayerTiler.tiles(l, input: x, compiler: Compiler(mode: .dense), capacities: cap, pes: 2) }
        cap.weightBufferOps = 100
        // one padded row (4·3·8 words) does not fit: column bands, no error
        cap.inputWordsPerBank = 4 * 3 * 8 - 1
        XCTAssertGreaterThan(try LayerTiler.tiles(l, input: x, compiler: Compiler(mode: .dense), capacities: cap, pes: 2)
            .filter { $0.firstCol > 0 }.count, 0)
        // one output column (4·3·3 words) does not fit
        cap.inputWordsPerBank = 4 * 3 * 3 - 1
        expectError("inputWordsPerBank") { _ = try LayerTiler.tiles(l, input: x, compiler: Compiler(mode: .dense), capacities: cap, pes: 2) }
        cap.inputWordsPerBank = 1000
        // both kernels in one chunk on one PE: one output needs 2 entries
        cap.workListEntriesPerPE = 1
        expectError("workListEntriesPerPE") { _ = try LayerTiler.tiles(l, input: x, compiler: Compiler(mode: .dense), capacities: cap, pes: 1) }
    }
}
