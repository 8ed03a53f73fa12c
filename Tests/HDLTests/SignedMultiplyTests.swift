import Foundation
import SnapeaTesting
import XCTest
import HDL

/// Multiplies of mixed widths and signedness: signed, with a 1-bit operand, a literal, a square,
/// a wide (70 × 40 bit) product, and an unsigned one.
final class MultiplyMix: Module {
    let a = Input(.sint(8))
    let b = Input(.sint(12))
    let c = Input(.sint(1))
    let d = Input(.sint(70))
    let e = Input(.sint(40))
    let ua = Input(.uint(5))
    let ub = Input(.uint(9))
    let pAB = Output(.sint(20))
    let pAC = Output(.sint(9))
    let pAA = Output(.sint(16))
    let pLit = Output(.sint(12))
    let pDE = Output(.sint(110))
    let pU = Output(.uint(14))

    override init() {
        super.init()
        pAB.assign(a * b)
        pAC.assign(a * c)
        pAA.assign(a * a)
        pLit.assign(a * lit(-3, .sint(4)))
        pDE.assign(d * e)
        pU.assign(ua * ub)
    }
}

/// Signed multiplies are emitted as `$signed(a) * $signed(b)` in a product-width context (a
/// signed Wa×Wb multiplier for synthesis, not an unsigned one of the product width), stay
/// lint-clean, and compute the exact product under Icarus, the IR simulator and a reference.
final class SignedMultiplyTests: XCTestCase {
    /// The IR port names of the operands and products.
    static let inputs: [(name: String, width: Int, signed: Bool)] = [
        ("a", 8, true), ("b", 12, true), ("c", 1, true), ("d", 70, true), ("e", 40, true), ("ua", 5, false), ("ub", 9, false),
    ]
    static let outputs: [(name: String, width: Int)] = [("pAB", 20), ("pAC", 9), ("pAA", 16), ("pLit", 12), ("pDE", 110), ("pU", 14)]

    func testSignedMultiplyIsEmittedWithSignedOperands() throws {
        let d = try Elaborator.elaborate(MultiplyMix())
        let text = try XCTUnwrap(d.verilog.last)
        let muls = text.split(separator: "\n").filter { $0.contains(" * ") }
        XCTAssertEqual(muls.count, 6, text)
        for m in muls where !m.contains("ua") {
            XCTAssertTrue(m.contains("$signed("), "signed multiply without $signed: \(m)")
            XCTAssertFalse(m.contains("{{"), "explicitly sign-extended operand: \(m)")
        }
        XCTAssertTrue(muls.contains { $0.contains("= $signed(a) * $signed(b);") }, text)
        XCTAssertTrue(muls.contains { $0.contains("= $signed(a) * $signed(4'shd);") }, "literal -3 as a 4-bit signed operand\n\(text)")
        XCTAssertTrue(muls.contains { $0.contains("= {9'h0, ua} * {5'h0, ub};") }, text)
    }

    func testVerilatorIcarusYosysAccept() throws {
        try Gate.requireTool("verilator")
        try Gate.requireTool("iverilog")
        try Gate.requireTool("yosys")
        let d = try Elaborator.elaborate(MultiplyMix())
        XCTAssertEqual(try Lint.verilator(d), "")
        XCTAssertEqual(try Lint.icarus(d), "")
        XCTAssertEqual(try Lint.yosys(d), "")
        XCTAssertEqual(d.warnings, [])
    }

