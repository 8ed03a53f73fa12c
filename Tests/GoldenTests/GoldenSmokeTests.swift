import XCTest
import Golden

final class GoldenSmokeTests: XCTestCase {
    func testModuleLinks() {
        XCTAssertFalse(String(describing: Golden.self).isEmpty)
    }
}
