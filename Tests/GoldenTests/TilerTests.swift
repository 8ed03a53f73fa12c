import XCTest
import Golden

final class TilerTests: XCTestCase {
    /// Tiles respect the capacities, their outputs reassemble the layer output, and the tiled
    /// run's cycles are the sum of the cycle model over the tiles.
    func testTilesReassembleLayerAndCyclesAdd() throws {
        var rng = SplitMix(seed: 0x7115)
        var checked = 0
        for caseIndex in 0..<60 {
            let rc = RandomCase(rng: &rng, maxC: 6, maxHW: 10)
            let l = rc.layer, s = l.spec
            let mode = Mode.allCases[caseIndex % 4]
            let settings = (0..<s.outC).map { _ in
                PredictiveSetting(threshold: Int64(rng.int(-3000, 3000)), specN: rng.int(0, 4))
            }
            let compiler = Compiler(mode: mode, settings: settings)
            let pes = rng.int(1, 4)
            let wp = rc.input.width + 2 * s.pad
            let cap = BufferCapacities(inputWordsPerBank: s.inC * (s.kH + rng.int(0, 6)) * wp,
                                       weightBufferOps: s.kernelSize * rng.int(1, 3),
                                       kernelTableEntries: rng.int(1, 3),
                                       workListEntriesPerPE: 64)
            // every case tiles: 64 work-list entries hold one output column of ≤ 3 kernels
            let tiles = try LayerTiler.tiles(l, input: rc.input, compiler: compiler, capacities: cap, pes: pes)
            checked += 1
            let cm = CycleModel(pes: pes, lanesPerPE: rng.int(1, 4))
            let tiled = try LayerTiler.run(l, input: rc.input, compiler: compiler, capacities: cap, cycleModel: cm)
            let whole = tiled.run
            var cycles = 0, checks = 0
            var tileOutputs: [[Int32]] = []
            for t in tiles {
                XCTAssertLessThanOrEqual(t.input.count, cap.inputWordsPerBank)
                XCTAssertLessThanOrEqual(t.kernels.count, cap.kernelTableEntries)
                XCTAssertLessThanOrEqual(t.kernels.reduce(0) { $0 + $1.count }, cap.weightBufferOps)
                XCTAssertLessThanOrEqual(t.workLists.map(\.count).max() ?? 0, cap.workListEntriesPerPE)
                let (ex, timing) = cm.run(t)
                cycles += timing.cycles
                checks += ex.pauChecks
                tileOutputs.append(ex.outputs)
            }
            // stitch checks that every output is written exactly once; the untiled run is the reference
            let assembled = try LayerTiler.stitch(tiles, outputs: tileOutputs, outC: s.outC, hout: whole.output.height,
                                                  wout: whole.output.width)
            XCTAssertEqual(assembled, [whole.output.data])
            XCTAssertEqual(tiled.activity.cycles, cycles)
            XCTAssertEqual(tiled.activity.tiles, tiles.count)
            XCTAssertEqual(tiled.activity.pauChecks, checks)
            XCTAssertEqual(tiled.activity.macs, whole.executedOps.reduce(0) { $0 + Int($1) })
            XCTAssertEqual(tiled.activity.offChipInputWords, tiles.reduce(0) { $0 + $1.input.count })
        }
        XCTAssertEqual(checked, 60, "every case checked in full")
    }

