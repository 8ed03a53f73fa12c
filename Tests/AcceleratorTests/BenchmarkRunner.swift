import Accelerator
import Foundation
import Golden
import XCTest

/// Prints the benchmark figures (not a test: skipped unless SNAPEA_BENCH=1).
/// `SNAPEA_BENCH=1 swift test -c release --filter BenchmarkRunner`
final class BenchmarkRunner: XCTestCase {
    func testPrintBenchmarks() throws {
        guard ProcessInfo.processInfo.environment["SNAPEA_BENCH"] == "1" else {
            throw XCTSkip("benchmarks run only with SNAPEA_BENCH=1")
        }
        print("BENCH \(try AcceleratorBenchmarks.elaboration(.default256))")
        print("BENCH \(try AcceleratorBenchmarks.elaboration(.small))")
        let (layer, input) = try SyntheticLayer.make()
        let run = try LayerExecutor.run(layer, input: input, compiler: Compiler(mode: .exact), trackPredictionErrors: false)
        let neg = run.stops.filter { $0 == .sign }.count
        print("BENCH synthetic layer: \(neg) of \(run.stops.count) outputs stopped by the sign check")
        let config = ProcessInfo.processInfo.environment["SNAPEA_BENCH_CONFIG"].flatMap { AcceleratorConfig.preset(named: $0) } ?? .small
        let byMode = try AcceleratorBenchmarks.tiles(layer, input: input, config: config, maxTiles: 2)
        print("BENCH \(try AcceleratorBenchmarks.simulatorSpeed(config, tiles: byMode[.exact]!))")
        print("BENCH \(try AcceleratorBenchmarks.layerFigures(config, source: "synthetic 3x3 16->32 16x16", tilesByMode: byMode))")
    }
}
