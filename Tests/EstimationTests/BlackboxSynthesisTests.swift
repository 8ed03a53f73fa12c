import Foundation
import XCTest
import Estimation
import HDL

/// The blackbox flow on a tiny hand-written design: a 64×16 SRAM (behavioural model, named like
/// the HDL's macros) and a datapath around it.
final class BlackboxSynthesisTests: XCTestCase {
    static let sram = """
    module sram_1rw_64x16 (input clk, input ce, input we, input [5:0] addr, input [15:0] wdata, output reg [15:0] rdata);
      reg [15:0] mem [0:63];
      always @(posedge clk) if (ce) begin if (we) mem[addr] <= wdata; rdata <= mem[addr]; end
    endmodule

    """
    static let design = """
    module Datapath (input clk, input rst, input [15:0] q, input [15:0] din, output reg [15:0] acc, output [15:0] wdata);
      assign wdata = din ^ acc;
      always @(posedge clk) if (rst) acc <= 16'd0; else acc <= acc + q;
    endmodule
    module Top (input clk, input rst, input [15:0] din, input [5:0] a, input we, output [15:0] acc);
      wire [15:0] q, wd;
      sram_1rw_64x16 mem0 (.clk(clk), .ce(1'b1), .we(we), .addr(a), .wdata(wd), .rdata(q));
      Datapath dp (.clk(clk), .rst(rst), .q(q), .din(din), .acc(acc), .wdata(wd));
    endmodule

    """
    static let memories = """
    {"top": "Top", "memories": [{"module": "sram_1rw_64x16", "ports": "1rw", "depth": 64, "width": 16,
      "maskGranularity": 0, "readLatency": 1, "count": 1, "instances": ["Top.mem0"]}]}
    """

    /// A folder with sram.v, design.v, design.f (relative names, a comment) and memories.json.
    func writeDesign() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("snapea-bb-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try Self.sram.write(to: dir.appendingPathComponent("sram.v"), atomically: true, encoding: .utf8)
        try Self.design.write(to: dir.appendingPathComponent("design.v"), atomically: true, encoding: .utf8)
        try "// generated\nsram.v\n\ndesign.v\n".write(to: dir.appendingPathComponent("design.f"), atomically: true, encoding: .utf8)
        try Self.memories.write(to: dir.appendingPathComponent("memories.json"), atomically: true, encoding: .utf8)
        return dir
    }

    func testReadFileList() throws {
        let dir = try writeDesign()
        defer { try? FileManager.default.removeItem(at: dir) }
        let files = try BlackboxSynthesis.readFileList(dir.appendingPathComponent("design.f"))
        XCTAssertEqual(files.map(\.lastPathComponent), ["sram.v", "design.v"])
        XCTAssertEqual(files[0].deletingLastPathComponent().standardizedFileURL.path, dir.standardizedFileURL.path)
        try "+incdir+x\n".write(to: dir.appendingPathComponent("bad.f"), atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try BlackboxSynthesis.readFileList(dir.appendingPathComponent("bad.f")))
    }

    func testLogicAreaEqualsPlainSynthesisAndMacroComesFromTheModel() throws {
        let yosys = try yosysOrSkip()
        let dir = try writeDesign()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try BlackboxSynthesis.run(fileList: dir.appendingPathComponent("design.f"),
                                          memoryList: dir.appendingPathComponent("memories.json"), yosys: yosys)
        // The logic alone: the datapath synthesised by the plain flow from the same sources.
        let logic = try yosys.synthesize(verilog: Self.sram + Self.design, top: "Datapath")
        print("blackbox flow: logic \(r.logicUm2) um^2 (Datapath alone \(logic.areaUm2)), macro \(r.macroUm2) um^2, total \(r.totalUm2)")
        XCTAssertEqual(r.logicUm2, logic.areaUm2, accuracy: 1e-6)
        XCTAssertEqual(r.logicCells, logic.cells)
        // 64x16 is no fakeram45 macro: the area power law, by hand.
        XCTAssertEqual(r.macroUm2, 1.3717399582204766 * pow(64, 0.9261410134095718) * pow(16, 0.9008673258869772), accuracy: 1e-6)
        XCTAssertEqual(r.totalUm2, r.logicUm2 + r.macroUm2)
        // Without the black box Yosys builds the 1024 bits as flip-flops: far more than the logic.
        let flat = try yosys.synthesize(files: BlackboxSynthesis.readFileList(dir.appendingPathComponent("design.f")),
                                        top: "Top", blackboxes: [])
        XCTAssertGreaterThan(flat.areaUm2, r.logicUm2 + 1024 * 4.522)
    }

    func testScriptPrintsTheSameLogicArea() throws {
        let yosys = try yosysOrSkip()
        let dir = try writeDesign()
        defer { try? FileManager.default.removeItem(at: dir) }
        let script = packageRoot.appendingPathComponent("scripts/synth_blackbox.sh").path
        let out = try ExternalTool.runProcess("/bin/bash", [script, "--json", "--liberty", yosys.liberty,
                                                            dir.appendingPathComponent("design.f").path,
                                                            dir.appendingPathComponent("memories.json").path])
        XCTAssertEqual(out.status, 0, out.stderr)
        struct Out: Decodable { var top: String; var logicUm2: Double; var blackboxes: [String] }
        let o = try JSONDecoder().decode(Out.self, from: Data(out.stdout.utf8))
        XCTAssertEqual(o.top, "Top")
        XCTAssertEqual(o.blackboxes, ["sram_1rw_64x16"])
        let r = try BlackboxSynthesis.run(fileList: dir.appendingPathComponent("design.f"),
                                          memoryList: dir.appendingPathComponent("memories.json"), yosys: yosys)
        XCTAssertEqual(o.logicUm2, r.logicUm2, accuracy: 1e-6)
    }
}
