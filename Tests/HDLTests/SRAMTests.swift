import Foundation
import SnapeaTesting
import XCTest
import HDL

/// Two SRAMs of one shape (signed and unsigned words) and one of another shape.
private final class TwoBuffers: Module {
    let addr = Input(.uint(10))
    let data = Input(.sint(16))
    let we = Input(.bool)
    let qa = Output(.sint(16))
    let qb = Output(.uint(16))
    let q2 = Output(.uint(32))
    let bufALine = #line; let bufA = SRAM(depth: 1024, type: .sint(16), ports: .oneReadWrite)
    let bufB = SRAM(depth: 1024, type: .uint(16), ports: .oneReadWrite)
    let wide = SRAM(depth: 512, type: .uint(32), ports: .oneReadOneWrite, maskGranularity: 8)
    let portLine: Int

    override init() {
        portLine = #line + 2
        super.init()
        qa.assign(bufA.port(address: addr, writeEnable: we, writeData: data, enable: lit(true)))
        qb.assign(bufB.port(address: addr, writeEnable: !we, writeData: data.asUInt))
        q2.assign(wide.read(addr.trunc(to: 9)))
        wide.write(addr.trunc(to: 9), cat(data, data).asUInt, enable: we, mask: addr[3, 0])
    }
}

/// A processing element with two SRAM shapes, an array of SRAMs and a register file (`Mem`).
private final class Bank: Module {
    let addr = Input(.uint(10))
    let d = Input(.sint(16))
    let we = Input(.bool)
    let q = Output(.sint(16))
    let r = Output(.uint(32))
    let f = Output(.uint(8))
    let inputBank0 = SRAM(depth: 1024, type: .sint(16), ports: .oneReadWrite)
    let scratch: [SRAMMacro] = (0..<2).map { _ in SRAM(depth: 512, type: .uint(32), ports: .oneReadOneWrite, maskGranularity: 8) }
    let regs = Mem(depth: 4, type: .uint(8))

    override init() {
        super.init()
        q.assign(inputBank0.port(address: addr, writeEnable: we, writeData: d))
        let wide = cat(d, d).asUInt
        r.assign(scratch[0].read(addr.trunc(to: 9)) ^ scratch[1].read(addr.trunc(to: 9)))
        for s in scratch { s.write(addr.trunc(to: 9), wide, enable: we) }
        regs.write(addr.trunc(to: 2), d.asUInt.trunc(to: 8), enable: we)
        f.assign(regs.read(addr.trunc(to: 2)))
    }
}

/// Two banks and a FIFO-like 1r1w SRAM at the top.
private final class Tile: Module {
    let addr = Input(.uint(10))
    let d = Input(.sint(16))
    let we = Input(.bool)
    let q = Output(.sint(16))
    let pe0 = instance(Bank())
    let pe1 = instance(Bank())
    let fifo = SRAM(depth: 16, type: .uint(8), ports: .oneReadOneWrite)

    override init() {
        super.init()
        for pe in [pe0, pe1] {
            pe.addr.assign(addr)
            pe.d.assign(d)
            pe.we.assign(we)
        }
        fifo.write(addr.trunc(to: 4), pe0.f ^ pe1.f, enable: we)
        q.assign(mux(fifo.read(addr.trunc(to: 4))[0], pe0.q, pe1.q))
    }
}

/// Mis-uses of the SRAM API; each error names the caller's line.
private final class Misuse: Module {
    let a9 = Input(.uint(9))
    let d = Input(.uint(16))
    let q = Output(.uint(16))
    let one = SRAM(depth: 1024, type: .uint(16), ports: .oneReadWrite)
    let two = SRAM(depth: 64, type: .uint(16), ports: .oneReadOneWrite)
    let lines: [Int]

    override init() {
        let first = #line + 3
        lines = [first, first + 1, first + 2]
        super.init()
        q.assign(one.port(address: a9, writeEnable: lit(false), writeData: d))
        two.write(a9.trunc(to: 6), d, mask: lit(1, .uint(2)))
        _ = one.read(a9.zext(to: 10))
    }
}

/// A port connected twice and an SRAM whose write port is never connected.
private final class Twice: Module {
    let a = Input(.uint(4))
    let q = Output(.uint(8))
    let ramLine = #line; let ram = SRAM(depth: 16, type: .uint(8), ports: .oneReadOneWrite)
    let secondLine: Int

    override init() {
        secondLine = #line + 3
        super.init()
        let first = ram.read(a)
        q.assign(first ^ ram.read(a))
    }
}

private final class BadShape: Module {
    let line = #line; let bad = SRAM(depth: 100, type: .uint(12), ports: .oneReadWrite, maskGranularity: 5)
    override init() { super.init() }
}

