import Accelerator
import Foundation
import Golden
import SnapeaTesting
import XCTest

/// A tile of a real-statistics layer on the small preset in dense, zeroSkip and exact mode:
/// bit-exact, cycle-exact, and exact mode needs fewer cycles than dense.
/// Source: `SyntheticLayer` (deterministic, SqueezeNet-like sparsity and sign statistics);
/// SqueezeNet tiles are co-simulated by the CLI benchmark when ../shared/data is present.
final class RealLayerTileTests: XCTestCase {
    func testSyntheticRealisticTileAllModes() throws {
        try Gate.requireTool("verilator")
        let (layer, input) = try SyntheticLayer.make(inC: 8, outC: 8, height: 12, width: 12)
        let byMode = try AcceleratorBenchmarks.tiles(layer, input: input, config: .small, maxTiles: 3)
        let f = try AcceleratorBenchmarks.layerFigures(.small, source: "synthetic 3x3 8->8", tilesByMode: byMode)
        print("RealLayerTileTests: \(f)")
        XCTAssertTrue(f.allPassed, "\(f)")
        let dense = try XCTUnwrap(f.cycles[.dense]), exact = try XCTUnwrap(f.cycles[.exact])
        XCTAssertLessThan(exact, dense, "exact mode must save cycles on a layer with negative outputs")
        // Dense work is perfectly regular: every output has L = 72 ops.
        XCTAssertGreaterThan(try XCTUnwrap(f.efficiency[.dense]), 0.9)
    }
}
