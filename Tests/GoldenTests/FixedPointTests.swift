import XCTest
import Golden

final class FixedPointTests: XCTestCase {
    func testRequantHandValues() {
        XCTAssertEqual(FixedPoint.requant(5, shift: 1, width: 8), 3)     // 2.5 -> 3 (half up)
        XCTAssertEqual(FixedPoint.requant(4, shift: 1, width: 8), 2)
        XCTAssertEqual(FixedPoint.requant(6, shift: 2, width: 8), 2)     // 1.5 -> 2
        XCTAssertEqual(FixedPoint.requant(5, shift: 2, width: 8), 1)     // 1.25 -> 1
        XCTAssertEqual(FixedPoint.requant(-3, shift: 2, width: 8), 0)    // ReLU
        XCTAssertEqual(FixedPoint.requant(1000, shift: 0, width: 8), 127)
        XCTAssertEqual(FixedPoint.requant(255, shift: 1, width: 8), 127) // 128 saturates
        XCTAssertEqual(FixedPoint.requant(253, shift: 1, width: 8), 127)
        XCTAssertEqual(FixedPoint.requant(251, shift: 1, width: 8), 126)
        XCTAssertEqual(FixedPoint.requant(1 << 40, shift: 10, width: 16), 32767)
        XCTAssertEqual(FixedPoint.requantLinear(-5, shift: 1, width: 8), -2)  // -2.5 -> -2 (half up)
        XCTAssertEqual(FixedPoint.requantLinear(-7, shift: 1, width: 8), -3)  // -3.5 -> -3
        XCTAssertEqual(FixedPoint.requantLinear(-1000, shift: 0, width: 8), -128)
    }

    func testWidthsAndRanges() throws {
        XCTAssertEqual(FixedPoint.accumulatorWidth(width: 16, maxKernelOps: 1152), 32 + 11 + 1)
        // one-op kernels: bias 2^16 - 1 plus product 2^14 needs 18 bits (see the bound test below)
        XCTAssertEqual(FixedPoint.accumulatorWidth(width: 8, maxKernelOps: 1), 18)
        XCTAssertEqual(FixedPoint.accumulatorWidth(width: 8, maxKernelOps: 2), 18)
        XCTAssertEqual(FixedPoint.accumulatorWidth(width: 12, maxKernelOps: 9), 29)
        XCTAssertEqual(FixedPoint.accumulatorWidth(width: 16, maxKernelOps: 1024), 43)
        let f = try FixedPoint(width: 12)
        XCTAssertEqual(f.maxValue, 2047)
        XCTAssertEqual(f.minValue, -2048)
        XCTAssertEqual(FixedPoint.biasLimit(width: 8), 65535)
        XCTAssertEqual(FixedPoint.quantize(0.75, fracBits: 2, width: 8), 3)
        XCTAssertEqual(FixedPoint.quantize(-0.625, fracBits: 2, width: 8), -3)  // -2.5 -> -3 (away from zero)
        XCTAssertEqual(FixedPoint.quantize(100, fracBits: 2, width: 8), 127)
        XCTAssertEqual(FixedPoint.quantize(-100, fracBits: 2, width: 8), -128)
    }

    func testClampThreshold() {
        XCTAssertEqual(FixedPoint.clampThreshold(Int64.min, accumulatorWidth: 18), -131072)
        XCTAssertEqual(FixedPoint.clampThreshold(Int64.max, accumulatorWidth: 18), 131071)
        XCTAssertEqual(FixedPoint.clampThreshold(-5, accumulatorWidth: 18), -5)
    }

    /// The worst-case accumulator magnitude stays below 2^(A-1), so the A-bit RTL cannot overflow.
    func testAccumulatorBound() {
        for w in FixedPoint.supportedWidths {
            for l in [1, 2, 3, 9, 27, 1152, 4608] {
                let a = FixedPoint.accumulatorWidth(width: w, maxKernelOps: l)
                let worstProduct = Double(1 << (w - 1)) * Double(1 << (w - 1))
                let worst = Double(l) * worstProduct + Double(FixedPoint.biasLimit(width: w))
                XCTAssertLessThan(worst, Double(sign: .plus, exponent: a - 1, significand: 1))
            }
        }
    }
}
