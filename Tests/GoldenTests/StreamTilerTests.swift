import XCTest
@testable import Golden

/// The stream organisation's tiler: every output of random layers (all four modes, several images,
/// position rounds and kernel chunks) equals the direct convolution and the layer executor; op
/// counts equal the executor's; every tile's sub-tiles fit the lane banks.
final class StreamTilerTests: XCTestCase {
    func testTiledOutputsEqualTheReferenceConvolution() throws {
        var rng = SplitMix(seed: 0x57AE)
        var multiRound = 0, multiChunk = 0, cases = 0
        for caseIndex in 0..<80 {
            let rc = RandomCase(rng: &rng, maxC: 5, maxHW: 8)
            let l = rc.layer, s = l.spec
            let mode = Mode.allCases[caseIndex % 4]
            let settings = (0..<s.outC).map { _ in PredictiveSetting(threshold: Int64(rng.int(-3000, 3000)), specN: rng.int(0, 4)) }
            let compiler = Compiler(mode: mode, settings: settings)
            let run = mode == .dense || mode == .zeroSkip || l.inputNonNegative
            guard run else { continue }
            let eff = LayerExecutor.effectiveMode(mode, layer: l, input: rc.input)
            var comp = compiler
            comp.mode = eff
            let hp = rc.input.height + 2 * s.pad, wp = rc.input.width + 2 * s.pad
            let programs = try comp.compile(l, inputHeight: hp, inputWidth: wp)
            let lanes = rng.int(1, 6), slots = rng.int(1, 4)
            let tiler = StreamTiler(lanes: lanes, slots: slots, laneInputWords: s.kernelSize * rng.int(1, 6),
                                    kernelsPerTile: rng.int(1, 3), streamEntries: 64 + s.kernelSize * 2,
                                    model: StreamCycleModel(lanes: lanes, slots: slots, queueDepth: 8, streamRate: 2))
            var tileCount = 0
            let r = try tiler.run(l, inputs: [rc.input], mode: eff, programs: programs) { tile, _ in
                XCTAssertLessThanOrEqual(tile.subTileWords, tiler.laneInputWords)
                tileCount += 1
            }
            let ref = naiveConv(weights: l.weights, bias: l.bias, inC: s.inC, outC: s.outC, kH: s.kH, kW: s.kW,
                                stride: s.stride, pad: s.pad, input: rc.input.data, h: rc.input.height, w: rc.input.width,
                                shift: l.shift, width: l.width)
            let exec = try LayerExecutor.run(l, input: rc.input, compiler: compiler, trackPredictionErrors: false)
            XCTAssertEqual(r.outputs[0], exec.output.data, "case \(caseIndex) \(eff)")
            XCTAssertEqual(r.executedOps[0], exec.executedOps, "case \(caseIndex) \(eff)")
            if eff != .predictive { XCTAssertEqual(r.outputs[0], ref.out, "case \(caseIndex) \(eff)") }
            XCTAssertEqual(r.executedTotal, exec.executedOps.reduce(0) { $0 + Int($1) })
            XCTAssertEqual(r.tiles, tileCount)
            let blocks = ((ref.hout + r.blockRows - 1) / r.blockRows) * ((ref.wout + r.blockCols - 1) / r.blockCols)
            if blocks > lanes { multiRound += 1 }
            if tileCount > (blocks + lanes - 1) / lanes { multiChunk += 1 }
            cases += 1
        }
        XCTAssertGreaterThanOrEqual(cases, 60)
        XCTAssertGreaterThanOrEqual(multiRound, 20, "cases with several position rounds")
        XCTAssertGreaterThanOrEqual(multiChunk, 20, "cases with several kernel chunks")
    }

    func testBlockShapeFewestRounds() throws {
        // 13×13 outputs of a 1×1 layer on 16 lanes with 4 slots: a 2×2 block needs 49 blocks
        // (4 rounds), 1×4 needs 13·4 = 52 (4 rounds), 1×3 would need 65 (5): the smaller... 2×2
        // and 1×4 tie on rounds and size; the wider (1×4) wins.
        let spec = ConvSpec(name: "t", inC: 8, outC: 4, kernel: 1)
        let tiler = StreamTiler(lanes: 16, slots: 4, laneInputWords: 64, kernelsPerTile: 4, streamEntries: 64,
                                model: StreamCycleModel(lanes: 16, slots: 4))
        let shape = try tiler.blockShape(spec, hout: 13, wout: 13, images: 1)
        XCTAssertEqual(shape.rows, 1)
        XCTAssertEqual(shape.cols, 4)
        // A window larger than the bank is an error naming the field.
        let big = ConvSpec(name: "big", inC: 100, outC: 1, kernel: 1)
        XCTAssertThrowsError(try tiler.blockShape(big, hout: 2, wout: 2, images: 1)) { e in
            XCTAssertTrue("\(e)".contains("laneInputWords"), "\(e)")
        }
    }
}
