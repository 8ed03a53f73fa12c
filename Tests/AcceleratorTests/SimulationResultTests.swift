import Accelerator
import Golden
import SnapeaTesting
import XCTest

/// The result parser accepts exactly the lines the harness prints (docs/ACCELERATOR.md, "Stimulus and
/// result files") and fails on a missing, duplicated or unknown line, so a harness that drops an
/// output cannot pass as a zero.
final class SimulationResultTests: XCTestCase {
    /// Golden tiles of two layers (several tiles, both PEs with work) and the result text a
    /// correct harness prints for them, written here from the golden execution.
    func goldenTilesAndText() throws -> (tiles: [TileProgram], text: String, expected: [[[Int32]]]) {
        let config = AcceleratorConfig.small
        let tiles = try GoldenLayers.tiles(try GoldenLayers.layer(seed: 9, mode: .exact), config)
            + GoldenLayers.tiles(try GoldenLayers.layer(seed: 12, mode: .dense), config)
        var text = ""
        var expected: [[[Int32]]] = []
        let mask = (UInt64(1) << config.dataWidth) - 1
        for tile in tiles {
            let outs = tile.outputBuffers(tile.execute())
            expected.append(outs)
            text += "cycles \(tile.outputCount + 7)\n"
            for (j, list) in outs.enumerated() {
                for (q, v) in list.enumerated() { text += "out \(j) \(q) \(UInt64(bitPattern: Int64(v)) & mask)\n" }
            }
        }
        text += "edges 12345\n"
        return (tiles, text, expected)
    }

    func parse(_ text: String, _ tiles: [TileProgram]) throws -> SimulationResult {
        try SimulationResult.parse(text, tiles: tiles.map { HardwareTile($0) }, config: .small)
    }

    func testWellFormedResultParses() throws {
        let (tiles, text, expected) = try goldenTilesAndText()
        XCTAssertGreaterThanOrEqual(tiles.count, 2)
        let r = try parse(text + "snapea_tb.v:157: $finish called at 4242 (1s)\n", tiles)
        XCTAssertEqual(r.tiles.map(\.outputs), expected)
        XCTAssertEqual(r.tiles.map(\.cycles), tiles.map { $0.outputCount + 7 })
        XCTAssertEqual(r.edges, 12345)
    }

    func testEveryDeletedOutLineFails() throws {
        let (tiles, text, _) = try goldenTilesAndText()
        let lines = text.split(separator: "\n").map(String.init)
        let outLines = lines.indices.filter { lines[$0].hasPrefix("out ") }
        XCTAssertEqual(outLines.count, tiles.reduce(0) { $0 + $1.outputCount })
        for i in outLines {
            var cut = lines
            let gone = cut.remove(at: i)
            let f = gone.split(separator: " ")
            XCTAssertThrowsError(try parse(cut.joined(separator: "\n") + "\n", tiles), "deleted '\(gone)'") { e in
                XCTAssertTrue("\(e)".contains("PE \(f[1]) output address \(f[2]) was never reported"), "\(e)")
            }
        }
    }

    func testDuplicatedUnknownAndMisplacedLinesFail() throws {
        let (tiles, text, _) = try goldenTilesAndText()
        var lines = text.split(separator: "\n").map(String.init)
        let i = try XCTUnwrap(lines.firstIndex { $0.hasPrefix("out ") })
        var dup = lines
        dup.insert(lines[i], at: i + 1)
        XCTAssertThrowsError(try parse(dup.joined(separator: "\n"), tiles)) { XCTAssertTrue("\($0)".contains("reported twice"), "\($0)") }
        var unknown = lines
        unknown.insert("warning: something", at: i)
        XCTAssertThrowsError(try parse(unknown.joined(separator: "\n"), tiles)) { XCTAssertTrue("\($0)".contains("unknown line"), "\($0)") }
        var late = lines
        late.append(lines[i])
        XCTAssertThrowsError(try parse(late.joined(separator: "\n"), tiles)) { XCTAssertTrue("\($0)".contains("after the 'edges' line"), "\($0)") }
        lines.removeLast()  // the edges line
        XCTAssertThrowsError(try parse(lines.joined(separator: "\n"), tiles)) { XCTAssertTrue("\($0)".contains("no 'edges' line"), "\($0)") }
    }

    /// The same on the real harness output: Verilator's result for golden tiles parses and matches
    /// the golden model; with one `out` line deleted the parse, and so the co-simulation, fails.
    func testDeletingOneOutLineFromVerilatorOutputFails() throws {
        try Gate.requireTool("verilator")
        let (tiles, _, expected) = try goldenTilesAndText()
        let sim = try Simulator.build(.small, kind: .verilator)
        let output = try sim.run(stimulus: try StimulusWriter(config: .small).stimulus(for: tiles.map { HardwareTile($0) })).output
        XCTAssertEqual(try parse(output, tiles).tiles.map(\.outputs), expected)
        var lines = output.split(separator: "\n").map(String.init)
        let outLines = lines.indices.filter { lines[$0].hasPrefix("out ") }
        XCTAssertEqual(outLines.count, tiles.reduce(0) { $0 + $1.outputCount })
        let gone = lines.remove(at: outLines[outLines.count / 2])
        XCTAssertThrowsError(try parse(lines.joined(separator: "\n"), tiles), "deleted '\(gone)'") { e in
            XCTAssertTrue("\(e)".contains("was never reported"), "\(e)")
        }
    }
}
