/// Max or average pooling with Caffe's geometry.
public struct PoolSpec: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable { case max, average }
    public var kind: Kind
    public var kernel: Int
    public var stride: Int
    public var pad: Int

    public init(_ kind: Kind, kernel: Int, stride: Int, pad: Int = 0) {
        self.kind = kind
        self.kernel = kernel
        self.stride = stride
        self.pad = pad
    }

    /// Caffe's output size: `ceil((in + 2 pad - k) / s) + 1`, minus one when `pad > 0` and the
    /// last window would start inside the bottom/right padding (`(out - 1) * s >= in + pad`).
    public static func outputSize(input: Int, kernel: Int, stride: Int, pad: Int) -> Int {
        var out = (input + 2 * pad - kernel + stride - 1) / stride + 1
        if pad > 0 && (out - 1) * stride >= input + pad { out -= 1 }
        return out
    }

    /// Validates against an input of `h × w`; returns the output size.
    public func outputSize(layer: String, height h: Int, width w: Int) throws -> (height: Int, width: Int) {
        if kernel < 1 { throw LayerError(layer: layer, field: "kernel", "must be >= 1 (got \(kernel))") }
        if stride < 1 { throw LayerError(layer: layer, field: "stride", "must be >= 1 (got \(stride))") }
        if pad < 0 || pad >= kernel {
            throw LayerError(layer: layer, field: "pad", "must be in 0..<kernel (got \(pad))")
        }
        if kernel > h + 2 * pad || kernel > w + 2 * pad {
            throw LayerError(layer: layer, field: "kernel", "kernel \(kernel) larger than padded input \(h + 2 * pad)x\(w + 2 * pad)")
        }
        return (PoolSpec.outputSize(input: h, kernel: kernel, stride: stride, pad: pad),
                PoolSpec.outputSize(input: w, kernel: kernel, stride: stride, pad: pad))
    }

    /// Window of output `o` along one axis: `(start, end, poolSize)` clipped as Caffe does
    /// (max: to the input; average: size counted up to `in + pad`, sum over the clipped window).
    @inline(__always)
    func window(_ o: Int, input n: Int) -> (Int, Int, Int) {
        let s0 = o * stride - pad
        let avgEnd = min(s0 + kernel, n + pad)
        let size = avgEnd - s0
        return (max(s0, 0), min(s0 + kernel, n), size)
    }

    /// Float pooling.
    public func apply(_ x: Tensor, layer: String = "pool") throws -> Tensor {
        let (ho, wo) = try outputSize(layer: layer, height: x.height, width: x.width)
        var out = Tensor(channels: x.channels, height: ho, width: wo)
        for c in 0..<x.channels {
            for oy in 0..<ho {
                let (y0, y1, sy) = window(oy, input: x.height)
                for ox in 0..<wo {
                    let (x0, x1, sx) = window(ox, input: x.width)
                    var m = -Float.infinity, s: Float = 0
                    for y in y0..<y1 {
                        for xx in x0..<x1 {
                            let v = x[c, y, xx]
                            m = max(m, v)
                            s += v
                        }
                    }
                    out[c, oy, ox] = kind == .max ? m : s / Float(sy * sx)
                }
            }
        }
        return out
    }

    /// Fixed-point pooling (same scale in and out). Average: `sum / size` rounded half up,
    /// i.e. `floor((2 sum + size) / (2 size))`.
    public func apply(_ x: QTensor, layer: String = "pool") throws -> QTensor {
        let (ho, wo) = try outputSize(layer: layer, height: x.height, width: x.width)
        var out = QTensor(channels: x.channels, height: ho, width: wo, fracBits: x.fracBits)
        for c in 0..<x.channels {
            for oy in 0..<ho {
                let (y0, y1, sy) = window(oy, input: x.height)
                for ox in 0..<wo {
                    let (x0, x1, sx) = window(ox, input: x.width)
                    var m = Int32.min
                    var s: Int64 = 0
                    for y in y0..<y1 {
                        for xx in x0..<x1 {
                            let v = x[c, y, xx]
                            m = max(m, v)
                            s += Int64(v)
                        }
                    }
                    out[c, oy, ox] = kind == .max ? m : PoolSpec.roundedDivide(s, Int64(sy * sx))
                }
            }
        }
        return out
    }

    /// `floor(s / n + 1/2)` for `n > 0`.
    static func roundedDivide(_ s: Int64, _ n: Int64) -> Int32 {
        let num = 2 * s + n, den = 2 * n
        let q = num >= 0 ? num / den : -((-num + den - 1) / den)
        return Int32(q)
    }
}
