/// A memory (`depth` words of `type`), emitted as a Verilog array. Any number of
/// combinational read ports (`read`), synchronous read ports (`readSync`) and synchronous write
/// ports (`write`). Writes happen at the rising clock edge; on the same address a later write
/// port wins; reads see the contents before the edge (read-before-write). Addresses are
/// `UInt<addrWidth>` with `addrWidth = ceil(log2(depth))`; out-of-range reads return 0 and
/// out-of-range writes are ignored. Contents are not reset.
public final class Memory {
    let builder: ModuleBuilder
    let index: Int
    /// Number of words.
    public let depth: Int
    /// Word type.
    public let type: HWType
    /// Address width in bits.
    public let addrWidth: Int

    init(builder: ModuleBuilder, index: Int, depth: Int, type: HWType, addrWidth: Int) {
        self.builder = builder
        self.index = index
        self.depth = depth
        self.type = type
        self.addrWidth = addrWidth
    }

    /// Address width for a memory of `depth` words.
    public static func addressWidth(depth: Int) -> Int {
        var w = 1
        while (1 << w) < depth { w += 1 }
        return w
    }

    private func check(_ addr: Signal, _ loc: SourceLocation) -> Int32? {
        let b = BuilderStack.current
        b.stamp(loc)
        guard b === builder else {
            b.context.error(loc, "memory '\(builder.memories[index].name)' used outside its module")
            return nil
        }
        let a = b.resolve(addr, at: loc)
        let t = b.nodes[Int(a)].type
        if t != .uint(addrWidth) {
            b.context.error(loc, "memory address must be \(HWType.uint(addrWidth)) for depth \(depth), got \(t)")
            return nil
        }
        return a
    }

    /// A combinational read port: the word at `addr` in the same cycle.
    public func read(_ addr: Signal, file: StaticString = #fileID, line: UInt = #line) -> Signal {
        let loc = SourceLocation(fileID: file, line: line)
        let b = builder
        guard let a = check(addr, loc) else { return Signal(b, b.literal(BitVector(width: type.width), signed: type.isSigned, loc: loc)) }
        let id = b.add(.memRead, type, a: a, imm: index, loc: loc)
        b.memories[index].readPorts.append(id)
        return Signal(b, id)
    }

    /// A synchronous read port: the word at `addr` appears after the next rising edge
    /// (updates only when `enable` is 1, if given).
    public func readSync(_ addr: Signal, enable: Signal? = nil, file: StaticString = #fileID, line: UInt = #line) -> Signal {
        let loc = SourceLocation(fileID: file, line: line)
        let b = builder
        guard let a = check(addr, loc) else { return Signal(b, b.literal(BitVector(width: type.width), signed: type.isSigned, loc: loc)) }
        var en: Int32 = -1
        if let e = enable {
            en = b.resolve(e, at: loc)
            if b.nodes[Int(en)].type != .bool {
                b.context.error(loc, "read enable must be UInt<1>")
                en = -1
            }
        }
        let id = b.add(.memReadSync, type, a: a, b: en, imm: index, loc: loc)
        b.memories[index].readPorts.append(id)
        return Signal(b, id)
    }

    /// A write port: at the rising edge, when `enable` (if given) and the enclosing `when`
    /// conditions hold, `data` is stored at `addr`.
    public func write(_ addr: Signal, _ data: Signal, enable: Signal? = nil,
                      file: StaticString = #fileID, line: UInt = #line) {
        let loc = SourceLocation(fileID: file, line: line)
        let b = builder
        guard let a = check(addr, loc) else { return }
        let d = b.resolve(data, at: loc)
        if b.nodes[Int(d)].type != type {
            b.context.error(loc, "memory write data must be \(type), got \(b.nodes[Int(d)].type)")
            return
        }
        var en = b.pathCondition(loc)
        if let e = enable {
            let ei = b.resolve(e, at: loc)
            if b.nodes[Int(ei)].type != .bool {
                b.context.error(loc, "write enable must be UInt<1>")
                return
            }
            en = en.map { b.add(.and, .bool, a: $0, b: ei, loc: loc) } ?? ei
        }
        let enable = en ?? b.literal(BitVector(width: 1, value: 1), signed: false, loc: loc)
        b.memories[index].writePorts.append(IRMemory.WritePort(addr: a, data: d, enable: enable, location: loc))
    }
}

/// Declares a memory of `depth` words of `type` (depth at least 2).
public func Mem(depth: Int, type: HWType, name: String? = nil, file: StaticString = #fileID, line: UInt = #line) -> Memory {
    let b = BuilderStack.current
    let loc = SourceLocation(fileID: file, line: line)
    b.stamp(loc)
    if depth < 2 { b.context.error(loc, "memory depth must be at least 2, got \(depth)") }
    let d = max(2, depth)
    let aw = Memory.addressWidth(depth: d)
    b.memories.append(BMemory(depth: d, type: type, addrWidth: aw, loc: loc))
    if let n = name {
        b.memories[b.memories.count - 1].name = sanitizeIdentifier(n)
        b.memories[b.memories.count - 1].priority = .explicit
    }
    return Memory(builder: b, index: b.memories.count - 1, depth: d, type: type, addrWidth: aw)
}
