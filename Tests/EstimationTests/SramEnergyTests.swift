import Foundation
import XCTest
import Estimation

/// SRAM access energy from the fakeram45 macros next to the Horowitz figures.
final class SramEnergyTests: XCTestCase {
    func testMacroAccessEnergy() throws {
        let t = EnergyTable(area: try AreaTable.bundled())
        // An exact macro: its CACTI access energy, reads and writes alike.
        XCTAssertEqual(try t.sramMacroAccessPJ(SramShape(depth: 64, width: 32)), 0.80)
        XCTAssertEqual(try t.sramMacroAccessPJ(SramShape(depth: 64, width: 32), write: true), 0.80)
        XCTAssertEqual(try t.sramMacroAccessPJ(SramShape(depth: 2048, width: 39)), 6.86)
        // Another shape: the power law 0.0033981 · d^0.48060 · w^1.07613.
        XCTAssertEqual(try t.sramMacroAccessPJ(SramShape(depth: 1024, width: 16)),
                       0.003398120030400435 * pow(1024, 0.4806041368775642) * pow(16, 1.076125987879473), accuracy: 1e-9)
        XCTAssertThrowsError(try t.sramMacroAccessPJ(SramShape(depth: 0, width: 16)))
    }

    func testBufferEnergySourceSwitch() throws {
        var t = EnergyTable(area: try AreaTable.bundled())
        XCTAssertEqual(t.bufferEnergy, .horowitz, "the default stays Horowitz")
        // Horowitz: 32/64 × E64(256 bytes), E64 continuing the 8→32 KB slope (∝ √size) below 8 KB.
        let h = t.bufferAccessPJ(depth: 64, width: 32)
        XCTAssertEqual(h, 0.5 * 10 * (256.0 / 8192).squareRoot(), accuracy: 1e-9)
        t.bufferEnergy = .fakeram45
        XCTAssertEqual(t.bufferAccessPJ(depth: 64, width: 32), 0.80)
        XCTAssertEqual(t.bufferAccessPJ(depth: 1024, width: 16), try t.sramMacroAccessPJ(SramShape(depth: 1024, width: 16)))

        // Both visible side by side (printed for docs/ESTIMATION.md): pJ per access of one word.
        var s = "| shape | bytes | Horowitz pJ | fakeram45 pJ | ratio |\n|---|---:|---:|---:|---:|\n"
        for (d, w) in [(64, 32), (256, 32), (1024, 16), (1024, 64), (2048, 32), (4096, 16), (8192, 64)] {
            var hz = t; hz.bufferEnergy = .horowitz
            let a = hz.bufferAccessPJ(depth: d, width: w), b = t.bufferAccessPJ(depth: d, width: w)
            s += "| \(d)x\(w) | \(d * w / 8) | \(String(format: "%.3f", a)) | \(String(format: "%.3f", b)) | \(String(format: "%.2f", b / a)) |\n"
            XCTAssertGreaterThan(b, 0)
        }
        print(s)
    }
}
