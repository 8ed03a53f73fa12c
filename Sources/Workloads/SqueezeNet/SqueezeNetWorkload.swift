import Foundation
import Golden

/// SqueezeNet v1.0 (ImageNet, Deep Compression weights) as a workload: the network read from
/// `../shared/data/squeezenet`, its float reference, and its fixed-point version in the golden
/// model, quantised with ranges calibrated on the four images of `../shared/data/images`.
///
/// Shaped like the tuner's generic workload: a network (`fixedPoint`), calibration inputs
/// (`calibrationInputs()`), and an accuracy metric (`SqueezeNetProxyDataset`, agreement with
/// the unmodified fixed-point network's top-1).
public struct SqueezeNetWorkload: Sendable {
    public let dataDirectory: DataDirectory
    public let network: CaffeNetDescription
    public let weights: [CompressedLayer]
    public let reference: CaffeFloatReference
    public let calibration: BlobCalibration
    public let fixedPoint: QuantizedCaffeNetwork
    /// The calibration images by name (`DataDirectory.imageNames`).
    public let images: [(name: String, image: RGBImage)]
    public let preprocessing: CaffePreprocessing

    /// Loads the network and the images, calibrates and quantises (`width`-bit, default 16).
    /// Throws `MissingDataFile` naming a missing file and its origin, or `FormatError`.
    public static func load(dataDirectory: DataDirectory = .resolve(), width: Int = FixedPoint.defaultWidth,
                            headroomBits: Int = 1) throws -> SqueezeNetWorkload {
        let prototxt = try dataDirectory.squeezeNetPrototxt()
        let weightsPath = try dataDirectory.squeezeNetWeights()
        let network = try CaffeNetDescription.load(path: prototxt)
        let weights = try CompressedNet.load(path: weightsPath, layers: try network.convolutionShapes(file: prototxt))
        let images = try DataDirectory.imageNames.map { ($0, try PPM.load(path: try dataDirectory.image($0))) }
        let reference = CaffeFloatReference(description: network, weights: weights)
        let pre = CaffePreprocessing.squeezeNet
        let calibration = try BlobCalibration.measure(reference, inputs: images.map { pre.tensor($0.1) })
        let fixed = try QuantizedCaffeNetwork.quantize(reference, calibration: calibration, width: width, headroomBits: headroomBits)
        return SqueezeNetWorkload(dataDirectory: dataDirectory, network: network, weights: weights, reference: reference,
                                  calibration: calibration, fixedPoint: fixed, images: images, preprocessing: pre)
    }

    /// The preprocessed float input of an image.
    public func input(_ image: RGBImage) -> [Float] { preprocessing.tensor(image) }

    /// The quantised input of an image.
    public func quantizedInput(_ image: RGBImage) throws -> QTensor { try fixedPoint.quantizeInput(input(image)) }

    /// Float-reference classification (top-5).
    public func classifyFloat(image: RGBImage) throws -> Classification {
        Classification(scores: try reference.output(input(image)).map(Double.init))
    }

    /// Fixed-point golden-model classification (top-5) with every convolution in `mode`
    /// (the first layer, whose input is signed, falls back to zeroSkip in exact/predictive).
    public func classify(image: RGBImage, mode: Mode = .exact) throws -> Classification {
        Classification(scores: try fixedPoint.run(try quantizedInput(image), mode: mode).scores)
    }

    /// Quantised inputs of the calibration images.
    public func calibrationInputs() throws -> [QTensor] {
        try images.map { try quantizedInput($0.image) }
    }

    /// Golden-model statistics of one image in each of `modes`, per convolution layer.
    public func layerStatistics(image: RGBImage, modes: [Mode] = [.dense, .zeroSkip, .exact]) throws -> SqueezeNetLayerReport {
        let x = try quantizedInput(image)
        var runs: [Mode: FixedPointRun] = [:]
        for m in modes { runs[m] = try fixedPoint.run(x, mode: m) }
        return SqueezeNetLayerReport(modes: modes, runs: runs)
    }
}

/// Per-layer statistics of one image in several modes.
public struct SqueezeNetLayerReport: Sendable {
    public let modes: [Mode]
    public let runs: [Mode: FixedPointRun]

    /// One row per convolution layer.
    public struct Row: Sendable, Equatable {
        public let layer: String
        /// Mode each requested mode actually ran in (the first layer runs zeroSkip for exact).
        public let effectiveModes: [Mode: Mode]
        public let outputs: Int
        /// Fraction of outputs whose accumulator is negative (from the dense run when present).
        public let negativeFraction: Double
        public let executedOps: [Mode: Int]
        /// `executed(exact) / executed(dense)` and `/ executed(zeroSkip)` (nil if a mode is missing).
        public var exactVsDense: Double? { ratio(.exact, .dense) }
        public var exactVsZeroSkip: Double? { ratio(.exact, .zeroSkip) }
        func ratio(_ a: Mode, _ b: Mode) -> Double? {
            guard let x = executedOps[a], let y = executedOps[b], y > 0 else { return nil }
            return Double(x) / Double(y)
        }
    }

    public var rows: [Row] {
        guard let first = modes.first, let base = runs[first] else { return [] }
        return base.layerStats.indices.map { i in
            var eff: [Mode: Mode] = [:], ops: [Mode: Int] = [:]
            for m in modes { eff[m] = runs[m]!.layerStats[i].mode; ops[m] = runs[m]!.layerStats[i].total.executedOps }
            let negSource = runs[.dense] ?? base
            return Row(layer: base.layerStats[i].layer, effectiveModes: eff, outputs: base.layerStats[i].total.outputs,
                       negativeFraction: negSource.layerStats[i].total.negativeFraction, executedOps: ops)
        }
    }

    /// Network totals of executed ops per mode.
    public var totalOps: [Mode: Int] {
        var t: [Mode: Int] = [:]
        for m in modes { t[m] = runs[m]!.layerStats.reduce(0) { $0 + $1.total.executedOps } }
        return t
    }

    /// A plain-text table: layer, negative fraction, executed ops per mode, exact/dense, exact/zeroSkip.
    public var table: String {
        var lines = ["layer                 neg%   " + modes.map { String("ops(\($0))".padding(toLength: 14, withPad: " ", startingAt: 0)) }.joined() + "exact/dense exact/zeroSkip"]
        func pct(_ v: Double?) -> String { v.map { String(format: "%6.1f%%", 100 * $0) } ?? "     -" }
        for r in rows {
            var s = r.layer.padding(toLength: 20, withPad: " ", startingAt: 0) + String(format: " %5.1f  ", 100 * r.negativeFraction)
            for m in modes {
                let marker = r.effectiveModes[m] != m ? "*" : " "
                s += String(format: "%13d", r.executedOps[m] ?? 0) + marker
            }
            s += "  " + pct(r.exactVsDense) + "      " + pct(r.exactVsZeroSkip)
            lines.append(s)
        }
        let t = totalOps
        var s = "total".padding(toLength: 29, withPad: " ", startingAt: 0)
        for m in modes { s += String(format: "%13d ", t[m] ?? 0) }
        if let e = t[.exact], let d = t[.dense], let z = t[.zeroSkip] {
            s += "  " + pct(Double(e) / Double(d)) + "      " + pct(Double(e) / Double(z))
        }
        lines.append(s)
        lines.append("(* = ran in a different mode: the first layer's input is signed, so exact falls back to zeroSkip)")
        return lines.joined(separator: "\n")
    }
}
