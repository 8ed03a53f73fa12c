import Foundation
import SnapeaTesting
import XCTest
import Estimation

/// Estimate vs Yosys + Nangate45 synthesis of the same Verilog, within ±15 %.
final class AreaValidationTests: XCTestCase {
    func check(_ d: ValidationDesigns.Design) throws {
        let yosys = try yosysOrSkip()
        let synth = try yosys.synthesize(verilog: d.verilog, top: d.top)
        let est = try AreaEstimator().estimate(d.inventory, name: d.name)
        let ratio = est.totalUm2 / synth.areaUm2
        print("area validation \(d.name): estimate \(String(format: "%.1f", est.totalUm2)) um^2, "
              + "yosys+nangate45 \(String(format: "%.1f", synth.areaUm2)) um^2, ratio \(String(format: "%.3f", ratio))")
        XCTAssertEqual(ratio, 1.0, accuracy: 0.15, "\(d.name): estimate \(est.totalUm2) vs synthesis \(synth.areaUm2)")
    }

    func testOneLane8Bit() throws { try check(ValidationDesigns.lane) }
    func testMacPau16Bit() throws { try check(ValidationDesigns.macPau16) }
    func testFourLaneDatapath8Bit() throws { try check(ValidationDesigns.pe4) }
}

/// The liberty is found in the data folder, the same way as every other data file.
final class LibertyLookupTests: XCTestCase {
    func testLibertyComesFromTheDataFolder() throws {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        _ = try Gate.requireTool("yosys")
        let missing = "/nonexistent-snapea-data-\(UUID().uuidString.prefix(6))"
        for (flag, env, folder) in [(missing as String?, ["PATH": path, "SNAPEA_DATA": "/elsewhere"], missing),
                                    (nil, ["PATH": path, "SNAPEA_DATA": missing], missing)] {
            XCTAssertThrowsError(try YosysArea(dataFolder: flag, environment: env)) { e in
                guard case YosysArea.Failure.libertyMissing(let m)? = e as? YosysArea.Failure else { return XCTFail("\(e)") }
                XCTAssertTrue(m.contains("\(folder)/nangate45/nangate45_typ.lib.gz"), m)
            }
        }
        // with neither flag nor variable: ../shared/data beside the package (this file is three levels below it)
        var root = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { root.deleteLastPathComponent() }
        let beside = root.appendingPathComponent("shared/data").path
        guard FileManager.default.fileExists(atPath: beside + "/nangate45/nangate45_typ.lib.gz") else {
            throw Gate.unavailable(.data, "no liberty at \(beside)/nangate45/nangate45_typ.lib.gz")
        }
        XCTAssertEqual(try YosysArea(environment: ["PATH": path]).liberty, beside + "/nangate45/nangate45_typ.lib.gz")
    }
}
