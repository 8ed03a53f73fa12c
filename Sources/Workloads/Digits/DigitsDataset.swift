import Foundation

/// One 8×8 handwritten digit: 64 pixels (row-major, 0…16) and its label (0…9).
public struct DigitsSample: Sendable, Equatable {
    /// Pixel intensities, row-major, each in 0…16.
    public var pixels: [UInt8]
    /// The digit shown, 0…9.
    public var label: Int

    public init(pixels: [UInt8], label: Int) {
        self.pixels = pixels
        self.label = label
    }
}

/// A corrupt or unreadable digits file; the message names the file and line.
public struct DigitsDataError: Error, CustomStringConvertible, Sendable, Equatable {
    /// `file:line: problem` (line 0 for whole-file problems).
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// The digits data set (scikit-learn's copy of the UCI optical digits test set, 1797 samples).
///
/// The embedded copy lives in `Resources/digits.csv` (attribution in `DIGITS-ATTRIBUTION.md`).
/// CSV format: one sample per line, 64 integers 0…16 then the label 0…9, comma separated.
public struct DigitsDataset: Sendable {
    /// Image side (8) and pixel count (64).
    public static let side = 8
    public static let pixelCount = 64
    /// Largest pixel value.
    public static let maxPixel = 16
    /// Number of classes.
    public static let classCount = 10
    /// Largest file accepted (the real file is 265 KB).
    public static let maxFileBytes = 16 << 20

    /// All samples, in file order.
    public let samples: [DigitsSample]

    public init(samples: [DigitsSample]) { self.samples = samples }

    /// The embedded data set (validated on every load).
    public static func embedded() throws -> DigitsDataset {
        guard let url = Bundle.module.url(forResource: "digits", withExtension: "csv") else {
            throw DigitsDataError("digits.csv: embedded resource missing from the Workloads bundle")
        }
        return try load(url: url)
    }

    /// Reads and validates a digits CSV file.
    public static func load(url: URL) throws -> DigitsDataset {
        let name = url.lastPathComponent
        let attrs = try? FileManager.default.attributesOfItem(atPath: url.path)
        if let size = (attrs?[.size] as? NSNumber)?.intValue, size > maxFileBytes {
            throw DigitsDataError("\(name):0: file is \(size) bytes, larger than the \(maxFileBytes)-byte limit")
        }
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw DigitsDataError("\(name):0: cannot read (\(error.localizedDescription))")
        }
        return try parse(data, fileName: name)
    }

    /// Parses CSV bytes; errors name `fileName:line`.
    public static func parse(_ data: Data, fileName: String = "digits.csv") throws -> DigitsDataset {
        if data.count > maxFileBytes {
            throw DigitsDataError("\(fileName):0: \(data.count) bytes, larger than the \(maxFileBytes)-byte limit")
        }
        var samples: [DigitsSample] = []
        var fields: [Int] = []
        fields.reserveCapacity(65)
        var line = 1
        var value = 0
        var digits = 0
        var lineHasContent = false
        func fail(_ msg: String) -> DigitsDataError { DigitsDataError("\(fileName):\(line): \(msg)") }

        func endField() throws {
            if digits == 0 { throw fail("empty field \(fields.count + 1)") }
            fields.append(value)
            value = 0
            digits = 0
        }
        func endLine() throws {
            if !lineHasContent { return }  // blank line (e.g. trailing newline)
            try endField()
            guard fields.count == 65 else {
                throw fail("expected 65 fields (64 pixels and a label), found \(fields.count)")
            }
            var pixels = [UInt8](repeating: 0, count: pixelCount)
            for i in 0..<pixelCount {
                let p = fields[i]
                guard p >= 0 && p <= maxPixel else { throw fail("pixel \(i) is \(p), outside 0...\(maxPixel)") }
                pixels[i] = UInt8(p)
            }
            let label = fields[64]
            guard label >= 0 && label < classCount else { throw fail("label is \(label), outside 0...9") }
            samples.append(DigitsSample(pixels: pixels, label: label))
            fields.removeAll(keepingCapacity: true)
            lineHasContent = false
        }

        for byte in data {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                lineHasContent = true
                digits += 1
                if digits > 6 { throw fail("field \(fields.count + 1) has too many digits") }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            case UInt8(ascii: ","):
                lineHasContent = true
                try endField()
                if fields.count > 65 { throw fail("more than 65 fields") }
            case UInt8(ascii: "\n"):
                try endLine()
                line += 1
            case UInt8(ascii: "\r"), UInt8(ascii: " "):
                continue
            default:
                lineHasContent = true
                let shown = (byte >= 0x20 && byte < 0x7F) ? "'\(Character(UnicodeScalar(byte)))'" : "byte 0x\(String(byte, radix: 16))"
                throw fail("unexpected \(shown) in field \(fields.count + 1)")
            }
        }
        try endLine()
        if samples.isEmpty { throw DigitsDataError("\(fileName):0: no samples") }
        return DigitsDataset(samples: samples)
    }
}
