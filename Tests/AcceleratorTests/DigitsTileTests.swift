import Accelerator
import Golden
import Workloads
import SnapeaTesting
import XCTest

/// Whole layers of the embedded digits CNN (conv1 on the pixels, conv2 on conv1's ReLU output)
/// for four samples tiled as one batch (conv1's small maps share tiles two images at a time on the
/// small preset; conv2 runs image by image), in all four modes (predictive with per-kernel (Th, N)
/// derived from the layer's bias): every tile bit- and cycle-exact, and the stitched RTL outputs
/// equal to the golden layer executor run on each sample alone.
final class DigitsTileTests: XCTestCase {
    func testDigitsLayersAllModes() throws {
        try Gate.requireTool("verilator")
        let model = try DigitsModelFile.embedded(.snapeaAware)
        let samples = Array(try DigitsDataset.embedded().samples.prefix(4))
        let net = try DigitsQuantizer.quantize(model, calibration: samples)
        let runs = try samples.map { try net.run($0, plans: net.exactPlans, recordInputs: true) }
        var tiles: [TileProgram] = []
        var expected: [[[Int32]]] = []
        var layouts: [(range: Range<Int>, hout: Int, wout: Int)] = []
        for (l, layer) in [net.conv1, net.conv2].enumerated() {
            let inputs = runs.map { $0.layerInputs[l] }
            for mode in Mode.allCases {
                let settings: [PredictiveSetting]? = mode == .predictive
                    ? (0..<layer.spec.outC).map { PredictiveSetting(threshold: -layer.bias[$0] / 4, specN: 1 + $0 % 3) } : nil
                let compiler = Compiler(mode: mode, settings: settings)
                let ts = try LayerTiler.tiles(layer, inputs: inputs, compiler: compiler,
                                              capacities: AcceleratorConfig.small.bufferCapacities, pes: AcceleratorConfig.small.pes)
                let golden = try inputs.map { try LayerExecutor.run(layer, input: $0, compiler: compiler, trackPredictionErrors: false) }
                layouts.append((tiles.count..<(tiles.count + ts.count), golden[0].output.height, golden[0].output.width))
                expected.append(golden.map(\.output.data))
                tiles += ts
            }
        }
        XCTAssertTrue(tiles.contains { $0.images > 1 }, "conv1's 8×8 maps share tiles on the small preset")
        XCTAssertTrue(tiles.contains { $0.images == 1 }, "conv2 runs image by image")
        let report = try Cosim(config: .small, simulator: .verilator).run(tiles)
        XCTAssertTrue(report.passed, "\(report)")
        for (n, layout) in layouts.enumerated() {
            let outC = expected[n][0].count / (layout.hout * layout.wout)
            let stitched = try LayerTiler.stitch(Array(tiles[layout.range]), outputs: Array(report.rtlOutputs[layout.range]),
                                                 outC: outC, hout: layout.hout, wout: layout.wout, images: samples.count)
            XCTAssertEqual(stitched, expected[n], "digits layer run \(n): stitched RTL output differs from LayerExecutor")
        }
        print("DigitsTileTests: \(report)")
    }
}
