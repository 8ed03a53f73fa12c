import Accelerator
import SnapeaTesting
import XCTest

/// Random raw tiles (every RTL rule, edge cases such as empty op lists) against the naive
/// reference model, on the small preset: outputs bit-exact, cycles equal.
final class RawTileCosimTests: XCTestCase {
    func check(_ config: AcceleratorConfig, kind: SimulatorKind, tiles: Int, seed: UInt64) throws {
        try Gate.requireTool(kind == .verilator ? "verilator" : "iverilog")
        var ts: [HardwareTile] = []
        for i in 0..<tiles {
            let s: UInt64 = seed &+ UInt64(i)
            let sign: Bool = i % 4 >= 2
            let th: Bool = i % 4 == 3
            ts.append(RandomTiles.make(config, seed: s, sign: sign, threshold: th))
        }
        let sim = try Simulator.build(config, kind: kind)
        let (res, _) = try sim.run(tiles: ts)
        let ref = ReferenceModel(config: config)
        for (i, t) in ts.enumerated() {
            let exp = ref.run(t)
            XCTAssertEqual(res.tiles[i].outputs, exp.outputs, "\(config.name) \(kind) tile \(i): outputs differ")
            XCTAssertEqual(res.tiles[i].cycles, exp.cycles, "\(config.name) \(kind) tile \(i): cycles differ")
        }
    }

    func testSmallVerilator() throws { try check(.small, kind: .verilator, tiles: 40, seed: 1) }
    func testSmallBaselineVerilator() throws { try check(.small.baseline, kind: .verilator, tiles: 20, seed: 100) }
    func testSmallIcarus() throws { try check(.small, kind: .icarus, tiles: 12, seed: 1) }
}
