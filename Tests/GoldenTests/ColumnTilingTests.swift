import XCTest
import Golden

/// Column bands: layers whose full output row does not fit one input bank.
final class ColumnTilingTests: XCTestCase {
    /// Random layers with an input bank too small for one full padded row: tiles reassemble the
    /// executor's output bit for bit, each tile's input is the right slice of the padded input,
    /// every capacity holds, the column width is the largest that fits, and `run`'s cycles and
    /// activity are the sums over the tiles.
    func testColumnBandsReassembleLayerAndCyclesAdd() throws {
        var rng = SplitMix(seed: 0xC01B)
        var banded = 0, checked = 0, spanning = 0
        for caseIndex in 0..<80 {
            let rc = RandomCase(rng: &rng, maxC: 5, maxHW: 14)
            let l = rc.layer, s = l.spec
            let wp = rc.input.width + 2 * s.pad, hp = rc.input.height + 2 * s.pad
            guard wp > s.kW else { spanning += 1; continue }  // one output column spans the whole row: no column band possible
            checked += 1
            let mode = Mode.allCases[caseIndex % 4]
            let settings = (0..<s.outC).map { _ in
                PredictiveSetting(threshold: Int64(rng.int(-3000, 3000)), specN: rng.int(0, 4))
            }
            let compiler = Compiler(mode: mode, settings: settings)
            let pes = rng.int(1, 4)
            // input bank: at least one output column, less than one full padded row
            let colsBudget = rng.int(s.kW, wp - 1)
            let cap = BufferCapacities(inputWordsPerBank: s.inC * s.kH * colsBudget + rng.int(0, s.inC * s.kH - 1),
                                       weightBufferOps: s.kernelSize * rng.int(1, 3),
                                       kernelTableEntries: rng.int(1, 3),
                                       workListEntriesPerPE: rng.int(3, 12))
            let tiles = try LayerTiler.tiles(l, input: rc.input, compiler: compiler, capacities: cap, pes: pes)
            let cm = CycleModel(pes: pes, lanesPerPE: rng.int(1, 4))
            let tiled = try LayerTiler.run(l, input: rc.input, compiler: compiler, capacities: cap, cycleModel: cm)
            let whole = try LayerExecutor.run(l, input: rc.input, compiler: compiler, trackPredictionErrors: false)
            XCTAssertEqual(tiled.run.output.data, whole.output.data)
            let hout = whole.output.height, wout = whole.output.width
            let plan = tiled.plan
            XCTAssertFalse(plan.fullRows)
            XCTAssertEqual(tiles.count, plan.tileCount)
            if plan.colBands.count > 1 { banded += 1 }

            // independent: the largest c (linear scan) whose tile fits with one row
            let kmax = plan.kernelChunks.map(\.count).max()!
            var expectedC = 0
            for c in 1...wout where s.inC * s.kH * ((c - 1) * s.stride + s.kW) <= cap.inputWordsPerBank
                && (kmax * c + pes - 1) / pes <= cap.workListEntriesPerPE { expectedC = c }
            XCTAssertEqual(plan.colBands.first?.count, expectedC)

            // padded input, built here
            var padded = [Int32](repeating: 0, count: s.inC * hp * wp)
            for c in 0..<s.inC {
                for y in 0..<rc.input.height {
                    for x in 0..<rc.input.width {
                        padded[(c * hp + y + s.pad) * wp + x + s.pad] = rc.input.data[(c * rc.input.height + y) * rc.input.width + x]
                    }
                }
            }
            var cycles = 0, checks = 0, entries = 0
            var tileOutputs: [[Int32]] = []
            for t in tiles {
                XCTAssertLessThanOrEqual(t.input.count, cap.inputWordsPerBank)
                XCTAssertLessThanOrEqual(t.kernels.count, cap.kernelTableEntries)
                XCTAssertLessThanOrEqual(t.kernels.reduce(0) { $0 + $1.count }, cap.weightBufferOps)
                XCTAssertLessThanOrEqual(t.workLists.map(\.count).max() ?? 0, cap.workListEntriesPerPE)
                XCTAssertEqual(t.win, (t.wout - 1) * s.stride + s.kW)
                XCTAssertEqual(t.hin, (t.hout - 1) * s.stride + s.kH)
                for c in 0..<s.inC {
                    for y in 0..<t.hin {
                        for x in 0..<t.win {
                            let src = (c * hp + t.firstRow * s.stride + y) * wp + t.firstCol * s.stride + x
                            XCTAssertEqual(t.input[(c * t.hin + y) * t.win + x], padded[src])
                        }
                    }
                }
                let (ex, timing) = cm.run(t)
                cycles += timing.cycles
                checks += ex.pauChecks
                entries += t.outputCount
                tileOutputs.append(ex.outputs)
            }
            // stitch checks that every output is written exactly once; the untiled run is the reference
            let assembled = try LayerTiler.stitch(tiles, outputs: tileOutputs, outC: s.outC, hout: hout, wout: wout)
            XCTAssertEqual(assembled, [whole.output.data])
            XCTAssertEqual(tiled.activity.cycles, cycles)
            XCTAssertEqual(tiled.tileTimings.count, tiles.count)
            XCTAssertEqual(tiled.activity.tiles, tiles.count)
            XCTAssertEqual(tiled.activity.pauChecks, checks)
            XCTAssertEqual(tiled.activity.offChipInputWords, tiles.reduce(0) { $0 + $1.input.count })
            XCTAssertEqual(tiled.activity.offChipWorkListWords, entries)
        }
        XCTAssertEqual(checked + spanning, 80)
        XCTAssertEqual(checked, 78, "cases checked in full (the fixed seed 0xC01B draws 2 layers whose kernel spans the padded row)")
        XCTAssertGreaterThan(banded, 20, "too few cases with several column bands")
    }

