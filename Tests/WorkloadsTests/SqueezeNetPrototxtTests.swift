import XCTest
import Workloads

/// The Caffe prototxt subset: the real SqueezeNet description (shapes derived by hand from
/// Caffe's rules) and malformed inputs (errors must carry the right line).
final class SqueezeNetPrototxtTests: XCTestCase {
    func testRealSqueezeNetDescription() throws {
        let data = try SqueezeNetTestData.directory()
        let net = try CaffeNetDescription.load(path: try data.squeezeNetPrototxt())
        XCTAssertEqual(net.input, "data")
        XCTAssertEqual(net.inputDimensions, [1, 3, 227, 227])
        let convs = try net.convolutionShapes()
        XCTAssertEqual(convs.count, 26, "conv1 + 8 fire modules × 3 + conv_final")
        XCTAssertEqual(convs.first, ConvolutionShape(layer: "conv1", outputs: 96, inputs: 3, kernel: 7, line: convs.first?.line ?? -1))
        // Fire module widths from the SqueezeNet paper (Table 1): squeeze s1x1, expand e1x1 = e3x3.
        let fire: [(Int, Int, Int)] = [(16, 64, 96), (16, 64, 128), (32, 128, 128), (32, 128, 256),
                                       (48, 192, 256), (48, 192, 384), (64, 256, 384), (64, 256, 512)]
        for (i, (s, e, cin)) in fire.enumerated() {
            let base = 1 + 3 * i
            XCTAssertEqual(convs[base].layer, "fire\(i + 2)/conv1x1_1")
            XCTAssertEqual([convs[base].outputs, convs[base].inputs, convs[base].kernel], [s, cin, 1])
            XCTAssertEqual([convs[base + 1].outputs, convs[base + 1].inputs, convs[base + 1].kernel], [e, s, 1])
            XCTAssertEqual([convs[base + 2].outputs, convs[base + 2].inputs, convs[base + 2].kernel], [e, s, 3])
        }
        XCTAssertEqual([convs[25].layer], ["conv_final"])
        XCTAssertEqual([convs[25].outputs, convs[25].inputs, convs[25].kernel], [1000, 512, 1])

        let shapes = try net.blobShapes()
        // conv1: (227 − 7) / 2 + 1 = 111; pools round up: ceil((111 − 3) / 2) + 1 = 55,
        // ceil((55 − 3) / 2) + 1 = 27, ceil((27 − 3) / 2) + 1 = 13; conv_final has pad 1: 13 + 2 = 15.
        XCTAssertEqual(shapes["conv1"], TensorShape(channels: 96, height: 111, width: 111))
        XCTAssertEqual(shapes["pool1"], TensorShape(channels: 96, height: 55, width: 55))
        XCTAssertEqual(shapes["fire2/concat"], TensorShape(channels: 128, height: 55, width: 55))
        XCTAssertEqual(shapes["fire4/concat"], TensorShape(channels: 256, height: 55, width: 55))
        XCTAssertEqual(shapes["pool4"], TensorShape(channels: 256, height: 27, width: 27))
        XCTAssertEqual(shapes["pool8"], TensorShape(channels: 512, height: 13, width: 13))
        XCTAssertEqual(shapes["fire9/concat"], TensorShape(channels: 512, height: 13, width: 13))
        XCTAssertEqual(shapes["conv_final"], TensorShape(channels: 1000, height: 15, width: 15))
        XCTAssertEqual(shapes["pool_final"], TensorShape(channels: 1000, height: 1, width: 1))
        // Layer kinds.
        XCTAssertEqual(net.layers.first { $0.name == "drop9" }?.kind, .dropout(ratio: 0.5))
        XCTAssertEqual(net.layers.first { $0.name == "pool_final" }?.kind,
                       .pooling(.init(method: .average, kernelSize: 0, global: true)))
        XCTAssertEqual(net.layers.first { $0.name == "fire2/concat" }?.bottoms, ["fire2/conv1x1_2", "fire2/conv3x3_2"])
    }

    /// A small net in the same dialect, with comments, `name: { }` and adjacent strings.
    static let small = """
    name: "tiny"   # a comment
    input: "data"
    input_dim: 1
    input_dim: 2
    input_dim: 6
    input_dim: 7
    layer {
      name: "c" "1"
      type: "Convolution"
      bottom: "data"
      top: "c1"
      convolution_param: { num_output: 4 kernel_size: 3 stride: 2 pad: 1
        weight_filler { type: "xavier" } }
    }
    layer { name: "r" type: "ReLU" bottom: "c1" top: "c1" }
    layer {
      name: "p"
      type: "Pooling"
      bottom: "c1"
      top: "p"
      pooling_param { pool: MAX kernel_size: 2 stride: 2 }
    }
    layer { name: "s" type: "Softmax" bottom: "p" top: "prob" }
    """

