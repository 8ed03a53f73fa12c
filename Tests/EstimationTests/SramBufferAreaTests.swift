import Foundation
import XCTest
import Accelerator
import Estimation

/// `BufferModel(sramArea: .fakeram45)`: deep buffers priced as fakeram45 macros (one 1rw macro
/// per read port), the logic unchanged.
final class SramBufferAreaTests: XCTestCase {
    func testBuffersAsFakeramMacros() throws {
        for config in [AcceleratorConfig.small, .default256] {
            let inv = try AcceleratorEstimate.inventory(config)
            let rule = try AreaEstimator(extrapolation: .fitModel).estimate(inv, name: config.name)
            let macros = try AreaEstimator(buffers: BufferModel(sramArea: .fakeram45), extrapolation: .fitModel)
                .estimate(inv, name: config.name + " fakeram45")
            for b in Block.allCases where b != .buffers {
                XCTAssertEqual(macros.area(of: b), rule.area(of: b), accuracy: 1e-6, "\(config.name) \(b)")
            }
            // Independently: register files as before, every deeper memory = readPorts × its macro.
            var expected = 0.0, sramBits = 0, shapes: [String: Int] = [:]
            let regfiles = rule.lines.filter { $0.implementation == "registerFile" }.reduce(0) { $0 + $1.areaUm2 }
            for item in inv.items {
                guard case let .memory(d, w, r) = item.component, d > 64 else { continue }
                let p = try SramMacroModel.fakeram45.price(SramShape(depth: d, width: w))
                expected += Double(item.count * r) * p.areaUm2
                sramBits += item.count * r * d * w
                shapes["\(d)x\(w) (\(p.source))", default: 0] += item.count * r
            }
            XCTAssertEqual(macros.area(of: .buffers), regfiles + expected, accuracy: 1e-3 * expected)
            if sramBits > 0 {
                XCTAssertLessThan(macros.area(of: .buffers), rule.area(of: .buffers))
            }
            print("\(config.name): total \(String(format: "%.3f", rule.totalUm2 / 1e6)) mm^2 with the 1.215 um^2/bit rule, "
                  + "\(String(format: "%.3f", macros.totalUm2 / 1e6)) mm^2 with fakeram45 macros; buffers "
                  + "\(String(format: "%.3f", rule.area(of: .buffers) / 1e6)) -> \(String(format: "%.3f", macros.area(of: .buffers) / 1e6)) mm^2; "
                  + "SRAM replicas: \(shapes.sorted { $0.key < $1.key }.map { "\($0.value) x \($0.key)" }.joined(separator: ", "))")
        }
    }
}
