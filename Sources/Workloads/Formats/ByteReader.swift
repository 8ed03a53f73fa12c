/// A bounds-checked little-endian cursor over untrusted bytes. Every read checks the bytes
/// remaining first and throws a `FormatError` at the current offset instead of trapping.
struct ByteReader {
    let bytes: [UInt8]
    let file: String
    private(set) var offset: Int = 0

    init(_ bytes: [UInt8], file: String) {
        self.bytes = bytes
        self.file = file
    }

    var remaining: Int { bytes.count - offset }

    /// Throws unless `count` more bytes are available; `what` names the field being read.
    func require(_ count: Int, _ what: String, layer: String? = nil) throws {
        guard count >= 0, count <= remaining else {
            throw FormatError(file: file, byteOffset: offset, layer: layer,
                              message: "truncated: \(what) needs \(count) bytes, only \(remaining) remain")
        }
    }

    mutating func uint32(_ what: String, layer: String? = nil) throws -> UInt32 {
        try require(4, what, layer: layer)
        var v: UInt32 = 0
        for k in 0..<4 { v |= UInt32(bytes[offset + k]) << (8 * UInt32(k)) }
        offset += 4
        return v
    }

    /// Reads `count` little-endian float32 values; rejects NaN and infinities with their offset.
    mutating func float32s(_ count: Int, _ what: String, layer: String? = nil) throws -> [Float] {
        try require(count * 4, what, layer: layer)
        var out = [Float](repeating: 0, count: count)
        for i in 0..<count {
            var v: UInt32 = 0
            for k in 0..<4 { v |= UInt32(bytes[offset + 4 * i + k]) << (8 * UInt32(k)) }
            let f = Float(bitPattern: v)
            guard f.isFinite else {
                throw FormatError(file: file, byteOffset: offset + 4 * i, layer: layer,
                                  message: "\(what)[\(i)] is not a finite number")
            }
            out[i] = f
        }
        offset += 4 * count
        return out
    }

    /// Returns the range of the next `count` bytes and advances past them.
    mutating func slice(_ count: Int, _ what: String, layer: String? = nil) throws -> Range<Int> {
        try require(count, what, layer: layer)
        defer { offset += count }
        return offset..<(offset + count)
    }
}
