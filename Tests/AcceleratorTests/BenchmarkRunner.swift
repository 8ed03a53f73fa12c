import Accelerator
import Foundation
import Golden
import Workloads
import XCTest

/// Prints the benchmark figures (not a test: skipped unless SNAPEA_BENCH=1).
/// `SNAPEA_BENCH=1 [SNAPEA_BENCH_CONFIG=default256] swift test -c release --filter BenchmarkRunner`
final class BenchmarkRunner: XCTestCase {
    func testPrintBenchmarks() throws {
        let env = ProcessInfo.processInfo.environment
        guard env["SNAPEA_BENCH"] == "1" else { throw XCTSkip("benchmarks run only with SNAPEA_BENCH=1") }
        print("BENCH \(try AcceleratorBenchmarks.elaboration(.default256))")
        print("BENCH \(try AcceleratorBenchmarks.elaboration(.small))")
        let config = env["SNAPEA_BENCH_CONFIG"].flatMap { AcceleratorConfig.preset(named: $0) } ?? .small
        let (layer, input) = try SyntheticLayer.make()
        let run = try LayerExecutor.run(layer, input: input, compiler: Compiler(mode: .exact), trackPredictionErrors: false)
        print("BENCH synthetic layer: \(run.stops.filter { $0 == .sign }.count) of \(run.stops.count) outputs stopped by the sign check")
        let synth = try AcceleratorBenchmarks.tiles(layer, input: input, config: config, maxTiles: 1)
        print("BENCH \(try AcceleratorBenchmarks.simulatorSpeed(config, tiles: synth[.exact]!))")
        print("BENCH \(try AcceleratorBenchmarks.layerFigures(config, source: "synthetic 3x3 16->32 16x16", tilesByMode: synth))")
        guard let wl = try? SqueezeNetWorkload.load() else {
            print("BENCH SqueezeNet data absent: no real-layer figures")
            return
        }
        let image = wl.images.first { $0.name == "chelsea" }!.image
        let inputs = wl.layerInputs(try wl.run(try wl.quantizedInput(image), mode: .exact))
        let convolutions = wl.convolutions
        for name in (env["SNAPEA_BENCH_LAYERS"] ?? "fire2/conv3x3_2,fire5/conv1x1_1").split(separator: ",").map(String.init) {
            guard let i = convolutions.firstIndex(where: { $0.spec.name == name }) else { continue }
            let tiles = try AcceleratorBenchmarks.tiles(convolutions[i], input: inputs[i], config: config, maxTiles: 1)
            print("BENCH \(try AcceleratorBenchmarks.layerFigures(config, source: "SqueezeNet \(name) (chelsea)", tilesByMode: tiles))")
        }
    }
}
