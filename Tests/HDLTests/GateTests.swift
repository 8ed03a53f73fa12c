import SnapeaEnvironment
import SnapeaTesting
import XCTest

/// "Running in CI" is decided in one place, and under CI a missing tool or data file fails a test.
final class GateTests: XCTestCase {
    func testCIAcceptsTrueOneYesInAnyCase() {
        for v in ["true", "TRUE", "True", "1", "yes", "YES", "Yes", " true "] {
            XCTAssertTrue(RunEnvironment.isCI(["CI": v]), "CI=\(v)")
        }
        for v in ["", "0", "false", "no", "off", "truthy", "2"] {
            XCTAssertFalse(RunEnvironment.isCI(["CI": v]), "CI=\(v)")
        }
        XCTAssertFalse(RunEnvironment.isCI([:]))
        XCTAssertFalse(RunEnvironment.isCI(["GITHUB_ACTIONS": "true"]), "only CI decides")
    }

    func testMissingToolOrDataFailsUnderCIAndSkipsLocally() {
        for kind in [Gate.Kind.tool, .data] {
            for ci in ["true", "1", "yes", "Yes"] {
                XCTAssertEqual(Gate.outcome(kind, "x missing", environment: ["CI": ci]),
                               .fail("\(kind.rawValue) required under CI (CI=\(ci)): x missing"))
            }
            XCTAssertEqual(Gate.outcome(kind, "x missing", environment: [:]), .skip("\(kind.rawValue): x missing"))
            XCTAssertEqual(Gate.outcome(kind, "x missing", environment: ["CI": "0"]), .skip("\(kind.rawValue): x missing"))
        }
        // opt-in tests (benchmarks, experiments) are not part of a CI run: they skip there too
        XCTAssertEqual(Gate.outcome(.optIn, "set X", environment: ["CI": "true"]), .skip("opt-in: set X"))
    }
}
