import XCTest
import Workloads

/// The float reference interpreter: hand-computed layers, then the real network's documented
/// classifications (data.md: chelsea → 285, coffee → 967).
final class SqueezeNetFloatReferenceTests: XCTestCase {
    func testHandComputedConvPoolConcat() throws {
        let text = """
        input: "x" input_dim: 1 input_dim: 1 input_dim: 3 input_dim: 3
        layer { name: "c" type: "Convolution" bottom: "x" top: "c" convolution_param { num_output: 2 kernel_size: 2 } }
        layer { name: "r" type: "ReLU" bottom: "c" top: "c" }
        layer { name: "q" type: "Convolution" bottom: "x" top: "q" convolution_param { num_output: 1 kernel_size: 1 pad: 1 stride: 2 } }
        layer { name: "p" type: "Pooling" bottom: "c" top: "p" pooling_param { pool: MAX kernel_size: 2 stride: 2 } }
        layer { name: "a" type: "Pooling" bottom: "q" top: "a" pooling_param { pool: AVE global_pooling: true } }
        layer { name: "k" type: "Concat" bottom: "p" bottom: "a" top: "k" }
        """
        let net = try CaffeNetDescription.parse(text, file: "t")
        let c = CompressedLayer(shape: ConvolutionShape(layer: "c", outputs: 2, inputs: 1, kernel: 2),
                                     weights: [1, 0, 0, -1, 0, 2, 0, 0], bias: [0.5, -20])
        let q = CompressedLayer(shape: ConvolutionShape(layer: "q", outputs: 1, inputs: 1, kernel: 1),
                                     weights: [2], bias: [1])
        let ref = CaffeFloatReference(description: net, weights: [c, q])
        let x: [Float] = [1, 2, 3, 4, 5, 6, 7, 8, 9]
        let blobs = try ref.run(x)
        // c0 = x[y][x] − x[y+1][x+1] + 0.5 = −3.5 everywhere → ReLU 0; c1 = 2·x[y][x+1] − 20 → 2·(2,3,5,6) − 20 < 0 → 0.
        XCTAssertEqual(blobs["c"]?.values, [0, 0, 0, 0, 0, 0, 0, 0])
        // q: 1×1, pad 1, stride 2 on 3×3: (3 + 2 − 1) / 2 + 1 = 3 outputs per side, sampling input
        // rows and columns −1, 1, 3; only (1, 1) = 5 is inside → 2·5 + 1 = 11, elsewhere the bias 1.
        XCTAssertEqual(blobs["q"]?.values, [1, 1, 1, 1, 11, 1, 1, 1, 1])
        // p: c is 2×2 per channel; pool k2 s2 → 1×1 per channel.
        XCTAssertEqual(blobs["p"]?.shape, TensorShape(channels: 2, height: 1, width: 1))
        XCTAssertEqual(blobs["a"]?.values, [19.0 / 9.0])
        XCTAssertEqual(blobs["k"]?.values, [0, 0, 19.0 / 9.0])
    }

    func testRoundUpMaxPooling() throws {
        let text = """
        input: "x" input_dim: 1 input_dim: 1 input_dim: 4 input_dim: 4
        layer { name: "p" type: "Pooling" bottom: "x" top: "p" pooling_param { pool: MAX kernel_size: 3 stride: 2 } }
        """
        let net = try CaffeNetDescription.parse(text, file: "t")
        let x: [Float] = (0..<16).map { Float(($0 * 7) % 16) }
        // ceil((4 − 3) / 2) + 1 = 2: windows rows/cols [0,3) and [2,4) (clipped).
        let out = try CaffeFloatReference(description: net, weights: []).output(x)
        func m(_ ys: Range<Int>, _ xs: Range<Int>) -> Float { ys.flatMap { y in xs.map { x[y * 4 + $0] } }.max()! }
        XCTAssertEqual(out, [m(0..<3, 0..<3), m(0..<3, 2..<4), m(2..<4, 0..<3), m(2..<4, 2..<4)])
    }

    func testRealNetworkClassifiesSanityImages() throws {
        let dir = try SqueezeNetTestData.directory()
        let net = try CaffeNetDescription.load(path: try dir.squeezeNetPrototxt())
        let layers = try CompressedNet.load(path: try dir.squeezeNetWeights(), layers: try net.convolutionShapes())
        let ref = CaffeFloatReference(description: net, weights: layers)
        for (name, label) in [("chelsea", 285), ("coffee", 967)] {
            let out = try ref.output(CaffePreprocessing.squeezeNet.tensor(try PPM.load(path: try dir.image(name))))
            XCTAssertEqual(out.count, 1000)
            XCTAssertEqual(out.indices.max { out[$0] < out[$1] }, label, name)
        }
    }
}
