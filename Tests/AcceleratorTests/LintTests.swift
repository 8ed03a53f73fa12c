import Accelerator
import SnapeaTesting
import XCTest

/// `verilator --lint-only -Wall` over a sweep of configurations: zero warnings.
final class LintTests: XCTestCase {
    static let sweep: [AcceleratorConfig] = {
        var out: [AcceleratorConfig] = []
        func variant(_ base: AcceleratorConfig, _ name: String, pes: Int, lanes: Int, width: Int,
                     pau: Bool = true) -> AcceleratorConfig {
            var c = base
            c.name = name
            c.pes = pes
            c.lanesPerPE = lanes
            c.dataWidth = width
            c.withPAU = pau
            return c
        }
        let s = AcceleratorConfig.small
        out.append(variant(s, "l1p1w8", pes: 1, lanes: 1, width: 8))
        out.append(variant(s, "l3p2w12", pes: 2, lanes: 3, width: 12))
        out.append(variant(s, "l4p2w16", pes: 2, lanes: 4, width: 16))
        out.append(variant(s, "l16p1w16", pes: 1, lanes: 16, width: 16))
        out.append(variant(s, "l3p16w8", pes: 16, lanes: 3, width: 8))
        out.append(variant(s, "l1p2w12-base", pes: 2, lanes: 1, width: 12, pau: false))
        var odd = variant(s, "odd", pes: 3, lanes: 5, width: 12)
        odd.inputWordsPerBank = 300
        odd.weightBufferOps = 77
        odd.kernelTableEntries = 5
        odd.workListEntries = 9
        odd.maxKernelOps = 77
        out.append(odd)
        out.append(.default256)
        out.append(.default256.baseline)
        out.append(.int8)
        return out
    }()

    func testLintSweepZeroWarnings() throws {
        try Gate.requireTool("verilator")
        XCTAssertGreaterThanOrEqual(Self.sweep.count, 8)
        for config in Self.sweep {
            let dir = try makeTempDir("lint-\(config.name)")
            defer { try? FileManager.default.removeItem(atPath: dir) }
            let paths = try Generator.write(config, to: dir).filter { $0.hasSuffix(".v") }
            let (status, out) = try runTool(["verilator", "--lint-only", "-Wall", "--top-module", Generator.topModule] + paths)
            XCTAssertEqual(status, 0, "\(config.name): verilator failed\n\(out)")
            XCTAssertFalse(out.contains("%Warning"), "\(config.name): lint warnings\n\(out)")
            XCTAssertFalse(out.contains("%Error"), "\(config.name): lint errors\n\(out)")
        }
    }
}
