import XCTest
import HDL

/// BitVector arithmetic against Int arithmetic, and SHA-256 against known vectors.
final class ValueTests: XCTestCase {
    func wrap(_ v: Int, _ w: Int, signed: Bool) -> Int {
        let m = v & ((1 << w) - 1)
        return signed && m >= (1 << (w - 1)) ? m - (1 << w) : m
    }

    func testBitVectorMatchesIntArithmetic() {
        var rng = SplitMix(seed: 5)
        for _ in 0..<3000 {
            let w = 1 + Int(rng.next() % 30)
            let signed = rng.next() & 1 == 1
            let x = wrap(Int(truncatingIfNeeded: rng.next()), w, signed: signed)
            let y = wrap(Int(truncatingIfNeeded: rng.next()), w, signed: signed)
            let a = BitVector(width: w, value: x), b = BitVector(width: w, value: y)
            XCTAssertEqual(a.add(b).intValue(signed: signed), wrap(x + y, w, signed: signed))
            XCTAssertEqual(a.sub(b).intValue(signed: signed), wrap(x - y, w, signed: signed))
            XCTAssertEqual(a.mul(b, resultWidth: 2 * w, signed: signed).intValue(signed: signed),
                           wrap(x * y, 2 * w, signed: signed))
            let k = Int(rng.next() % UInt64(w))
            XCTAssertEqual(a.shl(k).intValue(signed: signed), wrap(x << k, w, signed: signed))
            if signed { XCTAssertEqual(a.ashr(k).intValue(signed: true), x >> k) }
            XCTAssertEqual(signed ? a.compareSigned(b) : a.compareUnsigned(b), x < y ? -1 : (x == y ? 0 : 1))
            XCTAssertEqual(a.sext(to: w + 40).intValue(signed: true), wrap(x, w, signed: true))
            XCTAssertEqual(a.zext(to: w + 40).intValue(signed: false), wrap(x, w, signed: false))
            let hexRound = BitVector(width: w, hex: Substring(a.hex))
            XCTAssertEqual(hexRound, a)
        }
    }

    func testWideMultiplyAndConcat() {
        let a = BitVector(width: 100, value: -3)
        let b = BitVector(width: 100, value: 5)
        XCTAssertEqual(a.mul(b, resultWidth: 200, signed: true).intValue(signed: true), -15)
        XCTAssertEqual(a.mul(b, resultWidth: 200, signed: true).width, 200)
        let c = BitVector(width: 70, unsigned: 1).concat(BitVector(width: 64, unsigned: 2))
        XCTAssertEqual(c.width, 134)
        XCTAssertTrue(c.bit(64))
        XCTAssertTrue(c.bit(1))
        XCTAssertEqual(c.slice(hi: 133, lo: 64).intValue(signed: false), 1)
    }

    func testSHA256KnownVectors() {
        XCTAssertEqual(SHA256.hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(SHA256.hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(SHA256.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
                       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }
}
