/// A hardware value type: a bit width and a signedness.
///
/// Widths are explicit everywhere: no operator widens or narrows a value silently.
/// `Bool` is `UInt(1)`.
public struct HWType: Hashable, Sendable, CustomStringConvertible {
    /// Number of bits (at least 1).
    public let width: Int
    /// Two's-complement signed when `true`.
    public let isSigned: Bool

    /// Creates a type; widths below 1 are clamped to 1 (the DSL reports the misuse separately).
    public init(width: Int, isSigned: Bool) {
        self.width = max(1, width)
        self.isSigned = isSigned
    }

    /// An unsigned type of `width` bits.
    public static func uint(_ width: Int) -> HWType { HWType(width: width, isSigned: false) }
    /// A signed (two's complement) type of `width` bits.
    public static func sint(_ width: Int) -> HWType { HWType(width: width, isSigned: true) }
    /// A one-bit unsigned type.
    public static let bool = HWType(width: 1, isSigned: false)

    /// `UInt<8>`, `SInt<16>`.
    public var description: String { isSigned ? "SInt<\(width)>" : "UInt<\(width)>" }

    /// The same width with the other signedness.
    public var unsignedType: HWType { .uint(width) }
    /// The same width, signed.
    public var signedType: HWType { .sint(width) }
}

/// How a module's registers react to the implicit active-high `reset`.
public enum ResetKind: String, Sendable, Hashable {
    /// Reset is sampled at the rising clock edge.
    case sync
    /// Reset acts immediately (`always @(posedge clk or posedge reset)`).
    case async
}
