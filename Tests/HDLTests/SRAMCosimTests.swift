import SnapeaTesting
import XCTest
import HDL

/// Five SRAMs with independent inputs: both port kinds, with and without a write mask (per byte
/// and per bit), power-of-two and other depths, a signed word type, ports connected inside `when`.
final class SRAMBench: Module {
    // a: 1rw, 40 x sint16, no mask (out-of-range addresses 40...63).
    let aEn = Input(.bool), aWe = Input(.bool), aAddr = Input(.uint(6)), aData = Input(.sint(16))
    let aQ = Output(.sint(16))
    // b: 1rw, 32 x 32, mask per 8 bits, enable given inside a when.
    let bEn = Input(.bool), bWe = Input(.bool), bAddr = Input(.uint(5)), bData = Input(.uint(32)), bMask = Input(.uint(4))
    let bQ = Output(.uint(32))
    // c: 1r1w, 64 x 12, no mask, write inside a when.
    let cRen = Input(.bool), cRaddr = Input(.uint(6)), cWen = Input(.bool), cWaddr = Input(.uint(6)), cData = Input(.uint(12))
    let cQ = Output(.uint(12))
    // d: 1r1w, 48 x 32, mask per 8 bits.
    let dRen = Input(.bool), dRaddr = Input(.uint(6)), dWen = Input(.bool), dWaddr = Input(.uint(6)), dData = Input(.uint(32))
    let dMask = Input(.uint(4))
    let dQ = Output(.uint(32))
    // e: 1r1w, 20 x 8, mask per bit.
    let eRen = Input(.bool), eRaddr = Input(.uint(5)), eWen = Input(.bool), eWaddr = Input(.uint(5)), eData = Input(.uint(8))
    let eMask = Input(.uint(8))
    let eQ = Output(.uint(8))

    let ramA = SRAM(depth: 40, type: .sint(16), ports: .oneReadWrite)
    let ramB = SRAM(depth: 32, type: .uint(32), ports: .oneReadWrite, maskGranularity: 8)
    let ramC = SRAM(depth: 64, type: .uint(12), ports: .oneReadOneWrite)
    let ramD = SRAM(depth: 48, type: .uint(32), ports: .oneReadOneWrite, maskGranularity: 8)
    let ramE = SRAM(depth: 20, type: .uint(8), ports: .oneReadOneWrite, maskGranularity: 1)

    override init() {
        super.init()
        aQ.assign(ramA.port(address: aAddr, writeEnable: aWe, writeData: aData, enable: aEn))
        bQ.assign(0)
        when(bEn) { bQ.assign(ramB.port(address: bAddr, writeEnable: bWe, writeData: bData, mask: bMask)) }
        cQ.assign(ramC.read(cRaddr, enable: cRen))
        when(cWen) { ramC.write(cWaddr, cData) }
        dQ.assign(ramD.read(dRaddr, enable: dRen))
        ramD.write(dWaddr, dData, enable: dWen, mask: dMask)
        eQ.assign(ramE.read(eRaddr, enable: eRen))
        ramE.write(eWaddr, eData, enable: eWen, mask: eMask)
    }
}

/// A plain Swift model of one SRAM, written from the specification in docs/HDL.md (not from
/// the HDL code): registered read data, read-before-write, out-of-range reads 0 / writes ignored.
struct SRAMModel {
    let depth: Int
    let width: Int
    /// Bits per mask bit; 0 = no mask.
    let granularity: Int
    var words: [UInt64]
    /// The read-data register; nil until the first read (unknown in a 4-state simulator).
    var q: UInt64? = nil

    init(depth: Int, width: Int, granularity: Int = 0) {
        self.depth = depth
        self.width = width
        self.granularity = granularity
        words = Array(repeating: 0, count: depth)
    }

    func read(_ addr: Int) -> UInt64 { addr < depth ? words[addr] : 0 }

    mutating func write(_ addr: Int, _ data: UInt64, mask: UInt64) {
        guard addr < depth else { return }
        var bits: UInt64 = 0
        if granularity == 0 {
            bits = width == 64 ? ~0 : (1 << width) - 1
        } else {
            for lane in 0..<(width / granularity) where mask >> lane & 1 == 1 {
                bits |= ((1 << granularity) - 1) << (lane * granularity)
            }
        }
        words[addr] = (words[addr] & ~bits) | (data & bits)
    }

