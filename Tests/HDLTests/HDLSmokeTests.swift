import XCTest
import HDL

final class HDLSmokeTests: XCTestCase {
    func testModuleLinks() {
        XCTAssertFalse(String(describing: HDL.self).isEmpty)
    }
}
