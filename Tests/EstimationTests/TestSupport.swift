import Foundation
import XCTest
import Estimation
import SnapeaTesting

/// Root of the package (two levels above this file's folder).
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The committed area table as raw JSON (read independently of `AreaTable`).
func rawTable() throws -> [String: Any] {
    let url = packageRoot.appendingPathComponent("Sources/Estimation/Tables/area_nangate45.json")
    let data = try Data(contentsOf: url)
    return try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
}

/// Raw entries of one kind: (params, area).
func rawEntries(_ kind: String) throws -> [([String: Int], Double)] {
    let entries = try XCTUnwrap(rawTable()["entries"] as? [[String: Any]])
    return entries.filter { ($0["kind"] as? String) == kind }.map {
        (($0["params"] as? [String: Int]) ?? [:], ($0["area_um2"] as? Double) ?? .nan)
    }
}

/// A Yosys runner, or a skip (locally) / failure (under CI, `Gate`) when Yosys or the liberty is missing.
func yosysOrSkip() throws -> YosysArea {
    do {
        return try YosysArea()
    } catch let e as YosysArea.Failure {
        if case .libertyMissing = e { throw Gate.unavailable(.data, "\(e)") }
        throw Gate.unavailable(.tool, "\(e) (scripts/setup.sh installs yosys)")
    }
}
