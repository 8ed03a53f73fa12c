import Foundation
import XCTest
import Estimation

final class AreaTableTests: XCTestCase {
    func testBundledTableRecordsItsSources() throws {
        let t = try AreaTable.bundled()
        XCTAssertTrue(t.meta.yosys.contains("Yosys"))
        XCTAssertTrue(t.meta.liberty.contains("nangate45"))
        XCTAssertGreaterThan(t.entries.count, 100)
        for e in t.entries {
            XCTAssertTrue(e.source.contains("synth -top \(e.kind)"), "\(e.kind): \(e.source)")
            XCTAssertTrue(e.source.contains("abc -liberty") && e.source.contains("nangate45"))
            // the entry's calibration date (last "YYYY-MM-DDThh:mm:ssZ" in its source) is one the table's meta records
            let date = try XCTUnwrap(e.source.range(of: #"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"#, options: [.regularExpression, .backwards]))
            XCTAssertTrue(t.meta.date.contains(e.source[date]), "\(e.source[date]) not in \(t.meta.date)")
            XCTAssertGreaterThan(e.area_um2, 0)
        }
        for k in ["add", "mul_s", "mul_u", "mac", "pau", "regfile", "reg_en", "mux2"] {
            XCTAssertNotNil(t.fits[k], "fit for \(k)")
        }
        // Characterised ranges the brief asks for.
        XCTAssertEqual(t.characterisedRange(.mulSigned, parameter: "W"), 2...32)
        XCTAssertEqual(t.characterisedRange(.add, parameter: "W"), 1...64)
        XCTAssertEqual(t.characterisedRange(.registerFile, parameter: "R"), 1...16)
    }

    func testMeasuredWidthsReturnTheSynthesisedAreaAndInterpolateBetween() throws {
        let est = try AreaEstimator()
        let adds = try rawEntries("add").map { ($0.0["W"]!, $0.1) }.sorted { $0.0 < $1.0 }
        let a8 = try XCTUnwrap(adds.first { $0.0 == 8 }).1
        let a12 = try XCTUnwrap(adds.first { $0.0 == 12 }).1
        let r8 = try est.area(of: .adder(width: 8))
        XCTAssertEqual(r8.area, a8, accuracy: 1e-9)
        XCTAssertEqual(r8.method, .measured)
        let r10 = try est.area(of: .adder(width: 10))
        XCTAssertEqual(r10.area, (a8 + a12) / 2, accuracy: 1e-9)
        XCTAssertEqual(r10.method, .interpolated)
        let muls = try rawEntries("mul_s")
        let m16 = try XCTUnwrap(muls.first { $0.0["W"] == 16 }).1
        XCTAssertEqual(try est.area(of: .multiplier(width: 16, signed: true)).area, m16, accuracy: 1e-9)
    }

    func testFittedModelsStayCloseToTheirPoints() throws {
        let t = try AreaTable.bundled()
        // Recompute each fit's error from the raw entries here (not from the recorded max_rel_error).
        for kind in ["mac", "pau", "regfile", "muxn"] {
            let k = try XCTUnwrap(PrimitiveKind(rawValue: kind))
            for (p, area) in try rawEntries(kind) {
                let f = try XCTUnwrap(t.fitted(k, p))
                XCTAssertLessThan(abs(f - area) / area, 0.25, "\(kind) \(p): fit \(f) vs synthesised \(area)")
            }
        }
    }

    func testWidthOutsideTheCharacterisedRangeIsAnError() throws {
        let est = try AreaEstimator()
        var inv = Inventory()
        inv.add(.multiplier(width: 64, signed: true), block: .mac, path: "top.mul")
        XCTAssertThrowsError(try est.estimate(inv, name: "wide")) { e in
            guard case let EstimationError.outOfRange(_, parameter, value, range, place) = e else {
                return XCTFail("unexpected \(e)")
            }
            XCTAssertEqual(parameter, "W"); XCTAssertEqual(value, 64); XCTAssertEqual(range, 2...32)
            XCTAssertTrue(place.contains("top.mul"))
            XCTAssertTrue("\(e)".contains("outside the characterised range"))
        }
        XCTAssertThrowsError(try est.area(of: .adder(width: 0)))
        XCTAssertThrowsError(try est.area(of: .mux(width: 8, inputs: 1)))
        // With the documented extrapolation the report names the component.
        var ex = est
        ex.extrapolation = .fitModel
        let r = try ex.estimate(inv, name: "wide")
        XCTAssertEqual(r.extrapolated.count, 1)
        let fit = try XCTUnwrap(ex.table.fits["mul_s"])
        XCTAssertEqual(r.totalUm2, fit.coefficients[0] * 64 * 64 + fit.coefficients[1] * 64, accuracy: 1e-6)
        XCTAssertTrue(r.markdown().contains("Extrapolated"))
    }

    func testBufferRuleRegisterFileVersusSRAM() throws {
        let est = try AreaEstimator()
        let shallow = try est.area(of: .memory(depth: 64, width: 16, readPorts: 1))
        XCTAssertEqual(est.buffers.implementation(depth: 64, width: 16, readPorts: 1), .registerFile)
        XCTAssertEqual(est.buffers.implementation(depth: 65, width: 16, readPorts: 1), .sram)
        // SRAM: 600 lambda^2 per bit at lambda = 45 nm, one replica per read port.
        let deep = try est.area(of: .memory(depth: 1024, width: 16, readPorts: 2))
        XCTAssertEqual(deep.area, 1024.0 * 16 * 2 * 600 * 0.045 * 0.045, accuracy: 1e-6)
        // A 64x16 flip-flop file costs at least its flops (DFF_X1 is 4.522 um^2) and is far
        // larger per bit than SRAM.
        XCTAssertGreaterThan(shallow.area, 64 * 16 * 4.522)
        XCTAssertGreaterThan(shallow.area / (64 * 16), 3 * deep.area / (1024 * 16 * 2))
        XCTAssertThrowsError(try est.area(of: .memory(depth: 16, width: 8, readPorts: 32)))
        XCTAssertThrowsError(try est.area(of: .memory(depth: 0, width: 8, readPorts: 1)))
    }

    func testMalformedTableIsRejectedWithItsName() {
        XCTAssertThrowsError(try AreaTable(jsonData: Data("{".utf8), fileName: "broken.json")) { e in
            XCTAssertTrue("\(e)".contains("broken.json"))
        }
    }
}
