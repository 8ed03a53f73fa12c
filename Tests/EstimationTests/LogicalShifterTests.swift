import Foundation
import XCTest
import Accelerator
import Estimation

/// The logical right shifter (`shr_u` entries, kept outputs D) and the demanded-bits pricing of the
/// generated requantiser.
final class LogicalShifterTests: XCTestCase {
    /// Area of the raw `shr_u` entry at (W, D), read from the JSON independently of `AreaTable`.
    func raw(_ w: Int, _ d: Int) throws -> Double {
        try XCTUnwrap(try rawEntries("shr_u").first { $0.0["W"] == w && $0.0["D"] == d }).1
    }

    func testLookupIsExactAtEntriesAndBilinearBetween() throws {
        let est = try AreaEstimator()
        // Exact entry: W=32, 5-bit amount, 16 outputs kept.
        let e = try est.area(of: .logicalShifter(width: 32, shiftBits: 5, outputs: 16))
        XCTAssertEqual(e.area, try raw(32, 16), accuracy: 1e-9)
        XCTAssertEqual(e.method, .measured)
        // Whole shifter (D = W) is the D = W entry.
        XCTAssertEqual(try est.area(of: .logicalShifter(width: 24, shiftBits: 5, outputs: 24)).area, try raw(24, 24), accuracy: 1e-9)
        // W=28 (between the 24 and 32 lines, both 5-bit amounts), D=9 (between D=8 and D=12):
        // linear in D on each line, then linear in W — computed here by hand from the four entries.
        let l24 = try raw(24, 8) + 0.25 * (try raw(24, 12) - raw(24, 8))
        let l32 = try raw(32, 8) + 0.25 * (try raw(32, 12) - raw(32, 8))
        let want = l24 + 0.5 * (l32 - l24)
        let r = try est.area(of: .logicalShifter(width: 28, shiftBits: 5, outputs: 9))
        XCTAssertEqual(r.area, want, accuracy: 1e-9)
        XCTAssertEqual(r.method, .interpolated)
        // D above the lower line's width: the lower line contributes its whole shifter (D clipped to 24).
        let r26 = try est.area(of: .logicalShifter(width: 28, shiftBits: 5, outputs: 26))
        let l32at26 = try raw(32, 24) + 0.25 * (try raw(32, 32) - raw(32, 24))
        XCTAssertEqual(r26.area, try raw(24, 24) + 0.5 * (l32at26 - raw(24, 24)), accuracy: 1e-9)
        // A 3-bit amount on a 32-bit shifter: 3 of its 5 stages.
        let s3 = try est.area(of: .logicalShifter(width: 32, shiftBits: 3, outputs: 32))
        XCTAssertEqual(s3.area, try raw(32, 32) * 3 / 5, accuracy: 1e-9)
        // More outputs than bits, or widths outside the characterised 8...64, are errors.
        XCTAssertThrowsError(try est.area(of: .logicalShifter(width: 16, shiftBits: 4, outputs: 17)))
        XCTAssertThrowsError(try est.area(of: .logicalShifter(width: 128, shiftBits: 7, outputs: 8)))
        // Fewer kept outputs never cost more.
        var last = 0.0
        for d in 1...44 {
            let a = try est.area(of: .logicalShifter(width: 44, shiftBits: 6, outputs: d)).area
            XCTAssertGreaterThanOrEqual(a, last - 1e-9, "D=\(d)")
            last = a
        }
    }

    /// The int8 requantiser (Requantizer.v: ReLU, `positive >> (shift-1)`, `+1`, `>>1`, saturate to
    /// 8 bits), demanded bits derived by hand from the Verilog: the result uses rounded[7:0] as value
    /// and rounded[27:7] only through `!= 0`; `(halved + 1) >> 1` then needs halved's low 9 bits as
    /// value; the shifter keeps 9 outputs and zero-tests the other 19.
    func testGeneratedRequantizerIsPricedAtTheBitsItUses() throws {
        let design = try Generator.elaborate(.int8)
        let inv = try Inventory(design: design, root: "Requantizer")
        let comps = Dictionary(inv.items.map { ($0.component, $0.count) }, uniquingKeysWith: +)
        XCTAssertEqual(comps[.logicalShifter(width: 28, shiftBits: 5, outputs: 9)], 1, "\(comps)")
        XCTAssertEqual(comps[.incrementer(width: 9)], 1, "rounding +1 on the 9 used bits: \(comps)")
        XCTAssertEqual(comps[.mux(width: 8, inputs: 2)], 1, "shift == 0 bypass on the 8 value bits: \(comps)")
        XCTAssertNil(comps[.incrementer(width: 28)])
        XCTAssertNil(comps[.mux(width: 28, inputs: 2)])
        // The zero tests: 19 shifter outputs, 20 bits of the bypass mux's second input, 21 of the saturation.
        XCTAssertEqual(comps[.logic(width: 19)], 1, "\(comps)")
        XCTAssertEqual(comps[.logic(width: 20)], 1, "\(comps)")
        XCTAssertEqual(comps[.logic(width: 21)], 1, "\(comps)")
    }
}
