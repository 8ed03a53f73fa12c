import Accelerator
import Golden
import HDL
import SnapeaTesting
import Workloads
import XCTest

/// The stream organisation's RTL against the golden model: random layers in all four modes, tiled
/// by the golden `StreamTiler` (several position rounds and kernel chunks), every valid output bit
/// for bit and every tile's cycles equal to `StreamCycleModel`; the stitched outputs equal the
/// untiled `LayerExecutor`. Lint: zero `-Wall` warnings.
final class StreamCosimTests: XCTestCase {
    /// A random layer (ReLU, non-negative input) and its input.
    static func randomLayer(_ g: inout SplitMix64, width: Int, name: String) throws -> (QuantizedConv, QTensor) {
        func int(_ lo: Int, _ hi: Int) -> Int { lo + Int(g.next() % UInt64(hi - lo + 1)) }
        let inC = int(1, 6), outC = int(1, 12), k = [1, 1, 3][int(0, 2)], stride = int(1, 2), pad = k == 3 ? int(0, 1) : 0
        let h = int(3, 9), w = int(3, 9)
        let spec = ConvSpec(name: name, inC: inC, outC: outC, kernel: k, stride: stride, pad: pad)
        let wmax = (1 << (width - 1)) - 1
        let weights = (0..<(outC * spec.kernelSize)).map { _ in int(0, 9) < 3 ? Int32(0) : Int32(int(-wmax / 8, wmax / 8)) }
        let bias = (0..<outC).map { _ in Int64(int(-1 << (width + 2), 1 << (width + 2))) }
        let layer = try QuantizedConv(spec: spec, width: width, weights: weights, bias: bias, shift: int(0, width))
        let x = (0..<(inC * h * w)).map { _ in int(0, 9) < 3 ? Int32(0) : Int32(int(0, wmax / 4)) }
        return (layer, try QTensor(channels: inC, height: h, width: w, fracBits: 0, data: x))
    }

    func cosim(_ config: StreamConfig, kind: SimulatorKind, layers: Int, seed: UInt64) throws -> (tiles: Int, outputs: Int, modes: Set<Mode>, splitTiles: Int) {
        try Gate.requireTool(kind == .verilator ? "verilator" : "iverilog")
        var g = SplitMix64(seed: seed)
        var tiles: [StreamTile] = []
        var modes = Set<Mode>()
        for n in 0..<layers {
            let (layer, x) = try Self.randomLayer(&g, width: config.dataWidth, name: "l\(n)")
            let mode: Mode = config.withPAU ? Mode.allCases[n % 4] : [.dense, .zeroSkip][n % 2]
            modes.insert(mode)
            let settings = (0..<layer.spec.outC).map { _ in
                PredictiveSetting(threshold: Int64(Int(g.next() % 20_000)) - 10_000, specN: Int(g.next() % 4))
            }
            let compiler = Compiler(mode: mode, settings: settings)
            let hp = x.height + 2 * layer.spec.pad, wp = x.width + 2 * layer.spec.pad
            let programs = try compiler.compile(layer, inputHeight: hp, inputWidth: wp)
            let run = try config.tiler.run(layer, inputs: [x], mode: mode, programs: programs) { t, _ in tiles.append(t) }
            let reference = try LayerExecutor.run(layer, input: x, compiler: compiler, trackPredictionErrors: false)
            XCTAssertEqual(run.outputs[0], reference.output.data, "layer \(n) \(mode): tiled golden vs executor")
        }
        let report = try StreamCosim(config: config, kind: kind).run(tiles)
        XCTAssertNil(report.firstMismatch)
        XCTAssertEqual(report.rtlCycles, report.modelCycles)
        print("stream cosim \(config.name) \(kind): \(tiles.count) tiles (\(tiles.filter { t in t.kernelIndices.contains { $0 != t.kernelIndices[0] } }.count) kernel-split), \(report.checkedOutputs) outputs, cycles \(report.rtlCycles.prefix(12))")
        let split = tiles.filter { t in t.kernelIndices.contains { $0 != t.kernelIndices[0] } }.count
        return (tiles.count, report.checkedOutputs, modes, split)
    }

