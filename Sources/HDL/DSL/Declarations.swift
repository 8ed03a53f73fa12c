/// Declares an input port of the module under construction.
public func Input(_ type: HWType, name: String? = nil, file: StaticString = #fileID, line: UInt = #line) -> Signal {
    declarePort(.input, type, name, SourceLocation(fileID: file, line: line))
}

/// Declares an output port; drive it with `assign`.
public func Output(_ type: HWType, name: String? = nil, file: StaticString = #fileID, line: UInt = #line) -> Signal {
    declarePort(.output, type, name, SourceLocation(fileID: file, line: line))
}

private func declarePort(_ op: IROp, _ type: HWType, _ name: String?, _ loc: SourceLocation) -> Signal {
    let b = BuilderStack.current
    b.stamp(loc)
    checkWidth(type, b, loc)
    let id = b.add(op, type, imm: b.ports.count, loc: loc)
    b.ports.append(id)
    if let n = name { b.setName(id, sanitizeIdentifier(n), .explicit) }
    return Signal(b, id)
}

func checkWidth(_ type: HWType, _ b: ModuleBuilder, _ loc: SourceLocation, requested: Int? = nil) {
    if let r = requested, r < 1 { b.context.error(loc, "width must be at least 1 (got \(r))") }
}

/// Declares a combinational wire; it must be assigned on every path (no latches).
public func Wire(_ type: HWType, name: String? = nil, file: StaticString = #fileID, line: UInt = #line) -> Signal {
    let b = BuilderStack.current
    let loc = SourceLocation(fileID: file, line: line)
    b.stamp(loc)
    let id = b.add(.wire, type, loc: loc)
    if let n = name { b.setName(id, sanitizeIdentifier(n), .explicit) }
    return Signal(b, id)
}

/// Declares a wire driven by `value` (a named copy of an expression).
public func Wire(_ value: Signal, name: String? = nil, file: StaticString = #fileID, line: UInt = #line) -> Signal {
    let w = Wire(value.type, name: name, file: file, line: line)
    w.assign(value, file: file, line: line)
    return w
}

/// Declares a register clocked by the implicit `clk`.
/// - Parameters:
///   - reset: value loaded while `reset` is high (`nil` = no reset); must fit the type.
///   - enable: when given, the register only updates in cycles where `enable` is 1.
/// Without an assignment in a cycle (e.g. outside the active `when` branch) it keeps its value.
public func Reg(_ type: HWType, reset: Int? = nil, enable: Signal? = nil, name: String? = nil,
                file: StaticString = #fileID, line: UInt = #line) -> Signal {
    let resetBits: BitVector? = reset.map { v in
        let b = BuilderStack.current
        if !fits(v, type) {
            b.context.error(SourceLocation(fileID: file, line: line), "reset value \(v) does not fit \(type)")
        }
        return BitVector(width: type.width, value: v)
    }
    return Reg(type, resetValue: resetBits, enable: enable, name: name, file: file, line: line)
}

/// Declares a register with a reset value given as bits (for widths above 64).
public func Reg(_ type: HWType, resetValue: BitVector?, enable: Signal? = nil, name: String? = nil,
                file: StaticString = #fileID, line: UInt = #line) -> Signal {
    let b = BuilderStack.current
    let loc = SourceLocation(fileID: file, line: line)
    b.stamp(loc)
    var en: Int32 = -1
    if let e = enable {
        en = b.resolve(e, at: loc)
        if b.nodes[Int(en)].type != .bool {
            b.context.error(loc, "register enable must be UInt<1>, got \(b.nodes[Int(en)].type)")
            en = -1
        }
    }
    var resetIndex = -1
    if let r = resetValue {
        b.literals.append(r.zext(to: type.width))
        resetIndex = b.literals.count - 1
        if r.width != type.width {
            b.context.error(loc, "reset value has \(r.width) bits, register is \(type)")
        }
    }
    let id = b.add(.register, type, b: en, imm: resetIndex, loc: loc)
    if let n = name { b.setName(id, sanitizeIdentifier(n), .explicit) }
    return Signal(b, id)
}

/// A register that loads `next` every cycle (a one-cycle delay).
public func RegNext(_ next: Signal, reset: Int? = nil, name: String? = nil,
                    file: StaticString = #fileID, line: UInt = #line) -> Signal {
    let r = Reg(next.type, reset: reset, name: name, file: file, line: line)
    r.assign(next, file: file, line: line)
    return r
}

/// True when `v` is representable in `type`.
func fits(_ v: Int, _ type: HWType) -> Bool {
    if type.isSigned {
        if type.width >= 64 { return true }
        let lo = -(1 << (type.width - 1)), hi = (1 << (type.width - 1)) - 1
        return v >= lo && v <= hi
    }
    if v < 0 { return false }
    if type.width >= 63 { return true }
    return v < (1 << type.width)
}

/// A constant of `type`; an error (at this file:line) when `value` does not fit.
public func lit(_ value: Int, _ type: HWType, file: StaticString = #fileID, line: UInt = #line) -> Signal {
    let b = BuilderStack.current
    let loc = SourceLocation(fileID: file, line: line)
    b.stamp(loc)
    if !fits(value, type) {
        b.context.error(loc, "literal \(value) does not fit \(type)")
    }
    return Signal(b, b.literal(BitVector(width: type.width, value: value), signed: type.isSigned, loc: loc))
}

/// A constant from raw bits (any width).
public func lit(bits: BitVector, signed: Bool = false, file: StaticString = #fileID, line: UInt = #line) -> Signal {
    let b = BuilderStack.current
    let loc = SourceLocation(fileID: file, line: line)
    b.stamp(loc)
    return Signal(b, b.literal(bits, signed: signed, loc: loc))
}

/// A one-bit constant.
public func lit(_ value: Bool, file: StaticString = #fileID, line: UInt = #line) -> Signal {
    lit(value ? 1 : 0, .bool, file: file, line: line)
}
