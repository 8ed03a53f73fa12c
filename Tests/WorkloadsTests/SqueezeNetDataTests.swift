import XCTest
import Foundation
import SnapeaTesting
import Workloads

/// Locates the data folder for tests: skipped when absent locally, a failure under CI (`Gate`).
enum SqueezeNetTestData {
    static func directory() throws -> DataDirectory {
        let dir = DataDirectory.resolve()
        if dir.exists { return dir }
        throw Gate.unavailable(.data, "data directory \(dir.path) not present: provide ../shared/data beside the package "
            + "(see ../shared/docs/data.md) or set \(DataDirectory.environmentVariable)")
    }
}

final class SqueezeNetDataTests: XCTestCase {
    func testResolutionOrder() {
        XCTAssertEqual(DataDirectory.resolve("/x/y", environment: ["SNAPEA_DATA": "/e"]).path, "/x/y")
        XCTAssertEqual(DataDirectory.resolve(nil, environment: ["SNAPEA_DATA": "/e"]).path, "/e")
        XCTAssertEqual(DataDirectory.resolve(nil, environment: ["SNAPEA_DATA": ""]).path, Self.besideThisPackage)
        // the default is ../shared/data beside the package, whatever the current directory
        XCTAssertEqual(DataDirectory.resolve(nil, environment: [:]).path, Self.besideThisPackage)
    }

    /// `<package>/../shared/data`, derived from this test file's location (three levels below the package).
    static let besideThisPackage: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.appendingPathComponent("shared/data").path
    }()

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
