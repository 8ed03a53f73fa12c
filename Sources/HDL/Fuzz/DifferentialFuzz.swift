import Foundation

/// Differential fuzzing of the IR simulator against Verilator: random designs (`RandomCase`),
/// batched into one `FuzzTop` per Verilator build, driven by the same random stimulus for
/// many cycles; every output of every case must agree bit for bit in every cycle.
public enum DifferentialFuzz {
    /// Outcome of a run.
    public struct Report: Sendable {
        /// Number of cases: random designs × stimulus episodes.
        public var cases = 0
        /// Number of distinct random designs.
        public var designs = 0
        /// Independent random stimulus episodes per design (each starts with a reset).
        public var episodes = 0
        /// Cycles per episode.
        public var cycles = 0
        /// Verilator builds performed or reused from the cache.
        public var builds = 0
        /// Total IR nodes over all case definitions.
        public var nodes = 0
        /// Output values compared (cases × outputs × cycles).
        public var comparisons = 0
        /// One text per mismatching case: seed, Verilog of the case, stimulus, expected and actual.
        public var failures: [String] = []
        /// Wall-clock seconds spent in elaboration, Verilator build (0 when cached), simulation.
        public var elaborateSeconds = 0.0
        public var verilatorSeconds = 0.0
        public var simulateSeconds = 0.0
    }

    /// Runs `batches` Verilator builds of `designsPerBatch` random designs each. Every design is
    /// driven by `episodes` random stimulus episodes of `cycles` cycles (reset held for the first
    /// cycle of each episode), so there are `batches × designsPerBatch × episodes` cases. Design
    /// seeds are `firstSeed ..< firstSeed + batches * designsPerBatch`; odd batches use async reset.
    public static func run(firstSeed: UInt64, batches: Int, designsPerBatch: Int, episodes: Int, cycles: Int,
                           nodes: Int = 14) throws -> Report {
        var report = Report()
        report.cycles = cycles
        report.episodes = episodes
        for b in 0..<batches {
            let seed = firstSeed + UInt64(b * designsPerBatch)
            try runBatch(firstSeed: seed, count: designsPerBatch, episodes: episodes, cycles: cycles, nodes: nodes,
                         asyncReset: b % 2 == 1, into: &report)
        }
        return report
    }

    /// The random stimulus: per cycle the reset bit and the four 130-bit inputs.
    struct Stimulus {
        var reset: [Bool]
        var inputs: [[BitVector]]

        init(seed: UInt64, episodes: Int, cycles: Int) {
            var rng = SplitMix64(seed: seed ^ 0x5EED_5EED)
            let total = episodes * cycles
            reset = (0..<total).map { c in c % cycles == 0 || rng.chance(0.03) }
            let cycles = total
            inputs = (0..<cycles).map { _ in (0..<4).map { _ in rng.bits(FuzzTop.stimulusWidth) } }
        }

        /// Text for the harness: cycle count, then per cycle `reset w0..w4` for each input (32-bit hex words).
        var text: String {
            var s = "\(reset.count)\n"
            let words = (FuzzTop.stimulusWidth + 31) / 32
            for c in 0..<reset.count {
                s += reset[c] ? "1" : "0"
                for v in inputs[c] {
                    for k in 0..<words {
                        let w64 = v.words[k / 2]
                        let w32 = k % 2 == 0 ? w64 & 0xFFFF_FFFF : w64 >> 32
                        s += " " + String(w32, radix: 16)
                    }
                }
                s += "\n"
            }
            return s
        }
    }