    func testSmallNetParsesWithCaffeShapeRules() throws {
        let net = try CaffeNetDescription.parse(Self.small, file: "tiny.prototxt")
        XCTAssertEqual(net.name, "tiny")
        XCTAssertEqual(net.layers.map(\.name), ["c1", "r", "p", "s"])
        XCTAssertEqual(net.layers[0].line, 7, "line of the layer's opening brace")
        XCTAssertEqual(net.layers[0].kind, .convolution(.init(numOutput: 4, kernelSize: 3, stride: 2, pad: 1)))
        let shapes = try net.blobShapes()
        // conv: (6 + 2 − 3) / 2 + 1 = 3 (floor), (7 + 2 − 3) / 2 + 1 = 4.
        XCTAssertEqual(shapes["c1"], TensorShape(channels: 4, height: 3, width: 4))
        // pool k2 s2 rounds up: ceil((3 − 2) / 2) + 1 = 2, ceil((4 − 2) / 2) + 1 = 2.
        XCTAssertEqual(shapes["p"], TensorShape(channels: 4, height: 2, width: 2))
        XCTAssertEqual(try net.convolutionShapes(), [ConvolutionShape(layer: "c1", outputs: 4, inputs: 2, kernel: 3, line: 7)])
    }

    /// Replaces `old` by `new` in the small net and expects an error at `line`.
    private func assertError(_ old: String, _ new: String, line: Int, contains text: String,
                             file: StaticString = #filePath, sourceLine: UInt = #line) {
        let source = Self.small.replacingOccurrences(of: old, with: new)
        XCTAssertNotEqual(source, Self.small, "test edit did not apply", file: file, line: sourceLine)
        XCTAssertThrowsError(try CaffeNetDescription.parse(source, file: "tiny.prototxt"), file: file, line: sourceLine) { error in
            guard let e = error as? FormatError else { return XCTFail("\(error)", file: file, line: sourceLine) }
            XCTAssertEqual(e.line, line, "\(e)", file: file, line: sourceLine)
            XCTAssertTrue(e.description.contains(text), "\(e)", file: file, line: sourceLine)
            XCTAssertTrue(e.description.hasPrefix("tiny.prototxt:\(line)"), "\(e)", file: file, line: sourceLine)
        }
    }

    func testErrorsCarryLineNumbers() {
        assertError("type: \"Softmax\"", "type: \"LRN\"", line: 23, contains: "layer type 'LRN' is not supported")
        assertError("num_output: 4", "num_output: 4 num_output: 5", line: 12, contains: "given more than once")
        assertError("stride: 2 pad: 1", "stride: 2 pad: 1 group: 2", line: 12, contains: "grouped convolution")
        assertError("kernel_size: 3 stride", "kernel_size: x3 stride", line: 12, contains: "must be an integer")
        assertError("pool: MAX", "pool: STOCHASTIC", line: 21, contains: "STOCHASTIC")
        assertError("bottom: \"c1\"\n  top: \"p\"", "bottom: \"c9\"\n  top: \"p\"", line: 16, contains: "bottom 'c9' is not produced")
        assertError("top: \"prob\" }", "top: \"prob\" ", line: 23, contains: "missing '}' for the '{' opened on line 23")
        assertError("name: \"tiny\"", "name: \"tiny", line: 1, contains: "unterminated string")
        assertError("input_dim: 6", "input_dim: 6 }", line: 5, contains: "unexpected '}'")
        assertError("input_dim: 7", "input_dim 7", line: 6, contains: "expected ':' or '{' after 'input_dim'")
        assertError("layer { name: \"r\"", "layer { name: \"r\" bogus: 1", line: 15, contains: "unsupported field 'bogus'")
        assertError("pool: MAX kernel_size: 2", "pool: MAX", line: 21, contains: "without kernel_size")
        assertError("input_dim: 1\n", "", line: 1, contains: "4 positive dimensions")
        assertError("top: \"c1\"\n", "top: \"c1\"\n@\n", line: 12, contains: "unexpected character '@'")
        // Hostile sizes and nesting are rejected, not trapped on.
        // 150e6 kernels × 2 × 3 × 3 > 2^31 weights (the 150e6 × 3 × 4 output blob still fits).
        assertError("num_output: 4", "num_output: 150000000", line: 7, contains: "too many")
        assertError("input_dim: 2\n", "input_dim: 1000000000\n", line: 1, contains: "too large")
        assertError("weight_filler { type: \"xavier\" }", String(repeating: "a { ", count: 70) + String(repeating: "} ", count: 70),
                    line: 13, contains: "nested deeper than 64")
    }
}
