import SnapeaTesting
import XCTest
import HDL

/// The emitted Verilog of the Counter example simulated by Icarus agrees with the IR simulator.
final class IcarusTests: XCTestCase {
    func testCounterUnderIcarusMatchesIRSimulator() throws {
        try Gate.requireTool("iverilog")
        try Gate.requireTool("vvp")
        let design = try Elaborator.elaborate(Counter(width: 4))
        let top = design.top.name
        // Stimulus: enable pattern and a clear in cycle 20.
        let cycles = 40
        let enable = (0..<cycles).map { ($0 * 7 + 3) % 5 != 0 ? 1 : 0 }
        let clear = (0..<cycles).map { $0 == 20 ? 1 : 0 }
        var tb = """
        `timescale 1ns/1ns
        module tb;
          reg clk = 0, reset = 1, enable = 0, clear = 0;
          wire [3:0] count;
          wire wrap;
          \(top) dut(.clk(clk), .reset(reset), .enable(enable), .clear(clear), .wrap(wrap), .count(count));
          initial begin
            #1 clk = 1; #1 clk = 0; reset = 0;

        """
        for c in 0..<cycles {
            tb += "    enable = \(enable[c]); clear = \(clear[c]); #1 $display(\"%0d %0d\", count, wrap); clk = 1; #1 clk = 0;\n"
        }
        tb += "    $finish;\n  end\nendmodule\n"
        var files = design.verilogFiles
        files["tb.v"] = tb
        let out = try IcarusRunner(verilog: files, top: "tb").run()
        let lines = out.split(separator: "\n").filter { !$0.contains("$finish") && !$0.isEmpty }

        let sim = try Simulator(design)
        sim.reset()
        var expected: [String] = []
        for c in 0..<cycles {
            try sim.set("enable", enable[c])
            try sim.set("clear", clear[c])
            expected.append("\(try sim.getInt("count")!) \(try sim.getInt("wrap")!)")
            sim.step()
        }
        XCTAssertEqual(lines.map(String.init), expected)
    }
}
