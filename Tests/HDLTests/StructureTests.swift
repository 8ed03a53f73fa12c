import XCTest
import HDL

private final class Leaf: Module {
    let width: Int
    let i: Signal
    let o: Signal
    init(width: Int) {
        self.width = width
        i = Input(.uint(width))
        o = Output(.uint(width))
        super.init()
        o.assign(~i)
    }
    override var parameters: KeyValuePairs<String, Any> { ["W": width] }
}

private final class Unparametrised: Module {
    let i: Signal
    let o: Signal
    init(invert: Bool) {
        i = Input(.uint(4))
        o = Output(.uint(4))
        super.init()
        o.assign(invert ? ~i : i)
    }
}

private final class Tree: Module {
    let a = Input(.uint(8))
    let b = Input(.uint(4))
    let leaves: [Leaf]
    let other: Leaf
    let plain: [Unparametrised]
    let ys: [Signal]
    let z = Output(.uint(4))
    let wire: Signal
    let reg: Signal
    override init() {
        leaves = (0..<3).map { _ in instance(Leaf(width: 8)) }
        other = instance(Leaf(width: 4))
        plain = [instance(Unparametrised(invert: true)), instance(Unparametrised(invert: false)), instance(Unparametrised(invert: true))]
        ys = (0..<3).map { _ in Output(.uint(8)) }
        wire = Wire(.uint(4), name: "input")   // a Verilog keyword: must be renamed
        reg = Reg(.uint(4), reset: 0)
        super.init()
        for (k, l) in leaves.enumerated() {
            l.i.assign(a)
            ys[k].assign(l.o)
        }
        other.i.assign(b)
        var acc = other.o
        for p in plain {
            p.i.assign(acc)
            acc = p.o
        }
        wire.assign(acc)
        reg.assign(wire)
        z.assign(reg)
    }
}

/// Hierarchy, parametric deduplication, names and the inventory.
final class StructureTests: XCTestCase {
    func testParametricModulesAreDeduplicated() throws {
        let d = try Elaborator.elaborate(Tree())
        let names = d.modules.map(\.name)
        XCTAssertEqual(names.filter { $0 == "Leaf_W8" }.count, 1)
        XCTAssertTrue(names.contains("Leaf_W4"))
        // Same class, no parameters, two structures: two distinct deterministic names.
        let plain = names.filter { $0.hasPrefix("Unparametrised") }
        XCTAssertEqual(plain.count, 2)
        XCTAssertTrue(plain.contains("Unparametrised"))
        XCTAssertEqual(d.modules.count, 5)
        XCTAssertEqual(d.instanceCounts()["Leaf_W8"], 3)
        XCTAssertEqual(try Elaborator.elaborate(Tree()).verilogFiles, d.verilogFiles)
    }

    func testNamesComeFromSwiftProperties() throws {
        let d = try Elaborator.elaborate(Tree())
        let text = d.verilog[d.modules.count - 1]
        for inst in ["Leaf_W8 leaves_0 (", "Leaf_W8 leaves_2 (", "Leaf_W4 other (", "plain_1 ("] {
            XCTAssertTrue(text.contains(inst), "missing \(inst)")
        }
        XCTAssertTrue(text.contains("output wire [7:0] ys_1"))
        // a reserved word gets the first free suffix `_1` (Naming.claim), like `input` below
        XCTAssertTrue(text.contains("reg  [3:0] reg_1;"), "keyword 'reg' renamed to reg_1")
        XCTAssertFalse(text.contains("[3:0] reg;"), "no register named 'reg'")
        XCTAssertTrue(text.contains("wire [3:0] input_1;"), "keyword 'input' gets a suffix")
        XCTAssertTrue(text.contains("leaves_0_o"), "instance port wires named instance_port")
    }

    func testInventoryCountsHardware() throws {
        let d = try Elaborator.elaborate(MAC(width: 8, accWidth: 20))
        let inv = d.inventory()
        let mul = try XCTUnwrap(inv.first { $0.module == "Multiplier_W8" })
        XCTAssertEqual(mul.operators.filter { $0.key.op == .mul }.map(\.key),
                       [ModuleInventory.OperatorKind(op: .mul, width: 16, widthA: 8, widthB: 8, isSigned: true)])
        let mac = try XCTUnwrap(inv.first { $0.module == "MAC_W8_A20" })
        XCTAssertEqual(mac.registers, 1)
        XCTAssertEqual(mac.registerBits, 20)
        XCTAssertEqual(mac.instances.map { $0.0 }, ["mul"])
        XCTAssertEqual(mac.operators.filter { $0.key.op == .add }.map(\.key.width), [20])
        let fifo = try Elaborator.elaborate(FIFO(depth: 8, type: .uint(16))).inventory()[0]
        XCTAssertEqual(fifo.memories, [ModuleInventory.MemoryInfo(name: "storage", depth: 8, width: 16, combinationalReadPorts: 1,
                                                                   synchronousReadPorts: 0, writePorts: 1)])
    }

