import XCTest
import Workloads

/// PPM decoding, image transforms and Caffe preprocessing, checked against hand computations.
final class SqueezeNetImageTests: XCTestCase {
    private func assertRejects(_ bytes: [UInt8], offset: Int, contains text: String,
                               file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try PPM.decode(bytes, file: "i.ppm"), file: file, line: line) { error in
            guard let e = error as? FormatError else { return XCTFail("\(error)", file: file, line: line) }
            XCTAssertEqual(e.byteOffset, offset, "\(e)", file: file, line: line)
            XCTAssertTrue(e.description.contains(text), "\(e)", file: file, line: line)
        }
    }

    func testDecodeWithComments() throws {
        let header = Array("P6 # made by hand\n# another\n3\t2\n255\n".utf8)
        let pixels: [UInt8] = Array(0..<18)
        let img = try PPM.decode(header + pixels, file: "i.ppm")
        XCTAssertEqual(img.width, 3)
        XCTAssertEqual(img.height, 2)
        XCTAssertEqual(img[2, 1, 0], 15)   // (y·3 + x)·3 + c = (3 + 2)·3 + 0
        XCTAssertEqual(img[0, 1, 2], 11)
        XCTAssertEqual(try PPM.decode(PPM.encode(img), file: "e.ppm"), img)
    }

    func testMalformedFilesRejectedWithOffset() {
        let pixels = [UInt8](repeating: 7, count: 12)
        assertRejects(Array("P3\n2 2\n255\n".utf8) + pixels, offset: 0, contains: "magic 'P6'")
        assertRejects(Array("P6\n2 2\n65535\n".utf8) + pixels, offset: 7, contains: "maxval 65535")
        assertRejects(Array("P6\n2 x\n255\n".utf8) + pixels, offset: 5, contains: "expected height")
        assertRejects(Array("P6\n0 2\n255\n".utf8) + pixels, offset: 3, contains: "must be positive")
        assertRejects(Array("P6\n2 2\n255".utf8), offset: 10, contains: "whitespace byte after maxval")
        // Raster starts at 11: "P6\n2 2\n255\n" is 11 bytes.
        assertRejects(Array("P6\n2 2\n255\n".utf8) + pixels.dropLast(), offset: 11, contains: "needs 12 bytes, only 11 remain")
        assertRejects(Array("P6\n2 2\n255\n".utf8) + pixels + [1, 2], offset: 23, contains: "2 unexpected bytes")
        assertRejects(Array("P6\n99999999 99999999\n255\n".utf8), offset: 25, contains: "truncated pixel data")
        assertRejects(Array("P6\n1234567890 2\n255\n".utf8), offset: 3, contains: "too many digits")
        assertRejects(Array("P6".utf8), offset: 2, contains: "whitespace before width")
    }

    func testRealImagesHaveDocumentedSizes() throws {
        let dir = try SqueezeNetTestData.directory()
        let sizes = ["chelsea": (451, 300), "coffee": (600, 400), "astronaut": (512, 512), "rocket": (640, 427)]
        for (name, (w, h)) in sizes {
            let img = try PPM.load(path: try dir.image(name))
            XCTAssertEqual([img.width, img.height], [w, h], name)
        }
    }

    func testFlipAndCrop() {
        let img = RGBImage(width: 3, height: 2, pixels: Array(0..<18))
        let f = img.flippedHorizontally()
        XCTAssertEqual(f.pixels, [6, 7, 8, 3, 4, 5, 0, 1, 2, 15, 16, 17, 12, 13, 14, 9, 10, 11])
        XCTAssertEqual(img.cropped(x: 1, y: 1, width: 2, height: 1).pixels, [12, 13, 14, 15, 16, 17])
    }

    func testBilinearResizeHalfPixelCentres() {
        // 2×1 → 4×1: sx = (x + 0.5)·0.5 − 0.5 = −0.25, 0.25, 0.75, 1.25 → clamped 0, 0.25, 0.75, 1.
        let img = RGBImage(width: 2, height: 1, pixels: [0, 100, 200, 40, 60, 0])
        let out = CaffePreprocessing.resizeBilinear(img, width: 4, height: 1)
        let r = stride(from: 0, to: 12, by: 3).map { out[$0] }
        let g = stride(from: 1, to: 12, by: 3).map { out[$0] }
        let b = stride(from: 2, to: 12, by: 3).map { out[$0] }
        XCTAssertEqual(r, [0, 10, 30, 40])
        XCTAssertEqual(g, [100, 90, 70, 60])
        XCTAssertEqual(b, [200, 150, 50, 0])
        // Same size is the identity.
        let same = CaffePreprocessing.resizeBilinear(img, width: 2, height: 1)
        XCTAssertEqual(same, img.pixels.map(Float.init))
        // 4×4 → 2×2: sx = (x + 0.5)·2 − 0.5 = 0.5, 2.5: averages of 2×2 blocks.
        let big = RGBImage(width: 4, height: 4, pixels: (0..<16).flatMap { [UInt8($0 * 10), 0, 0] })
        let small = CaffePreprocessing.resizeBilinear(big, width: 2, height: 2)
        XCTAssertEqual(stride(from: 0, to: 12, by: 3).map { small[$0] }, [25, 45, 105, 125])
    }

    func testPreprocessingIsBGRMeanSubtractedCHW() {
        let img = RGBImage(width: 1, height: 1, pixels: [200, 100, 50])
        let t = CaffePreprocessing(size: 2).tensor(img)
        XCTAssertEqual(t, [-54, -54, -54, -54, -17, -17, -17, -17, 77, 77, 77, 77])
        XCTAssertEqual(CaffePreprocessing.squeezeNet.tensor(img).count, 3 * 227 * 227)
    }
}
