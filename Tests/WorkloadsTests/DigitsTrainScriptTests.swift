import SnapeaTesting
import XCTest
import Foundation
import Workloads

/// Entry point of `scripts/train_digits.sh` until the CLI offers `snapea train-digits`:
/// writes both committed networks when SNAPEA_TRAIN_DIGITS_OUT names a directory, else skips.
final class DigitsTrainScriptTests: XCTestCase {
    func testWriteCommittedWeights() throws {
        let dir = try Gate.optIn("SNAPEA_TRAIN_DIGITS_OUT", "<dir> to retrain the committed digits networks")
        for which in DigitsModelFile.Embedded.allCases {
            let url = URL(fileURLWithPath: dir).appendingPathComponent(which.rawValue + ".json")
            let m = try DigitsTrainer.trainAndSave(which, to: url)
            print("wrote \(url.path): test accuracy \(m.provenance["floatAccuracyTest"] ?? "?")")
            XCTAssertEqual(try DigitsModelFile.load(url: url), m)
        }
    }
}