    /// One rising edge of a 1rw SRAM.
    mutating func cycle1RW(en: Bool, we: Bool, addr: Int, data: UInt64, mask: UInt64) {
        guard en else { return }
        if we { write(addr, data, mask: mask) } else { q = read(addr) }
    }

    /// One rising edge of a 1r1w SRAM: the read sees the contents before the write.
    mutating func cycle1R1W(ren: Bool, raddr: Int, wen: Bool, waddr: Int, data: UInt64, mask: UInt64) {
        let next = ren ? read(raddr) : q
        if wen { write(waddr, data, mask: mask) }
        q = next
    }

    /// The read data as the simulators print it, nil while unknown.
    var output: String? { q.map { BitVector(width: width, words: [$0]).hex } }
}

/// Random read/write sequences on `SRAMBench` in the IR simulator, Verilator and Icarus, each
/// compared cycle by cycle with `SRAMModel`.
final class SRAMCosimTests: XCTestCase {
    static let cycles = 3000

    /// Input vectors (in `top.inputs` order) and the expected outputs (in `top.outputs` order).
    struct Run {
        var design: Design
        var inputs: [[BitVector]]
        var expected: [[String?]]
    }

    static func makeRun() throws -> Run {
        let design = try Elaborator.elaborate(SRAMBench())
        let top = design.top
        let inputNames = top.inputs.map { top.nodes[Int($0)].name }
        let widths = Dictionary(uniqueKeysWithValues: top.inputs.map { (top.nodes[Int($0)].name, top.nodes[Int($0)].type.width) })
        var rng = SplitMix64(seed: 0x5EA_5EA)
        var a = SRAMModel(depth: 40, width: 16)
        var b = SRAMModel(depth: 32, width: 32, granularity: 8)
        var c = SRAMModel(depth: 64, width: 12)
        var d = SRAMModel(depth: 48, width: 32, granularity: 8)
        var e = SRAMModel(depth: 20, width: 8, granularity: 1)
        var inputs: [[BitVector]] = []
        var expected: [[String?]] = []

        func bits(_ w: Int) -> UInt64 { w == 64 ? rng.next() : rng.next() & ((1 << w) - 1) }
        /// Mostly a few hot addresses (collisions), else anything the address width allows.
        func address(_ depth: Int, _ aw: Int, hot: Int? = nil) -> Int {
            if let h = hot, rng.chance(0.3) { return h }
            if rng.chance(0.4) { return [0, 1, 2, depth - 1][rng.below(4)] }
            return rng.below(1 << aw)
        }
        let initCycles = 64
        for cycle in 0..<(initCycles + cycles) {
            // The first cycles write every word once (whole words), so that 4-state simulators
            // read defined data; then random traffic.
            let initial = cycle < initCycles
            var v: [String: UInt64] = [:]
            func flag(_ p: Double) -> UInt64 { rng.chance(p) ? 1 : 0 }

            v["aEn"] = initial ? 1 : flag(0.8); v["aWe"] = initial && cycle < 40 ? 1 : (initial ? 0 : flag(0.5))
            v["aAddr"] = initial ? UInt64(cycle % 64) : UInt64(address(40, 6)); v["aData"] = bits(16)

            v["bEn"] = initial ? 1 : flag(0.8); v["bWe"] = initial && cycle < 32 ? 1 : (initial ? 0 : flag(0.5))
            v["bAddr"] = UInt64(initial ? cycle % 32 : address(32, 5)); v["bData"] = bits(32); v["bMask"] = initial ? 0xF : bits(4)

            let cw = initial ? cycle : address(64, 6)
            v["cWen"] = initial ? 1 : flag(0.6); v["cWaddr"] = UInt64(cw); v["cData"] = bits(12)
            v["cRen"] = initial ? 0 : flag(0.7); v["cRaddr"] = UInt64(initial ? 0 : address(64, 6, hot: cw))

            let dw = initial ? cycle : address(48, 6)
            v["dWen"] = initial ? (cycle < 48 ? 1 : 0) : flag(0.6); v["dWaddr"] = UInt64(dw); v["dData"] = bits(32)
            v["dMask"] = initial ? 0xF : bits(4)
            v["dRen"] = initial ? 0 : flag(0.7); v["dRaddr"] = UInt64(initial ? 0 : address(48, 6, hot: dw))

            let ew = initial ? cycle % 32 : address(20, 5)
            v["eWen"] = initial ? (cycle < 20 ? 1 : 0) : flag(0.6); v["eWaddr"] = UInt64(ew); v["eData"] = bits(8)
            v["eMask"] = initial ? 0xFF : bits(8)
            v["eRen"] = initial ? 0 : flag(0.7); v["eRaddr"] = UInt64(initial ? 0 : address(20, 5, hot: ew))

            inputs.append(inputNames.map { BitVector(width: widths[$0]!, words: [v[$0]!]) })
            // Outputs before the edge; bQ is 0 unless bEn (the read data is only selected then).
            expected.append([a.output, v["bEn"] == 1 ? b.output : BitVector(width: 32).hex, c.output, d.output, e.output])
            a.cycle1RW(en: v["aEn"] == 1, we: v["aWe"] == 1, addr: Int(v["aAddr"]!), data: v["aData"]!, mask: 0)
            b.cycle1RW(en: v["bEn"] == 1, we: v["bWe"] == 1, addr: Int(v["bAddr"]!), data: v["bData"]!, mask: v["bMask"]!)
            c.cycle1R1W(ren: v["cRen"] == 1, raddr: Int(v["cRaddr"]!),
                        wen: v["cWen"] == 1, waddr: Int(v["cWaddr"]!), data: v["cData"]!, mask: 0)
            d.cycle1R1W(ren: v["dRen"] == 1, raddr: Int(v["dRaddr"]!), wen: v["dWen"] == 1, waddr: Int(v["dWaddr"]!),
                        data: v["dData"]!, mask: v["dMask"]!)
            e.cycle1R1W(ren: v["eRen"] == 1, raddr: Int(v["eRaddr"]!), wen: v["eWen"] == 1, waddr: Int(v["eWaddr"]!),
                        data: v["eData"]!, mask: v["eMask"]!)
        }
        XCTAssertEqual(top.outputs.map { top.nodes[Int($0)].name }, ["aQ", "bQ", "cQ", "dQ", "eQ"])
        return Run(design: design, inputs: inputs, expected: expected)
    }