    static func runBatch(firstSeed: UInt64, count: Int, episodes: Int, cycles episodeCycles: Int, nodes: Int,
                         asyncReset: Bool, into report: inout Report) throws {
        let cycles = episodes * episodeCycles
        let t0 = Date()
        let design = try Elaborator.elaborate(FuzzTop(firstSeed: firstSeed, count: count, nodes: nodes, asyncReset: asyncReset))
        report.nodes += design.modules.dropLast().reduce(0) { $0 + $1.nodes.count }
        let top = design.top
        let outputs = top.outputs.map { top.nodes[Int($0)] }
        let stim = Stimulus(seed: firstSeed, episodes: episodes, cycles: episodeCycles)
        let t1 = Date()
        report.elaborateSeconds += t1.timeIntervalSince(t0)

        let runner = VerilatorRunner(design: design, harness: harness(design), cOptimization: "-O0")
        try runner.build()
        let t2 = Date()
        report.verilatorSeconds += t2.timeIntervalSince(t1)
        let stimFile = FileManager.default.temporaryDirectory
            .appendingPathComponent("snapea-fuzz-\(ProcessInfo.processInfo.processIdentifier)-\(firstSeed).txt")
        try Data(stim.text.utf8).write(to: stimFile)
        defer { try? FileManager.default.removeItem(at: stimFile) }
        let out = try runner.run([stimFile.path])
        let lines = out.split(separator: "\n", omittingEmptySubsequences: false)

        // IR simulation of the same stimulus.
        let sim = try Simulator(design)
        let inHandles = try (0..<4).map { try sim.port("in_\($0)") }
        let outHandles = try outputs.map { try sim.port($0.name) }
        var failedCases = Set<Int>()
        var firstFailure: [Int: (cycle: Int, output: String, expected: String, actual: String)] = [:]
        for c in 0..<cycles {
            sim.setReset(stim.reset[c])
            for k in 0..<4 { sim.set(inHandles[k], stim.inputs[c][k]) }
            let actual = c < lines.count ? lines[c].split(separator: " ") : []
            for (k, h) in outHandles.enumerated() {
                let expected = sim.get(h).hex
                report.comparisons += 1
                let got = k < actual.count ? String(actual[k]) : "<missing>"
                if got != expected {
                    let caseIndex = caseOf(outputs[k].name)
                    if failedCases.insert(caseIndex).inserted {
                        firstFailure[caseIndex] = (c, outputs[k].name, expected, got)
                    }
                }
            }
            sim.step()
        }
        report.cases += count * episodes
        report.designs += count
        report.builds += 1
        report.simulateSeconds += Date().timeIntervalSince(t2)
        for ci in failedCases.sorted().prefix(5) {
            let f = firstFailure[ci]!
            report.failures.append(reproduction(design: design, firstSeed: firstSeed, caseIndex: ci, stim: stim,
                                                upTo: f.cycle, output: f.output, expected: f.expected, actual: f.actual))
        }
        if failedCases.count > 5 { report.failures.append("... and \(failedCases.count - 5) more failing cases in batch \(firstSeed)") }
    }

    static func caseOf(_ outputName: String) -> Int {
        let parts = outputName.split(separator: "_")
        return parts.count >= 2 ? Int(parts[1]) ?? -1 : -1
    }

    /// Seed, the case's Verilog, its inputs per cycle up to the failure, expected and actual values.
    static func reproduction(design: Design, firstSeed: UInt64, caseIndex: Int, stim: Stimulus, upTo cycle: Int,
                             output: String, expected: String, actual: String) -> String {
        let top = design.top
        let inst = top.instances[caseIndex]
        let def = design.modules[inst.module]
        let async = def.resetKind == .async
        var s = "MISMATCH seed=\(firstSeed + UInt64(caseIndex)) (RandomCase(seed: \(firstSeed + UInt64(caseIndex)), asyncReset: \(async))) "
        s += "output \(output) cycle \(cycle): IR simulator \(expected), Verilator \(actual)\n"
        s += "--- Verilog of \(def.name) ---\n" + design.verilog[inst.module]
        s += "--- stimulus (cycle: reset, inputs of \(def.name)) ---\n"
        if let sim = try? Simulator(design) {
            let ins = def.inputs.map { def.nodes[Int($0)].name }
            let from = max(0, cycle - 40)
            if from > 0 { s += "(cycles 0..<\(from) omitted; the stimulus is reproducible from the seed)\n" }
            for c in 0...cycle {
                sim.setReset(stim.reset[c])
                for k in 0..<4 { try? sim.set("in_\(k)", stim.inputs[c][k]) }
                if c >= from {
                    let vals = ins.map { n in "\(n)=" + ((try? sim.peek("\(inst.name).\(n)").hex) ?? "?") }
                    s += "\(c): reset=\(stim.reset[c] ? 1 : 0) " + vals.joined(separator: " ") + "\n"
                }
                sim.step()
            }
        }
        return s
    }

    /// The C++ harness for a `FuzzTop` design: reads the stimulus file, prints every output
    /// (hex, one line per cycle) after settling the inputs of that cycle, then clocks.
    public static func harness(_ design: Design) -> String {
        let top = design.top
        let cls = "V\(top.name)"
        let words = (FuzzTop.stimulusWidth + 31) / 32
        var s = """
        #include "\(cls).h"
        #include "verilated.h"
        #include <cstdio>
        #include <cstdint>
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
        s += "    top->eval();\n    for (int c = 0; c < cycles; c++) {\n        unsigned r = 0, x = 0;\n        if (fscanf(f, \"%u\", &r) != 1) return 4;\n"
        if top.hasReset { s += "        top->reset = r;\n" }
        for k in 0..<4 {
            s += "        for (int i = 0; i < \(words); i++) { if (fscanf(f, \"%x\", &x) != 1) return 5; top->in_\(k)[i] = x; }\n"
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
}
