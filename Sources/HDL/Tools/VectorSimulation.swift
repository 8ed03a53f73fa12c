import Foundation

/// Cycle-by-cycle simulation of a design's top module from input vectors, in the IR simulator,
/// Verilator and Icarus, all with one result format so they can be compared with each other and
/// with a reference model: per cycle, every output (in `top.outputs` order) as full-width hex
/// (`BitVector.hex`; Icarus prints `x` digits for unknown bits), sampled after that cycle's inputs
/// are applied and before its rising clock edge.
public struct VectorSimulation: Sendable {
    /// The design; its top module is driven.
    public let design: Design
    /// Per cycle one value per top-level input, in `top.inputs` order (widths must match).
    public let inputs: [[BitVector]]
    /// Per cycle the `reset` input (all 0 when empty; ignored when the top has no reset).
    public let reset: [Bool]

    public init(design: Design, inputs: [[BitVector]], reset: [Bool] = []) {
        self.design = design
        self.inputs = inputs
        self.reset = reset
    }

    var top: IRModule { design.top }
    func resetAt(_ c: Int) -> Bool { c < reset.count && reset[c] }

    /// Runs the IR simulator (`Simulator`).
    public func runIR() throws -> [[String]] {
        let sim = try Simulator(design)
        let ins = try top.inputs.map { try sim.port(top.nodes[Int($0)].name) }
        let outs = try top.outputs.map { try sim.port(top.nodes[Int($0)].name) }
        var lines: [[String]] = []
        lines.reserveCapacity(inputs.count)
        for (c, vector) in inputs.enumerated() {
            sim.setReset(resetAt(c))
            for (h, v) in zip(ins, vector) { sim.set(h, v) }
            lines.append(outs.map { sim.get($0).hex })
            sim.step()
        }
        return lines
    }

