import XCTest
import Foundation
import Workloads

/// Locates ../shared/data for tests: skipped when absent locally, required under CI=true.
enum SqueezeNetTestData {
    static func directory() throws -> DataDirectory {
        let dir = DataDirectory.resolve()
        if dir.exists { return dir }
        if ProcessInfo.processInfo.environment["CI"] == "true" {
            XCTFail("CI=true but the data directory \(dir.path) is missing: provide ../shared/data (see ../shared/docs/data.md) or set \(DataDirectory.environmentVariable)")
            throw MissingDataFile(path: dir.path, origin: "../shared/data")
        }
        throw XCTSkip("data directory \(dir.path) not present (see ../shared/docs/data.md); SqueezeNet data tests skipped")
    }
}

final class SqueezeNetDataTests: XCTestCase {
    func testResolutionOrder() {
        XCTAssertEqual(DataDirectory.resolve("/x/y", environment: ["SNAPEA_DATA": "/e"]).path, "/x/y")
        XCTAssertEqual(DataDirectory.resolve(nil, environment: ["SNAPEA_DATA": "/e"]).path, "/e")
        XCTAssertEqual(DataDirectory.resolve(nil, environment: [:]).path, "../shared/data")
    }

    func testMissingFileNamesFileAndOrigin() {
        let dir = DataDirectory(path: "/nonexistent-snapea-data")
        XCTAssertFalse(dir.exists)
        XCTAssertThrowsError(try dir.squeezeNetWeights()) { error in
            guard let e = error as? MissingDataFile else { return XCTFail("\(error)") }
            XCTAssertEqual(e.path, "/nonexistent-snapea-data/squeezenet/compressed_SqueezeNet.net")
            XCTAssertTrue(e.description.contains("compressed_SqueezeNet.net"))
            XCTAssertTrue(e.description.contains("songhan/SqueezeNet-Deep-Compression"))
            XCTAssertTrue(e.description.contains("data.md"))
        }
        XCTAssertThrowsError(try dir.image("chelsea")) { error in
            XCTAssertTrue("\(error)".contains("images/chelsea.ppm"), "\(error)")
            XCTAssertTrue("\(error)".contains("scikit-image"), "\(error)")
        }
    }

    func testDataPresentFindsAllFiles() throws {
        let dir = try SqueezeNetTestData.directory()
        XCTAssertNoThrow(try dir.squeezeNetPrototxt())
        XCTAssertNoThrow(try dir.squeezeNetWeights())
        for name in DataDirectory.imageNames { XCTAssertNoThrow(try dir.image(name)) }
    }
}
