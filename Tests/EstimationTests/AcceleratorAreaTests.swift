import Foundation
import XCTest
import Accelerator
import HDL
import Estimation

/// The estimator on the generated accelerator: validation against Yosys on generated modules,
/// and the PAU area overhead.
final class AcceleratorAreaTests: XCTestCase {
    /// Verilog of the modules below `root` (children first).
    func verilog(_ design: Design, root: String) throws -> String {
        let r = try XCTUnwrap(design.moduleIndex(named: root))
        var used = Set([r])
        for i in stride(from: r, through: 0, by: -1) where used.contains(i) {
            for inst in design.modules[i].instances { used.insert(inst.module) }
        }
        return design.verilog.enumerated().filter { used.contains($0.offset) }.map(\.element).joined(separator: "\n")
    }

    @discardableResult
    func check(_ config: AcceleratorConfig, root: String, assert: Bool = true) throws -> Double {
        let yosys = try yosysOrSkip()
        let design = try Generator.elaborate(config)
        let synth = try yosys.synthesize(verilog: try verilog(design, root: root), top: root)
        let est = try AreaEstimator().estimate(try Inventory(design: design, root: root), name: "\(config.name) \(root)")
        let ratio = est.totalUm2 / synth.areaUm2
        print("area validation generated \(config.name) \(root): estimate \(String(format: "%.1f", est.totalUm2)) um^2, "
              + "yosys+nangate45 \(String(format: "%.1f", synth.areaUm2)) um^2, ratio \(String(format: "%.3f", ratio))")
        if assert {
            if abs(ratio - 1) > 0.15 { print(est.csv()) }
            XCTAssertEqual(ratio, 1.0, accuracy: 0.15, "\(config.name) \(root)")
        }
        return ratio
    }

    /// One whole PE (buffers as flip-flop register files, scheduler, two 8-bit lanes).
    static let tinyPE = AcceleratorConfig(name: "tinype", pes: 1, lanesPerPE: 2, dataWidth: 8, maxKernelOps: 16,
                                          inputWordsPerBank: 16, weightBufferOps: 16, kernelTableEntries: 2,
                                          workListEntries: 8, withPAU: true)

    func testGeneratedLaneInt8() throws { try check(.int8, root: "ComputeLane") }
    func testGeneratedLaneSmall16Bit() throws { try check(.small, root: "ComputeLane") }
    func testGeneratedMacInt8() throws { try check(.int8, root: "Mac") }
    func testGeneratedMacDefault256() throws { try check(.default256, root: "Mac") }
    func testGeneratedPauSmall() throws { try check(.small, root: "Pau") }
    /// The requantiser alone (ReLU, variable shift, rounding, saturation to the output width).
    func testGeneratedRequantizerInt8() throws { try check(.int8, root: "Requantizer") }
    func testGeneratedRequantizerDefault256() throws { try check(.default256, root: "Requantizer") }
    func testGeneratedWholePEInt8() throws { try check(Self.tinyPE, root: "ProcessingElement") }

    /// A known gap, pinned on both sides: the scheduler is mostly narrow adders and comparators,
    /// which synthesise smaller in context than the standalone table primitives, so the estimate is
    /// high (measured 1.267 on `small`, 1 Dec 2026; the scheduler is ~0.3 % of the area). REGRESSION
    /// PIN of that gap; the independent check of the scheduler's area is `testGeneratedWholePEInt8`,
    /// which synthesises it inside a whole PE within ±15 %.
    func testGeneratedSchedulerSmallOverestimateIsBounded() throws {
        let r = try check(.small, root: "Scheduler", assert: false)
        XCTAssertGreaterThan(r, 1.0, "the estimate errs high on the scheduler")
        XCTAssertLessThan(r, 1.4, "the scheduler gap grew beyond the pinned 1.27")
    }

    func testBenchmarkRuns() throws {
        let r = try EstimationBenchmark.run(.small, repeats: 3)
        print("benchmark \(r)")
        XCTAssertEqual(r.inventoryItems, try AcceleratorEstimate.inventory(.small).items.count)
    }

    func testPAUOverhead() throws {
        let est = try AreaEstimator()
        for config in [AcceleratorConfig.small, .default256, .int8] {
            let o = try AcceleratorEstimate.pauOverhead(config, estimator: est)
            print(o.markdown())
            print(o.withPAU.markdown())
            XCTAssertEqual(o.withPAU.area(of: .mac), o.baseline.area(of: .mac), accuracy: 1e-6, "same MACs")
            // the PAU block is P·K copies of one Pau module, estimated on its own
            let onePau = try est.estimate(try AcceleratorEstimate.inventory(config, root: "Pau"), name: "Pau").totalUm2
            XCTAssertGreaterThan(onePau, 0)
            XCTAssertEqual(o.withPAU.area(of: .pau), Double(config.pes * config.lanesPerPE) * onePau,
                           accuracy: 1e-6 * onePau * Double(config.pes * config.lanesPerPE), "\(config.name): PAU block = P·K PAUs")
            XCTAssertEqual(o.baseline.area(of: .pau), 0)
            // the PAU build adds at least its PAUs (plus the C/N/Th kernel-table fields and lane control)
            XCTAssertGreaterThanOrEqual(o.withPAU.totalUm2 - o.baseline.totalUm2, o.withPAU.area(of: .pau))
        }
    }
}
