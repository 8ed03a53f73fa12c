import Foundation
import SnapeaTesting
import XCTest
import Estimation

/// `SramMacroModel` against the fakeram45 source data and against values derived independently
/// (the power-law coefficients below were fitted with numpy `lstsq` on `ln y` from the CSV).
final class SramMacroModelTests: XCTestCase {
    let model = SramMacroModel.fakeram45

    /// numpy fit of `ln y = ln k + a ln depth + b ln width`: (k, a, b) per figure; area over the 16
    /// rows without `*`, the others over all 22.
    static let independentFits: [SramMacroModel.Figure: (k: Double, a: Double, b: Double)] = [
        .area: (1.3717399582204766, 0.9261410134095718, 0.9008673258869772),
        .leakage: (0.1671325449272407, 0.8130877147496016, 0.8501842480573834),
        .accessEnergy: (0.003398120030400435, 0.4806041368775642, 1.076125987879473),
        .minPeriod: (0.04170403144924512, 0.1813951889828208, 0.183021393188625),
    ]

    /// The CSV rows: (depth, width, bits, w_um, h_um, area_um2, leakage_uW, access_pJ, min_period_ns, inflated).
    func csvRows() throws -> [[String]]? {
        var candidates: [String] = []
        if let d = ProcessInfo.processInfo.environment["SNAPEA_DATA"] { candidates.append(d + "/nangate45/fakeram45.csv") }
        candidates.append(packageRoot.deletingLastPathComponent().appendingPathComponent("shared/data/nangate45/fakeram45.csv").path)
        guard let path = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) else { return nil }
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return text.split(separator: "\n").map(String.init)
            .filter { !$0.hasPrefix("#") && !$0.hasPrefix("depth,") && !$0.isEmpty }
            .map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    func testEmbeddedTableMatchesCSV() throws {
        guard let rows = try csvRows() else {
            throw Gate.unavailable(.data, "fakeram45.csv not found (../shared/data/nangate45 beside the package or $SNAPEA_DATA)")
        }
        XCTAssertEqual(rows.count, 22)
        XCTAssertEqual(Fakeram45.macros.count, rows.count)
        for (m, r) in zip(Fakeram45.macros, rows) {
            XCTAssertEqual(r.count, 10, "\(r)")
            XCTAssertEqual(m.depth, Int(r[0]))
            XCTAssertEqual(m.width, Int(r[1]))
            XCTAssertEqual(m.bits, Int(r[2]))
            XCTAssertEqual(m.widthUm, Double(r[3]))
            XCTAssertEqual(m.heightUm, Double(r[4]))
            XCTAssertEqual(m.areaUm2, Double(r[5]), m.name)
            XCTAssertEqual(m.leakageUW, Double(r[6]), m.name)
            XCTAssertEqual(m.accessPJ, Double(r[7]), m.name)
            XCTAssertEqual(m.minPeriodNs, Double(r[8]), m.name)
            XCTAssertEqual(m.heightInflated, r[9] == "*", m.name)
            // The area column is the LEF size W × H (rounded to 1 µm²).
            XCTAssertEqual(m.areaUm2, m.widthUm * m.heightUm, accuracy: 1.0, m.name)
        }
    }

    func testFitCoefficientsMatchIndependentFit() {
        for (f, c) in Self.independentFits {
            let fit = model.fit(f)
            XCTAssertEqual(fit.scale, c.k, accuracy: 1e-9 * c.k, "\(f)")
            XCTAssertEqual(fit.depthExponent, c.a, accuracy: 1e-9, "\(f)")
            XCTAssertEqual(fit.widthExponent, c.b, accuracy: 1e-9, "\(f)")
            XCTAssertGreaterThan(fit.depthExponent, 0, "\(f) must grow with depth")
            XCTAssertGreaterThan(fit.widthExponent, 0, "\(f) must grow with width")
        }
    }

