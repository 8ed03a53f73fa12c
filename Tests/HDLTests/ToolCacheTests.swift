import Foundation
import HDL
import SnapeaTesting
import XCTest

/// Simulator builds are cached by a key over everything that makes the binary: the tool versions,
/// the flags, the Verilog and the harness/testbench. Tests build into a temporary cache folder.
final class ToolCacheTests: XCTestCase {
    let verilog = ["Top.v": "module Top(input a, output b); assign b = a; endmodule\n"]

    func testVerilatorKeyCoversToolVersionsAndHarness() {
        let r = VerilatorRunner(verilog: verilog, top: "Top", harness: "int main() { return 0; }\n")
        let v1 = "Verilator 5.020 2024-01-01\ng++ 13.2.0", v2 = "Verilator 5.032 2025-01-01\ng++ 13.2.0"
        let v3 = "Verilator 5.020 2024-01-01\ng++ 14.1.0"
        XCTAssertEqual(r.cacheKey(toolVersions: v1), r.cacheKey(toolVersions: v1))
        XCTAssertNotEqual(r.cacheKey(toolVersions: v1), r.cacheKey(toolVersions: v2), "a Verilator upgrade changes the key")
        XCTAssertNotEqual(r.cacheKey(toolVersions: v1), r.cacheKey(toolVersions: v3), "a compiler upgrade changes the key")
        let h = VerilatorRunner(verilog: verilog, top: "Top", harness: "int main() { return 1; }\n")
        XCTAssertNotEqual(r.cacheKey(toolVersions: v1), h.cacheKey(toolVersions: v1), "the harness is in the key")
        let f = VerilatorRunner(verilog: verilog, top: "Top", harness: r.harness, flags: ["--trace"])
        XCTAssertNotEqual(r.cacheKey(toolVersions: v1), f.cacheKey(toolVersions: v1), "the flags are in the key")
        // the key used for builds is the one over the installed tools' version lines
        XCTAssertEqual(r.cacheKey, r.cacheKey(toolVersions: VerilatorRunner.toolVersions))
        XCTAssertTrue(VerilatorRunner.toolVersions.hasPrefix(ExternalTool.versionLine("verilator", ["--version"])))
    }

    func testIcarusKeyCoversToolVersionsAndTestbench() {
        let r = IcarusRunner(verilog: verilog.merging(["tb.v": "module tb; endmodule\n"]) { a, _ in a }, top: "tb")
        let t = IcarusRunner(verilog: verilog.merging(["tb.v": "module tb; initial $finish; endmodule\n"]) { a, _ in a }, top: "tb")
        let v1 = "Icarus Verilog version 12.0 (stable)\nIcarus Verilog runtime version 12.0 (stable)"
        let v2 = "Icarus Verilog version 11.0 (stable)\nIcarus Verilog runtime version 11.0 (stable)"
        XCTAssertNotEqual(r.cacheKey(toolVersions: v1), r.cacheKey(toolVersions: v2), "an Icarus upgrade changes the key")
        XCTAssertNotEqual(r.cacheKey(toolVersions: v1), t.cacheKey(toolVersions: v1), "the testbench is in the key")
        XCTAssertEqual(r.cacheKey, r.cacheKey(toolVersions: IcarusRunner.toolVersions))
    }

    /// A missing program has a fixed version line, so a key never silently equals an installed tool's.
    func testVersionLineOfMissingProgram() {
        XCTAssertEqual(ExternalTool.versionLine("snapea-no-such-tool", ["--version"]), "snapea-no-such-tool missing")
    }

    /// Tests that use a tool build into this run's temporary cache folder, never `.build/snapea-cache`.
    func testTestsUseATemporaryCacheFolder() throws {
        let dir = TestRun.prepare()
        XCTAssertEqual(ToolCache.root.standardizedFileURL.path, URL(fileURLWithPath: dir).standardizedFileURL.path)
        XCTAssertTrue(dir.hasPrefix(NSTemporaryDirectory()), dir)
        XCTAssertFalse(ToolCache.root.path.contains(".build/snapea-cache"))
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir))
    }
}