    func testSmallVerilatorAllModes() throws {
        let r = try cosim(.small, kind: .verilator, layers: 16, seed: 0x5731)
        XCTAssertEqual(r.modes.count, 4)
        XCTAssertGreaterThan(r.tiles, 16, "several rounds or chunks")
        XCTAssertGreaterThan(r.splitTiles, 0, "tiles whose kernels are split over the two lane groups")
        XCTAssertLessThan(r.splitTiles, r.tiles, "tiles whose groups stream the same kernels")
        XCTAssertGreaterThan(r.outputs, 1000)
    }

    func testSmallBaselineIcarus() throws {
        var c = StreamConfig.small
        c.withPAU = false
        c.name = "stream-small-baseline"
        let r = try cosim(c, kind: .icarus, layers: 4, seed: 0xBA5E)
        XCTAssertGreaterThan(r.outputs, 100)
    }

    func testLintClean() throws {
        try Gate.requireTool("verilator")
        var base = StreamConfig.small
        base.withPAU = false
        base.name = "stream-small-baseline"
        let odd = StreamConfig(name: "stream-odd", pes: 1, lanesPerPE: 3, dataWidth: 12, maxKernelOps: 77, slotsPerLane: 3,
                               queueDepth: 8, streamRate: 1, laneInputWords: 100, kernelsPerTile: 5, streamEntries: 64, streamGroups: 1)
        for config in [StreamConfig.small, base, odd, .default256] {
            let dir = try makeTempDir("lint-\(config.name)")
            defer { try? FileManager.default.removeItem(atPath: dir) }
            var paths: [String] = []
            for f in try Generator.emit(stream: config) where f.name.hasSuffix(".v") {
                let path = dir + "/" + f.name
                try f.text.write(toFile: path, atomically: true, encoding: .utf8)
                paths.append(path)
            }
            let (status, out) = try runTool(["verilator", "--lint-only", "-Wall", "--top-module", Generator.topModule] + paths)
            XCTAssertEqual(status, 0, "\(config.name): verilator failed\n\(out)")
            XCTAssertFalse(out.contains("%Warning"), "\(config.name): lint warnings\n\(out)")
        }
    }
}

/// The 256-MAC stream array on real layers: the embedded digits CNN's conv1 and conv2 on 16
/// samples (one batch), all four modes (predictive with per-kernel (Th, N) derived from the bias),
/// tiled by `StreamTiler` for `stream256` and run in Verilator: every output bit-exact, every
/// tile's cycles equal to `StreamCycleModel`, the tiled golden outputs equal to `LayerExecutor`.
final class StreamDigitsCosimTests: XCTestCase {
    func testStream256DigitsLayersAllModes() throws {
        try Gate.requireTool("verilator")
        let model = try DigitsModelFile.embedded(.snapeaAware)
        let samples = Array(try DigitsDataset.embedded().samples.prefix(16))
        let net = try DigitsQuantizer.quantize(model, calibration: samples)
        let runs = try samples.map { try net.run($0, plans: net.exactPlans, recordInputs: true) }
        let config = StreamConfig.default256
        var tiles: [StreamTile] = []
        for (l, layer) in [net.conv1, net.conv2].enumerated() {
            let inputs = runs.map { $0.layerInputs[l] }
            for mode in Mode.allCases {
                let settings: [PredictiveSetting]? = mode == .predictive
                    ? (0..<layer.spec.outC).map { PredictiveSetting(threshold: -layer.bias[$0] / 4, specN: 1 + $0 % 3) } : nil
                let compiler = Compiler(mode: mode, settings: settings)
                let s = layer.spec
                let programs = try compiler.compile(layer, inputHeight: inputs[0].height + 2 * s.pad, inputWidth: inputs[0].width + 2 * s.pad)
                let run = try config.tiler.run(layer, inputs: inputs, mode: mode, programs: programs) { t, _ in tiles.append(t) }
                for (i, x) in inputs.enumerated() {
                    let golden = try LayerExecutor.run(layer, input: x, compiler: compiler, trackPredictionErrors: false)
                    XCTAssertEqual(run.outputs[i], golden.output.data, "\(s.name) \(mode) sample \(i)")
                }
            }
        }
        let report = try StreamCosim(config: config, kind: .verilator).run(tiles)
        XCTAssertNil(report.firstMismatch)
        XCTAssertEqual(report.rtlCycles, report.modelCycles)
        XCTAssertEqual(report.checkedOutputs, 4 * 16 * 64 * (8 + 16), "every output of both layers in four modes")
        print("StreamDigitsCosimTests: \(tiles.count) tiles, \(report.checkedOutputs) outputs, RTL cycles \(report.rtlCycles)")
    }
}
