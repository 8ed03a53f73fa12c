import Accelerator
import Golden

/// Random small quantised layers for co-simulation against the golden model.
enum GoldenLayers {
    struct Case {
        var layer: QuantizedConv
        var input: QTensor
        var compiler: Compiler
    }

    /// A fixed layer geometry (the weights, bias, shift and input stay random).
    struct Shape {
        var inC: Int, outC: Int, kernel: Int, stride: Int, pad: Int, h: Int, w: Int
    }

    /// A random layer; with `shape`, of that geometry.
    static func layer(seed: UInt64, width: Int = 16, mode: Mode, shape: Shape? = nil) throws -> Case {
        var g = SplitMix64(seed: seed)
        var inC = Int.random(in: 1...6, using: &g), outC = Int.random(in: 1...10, using: &g)
        var k = [1, 3, 3, 2].randomElement(using: &g)!
        var stride = Int.random(in: 1...2, using: &g), pad = k > 1 ? Int.random(in: 0...1, using: &g) : 0
        var h = Int.random(in: max(k, 3)...9, using: &g), w = Int.random(in: max(k, 3)...9, using: &g)
        if let s = shape { (inC, outC, k, stride, pad, h, w) = (s.inC, s.outC, s.kernel, s.stride, s.pad, s.h, s.w) }
        let spec = ConvSpec(name: "rand\(seed)", inC: inC, outC: outC, kernel: k, stride: stride, pad: pad)
        let wmax = Int32((1 << (width - 1)) - 1)
        let weights = (0..<(outC * spec.kernelSize)).map { _ -> Int32 in
            Int.random(in: 0..<3, using: &g) == 0 ? 0 : Int32.random(in: -wmax / 3...wmax / 3, using: &g)
        }
        let bl = (Int64(1) << (2 * width - 4))
        let bias = (0..<outC).map { _ in Int64.random(in: -bl...bl / 2, using: &g) }
        let shift = Int.random(in: (width - 2)...(width + 4), using: &g)
        let layer = try QuantizedConv(spec: spec, width: width, weights: weights, bias: bias, shift: shift)
        let input = try randomInput(&g, inC: inC, h: h, w: w, width: width)
        var settings: [PredictiveSetting]? = nil
        if mode == .predictive {
            settings = (0..<outC).map { _ in
                PredictiveSetting(threshold: Int64.random(in: -(1 << (2 * width - 2))...(1 << (2 * width - 4)), using: &g),
                                  specN: Int.random(in: 0...3, using: &g))
            }
        }
        let strategy: SpeculationStrategy = Bool.random(using: &g) ? .largestMagnitude : SpeculationStrategy.allCases.last!
        return Case(layer: layer, input: input, compiler: Compiler(mode: mode, strategy: strategy, settings: settings))
    }

    /// A non-negative random input, a third of it zeros.
    static func randomInput(_ g: inout SplitMix64, inC: Int, h: Int, w: Int, width: Int) throws -> QTensor {
        let wmax = Int32((1 << (width - 1)) - 1)
        let data = (0..<(inC * h * w)).map { _ -> Int32 in
            Int.random(in: 0..<3, using: &g) == 0 ? 0 : Int32.random(in: 0...wmax / 2, using: &g)
        }
        return try QTensor(channels: inC, height: h, width: w, fracBits: 0, data: data)
    }

    /// The layer's tiles for `config`.
    static func tiles(_ c: Case, _ config: AcceleratorConfig) throws -> [TileProgram] {
        try LayerTiler.tiles(c.layer, input: c.input, compiler: c.compiler, capacities: config.bufferCapacities,
                             pes: config.pes)
    }
}