    func testExactMacrosAreReproduced() throws {
        for m in Fakeram45.macros {
            let p = try model.price(SramShape(depth: m.depth, width: m.width))
            XCTAssertEqual(p.macroCount, 1, m.name)
            XCTAssertEqual(p.mappedMacro, m.name)
            XCTAssertEqual(p.leakageUW, m.leakageUW, m.name)
            XCTAssertEqual(p.readPJ, m.accessPJ, m.name)
            XCTAssertEqual(p.writePJ, m.accessPJ, m.name)
            XCTAssertEqual(p.minPeriodNs, m.minPeriodNs, m.name)
            if m.heightInflated {
                let c = Self.independentFits[.area]!
                XCTAssertEqual(p.areaUm2, c.k * pow(Double(m.depth), c.a) * pow(Double(m.width), c.b), accuracy: 1e-6, m.name)
                XCTAssertLessThan(p.areaUm2, m.areaUm2, "\(m.name): the fit is below the hand-inflated LEF area")
                XCTAssertEqual(p.method, .fitted)
            } else {
                XCTAssertEqual(p.areaUm2, m.areaUm2, m.name)
                XCTAssertEqual(p.method, .measured)
                XCTAssertEqual(p.source, m.name)
            }
        }
    }

    /// 1024×16 is no fakeram45 macro: every figure is the power law, computed here by hand.
    func testHandComputedInterpolation1024x16() throws {
        let p = try model.price(SramShape(depth: 1024, width: 16))
        // area = 1.37174 · 1024^0.92614 · 16^0.90087 = 1.37174 · 613.53 · 12.159 = 10232.6 µm²
        XCTAssertEqual(p.areaUm2, 10232.6, accuracy: 0.5)
        XCTAssertEqual(p.leakageUW, 0.167133 * pow(1024, 0.813088) * pow(16, 0.850184), accuracy: 0.01)
        XCTAssertEqual(p.readPJ, 0.00339812 * pow(1024, 0.480604) * pow(16, 1.076126), accuracy: 1e-4)
        XCTAssertEqual(p.minPeriodNs, 0.0417040 * pow(1024, 0.181395) * pow(16, 0.183021), accuracy: 1e-5)
        XCTAssertEqual(p.method, .fitted)
        XCTAssertNil(p.mappedMacro)
        XCTAssertEqual(p.source, "interpolated")
        XCTAssertEqual(p.areaPerBitUm2, 10232.6 / 16384, accuracy: 1e-4)
    }

    func testFitResiduals() {
        var report = "fakeram45 power-law fit residuals (fit - actual) / actual:\n"
        let bounds: [SramMacroModel.Figure: (max: Double, rms: Double)] = [
            .area: (0.19, 0.10), .leakage: (0.46, 0.15), .accessEnergy: (0.31, 0.16), .minPeriod: (0.075, 0.04),
        ]
        for f in SramMacroModel.Figure.allCases {
            let r = model.residuals(f)
            XCTAssertEqual(r.count, 22)
            let inFit = r.filter(\.inFit)
            XCTAssertEqual(inFit.count, f == .area ? 16 : 22)
            let maxErr = inFit.map { abs($0.relativeError) }.max()!
            let rms = (inFit.map { $0.relativeError * $0.relativeError }.reduce(0, +) / Double(inFit.count)).squareRoot()
            report += "\(f.rawValue): max \(String(format: "%.1f", 100 * maxErr)) %, rms \(String(format: "%.1f", 100 * rms)) % over \(inFit.count) macros\n"
            XCTAssertLessThan(maxErr, bounds[f]!.max, "\(f)")
            XCTAssertLessThan(rms, bounds[f]!.rms, "\(f)")
            // The six hand-inflated heights lie above the area fit.
            if f == .area {
                for x in r where !x.inFit { XCTAssertLessThan(x.relativeError, -0.10, x.macro.name) }
            }
        }
        print(report + model.residualTable().markdown)
    }

