import Accelerator
import Foundation
import Golden
import SnapeaTesting
import Workloads
import XCTest

/// Prints the benchmark figures (opt-in: `SNAPEA_BENCH=1`), and checks what they are made of: the
/// emitted file count, both simulators bit- and cycle-exact, and every mode's RTL cycles equal to
/// the golden CycleModel summed over the same tiles.
/// `SNAPEA_BENCH=1 [SNAPEA_BENCH_CONFIG=default256] swift test -c release --filter BenchmarkRunner`
final class BenchmarkRunner: XCTestCase {
    func testPrintBenchmarks() throws {
        try Gate.optIn("SNAPEA_BENCH", "1 to run the benchmarks")
        try Gate.requireTool("verilator")
        try Gate.requireTool("iverilog")
        let env = ProcessInfo.processInfo.environment
        for c in [AcceleratorConfig.default256, .small] {
            let e = try AcceleratorBenchmarks.elaboration(c)
            print("BENCH \(e)")
            let files = try Generator.emit(c)
            XCTAssertEqual(e.files, files.count)
            XCTAssertEqual(e.verilogBytes, files.reduce(0) { $0 + $1.text.utf8.count })
        }
        let config = env["SNAPEA_BENCH_CONFIG"].flatMap { AcceleratorConfig.preset(named: $0) } ?? .small
        let (layer, input) = try SyntheticLayer.make()
        let run = try LayerExecutor.run(layer, input: input, compiler: Compiler(mode: .exact), trackPredictionErrors: false)
        print("BENCH synthetic layer: \(run.stops.filter { $0 == .sign }.count) of \(run.stops.count) outputs stopped by the sign check")
        let synth = try AcceleratorBenchmarks.tiles(layer, input: input, config: config, maxTiles: 1)
        let speed = try AcceleratorBenchmarks.simulatorSpeed(config, tiles: try XCTUnwrap(synth[.exact]))
        print("BENCH \(speed)")
        XCTAssertTrue(speed.bothPassed, "Verilator and Icarus bit- and cycle-exact on the timed tile")
        try checkFigures(config, source: "synthetic 3x3 16->32 16x16", synth)
        let wl: SqueezeNetWorkload
        do {
            wl = try SqueezeNetWorkload.load()
        } catch let e as MissingDataFile {
            throw Gate.unavailable(.data, "SqueezeNet data absent, no real-layer figures: \(e)")
        }
        let image = try XCTUnwrap(wl.images.first { $0.name == "chelsea" }).image
        let inputs = wl.layerInputs(try wl.run(try wl.quantizedInput(image), mode: .exact))
        let convolutions = wl.convolutions
        for name in (env["SNAPEA_BENCH_LAYERS"] ?? "fire2/conv3x3_2,fire5/conv1x1_1").split(separator: ",").map(String.init) {
            let i = try XCTUnwrap(convolutions.firstIndex { $0.spec.name == name }, "no layer \(name)")
            let tiles = try AcceleratorBenchmarks.tiles(convolutions[i], input: inputs[i], config: config, maxTiles: 1)
            try checkFigures(config, source: "SqueezeNet \(name) (chelsea)", tiles)
        }
    }

    /// Prints the figures of `tiles` and checks them against the golden cycle model.
    func checkFigures(_ config: AcceleratorConfig, source: String, _ tiles: [Mode: [TileProgram]]) throws {
        let f = try AcceleratorBenchmarks.layerFigures(config, source: source, tilesByMode: tiles)
        print("BENCH \(f)")
        XCTAssertTrue(f.allPassed, "\(source): bit- and cycle-exact")
        for (mode, ts) in tiles where !ts.isEmpty {
            XCTAssertEqual(f.cycles[mode], ts.reduce(0) { $0 + config.cycleModel.run($1).timing.cycles }, "\(source) \(mode)")
        }
    }
}
