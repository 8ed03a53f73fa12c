import XCTest
import Estimation

final class EstimationSmokeTests: XCTestCase {
    func testModuleLinks() {
        XCTAssertFalse(String(describing: Estimation.self).isEmpty)
    }
}