    func testFitIsMonotoneInDepthAndWidth() {
        let depths = [8, 16, 32, 48, 64, 100, 128, 256, 300, 512, 1024, 2048, 4096, 8192]
        let widths = [1, 4, 7, 8, 16, 24, 32, 39, 64, 128, 256]
        for f in SramMacroModel.Figure.allCases {
            let fit = model.fit(f)
            for w in widths {
                for (d0, d1) in zip(depths, depths.dropFirst()) {
                    XCTAssertLessThan(fit(depth: d0, width: w), fit(depth: d1, width: w), "\(f) \(d0)->\(d1) x\(w)")
                }
            }
            for d in depths {
                for (w0, w1) in zip(widths, widths.dropFirst()) {
                    XCTAssertLessThan(fit(depth: d, width: w0), fit(depth: d, width: w1), "\(f) \(d)x\(w0)->\(w1)")
                }
            }
        }
    }

    /// On the power-of-two shapes designs use, the price (exact macros included) grows with
    /// depth and width. (Between them it need not: an exact macro can lie up to ~18 % off the fit.)
    func testPriceIsMonotoneOnPowerOfTwoShapes() throws {
        let depths = (4...14).map { 1 << $0 }, widths = (3...8).map { 1 << $0 }
        for w in widths {
            let a = try depths.map { try model.price(SramShape(depth: $0, width: w)).areaUm2 }
            for i in 1..<a.count { XCTAssertLessThan(a[i - 1], a[i], "area \(depths[i - 1])->\(depths[i]) x\(w)") }
        }
        for d in depths {
            let a = try widths.map { try model.price(SramShape(depth: d, width: $0)).areaUm2 }
            for i in 1..<a.count { XCTAssertLessThan(a[i - 1], a[i], "area \(d)x\(widths[i - 1])->\(widths[i])") }
        }
    }

    func testBankingRule() throws {
        let b1 = model.banking(depth: 8192, width: 16)
        XCTAssertEqual(b1.banks, 4); XCTAssertEqual(b1.slices, 1); XCTAssertEqual(b1.macroDepth, 2048); XCTAssertEqual(b1.macroWidth, 16)
        let b2 = model.banking(depth: 4096, width: 32)
        XCTAssertEqual(b2.banks, 2); XCTAssertEqual(b2.slices, 1); XCTAssertEqual(b2.macroDepth, 2048)
        let b3 = model.banking(depth: 2048, width: 39) // the largest fakeram45 macro stays one macro
        XCTAssertEqual(b3.banks * b3.slices, 1)
        let b4 = model.banking(depth: 2048, width: 64) // 128 Kibit > 80 Kibit: two 32-bit slices
        XCTAssertEqual(b4.banks, 1); XCTAssertEqual(b4.slices, 2); XCTAssertEqual(b4.macroWidth, 32)
        let b5 = model.banking(depth: 512, width: 512) // > 256 bits and 256 Kibit: four 128-bit slices
        XCTAssertEqual(b5.banks, 1); XCTAssertEqual(b5.slices, 4); XCTAssertEqual(b5.macroWidth, 128)
        let b6 = model.banking(depth: 3000, width: 8)
        XCTAssertEqual(b6.banks, 2); XCTAssertEqual(b6.macroDepth, 1500)

        // A banked memory costs banks × slices macros; an access reads one bank (all its slices).
        let big = try model.price(SramShape(depth: 8192, width: 16))
        let bank = try model.price(SramShape(depth: 2048, width: 16))
        XCTAssertEqual(big.areaUm2, 4 * bank.areaUm2, accuracy: 1e-6)
        XCTAssertEqual(big.leakageUW, 4 * bank.leakageUW, accuracy: 1e-9)
        XCTAssertEqual(big.readPJ, bank.readPJ, accuracy: 1e-12)
        XCTAssertEqual(big.minPeriodNs, bank.minPeriodNs)
        XCTAssertEqual(big.source, "4 x interpolated 2048x16")
        let wide = try model.price(SramShape(depth: 2048, width: 64))
        let slice = try model.price(SramShape(depth: 2048, width: 32))
        XCTAssertEqual(wide.areaUm2, 2 * slice.areaUm2, accuracy: 1e-6)
        XCTAssertEqual(wide.readPJ, 2 * slice.readPJ, accuracy: 1e-12)
        let exactBanks = try model.price(SramShape(depth: 4096, width: 39))
        XCTAssertEqual(exactBanks.areaUm2, 2 * 45479)
        XCTAssertEqual(exactBanks.source, "2 x fakeram45_2048x39")
    }

