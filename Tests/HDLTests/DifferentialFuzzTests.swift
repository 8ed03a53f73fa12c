import SnapeaTesting
import XCTest
import HDL

/// The IR simulator against Verilator on random designs and random stimulus, bit for bit.
final class DifferentialFuzzTests: XCTestCase {
    /// 2 Verilator builds (sync and async reset) × 125 random designs × 40 random stimulus
    /// episodes of 12 cycles = 10,000 cases; every output of every design in every cycle is compared.
    func testIRSimulatorMatchesVerilator() throws {
        try Gate.requireTool("verilator")
        let start = Date()
        let r = try DifferentialFuzz.run(firstSeed: 1000, batches: 2, designsPerBatch: 125, episodes: 40, cycles: 12)
        let seconds = Date().timeIntervalSince(start)
        print(String(format: "differential fuzz: %d cases (%d designs x %d episodes x %d cycles), %d IR nodes, %d comparisons, %d failures; %.1f s (elaborate %.1f, verilator %.1f, simulate %.1f)",
                     r.cases, r.designs, r.episodes, r.cycles, r.nodes, r.comparisons, r.failures.count, seconds,
                     r.elaborateSeconds, r.verilatorSeconds, r.simulateSeconds))
        XCTAssertGreaterThanOrEqual(r.cases, 10_000)
        XCTAssertGreaterThan(r.comparisons, 100_000)
        for f in r.failures { XCTFail(f) }
    }

    /// The random designs are lint-clean too (a broad test of the emitter).
    func testRandomDesignsAreLintClean() throws {
        try Gate.requireTool("verilator")
        for async in [false, true] {
            let d = try Elaborator.elaborate(FuzzTop(firstSeed: async ? 5000 : 7000, count: 150, asyncReset: async))
            XCTAssertEqual(try Lint.verilator(d), "")
        }
    }

    /// Determinism: the same seed gives byte-identical Verilog.
    func testRandomDesignsAreDeterministic() throws {
        let a = try Elaborator.elaborate(FuzzTop(firstSeed: 3, count: 20))
        let b = try Elaborator.elaborate(FuzzTop(firstSeed: 3, count: 20))
        XCTAssertEqual(a.verilogFiles, b.verilogFiles)
        let c = try Elaborator.elaborate(FuzzTop(firstSeed: 4, count: 20))
        XCTAssertNotEqual(a.verilog.last, c.verilog.last)
    }
}

/// Prints the emit benchmark figure (no timing assertion).
final class BenchmarkTests: XCTestCase {
    func testBenchmarkElaboratesAtLeast100kNodes() throws {
        let r = try HDLBenchmark.run(nodes: 100_000)
        print(r)
        XCTAssertGreaterThanOrEqual(r.nodes, 100_000)
        XCTAssertGreaterThan(r.verilogBytes, r.nodes * 10)
    }
}

/// The fuzz harness detects and reports a mismatch (a deliberately flipped expected bit).
final class FuzzSelfTests: XCTestCase {
    func testInjectedFaultIsReportedWithSeedVerilogAndStimulus() throws {
        try Gate.requireTool("verilator")
        // Same batch as the main fuzz test's first build, so the cached simulator is reused.
        let r = try DifferentialFuzz.run(firstSeed: 1000, batches: 1, designsPerBatch: 125, episodes: 40, cycles: 12,
                                         injectFault: 7)
        XCTAssertEqual(r.failures.count, 1)
        let text = r.failures.first ?? ""
        XCTAssertTrue(text.contains("MISMATCH seed=1007 (RandomCase(seed: 1007, asyncReset: false))"), text)
        XCTAssertTrue(text.contains("cycle 5:"), text)
        XCTAssertTrue(text.contains("module RandomCase_S1007 ("), "the case's Verilog is printed")
        XCTAssertTrue(text.contains("5: reset="), "the stimulus up to the failing cycle is printed")
    }
}
