import XCTest
import HDL

/// Returns true when `name` is available; under CI=true a missing tool fails the test,
/// otherwise the test is skipped.
func requireTool(_ name: String, file: StaticString = #filePath, line: UInt = #line) throws {
    if ExternalTool.find(name) != nil { return }
    if ExternalTool.isCI {
        XCTFail("\(name) is required under CI=true; install with scripts/setup.sh (apt-get install -y verilator yosys iverilog)", file: file, line: line)
        throw XCTSkip("missing \(name)")
    }
    throw XCTSkip("\(name) not installed; run scripts/setup.sh")
}