    func testPerBitDensityOfLargeShapesIsPhysical() throws {
        for d in [256, 512, 1024, 2048, 4096, 8192, 16384, 65536] {
            for w in [8, 16, 32, 39, 64, 128, 256] where d * w >= 8192 {
                let p = try model.price(SramShape(depth: d, width: w))
                XCTAssertTrue((0.4...0.9).contains(p.areaPerBitUm2), "\(d)x\(w): \(p.areaPerBitUm2) um^2/bit")
            }
        }
    }

    func testTwoPortFactor() throws {
        for (d, w) in [(64, 32), (1024, 16), (8192, 16), (128, 256)] {
            let one = try model.price(SramShape(depth: d, width: w, ports: .singlePort))
            let two = try model.price(SramShape(depth: d, width: w, ports: .twoPort))
            XCTAssertEqual(two.areaUm2, 1.5 * one.areaUm2, accuracy: 1e-6)
            XCTAssertEqual(two.leakageUW, 1.5 * one.leakageUW, accuracy: 1e-9)
            XCTAssertEqual(two.readPJ, 1.5.squareRoot() * one.readPJ, accuracy: 1e-12)
            XCTAssertEqual(two.writePJ, two.readPJ)
            XCTAssertEqual(two.minPeriodNs, one.minPeriodNs)
            XCTAssertEqual(two.macroCount, one.macroCount)
        }
    }

    func testMaskGranularityAndInvalidShapes() throws {
        let plain = try model.price(SramShape(depth: 256, width: 32))
        let masked = try model.price(SramShape(depth: 256, width: 32, maskGranularity: 8))
        XCTAssertEqual(plain.areaUm2, masked.areaUm2, "fakeram45 macros all have a bit mask: any granularity costs the same")
        for bad in [SramShape(depth: 0, width: 8), SramShape(depth: 8, width: 0), SramShape(depth: 64, width: 16, maskGranularity: 3),
                    SramShape(depth: 64, width: 16, maskGranularity: -1)] {
            XCTAssertThrowsError(try model.price(bad), "\(bad)")
        }
        XCTAssertEqual(try model.price(SramShape(depth: 16, width: 4)).method, .extrapolated)
        XCTAssertEqual(try model.price(SramShape(depth: 8192, width: 16)).method, .fitted) // banks of 2048 are inside
    }

    /// The example prices of the docs and the report (printed).
    func testExamplePrices() throws {
        var s = "| shape | ports | macros | area um^2 | um^2/bit | leakage uW | read pJ | write pJ | min period ns | source |\n|---|---|---:|---:|---:|---:|---:|---:|---:|---|\n"
        for (d, w) in [(8192, 16), (4096, 32), (2048, 32), (1024, 16), (512, 64), (256, 32), (64, 32)] {
            for ports in SramPorts.allCases {
                let p = try model.price(SramShape(depth: d, width: w, ports: ports))
                s += "| \(d)x\(w) | \(ports.rawValue) | \(p.macroCount) | \(String(format: "%.0f", p.areaUm2)) | "
                    + "\(String(format: "%.3f", p.areaPerBitUm2)) | \(String(format: "%.1f", p.leakageUW)) | "
                    + "\(String(format: "%.3f", p.readPJ)) | \(String(format: "%.3f", p.writePJ)) | "
                    + "\(String(format: "%.3f", p.minPeriodNs)) | \(p.source) |\n"
                XCTAssertGreaterThan(p.areaUm2, 0)
            }
        }
        print(s)
        // Exact macros among them.
        XCTAssertEqual(try model.price(SramShape(depth: 512, width: 64)).areaUm2, 17301)
        XCTAssertEqual(try model.price(SramShape(depth: 256, width: 32)).areaUm2, 5066)
        XCTAssertEqual(try model.price(SramShape(depth: 64, width: 32)).areaUm2, 1241)
    }
}
