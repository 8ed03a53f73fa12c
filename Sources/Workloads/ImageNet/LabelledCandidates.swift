import Foundation
import Golden

/// What predictive-mode tuning on labelled images fixes before any calibration result is seen:
/// the folder's rows, the seeded split (`LabelledSplit`), the ladder of common relative error
/// levels and, per level, every tunable layer's point (the local optimiser's (Th, N) per kernel,
/// fitted on the profiling images only). Written by `snapea tune --stage profile`; the image
/// ranges of `--shard k/n` evaluate these candidates, and the merge decides.
public struct LabelledCandidates: Codable, Equatable, Sendable {
    public static let formatName = "snapea-labelled-candidates"
    public var format: String = LabelledCandidates.formatName
    public var version: Int = 1
    /// Digest of the folder's rows (`file,class` per row) the split indexes into.
    public var labelsDigest: String
    public var rows: Int
    public var seed: UInt64
    public var profiling: [Int]
    public var calibration: [Int]
    public var heldOut: [Int]
    /// The ladder of common relative error levels (increasing).
    public var levels: [Double]
    public var layers: [String]
    /// `points[i][l]`: layer `l`'s point at `levels[i]`.
    public var points: [[Point]]
    /// How the candidates were made (profiling and local optimisation), for the table's `method`.
    public var method: String

    /// One layer's point (a `LayerPoint` in a stable, lossless JSON form).
    public struct Point: Codable, Equatable, Sendable {
        public var strategy: String
        public var thresholds: [Int64]
        public var counts: [Int]
        public var savedOps: Int
        public var falseZeros: Int
        public var errorMass: Int64
        public var relativeError: Double

        init(_ p: LayerPoint) {
            strategy = p.strategy.rawValue
            thresholds = p.settings.map(\.threshold)
            counts = p.settings.map(\.specN)
            savedOps = p.savedOps
            falseZeros = p.falseZeros
            errorMass = p.errorMass
            relativeError = p.relativeError
        }

        func layerPoint(_ layer: String) throws -> LayerPoint {
            guard let s = SpeculationStrategy(rawValue: strategy), thresholds.count == counts.count else {
                throw TunerError("candidates: layer \(layer): bad strategy or setting count")
            }
            return LayerPoint(layer: layer, strategy: s,
                              settings: zip(thresholds, counts).map { PredictiveSetting(threshold: $0, specN: $1) },
                              savedOps: savedOps, falseZeros: falseZeros, errorMass: errorMass, relativeError: relativeError)
        }

        var predictive: Bool { counts.contains { $0 >= 1 } }
    }

    /// The candidate of level `i` as layer points.
    public func layerPoints(level i: Int) throws -> [LayerPoint] {
        try zip(layers, points[i]).map { try $1.layerPoint($0) }
    }

    /// The evaluation images (calibration and held-out), in row order: what `--shard` splits.
    public var evaluationRows: [Int] { (calibration + heldOut).sorted() }

    /// Configuration index of every level: 0 = exact (no kernel predicts), otherwise 1 + the first
    /// level with the same points (levels that change nothing are not run twice).
    public var configOfLevel: [Int] {
        var out: [Int] = []
        for i in levels.indices {
            if !points[i].contains(where: \.predictive) { out.append(0); continue }
            let same = (0..<i).first { points[$0] == points[i] }
            out.append(same.map { out[$0] } ?? 1 + i)
        }
        return out
    }

    /// The distinct configurations to evaluate: 0 (exact) and `1 + i` for the levels `i` that
    /// introduce new points.
    public var configs: [Int] { [0] + Array(Set(configOfLevel.filter { $0 > 0 })).sorted() }

    /// The plans of configuration `c` (0 = exact).
    public func plans(config c: Int) throws -> [LayerPlan] {
        c == 0 ? Array(repeating: .exact, count: layers.count) : try layerPoints(level: c - 1).map(\.plan)
    }

    /// Encoded JSON (sorted keys: equal candidates give equal bytes).
    public func encode() throws -> Data {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        return try e.encode(self)
    }

    /// Decodes and checks the structure (format, version, one point per layer and level).
    public static func decode(_ data: Data, file: String) throws -> LabelledCandidates {
        let c: LabelledCandidates
        do { c = try JSONDecoder().decode(LabelledCandidates.self, from: data) } catch {
            throw FormatError(file: file, message: "not a \(formatName) file (\(error.localizedDescription))")
        }
        guard c.format == formatName, c.version == 1 else {
            throw FormatError(file: file, message: "format \(c.format) version \(c.version), expected \(formatName) version 1")
        }
        guard c.points.count == c.levels.count, c.points.allSatisfy({ $0.count == c.layers.count }) else {
            throw FormatError(file: file, message: "expected one point per layer (\(c.layers.count)) and level (\(c.levels.count))")
        }
        return c
    }

    /// A digest of the file (shards and the merge check that they used the same candidates).
    public var digest: String { Self.fnv1a((try? encode()) ?? Data()) }

    /// FNV-1a 64-bit of `data`, as 16 hex digits.
    static func fnv1a(_ data: Data) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in data { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return String(h, radix: 16).leftPadded(16)
    }

    /// The digest of a folder's rows.
    public static func labelsDigest(_ images: [LabelledImage]) -> String {
        fnv1a(Data(images.map { "\($0.file),\($0.label)\n" }.joined().utf8))
    }
}

extension String {
    func leftPadded(_ n: Int) -> String { count >= n ? self : String(repeating: "0", count: n - count) + self }
}
