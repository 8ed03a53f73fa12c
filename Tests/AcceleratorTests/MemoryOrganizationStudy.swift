import SnapeaTesting
import XCTest
import Foundation
import Golden
import Workloads
import Accelerator

/// The memory-organisation study of docs/ACCELERATOR.md ("Choosing the memory organisation"):
/// lane efficiency of candidate organisations on SqueezeNet's convolutions (one image, exact
/// mode, golden op counts), 256 lanes. A study, not a test: opt-in (`SNAPEA_STUDY=1`), prints its tables.
final class MemoryOrganizationStudy: XCTestCase {
    func testStudy() throws {
        try Gate.optIn("SNAPEA_STUDY", "run the memory-organisation study")
        let w = try SqueezeNetWorkload.load()
        let x = try w.quantizedInput(w.images[0].image)
        let lanesTotal = 256
        for mode in [Mode.exact, .zeroSkip] {
            let run = try w.run(x, mode: mode)
            var configs: [(String, (QuantizedConv, [Int32], [Int]) -> (Int, Int))] = []
            // Lock-step groups of G lanes on one kernel over G adjacent positions.
            for g in [2, 16] {
                configs.append(("lockstep G\(g)", { layer, ops, _ in
                    let hw = ops.count / layer.spec.outC
                    var cycles = 0
                    for k in 0..<layer.spec.outC {
                        var p = 0
                        while p < hw {
                            let end = min(hw, p + g)
                            cycles += max(1, Int(ops[(k * hw + p)..<(k * hw + end)].max()!))
                            p = end
                        }
                    }
                    return (Int(ops.reduce(0) { $0 + Int($1) }), (cycles * g + lanesTotal - 1) / lanesTotal)
                }))
            }
            for (streams, m, f, sep) in [(1, 4, 64, true), (1, 4, 64, false), (0, 4, 64, true), (0, 4, 64, false), (0, 8, 64, false), (0, 4, 128, false), (0, 2, 64, false)] {
                configs.append(("stream S\(streams == 0 ? "best" : String(streams)) M\(m) F\(f)\(sep ? " hdr" : "")", { layer, ops, lengths in
                    let hw = ops.count / layer.spec.outC
                    let cands = streams == 0 ? [1, 2, 4, 8, 16] : [streams]
                    var best: (Int, Int)? = nil
                    for s in cands {
                        let lanes = lanesTotal / s
                        let slots = max(1, min(m, (hw + lanes - 1) / lanes))
                        let perRound = lanes * slots
                        var groupCycles = [Int](repeating: 0, count: s)
                        var total = 0
                        var p0 = 0
                        while p0 < hw {
                            for g in 0..<s {
                                let ks = Array(stride(from: g, to: layer.spec.outC, by: s))
                                if ks.isEmpty { continue }
                                var e = [Int32](repeating: -1, count: lanes * ks.count * slots)
                                for l in 0..<lanes {
                                    for sl in 0..<slots {
                                        let p = p0 + l * slots + sl
                                        guard p < hw else { continue }
                                        for (ki, k) in ks.enumerated() { e[(l * ks.count + ki) * slots + sl] = ops[k * hw + p] }
                                    }
                                }
                                let model = StreamCycleModel(lanes: lanes, slots: slots, queueDepth: f, streamRate: 2, separateHeaders: sep)
                                let t = model.run(kernelLengths: ks.map { lengths[$0] }, thresholdHeaders: false, executedOps: e)
                                groupCycles[g] += t.computeCycles
                                total += t.executedOps
                            }
                            p0 += perRound
                        }
                        let cycles = groupCycles.max()!
                        if best == nil || cycles < best!.1 { best = (total, cycles) }
                    }
                    return best!
                }))
            }
            var sums = [(Int, Int)](repeating: (0, 0), count: configs.count)
            print("study \(mode): layer " + configs.map { $0.0 }.joined(separator: " | "))
            for layer in w.convolutions {
                let ops = run.executedOps[layer.spec.name]!
                let lengths = (0..<layer.spec.outC).map { k in
                    mode == .dense ? layer.spec.kernelSize : layer.kernelWeights(k).filter { $0 != 0 }.count
                }
                var line = "study \(mode): \(layer.spec.name)"
                for (i, c) in configs.enumerated() {
                    let (o, cyc) = c.1(layer, ops, lengths)
                    sums[i].0 += o; sums[i].1 += cyc
                    line += String(format: " %.3f", Double(o) / Double(lanesTotal * max(1, cyc)))
                }
                print(line)
            }
            print("study \(mode): NETWORK" + sums.map { String(format: " %.3f (%d cyc)", Double($0.0) / Double(lanesTotal * $0.1), $0.1) }.joined())
        }
    }
}