    /// SqueezeNet fire7 squeeze (384→48 1×1 on 27×27) with `default256`'s buffers: one padded row
    /// is 384·27 = 10,368 words > 8,192, so the tiler uses bands of ⌊8192/384⌋ = 21 columns.
    func testFire7SqueezePlansWithColumnBands() throws {
        var rng = SplitMix(seed: 7)
        let spec = ConvSpec(name: "fire7/conv1x1_1", inC: 384, outC: 48, kernel: 1)
        let ws: [Int32] = (0..<(48 * 384)).map { _ in Int32(rng.int(1, 300)) * (rng.chance(0.5) ? -1 : 1) }
        let layer = try QuantizedConv(spec: spec, width: 16, weights: ws, bias: (0..<48).map { _ in Int64(rng.int(-999, 999)) },
                                      shift: 12, inputNonNegative: true)
        let input = try QTensor(channels: 384, height: 27, width: 27, fracBits: 0,
                                data: (0..<(384 * 729)).map { _ in rng.chance(0.5) ? 0 : Int32(rng.int(1, 500)) })
        let cap = BufferCapacities(inputWordsPerBank: 8192, weightBufferOps: 4096, kernelTableEntries: 32,
                                   workListEntriesPerPE: 256)
        let cm = CycleModel(pes: 16, lanesPerPE: 16)
        let tiled = try LayerTiler.run(layer, input: input, compiler: Compiler(mode: .exact), capacities: cap, cycleModel: cm)
        let plan = tiled.plan
        XCTAssertFalse(plan.fullRows)
        XCTAssertEqual(plan.colBands, [0..<21, 21..<27])
        XCTAssertEqual(plan.rowBands.count, 27)  // 384·2·21 > 8192: one row per band
        // 384 ops per kernel (no zero weights): ⌊4096/384⌋ = 10 kernels per chunk
        XCTAssertEqual(plan.kernelChunks, [0..<10, 10..<20, 20..<30, 30..<40, 40..<48])
        XCTAssertEqual(tiled.activity.tiles, 5 * 27 * 2)
        // each chunk reads every input word once (1×1, stride 1): 5 × 384 × 27 × 27
        XCTAssertEqual(tiled.activity.offChipInputWords, 5 * 384 * 729)
        XCTAssertEqual(tiled.activity.offChipWorkListWords, 48 * 729)
    }

    /// When not even one output column fits, the error names the field.
    func testSingleColumnTooLargeNamesField() throws {
        var rng = SplitMix(seed: 9)
        let spec = ConvSpec(name: "big", inC: 10, outC: 4, kernel: 3, pad: 1)
        let ws: [Int32] = (0..<(4 * 90)).map { _ in Int32(rng.int(1, 50)) }
        let layer = try QuantizedConv(spec: spec, width: 16, weights: ws, bias: [0, 0, 0, 0], shift: 4, inputNonNegative: true)
        let input = try QTensor(channels: 10, height: 6, width: 6, fracBits: 0, data: (0..<360).map { _ in Int32(rng.int(0, 9)) })
        let cm = CycleModel(pes: 1, lanesPerPE: 2)
        // one column = 10 × 3 × 3 = 90 words
        let small = BufferCapacities(inputWordsPerBank: 89, weightBufferOps: 1000, kernelTableEntries: 4, workListEntriesPerPE: 100)
        XCTAssertThrowsError(try LayerTiler.run(layer, input: input, compiler: Compiler(mode: .exact), capacities: small, cycleModel: cm)) {
            XCTAssertEqual(($0 as? LayerError)?.field, "inputWordsPerBank")
            XCTAssertEqual(($0 as? LayerError)?.layer, "big")
        }
        // 90 words fit: 1 column per band (2 columns need 10·3·4 = 120 words)
        let tight = BufferCapacities(inputWordsPerBank: 90, weightBufferOps: 1000, kernelTableEntries: 4, workListEntriesPerPE: 100)
        let ok = try LayerTiler.run(layer, input: input, compiler: Compiler(mode: .exact), capacities: tight, cycleModel: cm)
        XCTAssertEqual(ok.plan.colBands.count, 6)
        // 4 kernels on 1 PE need 4 entries per output: a 3-entry work list cannot hold one output
        let list = BufferCapacities(inputWordsPerBank: 90, weightBufferOps: 1000, kernelTableEntries: 4, workListEntriesPerPE: 3)
        XCTAssertThrowsError(try LayerTiler.run(layer, input: input, compiler: Compiler(mode: .exact), capacities: list, cycleModel: cm)) {
            XCTAssertEqual(($0 as? LayerError)?.field, "workListEntriesPerPE")
        }
    }
}
