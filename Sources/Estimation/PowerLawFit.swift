import Foundation

/// A power law in depth and width, `y = k · depth^a · width^b`, fitted by ordinary least squares
/// on `ln y = ln k + a·ln depth + b·ln width` (so it minimises relative, not absolute, errors and
/// stays positive and monotone for positive exponents).
public struct PowerLawFit: Sendable, Hashable, Codable {
    /// `k` (the value at depth = width = 1).
    public var scale: Double
    /// Exponent of the depth, `a`.
    public var depthExponent: Double
    /// Exponent of the width, `b`.
    public var widthExponent: Double

    public init(scale: Double, depthExponent: Double, widthExponent: Double) {
        self.scale = scale
        self.depthExponent = depthExponent
        self.widthExponent = widthExponent
    }

    /// Fits `points` `(depth, width, y)`, all positive; needs three points not on one line in
    /// (ln depth, ln width). Returns nil when the normal equations are singular.
    public init?(points: [(depth: Int, width: Int, y: Double)]) {
        guard points.count >= 3, points.allSatisfy({ $0.depth > 0 && $0.width > 0 && $0.y > 0 }) else { return nil }
        // Normal equations XᵀX c = Xᵀy with rows (1, ln d, ln w).
        var m = [[Double]](repeating: [Double](repeating: 0, count: 4), count: 3)
        for p in points {
            let x = [1, log(Double(p.depth)), log(Double(p.width))]
            let y = log(p.y)
            for i in 0..<3 {
                for j in 0..<3 { m[i][j] += x[i] * x[j] }
                m[i][3] += x[i] * y
            }
        }
        // Gauss–Jordan elimination with partial pivoting.
        for col in 0..<3 {
            guard let pivot = (col..<3).max(by: { abs(m[$0][col]) < abs(m[$1][col]) }), abs(m[pivot][col]) > 1e-12 else { return nil }
            m.swapAt(col, pivot)
            for r in 0..<3 where r != col {
                let f = m[r][col] / m[col][col]
                for c in col..<4 { m[r][c] -= f * m[col][c] }
            }
        }
        scale = exp(m[0][3] / m[0][0])
        depthExponent = m[1][3] / m[1][1]
        widthExponent = m[2][3] / m[2][2]
    }

    /// `k · depth^a · width^b`.
    public func callAsFunction(depth: Int, width: Int) -> Double {
        scale * pow(Double(depth), depthExponent) * pow(Double(width), widthExponent)
    }

    /// Relative residual `(fit − y) / y` of one point.
    public func relativeError(depth: Int, width: Int, y: Double) -> Double {
        (self(depth: depth, width: width) - y) / y
    }
}
