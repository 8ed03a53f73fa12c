import XCTest
import Foundation
import Workloads

/// The digits loader, its validation errors and the deterministic split.
final class DigitsDataTests: XCTestCase {
    func testEmbeddedDataSetMatchesTheSource() throws {
        let d = try DigitsDataset.embedded()
        XCTAssertEqual(d.samples.count, 1797)
        // Class counts computed independently with awk on digits.csv.gz.
        var counts = [Int](repeating: 0, count: 10)
        for s in d.samples { counts[s.label] += 1 }
        XCTAssertEqual(counts, [178, 182, 177, 183, 181, 182, 181, 179, 174, 180])
        // First and last rows, copied by hand from the file.
        XCTAssertEqual(Array(d.samples[0].pixels.prefix(8)), [0, 0, 5, 13, 9, 1, 0, 0])
        XCTAssertEqual(d.samples[0].label, 0)
        XCTAssertEqual(Array(d.samples[1796].pixels.suffix(8)), [0, 1, 8, 12, 14, 12, 1, 0])
        XCTAssertEqual(d.samples[1796].label, 8)
    }

    private func parseError(_ text: String) -> String? {
        do {
            _ = try DigitsDataset.parse(Data(text.utf8), fileName: "t.csv")
            return nil
        } catch let e as DigitsDataError {
            return e.description
        } catch {
            return "unexpected \(error)"
        }
    }

    private func row(_ pixel: Int = 1, label: Int = 3, count: Int = 64) -> String {
        (Array(repeating: String(pixel), count: count) + [String(label)]).joined(separator: ",")
    }

    func testParsesValidRowsAndBlankTrailingLine() throws {
        let d = try DigitsDataset.parse(Data((row(2, label: 9) + "\r\n" + row(16, label: 0) + "\n\n").utf8))
        XCTAssertEqual(d.samples.count, 2)
        XCTAssertEqual(d.samples[0].pixels, [UInt8](repeating: 2, count: 64))
        XCTAssertEqual(d.samples[0].label, 9)
        XCTAssertEqual(d.samples[1].pixels, [UInt8](repeating: 16, count: 64))
    }

    func testCorruptRowsNameTheLine() {
        let good = row()
        XCTAssertEqual(parseError(good + "\n" + row(count: 63)),
                       "t.csv:2: expected 65 fields (64 pixels and a label), found 64")
        XCTAssertEqual(parseError(good + "\n" + good + "\n" + row(17)), "t.csv:3: pixel 0 is 17, outside 0...16")
        XCTAssertEqual(parseError(row(label: 10)), "t.csv:1: label is 10, outside 0...9")
        XCTAssertEqual(parseError(good + "\n" + good.replacingOccurrences(of: "1,", with: "-1,")),
                       "t.csv:2: unexpected '-' in field 1")
        XCTAssertEqual(parseError("1,,2"), "t.csv:1: empty field 2")
        XCTAssertEqual(parseError(row(count: 70)), "t.csv:1: more than 65 fields")
        XCTAssertEqual(parseError(""), "t.csv:0: no samples")
        XCTAssertEqual(parseError("\n\n"), "t.csv:0: no samples")
        XCTAssertNotNil(parseError(good + "\n1\u{0}2"))
    }

    func testSplitIsDeterministicDisjointAndComplete() {
        let a = DigitsSplit(count: 1797), b = DigitsSplit(count: 1797)
        XCTAssertEqual(a, b)
        XCTAssertEqual(a.train.count, 997)
        XCTAssertEqual(a.calibration.count, 400)
        XCTAssertEqual(a.test.count, 400)
        XCTAssertEqual(Set(a.train + a.calibration + a.test), Set(0..<1797))
        XCTAssertEqual(a.train.count + a.calibration.count + a.test.count, 1797)
        let c = DigitsSplit(count: 1797, seed: 99)
        XCTAssertNotEqual(a.train, c.train)
        // Reshuffling the evaluation pool keeps the training split and the pool.
        let e = DigitsSplit(count: 1797, evaluationSeed: 5)
        XCTAssertEqual(e.train, a.train)
        XCTAssertEqual(Set(e.calibration + e.test), Set(a.calibration + a.test))
        XCTAssertNotEqual(e.calibration, a.calibration)
    }

    func testSplitMix64MatchesReferenceOutputs() {
        // Reference values of SplitMix64 with seed 1234567 (from the published C reference,
        // as used to seed xoroshiro: Vigna, prng.di.unimi.it/splitmix64.c).
        var r = SplitMix64(seed: 1234567)
        XCTAssertEqual(r.next(), 6457827717110365317)
        XCTAssertEqual(r.next(), 3203168211198807973)
        XCTAssertEqual(r.next(), 9817491932198370423)
    }
}