final class SRAMTests: XCTestCase {
    /// Module names come from the shape; identical shapes share one module file.
    func testShapesNameModulesAndShareFiles() throws {
        let d = try Elaborator.elaborate(TwoBuffers())
        let files = d.verilogFiles.keys.sorted()
        XCTAssertEqual(files, ["TwoBuffers.f", "TwoBuffers.v", "sram_1r1w_512x32_m8.v", "sram_1rw_1024x16.v"])
        XCTAssertEqual(d.fileList, "sram_1rw_1024x16.v\nsram_1r1w_512x32_m8.v\nTwoBuffers.v\n")
        let parent = try XCTUnwrap(d.verilog.last)
        XCTAssertEqual(parent.components(separatedBy: "  sram_1rw_1024x16 ").count - 1, 2, parent)
        XCTAssertTrue(parent.contains("  sram_1r1w_512x32_m8 wide ("), parent)
        XCTAssertEqual(SRAMShape(ports: .oneReadOneWrite, depth: 512, width: 32, maskGranularity: 8).moduleName, "sram_1r1w_512x32_m8")
        // Inside, one plain memory per mask lane: no read-modify-write port for masked writes.
        let inventory = try XCTUnwrap(d.inventory().first { $0.module == "sram_1r1w_512x32_m8" })
        XCTAssertEqual(inventory.memories.map { [$0.depth, $0.width, $0.combinationalReadPorts, $0.synchronousReadPorts, $0.writePorts] },
                       Array(repeating: [512, 8, 0, 1, 1], count: 4))
        XCTAssertEqual(d.modules.compactMap(\.sram?.moduleName), ["sram_1rw_1024x16", "sram_1r1w_512x32_m8"])
    }

    /// The SRAM module is readable behavioural RTL with a header that states the contract.
    func testSRAMModuleReadsLikeHandWrittenRTL() throws {
        let d = try Elaborator.elaborate(TwoBuffers())
        let oneRW = try XCTUnwrap(d.verilogFiles["sram_1rw_1024x16.v"])
        for needle in ["`default_nettype none", "module sram_1rw_1024x16 (", "1024 words x 16 bits, one read/write port (1rw)",
                       "Read latency 1", "may replace this module by an SRAM macro", "Contents are not reset",
                       "  reg [15:0] mem [0:1023];", "  always @(posedge clk) begin", "        mem[addr] <= wdata;",
                       "        rdata <= mem[addr];", "  output reg  [15:0] rdata", "`default_nettype wire"] {
            XCTAssertTrue(oneRW.contains(needle), "missing '\(needle)' in\n\(oneRW)")
        }
        XCTAssertFalse(oneRW.contains("wire reset") || oneRW.contains("wire       reset"), "no reset port")
        let masked = try XCTUnwrap(d.verilogFiles["sram_1r1w_512x32_m8.v"])
        for needle in ["read-before-write", "      if (wmask[3]) mem[waddr][31:24] <= wdata[31:24];",
                       "      rdata <= mem[raddr];", "    if (ren) begin", "    if (wen) begin"] {
            XCTAssertTrue(masked.contains(needle), "missing '\(needle)' in\n\(masked)")
        }
        let odd = try Elaborator.elaborate(SRAMMacro(SRAMShape(ports: .oneReadWrite, depth: 1000, width: 8)))
        let text = try XCTUnwrap(odd.verilog.last)
        XCTAssertTrue(text.contains("Out-of-range addresses (>= 1000): reads return 0, writes are ignored."), text)
        XCTAssertTrue(text.contains("wire in_range = addr < 10'h3e8;"), text)
        XCTAssertTrue(text.contains("rdata <= in_range ? mem[addr] : 8'h00;"), text)
    }

    /// Locators of the instance and its connections name the user's lines.
    func testLocatorsPointAtTheCaller() throws {
        var lines = (0, 0)
        let d = try Elaborator.elaborate({ () -> TwoBuffers in
            let m = TwoBuffers()
            lines = (m.bufALine, m.portLine)
            return m
        }())
        let parent = try XCTUnwrap(d.verilog.last)
        XCTAssertTrue(parent.contains("  sram_1rw_1024x16 bufA ( // @[SRAMTests.swift:\(lines.0)]"), parent)
        XCTAssertTrue(parent.contains("  wire [9:0] bufA_addr; // @[SRAMTests.swift:\(lines.0)]"), parent)
        let signedRead = parent.split(separator: "\n").first { $0.contains(" = $signed(bufA_rdata);") }
        XCTAssertEqual(signedRead.map { $0.hasSuffix("// @[SRAMTests.swift:\(lines.1)]") }, true, "read data as SInt, at the port(...) call\n\(parent)")
        // The shared SRAM module only names the library's lines.
        XCTAssertFalse(try XCTUnwrap(d.verilogFiles["sram_1rw_1024x16.v"]).contains("SRAMTests.swift"))
    }

