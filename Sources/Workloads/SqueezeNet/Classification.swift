import Foundation

/// The top-k classes of a score vector.
public struct Classification: Sendable, Equatable, CustomStringConvertible {
    /// `(class index, score)`, best first; ties broken by the lower index.
    public let top: [Prediction]

    public struct Prediction: Sendable, Equatable {
        public let label: Int
        public let score: Double
    }

    public init(scores: [Double], k: Int = 5) {
        let order = scores.indices.sorted { scores[$0] != scores[$1] ? scores[$0] > scores[$1] : $0 < $1 }
        top = order.prefix(k).map { Prediction(label: $0, score: scores[$0]) }
    }

    /// The best class.
    public var top1: Int { top[0].label }
    /// The labels of `top`, best first.
    public var labels: [Int] { top.map(\.label) }

    public var description: String {
        top.map { "\($0.label) (\(String(format: "%.3f", $0.score)))" }.joined(separator: ", ")
    }
}
