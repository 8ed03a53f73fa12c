import XCTest
import Accelerator

final class AcceleratorSmokeTests: XCTestCase {
    func testModuleLinks() {
        XCTAssertFalse(String(describing: Accelerator.self).isEmpty)
    }
}
