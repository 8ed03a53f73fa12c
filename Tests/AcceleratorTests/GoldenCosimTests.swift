import Accelerator
import Golden
import SnapeaTesting
import XCTest

/// Layers compiled by the golden compiler, tiled by the golden tiler and run on the RTL: every
/// output bit-exact, every tile's cycles equal to the CycleModel, and the RTL tiles stitched back
/// into layer outputs (`LayerTiler.stitch`) equal to the golden `LayerExecutor` run on each input
/// alone (an untiled run, so a tiling or stitching error shows as a difference).
final class GoldenCosimTests: XCTestCase {
    /// One layer run: the layer, its inputs (a batch when several) and the compiler.
    struct Run {
        var layer: QuantizedConv
        var inputs: [QTensor]
        var compiler: Compiler
    }

    /// Co-simulates `runs` in one simulator process and checks every layer's stitched output.
    /// Returns the report and each run's tiles.
    @discardableResult
    func cosim(_ runs: [Run], _ config: AcceleratorConfig, kind: SimulatorKind,
               file: StaticString = #filePath, line: UInt = #line) throws -> (CosimReport, [[TileProgram]]) {
        try Gate.requireTool(kind == .verilator ? "verilator" : "iverilog")
        let tilesByRun = try runs.map {
            try LayerTiler.tiles($0.layer, inputs: $0.inputs, compiler: $0.compiler, capacities: config.bufferCapacities,
                                 pes: config.pes)
        }
        let tiles = tilesByRun.flatMap { $0 }
        let report = try Cosim(config: config, simulator: kind).run(tiles)
        XCTAssertTrue(report.passed, "\(report)\n" + report.mismatches.prefix(5).joined(separator: "\n"), file: file, line: line)
        XCTAssertEqual(report.rtlCycles, report.modelCycles, file: file, line: line)
        XCTAssertEqual(report.tiles, tiles.count, file: file, line: line)
        XCTAssertEqual(report.rtlOutputs.count, tiles.count, file: file, line: line)

        var first = 0
        for (r, run) in runs.enumerated() {
            let range = first..<(first + tilesByRun[r].count)
            first = range.upperBound
            var comp = run.compiler
            if !config.withPAU { comp.mode = run.compiler.mode == .dense ? .dense : .zeroSkip }
            let golden = try run.inputs.map { try LayerExecutor.run(run.layer, input: $0, compiler: comp, trackPredictionErrors: false) }
            let out = golden[0].output
            let stitched = try LayerTiler.stitch(tilesByRun[r], outputs: Array(report.rtlOutputs[range]), outC: out.channels,
                                                 hout: out.height, wout: out.width, images: run.inputs.count)
            XCTAssertEqual(stitched, golden.map(\.output.data),
                           "layer \(run.layer.spec) \(run.compiler.mode), \(run.inputs.count) inputs, \(range.count) tiles: stitched RTL output differs",
                           file: file, line: line)
        }
        return (report, tilesByRun)
    }

    /// `layersPerMode` random layers per mode (seeds from `seed`).
    func randomRuns(_ config: AcceleratorConfig, layersPerMode: Int, seed: UInt64) throws -> [Run] {
        var runs: [Run] = []
        var s = seed
        for mode in Mode.allCases {
            for _ in 0..<layersPerMode {
                s &+= 1
                let c = try GoldenLayers.layer(seed: s, width: config.dataWidth, mode: mode)
                runs.append(Run(layer: c.layer, inputs: [c.input], compiler: c.compiler))
            }
        }
        return runs
    }

    func testSmallAllModesVerilator() throws {
        let runs = try randomRuns(.small, layersPerMode: 6, seed: 1000)
        let (r, _) = try cosim(runs, .small, kind: .verilator)
        // every random layer fits one tile of `small` (these check the modes, not tiling)
        XCTAssertEqual(r.tiles, 24)
        print("GoldenCosimTests small/verilator: \(r)")
    }

    func testSmallBaselineVerilator() throws {
        let runs = try randomRuns(.small.baseline, layersPerMode: 2, seed: 2000)
        let (r, _) = try cosim(runs, .small.baseline, kind: .verilator)
        XCTAssertEqual(r.tiles, 8)
        print("GoldenCosimTests small-baseline/verilator: \(r)")
    }

    // MARK: Multi-tile layers

    /// `small` with buffers so small that the golden tiler cuts the layers below into many tiles:
    /// 48 input words per bank, 3 kernels per tile (96 ops of weight buffer hold any 3 of the
    /// kernels below, so the kernel table bounds the chunks in every mode), 16 work-list entries.
    static let tinyBuffers: AcceleratorConfig = {
        var c = AcceleratorConfig.small
        c.name = "small-tiny-buffers"
        c.maxKernelOps = 32
        c.inputWordsPerBank = 48
        c.weightBufferOps = 96
        c.kernelTableEntries = 3
        c.workListEntries = 16
        return c
    }()

