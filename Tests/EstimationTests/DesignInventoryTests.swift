import Foundation
import XCTest
import Accelerator
import Estimation

/// The IR → inventory rules that mirror Yosys's `opt_dff` (load enables) and `opt_merge` (equal
/// operators), checked on the generated `int8` ComputeLane against counts read off its Verilog.
final class DesignInventoryTests: XCTestCase {
    func testLaneRegistersWithHoldMuxesAreLoadEnableRegisters() throws {
        let design = try Generator.elaborate(.int8)
        let inv = try Inventory(design: design, root: "ComputeLane")
        let lane = Dictionary(inv.items.filter { $0.path == "ComputeLane" }.map { ($0.component, $0.count) }, uniquingKeysWith: +)
        // ComputeLane.v: base (13), outAddr (10), opAddr, opIndex, length, checkFrom, specN (12),
        // threshold (28) each take `load ? x : reg` (and opAddr/opIndex `active`/`stop` holds):
        // reset + load-enable flops. `active` is `load ? 1 : (stop ? 0 : active)`: constants, a plain flop.
        XCTAssertEqual(lane[.register(width: 13, reset: true, enable: true)], 1, "\(lane)")
        XCTAssertEqual(lane[.register(width: 10, reset: true, enable: true)], 1, "\(lane)")
        XCTAssertEqual(lane[.register(width: 12, reset: true, enable: true)], 5, "\(lane)")
        XCTAssertEqual(lane[.register(width: 28, reset: true, enable: true)], 1, "\(lane)")
        XCTAssertEqual(lane[.register(width: 1, reset: true, enable: false)], 1, "\(lane)")
        XCTAssertNil(lane[.register(width: 12, reset: true, enable: false)])
        // The only 12-bit data mux left: opAddr's `load ? loadStart : (hold tree)`; opIndex's is `load ? 0 : …`.
        XCTAssertEqual(lane[.mux(width: 12, inputs: 2)], 1, "\(lane)")
        XCTAssertNil(lane[.mux(width: 28, inputs: 2)])
        // `opIndex + 12'h001` appears twice (last-op check and next index) with separate literals:
        // one incrementer, plus `opAddr + 1`.
        XCTAssertEqual(lane[.incrementer(width: 12)], 2, "\(lane)")
        // Mac.v: `enable ? {{12{product[15]}}, product} : 0` gates 16 distinct bits; the accumulator
        // `load ? bias : (enable ? acc + term : acc)` is a 28-bit load-enable flop with one data mux.
        let mac = Dictionary(inv.items.filter { $0.path == "Mac" }.map { ($0.component, $0.count) }, uniquingKeysWith: +)
        XCTAssertEqual(mac[.logic(width: 16)], 1, "\(mac)")
        XCTAssertEqual(mac[.register(width: 28, reset: true, enable: true)], 1, "\(mac)")
        XCTAssertEqual(mac[.mux(width: 28, inputs: 2)], 1, "\(mac)")
        XCTAssertEqual(mac[.adder(width: 28)], 1, "acc + term written twice is one adder: \(mac)")
    }
}
