import XCTest
@testable import Golden

/// The stream organisation's tiler: every output of random layers (all four modes, several images,
/// position rounds and kernel chunks) equals the direct convolution and the layer executor; op
/// counts equal the executor's; every tile's sub-tiles fit the lane banks.
final class StreamTilerTests: XCTestCase {
    func testTiledOutputsEqualTheReferenceConvolution() throws {
        var rng = SplitMix(seed: 0x57AE)
        var multiRound = 0, multiChunk = 0, splitKernels = 0, cases = 0
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
            let groups = [1, 2, 4][rng.int(0, 2)]
            let lanes = groups * rng.int(1, 3), slots = rng.int(1, 4)
            let tiler = StreamTiler(lanes: lanes, groups: groups, slots: slots, laneInputWords: s.kernelSize * rng.int(1, 6),
                                    kernelsPerTile: rng.int(1, 3), streamEntries: 64 + s.kernelSize * 2,
                                    model: StreamCycleModel(lanes: lanes / groups, slots: slots, queueDepth: 8, streamRate: 2))
            var tileCount = 0
            let r = try tiler.run(l, inputs: [rc.input], mode: eff, programs: programs) { tile, _ in
                XCTAssertLessThanOrEqual(tile.laneWords, tiler.laneInputWords)
                XCTAssertLessThanOrEqual(tile.positions.filter { $0 != nil }.count, lanes * slots)
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
            if r.packing.rounds > 1 { multiRound += 1 }
            if r.splitKernels { splitKernels += 1 }
            if tileCount > r.packing.rounds { multiChunk += 1 }
            cases += 1
        }
        XCTAssertGreaterThanOrEqual(cases, 60)
        XCTAssertGreaterThanOrEqual(multiRound, 20, "cases with several position rounds")
        XCTAssertGreaterThanOrEqual(multiChunk, 20, "cases with several kernel chunks")
        XCTAssertGreaterThanOrEqual(splitKernels, 5, "cases with the kernels split over lane groups")
    }

    func testPackingFillsTheLanes() throws {
        // 55×55 outputs of a 3×3 layer with 16 channels on 256 lanes of 4 slots and 1024-word
        // banks: strips of 4 need 14 per row = 770 strips, 4 rounds of 256 lanes (the last with 2
        // strips: cost 16); single positions (144-word windows, 4 per lane) need 3 rounds of at
        // most 4 positions per lane: cost 12, so the packing takes single positions.
        let spec = ConvSpec(name: "t", inC: 16, outC: 4, kernel: 3, pad: 1)
        let tiler = StreamTiler(lanes: 256, slots: 4, laneInputWords: 1024, kernelsPerTile: 4, streamEntries: 64,
                                model: StreamCycleModel(lanes: 256, slots: 4))
        let p = try tiler.packing(spec, hout: 55, wout: 55, images: 1)
        XCTAssertEqual(p.stripLength, 1)
        XCTAssertEqual(p.rounds, 3)
        XCTAssertEqual(p.stripsPerLane, 4)
        XCTAssertEqual(p.cost, 12)
        // 13×13 outputs of a 1×1 layer with 8 channels on 16 lanes (64-word banks): strips of 4
        // (52 strips, one per lane: rounds of 16, 16, 16, 4: cost 16), of 3 (65: cost 15) and of
        // 2 (91 strips, 2 per lane: rounds of 32, 32, 27: cost 3 × 2 × 2 = 12) lose to single
        // positions (169, 4 per lane: rounds of 64, 64, 41: cost 4 + 4 + 3 = 11).
        let small = StreamTiler(lanes: 16, slots: 4, laneInputWords: 64, kernelsPerTile: 4, streamEntries: 64,
                                model: StreamCycleModel(lanes: 16, slots: 4))
        let q = try small.packing(ConvSpec(name: "u", inC: 8, outC: 4, kernel: 1), hout: 13, wout: 13, images: 1)
        XCTAssertEqual(q.cost, 11)
        XCTAssertEqual(q.stripLength, 1)
        XCTAssertEqual(q.rounds, 3)
        // 27×27 outputs whose 512-word windows fit twice: 729 single positions, rounds of 512
        // then 217: 2 + 1 = 3 slot passes (an even split, 365 + 364, would cost 2 + 2).
        let squeeze = try tiler.packing(ConvSpec(name: "s", inC: 512, outC: 4, kernel: 1), hout: 27, wout: 27, images: 1)
        XCTAssertEqual(squeeze.stripLength, 1)
        XCTAssertEqual(squeeze.rounds, 2)
        XCTAssertEqual(squeeze.cost, 3)
        // The listing visits every strip once, whatever the counts.
        for (strips, perLane) in [(729, 2), (3025, 4), (10, 3), (1, 1), (17, 1)] {
            let p = StreamTiler.Packing(stripLength: 1, stripsPerRow: 1, strips: strips, stripsPerLane: perLane, lanes: 4)
            XCTAssertEqual(Set((0..<strips).map { p.strip(at: $0) }), Set(0..<strips), "\(strips) strips")
        }
        // A window larger than the bank is an error naming the field.
        let big = ConvSpec(name: "big", inC: 100, outC: 1, kernel: 1)
        XCTAssertThrowsError(try small.packing(big, hout: 2, wout: 2, images: 1)) { e in
            XCTAssertTrue("\(e)".contains("laneInputWords"), "\(e)")
        }
    }
}