extension MemoryOrganizationStudy {
    /// The stream organisation as built (`StreamConfig.default256`, golden `StreamTiler`): per-layer
    /// cycles and efficiency on SqueezeNet (one image) in dense, zeroSkip and exact mode.
    func testStreamArraySqueezeNet() throws {
        try Gate.optIn("SNAPEA_STUDY", "run the memory-organisation study")
        let w = try SqueezeNetWorkload.load()
        let x = try w.quantizedInput(w.images[0].image)
        let config = StreamConfig.default256
        var totals: [Mode: (ops: Int, cycles: Int)] = [:], after: [Mode: (ops: Int, cycles: Int)] = [:]
        var losses = [0, 0, 0, 0, 0, 0]  // exact, 25 layers: wasted, header, dead slot, starved, tail (incl. empty ops), lane cycles
        for mode in [Mode.dense, .zeroSkip, .exact] {
            let run = try w.run(x, mode: mode)
            let inputs = w.layerInputs(run)
            var line = "stream256 \(mode):"
            for (i, layer) in w.convolutions.enumerated() {
                let eff = LayerExecutor.effectiveMode(mode, layer: layer, input: inputs[i])
                let s = layer.spec
                let programs = try Compiler(mode: eff).compile(layer, inputHeight: inputs[i].height + 2 * s.pad,
                                                              inputWidth: inputs[i].width + 2 * s.pad)
                let r = try config.tiler.run(layer, inputs: [inputs[i]], mode: eff, programs: programs)
                XCTAssertEqual(r.outputs[0], run.outputs[w.network.index(of: s.name)!].data)
                let e = Double(r.executedTotal) / Double(config.lanes * r.computeCycles)
                line += String(format: " %@ %.3f(c%d,r%d,%d)", s.name, e, r.packing.stripLength, r.packing.rounds, r.tiles)
                totals[mode, default: (0, 0)].ops += r.executedTotal
                totals[mode, default: (0, 0)].cycles += r.cycles
                if mode == .exact && i > 0 {
                    var lost = [0, 0, 0, 0]
                    for t in r.timings {
                        lost[0] += t.wastedIssues; lost[1] += t.headerCycles; lost[2] += t.deadSlotCycles; lost[3] += t.starvedCycles
                    }
                    let laneCycles = r.timings.reduce(0) { $0 + $1.computeCycles } * config.lanes
                    let tail = laneCycles - r.executedTotal - lost.reduce(0, +)
                    losses[0] += lost[0]; losses[1] += lost[1]; losses[2] += lost[2]; losses[3] += lost[3]; losses[4] += tail
                    losses[5] += laneCycles
                }
                if i > 0 {  // the 25 layers `snapea simulate` reports (conv1's input is signed)
                    after[mode, default: (0, 0)].ops += r.executedTotal
                    after[mode, default: (0, 0)].cycles += r.cycles
                }
            }
            print(line)
        }
        let lc = Double(max(1, losses[5]))
        print(String(format: "stream256 exact lane-cycle losses (25 layers): wasted %.3f, header %.3f, dead slot %.3f, starved %.3f, tail %.3f",
                     Double(losses[0]) / lc, Double(losses[1]) / lc, Double(losses[2]) / lc, Double(losses[3]) / lc, Double(losses[4]) / lc))
        for (label, sums) in [("TOTAL", totals), ("WITHOUT conv1", after)] {
            for (m, t) in sums.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                print(String(format: "stream256 %@ %@: ops %d cycles %d efficiency %.3f", label, m.rawValue, t.ops, t.cycles,
                             Double(t.ops) / Double(config.lanes * t.cycles)))
            }
        }
    }
}

extension MemoryOrganizationStudy {
    /// The SnaPEA-aware digits CNN on 16 held-out test digits (one batch): cycles per mode on the
    /// register-file organisation (`AcceleratorConfig.default256`, `LayerTiler`) and on the stream
    /// organisation (`StreamConfig.default256`, `StreamTiler`).
    func testDigitsBothOrganisations() throws {
        try Gate.optIn("SNAPEA_STUDY", "run the memory-organisation study")
        let dataset = try DigitsDataset.embedded()
        let split = DigitsSplit(count: dataset.samples.count)
        let network = try DigitsQuantizer.quantize(try DigitsModelFile.embedded(.snapeaAware),
                                                   calibration: DigitsSplit.samples(split.calibration, of: dataset))
        let test = DigitsSplit.samples(Array(split.test.prefix(16)), of: dataset)
        let runs = try network.runBatch(test, plans: network.exactPlans, recordInputs: true)
        let old = AcceleratorConfig.default256, stream = StreamConfig.default256
        var cycles: [String: Int] = [:]
        for (l, layer) in network.tunableLayers.enumerated() {
            let inputs = runs.map { $0.layerInputs[l] }
            for mode in [Mode.dense, .zeroSkip, .exact] {
                let a = try LayerTiler.run(layer, inputs: inputs, compiler: Compiler(mode: mode), capacities: old.bufferCapacities,
                                           cycleModel: old.cycleModel)
                let s = layer.spec
                let programs = try Compiler(mode: mode).compile(layer, inputHeight: inputs[0].height + 2 * s.pad,
                                                               inputWidth: inputs[0].width + 2 * s.pad)
                let b = try stream.tiler.run(layer, inputs: inputs, mode: mode, programs: programs)
                XCTAssertEqual(b.executedTotal, a.activity.macs, "\(s.name) \(mode): same ops")
                cycles["old \(mode)", default: 0] += a.activity.cycles
                cycles["stream \(mode)", default: 0] += b.cycles
                print("digits \(s.name) \(mode) [\(inputs.count)x\(inputs[0].channels)x\(inputs[0].height)x\(inputs[0].width) k\(s.outC) c\(b.packing.stripLength) strips \(b.packing.strips) perLane \(b.packing.stripsPerLane) rounds \(b.packing.rounds) split \(b.splitKernels) tiles \(b.tiles)]: register-file \(a.activity.cycles) cycles (eff \(a.efficiency)), "
                      + "stream \(b.cycles) cycles (eff \(Double(b.executedTotal) / Double(stream.lanes * b.computeCycles)))")
            }
        }
        for org in ["old", "stream"] {
            let d = Double(cycles["\(org) dense"]!)
            print("digits \(org): dense \(Int(d)), exact \(cycles["\(org) exact"]!) cycles: exact \(d / Double(cycles["\(org) exact"]!))x vs dense, "
                  + "\(Double(cycles["\(org) zeroSkip"]!) / Double(cycles["\(org) exact"]!))x vs zeroSkip")
        }
    }
}