    func testDesignWriteIsAtomicAndComplete() throws {
        let d = try Elaborator.elaborate(MAC(width: 8, accWidth: 20))
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hdl-write-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        try d.write(to: dir)
        try d.write(to: dir)   // replacing an existing folder
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        XCTAssertEqual(files, ["MAC_W8_A20.f", "MAC_W8_A20.v", "Multiplier_W8.v"])
        XCTAssertEqual(try String(contentsOf: dir.appendingPathComponent("MAC_W8_A20.v"), encoding: .utf8), d.verilogFiles["MAC_W8_A20.v"])
    }
}

/// Multiple read and write ports on one memory, checked against a plain array model.
private final class MultiPort: Module {
    let wa0 = Input(.uint(3)), wa1 = Input(.uint(3))
    let wd0 = Input(.sint(20)), wd1 = Input(.sint(20))
    let we0 = Input(.bool), we1 = Input(.bool)
    let ra: [Signal]
    let rd: [Signal]
    let rs = Output(.sint(20))
    let mem = Mem(depth: 8, type: .sint(20))
    override init() {
        ra = (0..<3).map { _ in Input(.uint(3)) }
        rd = (0..<3).map { _ in Output(.sint(20)) }
        super.init()
        when(we0) { mem.write(wa0, wd0) }
        mem.write(wa1, wd1, enable: we1)
        for k in 0..<3 { rd[k].assign(mem.read(ra[k])) }
        rs.assign(mem.readSync(ra[0]))
    }
}

final class MemoryTests: XCTestCase {
    func testMultiPortMemoryMatchesArrayModel() throws {
        let sim = try Simulator(try Elaborator.elaborate(MultiPort()))
        var model = [Int](repeating: 0, count: 8)
        var syncOut = 0
        var rng = SplitMix(seed: 11)
        for _ in 0..<400 {
            let wa0 = Int(rng.next() % 8), wa1 = Int(rng.next() % 8)
            let wd0 = Int(rng.next() % (1 << 20)) - (1 << 19), wd1 = Int(rng.next() % (1 << 20)) - (1 << 19)
            let we0 = Int(rng.next() & 1), we1 = Int(rng.next() & 1)
            let ra = (0..<3).map { _ in Int(rng.next() % 8) }
            for (n, v) in [("wa0", wa0), ("wa1", wa1), ("wd0", wd0), ("wd1", wd1), ("we0", we0), ("we1", we1)] { try sim.set(n, v) }
            for k in 0..<3 { try sim.set("ra_\(k)", ra[k]) }
            for k in 0..<3 { XCTAssertEqual(try sim.getInt("rd_\(k)"), model[ra[k]]) }
            XCTAssertEqual(try sim.getInt("rs"), syncOut)
            sim.step()
            syncOut = model[ra[0]]          // read-before-write
            if we0 == 1 { model[wa0] = wd0 }
            if we1 == 1 { model[wa1] = wd1 } // the later port wins
        }
    }
}

private final class AsyncChild: Module {
    let i = Input(.uint(2))
    let o = Output(.uint(2))
    let r = Reg(.uint(2), reset: 1)
    override var resetKind: ResetKind? { .async }
    override init() {
        super.init()
        r.assign(i)
        o.assign(r)
    }
}

private final class MixedReset: Module {
    let i = Input(.uint(2))
    let o = Output(.uint(2))
    let r = Reg(.uint(2), reset: 0)
    let c: AsyncChild
    override init() {
        c = instance(AsyncChild())
        super.init()
        c.i.assign(i)
        r.assign(c.o)
        o.assign(r)
    }
}

final class ResetKindTests: XCTestCase {
    func testMixedResetKindsWarn() throws {
        let d = try Elaborator.elaborate(MixedReset())
        XCTAssertTrue(d.warnings.contains { $0.message.contains("SYNCASYNCNET") }, "\(d.warnings)")
        let child = try XCTUnwrap(d.verilogFiles["AsyncChild.v"])
        XCTAssertTrue(child.contains("always @(posedge clk or posedge reset)"))
        XCTAssertTrue(try XCTUnwrap(d.verilogFiles["MixedReset.v"]).contains("always @(posedge clk) begin"))
        XCTAssertEqual(try Elaborator.elaborate(MAC(width: 4, accWidth: 10)).warnings, [])
    }
}
