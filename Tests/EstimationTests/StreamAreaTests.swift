import Accelerator
import Estimation
import Foundation
import HDL
import SnapeaTesting
import XCTest

/// Area of the stream organisation: the estimator prices every SRAM of the memory list as a
/// fakeram45 macro, and its logic agrees with a Yosys + Nangate45 synthesis of the same Verilog
/// with the SRAMs as black boxes (the flow of scripts/synth_blackbox.sh).
final class StreamAreaTests: XCTestCase {
    static let eightBit = StreamConfig(name: "stream-w8", pes: 1, lanesPerPE: 2, dataWidth: 8, maxKernelOps: 512,
                                       slotsPerLane: 2, queueDepth: 16, streamRate: 2, laneInputWords: 256,
                                       kernelsPerTile: 8, streamEntries: 512, streamGroups: 2)

    func testInventoryHoldsTheMemoryListsMacros() throws {
        for c in [StreamConfig.small, .default256] {
            let design = try Generator.elaborate(stream: c)
            let inventory = try AcceleratorEstimate.inventory(stream: c)
            var macros: [String: Int] = [:]
            for item in inventory.items { if case .sramMacro = item.component { macros[item.component.description, default: 0] += item.count } }
            var listed: [String: Int] = [:]
            for m in design.memoryList.memories { listed["sram_\(m.ports.rawValue)_\(m.depth)x\(m.width)", default: 0] += m.count }
            XCTAssertEqual(macros, listed, c.name)
            // Per lane: op queue (1r1w), input bank and output buffer (1rw); per group the stream columns.
            XCTAssertEqual(listed.values.reduce(0, +), 3 * c.lanes + c.streamRate * c.streamGroups, c.name)
        }
    }

    /// Estimated vs synthesised area of the lane logic (SRAMs excluded) on three configurations,
    /// and of the whole `stream-small` array (logic + macros): within ±10 %.
    func testEstimateAgreesWithBlackboxSynthesis() throws {
        let yosys = try yosysOrSkip()
        let estimator = try AreaEstimator()
        for c in [StreamConfig.small, .default256, Self.eightBit] {
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("stream-area-\(c.name)-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: dir) }
            var files: [URL] = []
            for f in try Generator.emit(stream: c) where f.name.hasSuffix(".v") || f.name.hasSuffix(".json") {
                let u = dir.appendingPathComponent(f.name)
                try f.text.write(to: u, atomically: true, encoding: .utf8)
                if f.name.hasSuffix(".v") { files.append(u) }
            }
            let list = try MemoryListFile(contentsOf: dir.appendingPathComponent(Generator.memoryListName))
            let lane = try BlackboxSynthesis.run(files: files, memoryList: list, top: "StreamLane", yosys: yosys)
            let est = try estimator.estimate(try AcceleratorEstimate.inventory(stream: c, root: "StreamLane"), name: "lane")
            let estLogic = est.totalUm2 - est.area(of: .buffers)
            let ratio = estLogic / lane.logicUm2
            print("stream area \(c.name): lane logic estimated \(Int(estLogic)) um^2, synthesised \(Int(lane.logicUm2)) um^2, ratio \(ratio)")
            XCTAssertEqual(ratio, 1, accuracy: 0.10, c.name)
            if c.lanes <= 8 {
                let top = try BlackboxSynthesis.run(files: files, memoryList: list, top: "SnapeaArray", yosys: yosys)
                let all = try AcceleratorEstimate.area(stream: c, estimator: estimator)
                print("stream area \(c.name): array estimated \(Int(all.totalUm2)) um^2, synthesised + macros \(Int(top.totalUm2)) um^2")
                XCTAssertEqual(all.totalUm2 / top.totalUm2, 1, accuracy: 0.10, c.name)
                XCTAssertEqual(all.area(of: .buffers), top.macroUm2, accuracy: 1e-6 * top.macroUm2, "macros priced alike")
            }
        }
    }

    func testDefault256AreaAndPAUOverhead() throws {
        let estimator = try AreaEstimator()
        let o = try AcceleratorEstimate.pauOverhead(stream: .default256, estimator: estimator)
        print("stream area stream256: \(o.withPAU.totalUm2 / 1e6) mm^2 (buffers \(o.withPAU.area(of: .buffers) / 1e6)), "
              + "baseline \(o.baseline.totalUm2 / 1e6) mm^2, PAU overhead \(100 * o.overhead) % (logic \(100 * o.logicOverhead) %)")
        XCTAssertLessThan(o.withPAU.totalUm2 / 1e6, 6.0, "issue 13: at most 6 mm^2")
        XCTAssertGreaterThan(o.overhead, 0)
    }
}
