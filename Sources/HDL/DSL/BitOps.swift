extension Signal {
    /// Bits `hi...lo` (inclusive) as `UInt<hi - lo + 1>`.
    public subscript(hi: Int, lo: Int, file: StaticString = #fileID, line: UInt = #line) -> Signal {
        let b = BuilderStack.current
        let loc = SourceLocation(fileID: file, line: line)
        b.stamp(loc)
        guard lo >= 0, hi >= lo, hi < width else {
            b.context.error(loc, "slice [\(hi), \(lo)] out of range for \(type)")
            return Signal(b, b.literal(BitVector(width: max(1, hi - lo + 1)), signed: false, loc: loc))
        }
        return b.unary(.slice, self, .uint(hi - lo + 1), imm: lo, loc: loc)
    }

    /// Bit `i` as `UInt<1>`.
    public subscript(bit: Int, file: StaticString = #fileID, line: UInt = #line) -> Signal {
        self[bit, bit, file, line]
    }

    /// Zero-extends to `width` bits (must not be narrower); keeps the signedness.
    public func zext(to newWidth: Int, file: StaticString = #fileID, line: UInt = #line) -> Signal {
        resize(.zext, newWidth, "zext", file, line)
    }

    /// Sign-extends to `width` bits (must not be narrower); keeps the signedness.
    public func sext(to newWidth: Int, file: StaticString = #fileID, line: UInt = #line) -> Signal {
        resize(.sext, newWidth, "sext", file, line)
    }

    /// Keeps the low `width` bits (must not be wider); keeps the signedness.
    public func trunc(to newWidth: Int, file: StaticString = #fileID, line: UInt = #line) -> Signal {
        let b = BuilderStack.current
        let loc = SourceLocation(fileID: file, line: line)
        b.stamp(loc)
        guard newWidth >= 1, newWidth <= width else {
            b.context.error(loc, "trunc(to: \(newWidth)) of \(type): target must be 1...\(width) bits")
            return self
        }
        if newWidth == width { return self }
        let s = b.unary(.slice, self, .uint(newWidth), imm: 0, loc: loc)
        return isSigned ? b.unary(.reinterpret, s, .sint(newWidth), loc: loc) : s
    }

    private func resize(_ op: IROp, _ newWidth: Int, _ what: String, _ file: StaticString, _ line: UInt) -> Signal {
        let b = BuilderStack.current
        let loc = SourceLocation(fileID: file, line: line)
        b.stamp(loc)
        guard newWidth >= width else {
            b.context.error(loc, "\(what)(to: \(newWidth)) of \(type) would narrow; use trunc(to:)")
            return self
        }
        if newWidth == width { return self }
        return b.unary(op, self, HWType(width: newWidth, isSigned: isSigned), loc: loc)
    }

    /// The same bits as `SInt`.
    public var asSInt: Signal {
        isSigned ? self : BuilderStack.current.unary(.reinterpret, self, .sint(width))
    }

    /// The same bits as `UInt`.
    public var asUInt: Signal {
        isSigned ? BuilderStack.current.unary(.reinterpret, self, .uint(width)) : self
    }

    /// AND of all bits (`UInt<1>`).
    public func andR(file: StaticString = #fileID, line: UInt = #line) -> Signal { reduce(.andR, file, line) }
    /// OR of all bits (`UInt<1>`).
    public func orR(file: StaticString = #fileID, line: UInt = #line) -> Signal { reduce(.orR, file, line) }
    /// XOR of all bits (`UInt<1>`).
    public func xorR(file: StaticString = #fileID, line: UInt = #line) -> Signal { reduce(.xorR, file, line) }

    private func reduce(_ op: IROp, _ file: StaticString, _ line: UInt) -> Signal {
        let b = BuilderStack.current
        let loc = SourceLocation(fileID: file, line: line)
        b.stamp(loc)
        return b.unary(op, self, .bool, loc: loc)
    }
}

/// `sel ? a : b`; `sel` must be `UInt<1>`, `a` and `b` of identical type.
public func mux(_ sel: Signal, _ a: Signal, _ b: Signal, file: StaticString = #fileID, line: UInt = #line) -> Signal {
    let bl = BuilderStack.current
    let loc = SourceLocation(fileID: file, line: line)
    bl.stamp(loc)
    let s = bl.resolve(sel, at: loc), x = bl.resolve(a, at: loc), y = bl.resolve(b, at: loc)
    if bl.nodes[Int(s)].type != .bool {
        bl.context.error(loc, "mux select must be UInt<1>, got \(bl.nodes[Int(s)].type)")
    }
    let ta = bl.nodes[Int(x)].type, tb = bl.nodes[Int(y)].type
    if ta != tb {
        bl.context.error(loc, "\(ta.width != tb.width ? "width" : "signedness") mismatch in mux: \(ta) vs \(tb)")
    }
    return Signal(bl, bl.add(.mux, ta, a: s, b: x, c: y, loc: loc))
}

/// `mux` with an integer else-value of `a`'s type.
public func mux(_ sel: Signal, _ a: Signal, _ b: Int, file: StaticString = #fileID, line: UInt = #line) -> Signal {
    mux(sel, a, lit(b, a.type, file: file, line: line), file: file, line: line)
}

/// Concatenation, first part most significant; the result is unsigned with the summed width.
public func cat(_ parts: [Signal], file: StaticString = #fileID, line: UInt = #line) -> Signal {
    let b = BuilderStack.current
    let loc = SourceLocation(fileID: file, line: line)
    b.stamp(loc)
    guard !parts.isEmpty else {
        b.context.error(loc, "cat of no signals")
        return Signal(b, b.literal(BitVector(width: 1), signed: false, loc: loc))
    }
    if parts.count == 1 { return parts[0].asUInt }
    let ids = parts.map { b.resolve($0, at: loc) }
    let w = ids.reduce(0) { $0 + b.nodes[Int($1)].type.width }
    b.concatLists.append(ids)
    return Signal(b, b.add(.concat, .uint(w), imm: b.concatLists.count - 1, loc: loc))
}

/// Concatenation, first part most significant.
public func cat(_ parts: Signal..., file: StaticString = #fileID, line: UInt = #line) -> Signal {
    cat(parts, file: file, line: line)
}

/// Element `index` of `items` (a mux tree); all items must share one type, `index` is unsigned.
/// Out-of-range indices select the last item.
public func select(_ index: Signal, _ items: [Signal], file: StaticString = #fileID, line: UInt = #line) -> Signal {
    let b = BuilderStack.current
    let loc = SourceLocation(fileID: file, line: line)
    b.stamp(loc)
    guard !items.isEmpty else {
        b.context.error(loc, "select from an empty array")
        return index
    }
    if index.isSigned { b.context.error(loc, "select index must be unsigned, got \(index.type)") }
    // Binary tree over the index bits, least significant bit first.
    var level = items
    var bit = 0
    while level.count > 1 {
        var next: [Signal] = []
        let sel: Signal = bit < index.width ? index[bit, file, line] : lit(false, file: file, line: line)
        var i = 0
        while i < level.count {
            if i + 1 < level.count {
                next.append(mux(sel, level[i + 1], level[i], file: file, line: line))
            } else {
                next.append(level[i])
            }
            i += 2
        }
        level = next
        bit += 1
    }
    if bit < index.width && items.count > 1 {
        // High index bits set: clamp to the last item.
        let high = index[index.width - 1, bit, file, line].orR(file: file, line: line)
        return mux(high, items[items.count - 1], level[0], file: file, line: line)
    }
    return level[0]
}
