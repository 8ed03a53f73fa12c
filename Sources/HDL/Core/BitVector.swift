/// A fixed-width bit vector of any width (little-endian 64-bit limbs), the value type of the
/// IR simulator and of literals. Bits above `width` are always zero; signed values are stored
/// as their two's-complement bit pattern.
public struct BitVector: Hashable, Sendable, CustomStringConvertible {
    /// Number of bits (at least 1).
    public let width: Int
    /// Little-endian limbs, `(width + 63) / 64` of them.
    public private(set) var words: [UInt64]

    /// Number of 64-bit limbs for `width` bits.
    @inlinable public static func wordCount(_ width: Int) -> Int { (width + 63) >> 6 }

    /// Mask of the valid bits of the most significant limb.
    @inlinable public static func topMask(_ width: Int) -> UInt64 {
        let r = width & 63
        return r == 0 ? ~0 : (UInt64(1) << UInt64(r)) &- 1
    }

    /// A zero vector.
    public init(width: Int) {
        self.width = max(1, width)
        self.words = Array(repeating: 0, count: BitVector.wordCount(self.width))
    }

    /// A vector from limbs (truncated or zero-filled to `width`).
    public init(width: Int, words: [UInt64]) {
        self.init(width: width)
        for i in 0..<min(words.count, self.words.count) { self.words[i] = words[i] }
        normalize()
    }

    /// The two's-complement pattern of `value` truncated to `width` bits (sign-filled above 64).
    public init(width: Int, value: Int) {
        self.init(width: width)
        let fill: UInt64 = value < 0 ? ~0 : 0
        for i in 0..<words.count { words[i] = i == 0 ? UInt64(bitPattern: Int64(value)) : fill }
        normalize()
    }

    /// The unsigned value `value` truncated to `width` bits.
    public init(width: Int, unsigned value: UInt64) {
        self.init(width: width)
        words[0] = value
        normalize()
    }

    mutating func normalize() {
        words[words.count - 1] &= BitVector.topMask(width)
    }

    /// Bit `i` (0 = least significant).
    public func bit(_ i: Int) -> Bool {
        guard i >= 0, i < width else { return false }
        return (words[i >> 6] >> UInt64(i & 63)) & 1 == 1
    }

    /// The most significant bit (sign bit of a signed value).
    public var msb: Bool { bit(width - 1) }

    /// True when every bit is zero.
    public var isZero: Bool { words.allSatisfy { $0 == 0 } }

    /// The low 64 bits.
    public var low64: UInt64 { words[0] }

    /// The value as a signed integer when it is interpreted as `signed` (nil if it does not fit in Int).
    public func intValue(signed: Bool) -> Int? {
        let ext = signed ? sext(to: max(width, 64)) : zext(to: max(width, 64))
        let low = ext.words[0]
        let negative = signed && msb
        if ext.words.count > 1 {
            // Every bit above bit 63 must equal the sign (or zero when unsigned).
            let expectBit = negative
            for i in 63..<ext.width where ext.bit(i) != expectBit { return nil }
        } else if !signed && width == 64 && low > UInt64(Int.max) {
            return nil
        }
        if signed && width < 64 && negative {
            return Int(Int64(bitPattern: low | ~BitVector.topMask(width)))
        }
        if !signed && low > UInt64(Int.max) { return nil }
        return Int(Int64(bitPattern: low))
    }

    /// Hexadecimal digits, most significant first, exactly `ceil(width/4)` digits.
    public var hex: String {
        let digits = (width + 3) / 4
        var out = [Character]()
        out.reserveCapacity(digits)
        let table = Array("0123456789abcdef")
        for d in stride(from: digits - 1, through: 0, by: -1) {
            let bitIndex = d * 4
            let w = words[bitIndex >> 6] >> UInt64(bitIndex & 63)
            var nib = w & 0xF
            if (bitIndex & 63) > 60, (bitIndex >> 6) + 1 < words.count {
                nib |= (words[(bitIndex >> 6) + 1] << UInt64(64 - (bitIndex & 63))) & 0xF
            }
            out.append(table[Int(nib)])
        }
        return String(out)
    }

    /// Parses hexadecimal digits (no prefix) into a `width`-bit vector; nil on a bad digit.
    public init?(width: Int, hex: Substring) {
        self.init(width: width)
        var bitPos = 0
        for ch in hex.reversed() {
            guard let v = ch.hexDigitValue else { return nil }
            if bitPos < words.count * 64 {
                words[bitPos >> 6] |= UInt64(v) << UInt64(bitPos & 63)
                if (bitPos & 63) > 60, (bitPos >> 6) + 1 < words.count {
                    words[(bitPos >> 6) + 1] |= UInt64(v) >> UInt64(64 - (bitPos & 63))
                }
            }
            bitPos += 4
        }
        normalize()
    }

    /// `8'h2a` style.
    public var description: String { "\(width)'h\(hex)" }

    // MARK: - Width changes

    /// Zero-extends (or truncates) to `newWidth`.
    public func zext(to newWidth: Int) -> BitVector { BitVector(width: newWidth, words: words) }

    /// Sign-extends (or truncates) to `newWidth`.
    public func sext(to newWidth: Int) -> BitVector {
        var r = BitVector(width: newWidth, words: words)
        if newWidth > width && msb {
            for i in width..<newWidth { r.setBit(i, true) }
        }
        return r
    }

    /// Sets bit `i`.
    public mutating func setBit(_ i: Int, _ v: Bool) {
        guard i >= 0, i < width else { return }
        let m = UInt64(1) << UInt64(i & 63)
        if v { words[i >> 6] |= m } else { words[i >> 6] &= ~m }
    }

