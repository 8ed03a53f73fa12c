import XCTest
import Workloads

final class WorkloadsSmokeTests: XCTestCase {
    func testModuleLinks() {
        XCTAssertFalse(String(describing: Workloads.self).isEmpty)
    }
}
