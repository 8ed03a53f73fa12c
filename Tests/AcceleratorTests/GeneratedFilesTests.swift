import Accelerator
import HDL
import Foundation
import SnapeaEnvironment
import XCTest

/// `generated/<preset>/` and `testbenches/` must equal what the generator emits now.
/// Regenerate with `SNAPEA_REGENERATE=1 swift test -c release --filter GeneratedFilesTests`.
///
/// REGRESSION PIN: the committed Verilog is the generator's earlier output, not an independent
/// reference. What backs it: `LintTests` (Verilator -Wall clean) and the co-simulation tests
/// (`GoldenCosimTests`, `RawTileCosimTests`, `DigitsTileTests`, …), which simulate exactly this
/// generator's output against the golden model.
final class GeneratedFilesTests: XCTestCase {
    static let committed: [AcceleratorConfig] = [.default256, .default256.baseline, .small, .int8]
    var regenerate: Bool { ProcessInfo.processInfo.environment["SNAPEA_REGENERATE"] == "1" }

    func testGeneratedVerilogIsCurrent() throws {
        if regenerate && RunEnvironment.isCI {
            XCTFail("SNAPEA_REGENERATE=1 under CI: CI checks the committed files, it never rewrites them")
        }
        for config in Self.committed {
            let dir = "\(repoRoot)/generated/\(config.name)"
            let files = try Generator.emit(config)
            if regenerate && !RunEnvironment.isCI {
                // rewrite, then fall through: the comparison below checks what was written
                try? FileManager.default.removeItem(atPath: dir)
                try Generator.write(config, to: dir)
            }
            let present = Set((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [])
            XCTAssertEqual(present, Set(files.map(\.name)), "\(dir): file set differs from the generator's (regenerate)")
            for f in files {
                let onDisk = try? String(contentsOfFile: "\(dir)/\(f.name)", encoding: .utf8)
                XCTAssertEqual(onDisk, f.text, "\(dir)/\(f.name) differs from the generator's output (regenerate)")
            }
        }
    }

    func testTestbenchSourcesMatchEmbeddedCopies() throws {
        let harness = try String(contentsOfFile: "\(repoRoot)/testbenches/verilator/harness.cpp", encoding: .utf8)
        let tb = try String(contentsOfFile: "\(repoRoot)/testbenches/icarus/snapea_tb.v", encoding: .utf8)
        XCTAssertEqual(harness, TestbenchSources.verilatorHarness + "\n", "run testbenches/embed.sh")
        XCTAssertEqual(tb, TestbenchSources.icarusTestbench + "\n", "run testbenches/embed.sh")
    }

    /// The array uses no SRAM macro yet: its memory list is empty (the format is `MemoryList`'s).
    func testMemoryListIsEmittedAndEmpty() throws {
        let files = try Generator.emit(.small)
        let list = try XCTUnwrap(files.first { $0.name == Generator.memoryListName })
        let decoded = try JSONDecoder().decode(MemoryList.self, from: Data(list.text.utf8))
        XCTAssertEqual(decoded, MemoryList(top: Generator.topModule, memories: []))
        XCTAssertEqual(try Generator.elaborate(.small).memoryList.fileName, Generator.memoryListName)
    }

    func testFileListNamesEveryModuleOnce() throws {
        let files = try Generator.emit(.small)
        let list = try XCTUnwrap(files.last)
        XCTAssertEqual(list.name, Generator.fileListName)
        let listed = list.text.split(separator: "\n").map(String.init)
        XCTAssertEqual(Set(listed), Set(files.filter { $0.name.hasSuffix(".v") }.map(\.name)))
        XCTAssertEqual(files.dropLast().last?.name, Generator.memoryListName, "memory list before the file list")
        XCTAssertEqual(listed.last, "\(Generator.topModule).v", "top module last")
        for name in ["Mac.v", "Pau.v", "Requantizer.v", "ComputeLane.v", "Scheduler.v", "ProcessingElement.v"] {
            XCTAssertTrue(listed.contains(name), "missing \(name)")
        }
        let base = try Generator.emit(.small.baseline)
        XCTAssertFalse(base.contains { $0.name == "Pau.v" }, "baseline has no PAU")
    }
}
