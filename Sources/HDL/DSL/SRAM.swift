/// A synchronous SRAM: `depth` words with registered read data (read latency 1) and a `1rw` or
/// `1r1w` port set, optionally with a write mask. Create it with `SRAM(depth:type:ports:)` inside
/// a module and connect it with `port(...)` (1rw) or `read(...)`/`write(...)` (1r1w).
///
/// It is a submodule named after its shape only (`sram_1rw_1024x16`, `sram_1r1w_512x32_m8`), so
/// every instance of one shape shares one Verilog module, written as plain behavioural RTL that a
/// physical-design flow may replace by an SRAM macro (see `Design.memoryList`). Inside, it is a
/// `Mem` per write-mask lane, each with one `readSync` and one write port, so the IR simulator
/// runs the same semantics:
/// - `1rw`: with `enable`, a write (`writeEnable`) stores the word and leaves the read data
///   unchanged, otherwise the word at `address` is read; without `enable` nothing happens.
/// - `1r1w`: the read data updates only in cycles with read `enable`; a read and a write of the
///   same address in one cycle return the old word (read-before-write).
/// - Read data holds its value in every cycle without a read; contents are not reset (0 in the
///   IR simulator and Verilator, X in Icarus until written).
/// - Out-of-range addresses (`depth` not a power of two): reads return 0, writes are ignored.
/// - Write mask: bit `i` enables bits `i*g ..< (i+1)*g` of the word (`g` = granularity).
public final class SRAMMacro: Module {
    /// Port kind, depth, width and mask granularity.
    public let shape: SRAMShape
    /// The word type the parent reads and writes (the module itself stores plain bits).
    public let type: HWType

    // Ports (Verilog names = property names).
    // 1rw:  en, we, addr, wdata, [wmask] -> rdata
    // 1r1w: ren, raddr -> rdata; wen, waddr, wdata, [wmask]
    let en: Signal?
    let we: Signal?
    let addr: Signal?
    let ren: Signal?
    let raddr: Signal?
    let rdata: Signal
    let wen: Signal?
    let waddr: Signal?
    let wdata: Signal
    let wmask: Signal?
    /// One memory per write-mask lane (one for the whole word without a mask).
    let mem: [Memory]

    /// The SRAM module itself; use it with `instance(SRAMMacro(shape))` or through `SRAM(...)`.
    /// `type` (of `shape.width` bits) is the word type the connecting calls expect and return.
    public init(_ shape: SRAMShape, type: HWType? = nil) {
        let problem = shape.problem
        let s = problem == nil ? shape : SRAMShape(ports: shape.ports, depth: max(2, shape.depth), width: max(1, shape.width))
        self.shape = s
        self.type = type.flatMap { $0.width == s.width ? $0 : nil } ?? .uint(s.width)
        let word = HWType.uint(s.width)
        let aw = s.addrWidth
        let maskType = s.maskGranularity.map { HWType.uint(s.width / $0) }
        switch s.ports {
        case .oneReadWrite:
            (ren, raddr, wen, waddr) = (nil, nil, nil, nil)
            en = Input(.bool)
            we = Input(.bool)
            addr = Input(.uint(aw))
            wdata = Input(word)
            wmask = maskType.map { Input($0) }
            rdata = Output(word)
        case .oneReadOneWrite:
            (en, we, addr) = (nil, nil, nil)
            ren = Input(.bool)
            raddr = Input(.uint(aw))
            rdata = Output(word)
            wen = Input(.bool)
            waddr = Input(.uint(aw))
            wdata = Input(word)
            wmask = maskType.map { Input($0) }
        }
        let laneWidth = s.maskGranularity ?? s.width
        mem = (0..<s.width / laneWidth).map { _ in Mem(depth: s.depth, type: .uint(laneWidth)) }
        super.init()
        builder.sram = s
        if let p = problem { builder.context.error(builder.instanceLoc, p) }
        if let t = type, t.width != s.width {
            builder.context.error(builder.instanceLoc, "SRAM word type \(t) does not have the SRAM's width \(s.width)")
        }

        let readAddr = addr ?? raddr!
        let writeAddr = addr ?? waddr!
        let readEnable = ren ?? (en! && !we!)
        let writeEnable = wen ?? (en! && we!)
        // Lane i holds data bits [i*g +: g] and is written when its mask bit is set, so every lane
        // is a plain 1R1W memory (no read-modify-write) and the inventory sees the real port count.
        let reads = mem.map { $0.readSync(readAddr, enable: readEnable) }
        rdata.assign(reads.count == 1 ? reads[0] : cat(reads.reversed()))
        for (i, lane) in mem.enumerated() {
            let data = mem.count == 1 ? wdata : wdata[(i + 1) * laneWidth - 1, i * laneWidth]
            lane.write(writeAddr, data, enable: wmask.map { writeEnable && $0[i] } ?? writeEnable)
        }
    }