    /// Bits `hi...lo` as an unsigned vector of `hi - lo + 1` bits.
    public func slice(hi: Int, lo: Int) -> BitVector {
        let w = hi - lo + 1
        var r = BitVector(width: w)
        let shift = lo & 63, base = lo >> 6
        for i in 0..<r.words.count {
            let s = base + i
            var v: UInt64 = s < words.count ? words[s] >> UInt64(shift) : 0
            if shift != 0, s + 1 < words.count { v |= words[s + 1] << UInt64(64 - shift) }
            r.words[i] = v
        }
        r.normalize()
        return r
    }

    /// `{self, low}`: self in the high bits.
    public func concat(_ low: BitVector) -> BitVector {
        var r = low.zext(to: width + low.width)
        let shifted = self.zext(to: width + low.width).shl(low.width)
        for i in 0..<r.words.count { r.words[i] |= shifted.words[i] }
        return r
    }

    // MARK: - Arithmetic (results have `width` bits unless stated)

    /// Wrapping sum (operands must have the same width).
    public func add(_ o: BitVector) -> BitVector {
        var r = BitVector(width: width)
        var carry: UInt64 = 0
        for i in 0..<words.count {
            let b = i < o.words.count ? o.words[i] : 0
            let (s1, c1) = words[i].addingReportingOverflow(b)
            let (s2, c2) = s1.addingReportingOverflow(carry)
            r.words[i] = s2
            carry = (c1 ? 1 : 0) + (c2 ? 1 : 0)
        }
        r.normalize()
        return r
    }

    /// Bitwise complement.
    public func not() -> BitVector {
        var r = self
        for i in 0..<r.words.count { r.words[i] = ~r.words[i] }
        r.normalize()
        return r
    }

    /// Two's-complement negation.
    public func neg() -> BitVector { not().add(BitVector(width: width, value: 1)) }

    /// Wrapping difference.
    public func sub(_ o: BitVector) -> BitVector { add(o.zext(to: width).neg()) }

    /// Product truncated to `resultWidth` bits; operands are extended to `resultWidth`
    /// by sign (when `signed`) or zero first.
    public func mul(_ o: BitVector, resultWidth: Int, signed: Bool) -> BitVector {
        let a = signed ? sext(to: resultWidth) : zext(to: resultWidth)
        let b = signed ? o.sext(to: resultWidth) : o.zext(to: resultWidth)
        var r = BitVector(width: resultWidth)
        let n = r.words.count
        for i in 0..<n where a.words[i] != 0 {
            var carry: UInt64 = 0
            for j in 0..<(n - i) {
                let (hi, lo) = a.words[i].multipliedFullWidth(by: b.words[j])
                let (s1, c1) = r.words[i + j].addingReportingOverflow(lo)
                let (s2, c2) = s1.addingReportingOverflow(carry)
                r.words[i + j] = s2
                carry = hi &+ (c1 ? 1 : 0) &+ (c2 ? 1 : 0)
            }
        }
        r.normalize()
        return r
    }

    /// Bitwise and.
    public func and(_ o: BitVector) -> BitVector { zip2(o) { $0 & $1 } }
    /// Bitwise or.
    public func or(_ o: BitVector) -> BitVector { zip2(o) { $0 | $1 } }
    /// Bitwise xor.
    public func xor(_ o: BitVector) -> BitVector { zip2(o) { $0 ^ $1 } }

    private func zip2(_ o: BitVector, _ f: (UInt64, UInt64) -> UInt64) -> BitVector {
        var r = BitVector(width: width)
        for i in 0..<words.count { r.words[i] = f(words[i], i < o.words.count ? o.words[i] : 0) }
        r.normalize()
        return r
    }

    /// Shift left by `k` (bits shifted out are lost).
    public func shl(_ k: Int) -> BitVector {
        if k >= width { return BitVector(width: width) }
        if k <= 0 { return self }
        var r = BitVector(width: width)
        let ws = k >> 6, bs = k & 63
        for i in stride(from: words.count - 1, through: ws, by: -1) {
            var v = words[i - ws] << UInt64(bs)
            if bs != 0, i - ws - 1 >= 0 { v |= words[i - ws - 1] >> UInt64(64 - bs) }
            r.words[i] = v
        }
        r.normalize()
        return r
    }

    /// Logical shift right by `k`.
    public func lshr(_ k: Int) -> BitVector {
        if k >= width { return BitVector(width: width) }
        if k <= 0 { return self }
        return slice(hi: width - 1, lo: k).zext(to: width)
    }

    /// Arithmetic shift right by `k` (sign bit fills).
    public func ashr(_ k: Int) -> BitVector {
        if !msb { return lshr(k) }
        if k >= width { return BitVector(width: width).not() }
        if k <= 0 { return self }
        return slice(hi: width - 1, lo: k).sext(to: width)
    }

    /// Unsigned comparison: -1, 0, 1.
    public func compareUnsigned(_ o: BitVector) -> Int {
        for i in stride(from: max(words.count, o.words.count) - 1, through: 0, by: -1) {
            let a = i < words.count ? words[i] : 0
            let b = i < o.words.count ? o.words[i] : 0
            if a != b { return a < b ? -1 : 1 }
        }
        return 0
    }

    /// Signed comparison of two same-width vectors: -1, 0, 1.
    public func compareSigned(_ o: BitVector) -> Int {
        if msb != o.msb { return msb ? -1 : 1 }
        return compareUnsigned(o)
    }
}
