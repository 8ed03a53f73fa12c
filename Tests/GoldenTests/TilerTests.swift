import XCTest
import Golden

final class TilerTests: XCTestCase {
    /// Tiles respect the capacities, their outputs reassemble the layer output, and the tiled
    /// run's cycles are the sum of the cycle model over the tiles.
    func testTilesReassembleLayerAndCyclesAdd() throws {
        var rng = SplitMix(seed: 0x7115)
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
            let tiles: [TileProgram]
            do {
                tiles = try LayerTiler.tiles(l, input: rc.input, compiler: compiler, capacities: cap, pes: pes)
            } catch let e as LayerError {
                XCTAssertEqual(e.field, "workListEntriesPerPE")
                continue
            }
            let cm = CycleModel(pes: pes, lanesPerPE: rng.int(1, 4))
            let tiled = try LayerTiler.run(l, input: rc.input, compiler: compiler, capacities: cap, cycleModel: cm)
            let whole = tiled.run
            var assembled = [Int32](repeating: -1, count: whole.output.count)
            var cycles = 0, checks = 0
            let nOut = whole.output.height * whole.output.width
            for t in tiles {
                XCTAssertLessThanOrEqual(t.input.count, cap.inputWordsPerBank)
                XCTAssertLessThanOrEqual(t.kernels.count, cap.kernelTableEntries)
                XCTAssertLessThanOrEqual(t.kernels.reduce(0) { $0 + $1.count }, cap.weightBufferOps)
                XCTAssertLessThanOrEqual(t.workLists.map(\.count).max() ?? 0, cap.workListEntriesPerPE)
                let (ex, timing) = cm.run(t)
                cycles += timing.cycles
                checks += ex.pauChecks
                for k in 0..<t.kernels.count {
                    for y in 0..<t.hout {
                        for x in 0..<t.wout {
                            let g = (t.firstKernel + k) * nOut + (t.firstRow + y) * whole.output.width + t.firstCol + x
                            XCTAssertEqual(assembled[g], -1, "output computed twice")
                            assembled[g] = ex.outputs[(k * t.hout + y) * t.wout + x]
                        }
                    }
                }
            }
            XCTAssertEqual(assembled, whole.output.data)
            XCTAssertEqual(tiled.activity.cycles, cycles)
            XCTAssertEqual(tiled.activity.tiles, tiles.count)
            XCTAssertEqual(tiled.activity.pauChecks, checks)
            XCTAssertEqual(tiled.activity.macs, whole.executedOps.reduce(0) { $0 + Int($1) })
            XCTAssertEqual(tiled.activity.offChipInputWords, tiles.reduce(0) { $0 + $1.input.count })
        }
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
        XCTAssertEqual(acc.activity.cycles, cycles)
        XCTAssertEqual(acc.activity.macs, macs)
        // the first layer's input is non-negative here, so it runs exact
        XCTAssertEqual(acc.run.layerStats[0].mode, .exact)
    }
}