    /// Yosys sees a signed 8 × 8 → 16 `$mul` in the MAC example's multiplier (the explicitly
    /// sign-extended form gave an unsigned 16 × 16 one, about 1.2× the area after mapping).
    func testYosysSeesSignedNarrowMultiplier() throws {
        try Gate.requireTool("yosys")
        let d = try Elaborator.elaborate(Multiplier(width: 8))
        let yosys = try ExternalTool.require("yosys")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("snapea-mul-\(ProcessInfo.processInfo.processIdentifier)-\(UInt64.random(in: 0...UInt64.max))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let top = d.top.name
        try Data(try XCTUnwrap(d.verilog.last).utf8).write(to: dir.appendingPathComponent("\(top).v"))
        let r = try yosys.run(["-q", "-p", "read_verilog -sv \(top).v; hierarchy -top \(top); proc; opt; wreduce; opt_clean; tee -q -o mul.txt dump t:$mul"], in: dir)
        XCTAssertEqual(r.status, 0, r.stderr)
        let dump = try String(contentsOf: dir.appendingPathComponent("mul.txt"), encoding: .utf8)
        let params = Dictionary(dump.split(separator: "\n").compactMap { line -> (String, String)? in
            let f = line.split(separator: " ")
            return f.count == 3 && f[0] == "parameter" ? (String(f[1]), String(f[2])) : nil
        }, uniquingKeysWith: { a, _ in a })
        XCTAssertEqual(dump.components(separatedBy: "cell $mul ").count - 1, 1, dump)
        XCTAssertEqual(params["\\A_SIGNED"], "1", dump)
        XCTAssertEqual(params["\\B_SIGNED"], "1", dump)
        XCTAssertEqual(params["\\A_WIDTH"], "8", dump)
        XCTAssertEqual(params["\\B_WIDTH"], "8", dump)
        XCTAssertEqual(params["\\Y_WIDTH"], "16", dump)
    }

    /// Two's-complement bits of `v` in `width` bits (`width` ≤ 127).
    static func bits(_ v: Int128, _ width: Int) -> BitVector {
        let u = UInt128(truncatingIfNeeded: v)
        return BitVector(width: width, words: [UInt64(truncatingIfNeeded: u), UInt64(truncatingIfNeeded: u >> 64)])
    }

    /// A random value of the port's type (extremes included).
    static func random(_ width: Int, signed: Bool, _ rng: inout SplitMix64) -> Int128 {
        let lo: Int128 = signed ? -(Int128(1) << (width - 1)) : 0
        let hi: Int128 = signed ? (Int128(1) << (width - 1)) - 1 : (Int128(1) << width) - 1
        switch rng.below(6) {
        case 0: return lo
        case 1: return hi
        case 2: return signed ? -1 : 0
        default:
            let raw = (Int128(rng.next()) << 64 | Int128(rng.next())) & ((Int128(1) << width) - 1)
            return signed && raw > hi ? raw - (Int128(1) << width) : raw
        }
    }

    func testIcarusIRSimulatorAndReferenceAgree() throws {
        try Gate.requireTool("iverilog")
        try Gate.requireTool("vvp")
        let d = try Elaborator.elaborate(MultiplyMix())
        let top = d.top.name
        var rng = SplitMix64(seed: 42)
        let vectors = (0..<200).map { _ in Self.inputs.map { Self.random($0.width, signed: $0.signed, &rng) } }

        // Reference: exact products in Int128, truncated to the output width (here always exact).
        let expected: [[String]] = vectors.map { v in
            let (a, b, c, dd, e, ua, ub) = (v[0], v[1], v[2], v[3], v[4], v[5], v[6])
            let products = [a * b, a * c, a * a, a * -3, dd * e, ua * ub]
            return zip(products, Self.outputs).map { Self.bits($0, $1.width).hex }
        }

        // IR simulator.
        let sim = try Simulator(d)
        for (v, exp) in zip(vectors, expected) {
            for (x, port) in zip(v, Self.inputs) { try sim.set(port.name, Self.bits(x, port.width)) }
            let got = try Self.outputs.map { try sim.get($0.name).hex }
            XCTAssertEqual(got, exp, "IR simulator, inputs \(v)")
        }

        // Icarus.
        var tb = "`timescale 1ns/1ns\nmodule tb;\n"
        for p in Self.inputs { tb += "  reg [\(p.width - 1):0] \(p.name) = 0;\n" }
        for p in Self.outputs { tb += "  wire [\(p.width - 1):0] \(p.name);\n" }
        let conns = (Self.inputs.map(\.name) + Self.outputs.map(\.name)).map { ".\($0)(\($0))" }.joined(separator: ", ")
        tb += "  \(top) dut(\(conns));\n  initial begin\n"
        for v in vectors {
            let sets = zip(v, Self.inputs).map { x, p in "\(p.name) = \(p.width)'h\(Self.bits(x, p.width).hex);" }.joined(separator: " ")
            let fmt = Self.outputs.map { _ in "%h" }.joined(separator: " ")
            tb += "    \(sets) #1 $display(\"\(fmt)\", \(Self.outputs.map(\.name).joined(separator: ", ")));\n"
        }
        tb += "    $finish;\n  end\nendmodule\n"
        var files = d.verilogFiles
        files["tb.v"] = tb
        let out = try IcarusRunner(verilog: files, top: "tb").run()
        let lines = out.split(separator: "\n").filter { !$0.contains("$finish") && !$0.isEmpty }
        XCTAssertEqual(lines.count, vectors.count, out)
        for (line, exp) in zip(lines, expected) {
            // %h prints leading zeros to the full width; compare numerically via BitVector.
            let got = zip(line.split(separator: " "), Self.outputs).map { BitVector(width: $1.width, hex: $0)?.hex ?? "?" }
            XCTAssertEqual(got, exp, "Icarus")
        }
    }
}
