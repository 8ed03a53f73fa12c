/// One `port`/`read`/`write` call on an `SRAMMacro`, made in the module that declared the SRAM:
/// checks the operand types, gates the enable with the enclosing `when` path and drives the
/// SRAM's inputs unconditionally (so the call may sit inside a `when`), every node located at
/// the caller's line.
struct SRAMConnection {
    let sram: SRAMMacro
    let b: ModuleBuilder
    let loc: SourceLocation
    let file: StaticString
    let line: UInt
    /// False when the call is made in the wrong module or on the wrong port kind (reported).
    let valid: Bool

    init(_ sram: SRAMMacro, _ call: String, _ kind: SRAMPortKind, _ file: StaticString, _ line: UInt) {
        self.sram = sram
        b = BuilderStack.current
        loc = SourceLocation(fileID: file, line: line)
        self.file = file
        self.line = line
        b.stamp(loc)
        if sram.builder.parent !== b {
            b.context.error(loc, "SRAM \(sram.shape.moduleName) can only be connected in the module that declares it")
            valid = false
        } else if sram.shape.ports != kind {
            let use = sram.shape.ports == .oneReadWrite ? "port(address:writeEnable:writeData:)" : "read(_:enable:) and write(_:_:enable:mask:)"
            b.context.error(loc, "\(call) needs a \(kind.rawValue) SRAM; \(sram.shape.moduleName) is \(sram.shape.ports.rawValue): use \(use)")
            valid = false
        } else {
            valid = true
        }
    }

    /// A zero word of the SRAM's type (the result of a rejected call).
    var zeroWord: Signal {
        Signal(b, b.literal(BitVector(width: sram.type.width), signed: sram.type.isSigned, loc: loc))
    }

    private func reject(_ message: String, _ type: HWType) -> Signal {
        b.context.error(loc, message)
        return Signal(b, b.literal(BitVector(width: type.width), signed: type.isSigned, loc: loc))
    }

    /// `s` if it is a `UInt<1>`.
    func bool(_ s: Signal, _ what: String) -> Signal {
        s.type == .bool ? s : reject("SRAM \(what) must be UInt<1>, got \(s.type)", .bool)
    }

    /// `enable` (default 1) AND the enclosing `when` path condition.
    func gated(_ enable: Signal?, _ what: String) -> Signal {
        let path = b.pathCondition(loc).map { Signal(b, $0) }
        let e: Signal
        switch (enable.map { bool($0, what) }, path) {
        case let (en?, p?): e = p && en
        case let (en?, nil): e = en
        case let (nil, p?): e = p
        case (nil, nil): e = lit(true, file: file, line: line)
        }
        b.stamp(loc)
        return e
    }

    /// `s` if it is exactly `UInt<addrWidth>`.
    func address(_ s: Signal) -> Signal {
        let t = HWType.uint(sram.shape.addrWidth)
        return s.type == t ? s : reject("SRAM address must be \(t) for depth \(sram.shape.depth), got \(s.type)", t)
    }

    /// `s` (of the SRAM's word type) as plain bits.
    func data(_ s: Signal) -> Signal {
        guard s.type == sram.type else {
            return reject("SRAM write data must be \(sram.type), got \(s.type)", .uint(sram.shape.width))
        }
        let bits = s.asUInt
        b.stamp(loc)
        return bits
    }

    /// Drives the write-mask input: `mask` (one bit per lane) or all ones when omitted.
    func driveMask(_ port: Signal?, _ mask: Signal?) {
        switch (port, mask) {
        case (nil, nil):
            return
        case (nil, .some):
            b.context.error(loc, "SRAM \(sram.shape.moduleName) has no write mask (declare it with maskGranularity:)")
        case let (p?, nil):
            drive(p, lit(bits: BitVector(width: p.width).not(), file: file, line: line))
        case let (p?, m?):
            let t = HWType.uint(sram.shape.maskBits)
            drive(p, m.type == t ? m : reject("SRAM write mask must be \(t) (one bit per \(sram.shape.maskGranularity ?? 0) data bits), got \(m.type)", t))
        }
    }

    /// `port.assign(value)` at the module's top level, whatever `when` encloses the call.
    func drive(_ port: Signal, _ value: Signal) {
        let saved = b.blockStack
        b.blockStack = [b.root]
        port.assign(value, file: file, line: line)
        b.blockStack = saved
    }

    /// The SRAM's read data as its word type.
    func readData(_ rdata: Signal) -> Signal {
        let q = sram.type.isSigned ? rdata.asSInt : rdata
        b.stamp(loc)
        return q
    }
}
