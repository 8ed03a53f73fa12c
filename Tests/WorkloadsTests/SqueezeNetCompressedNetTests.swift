import XCTest
import Foundation
import Workloads

/// The Deep Compression `.net` reader: a hand-built file, the real file, and corrupt variants
/// whose expected error offsets are derived from the format in ../shared/docs/data.md.
final class SqueezeNetCompressedNetTests: XCTestCase {
    // MARK: hand-built file

    private static func le32(_ v: UInt32) -> [UInt8] { (0..<4).map { UInt8((v >> (8 * UInt32($0))) & 0xFF) } }
    private static func f32(_ f: Float) -> [UInt8] { le32(f.bitPattern) }

    static let tinyShapes = [ConvolutionShape(layer: "a", outputs: 2, inputs: 1, kernel: 3),
                             ConvolutionShape(layer: "b", outputs: 1, inputs: 2, kernel: 5)]

    /// Layer a (18 weights): entries at 0, 4, 17 with codes 1, 2, 3 → gaps 0, 3, 12.
    /// Layer b (50 weights): entries at 3 (code 5) and 40 (code 7); the gap of 36 is bridged by
    /// code-0 fillers at 19 and 35 → gaps 3, 15, 15, 4.
    /// Offsets: header 0..<8; a: codebook 8, bias 1032, codes 1040, gaps 1043..<1045;
    /// b: codebook 1045, bias 2069, codes 2073, gaps 2077..<2079.
    static func tinyFile() -> [UInt8] {
        var bytes = le32(3) + le32(4)
        var cbA = [Float](repeating: 0, count: 256); cbA[1] = 0.5; cbA[2] = -1.25; cbA[3] = 2
        bytes += cbA.flatMap(f32) + f32(0.1) + f32(-0.2)
        bytes += [1, 2, 3] + [0x30, 0x0C]
        var cbB = [Float](repeating: 0, count: 256); cbB[5] = -0.75; cbB[7] = 3.5; cbB[9] = 100
        bytes += cbB.flatMap(f32) + f32(1.5)
        bytes += [5, 0, 0, 7] + [0xF3, 0x4F]
        return bytes
    }

    func testTinyFileDecodes() throws {
        let bytes = Self.tinyFile()
        XCTAssertEqual(bytes.count, 2079)
        let layers = try CompressedNet.decode(bytes, layers: Self.tinyShapes, file: "tiny.net")
        XCTAssertEqual(layers.map(\.storedEntries), [3, 4])
        var a = [Float](repeating: 0, count: 18); a[0] = 0.5; a[4] = -1.25; a[17] = 2
        var b = [Float](repeating: 0, count: 50); b[3] = -0.75; b[40] = 3.5
        XCTAssertEqual(layers[0].weights, a)
        XCTAssertEqual(layers[1].weights, b)
        XCTAssertEqual(layers[0].bias, [0.1, -0.2])
        XCTAssertEqual(layers[1].bias, [1.5])
        XCTAssertEqual(layers.map(\.nonzeroWeights), [3, 2])
        XCTAssertEqual(CompressedNet.expectedSize(layers: Self.tinyShapes, nnz: [3, 4]), 2079)
    }

    func testEncoderMatchesHandBuiltBytes() {
        var cbA = [Float](repeating: 0, count: 256); cbA[1] = 0.5; cbA[2] = -1.25; cbA[3] = 2
        var cbB = [Float](repeating: 0, count: 256); cbB[5] = -0.75; cbB[7] = 3.5; cbB[9] = 100
        let bridged = CompressedNet.bridge([(3, 5), (40, 7)])
        XCTAssertEqual(bridged.map(\.position), [3, 19, 35, 40])
        XCTAssertEqual(bridged.map(\.code), [5, 0, 0, 7])
        let encoded = CompressedNet.encode(nnzEntries: [[(0, 1), (4, 2), (17, 3)], bridged],
                                           codebooks: [cbA, cbB], biases: [[0.1, -0.2], [1.5]])
        XCTAssertEqual(encoded, Self.tinyFile())
    }

