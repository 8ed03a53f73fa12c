import XCTest
import Golden

final class PredictiveModeTests: XCTestCase {
    /// Th = Int64.min never predicts: predictive equals exact (outputs) for any N and strategy.
    func testMinimumThresholdEqualsExact() throws {
        var rng = SplitMix(seed: 0xBEEF)
        for _ in 0..<300 {
            let rc = RandomCase(rng: &rng)
            let l = rc.layer, s = l.spec
            let settings = (0..<s.outC).map { _ in PredictiveSetting(threshold: Int64.min, specN: rng.int(0, s.kernelSize)) }
            let strategy: SpeculationStrategy = rng.chance(0.5) ? .grouped : .largestMagnitude
            let ex = try LayerExecutor.run(l, input: rc.input, mode: .exact)
            let pr = try LayerExecutor.run(l, input: rc.input,
                                           compiler: Compiler(mode: .predictive, strategy: strategy, settings: settings))
            XCTAssertEqual(pr.stats.mode, .predictive)
            XCTAssertEqual(pr.output.data, ex.output.data)
            XCTAssertEqual(pr.stats.total.predictedZeros, 0)
            XCTAssertEqual(pr.stats.total.falseZeros, 0)
            XCTAssertEqual(pr.stats.total.negativeOutputs, ex.stats.total.negativeOutputs)
            // N = 0 everywhere: identical programs, identical ops
            let pr0 = try LayerExecutor.run(l, input: rc.input, compiler: Compiler(mode: .predictive))
            XCTAssertEqual(pr0.executedOps, ex.executedOps)
        }
    }

    /// With thresholds: predicted outputs are 0 and counted, kept outputs are bit-exact, and
    /// the prediction decision matches an independently computed speculation sum.
    func testThresholdPredictionsCountedAndKeptOutputsExact() throws {
        var rng = SplitMix(seed: 0xF00D)
        var predictedTotal = 0, falseTotal = 0
        for _ in 0..<400 {
            let rc = RandomCase(rng: &rng)
            let l = rc.layer, s = l.spec
            let settings = (0..<s.outC).map { _ in
                PredictiveSetting(threshold: Int64(rng.int(-20000, 20000)), specN: rng.int(1, s.kernelSize))
            }
            let pr = try LayerExecutor.run(l, input: rc.input, compiler: Compiler(mode: .predictive, settings: settings))
            let ref = naiveConv(weights: l.weights, bias: l.bias, inC: s.inC, outC: s.outC, kH: s.kH, kW: s.kW,
                                stride: s.stride, pad: s.pad, input: rc.input.data, h: rc.input.height,
                                w: rc.input.width, shift: l.shift, width: l.width)
            let nOut = ref.hout * ref.wout
            let padded = rc.input.padded(s.pad)
            let wp = rc.input.width + 2 * s.pad, hp = rc.input.height + 2 * s.pad
            var predicted = 0, falseZeros = 0
            for o in 0..<ref.out.count {
                let k = o / nOut, oy = (o % nOut) / ref.wout, ox = o % ref.wout
                // independent speculation set: N largest |w| nonzero taps (ties: lower index)
                let taps = (0..<s.kernelSize).filter { l.weights[k * s.kernelSize + $0] != 0 }
                    .sorted { a, b in
                        let ma = abs(Int(l.weights[k * s.kernelSize + a])), mb = abs(Int(l.weights[k * s.kernelSize + b]))
                        return ma != mb ? ma > mb : a < b
                    }
                let n = min(settings[k].specN, taps.count)
                var sum = l.bias[k]
                for t in taps.prefix(n) {
                    let c = t / (s.kH * s.kW), ky = (t / s.kW) % s.kH, kx = t % s.kW
                    let y = oy * s.stride + ky, x = ox * s.stride + kx
                    XCTAssertLessThan(y, hp)
                    sum += Int64(l.weights[k * s.kernelSize + t]) * Int64(padded[(c * hp + y) * wp + x])
                }
                if pr.stops[o] == .predicted {
                    predicted += 1
                    XCTAssertEqual(pr.output.data[o], 0)
                    XCTAssertEqual(Int(pr.executedOps[o]), n)
                    XCTAssertLessThanOrEqual(sum, settings[k].threshold)
                    if ref.out[o] != 0 { falseZeros += 1 }
                } else {
                    XCTAssertEqual(pr.output.data[o], ref.out[o], "kept output must be exact")
                    if n >= 1 && sum <= settings[k].threshold {
                        // not predicted although the speculation sum is low: the sign check fired first
                        XCTAssertEqual(pr.stops[o], .sign)
                        XCTAssertLessThan(Int(pr.executedOps[o]), n)
                    }
                }
            }
            XCTAssertEqual(pr.stats.total.predictedZeros, predicted)
            XCTAssertEqual(pr.stats.total.falseZeros, falseZeros)
            XCTAssertEqual(pr.stats.total.negativeOutputs, ref.acc.filter { $0 < 0 }.count)
            predictedTotal += predicted
            falseTotal += falseZeros
        }
        XCTAssertGreaterThan(predictedTotal, 100)
        XCTAssertGreaterThan(falseTotal, 0)
    }