    /// `LayerTiler.stitch` places tile outputs by `firstKernel`, `firstRow`, `firstCol` and
    /// `firstImage`, and rejects output lists that miss, repeat or overflow a position.
    func testStitchPlacesByOffsetsAndRejectsBadTiles() throws {
        // a 2-kernel 3×4 layer on 2 images, cut by hand into four tiles
        func tile(k: Int, rows: Range<Int>, cols: Range<Int>, images: Int = 1, firstImage: Int) throws -> TileProgram {
            let p = KernelProgram(bias: 0, weights: [1], offsets: [0], taps: [0], checkFrom: 0, specN: 0, threshold: .min)
            return try TileProgram(inC: 1, hin: images * rows.count, win: cols.count, input: [Int32](repeating: 0, count: images * rows.count * cols.count),
                                   kernels: [KernelProgram](repeating: p, count: k), stride: 1, hout: rows.count, wout: cols.count,
                                   shift: 0, width: 16, mode: .dense, pes: 1, firstKernel: 0, firstRow: rows.lowerBound,
                                   firstCol: cols.lowerBound, images: images, firstImage: firstImage)
        }
        let tiles = [try tile(k: 2, rows: 0..<3, cols: 0..<2, firstImage: 0), try tile(k: 2, rows: 0..<3, cols: 2..<4, firstImage: 0),
                     try tile(k: 2, rows: 0..<1, cols: 0..<4, firstImage: 1), try tile(k: 2, rows: 1..<3, cols: 0..<4, firstImage: 1)]
        // value = image·1000 + kernel·100 + row·10 + column, written in each tile's output order
        var outputs: [[Int32]] = []
        for t in tiles {
            var o: [Int32] = []
            for k in 0..<2 { for y in 0..<t.hout { for x in 0..<t.wout {
                o.append(Int32(t.firstImage * 1000 + k * 100 + (t.firstRow + y) * 10 + t.firstCol + x))
            } } }
            outputs.append(o)
        }
        var expected: [[Int32]] = [[], []]
        for b in 0..<2 { for k in 0..<2 { for y in 0..<3 { for x in 0..<4 {
            expected[b].append(Int32(b * 1000 + k * 100 + y * 10 + x))
        } } } }
        XCTAssertEqual(try LayerTiler.stitch(tiles, outputs: outputs, outC: 2, hout: 3, wout: 4, images: 2), expected)

        func rejects(_ ts: [TileProgram], _ os: [[Int32]], field: String, _ what: String) {
            XCTAssertThrowsError(try LayerTiler.stitch(ts, outputs: os, outC: 2, hout: 3, wout: 4, images: 2), what) { e in
                XCTAssertEqual((e as? LayerError)?.field, field, "\(what): \(e)")
            }
        }
        rejects(Array(tiles.dropLast()), Array(outputs.dropLast()), field: "outputs", "a tile missing")
        rejects(tiles + [tiles[0]], outputs + [outputs[0]], field: "outputs", "a tile twice")
        rejects(tiles, outputs.dropLast() + [Array(outputs[3].dropLast())], field: "outputs", "one output short")
        rejects(tiles, Array(outputs.dropLast()), field: "outputs", "fewer output lists than tiles")
        var shifted = tiles
        shifted[1].firstCol = 3
        rejects(shifted, outputs, field: "firstCol", "columns past the layer")
        shifted = tiles
        shifted[1].firstCol = 0
        rejects(shifted, outputs, field: "outputs", "two tiles on the same columns")
        shifted = tiles
        shifted[3].firstImage = 2
        rejects(shifted, outputs, field: "firstImage", "an image past the batch")
    }
}

final class AcceleratorRunTests: XCTestCase {
    /// A network on the accelerator model: per-layer activity equals tiling each layer on its
    /// own, and the totals are the sums.
    func testNetworkActivityIsSumOfLayers() throws {
        var rng = SplitMix(seed: 404)
        let net = try makeTinyNet(rng: &rng, signedInput: false, fc: true)
        let img = try randomImage(&rng, signed: false)
        let q = try Quantizer(width: 16).quantize(net, calibration: [img])
        let cap = BufferCapacities(inputWordsPerBank: 600, weightBufferOps: 200, kernelTableEntries: 4, workListEntriesPerPE: 40)
        let cm = CycleModel(pes: 3, lanesPerPE: 2)
        let acc = try q.runOnAccelerator(img, mode: .exact, capacities: cap, cycleModel: cm)
        XCTAssertEqual(acc.layers.count, 6)
        var cycles = 0, macs = 0
        let fwd = try q.forward(img, mode: .exact)
        var li = 0
        for (n, node) in net.nodes.enumerated() {
            guard let layer = q.layers[n] else { continue }
            var inp = fwd.outputs[node.inputs[0]]
            if case .fullyConnected = node.op {
                inp = try QTensor(channels: inp.count, height: 1, width: 1, fracBits: inp.fracBits, data: inp.data)
            }
            let own = try LayerTiler.run(layer, input: inp, compiler: Compiler(mode: .exact), capacities: cap, cycleModel: cm)
            XCTAssertEqual(own.activity, acc.layers[li].activity, node.name)
            cycles += own.activity.cycles
            macs += own.activity.macs
            li += 1
        }
        XCTAssertEqual(li, acc.layers.count, "every accelerator layer compared")
        XCTAssertEqual(acc.activity.cycles, cycles)
        XCTAssertEqual(acc.activity.macs, macs)
        // the first layer's input is non-negative here, so it runs exact
        XCTAssertEqual(acc.run.layerStats[0].mode, .exact)
    }
}