    /// The three splits, each with its expected tile count derived by hand from the tiling rule
    /// (docs/ARCHITECTURE.md, "Tiling rule") and the capacities of `tinyBuffers`:
    /// - rows: 2×6×6, 3×3, pad 1 (padded width 8, output 6×6). One output row needs 2·3·8 = 48 words
    ///   (fits), two need 2·4·8 = 64: 6 bands of 1 row (work list ⌈3·6/2⌉ = 9 ≤ 16); 5 kernels in
    ///   chunks of 3 → 2 chunks; 12 tiles, all spanning the full width.
    /// - columns: 3×5×10, 3×3, pad 1, stride 2 (padded 7×12, output 3×5). A full row needs
    ///   3·3·12 = 108 words: column bands of the largest c with 3·3·(2(c−1)+3) ≤ 48 → c = 2
    ///   (bands [0,2) [2,4) [4,5)), then rows with 3·(2(r−1)+3)·5 ≤ 48 → r = 1: 3 row bands;
    ///   4 kernels → chunks of 3 and 1; 2·3·3 = 18 tiles.
    /// - images: 5 inputs 1×4×4, 3×3, no padding (output 2×2). One image is one tile of 16 words;
    ///   images share tiles: the largest b with 16·b ≤ 48 and ⌈3·b·4/2⌉ ≤ 16 is 2 (b = 3 needs 18
    ///   entries): groups {0,1} {2,3} {4}; 3 kernels → 1 chunk; 3 tiles.
    struct Split {
        var name: String
        var shape: GoldenLayers.Shape
        var inputs: Int
        var expectedTiles: Int
    }

    static let splits: [Split] = [
        Split(name: "rows", shape: .init(inC: 2, outC: 5, kernel: 3, stride: 1, pad: 1, h: 6, w: 6), inputs: 1, expectedTiles: 12),
        Split(name: "columns", shape: .init(inC: 3, outC: 4, kernel: 3, stride: 2, pad: 1, h: 5, w: 10), inputs: 1, expectedTiles: 18),
        Split(name: "images", shape: .init(inC: 1, outC: 3, kernel: 3, stride: 1, pad: 0, h: 4, w: 4), inputs: 5, expectedTiles: 3),
    ]

    /// Every split in every mode on `tinyBuffers`: the tile counts above hold in every mode (a kernel
    /// has at most 27 ops, so 3 kernels always fit the weight buffer). Fails when the RTL, the tiler
    /// or `LayerTiler.stitch` mishandles a row, column or image offset.
    func testMultiTileLayersAllModesVerilator() throws {
        let config = Self.tinyBuffers
        try config.validate()
        var runs: [Run] = []
        var labels: [(split: Split, mode: Mode)] = []
        var seed: UInt64 = 5000
        for split in Self.splits {
            for mode in Mode.allCases {
                seed += 1
                let c = try GoldenLayers.layer(seed: seed, width: config.dataWidth, mode: mode, shape: split.shape)
                var g = SplitMix64(seed: seed ^ 0xBA7C)
                var inputs = [c.input]
                while inputs.count < split.inputs {
                    inputs.append(try GoldenLayers.randomInput(&g, inC: split.shape.inC, h: split.shape.h, w: split.shape.w,
                                                               width: config.dataWidth))
                }
                runs.append(Run(layer: c.layer, inputs: inputs, compiler: c.compiler))
                labels.append((split, mode))
            }
        }
        let (report, tilesByRun) = try cosim(runs, config, kind: .verilator)
        var summary: [String] = []
        for (r, label) in labels.enumerated() {
            let ts = tilesByRun[r]
            XCTAssertEqual(ts.count, label.split.expectedTiles, "\(label.split.name) \(label.mode): tile count")
            switch label.split.name {
            case "rows":
                XCTAssertEqual(Set(ts.map(\.firstRow)), Set(0..<6), "rows: one band per output row")
                XCTAssertTrue(ts.allSatisfy { $0.firstCol == 0 && $0.wout == 6 && $0.images == 1 })
            case "columns":
                XCTAssertEqual(Set(ts.map(\.firstCol)), [0, 2, 4], "columns: three column bands")
                XCTAssertEqual(Set(ts.map(\.firstRow)), [0, 1, 2])
            default:
                XCTAssertEqual(ts.map(\.images), [2, 2, 1], "images: two per tile, the last alone")
                XCTAssertEqual(ts.map(\.firstImage), [0, 2, 4])
            }
            summary.append("\(label.split.name)/\(label.mode): \(ts.count) tiles")
        }
        XCTAssertEqual(report.tiles, 4 * Self.splits.reduce(0) { $0 + $1.expectedTiles })
        print("GoldenCosimTests multi-tile \(config.name): \(summary.joined(separator: ", ")); \(report)")
    }
}