    /// Builds (cached) and runs a Verilator model with `verilatorHarness`.
    public func runVerilator() throws -> [[String]] {
        let runner = VerilatorRunner(design: design, harness: verilatorHarness, cOptimization: "-O0")
        let file = FileManager.default.temporaryDirectory
            .appendingPathComponent("snapea-vectors-\(ProcessInfo.processInfo.processIdentifier)-\(UInt64.random(in: 0...UInt64.max)).txt")
        try Data(stimulusText.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        return Self.parse(try runner.run([file.path]))
    }

    /// Compiles (cached) and runs `icarusTestbench` with Icarus.
    public func runIcarus() throws -> [[String]] {
        var files = design.verilogFiles
        files["vector_tb.v"] = icarusTestbench
        return Self.parse(try IcarusRunner(verilog: files, top: "vector_tb").run())
    }

    static func parse(_ out: String) -> [[String]] {
        out.split(separator: "\n").filter { !$0.contains("$finish") }.map { $0.split(separator: " ").map(String.init) }
    }

    /// The stimulus file read by `verilatorHarness`: the cycle count, then per cycle the reset bit
    /// and every input as `ceil(width / 32)` 32-bit hex words, least significant first.
    public var stimulusText: String {
        var s = "\(inputs.count)\n"
        for (c, vector) in inputs.enumerated() {
            s += resetAt(c) ? "1" : "0"
            for v in vector {
                for k in 0..<(v.width + 31) / 32 {
                    let w64 = v.words[k / 2]
                    s += " " + String(k % 2 == 0 ? w64 & 0xFFFF_FFFF : w64 >> 32, radix: 16)
                }
            }
            s += "\n"
        }
        return s
    }

    /// C++ that prints a Verilator value of `w` bits as `(w + 3) / 4` hex digits (`ph(value, w)`).
    static let cppHexPrinter = """
        static char buf[64];
        static void ph(uint64_t v, int w) {
            static const char* d = "0123456789abcdef";
            int n = (w + 3) / 4;
            for (int i = n - 1; i >= 0; i--) buf[n - 1 - i] = d[(v >> (4 * i)) & 15];
            buf[n] = 0;
            fputs(buf, stdout);
        }
        template <std::size_t N> static void ph(const VlWide<N>& v, int w) {
            static const char* d = "0123456789abcdef";
            int n = (w + 3) / 4;
            for (int i = n - 1; i >= 0; i--) {
                int bit = 4 * i;
                putchar(d[(v[bit / 32] >> (bit % 32)) & 15]);
            }
        }
        """

    /// The C++ harness: reads `stimulusText` (path in `argv[1]`); per cycle sets reset and the
    /// inputs, evaluates, prints the outputs (one line) and applies a rising clock edge.
    public var verilatorHarness: String {
        let cls = "V\(top.name)"
        var s = """
        #include "\(cls).h"
        #include "verilated.h"
        #include <cstdio>
        #include <cstdint>
        \(Self.cppHexPrinter)
        int main(int argc, char** argv) {
            VerilatedContext* ctx = new VerilatedContext;
            \(cls)* top = new \(cls){ctx};
            FILE* f = fopen(argv[1], "r");
            if (!f) return 2;
            int cycles = 0;
            if (fscanf(f, "%d", &cycles) != 1) return 3;

        """
        if top.hasClock { s += "    top->clk = 0;\n" }
        if top.hasReset { s += "    top->reset = 0;\n" }
        let twoWords = top.inputs.contains { (33...64).contains(top.nodes[Int($0)].type.width) }
        s += "    top->eval();\n    for (int c = 0; c < cycles; c++) {\n        unsigned r = 0, x = 0\(twoWords ? ", y = 0" : "");\n"
        s += "        if (fscanf(f, \"%u\", &r) != 1) return 4;\n"
        if top.hasReset { s += "        top->reset = r;\n" }
        for pid in top.inputs {
            let n = top.nodes[Int(pid)]
            let words = (n.type.width + 31) / 32
            if n.type.width <= 32 {
                s += "        if (fscanf(f, \"%x\", &x) != 1) return 5; top->\(n.name) = x;\n"
            } else if n.type.width <= 64 {
                s += "        if (fscanf(f, \"%x %x\", &x, &y) != 2) return 5; top->\(n.name) = (uint64_t)y << 32 | x;\n"
            } else {
                s += "        for (int i = 0; i < \(words); i++) { if (fscanf(f, \"%x\", &x) != 1) return 5; top->\(n.name)[i] = x; }\n"
            }
        }
        s += "        top->eval();\n"
        for (i, pid) in top.outputs.enumerated() {
            let n = top.nodes[Int(pid)]
            s += "        \(i == 0 ? "" : "putchar(' '); ")ph(top->\(n.name), \(n.type.width));\n"
        }
        s += "        putchar('\\n');\n"
        if top.hasClock { s += "        top->clk = 1; top->eval(); top->clk = 0; top->eval();\n" }
        s += "    }\n    fclose(f);\n    top->final();\n    delete top;\n    delete ctx;\n    return 0;\n}\n"
        return s
    }

    /// An Icarus testbench `vector_tb` with the vectors inline: per cycle it sets reset and the
    /// inputs, waits 1 ns, prints the outputs with `%h` and pulses `clk`.
    public var icarusTestbench: String {
        func decl(_ kind: String, _ t: HWType, _ name: String) -> String {
            "  \(kind) \(t.width == 1 ? "" : "[\(t.width - 1):0] ")\(name)"
        }
        var s = "`timescale 1ns/1ns\nmodule vector_tb;\n  reg clk = 0;\n  reg reset = 0;\n"
        var conns: [String] = []
        if top.hasClock { conns.append(".clk(clk)") }
        if top.hasReset { conns.append(".reset(reset)") }
        for pid in top.ports {
            let n = top.nodes[Int(pid)]
            s += n.op == .input ? decl("reg", n.type, n.name) + " = 0;\n" : decl("wire", n.type, n.name) + ";\n"
            conns.append(".\(n.name)(\(n.name))")
        }
        s += "  \(top.name) dut(\(conns.joined(separator: ", ")));\n  initial begin\n"
        let outs = top.outputs.map { top.nodes[Int($0)].name }
        let show = outs.isEmpty ? "$display(\"\");" : "$display(\"\(outs.map { _ in "%h" }.joined(separator: " "))\", \(outs.joined(separator: ", ")));"
        let names = top.inputs.map { top.nodes[Int($0)].name }
        for (c, vector) in inputs.enumerated() {
            var line = "    reset = \(resetAt(c) ? 1 : 0);"
            for (name, v) in zip(names, vector) { line += " \(name) = \(VerilogEmitter.literalText(v, signed: false));" }
            s += line + " #1 \(show) clk = 1; #1 clk = 0;\n"
        }
        s += "    $finish;\n  end\nendmodule\n"
        return s
    }
}
