import Accelerator
import Golden
import SnapeaTesting
import XCTest

/// The same golden tiles under Icarus and Verilator: identical outputs and cycles, both equal
/// to the golden model.
final class SimulatorAgreementTests: XCTestCase {
    func testIcarusAgreesWithVerilatorOnSmall() throws {
        try Gate.requireTool("verilator")
        try Gate.requireTool("iverilog")
        var tiles: [TileProgram] = []
        for (i, mode) in Mode.allCases.enumerated() {
            tiles += try GoldenLayers.tiles(try GoldenLayers.layer(seed: 77 + UInt64(i), mode: mode), .small)
        }
        let v = try Cosim(config: .small, simulator: .verilator).run(tiles)
        let i = try Cosim(config: .small, simulator: .icarus).run(tiles)
        XCTAssertEqual(v.rtlOutputs, i.rtlOutputs, "Icarus and Verilator outputs differ")
        XCTAssertEqual(v.rtlCycles, i.rtlCycles, "Icarus and Verilator cycles differ")
        XCTAssertEqual(v.edges, i.edges, "Icarus and Verilator clock edges differ")
        XCTAssertTrue(v.passed, "\(v)")
        XCTAssertTrue(i.passed, "\(i)")
    }

    func testTraceWritesAVCD() throws {
        try Gate.requireTool("verilator")
        let tiles = try GoldenLayers.tiles(try GoldenLayers.layer(seed: 5, mode: .exact), .small)
        let dir = try makeTempDir("vcd")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try Cosim(config: .small, simulator: .verilator, trace: true).run(Array(tiles.prefix(1)), tracePath: "\(dir)/w.vcd")
        XCTAssertTrue(r.passed, "\(r)")
        let vcd = try String(contentsOfFile: "\(dir)/w.vcd", encoding: .utf8)
        XCTAssertTrue(vcd.contains("$enddefinitions"))
        XCTAssertTrue(vcd.contains("done"), "VCD names the done signal")
    }

    func testMismatchIsReportedClearly() throws {
        try Gate.requireTool("verilator")
        let tiles = try GoldenLayers.tiles(try GoldenLayers.layer(seed: 9, mode: .exact), .small)
        let cosim = try Cosim(config: .small, simulator: .verilator)
        let (res, _) = try cosim.simulator.run(tiles: tiles.map { HardwareTile($0) })
        XCTAssertTrue(cosim.compare(tiles, with: res).passed)
        var bad = res
        let q = bad.tiles[0].outputs[1].count - 1
        let golden = bad.tiles[0].outputs[1][q]
        bad.tiles[0].outputs[1][q] = golden &+ 1
        let r1 = cosim.compare(tiles, with: bad)
        XCTAssertFalse(r1.passed)
        let m1 = try XCTUnwrap(r1.firstMismatch)
        XCTAssertTrue(m1.contains("tile 0") && m1.contains("PE 1 output address \(q)") && m1.contains("RTL \(golden &+ 1), golden \(golden)"), m1)
        var slow = res
        slow.tiles[tiles.count - 1].cycles += 1
        let r2 = cosim.compare(tiles, with: slow)
        let m2 = try XCTUnwrap(r2.firstMismatch)
        XCTAssertTrue(m2.contains("tile \(tiles.count - 1)") && m2.contains("cycles"), m2)
    }

    /// Ping-pong: writing the next tile's input into the idle bank while a tile computes changes
    /// neither outputs nor cycles (it only saves load edges); both simulators agree.
    func testOverlappedInputLoadsChangeNothingButEdges() throws {
        try Gate.requireTool("verilator")
        try Gate.requireTool("iverilog")
        var tiles: [HardwareTile] = []
        for (i, mode) in [Mode.exact, .dense, .predictive, .zeroSkip].enumerated() {
            tiles += try GoldenLayers.tiles(try GoldenLayers.layer(seed: 300 + UInt64(i), mode: mode), .small).map { HardwareTile($0) }
        }
        XCTAssertGreaterThanOrEqual(tiles.count, 4)
        for kind in SimulatorKind.allCases {
            let sim = try Simulator.build(.small, kind: kind)
            let overlapped = try StimulusWriter(config: .small, overlapInputLoads: true).stimulus(for: tiles)
            let serial = try StimulusWriter(config: .small, overlapInputLoads: false).stimulus(for: tiles)
            XCTAssertTrue(overlapped.contains("while tile 0 computes"))
            let a = try SimulationResult.parse(try sim.run(stimulus: overlapped).output, tiles: tiles, config: .small)
            let b = try SimulationResult.parse(try sim.run(stimulus: serial).output, tiles: tiles, config: .small)
            XCTAssertEqual(a.tiles, b.tiles, "\(kind): overlapped loads changed outputs or cycles")
            XCTAssertLessThan(a.edges, b.edges, "\(kind): overlapping must save load edges")
            let ref = ReferenceModel(config: .small)
            for (t, tile) in tiles.enumerated() {
                let e = ref.run(tile)
                XCTAssertEqual(a.tiles[t].outputs, e.outputs, "\(kind) tile \(t)")
                XCTAssertEqual(a.tiles[t].cycles, e.cycles, "\(kind) tile \(t)")
            }
        }
    }

    func testHarnessRejectsBadStimulus() throws {
        try Gate.requireTool("verilator")
        let sim = try Simulator.build(.small, kind: .verilator)
        XCTAssertThrowsError(try sim.run(stimulus: "P\nR 0 1\nE\n")) { e in
            XCTAssertTrue("\(e)".contains("read while computing"), "\(e)")
        }
        XCTAssertThrowsError(try sim.run(stimulus: "X 1 2\n")) { e in
            XCTAssertTrue("\(e)".contains("line 1") && "\(e)".contains("unknown command"), "\(e)")
        }
        XCTAssertThrowsError(try sim.run(stimulus: "W 2 0\n")) { e in
            XCTAssertTrue("\(e)".contains("malformed write"), "\(e)")
        }
    }
}