    /// Fails on the first few cycles where `actual` differs from a known expected value.
    func compare(_ actual: [[String]], _ run: Run, _ simulator: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(actual.count, run.expected.count, "\(simulator): number of cycles", file: file, line: line)
        var failures = 0
        var compared = 0
        for (c, (got, want)) in zip(actual, run.expected).enumerated() {
            for (k, w) in want.enumerated() {
                guard let w else { continue }
                compared += 1
                let g = k < got.count ? got[k] : "<missing>"
                if g != w && failures < 5 {
                    failures += 1
                    XCTFail("\(simulator): cycle \(c), output \(["aQ", "bQ", "cQ", "dQ", "eQ"][k]): got \(g), model \(w)", file: file, line: line)
                }
            }
        }
        XCTAssertGreaterThan(compared, run.expected.count * 4, "\(simulator): most outputs are defined", file: file, line: line)
    }

    func testIRSimulatorMatchesModel() throws {
        let run = try Self.makeRun()
        compare(try VectorSimulation(design: run.design, inputs: run.inputs).runIR(), run, "IR simulator")
    }

    func testVerilatorMatchesModel() throws {
        try Gate.requireTool("verilator")
        let run = try Self.makeRun()
        compare(try VectorSimulation(design: run.design, inputs: run.inputs).runVerilator(), run, "Verilator")
    }

    func testIcarusMatchesModel() throws {
        try Gate.requireTool("iverilog")
        try Gate.requireTool("vvp")
        let run = try Self.makeRun()
        compare(try VectorSimulation(design: run.design, inputs: run.inputs).runIcarus(), run, "Icarus")
    }

    /// The model itself sees collisions, out-of-range accesses and masked writes in the stimulus.
    func testStimulusCoversCornerCases() throws {
        let run = try Self.makeRun()
        let top = run.design.top
        let index = Dictionary(uniqueKeysWithValues: top.inputs.enumerated().map { (top.nodes[Int($0.element)].name, $0.offset) })
        func value(_ v: [BitVector], _ name: String) -> Int { v[index[name]!].intValue(signed: false)! }
        let collisions = run.inputs.filter { value($0, "dRen") == 1 && value($0, "dWen") == 1 && value($0, "dRaddr") == value($0, "dWaddr") }
        let outOfRange = run.inputs.filter { value($0, "aEn") == 1 && value($0, "aAddr") >= 40 }
        let partial = run.inputs.filter { value($0, "eWen") == 1 && value($0, "eMask") != 0xFF }
        XCTAssertGreaterThan(collisions.count, 100)
        XCTAssertGreaterThan(outOfRange.count, 100)
        XCTAssertGreaterThan(partial.count, 1000)
    }
}
