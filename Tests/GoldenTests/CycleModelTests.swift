import XCTest
import Golden

final class CycleModelTests: XCTestCase {
    /// Cycle model == brute-force lane simulation (cycles, buffers, ops) on random tiles in all modes.
    func testCycleModelMatchesLaneSimulation() throws {
        var rng = SplitMix(seed: 0xC1C1E)
        for caseIndex in 0..<300 {
            let rc = RandomCase(rng: &rng, maxC: 5, maxHW: 8)
            let l = rc.layer, s = l.spec
            let mode = Mode.allCases[caseIndex % 4]
            let settings = (0..<s.outC).map { _ in
                PredictiveSetting(threshold: Int64(rng.int(-5000, 5000)), specN: rng.int(0, s.kernelSize + 1))
            }
            let compiler = Compiler(mode: mode, strategy: rng.chance(0.5) ? .grouped : .largestMagnitude,
                                    settings: settings)
            let pes = rng.int(1, 5), lanes = rng.int(1, 4)
            let tiles = try LayerTiler.tiles(l, input: rc.input, compiler: compiler, capacities: .unlimited, pes: pes)
            XCTAssertEqual(tiles.count, 1)
            let tile = tiles[0]
            let cm = CycleModel(pes: pes, lanesPerPE: lanes, handshakeOverhead: 2)
            let (ex, timing) = cm.run(tile)
            let sim = LaneSimulator(lanesPerPE: lanes).simulate(tile)
            XCTAssertEqual(timing.computeCycles, sim.computeCycles, "case \(caseIndex)")
            XCTAssertEqual(timing.cycles, sim.computeCycles + 2)
            XCTAssertEqual(tile.outputBuffers(ex), sim.buffers)
            for j in 0..<pes {
                for q in 0..<tile.workLists[j].count {
                    // block q of P outputs is rotated by q: entry q of PE j is output q*P + (j - q) mod P
                    let o = q * pes + ((j - q) % pes + pes) % pes
                    XCTAssertEqual(sim.buffers[j][q], ex.outputs[o])
                    XCTAssertEqual(sim.ops[j][q], Int(ex.executedOps[o]))
                }
            }
            // the fast layer executor agrees with the tile execution
            let run = try LayerExecutor.run(l, input: rc.input, compiler: compiler)
            XCTAssertEqual(run.output.data, ex.outputs)
            XCTAssertEqual(run.executedOps, ex.executedOps)
            let total = ex.executedOps.reduce(0) { $0 + Int($1) }
            if timing.computeCycles > 0 {
                XCTAssertEqual(timing.efficiency, Double(total) / Double(lanes * pes * timing.computeCycles), accuracy: 1e-12)
                XCTAssertLessThanOrEqual(timing.efficiency, 1.0)
            }
        }
    }

    /// Hand-derived schedule: 1 PE, 2 lanes, entry ops [3, 1, 1, 0, 4].
    /// lane0: 0..3 (3); lane1: 0..1 (1), 1..2 (1), 2..3 (empty list, 1 cycle); then entry 4
    /// goes to lane 0 (free at 3, tie with lane 1 -> lowest index): 3..7. T = 7.
    func testHandDerivedSchedule() {
        let cm = CycleModel(pes: 1, lanesPerPE: 2, handshakeOverhead: 2)
        XCTAssertEqual(cm.peTime(entryOps: [3, 1, 1, 0, 4]), 7)
        let t = cm.timing(entryOps: [[3, 1, 1, 0, 4]])
        XCTAssertEqual(t.cycles, 9)
        XCTAssertEqual(t.efficiency, 9.0 / 14.0, accuracy: 1e-12)
        XCTAssertEqual(cm.peTime(entryOps: []), 0)
    }

    /// Work distribution: outputs in blocks of P, block q rotated by q: PE j gets the outputs with
    /// (o mod P + o / P) mod P == j, in increasing o.
    func testDistribution() throws {
        let spec = ConvSpec(name: "d", inC: 1, outC: 2, kH: 1, kW: 1)
        let l = try QuantizedConv(spec: spec, width: 8, weights: [1, 2], bias: [0, 0], shift: 0)
        let input = try QTensor(channels: 1, height: 2, width: 2, fracBits: 0, data: [1, 2, 3, 4])
        let t = try LayerTiler.tiles(l, input: input, compiler: Compiler(mode: .dense), capacities: .unlimited, pes: 3)[0]
        // outputs o = 0..7: (k0: bases 0,1,2,3), (k1: bases 0,1,2,3)
        // block 0 (o 0,1,2) -> PEs 0,1,2; block 1 (o 3,4,5) -> PEs 1,2,0; block 2 (o 6,7) -> PEs 2,0
        XCTAssertEqual(t.workLists[0], [WorkEntry(kernel: 0, base: 0), WorkEntry(kernel: 1, base: 1), WorkEntry(kernel: 1, base: 3)])
        XCTAssertEqual(t.workLists[1], [WorkEntry(kernel: 0, base: 1), WorkEntry(kernel: 0, base: 3)])
        XCTAssertEqual(t.workLists[2], [WorkEntry(kernel: 0, base: 2), WorkEntry(kernel: 1, base: 0), WorkEntry(kernel: 1, base: 2)])
        XCTAssertEqual(t.outputIndex(pe: 0, entry: 1), 5)
        XCTAssertEqual(t.outputIndex(pe: 0, entry: 2), 7)
        XCTAssertEqual(t.outputIndex(pe: 2, entry: 1), 4)
        XCTAssertEqual(t.execute().outputs, [1, 2, 3, 4, 2, 4, 6, 8])
    }
}
