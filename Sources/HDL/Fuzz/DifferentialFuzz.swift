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
    /// `injectFault`: flips bit 0 of the expected value of design `injectFault` (first batch) in
    /// cycle 5, to check that a mismatch is detected and reported (self-test of the harness).
    public static func run(firstSeed: UInt64, batches: Int, designsPerBatch: Int, episodes: Int, cycles: Int,
                           nodes: Int = 14, injectFault: Int? = nil) throws -> Report {
        var report = Report()
        report.cycles = cycles
        report.episodes = episodes
        for b in 0..<batches {
            let seed = firstSeed + UInt64(b * designsPerBatch)
            try runBatch(firstSeed: seed, count: designsPerBatch, episodes: episodes, cycles: cycles, nodes: nodes,
                         asyncReset: b % 2 == 1, injectFault: b == 0 ? injectFault : nil, into: &report)
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

        /// Text for the harness (`VectorSimulation.stimulusText`): cycle count, then per cycle
        /// `reset w0..w4` for each input (32-bit hex words).
        func text(_ design: Design) -> String {
            VectorSimulation(design: design, inputs: inputs, reset: reset).stimulusText
        }
    }

    static func runBatch(firstSeed: UInt64, count: Int, episodes: Int, cycles episodeCycles: Int, nodes: Int,
                         asyncReset: Bool, injectFault: Int? = nil, into report: inout Report) throws {
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
        try Data(stim.text(design).utf8).write(to: stimFile)
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
                var value = sim.get(h)
                if let f = injectFault, c == 5, caseOf(outputs[k].name) == f { value.setBit(0, !value.bit(0)) }
                let expected = value.hex
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

    /// The C++ harness for a `FuzzTop` design (`VectorSimulation.verilatorHarness`): reads the
    /// stimulus file, prints every output (hex, one line per cycle) after settling the inputs of
    /// that cycle, then clocks.
    public static func harness(_ design: Design) -> String {
        VectorSimulation(design: design, inputs: []).verilatorHarness
    }
}
