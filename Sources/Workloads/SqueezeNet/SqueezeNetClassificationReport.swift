import Golden

/// Top-5 of every calibration image through the golden float path and the fixed-point golden
/// model (for the CLI and the report).
public struct SqueezeNetClassificationReport: Sendable {
    public struct Row: Sendable {
        public let image: String
        public let float: Classification
        public let fixed: Classification
    }

    public let mode: Mode
    public let width: Int
    public let rows: [Row]

    /// Classifies every image of `workload` (float, and fixed point in `mode`).
    public init(_ workload: SqueezeNetWorkload, mode: Mode = .exact) throws {
        self.mode = mode
        self.width = workload.quantized.width
        self.rows = try workload.images.map { named in
            Row(image: named.name, float: try workload.classifyFloat(image: named.image),
                fixed: try workload.classify(image: named.image, mode: mode))
        }
    }

    /// Plain-text table: per image, the float and fixed top-5 as `class (score)`.
    public var table: String {
        var lines = ["SqueezeNet v1.0 top-5, class index (score): golden float vs \(width)-bit golden fixed point (\(mode) mode)"]
        for r in rows {
            lines.append("  " + r.image.padding(toLength: 10, withPad: " ", startingAt: 0) + "float: \(r.float)")
            lines.append("  " + String(repeating: " ", count: 10) + "fixed: \(r.fixed)" + (r.fixed.top1 == r.float.top1 ? "" : "  (top-1 differs)"))
        }
        return lines.joined(separator: "\n")
    }
}
