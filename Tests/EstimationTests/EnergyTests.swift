import Foundation
import XCTest
import Estimation

final class EnergyTests: XCTestCase {
    /// The published Horowitz (ISSCC 2014, 45 nm) points are reproduced exactly.
    func testHorowitzPointsAndScalingRules() throws {
        let t = EnergyTable(area: try AreaTable.bundled())
        XCTAssertEqual(t.addPJ(width: 8), 0.03, accuracy: 1e-12)
        XCTAssertEqual(t.addPJ(width: 32), 0.1, accuracy: 1e-12)
        XCTAssertEqual(t.addPJ(width: 20), 0.065, accuracy: 1e-12)            // midpoint of the line
        XCTAssertEqual(t.multPJ(width: 8), 0.2, accuracy: 1e-12)
        XCTAssertEqual(t.multPJ(width: 32), 3.1, accuracy: 1e-12)
        XCTAssertEqual(t.multPJ(width: 16), (0.2 * 3.1).squareRoot(), accuracy: 1e-9) // geometric midpoint
        XCTAssertEqual(t.sram64PJ(bytes: 8 << 10), 10, accuracy: 1e-9)
        XCTAssertEqual(t.sram64PJ(bytes: 32 << 10), 20, accuracy: 1e-9)
        XCTAssertEqual(t.sram64PJ(bytes: 1 << 20), 100, accuracy: 1e-9)
        XCTAssertEqual(t.sram64PJ(bytes: 2 << 10), 5, accuracy: 1e-9)          // sqrt rule below 8 KB
        XCTAssertEqual(t.bufferAccessPJ(depth: 4096, width: 16), 16.0 / 64 * 10, accuracy: 1e-9)
        XCTAssertEqual(t.dramWordPJ(width: 64), 1950, accuracy: 1e-9)
        let raw = try XCTUnwrap(rawTable()["liberty"] as? [String: Any])
        let clk = try XCTUnwrap(raw["dff_clock_energy_fJ"] as? Double)
        let tog = try XCTUnwrap(raw["dff_q_toggle_energy_fJ"] as? Double)
        XCTAssertEqual(t.registerWritePJ(bits: 10), 10 * (clk + 0.5 * tog) / 1000, accuracy: 1e-12)
        XCTAssertGreaterThan(clk, 1); XCTAssertLessThan(clk, 20)                // a DFF clocks in a few fJ
    }

