/// Caffe-style input preprocessing for ImageNet networks (SqueezeNet v1.0 settings by default):
/// resize to `size × size`, reorder to BGR, subtract the per-channel mean, lay out C×H×W.
///
/// Resizing is bilinear with half-pixel centres and no antialiasing — the mapping of OpenCV's
/// `cv::resize(INTER_LINEAR)` that Caffe's C++ classification example uses:
/// `sx = (x + 0.5) · srcW / dstW − 0.5`, clamped to `[0, srcW − 1]`, and the same for y.
/// The resized values stay in floating point (no rounding back to 8 bits).
public struct CaffePreprocessing: Sendable, Equatable {
    /// Output side length.
    public var size: Int
    /// Mean subtracted from each channel, in BGR order.
    public var meanBGR: (Float, Float, Float)

    public init(size: Int = 227, meanBGR: (Float, Float, Float) = (104, 117, 123)) {
        self.size = size
        self.meanBGR = meanBGR
    }

    /// SqueezeNet v1.0: 227×227, mean B 104, G 117, R 123.
    public static let squeezeNet = CaffePreprocessing()

    public static func == (a: CaffePreprocessing, b: CaffePreprocessing) -> Bool {
        a.size == b.size && a.meanBGR == b.meanBGR
    }

    /// The network input, `3 × size × size`, channel 0 = blue.
    public func tensor(_ image: RGBImage) -> [Float] {
        let rgb = Self.resizeBilinear(image, width: size, height: size)
        let plane = size * size
        var out = [Float](repeating: 0, count: 3 * plane)
        let mean = [meanBGR.0, meanBGR.1, meanBGR.2]
        for p in 0..<plane {
            for bgr in 0..<3 {
                out[bgr * plane + p] = rgb[p * 3 + (2 - bgr)] - mean[bgr]
            }
        }
        return out
    }

    /// Bilinear resize (half-pixel centres, edge clamp), returning interleaved RGB floats.
    public static func resizeBilinear(_ image: RGBImage, width: Int, height: Int) -> [Float] {
        precondition(width > 0 && height > 0)
        func taps(_ n: Int, _ src: Int) -> [(Int, Int, Float)] {
            let scale = Double(src) / Double(n)
            return (0..<n).map { d in
                let s = min(max((Double(d) + 0.5) * scale - 0.5, 0), Double(src - 1))
                let i0 = Int(s.rounded(.down))
                let i1 = min(i0 + 1, src - 1)
                return (i0, i1, Float(s - Double(i0)))
            }
        }
        let xs = taps(width, image.width)
        let ys = taps(height, image.height)
        var out = [Float](repeating: 0, count: width * height * 3)
        image.pixels.withUnsafeBufferPointer { px in
            for (y, (y0, y1, fy)) in ys.enumerated() {
                for (x, (x0, x1, fx)) in xs.enumerated() {
                    for c in 0..<3 {
                        let a = Float(px[(y0 * image.width + x0) * 3 + c])
                        let b = Float(px[(y0 * image.width + x1) * 3 + c])
                        let d = Float(px[(y1 * image.width + x0) * 3 + c])
                        let e = Float(px[(y1 * image.width + x1) * 3 + c])
                        let top = a + (b - a) * fx
                        let bottom = d + (e - d) * fx
                        out[(y * width + x) * 3 + c] = top + (bottom - top) * fy
                    }
                }
            }
        }
        return out
    }
}
