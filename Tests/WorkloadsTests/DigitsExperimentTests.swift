import SnapeaTesting
import XCTest
import Foundation
import Golden
import Workloads

/// Entry point for training experiments (skipped unless SNAPEA_DIGITS_EXPERIMENT is set):
/// trains the digits CNN with the options given as `key=value` pairs separated by spaces
/// (fields of `DigitsTrainingOptions`, starting from `.sparsityOnly`), or loads `file=PATH`, then prints the report numbers on
/// the default split and the held-out loss at 3 % over evaluation seeds 11, 12, 13.
final class DigitsExperimentTests: XCTestCase {
    func testExperiment() throws {
        let spec = try Gate.optIn("SNAPEA_DIGITS_EXPERIMENT", "'key=value ...' to run a digits training experiment")
        var o = DigitsTrainingOptions.sparsityOnly
        var file: String? = nil, save: String? = nil
        var seeds = true
        for item in spec.split(separator: " ") where !item.isEmpty {
            let kv = item.split(separator: "=", maxSplits: 1).map(String.init)
            guard kv.count == 2 else { return XCTFail("bad item \(item)") }
            let (k, v) = (kv[0], kv[1])
            func fl() -> [Float] { v.split(separator: ",").compactMap { Float($0) } }
            func ints() -> [Int] { v.split(separator: ",").compactMap { Int($0) } }
            switch k {
            case "file": file = v
            case "save": save = v
            case "seeds": seeds = v == "1"
            case "seed": o.seed = UInt64(v)!
            case "epochs": o.epochs = Int(v)!
            case "lr": o.learningRate = Float(v)!
            case "wd": o.weightDecay = Float(v)!
            case "c1": o.conv1Channels = Int(v)!
            case "c2": o.conv2Channels = Int(v)!
            case "penalty": o.sparsityPenalty = Float(v)!
            case "margin": o.sparsityMargin = Float(v)!
            case "layers": o.sparsityLayerWeights = fl()
            case "pool": o.poolSparsityPenalty = Float(v)!
            case "poolM": o.poolMargin = Float(v)!
            case "prev": o.previewSparsity = Float(v)!
            case "epochsX": o.epochs = Int(v)!
            case "res": o.resolutionPenalty = Float(v)!
            case "resN": o.resolutionCounts = ints()
            case "resM": o.resolutionMargin = Float(v)!
            case "resP": o.resolutionPositiveWeight = Float(v)!
            default: return XCTFail("unknown key \(k)")
            }
        }
        let data = try DigitsDataset.embedded()
        let split = DigitsSplit(count: data.samples.count)
        let train = DigitsSplit.samples(split.train, of: data)
        let model: DigitsModel
        if let f = file {
            model = try DigitsModelFile.load(url: URL(fileURLWithPath: f))
        } else {
            try o.validate()
            model = DigitsTrainer.train(options: o, samples: train).model
            if let s = save { try DigitsModelFile.save(model, to: URL(fileURLWithPath: s)) }
        }
        let profiling = Int(ProcessInfo.processInfo.environment["SNAPEA_DIGITS_PROFILE"] ?? "") ?? 300
        func report(evaluationSeed: UInt64?) throws -> DigitsNetworkReport {
            let sp = DigitsSplit(count: data.samples.count, evaluationSeed: evaluationSeed)
            let cal = DigitsSplit.samples(sp.calibration, of: data), test = DigitsSplit.samples(sp.test, of: data)
            let q = try DigitsQuantizer.quantize(model, calibration: cal)
            let session = try TunerSession(network: q, inputs: cal, labels: cal.map(\.label),
                                           profilingInputs: Array(train.prefix(profiling)), options: TunerOptions())
            if evaluationSeed == nil && ProcessInfo.processInfo.environment["SNAPEA_DIGITS_POINTS"] != nil {
                for l in 0..<session.points.count {
                    for (j, pt) in session.points[l].enumerated() {
                        let e = session.isolated[l][j]
                        print("  L\(l) point \(j): rel err \(pt.relativeError) saved \(pt.savedOps) fz \(pt.falseZeros) " +
                              "isolated harm \(e.map { String($0.harmed) } ?? "-") ops \(e.map { String($0.totalOps) } ?? "-")")
                    }
                }
            }
            return try DigitsReport.make(variant: .snapeaAware, model: model, network: q, session: session,
                                         test: test, budgets: evaluationSeed == nil ? [0.01, 0.02, 0.03] : [0.03])
        }
        func p(_ x: Double) -> String { String(format: "%.2f", x * 100) }
        func x(_ v: Double) -> String { String(format: "%.2fx", v) }
        let r = try report(evaluationSeed: nil)
        print("EXPERIMENT \(spec)")
        let cal0 = DigitsSplit.samples(split.calibration, of: data), test0 = DigitsSplit.samples(split.test, of: data)
        print("  float accuracy: train \(p(model.accuracy(on: train))) calibration \(p(model.accuracy(on: cal0))) " +
              "test \(p(model.accuracy(on: test0))) pool \(p(model.accuracy(on: cal0 + test0)))")
        print("  float \(p(r.floatAccuracy)) fixed \(p(r.fixedAccuracy)) neg \(r.layers.map { p($0.negativeFraction) }) " +
              "exact \(x(r.exactSpeedupVsDense)) (vs zeroSkip \(x(r.exactSpeedupVsZeroSkip)))")
        for b in r.budgets {
            print("  budget \(p(b.budget)): \(x(b.speedupVsDense)) vs dense, \(x(b.speedupVsExact)) vs exact, loss \(p(b.heldOutLoss)), " +
                  "cal harmed \(b.calibrationHarmed)/\(b.allowedHarm), kernels \(p(b.predictiveKernelFraction))")
        }
        for l in r.layers {
            let outs = Double(l.denseOps) / Double(l.kernels == 0 ? 1 : 1)
            print("  \(l.name): dense \(l.denseOps) exact \(l.exactOps) predictive \(l.predictiveOps) " +
                  "kernels \(l.predictiveKernels)/\(l.kernels) (\(outs))")
        }
        print("  pareto " + r.pareto.map { "(\(p($0.calibrationHarmRate)) cal, \(p($0.heldOutLoss)) test, \(x($0.speedupVsDense)))" }
            .joined(separator: " "))
        if seeds {
            for s: UInt64 in [11, 12, 13] {
                let rs = try report(evaluationSeed: s)
                let b = rs.budgets[0]
                print("  seed \(s): fixed \(p(rs.fixedAccuracy)) 3%: \(x(b.speedupVsDense)) loss \(p(b.heldOutLoss))")
            }
        }
    }
}