    /// Grouped selection, hand-derived: nonzero magnitudes sorted 9,8,7,6,5,4 (M = 6), N = 3:
    /// groups start at 0, 2, 4 -> weights 9, 7, 5. Largest-magnitude N = 3 -> 9, 8, 7.
    func testSpeculationSelection() throws {
        let spec = ConvSpec(name: "sel", inC: 1, outC: 1, kH: 1, kW: 7)
        let l = try QuantizedConv(spec: spec, width: 8, weights: [5, -9, 0, 7, -6, 8, -4], bias: [0], shift: 0)
        let grouped = Compiler(mode: .predictive, strategy: .grouped, settings: [PredictiveSetting(threshold: 0, specN: 3)])
        let pg = try grouped.compile(l, inputHeight: 1, inputWidth: 7)[0]
        XCTAssertEqual(Array(pg.weights.prefix(3)), [-9, 7, 5])
        // rest in exact order: positives by magnitude (8), then negatives by magnitude (-6, -4)
        XCTAssertEqual(Array(pg.weights.dropFirst(3)), [8, -6, -4])
        XCTAssertEqual(pg.checkFrom, 3)
        XCTAssertEqual(pg.specN, 3)
        let largest = Compiler(mode: .predictive, settings: [PredictiveSetting(threshold: 0, specN: 3)])
        let pl = try largest.compile(l, inputHeight: 1, inputWidth: 7)[0]
        XCTAssertEqual(pl.weights, [-9, 8, 7, 5, -6, -4])
        XCTAssertEqual(pl.checkFrom, 3)
        XCTAssertEqual(pl.offsets, [1, 5, 3, 0, 4, 6])
        // N larger than the nonzero count is clamped
        let big = Compiler(mode: .predictive, settings: [PredictiveSetting(threshold: 0, specN: 50)])
        XCTAssertEqual(try big.compile(l, inputHeight: 1, inputWidth: 7)[0].specN, 6)
    }

    /// Smarter order: weight × channel mean. Channel 1 has mean 0, so its positive weight goes
    /// last among the positives even though it is the largest.
    func testInputWeightedOrder() throws {
        let spec = ConvSpec(name: "iw", inC: 2, outC: 1, kH: 1, kW: 2)
        let l = try QuantizedConv(spec: spec, width: 8, weights: [3, -2, 9, -7], bias: [0], shift: 0)
        let stats = ChannelStatistics(means: [10, 0])
        let p = try Compiler(mode: .exact, order: .inputWeighted(stats)).compile(l, inputHeight: 1, inputWidth: 2)[0]
        XCTAssertEqual(p.weights, [3, 9, -2, -7])
        let m = try Compiler(mode: .exact).compile(l, inputHeight: 1, inputWidth: 2)[0]
        XCTAssertEqual(m.weights, [9, 3, -7, -2])
        // statistics from tensors
        let t = try QTensor(channels: 2, height: 1, width: 2, fracBits: 0, data: [1, 3, 0, 4])
        XCTAssertEqual(ChannelStatistics(inputs: [t]).means, [2, 2])
    }
}