    public override var moduleName: String { shape.moduleName }

    /// Connects the `1rw` port and returns the read data (of the SRAM's word type), valid after
    /// the rising edge that follows a read. `enable` (default 1) is the chip enable; a cycle with
    /// `enable` and `writeEnable` writes `writeData` (lanes selected by `mask`, default all),
    /// one with `enable` only reads `address`. Inside `when`, the port is enabled only on that path.
    /// Call once per SRAM.
    public func port(address: Signal, writeEnable: Signal, writeData: Signal, enable: Signal? = nil,
                     mask: Signal? = nil, file: StaticString = #fileID, line: UInt = #line) -> Signal {
        let c = SRAMConnection(self, "port(address:writeEnable:writeData:)", .oneReadWrite, file, line)
        guard c.valid, let en, let we, let addr else { return c.zeroWord }
        c.drive(en, c.gated(enable, "enable"))
        c.drive(we, c.bool(writeEnable, "write enable"))
        c.drive(addr, c.address(address))
        c.drive(wdata, c.data(writeData))
        c.driveMask(wmask, mask)
        return c.readData(rdata)
    }

    /// Connects the `1r1w` read port and returns the read data (of the SRAM's word type): the word
    /// at `address` after the rising edge of a cycle with `enable` (default 1), held otherwise.
    /// Inside `when`, the read is enabled only on that path. Call once per SRAM.
    public func read(_ address: Signal, enable: Signal? = nil, file: StaticString = #fileID, line: UInt = #line) -> Signal {
        let c = SRAMConnection(self, "read(_:enable:)", .oneReadOneWrite, file, line)
        guard c.valid, let ren, let raddr else { return c.zeroWord }
        c.drive(ren, c.gated(enable, "read enable"))
        c.drive(raddr, c.address(address))
        return c.readData(rdata)
    }

    /// Connects the `1r1w` write port: at the rising edge of a cycle with `enable` (default 1),
    /// `data` is stored at `address` (lanes selected by `mask`, default all). Inside `when`, the
    /// write happens only on that path. Call once per SRAM.
    public func write(_ address: Signal, _ data: Signal, enable: Signal? = nil, mask: Signal? = nil,
                      file: StaticString = #fileID, line: UInt = #line) {
        let c = SRAMConnection(self, "write(_:_:enable:mask:)", .oneReadOneWrite, file, line)
        guard c.valid, let wen, let waddr else { return }
        c.drive(wen, c.gated(enable, "write enable"))
        c.drive(waddr, c.address(address))
        c.drive(wdata, c.data(data))
        c.driveMask(wmask, mask)
    }
}

/// Declares a synchronous SRAM of `depth` words of `type` in the module under construction (a
/// submodule instance named after the property it is stored in, or `name`), e.g.
/// `let buf = SRAM(depth: 1024, type: .sint(16), ports: .oneReadWrite)`.
/// `maskGranularity`: bits per write-mask bit (must divide the width); nil = no write mask.
public func SRAM(depth: Int, type: HWType, ports: SRAMPortKind, maskGranularity: Int? = nil, name: String? = nil,
                 file: StaticString = #fileID, line: UInt = #line) -> SRAMMacro {
    let shape = SRAMShape(ports: ports, depth: depth, width: type.width, maskGranularity: maskGranularity)
    return instance(SRAMMacro(shape, type: type), name: name, file: file, line: line)
}
