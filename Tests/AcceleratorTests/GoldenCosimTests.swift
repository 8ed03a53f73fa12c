import Accelerator
import Golden
import XCTest

/// Random small layers compiled by the golden compiler, tiled by the golden tiler and run on
/// the small preset: every output bit-exact, every tile's cycles equal to the CycleModel, and
/// the stitched RTL layer output equal to the golden LayerExecutor's.
final class GoldenCosimTests: XCTestCase {
    func runLayers(_ config: AcceleratorConfig, kind: SimulatorKind, layersPerMode: Int, seed: UInt64) throws -> CosimReport {
        try requireTool(kind == .verilator ? "verilator" : "iverilog")
        var cases: [GoldenLayers.Case] = []
        var tiles: [TileProgram] = []
        var owner: [Int] = []
        var s = seed
        for mode in Mode.allCases {
            for _ in 0..<layersPerMode {
                s &+= 1
                let c = try GoldenLayers.layer(seed: s, width: config.dataWidth, mode: mode)
                let ts = try GoldenLayers.tiles(c, config)
                tiles += ts
                owner += [Int](repeating: cases.count, count: ts.count)
                cases.append(c)
            }
        }
        let report = try Cosim(config: config, simulator: kind).run(tiles)
        XCTAssertTrue(report.passed, "\(report)\n" + report.mismatches.prefix(5).joined(separator: "\n"))
        XCTAssertEqual(report.rtlCycles, report.modelCycles)
        XCTAssertEqual(report.tiles, tiles.count)

        // Stitch the RTL tiles back into layer outputs; compare with the golden layer executor.
        for (ci, c) in cases.enumerated() {
            var comp = c.compiler
            if !config.withPAU { comp.mode = c.compiler.mode == .dense ? .dense : .zeroSkip }
            let golden = try LayerExecutor.run(c.layer, input: c.input, compiler: comp, trackPredictionErrors: false)
            var stitched = [Int32](repeating: -1, count: golden.output.data.count)
            let hout = golden.output.height, wout = golden.output.width
            for (t, tile) in tiles.enumerated() where owner[t] == ci {
                let n = tile.hout * tile.wout
                for (o, v) in report.rtlOutputs[t].enumerated() {
                    let k = tile.firstKernel + o / n, oy = tile.firstRow + (o % n) / tile.wout, ox = o % tile.wout
                    stitched[(k * hout + oy) * wout + ox] = v
                }
            }
            XCTAssertEqual(stitched, golden.output.data, "layer \(c.layer.spec) \(c.compiler.mode): stitched RTL output differs")
        }
        return report
    }

    func testSmallAllModesVerilator() throws {
        let r = try runLayers(.small, kind: .verilator, layersPerMode: 6, seed: 1000)
        XCTAssertGreaterThanOrEqual(r.tiles, 24)
        print("GoldenCosimTests small/verilator: \(r)")
    }

    func testSmallBaselineVerilator() throws {
        let r = try runLayers(.small.baseline, kind: .verilator, layersPerMode: 2, seed: 2000)
        print("GoldenCosimTests small-baseline/verilator: \(r)")
    }
}
