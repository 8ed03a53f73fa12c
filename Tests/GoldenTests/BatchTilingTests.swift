import XCTest
import Golden

/// Several small inputs share one tile (images stacked along the rows): the batched tiles compute
/// every input's layer output, stay within the buffers, and their cycles are the cycle model's.
final class BatchTilingTests: XCTestCase {
    /// `count` inputs of `shape` with values in the layer's range (non-negative, some zeros).
    private func inputs(_ rng: inout SplitMix, like x: QTensor, width: Int, count: Int) -> [QTensor] {
        let hi = Int((Int64(1) << (width - 1)) - 1)
        return [x] + (1..<count).map { _ in
            let data = (0..<x.count).map { _ in rng.chance(0.3) ? Int32(0) : Int32(rng.int(0, max(1, hi / 4))) }
            return try! QTensor(channels: x.channels, height: x.height, width: x.width, fracBits: x.fracBits, data: data)
        }
    }

    func testBatchedTilesReassembleEveryInputAndCyclesAdd() throws {
        var rng = SplitMix(seed: 0xBA7C)
        var batchedCases = 0
        for caseIndex in 0..<60 {
            let rc = RandomCase(rng: &rng, maxC: 5, maxHW: 7)
            let l = rc.layer, s = l.spec
            let xs = inputs(&rng, like: rc.input, width: l.width, count: rng.int(2, 7))
            let mode = Mode.allCases[caseIndex % 4]
            let settings = (0..<s.outC).map { _ in
                PredictiveSetting(threshold: Int64(rng.int(-3000, 3000)), specN: rng.int(0, 4))
            }
            let compiler = Compiler(mode: mode, settings: settings)
            let pes = rng.int(1, 4)
            let hp = rc.input.height + 2 * s.pad, wp = rc.input.width + 2 * s.pad
            // room for 1 to 4 whole padded images
            let cap = BufferCapacities(inputWordsPerBank: s.inC * hp * wp * rng.int(1, 4),
                                       weightBufferOps: s.kernelSize * rng.int(1, 3),
                                       kernelTableEntries: rng.int(1, 3),
                                       workListEntriesPerPE: 4096)
            let cm = CycleModel(pes: pes, lanesPerPE: rng.int(1, 4))
            let tiles = try LayerTiler.tiles(l, inputs: xs, compiler: compiler, capacities: cap, pes: pes)
            let batched = try LayerTiler.run(l, inputs: xs, compiler: compiler, capacities: cap, cycleModel: cm)
            // independent per-input reference: the fast executor on each input alone
            let own = try xs.map { try LayerExecutor.run(l, input: $0, compiler: compiler, trackPredictionErrors: false) }
            var cycles = 0, checks = 0, maxImages = 1
            var tileOutputs: [[Int32]] = []
            for t in tiles {
                XCTAssertLessThanOrEqual(t.input.count, cap.inputWordsPerBank)
                XCTAssertLessThanOrEqual(t.kernels.count, cap.kernelTableEntries)
                XCTAssertLessThanOrEqual(t.workLists.map(\.count).max() ?? 0, cap.workListEntriesPerPE)
                maxImages = max(maxImages, t.images)
                let (ex, timing) = cm.run(t)
                cycles += timing.cycles
                checks += ex.pauChecks
                tileOutputs.append(ex.outputs)
            }
            // stitch checks that every output is written exactly once; each input's own untiled run is the reference
            let assembled = try LayerTiler.stitch(tiles, outputs: tileOutputs, outC: s.outC, hout: own[0].output.height,
                                                  wout: own[0].output.width, images: xs.count)
            for (i, r) in own.enumerated() { XCTAssertEqual(assembled[i], r.output.data, "case \(caseIndex) input \(i)") }
            XCTAssertEqual(batched.activity.cycles, cycles)
            XCTAssertEqual(batched.activity.tiles, tiles.count)
            XCTAssertEqual(batched.activity.pauChecks, checks)
            XCTAssertEqual(batched.activity.macs, own.reduce(0) { $0 + $1.executedOps.reduce(0) { $0 + Int($1) } })
            XCTAssertEqual(batched.activity.offChipInputWords, tiles.reduce(0) { $0 + $1.input.count })
            XCTAssertEqual(batched.imagesPerTile, maxImages)
            if maxImages > 1 { batchedCases += 1 }
        }
        XCTAssertGreaterThan(batchedCases, 10, "the random capacities put several images in a tile often")
    }

    /// A batch fills the lanes: 8 images of a small layer on 4 PEs × 4 lanes need fewer cycles
    /// than the 8 images one by one, for the same executed ops.
    func testBatchingCutsCyclesOfASmallLayer() throws {
        var rng = SplitMix(seed: 77)
        let spec = ConvSpec(name: "small", inC: 2, outC: 4, kH: 3, kW: 3, stride: 1, pad: 1)
        let ws = (0..<(spec.outC * spec.kernelSize)).map { _ in Int32(rng.int(-40, 40)) }
        let layer = try QuantizedConv(spec: spec, width: 16, weights: ws, bias: [0, 10, -10, 5], shift: 4,
                                      inputNonNegative: true)
        let first = try QTensor(channels: 2, height: 4, width: 4, fracBits: 0,
                                data: (0..<32).map { _ in Int32(rng.int(0, 100)) })
        let xs = inputs(&rng, like: first, width: 16, count: 8)
        let cap = BufferCapacities(inputWordsPerBank: 8192, weightBufferOps: 4096, kernelTableEntries: 32,
                                   workListEntriesPerPE: 1024)
        let cm = CycleModel(pes: 4, lanesPerPE: 4)
        let batched = try LayerTiler.run(layer, inputs: xs, compiler: Compiler(mode: .exact), capacities: cap, cycleModel: cm)
        let single = try xs.map { try LayerTiler.run(layer, input: $0, compiler: Compiler(mode: .exact), capacities: cap, cycleModel: cm) }
        XCTAssertEqual(batched.imagesPerTile, 8)
        XCTAssertEqual(batched.activity.tiles, 1)
        XCTAssertEqual(batched.activity.macs, single.reduce(0) { $0 + $1.activity.macs })
        XCTAssertLessThan(batched.cycles, single.reduce(0) { $0 + $1.cycles })
        XCTAssertGreaterThan(batched.efficiency, single.map(\.efficiency).max()!)
    }

    /// A batch whose inputs have different shapes is refused, naming the field.
    func testMixedShapesAreRefused() throws {
        let spec = ConvSpec(name: "mix", inC: 1, outC: 1, kH: 1, kW: 1, stride: 1, pad: 0)
        let layer = try QuantizedConv(spec: spec, width: 16, weights: [1], bias: [0], shift: 0, inputNonNegative: true)
        let a = try QTensor(channels: 1, height: 2, width: 2, fracBits: 0, data: [1, 2, 3, 4])
        let b = try QTensor(channels: 1, height: 1, width: 2, fracBits: 0, data: [1, 2])
        XCTAssertThrowsError(try LayerTiler.tiles(layer, inputs: [a, b], compiler: Compiler(mode: .exact),
                                                  capacities: .unlimited, pes: 1)) {
            XCTAssertEqual(($0 as? LayerError)?.field, "inputs")
        }
    }
}
