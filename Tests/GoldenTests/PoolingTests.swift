import XCTest
import Golden

final class PoolingTests: XCTestCase {
    /// Output sizes derived by hand from Caffe's `ceil((in + 2p - k) / s) + 1` (with the
    /// padding clip rule).
    func testCaffeOutputSizes() {
        XCTAssertEqual(PoolSpec.outputSize(input: 111, kernel: 3, stride: 2, pad: 0), 55)  // SqueezeNet pool1: ceil(108/2)+1
        XCTAssertEqual(PoolSpec.outputSize(input: 55, kernel: 3, stride: 2, pad: 0), 27)   // pool4: ceil(52/2)+1
        XCTAssertEqual(PoolSpec.outputSize(input: 27, kernel: 3, stride: 2, pad: 0), 13)   // pool8: ceil(24/2)+1
        XCTAssertEqual(PoolSpec.outputSize(input: 112, kernel: 3, stride: 2, pad: 0), 56)  // ceil(109/2)+1 = 56 (floor: 55)
        XCTAssertEqual(PoolSpec.outputSize(input: 6, kernel: 2, stride: 2, pad: 0), 3)    // exact division
        XCTAssertEqual(PoolSpec.outputSize(input: 5, kernel: 2, stride: 2, pad: 1), 3)    // ceil(5/2)+1 = 4, clipped: 3*2 >= 5+1
        XCTAssertEqual(PoolSpec.outputSize(input: 7, kernel: 3, stride: 2, pad: 1), 4)    // ceil(6/2)+1 = 4, 3*2 = 6 < 8 kept
        XCTAssertEqual(PoolSpec.outputSize(input: 8, kernel: 8, stride: 1, pad: 0), 1)
    }

    /// 3×3 input 1...9, 2×2 stride 2: windows {1,2,4,5}, {3,6}, {7,8}, {9} (Caffe clips at the
    /// border; average divides by the clipped window size since pad = 0).
    func testPoolValuesByHand() throws {
        let x = try Tensor(channels: 1, height: 3, width: 3, data: [1, 2, 3, 4, 5, 6, 7, 8, 9])
        XCTAssertEqual(try PoolSpec(.max, kernel: 2, stride: 2).apply(x).data, [5, 6, 8, 9])
        XCTAssertEqual(try PoolSpec(.average, kernel: 2, stride: 2).apply(x).data, [3, 4.5, 7.5, 9])
        let q = try QTensor(channels: 1, height: 3, width: 3, fracBits: 0, data: [1, 2, 3, 4, 5, 6, 7, 8, 9])
        XCTAssertEqual(try PoolSpec(.max, kernel: 2, stride: 2).apply(q).data, [5, 6, 8, 9])
        XCTAssertEqual(try PoolSpec(.average, kernel: 2, stride: 2).apply(q).data, [3, 5, 8, 9])  // half up
        // average with padding 1, kernel 2, stride 2 on 1x3 rows: windows start -1, 1 -> sizes 2 (counting pad)
        let r = try Tensor(channels: 1, height: 1, width: 3, data: [2, 4, 6])
        let p = PoolSpec(.average, kernel: 2, stride: 2, pad: 1)
        // height: in 1, pad 1: ceil((1+2-2)/2)+1 = 2, clip: 1*2 >= 1+1 -> 1 row; window rows -1..1 (size 2)
        // width: in 3: ceil(3/2)+1 = 3, clip: 2*2 >= 4 -> 2; windows cols [-1,1) and [1,3)
        let o = try p.apply(r)
        XCTAssertEqual(o.height, 1)
        XCTAssertEqual(o.width, 2)
        XCTAssertEqual(o.data, [2.0 / 4, (4.0 + 6) / 4])
    }

    func testBadPoolsNameLayerAndField() {
        for (spec, field) in [(PoolSpec(.max, kernel: 0, stride: 1), "kernel"), (PoolSpec(.max, kernel: 2, stride: 0), "stride"),
                              (PoolSpec(.max, kernel: 2, stride: 1, pad: 2), "pad"), (PoolSpec(.max, kernel: 9, stride: 1), "kernel")] {
            XCTAssertThrowsError(try spec.outputSize(layer: "poolZ", height: 4, width: 4)) { e in
                let le = e as? LayerError
                XCTAssertEqual(le?.layer, "poolZ")
                XCTAssertEqual(le?.field, field)
            }
        }
    }
}