    /// A tiny ReLU convolution run by a naive simulator written here: dense vs exact counts, and
    /// the energy saving recomputed from those counts and the published figures.
    func testExactVersusDenseSavingIsExplainedByTheCounts() throws {
        // 1 input channel 4x4 (non-negative), 2 kernels 3x3, stride 1, no padding -> 2x2x2 outputs.
        let input: [Int] = [3, 0, 1, 2,  4, 1, 0, 5,  2, 2, 3, 1,  0, 6, 1, 2]
        let kernels: [[Int]] = [[1, -2, 0, 3, -4, 1, -1, 0, -2], [-3, 1, -1, -2, 2, -1, 0, -1, -2]]
        let bias = [2, -1]
        var dense = (macs: 0, outputs: 0), exact = (macs: 0, outputs: 0)
        for (k, w) in kernels.enumerated() {
            for oy in 0..<2 { for ox in 0..<2 {
                let x = (0..<9).map { input[(oy + $0 / 3) * 4 + ox + $0 % 3] }
                dense.macs += 9; dense.outputs += 1
                // exact: nonzero weights, positives first (decreasing), then negatives (most negative first)
                let pos = (0..<9).filter { w[$0] > 0 }.sorted { w[$0] > w[$1] }
                let neg = (0..<9).filter { w[$0] < 0 }.sorted { w[$0] < w[$1] }
                let order = pos + neg
                var acc = bias[k], ops = 0
                for (i, j) in order.enumerated() {
                    acc += w[j] * x[j]; ops += 1
                    if i >= pos.count - 1 && acc < 0 && i < order.count - 1 { break }
                }
                exact.macs += ops; exact.outputs += 1
            }}
        }
        XCTAssertEqual(dense.macs, 72)
        XCTAssertLessThan(exact.macs, 72 - 4)  // zero weights skipped and early stops happen
        func counts(_ macs: Int, _ outputs: Int, pau: Bool) -> RunActivity {
            RunActivity(executedMACs: macs, pauChecks: pau ? macs : 0, weightBufferReads: macs, indexBufferReads: macs,
                           inputBufferReads: macs, outputBufferWrites: outputs, cycles: macs,
                           offChipInputWords: 16, offChipWeightWords: 18, offChipOutputWords: outputs)
        }
        let hw = HardwareShape(dataBits: 8, accumulatorBits: 24, counterBits: 4, indexBits: 8,
                               weightBuffer: .init(depth: 512, width: 8), indexBuffer: .init(depth: 512, width: 8),
                               inputBuffer: .init(depth: 1024, width: 8), outputBuffer: .init(depth: 256, width: 8),
                               clockMHz: 500, areaUm2: 20_000)
        let est = try EnergyEstimator()
        let d = try est.estimate(counts(dense.macs, dense.outputs, pau: false), hardware: hw, name: "dense")
        let e = try est.estimate(counts(exact.macs, exact.outputs, pau: true), hardware: hw, name: "exact")

        // Independent unit energies from the published figures.
        let raw = try XCTUnwrap(rawTable()["liberty"] as? [String: Any])
        let clk = try XCTUnwrap(raw["dff_clock_energy_fJ"] as? Double)
        let tog = try XCTUnwrap(raw["dff_q_toggle_energy_fJ"] as? Double)
        let leak = try XCTUnwrap(raw["leakage_nW_per_um2"] as? Double)
        func add(_ w: Double) -> Double { 0.03 + 0.07 * (w - 8) / 24 }
        let mult8 = 0.2                                   // Horowitz 8b mult
        let reg24 = 24 * (clk + 0.5 * tog) / 1000
        let mac = mult8 + add(24) + reg24
        let pauCheck = add(24) + add(4)
        let counter = add(4) + 4 * (clk + 0.5 * tog) / 1000
        func sram(_ bytes: Double) -> Double { 10 * (bytes / 8192).squareRoot() } // below 8 KB: sqrt rule
        let wRead = 8.0 / 64 * sram(512), iRead = 8.0 / 64 * sram(512), xRead = 8.0 / 64 * sram(1024)
        let leakPerCycle = 20_000 * leak / 500 * 1e-3
        let dMacs = Double(dense.macs - exact.macs)
        let expectedSaving = dMacs * (mac + counter + wRead + iRead + xRead + leakPerCycle) - Double(exact.macs) * pauCheck
        let saving = d.totalPJ - e.totalPJ
        print("exact vs dense (toy layer): dense \(String(format: "%.3f", d.totalPJ)) pJ, exact \(String(format: "%.3f", e.totalPJ)) pJ, "
              + "saving \(String(format: "%.3f", saving)) pJ, recomputed \(String(format: "%.3f", expectedSaving)) pJ")
        XCTAssertEqual(saving, expectedSaving, accuracy: 1e-9 * d.totalPJ)
        XCTAssertEqual(d.energy(.mac), Double(dense.macs) * mac, accuracy: 1e-9)
        XCTAssertEqual(e.energy(.pau), Double(exact.macs) * pauCheck, accuracy: 1e-9)
        // Power: pJ per ns is mW.
        XCTAssertEqual(d.leakagePowerMW, 20_000 * leak * 1e-6, accuracy: 1e-9)
        XCTAssertEqual(d.dynamicPowerMW, d.onChipDynamicPJ / (Double(dense.macs) * 2), accuracy: 1e-9)
    }

    func testNegativeCountsAndOutOfRangeWidthsAreErrors() throws {
        let hw = HardwareShape(dataBits: 8, accumulatorBits: 40, counterBits: 4, indexBits: 8,
                               weightBuffer: .init(depth: 64, width: 8), indexBuffer: .init(depth: 64, width: 8),
                               inputBuffer: .init(depth: 64, width: 8), outputBuffer: .init(depth: 64, width: 8), areaUm2: 1)
        let est = try EnergyEstimator()
        XCTAssertThrowsError(try est.estimate(RunActivity(executedMACs: -1), hardware: hw)) { e in
            XCTAssertTrue("\(e)".contains("executedMACs"))
        }
        let strict = EnergyEstimator(table: est.table, extrapolation: .error)
        XCTAssertThrowsError(try strict.estimate(RunActivity(executedMACs: 1), hardware: hw)) { e in
            XCTAssertTrue("\(e)".contains("A=40") || "\(e)".contains("40"))
        }
        let r = try est.estimate(RunActivity(executedMACs: 1, cycles: 1), hardware: hw)
        XCTAssertTrue(r.notes.contains { $0.contains("A=40") }, "the report states the extrapolation")
        XCTAssertTrue(r.markdown().contains("extrapolated"))
    }
}
