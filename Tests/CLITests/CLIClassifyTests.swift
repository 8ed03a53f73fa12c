import Foundation
import SnapeaEnvironment
import SnapeaTesting
import XCTest

/// `snapea classify`: SqueezeNet's top-5 with class names, float and fixed point, true labels.
final class CLIClassifyTests: XCTestCase {
    /// The data folder the CLI finds by default (`DataFolder.resolve`): skipped locally when absent,
    /// a failure under CI (`Gate`).
    static func dataFolder() throws -> String {
        let path = DataFolder.resolve()
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path + "/imagenet-sample/labels.csv"),
              FileManager.default.fileExists(atPath: path + "/squeezenet", isDirectory: &isDir), isDir.boolValue else {
            throw Gate.unavailable(.data, "\(path)/imagenet-sample and squeezenet/ not present: provide ../shared/data "
                                   + "(../shared/docs/data.md) or set \(DataFolder.environmentVariable)")
        }
        return path
    }

    /// Known answer (../shared/docs/data.md): chelsea is class 285, Egyptian cat, in float and in
    /// fixed point; coffee 967 espresso. The ImageNet sample's first image carries its true label.
    func testClassifyKnownImages() throws {
        let data = try Self.dataFolder()
        let r = try SnapeaProcess.run(["classify", data + "/images/chelsea.ppm", data + "/images/coffee.ppm", "--json", "--quiet"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let images = try XCTUnwrap(json["images"] as? [[String: Any]])
        XCTAssertEqual(images.count, 2)
        for (image, (label, name)) in zip(images, [(285, "Egyptian cat"), (967, "espresso")]) {
            for path in ["float", "fixed"] {
                let top = try XCTUnwrap(image[path] as? [[String: Any]])
                XCTAssertEqual(top.count, 5)
                XCTAssertEqual(top[0]["label"] as? Int, label, "\(path)")
                XCTAssertEqual(top[0]["name"] as? String, name, "\(path)")
            }
            XCTAssertNil(image["trueLabel"] as? Int, "the scikit-image test images have no labels.csv")
        }
        let text = try SnapeaProcess.run(["classify", data + "/images/chelsea.ppm", "--quiet"])
        XCTAssertEqual(text.status, 0, text.stderr)
        XCTAssertTrue(text.stdout.contains("| 1 | 285 Egyptian cat |"), text.stdout)

        let sample = try SnapeaProcess.run(["classify", "--images", data + "/imagenet-sample", "--limit", "2", "--json", "--quiet"])
        XCTAssertEqual(sample.status, 0, sample.stderr)
        let sj = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(sample.stdout.utf8)) as? [String: Any])
        let rows = try XCTUnwrap(sj["images"] as? [[String: Any]])
        XCTAssertEqual(rows.map { $0["trueLabel"] as? Int }, [0, 2])   // labels.csv: tench, great white shark
        let acc = try XCTUnwrap(sj["accuracy"] as? [String: Any])
        XCTAssertEqual(acc["images"] as? Int, 2)
    }

    /// Bad arguments are usage errors before any work; a missing image or folder is named.
    func testClassifyArgumentErrors() throws {
        XCTAssertEqual(try SnapeaProcess.run(["classify"]).status, 2)
        XCTAssertEqual(try SnapeaProcess.run(["classify", "x.ppm", "--mode", "fast"]).status, 2)
        XCTAssertEqual(try SnapeaProcess.run(["classify", "x.ppm", "--mode", "predictive"]).status, 2)
        XCTAssertEqual(try SnapeaProcess.run(["classify", "--images", "/nonexistent-snapea", "--shard", "3/2"]).status, 2)
        let missing = try SnapeaProcess.run(["classify", "/nonexistent-snapea/a.ppm"])
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.stderr.contains("/nonexistent-snapea/a.ppm"), missing.stderr)
        let folder = try SnapeaProcess.run(["classify", "--images", "/nonexistent-snapea"])
        XCTAssertEqual(folder.status, 1)
        XCTAssertTrue(folder.stderr.contains("--images") && folder.stderr.contains("/nonexistent-snapea"), folder.stderr)
    }
}