final class OrderTests: XCTestCase {
    /// The input-weighted order is still exact (bit-identical to the naive reference) and its
    /// op counts are consistent; on inputs whose channel means differ strongly it should not
    /// lose to the magnitude order in total.
    func testInputWeightedOrderIsExact() throws {
        var rng = SplitMix(seed: 0x0DE5)
        var magnitude = 0, weighted = 0
        for _ in 0..<200 {
            let rc = RandomCase(rng: &rng)
            let l = rc.layer, s = l.spec
            // skew channel magnitudes so that channel means differ
            var input = rc.input
            let hw = input.height * input.width
            let maxV = Int32((Int64(1) << (l.width - 1)) - 1)
            for c in 0..<input.channels {
                let f = Int32(rng.int(0, 4))
                for i in (c * hw)..<((c + 1) * hw) { input.data[i] = min(maxV, input.data[i] * f) }
            }
            let ref = naiveConv(weights: l.weights, bias: l.bias, inC: s.inC, outC: s.outC, kH: s.kH, kW: s.kW,
                                stride: s.stride, pad: s.pad, input: input.data, h: input.height, w: input.width,
                                shift: l.shift, width: l.width)
            let st = ChannelStatistics(inputs: [input])
            let r = try LayerExecutor.run(l, input: input, compiler: Compiler(mode: .exact, order: .inputWeighted(st)))
            XCTAssertEqual(r.output.data, ref.out)
            let cmp = try OrderComparison.compare(l, input: input, statistics: st)
            XCTAssertEqual(cmp.inputWeightedOps, r.stats.total.executedOps)
            XCTAssertLessThanOrEqual(cmp.magnitudeOps, cmp.zeroSkipOps)
            XCTAssertLessThanOrEqual(cmp.inputWeightedOps, cmp.zeroSkipOps)
            magnitude += cmp.magnitudeOps
            weighted += cmp.inputWeightedOps
        }
        print("random skewed layers: magnitude order \(magnitude) ops, input-weighted \(weighted) ops")
        XCTAssertLessThanOrEqual(weighted, magnitude)
    }
}

final class SpeculationProfileTests: XCTestCase {
    /// The profile's evaluation at any thresholds equals running predictive mode with them.
    func testProfileMatchesPredictiveRuns() throws {
        var rng = SplitMix(seed: 0x9F0F)
        for _ in 0..<150 {
            let rc = RandomCase(rng: &rng)
            let l = rc.layer, s = l.spec
            let ns = (0..<s.outC).map { _ in rng.int(0, s.kernelSize + 1) }
            let strategy: SpeculationStrategy = rng.chance(0.5) ? .grouped : .largestMagnitude
            let prof = try LayerExecutor.speculationProfile(l, input: rc.input, specN: ns, strategy: strategy)
            for _ in 0..<3 {
                let th = (0..<s.outC).map { _ in Int64(rng.int(-30000, 30000)) }
                let settings = zip(th, ns).map { PredictiveSetting(threshold: $0, specN: $1) }
                let run = try LayerExecutor.run(l, input: rc.input,
                                                compiler: Compiler(mode: .predictive, strategy: strategy, settings: settings))
                let ev = prof.evaluate(thresholds: th)
                for k in 0..<s.outC {
                    XCTAssertEqual(ev[k].executedOps, run.stats.perKernel[k].executedOps)
                    XCTAssertEqual(ev[k].predictedZeros, run.stats.perKernel[k].predictedZeros)
                    XCTAssertEqual(ev[k].falseZeros, run.stats.perKernel[k].falseZeros)
                    XCTAssertEqual(ev[k].zeroSkipOps, run.stats.perKernel[k].zeroSkipOps)
                }
            }
        }
    }
}

final class PrecompiledTests: XCTestCase {
    /// Running with precompiled programs gives the same result as compiling inside `run`;
    /// programs of another layer are rejected.
    func testPrecompiledProgramsMatch() throws {
        var rng = SplitMix(seed: 0xC0DE)
        for _ in 0..<60 {
            let rc = RandomCase(rng: &rng)
            let l = rc.layer, s = l.spec
            let settings = (0..<s.outC).map { _ in PredictiveSetting(threshold: Int64(rng.int(-9000, 9000)), specN: rng.int(0, 5)) }
            for mode in Mode.allCases {
                let c = Compiler(mode: mode, settings: settings)
                let progs = try c.compile(l, inputHeight: 1, inputWidth: 1)  // offsets unused
                let a = try LayerExecutor.run(l, input: rc.input, compiler: c)
                let b = try LayerExecutor.run(l, input: rc.input, mode: mode, programs: progs)
                XCTAssertEqual(a.output, b.output)
                XCTAssertEqual(a.executedOps, b.executedOps)
                XCTAssertEqual(a.stats, b.stats)
            }
            var other = l
            other.weights = l.weights.map { $0 == 0 ? 1 : 0 }
            let wrong = try Compiler(mode: .dense).compile(other, inputHeight: 1, inputWidth: 1)
            XCTAssertThrowsError(try LayerExecutor.run(l, input: rc.input, mode: .dense, programs: wrong))
        }
    }
}
