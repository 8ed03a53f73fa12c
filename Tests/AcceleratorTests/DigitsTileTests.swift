import Accelerator
import Golden
import Workloads
import XCTest

/// Whole layers of the embedded digits CNN (conv1 on the pixels, conv2 on conv1's ReLU output)
/// for four samples, in all four modes (predictive with per-kernel (Th, N) derived from the
/// layer's bias), on the small preset: every tile bit- and cycle-exact, and the stitched RTL
/// outputs equal to the golden layer executor.
final class DigitsTileTests: XCTestCase {
    func testDigitsLayersAllModes() throws {
        try requireTool("verilator")
        let model = try DigitsModelFile.embedded(.snapeaAware)
        let samples = Array(try DigitsDataset.embedded().samples.prefix(4))
        let net = try DigitsQuantizer.quantize(model, calibration: samples)
        var tiles: [TileProgram] = []
        var expected: [[Int32]] = []
        var layouts: [(range: Range<Int>, hout: Int, wout: Int)] = []
        for s in samples {
            let run = try net.run(s, plans: net.exactPlans, recordInputs: true)
            for (layer, input) in zip([net.conv1, net.conv2], run.layerInputs) {
                for mode in Mode.allCases {
                    let settings: [PredictiveSetting]? = mode == .predictive
                        ? (0..<layer.spec.outC).map { PredictiveSetting(threshold: -layer.bias[$0] / 4, specN: 1 + $0 % 3) } : nil
                    let compiler = Compiler(mode: mode, settings: settings)
                    let ts = try LayerTiler.tiles(layer, input: input, compiler: compiler,
                                                  capacities: AcceleratorConfig.small.bufferCapacities, pes: AcceleratorConfig.small.pes)
                    let golden = try LayerExecutor.run(layer, input: input, compiler: compiler, trackPredictionErrors: false)
                    layouts.append((tiles.count..<(tiles.count + ts.count), golden.output.height, golden.output.width))
                    expected.append(golden.output.data)
                    tiles += ts
                }
            }
        }
        let report = try Cosim(config: .small, simulator: .verilator).run(tiles)
        XCTAssertTrue(report.passed, "\(report)")
        for (n, layout) in layouts.enumerated() {
            var stitched = [Int32](repeating: -1, count: expected[n].count)
            for t in layout.range {
                let tile = tiles[t], per = tile.hout * tile.wout
                for (o, v) in report.rtlOutputs[t].enumerated() {
                    let k = tile.firstKernel + o / per, oy = tile.firstRow + (o % per) / tile.wout, ox = o % tile.wout
                    stitched[(k * layout.hout + oy) * layout.wout + ox] = v
                }
            }
            XCTAssertEqual(stitched, expected[n], "digits layer run \(n): stitched RTL output differs from LayerExecutor")
        }
        print("DigitsTileTests: \(report)")
    }
}
