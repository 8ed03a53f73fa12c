import Accelerator
import Foundation
import Golden
import Workloads
import SnapeaTesting
import XCTest

/// Tiles of a real SqueezeNet layer (fire2/conv3x3_2, the expand 3x3 of fire2, on chelsea.ppm, 16-bit, quantised by the
/// Workloads loader from ../shared/data) on the small preset in dense, zeroSkip and exact mode:
/// bit-exact, cycle-exact; exact needs fewer cycles than dense. Skipped (with a message) when the
/// data is absent, except under CI (`Gate`), where it fails.
final class SqueezeNetTileTests: XCTestCase {
    func testFire2Expand3x3Tiles() throws {
        try Gate.requireTool("verilator")
        let workload: SqueezeNetWorkload
        do {
            workload = try SqueezeNetWorkload.load()
        } catch let e as MissingDataFile {
            throw Gate.unavailable(.data, "SqueezeNet data absent, SqueezeNet tile co-simulation not run: \(e)")
        }
        let name = "fire2/conv3x3_2"
        let convolutions = workload.convolutions
        let found = convolutions.firstIndex { $0.spec.name == name }
        let index = try XCTUnwrap(found, "no layer \(name) in \(convolutions.map(\.spec.name))")
        let image = try XCTUnwrap(workload.images.first { $0.name == "chelsea" }?.image)
        let run = try workload.run(try workload.quantizedInput(image), mode: .exact)
        let inputs = workload.layerInputs(run)
        XCTAssertEqual(inputs.count, convolutions.count)
        let byMode = try AcceleratorBenchmarks.tiles(convolutions[index], input: inputs[index], config: .small, maxTiles: 2)
        let f = try AcceleratorBenchmarks.layerFigures(.small, source: "SqueezeNet \(name) (chelsea)", tilesByMode: byMode)
        print("SqueezeNetTileTests: \(f)")
        XCTAssertTrue(f.allPassed, "\(f)")
        XCTAssertEqual(f.tiles, 2)
        XCTAssertLessThan(try XCTUnwrap(f.cycles[.exact]), try XCTUnwrap(f.cycles[.dense]))
    }
}
