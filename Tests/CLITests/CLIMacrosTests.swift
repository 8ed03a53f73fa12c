import Foundation
import XCTest

/// `snapea macros`: pricing a memory list from the command line.
final class CLIMacrosTests: XCTestCase {
    func testPricesAMemoryList() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("snapea-macros-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let list = dir.appendingPathComponent("m.json")
        try #"{"top": "T", "memories": [{"module": "sram_1rw_64x32", "ports": "1rw", "depth": 64, "width": 32, "maskGranularity": 0, "readLatency": 1, "count": 3, "instances": []}]}"#
            .write(to: list, atomically: true, encoding: .utf8)
        let r = try SnapeaProcess.run(["macros", list.path])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("| sram_1rw_64x32 | 64x32 | 1rw | 3 | 1241.0 | 3723.0 |"), r.stdout)
        XCTAssertTrue(r.stdout.contains("fakeram45_64x32"), r.stdout)
        let j = try SnapeaProcess.run(["macros", list.path, "--json"])
        XCTAssertEqual(j.status, 0, j.stderr)
        let obj = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(j.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(obj["macroUm2"] as? Double, 3723)
        let help = try SnapeaProcess.run(["macros", "--help"])
        XCTAssertTrue(help.stdout.contains("usage: snapea macros") && help.stdout.contains("examples:"))
        XCTAssertEqual(try SnapeaProcess.run(["macros"]).status, 2)
        XCTAssertEqual(try SnapeaProcess.run(["macros", dir.appendingPathComponent("none.json").path]).status, 1)
    }
}
