import Foundation

/// Binary PPM (`P6`) images with maxval 255: header `P6`, width, height, maxval separated by
/// whitespace, `#` comments up to the end of a line allowed between header fields, exactly one
/// whitespace byte after maxval, then `width · height · 3` bytes of RGB. A file holds one image:
/// trailing bytes are rejected. Every error carries the byte offset.
public enum PPM {
    /// Decodes a P6 image. `file` is used in error messages.
    public static func decode(_ bytes: [UInt8], file: String) throws -> RGBImage {
        func fail(_ offset: Int, _ message: String) -> FormatError {
            FormatError(file: file, byteOffset: offset, message: message)
        }
        guard bytes.count >= 2, bytes[0] == UInt8(ascii: "P"), bytes[1] == UInt8(ascii: "6") else {
            throw fail(0, "not a binary PPM: expected magic 'P6'")
        }
        var i = 2
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == 0x0B || b == 0x0C }
        func skipSpaceAndComments() {
            while i < bytes.count {
                if isSpace(bytes[i]) { i += 1 }
                else if bytes[i] == UInt8(ascii: "#") {
                    while i < bytes.count, bytes[i] != 0x0A, bytes[i] != 0x0D { i += 1 }
                } else { break }
            }
        }
        /// Reads one header number; returns it and the offset of its first digit.
        func number(_ what: String) throws -> (Int, Int) {
            guard i < bytes.count, isSpace(bytes[i]) || bytes[i] == UInt8(ascii: "#") else {
                throw fail(i, "expected whitespace before \(what)")
            }
            skipSpaceAndComments()
            let start = i
            var v = 0
            while i < bytes.count, bytes[i] >= 0x30, bytes[i] <= 0x39 {
                guard i - start < 9 else { throw fail(start, "\(what) has too many digits") }
                v = v * 10 + Int(bytes[i] - 0x30)
                i += 1
            }
            guard i > start else {
                throw fail(start, i < bytes.count ? "expected \(what), found byte 0x\(String(bytes[i], radix: 16))" : "truncated header: expected \(what)")
            }
            return (v, start)
        }
        let (width, widthAt) = try number("width")
        let (height, _) = try number("height")
        let (maxval, maxvalAt) = try number("maxval")
        guard width > 0, height > 0 else { throw fail(widthAt, "image size \(width)×\(height) must be positive") }
        guard maxval == 255 else { throw fail(maxvalAt, "maxval \(maxval) not supported (only 255)") }
        guard i < bytes.count, isSpace(bytes[i]) else {
            throw fail(i, "expected one whitespace byte after maxval")
        }
        i += 1
        let (count, overflow) = width.multipliedReportingOverflow(by: height * 3)
        guard !overflow, count <= bytes.count - i else {
            throw fail(i, "truncated pixel data: \(width)×\(height)×3 needs \(overflow ? "too many" : String(count)) bytes, only \(bytes.count - i) remain")
        }
        guard count == bytes.count - i else {
            throw fail(i + count, "\(bytes.count - i - count) unexpected bytes after the pixel data")
        }
        return RGBImage(width: width, height: height, pixels: Array(bytes[i...]))
    }

    /// Encodes an image as P6 with maxval 255.
    public static func encode(_ image: RGBImage) -> [UInt8] {
        Array("P6\n\(image.width) \(image.height)\n255\n".utf8) + image.pixels
    }

    /// Reads and decodes a file.
    public static func load(path: String) throws -> RGBImage {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FormatError(file: path, message: "cannot read file")
        }
        return try decode([UInt8](data), file: path)
    }
}
