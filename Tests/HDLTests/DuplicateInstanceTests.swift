import XCTest
import HDL

/// A leaf with a register, a `when` chain, a memory and a multiply.
private final class Cell: Module {
    let width: Int
    let x: Signal
    let en = Input(.bool)
    let y: Signal
    let acc: Signal
    let mem: Memory

    init(width: Int) {
        self.width = width
        x = Input(.sint(width))
        y = Output(.sint(2 * width))
        acc = Reg(.sint(2 * width), reset: 0)
        mem = Mem(depth: 4, type: .sint(width))
        super.init()
        let addr = x.asUInt.trunc(to: 2)
        when(en) {
            acc.assign(acc + x * mem.read(addr))
            mem.write(addr, x)
        }.elsewhen(x.orR()) {
            acc.assign(acc - x.sext(to: 2 * width))
        }
        y.assign(acc)
    }

    override var parameters: KeyValuePairs<String, Any> { ["W": width] }
}

/// Two cells in a chain; the child instance names come from `names`.
private final class Pair: Module {
    let x = Input(.sint(8))
    let en = Input(.bool)
    let y = Output(.sint(16))
    let first: Cell
    let second: Cell

    init(names: (String, String) = ("first", "second")) {
        first = instance(Cell(width: 8), name: names.0)
        second = instance(Cell(width: 8), name: names.1)
        super.init()
        first.x.assign(x)
        first.en.assign(en)
        second.x.assign(first.y.trunc(to: 8))
        second.en.assign(!en)
        y.assign(second.y)
    }
}

/// Three identical pairs and one whose child instances are named differently.
private final class Quad: Module {
    let x = Input(.sint(8))
    let en = Input(.bool)
    let pairs: [Pair]
    let renamed: Pair
    let ys: [Signal]

    override init() {
        pairs = (0..<3).map { _ in instance(Pair()) }
        renamed = instance(Pair(names: ("left", "right")))
        ys = (0..<4).map { _ in Output(.sint(16)) }
        super.init()
        for (k, p) in (pairs + [renamed]).enumerated() {
            p.x.assign(x)
            p.en.assign(en)
            ys[k].assign(p.y)
        }
    }
}

/// A child with an undriven output (an error) or an unused input (a warning).
private final class Faulty: Module {
    let i = Input(.uint(4))
    let o = Output(.uint(4))
    init(drive: Bool) {
        super.init()
        if drive { o.assign(lit(1, .uint(4))) }
    }
}

private final class FaultyArray: Module {
    let cells: [Faulty]
    let o = Output(.uint(4))
    init(drive: Bool) {
        cells = (0..<3).map { _ in instance(Faulty(drive: drive)) }
        super.init()
        for c in cells { c.i.assign(lit(2, .uint(4))) }
        o.assign(cells[0].o ^ cells[1].o ^ cells[2].o)
    }
}

/// Identical instances are lowered and checked once: their definitions must equal those of the
/// same module elaborated as the top (always processed in full), and only structurally equal
/// instances may share a definition.
final class DuplicateInstanceTests: XCTestCase {
    func testDuplicatesShareTheFullyProcessedDefinition() throws {
        let quad = try Elaborator.elaborate(Quad())
        let pair = try Elaborator.elaborate(Pair())
        let files = quad.verilogFiles
        // Pair as the top: Cell_W8 and Pair processed in full.
        XCTAssertEqual(pair.modules.map(\.name), ["Cell_W8", "Pair"])
        for (name, text) in pair.verilogFiles where name.hasSuffix(".v") {
            XCTAssertEqual(files[name], text, name)
        }
        // The renamed pair has the same class and no parameters but other instance names.
        let pairs = quad.modules.map(\.name).filter { $0.hasPrefix("Pair") }
        XCTAssertEqual(pairs.count, 2, "\(quad.modules.map(\.name))")
        let renamed = try XCTUnwrap(quad.modules.first { $0.name.hasPrefix("Pair_") })
        XCTAssertEqual(renamed.instances.map(\.name), ["left", "right"])
        XCTAssertEqual(quad.modules.filter { $0.name == "Cell_W8" }.count, 1)
        XCTAssertEqual(quad.instanceCounts()["Cell_W8"], 8)
        XCTAssertEqual(quad.instanceCounts()["Pair"], 3)
        XCTAssertEqual(quad.warnings, [])
    }

    /// All four pairs compute the same function of (x, en): every output of the IR simulator is
    /// defined and equal to a standalone `Pair` (elaborated as the top) driven alike.
    func testDuplicatesSimulateAlike() throws {
        let sim = try Simulator(try Elaborator.elaborate(Quad()))
        let alone = try Simulator(try Elaborator.elaborate(Pair()))
        sim.reset()
        alone.reset()
        var rng = SplitMix64(seed: 9)
        var nonZero = 0
        for _ in 0..<50 {
            let x = rng.below(256) - 128, en = rng.below(2)
            try sim.set("x", x)
            try sim.set("en", en)
            try alone.set("x", x)
            try alone.set("en", en)
            let reference = try XCTUnwrap(try alone.getInt("y"), "standalone Pair output defined")
            let ys = try (0..<4).map { try sim.getInt("ys_\($0)") }
            XCTAssertEqual(ys, [Int?](repeating: reference, count: 4))
            if reference != 0 { nonZero += 1 }
            sim.step()
            alone.step()
        }
        XCTAssertGreaterThan(nonZero, 25, "the outputs move (the comparison is not all zeros)")
    }

    func testErrorInDuplicatedChildIsReported() {
        XCTAssertThrowsError(try Elaborator.elaborate(FaultyArray(drive: false))) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("output 'o' is never assigned"), text)
        }
    }

    func testWarningInDuplicatedChildIsReportedOnce() throws {
        let d = try Elaborator.elaborate(FaultyArray(drive: true))
        XCTAssertEqual(d.warnings.count, 1, "\(d.warnings)")
        XCTAssertTrue(d.warnings.first?.message.contains("'i'") ?? false, "\(d.warnings)")
        XCTAssertEqual(d.instanceCounts()["Faulty"], 3)
    }
}