    /// Every shape variant passes `verilator --lint-only -Wall`, Icarus and Yosys without a complaint.
    func testEveryShapeIsLintClean() throws {
        try Gate.requireTool("verilator")
        try Gate.requireTool("iverilog")
        try Gate.requireTool("yosys")
        var shapes: [SRAMShape] = []
        for ports in SRAMPortKind.allCases {
            for (depth, width) in [(1024, 16), (1000, 16), (2, 1), (48, 32)] {
                for g in [nil, 1, 8, width] where g.map({ width % $0 == 0 }) ?? true {
                    shapes.append(SRAMShape(ports: ports, depth: depth, width: width, maskGranularity: g))
                }
            }
        }
        XCTAssertGreaterThan(shapes.count, 20)
        for s in shapes {
            let d = try Elaborator.elaborate(SRAMMacro(s))
            XCTAssertEqual(d.top.name, s.moduleName)
            XCTAssertEqual(try Lint.verilator(d), "", s.moduleName)
            XCTAssertEqual(try Lint.icarus(d), "", s.moduleName)
            XCTAssertEqual(try Lint.yosys(d), "", s.moduleName)
        }
        let bench = try Elaborator.elaborate(SRAMBench())
        XCTAssertEqual(try Lint.verilator(bench), "")
        XCTAssertEqual(try Lint.icarus(bench), "")
        XCTAssertEqual(try Lint.yosys(bench), "")
        XCTAssertEqual(bench.warnings, [])
    }

    /// The memory list of a design with nested instances, as JSON.
    func testMemoryListJSON() throws {
        let d = try Elaborator.elaborate(Tile())
        let list = d.memoryList
        XCTAssertEqual(list.fileName, "Tile.memories.json")
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(list.json.utf8)) as? NSDictionary)
        let expected: NSDictionary = [
            "top": "Tile",
            "memories": [
                ["module": "sram_1r1w_16x8", "ports": "1r1w", "depth": 16, "width": 8, "maskGranularity": 0,
                 "readLatency": 1, "count": 1, "instances": ["Tile.fifo"]],
                ["module": "sram_1r1w_512x32_m8", "ports": "1r1w", "depth": 512, "width": 32, "maskGranularity": 8,
                 "readLatency": 1, "count": 4,
                 "instances": ["Tile.pe0.scratch_0", "Tile.pe0.scratch_1", "Tile.pe1.scratch_0", "Tile.pe1.scratch_1"]],
                ["module": "sram_1rw_1024x16", "ports": "1rw", "depth": 1024, "width": 16, "maskGranularity": 0,
                 "readLatency": 1, "count": 2, "instances": ["Tile.pe0.inputBank0", "Tile.pe1.inputBank0"]],
            ],
        ]
        XCTAssertEqual(json, expected, list.json)
        XCTAssertEqual(try JSONDecoder().decode(MemoryList.self, from: Data(list.json.utf8)), list)
        XCTAssertTrue(list.json.hasSuffix("}\n"))

        // No SRAM: an empty list (a `Mem` stays a register file).
        let none = try Elaborator.elaborate(Counter(width: 4)).memoryList
        XCTAssertEqual(none, MemoryList(top: "Counter_W4", memories: []))
        let fifo = try Elaborator.elaborate(FIFO(depth: 8, type: .uint(8))).memoryList
        XCTAssertEqual(fifo.memories, [])
        // An SRAM elaborated on its own lists itself.
        let alone = try Elaborator.elaborate(SRAMMacro(SRAMShape(ports: .oneReadWrite, depth: 8, width: 4))).memoryList
        XCTAssertEqual(alone.memories.map(\.instances), [["sram_1rw_8x4"]])
    }

    /// Wrong widths, a mask on an unmasked SRAM and the wrong port kind are errors at the caller's line.
    func testMisuseIsReportedAtTheCaller() throws {
        var lines: [Int] = []
        XCTAssertThrowsError(try Elaborator.elaborate({ () -> Misuse in
            let m = Misuse()
            lines = m.lines
            return m
        }())) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("SRAMTests.swift:\(lines[0]): error: SRAM address must be UInt<10> for depth 1024, got UInt<9>"), text)
            XCTAssertTrue(text.contains("SRAMTests.swift:\(lines[1]): error: SRAM sram_1r1w_64x16 has no write mask"), text)
            XCTAssertTrue(text.contains("SRAMTests.swift:\(lines[2]): error: read(_:enable:) needs a 1r1w SRAM; sram_1rw_1024x16 is 1rw"), text)
        }
        var twice = (0, 0)
        XCTAssertThrowsError(try Elaborator.elaborate({ () -> Twice in
            let m = Twice()
            twice = (m.ramLine, m.secondLine)
            return m
        }())) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("SRAMTests.swift:\(twice.1): error:") && text.contains("driven from two places"), text)
            XCTAssertTrue(text.contains("SRAMTests.swift:\(twice.0): error:") && text.contains("wen"), "unconnected write port\n\(text)")
        }
        var line = 0
        XCTAssertThrowsError(try Elaborator.elaborate({ () -> BadShape in
            let m = BadShape()
            line = m.line
            return m
        }())) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("SRAMTests.swift:\(line): error: SRAM write-mask granularity 5 must divide the width 12"), text)
        }
    }
}
