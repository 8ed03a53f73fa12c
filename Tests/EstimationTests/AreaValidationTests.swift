import Foundation
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
