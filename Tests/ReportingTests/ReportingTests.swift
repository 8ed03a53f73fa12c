import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Reporting
import XCTest

/// Collects the attributes of every element with a given class from an SVG document.
private final class ElementCollector: NSObject, XMLParserDelegate {
    let className: String
    var found: [[String: String]] = []
    init(className: String) { self.className = className }
    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        if attributes["class"] == className { found.append(attributes) }
    }
}

final class ReportingTests: XCTestCase {
    private func elements(_ svg: String, _ className: String) throws -> [[String: String]] {
        let parser = XMLParser(data: Data(svg.utf8))
        let collector = ElementCollector(className: className)
        parser.delegate = collector
        XCTAssertTrue(parser.parse(), "SVG must be well-formed XML: \(parser.parserError.map { "\($0)" } ?? "")")
        return collector.found
    }

    func testMarkdownAndCSVEscaping() {
        var t = Table(headers: ["layer", "note"])
        t.append(["conv1", "a|b"])
        t.append(["fire2", "x, \"y\""])
        XCTAssertEqual(t.markdown, "| layer | note |\n|---|---|\n| conv1 | a\\|b |\n| fire2 | x, \"y\" |\n")
        XCTAssertEqual(t.csv, "layer,note\nconv1,a|b\nfire2,\"x, \"\"y\"\"\"\n")
    }

    func testNiceMax() {
        XCTAssertEqual(SVGChart.niceMax(0.7), 1)
        XCTAssertEqual(SVGChart.niceMax(1.3), 2)
        XCTAssertEqual(SVGChart.niceMax(2.2), 2.5)
        XCTAssertEqual(SVGChart.niceMax(37), 50)
        XCTAssertEqual(SVGChart.niceMax(100), 100)
    }

    func testGroupedBarHeightsAreProportionalToValues() throws {
        let values: [[Double]] = [[1.0, 2.0, 0.5], [1.5, 0.25, 2.0]]
        let svg = SVGChart.groupedBars(title: "speedup <by> layer & mode", yLabel: "x", categories: ["a", "b", "c"],
                                       series: ["exact", "predictive"], values: values, reference: 1)
        let bars = try elements(svg, "bar")
        XCTAssertEqual(bars.count, 6)
        // niceMax(2.0) = 2, so a bar of value v is plotHeight * v / 2 tall.
        for bar in bars {
            let s = Int(bar["data-series"]!)!, c = Int(bar["data-category"]!)!
            let h = Double(bar["height"]!)!
            XCTAssertEqual(h, SVGChart.plotHeight * values[s][c] / 2, accuracy: 0.01)
        }
    }

    func testStackedSegmentsSumToTotal() throws {
        let values: [[Double]] = [[10, 4], [5, 4], [5, 2]]   // 3 components × 2 bars; totals 20 and 10
        let svg = SVGChart.stackedBars(title: "area", yLabel: "µm²", categories: ["snapea", "baseline"],
                                       components: ["MAC", "PAU", "buffers"], values: values)
        let segments = try elements(svg, "segment")
        XCTAssertEqual(segments.count, 6)
        let first = segments.filter { $0["data-category"] == "0" }.map { Double($0["height"]!)! }.reduce(0, +)
        let second = segments.filter { $0["data-category"] == "1" }.map { Double($0["height"]!)! }.reduce(0, +)
        XCTAssertEqual(first, SVGChart.plotHeight * 20 / 20, accuracy: 0.05)
        XCTAssertEqual(second, SVGChart.plotHeight * 10 / 20, accuracy: 0.05)
    }

    func testLinePlotHasOnePointPerDatum() throws {
        let svg = SVGChart.lines(title: "pareto", xLabel: "loss %", yLabel: "speedup", series: ["plain", "aware"],
                                 points: [[(0, 1), (1, 1.5), (3, 2)], [(0, 1.4), (2, 4)]])
        XCTAssertEqual(try elements(svg, "point").count, 5)
    }
}
