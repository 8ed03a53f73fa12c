import XCTest
import Golden

final class BenchmarkSmokeTests: XCTestCase {
    /// The benchmark runs and reports consistent counts (speed itself is printed, never asserted).
    func testBenchmarkRunsAndCountsOps() throws {
        let r = try GoldenBenchmark.run(channels: 8, size: 9, repeats: 1)
        XCTAssertEqual(r.denseMACs, 8 * 81 * 8 * 9)
        XCTAssertLessThan(r.exactOps, r.denseMACs)
        print(r)
        if ProcessInfo.processInfo.environment["SNAPEA_BENCH"] != nil {
            print(try GoldenBenchmark.run())
            print(try GoldenBenchmark.run(biasOffset: -60_000_000))
        }
    }
}
