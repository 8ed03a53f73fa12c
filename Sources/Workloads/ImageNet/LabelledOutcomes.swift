import Foundation

/// What one image range (`--shard k/n`) of the evaluation images measured: for every image and
/// every candidate configuration (`LabelledCandidates.configs`), the fixed-point top-5 and the
/// executed ops per tunable layer. Parts of disjoint ranges merge (`merged`) into exactly the
/// outcomes of one unsharded run, since every figure is per image.
public struct LabelledOutcomes: Codable, Equatable, Sendable {
    public static let formatName = "snapea-labelled-outcomes"
    public var format: String = LabelledOutcomes.formatName
    public var version: Int = 1
    /// `LabelledCandidates.digest` of the candidates evaluated.
    public var candidates: String
    /// The configurations evaluated (`LabelledCandidates.configs`).
    public var configs: [Int]
    /// Folder rows, increasing, and per row the outcome of every configuration (same order as `configs`).
    public var rows: [Int]
    public var outcomes: [[Outcome]]

    /// One image in one configuration.
    public struct Outcome: Codable, Equatable, Sendable {
        public var top5: [Int]
        public var layerOps: [Int]
        public init(top5: [Int], layerOps: [Int]) {
            self.top5 = top5
            self.layerOps = layerOps
        }
        public var top1: Int { top5[0] }
    }

    public init(candidates: String, configs: [Int], rows: [Int], outcomes: [[Outcome]]) {
        self.candidates = candidates
        self.configs = configs
        self.rows = rows
        self.outcomes = outcomes
    }

    public func encode() throws -> Data {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        return try e.encode(self)
    }

    public static func decode(_ data: Data, file: String) throws -> LabelledOutcomes {
        let o: LabelledOutcomes
        do { o = try JSONDecoder().decode(LabelledOutcomes.self, from: data) } catch {
            throw FormatError(file: file, message: "not a \(formatName) file (\(error.localizedDescription))")
        }
        guard o.format == formatName, o.version == 1, o.rows.count == o.outcomes.count,
              o.outcomes.allSatisfy({ $0.count == o.configs.count && $0.allSatisfy { !$0.top5.isEmpty } }) else {
            throw FormatError(file: file, message: "not a well-formed \(formatName) version 1 file")
        }
        return o
    }

    /// The union of disjoint parts made from the same candidates (rows sorted). Throws naming the
    /// part when candidates or configurations differ or a row appears twice.
    public static func merged(_ parts: [(file: String, outcomes: LabelledOutcomes)]) throws -> LabelledOutcomes {
        guard let first = parts.first else { throw TunerError("merge: no parts given") }
        var byRow: [Int: [Outcome]] = [:]
        for (file, p) in parts {
            guard p.candidates == first.outcomes.candidates, p.configs == first.outcomes.configs else {
                throw FormatError(file: file, message: "made from other candidates than \(first.file)")
            }
            for (r, o) in zip(p.rows, p.outcomes) {
                guard byRow[r] == nil else { throw FormatError(file: file, message: "row \(r) is also in another part") }
                byRow[r] = o
            }
        }
        let rows = byRow.keys.sorted()
        return LabelledOutcomes(candidates: first.outcomes.candidates, configs: first.outcomes.configs, rows: rows,
                                outcomes: rows.map { byRow[$0]! })
    }
}
