import XCTest
import Golden

final class ExactModeTests: XCTestCase {
    /// Exact (and dense, zeroSkip) equal the naive conv + ReLU + requant bit for bit on 1,200
    /// random layers; ops(exact) <= ops(zeroSkip) <= ops(dense) for every output.
    func testExactEqualsNaiveDenseOnRandomLayers() throws {
        var rng = SplitMix(seed: 0x5A9EA)
        var sawEarlyStop = false
        for caseIndex in 0..<1200 {
            let rc = RandomCase(rng: &rng)
            let l = rc.layer, s = l.spec
            let ref = naiveConv(weights: l.weights, bias: l.bias, inC: s.inC, outC: s.outC, kH: s.kH, kW: s.kW,
                                stride: s.stride, pad: s.pad, input: rc.input.data, h: rc.input.height,
                                w: rc.input.width, shift: l.shift, width: l.width)
            let dense = try LayerExecutor.run(l, input: rc.input, mode: .dense)
            let zs = try LayerExecutor.run(l, input: rc.input, mode: .zeroSkip)
            let ex = try LayerExecutor.run(l, input: rc.input, mode: .exact)
            XCTAssertEqual(ex.stats.mode, .exact)
            XCTAssertEqual(ex.output.height, ref.hout)
            XCTAssertEqual(ex.output.width, ref.wout)
            XCTAssertEqual(dense.output.data, ref.out, "dense, case \(caseIndex): \(s)")
            XCTAssertEqual(zs.output.data, ref.out, "zeroSkip, case \(caseIndex): \(s)")
            XCTAssertEqual(ex.output.data, ref.out, "exact, case \(caseIndex): \(s)")
            let nOut = ref.hout * ref.wout
            for o in 0..<ref.out.count {
                let k = o / nOut
                let nnz = l.weights[(k * s.kernelSize)..<((k + 1) * s.kernelSize)].filter { $0 != 0 }.count
                XCTAssertEqual(Int(dense.executedOps[o]), s.kernelSize)
                XCTAssertEqual(Int(zs.executedOps[o]), nnz)
                XCTAssertLessThanOrEqual(ex.executedOps[o], zs.executedOps[o])
                if ex.executedOps[o] < zs.executedOps[o] {
                    sawEarlyStop = true
                    XCTAssertLessThan(ref.acc[o], 0, "an early stop must be a negative output")
                }
            }
            let negatives = ref.acc.filter { $0 < 0 }.count
            XCTAssertEqual(ex.stats.total.negativeOutputs, negatives)
            XCTAssertEqual(dense.stats.total.negativeOutputs, negatives)
            XCTAssertEqual(ex.stats.total.executedOps, ex.executedOps.reduce(0) { $0 + Int($1) })
            XCTAssertEqual(ex.stats.total.denseOps, nOut * s.outC * s.kernelSize)
            if testRun?.failureCount ?? 0 > 20 { return }
        }
        XCTAssertTrue(sawEarlyStop)
    }

    /// The talk's example: kernel (-5, +1, -1) is ordered (+1, -5, -1) and the last MAC is cut
    /// once the partial sum is negative.
    func testTalkExample() throws {
        let spec = ConvSpec(name: "talk", inC: 1, outC: 1, kH: 1, kW: 3)
        let l = try QuantizedConv(spec: spec, width: 8, weights: [-5, 1, -1], bias: [0], shift: 0)
        let p = try Compiler(mode: .exact).compile(l, inputHeight: 1, inputWidth: 3)[0]
        XCTAssertEqual(p.weights, [1, -5, -1])
        XCTAssertEqual(p.offsets, [1, 0, 2])
        XCTAssertEqual(p.checkFrom, 0)
        let input = try QTensor(channels: 1, height: 1, width: 3, fracBits: 0, data: [1, 1, 1])
        let r = try LayerExecutor.run(l, input: input, mode: .exact)
        // 0 + 1*1 = 1 (op 0, not negative), 1 - 5 = -4 (op 1, negative: stop)
        XCTAssertEqual(r.executedOps, [2])
        XCTAssertEqual(r.output.data, [0])
    }

    /// Signed inputs: exact must not run (falls back to zeroSkip) and the result is still dense.
    func testSignedInputFallsBack() throws {
        var rng = SplitMix(seed: 77)
        var fellBack = 0
        for _ in 0..<100 {
            let rc = RandomCase(rng: &rng, nonNegativeInput: false)
            let l = rc.layer, s = l.spec
            let ref = naiveConv(weights: l.weights, bias: l.bias, inC: s.inC, outC: s.outC, kH: s.kH, kW: s.kW,
                                stride: s.stride, pad: s.pad, input: rc.input.data, h: rc.input.height,
                                w: rc.input.width, shift: l.shift, width: l.width)
            for mode in [Mode.exact, .predictive] {
                let r = try LayerExecutor.run(l, input: rc.input, mode: mode)
                XCTAssertEqual(r.output.data, ref.out)
                if !rc.input.isNonNegative {
                    XCTAssertEqual(r.stats.mode, .zeroSkip)
                    fellBack += 1
                }
            }
        }
        XCTAssertGreaterThan(fellBack, 50)
    }
}
