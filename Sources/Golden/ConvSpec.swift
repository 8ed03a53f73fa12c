/// Geometry of one convolution layer (also used for fully connected layers as 1×1 convolutions).
public struct ConvSpec: Sendable, Equatable, CustomStringConvertible {
    /// Layer name used in every error message.
    public var name: String
    /// Input channels.
    public var inC: Int
    /// Output channels (kernels).
    public var outC: Int
    /// Kernel height.
    public var kH: Int
    /// Kernel width.
    public var kW: Int
    /// Stride (both directions).
    public var stride: Int
    /// Zero padding (all four sides).
    public var pad: Int

    public init(name: String, inC: Int, outC: Int, kH: Int, kW: Int, stride: Int = 1, pad: Int = 0) {
        self.name = name
        self.inC = inC
        self.outC = outC
        self.kH = kH
        self.kW = kW
        self.stride = stride
        self.pad = pad
    }

    /// Square-kernel convenience initialiser.
    public init(name: String, inC: Int, outC: Int, kernel: Int, stride: Int = 1, pad: Int = 0) {
        self.init(name: name, inC: inC, outC: outC, kH: kernel, kW: kernel, stride: stride, pad: pad)
    }

    /// Ops of one kernel in dense mode, `inC * kH * kW`.
    public var kernelSize: Int { inC * kH * kW }

    public var description: String {
        "\(name): \(inC)->\(outC) \(kH)x\(kW)/\(stride) pad \(pad)"
    }

    /// Checks the fields that do not depend on the input.
    public func validate() throws {
        func field(_ f: String, _ v: Int, atLeast m: Int) throws {
            if v < m { throw LayerError(layer: name, field: f, "must be >= \(m) (got \(v))") }
        }
        try field("inC", inC, atLeast: 1)
        try field("outC", outC, atLeast: 1)
        try field("kH", kH, atLeast: 1)
        try field("kW", kW, atLeast: 1)
        try field("stride", stride, atLeast: 1)
        try field("pad", pad, atLeast: 0)
        if kernelSize > 1 << 24 {
            throw LayerError(layer: name, field: "kernelSize", "inC*kH*kW = \(kernelSize) exceeds 2^24")
        }
    }

    /// Validates the layer against an input shape and returns the output size `(Hout, Wout)`,
    /// `Hout = (H + 2 pad - kH) / stride + 1` (floor).
    public func outputSize(inputChannels c: Int, height h: Int, width w: Int) throws -> (height: Int, width: Int) {
        try validate()
        if c != inC {
            throw LayerError(layer: name, field: "inC", "input has \(c) channels, layer expects \(inC)")
        }
        if h < 1 || w < 1 {
            throw LayerError(layer: name, field: "input shape", "input is \(h)x\(w), must be at least 1x1")
        }
        if kH > h + 2 * pad {
            throw LayerError(layer: name, field: "kH", "kernel height \(kH) larger than padded input height \(h + 2 * pad)")
        }
        if kW > w + 2 * pad {
            throw LayerError(layer: name, field: "kW", "kernel width \(kW) larger than padded input width \(w + 2 * pad)")
        }
        return ((h + 2 * pad - kH) / stride + 1, (w + 2 * pad - kW) / stride + 1)
    }
}
