import Foundation
import XCTest
import Estimation

/// The HDL's memory list: decoding its exact format and pricing it.
final class MemoryListTests: XCTestCase {
    /// The format the HDL emitter writes (issue 13).
    let example = """
    {"top": "SnapeaArray", "memories": [
      {"module": "sram_1rw_1024x16", "ports": "1rw", "depth": 1024, "width": 16, "maskGranularity": 0, "readLatency": 1,
       "count": 2, "instances": ["SnapeaArray.pe0.inputBank0", "SnapeaArray.pe1.inputBank0"]},
      {"module": "sram_1rw_64x32", "ports": "1rw", "depth": 64, "width": 32, "maskGranularity": 8, "readLatency": 1,
       "count": 4, "instances": ["SnapeaArray.pe0.w0", "SnapeaArray.pe0.w1", "SnapeaArray.pe1.w0", "SnapeaArray.pe1.w1"]},
      {"module": "sram_1r1w_8192x16", "ports": "1r1w", "depth": 8192, "width": 16, "maskGranularity": 0, "readLatency": 1,
       "count": 1, "instances": ["SnapeaArray.outputs"]}
    ]}
    """

    func decode(_ s: String) throws -> MemoryListFile {
        try JSONDecoder().decode(MemoryListFile.self, from: Data(s.utf8))
    }

    func testDecodesTheHDLFormat() throws {
        let list = try decode(example)
        XCTAssertEqual(list.top, "SnapeaArray")
        XCTAssertEqual(list.memories.count, 3)
        let m = list.memories[0]
        XCTAssertEqual(m.module, "sram_1rw_1024x16")
        XCTAssertEqual(m.ports, "1rw")
        XCTAssertEqual(m.depth, 1024); XCTAssertEqual(m.width, 16)
        XCTAssertEqual(m.maskGranularity, 0); XCTAssertEqual(m.readLatency, 1)
        XCTAssertEqual(m.count, 2)
        XCTAssertEqual(m.instances, ["SnapeaArray.pe0.inputBank0", "SnapeaArray.pe1.inputBank0"])
        XCTAssertEqual(try list.memories[2].shape(), SramShape(depth: 8192, width: 16, ports: .twoPort))
        XCTAssertEqual(try decode(list.json()), list, "round trip")
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("memlist-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data(example.utf8).write(to: url)
        XCTAssertEqual(try MemoryListFile(contentsOf: url), list)
    }

    func testPricesAList() throws {
        let priced = try SramMacroModel.fakeram45.price(decode(example))
        XCTAssertEqual(priced.lines.count, 3)
        // Independently: 1024x16 by the power law (1.37174 · 1024^0.92614 · 16^0.90087), 64x32 the
        // LEF area of fakeram45_64x32, 8192x16 1r1w = 4 banks of 2048x16 × 1.5.
        let a1024x16 = 1.3717399582204766 * pow(1024, 0.9261410134095718) * pow(16, 0.9008673258869772)
        let a2048x16 = 1.3717399582204766 * pow(2048, 0.9261410134095718) * pow(16, 0.9008673258869772)
        XCTAssertEqual(priced.lines[0].areaUm2, 2 * a1024x16, accuracy: 1e-6)
        XCTAssertEqual(priced.lines[1].each.areaUm2, 1241)
        XCTAssertEqual(priced.lines[1].areaUm2, 4 * 1241)
        XCTAssertEqual(priced.lines[1].leakageUW, 4 * 81.6, accuracy: 1e-9)
        XCTAssertEqual(priced.lines[2].areaUm2, 1.5 * 4 * a2048x16, accuracy: 1e-6)
        XCTAssertEqual(priced.totalAreaUm2, 2 * a1024x16 + 4 * 1241 + 6 * a2048x16, accuracy: 1e-6)
        XCTAssertEqual(priced.totalLeakageUW, priced.lines.map(\.leakageUW).reduce(0, +))
        XCTAssertTrue(priced.extrapolated.isEmpty)

        let md = priced.markdown()
        print(md)
        XCTAssertTrue(md.contains("| sram_1rw_64x32 | 64x32 | 1rw | 4 | 1241.0 | 4964.0 |"), md)
        XCTAssertTrue(md.contains("| interpolated |"), md)
        XCTAssertTrue(md.contains("4 x interpolated 2048x16"), md)
        XCTAssertTrue(md.contains("fakeram45_64x32"), md)
        let csv = priced.csv().split(separator: "\n")
        XCTAssertEqual(csv.first, "module,shape,ports,count,um^2 each,um^2 total,leakage uW total,read pJ,write pJ,macro")
        XCTAssertEqual(csv.count, 1 + 3 + 1, "header, three memories, total")
        XCTAssertTrue(csv.last!.hasPrefix("total,,,7,,"), String(csv.last!))
    }

    func testBadListsThrow() throws {
        var list = try decode(example)
        list.memories[0].count = 3 // two instances listed
        XCTAssertThrowsError(try SramMacroModel.fakeram45.price(list))
        list = try decode(example)
        list.memories[1].ports = "2rw"
        XCTAssertThrowsError(try SramMacroModel.fakeram45.price(list))
        XCTAssertThrowsError(try decode(#"{"top": "X", "memories": [{"module": "m"}]}"#))
    }
}
