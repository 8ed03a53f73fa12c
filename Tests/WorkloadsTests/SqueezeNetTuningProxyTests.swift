import XCTest
import Golden
import Workloads

/// The SqueezeNet tuning proxy: profiling and acceptance variants are disjoint, sized as stated,
/// and the acceptance inputs are the quantised crops (no network runs needed).
final class SqueezeNetTuningProxyTests: XCTestCase {
    func testProfilingAndAcceptanceAreDisjointAndSized() throws {
        let w = try SqueezeNetShared.get()
        let images = DataDirectory.imageNames
        for (size, prof, acc) in [(SqueezeNetTuningProxy.Size.demo, 4, 24), (.full, 8, 120)] {
            let p = try SqueezeNetTuningProxy.make(w, size: size)
            XCTAssertEqual(p.profiling.count, prof)
            XCTAssertEqual(p.acceptance.count, acc)
            XCTAssertEqual(p.profilingNames.count, prof)
            XCTAssertEqual(p.acceptanceNames.count, acc)
            XCTAssertTrue(Set(p.profilingNames).isDisjoint(with: p.acceptanceNames), "\(size)")
            XCTAssertEqual(Set(p.acceptanceNames).count, acc, "\(size): no duplicates")
            let expectedProfiling = size == .demo ? images : images.flatMap { [$0, $0 + "/flip"] }
            XCTAssertEqual(Set(p.profilingNames), Set(expectedProfiling))
            // Interleaved: the first four acceptance inputs come from the four images, in order.
            XCTAssertEqual(p.acceptanceNames.prefix(4).map { String($0.split(separator: "/")[0]) }, images)
            // Each acceptance input's source image is the one its name starts with.
            XCTAssertEqual(p.acceptanceSources.map { images[$0] }, p.acceptanceNames.map { String($0.split(separator: "/")[0]) })
            // No acceptance tensor equals a profiling tensor (the crops really differ).
            for a in p.acceptance { XCTAssertFalse(p.profiling.contains { $0.data == a.data }) }
            // Acceptance tensors are the workload's quantisation of the named variant.
            let named = w.images[1]
            let v = ImageVariants.of(named.image, named: named.name, crops: 5,
                                     scales: size == .full ? [ImageVariants.cropFraction, 0.75, 0.625] : [ImageVariants.cropFraction],
                                     flipCrops: size == .full)
            let crop = try XCTUnwrap(v.first { $0.name == named.name + "/crop-tr" })
            let i = try XCTUnwrap(p.acceptanceNames.firstIndex(of: crop.name))
            XCTAssertEqual(p.acceptance[i].data, try w.quantizedInput(crop.image).data)
        }
    }
}
