import Foundation
import XCTest
import Estimation

final class ReportTests: XCTestCase {
    func testAreaReportFormats() throws {
        let est = try AreaEstimator()
        let r = try est.estimate(ValidationDesigns.pe4.inventory, name: "pe4")
        // Per-block totals add up to the total and match the item sums computed here.
        var byBlock: [Block: Double] = [:]
        for item in ValidationDesigns.pe4.inventory.items {
            byBlock[item.block, default: 0] += try est.area(of: item.component).area * Double(item.count)
        }
        for b in Block.allCases { XCTAssertEqual(r.area(of: b), byBlock[b] ?? 0, accuracy: 1e-6) }
        XCTAssertEqual(r.blocks.reduce(0) { $0 + $1.areaUm2 }, r.totalUm2, accuracy: 1e-6)

        let md = r.markdown()
        for b in Block.allCases { XCTAssertTrue(md.contains("| \(b.title) |"), b.title) }
        let json = try JSONSerialization.jsonObject(with: Data(try r.json().utf8)) as? [String: Any]
        XCTAssertEqual(json?["totalUm2"] as? Double ?? -1, r.totalUm2, accuracy: 1e-6)
        let csv = r.csv().split(separator: "\n")
        XCTAssertEqual(csv.count, r.lines.count + 1)
        XCTAssertEqual(csv.first, "block,path,component,count,unit_area_um2,area_um2,method,implementation")

        let svg = AreaChart.svg([r, try est.estimate(ValidationDesigns.lane.inventory, name: "lane")])
        XCTAssertTrue(svg.hasPrefix("<svg"))
        XCTAssertTrue(svg.hasSuffix("</svg>\n"))
        let bars = svg.components(separatedBy: "<title>").count - 1
        let nonzero = r.blocks.filter { $0.areaUm2 > 0 }.count + 3 /* lane: mac, pau, lane control */
        XCTAssertEqual(bars, nonzero)
        XCTAssertEqual(svg.components(separatedBy: "<rect").count - 1, 1 + bars + Block.allCases.count)
    }

    func testReportFilesAreWritten() throws {
        let est = try AreaEstimator()
        let r = try est.estimate(ValidationDesigns.lane.inventory, name: "lane")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("snapea-est-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let urls = try ReportFiles.writeArea([r], to: dir)
        XCTAssertEqual(urls.map(\.lastPathComponent).sorted(), ["area.csv", "area.json", "area.md", "area.svg"])
        let csv = try String(contentsOf: dir.appendingPathComponent("area.csv"), encoding: .utf8)
        XCTAssertEqual(csv.split(separator: "\n").count, r.lines.count + 1)
        XCTAssertTrue(csv.split(separator: "\n")[1].hasPrefix("lane,"))
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("area.json"))) as? [[String: Any]]
        XCTAssertEqual(json?.count, 1)
    }

    func testBlockTagsMapToBlocks() {
        XCTAssertEqual(Block(tag: "MAC"), .mac)
        XCTAssertEqual(Block(tag: "lane_control"), .laneControl)
        XCTAssertEqual(Block(tag: "Input-Buffer"), .buffers)
        XCTAssertEqual(Block(tag: "whatever"), .top)
    }
}
