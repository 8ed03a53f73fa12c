import XCTest
import Foundation
import Workloads

/// The labelled-folder loader (`labels.csv`), the embedded ImageNet class names, the seeded
/// profiling / calibration / held-out split and image-range shards.
final class LabelledImagesTests: XCTestCase {
    private var scratch: URL!

    override func setUpWithError() throws {
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("snapea-labels-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: scratch) }

    private let header = "file,class,synset,name\n"

    func testParsesRows() throws {
        let rows = try LabelledImageFolder.parse(header + "a.ppm,285,n02124075,Egyptian_cat\r\nb.ppm,0,n01440764,tench\n", file: "l.csv")
        XCTAssertEqual(rows, [LabelledImage(file: "a.ppm", label: 285, synset: "n02124075", name: "Egyptian_cat"),
                              LabelledImage(file: "b.ppm", label: 0, synset: "n01440764", name: "tench")])
    }

    /// Every bad row is refused with the file, its 1-based line and what is wrong.
    func testBadRowsNameFileAndLine() {
        let cases: [(String, String, String)] = [
            ("file,label,synset,name\n", "l.csv:1", "header"),
            (header + "a.ppm,1,n01440764\n", "l.csv:2", "4 fields"),
            (header + "a.ppm,1,n01440764,x\nb.ppm,1000,n01440764,x\n", "l.csv:3", "0...999"),
            (header + "a.ppm,-1,n01440764,x\n", "l.csv:2", "0...999"),
            (header + "a.ppm,seven,n01440764,x\n", "l.csv:2", "integer"),
            (header + "a.ppm,1,n0144076,x\n", "l.csv:2", "synset"),
            (header + "a.ppm,1,x01440764,x\n", "l.csv:2", "synset"),
            (header + "../a.ppm,1,n01440764,x\n", "l.csv:2", "plain .ppm"),
            (header + "a.jpg,1,n01440764,x\n", "l.csv:2", "plain .ppm"),
            (header + "a.ppm,1,n01440764,\n", "l.csv:2", "empty class name"),
            (header + "a.ppm,1,n01440764,x\nc.ppm,2,n01443537,y\na.ppm,1,n01440764,x\n", "l.csv:4", "listed twice (first on line 2)"),
            (header, "l.csv:1", "no images"),
        ]
        for (text, place, message) in cases {
            XCTAssertThrowsError(try LabelledImageFolder.parse(text, file: "l.csv"), place) { error in
                guard let e = error as? FormatError else { return XCTFail("\(error)") }
                XCTAssertTrue(e.description.hasPrefix(place + ":"), "\(e.description) should start with \(place)")
                XCTAssertTrue(e.description.contains(message), "\(e.description) should say \(message)")
                XCTAssertFalse(e.description.contains("\n"))
            }
        }
    }

    /// A folder without labels.csv, or whose labels.csv lists a file that is not there, is named.
    func testMissingFilesAreNamed() throws {
        XCTAssertThrowsError(try LabelledImageFolder.load(path: scratch.path)) { error in
            guard let e = error as? MissingDataFile else { return XCTFail("\(error)") }
            XCTAssertEqual(e.path, scratch.appendingPathComponent("labels.csv").path)
        }
        try (header + "here.ppm,1,n01443537,goldfish\ngone.ppm,2,n01484850,great_white_shark\n")
            .write(to: scratch.appendingPathComponent("labels.csv"), atomically: true, encoding: .utf8)
        try Data(PPM.encode(RGBImage(width: 1, height: 1, pixels: [1, 2, 3]))).write(to: scratch.appendingPathComponent("here.ppm"))
        XCTAssertThrowsError(try LabelledImageFolder.load(path: scratch.path)) { error in
            guard let e = error as? MissingDataFile else { return XCTFail("\(error)") }
            XCTAssertEqual(e.path, scratch.appendingPathComponent("gone.ppm").path)
            XCTAssertTrue(e.description.contains("labels.csv"), e.description)
        }
        try (header + "here.ppm,1,n01443537,goldfish\n").write(to: scratch.appendingPathComponent("labels.csv"), atomically: true, encoding: .utf8)
        let folder = try LabelledImageFolder.load(path: scratch.path)
        XCTAssertEqual(folder.images.map(\.label), [1])
        XCTAssertEqual(try folder.load(folder.images[0]).pixels, [1, 2, 3])
        XCTAssertEqual(folder.entry(forPath: scratch.appendingPathComponent("here.ppm").path)?.label, 1)
        XCTAssertNil(folder.entry(forPath: "/elsewhere/here.ppm"))
    }

    /// The embedded names: 1000 classes, synsets strictly increasing (SqueezeNet's output order).
    func testEmbeddedClassNames() {
        let c = ImageNetClasses.embedded
        XCTAssertEqual(c.entries.count, 1000)
        XCTAssertEqual(c.entries.map(\.index), Array(0..<1000))
        XCTAssertTrue(zip(c.entries, c.entries.dropFirst()).allSatisfy { $0.synset < $1.synset })
        XCTAssertEqual(c.name(285), "Egyptian cat")   // data.md
        XCTAssertEqual(c.name(967), "espresso")       // data.md
        XCTAssertEqual(c.name(1000), "class 1000")
    }

    /// The real sample: 500 rows, one per even class, and every row agrees with the embedded names
    /// (an independent source: synset and first lemma).
    func testImageNetSampleAgreesWithEmbeddedNames() throws {
        let dir = try SqueezeNetTestData.directory()
        let folder = try LabelledImageFolder.load(path: dir.path + "/" + LabelledImageFolder.defaultSubfolder)
        XCTAssertEqual(folder.images.count, 500)
        XCTAssertEqual(folder.images.map(\.label), Array(stride(from: 0, to: 1000, by: 2)))
        let c = ImageNetClasses.embedded
        for row in folder.images {
            XCTAssertEqual(c.entries[row.label].synset, row.synset, row.file)
            XCTAssertEqual(c.entries[row.label].name.replacingOccurrences(of: " ", with: "_"), row.name, row.file)
        }
    }

    /// The split is a partition of the rows into three disjoint sets of the asked sizes, fixed by
    /// the seed, and a different seed gives a different split.
    func testSplitIsDisjointAndSeeded() throws {
        let s = try LabelledSplit(count: 500)
        XCTAssertEqual([s.profiling.count, s.calibration.count, s.heldOut.count],
                       [LabelledSplit.defaultProfilingCount, LabelledSplit.defaultCalibrationCount,
                        500 - LabelledSplit.defaultProfilingCount - LabelledSplit.defaultCalibrationCount])
        let sets = [Set(s.profiling), Set(s.calibration), Set(s.heldOut)]
        XCTAssertTrue(sets[0].isDisjoint(with: sets[1]) && sets[0].isDisjoint(with: sets[2]) && sets[1].isDisjoint(with: sets[2]))
        XCTAssertEqual(sets[0].union(sets[1]).union(sets[2]), Set(0..<500))
        XCTAssertEqual(s.profiling, s.profiling.sorted())
        XCTAssertEqual(try LabelledSplit(count: 500), s)
        XCTAssertNotEqual(try LabelledSplit(count: 500, seed: 7).calibration, s.calibration)
        // not simply the first rows in file order: every set spans the file
        XCTAssertLessThan(s.heldOut.first!, 50)
        XCTAssertGreaterThan(s.profiling.last!, 450)
        XCTAssertThrowsError(try LabelledSplit(count: 10, profilingCount: 5, calibrationCount: 5))
        let small = try LabelledSplit.scaled(count: 20)
        XCTAssertEqual([small.profiling.count, small.calibration.count, small.heldOut.count], [4, 10, 6])
    }

    /// Shards k/n are contiguous, disjoint and cover the list; malformed k/n is refused.
    func testShardsPartitionTheList() throws {
        for total in [0, 1, 7, 500] {
            for n in 1...5 {
                let ranges = try (1...n).map { try Shard(index: $0, count: n).range(of: total) }
                XCTAssertEqual(ranges.first?.lowerBound, 0)
                XCTAssertEqual(ranges.last?.upperBound, total)
                for (a, b) in zip(ranges, ranges.dropFirst()) { XCTAssertEqual(a.upperBound, b.lowerBound) }
                XCTAssertLessThanOrEqual((ranges.map(\.count).max() ?? 0) - (ranges.map(\.count).min() ?? 0), 1)
            }
        }
        XCTAssertEqual(try Shard.parse("2/3"), try Shard(index: 2, count: 3))
        for bad in ["0/3", "4/3", "1/0", "1", "a/b", "1/2/3", ""] {
            XCTAssertThrowsError(try Shard.parse(bad), bad)
        }
    }
}