    private func assertRejects(_ bytes: [UInt8], _ shapes: [ConvolutionShape], offset: Int?, layer: String?,
                               contains text: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try CompressedNet.decode(bytes, layers: shapes, file: "x.net"), file: file, line: line) { error in
            guard let e = error as? FormatError else { return XCTFail("\(error)", file: file, line: line) }
            XCTAssertEqual(e.byteOffset, offset, "\(e)", file: file, line: line)
            XCTAssertEqual(e.layer, layer, "\(e)", file: file, line: line)
            XCTAssertTrue(e.description.contains(text), "\(e)", file: file, line: line)
            if let offset { XCTAssertTrue(e.description.contains("byte \(offset)"), "\(e)", file: file, line: line) }
        }
    }

    func testTinyCorruptions() {
        let good = Self.tinyFile()
        var v = good; v[1044] = 0x0F   // third gap of layer a: 0, 3, 15 → position 0 + 4 + 16 = 20 ≥ 18
        assertRejects(v, Self.tinyShapes, offset: 1044, layer: "a", contains: "position 20 is past the layer's 18 weights")
        v = good; v[1044] = 0x1C       // unused high nibble (nnz 3 is odd)
        assertRejects(v, Self.tinyShapes, offset: 1044, layer: "a", contains: "unused high nibble")
        v = good; v.replaceSubrange(8..<12, with: Self.f32(0.25))
        assertRejects(v, Self.tinyShapes, offset: 8, layer: "a", contains: "codebook entry 0")
        v = good; v.replaceSubrange(2069..<2073, with: Self.f32(.nan))
        assertRejects(v, Self.tinyShapes, offset: 2069, layer: "b", contains: "not a finite number")
        v = good; v.replaceSubrange(4..<8, with: Self.le32(51))   // nnz of b > 1·2·5·5
        assertRejects(v, Self.tinyShapes, offset: 4, layer: "b", contains: "exceeds the layer's 50 weights")
        assertRejects(Array(good.prefix(2078)), Self.tinyShapes, offset: 2077, layer: "b", contains: "truncated")
        assertRejects(good + [0], Self.tinyShapes, offset: 2079, layer: "b", contains: "1 unexpected bytes")
        assertRejects([], Self.tinyShapes, offset: 0, layer: nil, contains: "truncated: header")
    }

    // MARK: the real file

    struct Real {
        let bytes: [UInt8]
        let text: String
        let shapes: [ConvolutionShape]
        /// nnz read directly from the header.
        let nnz: [Int]
        /// Start offset of each layer's section, from the format: 4·L + Σ previous sections.
        let layerStart: [Int]
    }

    static func real() throws -> Real {
        let dir = try SqueezeNetTestData.directory()
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: try dir.squeezeNetWeights())))
        let text = try String(contentsOfFile: try dir.squeezeNetPrototxt(), encoding: .utf8)
        let shapes = try CaffeNetDescription.parse(text, file: "deploy.prototxt").convolutionShapes()
        let nnz = (0..<shapes.count).map { l in (0..<4).reduce(0) { $0 | Int(bytes[4 * l + $1]) << (8 * $1) } }
        var starts: [Int] = []
        var at = 4 * shapes.count
        for (s, n) in zip(shapes, nnz) {
            starts.append(at)
            at += 1024 + 4 * s.outputs + n + (n + 1) / 2
        }
        XCTAssertEqual(at, bytes.count, "the format's size equation must hold for the real file")
        return Real(bytes: bytes, text: text, shapes: shapes, nnz: nnz, layerStart: starts)
    }

    func testRealFileDecodes() throws {
        let r = try Self.real()
        XCTAssertEqual(r.bytes.count, 675_763, "size documented in data.md")
        let layers = try CompressedNet.decode(r.bytes, layers: r.shapes, file: "real.net")
        XCTAssertEqual(layers.map(\.storedEntries), r.nnz)
        XCTAssertEqual(layers.map(\.bias.count), r.shapes.map(\.outputs))
        // data.md: "about a third of the weights are nonzero".
        let nonzero = layers.reduce(0) { $0 + $1.nonzeroWeights }
        let total = r.shapes.reduce(0) { $0 + $1.weightCount }
        let fraction = Double(nonzero) / Double(total)
        XCTAssertGreaterThan(fraction, 0.28)
        XCTAssertLessThan(fraction, 0.40)
        // Independent decode of one layer straight from the bytes (fire2/conv3x3_2, index 3).
        let l = 3, s = r.shapes[l], n = r.nnz[l]
        let cbAt = r.layerStart[l], codesAt = cbAt + 1024 + 4 * s.outputs, gapsAt = codesAt + n
        var expected = [Float](repeating: 0, count: s.weightCount)
        var pos = -1
        for i in 0..<n {
            let byte = r.bytes[gapsAt + i / 2]
            pos += Int(i % 2 == 0 ? byte & 15 : byte >> 4) + 1
            let c = Int(r.bytes[codesAt + i])
            let bits = (0..<4).reduce(UInt32(0)) { $0 | UInt32(r.bytes[cbAt + 4 * c + $1]) << (8 * UInt32($1)) }
            expected[pos] = Float(bitPattern: bits)
        }
        XCTAssertEqual(layers[l].weights, expected)
    }

    func testRealFileTruncatedAtSeveralPoints() throws {
        let r = try Self.real()
        let L = r.shapes.count
        let s0 = r.shapes[0], n0 = r.nnz[0]
        let codes0 = 4 * L + 1024 + 4 * s0.outputs, gaps0 = codes0 + n0
        let cases: [(cut: Int, offset: Int, layer: String?)] = [
            (50, 0, nil),                                  // inside the header
            (4 * L + 100, 4 * L, "conv1"),                 // conv1 codebook
            (4 * L + 1024 + 10, 4 * L + 1024, "conv1"),    // conv1 bias
            (codes0 + 5, codes0, "conv1"),                 // conv1 codes
            (gaps0 + 3, gaps0, "conv1"),                   // conv1 gaps
            (r.layerStart[5] + 1000, r.layerStart[5], r.shapes[5].layer),
            (r.bytes.count - 1, r.bytes.count - (r.nnz[L - 1] + 1) / 2, "conv_final"),
        ]
        for c in cases {
            assertRejects(Array(r.bytes.prefix(c.cut)), r.shapes, offset: c.offset, layer: c.layer, contains: "truncated")
        }
    }

    func testRealFilePadded() throws {
        let r = try Self.real()
        assertRejects(r.bytes + [0], r.shapes, offset: r.bytes.count, layer: "conv_final", contains: "1 unexpected bytes")
        assertRejects(r.bytes + [1, 2, 3, 4, 5, 6, 7], r.shapes, offset: r.bytes.count, layer: "conv_final", contains: "7 unexpected bytes")
    }

    func testRealFileFlippedNnz() throws {
        let r = try Self.real()
        var v = r.bytes
        v.replaceSubrange(0..<4, with: Self.le32(0xFFFF_FFFF))
        assertRejects(v, r.shapes, offset: 0, layer: "conv1", contains: "exceeds the layer's 14112 weights")
        v = r.bytes
        v.replaceSubrange(28..<32, with: Self.le32(UInt32(r.shapes[7].weightCount + 1)))
        assertRejects(v, r.shapes, offset: 28, layer: r.shapes[7].layer, contains: "exceeds")
        // nnz[0] raised to the layer size: 14112 entries fill every position only if all gaps are
        // 0, but the bytes now read as conv1's gaps are not all zero, so some entry lands past
        // the end, at an offset inside the (shifted) gap section.
        let full = r.shapes[0].weightCount
        v = r.bytes
        v.replaceSubrange(0..<4, with: Self.le32(UInt32(full)))
        let gapStart = 4 * r.shapes.count + 1024 + 4 * r.shapes[0].outputs + full
        let gapEnd = gapStart + (full + 1) / 2
        XCTAssertTrue(r.bytes[gapStart..<gapEnd].contains { $0 != 0 })
        XCTAssertThrowsError(try CompressedNet.decode(v, layers: r.shapes, file: "x.net")) { error in
            guard let e = error as? FormatError, let offset = e.byteOffset else { return XCTFail("\(error)") }
            XCTAssertEqual(e.layer, "conv1")
            XCTAssertTrue((gapStart..<gapEnd).contains(offset), "\(e)")
            XCTAssertTrue(e.message.contains("past the layer's 14112 weights"), "\(e)")
        }
    }

    func testPrototxtNotMatchingFileNamesLayer() throws {
        let r = try Self.real()
        // conv1 with 64 outputs holds 64·3·7·7 = 9408 weights, fewer than the file's nnz.
        let narrow = try CaffeNetDescription.parse(r.text.replacingOccurrences(of: "num_output: 96", with: "num_output: 64"), file: "p")
        assertRejects(r.bytes, try narrow.convolutionShapes(), offset: 0, layer: "conv1", contains: "exceeds the layer's 9408 weights")
        // conv_final with 999 outputs: the bias is 4 bytes shorter, so its codes and gaps are misread.
        let shorter = try CaffeNetDescription.parse(r.text.replacingOccurrences(of: "num_output: 1000", with: "num_output: 999"), file: "p")
        XCTAssertThrowsError(try CompressedNet.decode(r.bytes, layers: try shorter.convolutionShapes(), file: "x.net")) { error in
            XCTAssertEqual((error as? FormatError)?.layer, "conv_final", "\(error)")
            XCTAssertNotNil((error as? FormatError)?.byteOffset)
        }
    }
}
