import Foundation
import XCTest

/// End-to-end tests of the command-line behaviour every command shares.
final class CLIBasicsTests: XCTestCase {
    func testVersion() throws {
        let r = try SnapeaProcess.run(["--version"])
        XCTAssertEqual(r.status, 0)
        XCTAssertTrue(r.stdout.hasPrefix("snapea "), r.stdout)
    }

    func testUnknownCommandSuggestsClosest() throws {
        let r = try SnapeaProcess.run(["versoin"])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("unknown command 'versoin'"), r.stderr)
        XCTAssertTrue(r.stderr.contains("did you mean 'version'"), r.stderr)
        XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, "one-line error: \(r.stderr)")
    }

    func testUnknownFlagSuggestsClosest() throws {
        let r = try SnapeaProcess.run(["version", "--jsno"])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("unknown option --jsno"), r.stderr)
        XCTAssertTrue(r.stderr.contains("--json"), r.stderr)
    }

    func testHelpListsCommandsAndExitsZero() throws {
        let r = try SnapeaProcess.run(["--help"])
        XCTAssertEqual(r.status, 0)
        XCTAssertTrue(r.stdout.contains("version"), r.stdout)
        let bare = try SnapeaProcess.run([])
        XCTAssertEqual(bare.status, 2, "no command is a usage error")
    }

    func testJSONOutputParses() throws {
        let r = try SnapeaProcess.run(["version", "--json"])
        XCTAssertEqual(r.status, 0)
        let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: String]
        XCTAssertEqual(object?["version"]?.hasPrefix("snapea "), true)
    }
}
