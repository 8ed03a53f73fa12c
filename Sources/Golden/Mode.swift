/// The four execution modes (docs/ARCHITECTURE.md, "Op lists").
public enum Mode: String, Sendable, CaseIterable, Equatable, Hashable, CustomStringConvertible {
    /// Every weight in natural order, zeros included (Eyeriss-like baseline).
    case dense
    /// Nonzero weights in natural order.
    case zeroSkip
    /// Nonzero weights, positives first, sign check: bit-identical to dense conv + ReLU.
    case exact
    /// `N` speculation ops, threshold check, then the exact order with sign check.
    case predictive

    /// True when the sign check (rule 2) is on.
    public var signCheck: Bool { self == .exact || self == .predictive }
    /// True when the threshold check (rule 1) is on.
    public var thresholdCheck: Bool { self == .predictive }
    /// True when zero weights are dropped from the op list.
    public var skipsZeros: Bool { self != .dense }

    public var description: String { rawValue }
}
