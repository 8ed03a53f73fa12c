/// A real-valued tensor, `C × H × W`, stored flat at `(c * H + y) * W + x`.
public struct Tensor: Sendable, Equatable {
    public var channels: Int
    public var height: Int
    public var width: Int
    public var data: [Float]

    /// Zero tensor.
    public init(channels: Int, height: Int, width: Int) {
        self.channels = channels
        self.height = height
        self.width = width
        self.data = [Float](repeating: 0, count: channels * height * width)
    }

    /// Tensor from flat data; throws (naming `name` and field `data`) on a size mismatch.
    public init(channels: Int, height: Int, width: Int, data: [Float], name: String = "tensor") throws {
        guard channels >= 0, height >= 0, width >= 0, data.count == channels * height * width else {
            throw LayerError(layer: name, field: "data",
                             "\(data.count) values for shape \(channels)x\(height)x\(width)")
        }
        self.channels = channels
        self.height = height
        self.width = width
        self.data = data
    }

    /// Number of elements.
    public var count: Int { data.count }
    /// Shape `(C, H, W)`.
    public var shape: Shape { Shape(channels: channels, height: height, width: width) }

    public subscript(c: Int, y: Int, x: Int) -> Float {
        get { data[(c * height + y) * width + x] }
        set { data[(c * height + y) * width + x] = newValue }
    }
}

/// A `C × H × W` shape.
public struct Shape: Sendable, Equatable, Hashable, CustomStringConvertible {
    public var channels: Int
    public var height: Int
    public var width: Int
    public init(channels: Int, height: Int, width: Int) {
        self.channels = channels
        self.height = height
        self.width = width
    }
    public var count: Int { channels * height * width }
    public var description: String { "\(channels)x\(height)x\(width)" }
}

/// A fixed-point tensor, `C × H × W`, values `data[i] * 2^-fracBits`, each within `width` bits.
public struct QTensor: Sendable, Equatable {
    public var channels: Int
    public var height: Int
    public var width: Int
    /// Fractional bits of the tensor's power-of-two scale.
    public var fracBits: Int
    public var data: [Int32]

    /// Zero tensor.
    public init(channels: Int, height: Int, width: Int, fracBits: Int) {
        self.channels = channels
        self.height = height
        self.width = width
        self.fracBits = fracBits
        self.data = [Int32](repeating: 0, count: channels * height * width)
    }

    /// Tensor from flat data; throws (naming `name` and field `data`) on a size mismatch.
    public init(channels: Int, height: Int, width: Int, fracBits: Int, data: [Int32], name: String = "tensor") throws {
        guard channels >= 0, height >= 0, width >= 0, data.count == channels * height * width else {
            throw LayerError(layer: name, field: "data",
                             "\(data.count) values for shape \(channels)x\(height)x\(width)")
        }
        self.channels = channels
        self.height = height
        self.width = width
        self.fracBits = fracBits
        self.data = data
    }

    /// Quantises a real tensor with `fracBits` fractional bits to `wordWidth` bits.
    public init(quantizing t: Tensor, fracBits: Int, wordWidth: Int) {
        self.channels = t.channels
        self.height = t.height
        self.width = t.width
        self.fracBits = fracBits
        self.data = t.data.map { FixedPoint.quantize(Double($0), fracBits: fracBits, width: wordWidth) }
    }

    public var count: Int { data.count }
    public var shape: Shape { Shape(channels: channels, height: height, width: width) }

    public subscript(c: Int, y: Int, x: Int) -> Int32 {
        get { data[(c * height + y) * width + x] }
        set { data[(c * height + y) * width + x] = newValue }
    }

    /// The real values.
    public func dequantized() -> Tensor {
        var t = Tensor(channels: channels, height: height, width: width)
        let s = Float(FixedPoint.pow2(-fracBits))
        for i in 0..<data.count { t.data[i] = Float(data[i]) * s }
        return t
    }

    /// True when no element is negative.
    public var isNonNegative: Bool { !data.contains { $0 < 0 } }

    /// The tensor with `pad` zero rows/columns on every side, flat `C × (H+2p) × (W+2p)`.
    public func padded(_ pad: Int) -> [Int32] {
        if pad == 0 { return data }
        let hp = height + 2 * pad, wp = width + 2 * pad
        var out = [Int32](repeating: 0, count: channels * hp * wp)
        for c in 0..<channels {
            for y in 0..<height {
                let src = (c * height + y) * width
                let dst = (c * hp + y + pad) * wp + pad
                for x in 0..<width { out[dst + x] = data[src + x] }
            }
        }
        return out
    }
}
