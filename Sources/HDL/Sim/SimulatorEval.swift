extension Simulator {
    /// Evaluates one combinational node from its operands.
    @inline(__always)
    func eval(_ i: Int) {
        let n = nodes[i]
        if n.width <= 64 && scalarOperands(n) {
            pool[n.offset] = evalScalar(n) & Simulator.mask(n.width)
        } else {
            store(i, evalWide(n))
        }
    }

    @inline(__always)
    func scalarOperands(_ n: FNode) -> Bool {
        if n.op == .concat || n.op == .memRead { return false }
        if n.a >= 0 && nodes[Int(n.a)].width > 64 { return false }
        if n.b >= 0 && nodes[Int(n.b)].width > 64 { return false }
        if n.c >= 0 && nodes[Int(n.c)].width > 64 { return false }
        return true
    }

    func evalScalar(_ n: FNode) -> UInt64 {
        let a: UInt64 = n.a >= 0 ? pool[nodes[Int(n.a)].offset] : 0
        let b: UInt64 = n.b >= 0 ? pool[nodes[Int(n.b)].offset] : 0
        let wa = n.a >= 0 ? nodes[Int(n.a)].width : 1
        let sa = n.a >= 0 ? nodes[Int(n.a)].signed : false
        switch n.op {
        case .output, .wire, .instInput, .instOutput, .input, .reinterpret:
            return a
        case .add: return a &+ b
        case .sub: return a &- b
        case .mul:
            if sa {
                return UInt64(bitPattern: Simulator.sext64(a, wa) &* Simulator.sext64(b, nodes[Int(n.b)].width))
            }
            return a &* b
        case .and: return a & b
        case .or: return a | b
        case .xor: return a ^ b
        case .not: return ~a
        case .neg: return 0 &- a
        case .eq: return a == b ? 1 : 0
        case .ne: return a != b ? 1 : 0
        case .lt, .le, .gt, .ge:
            let c: Int
            if sa {
                let x = Simulator.sext64(a, wa), y = Simulator.sext64(b, wa)
                c = x < y ? -1 : (x == y ? 0 : 1)
            } else {
                c = a < b ? -1 : (a == b ? 0 : 1)
            }
            switch n.op {
            case .lt: return c < 0 ? 1 : 0
            case .le: return c <= 0 ? 1 : 0
            case .gt: return c > 0 ? 1 : 0
            default: return c >= 0 ? 1 : 0
            }
        case .shl: return n.imm >= 64 ? 0 : a << UInt64(n.imm)
        case .shr:
            if n.imm >= 64 { return sa && Simulator.sext64(a, wa) < 0 ? ~0 : 0 }
            return sa ? UInt64(bitPattern: Simulator.sext64(a, wa) >> Int64(n.imm)) : a >> UInt64(n.imm)
        case .dshl: return b >= UInt64(n.width) ? 0 : a << b
        case .dshr:
            if sa {
                let x = Simulator.sext64(a, wa)
                return UInt64(bitPattern: b >= UInt64(wa) ? (x < 0 ? -1 : 0) : x >> Int64(b))
            }
            return b >= UInt64(wa) ? 0 : a >> b
        case .slice: return n.imm >= 64 ? 0 : a >> UInt64(n.imm)
        case .zext: return a
        case .sext: return UInt64(bitPattern: Simulator.sext64(a, wa))
        case .mux: return a & 1 == 1 ? b : pool[nodes[Int(n.c)].offset]
        case .andR: return a == Simulator.mask(wa) ? 1 : 0
        case .orR: return a != 0 ? 1 : 0
        case .xorR: return UInt64(a.nonzeroBitCount & 1)
        case .literal, .register, .memReadSync, .concat, .memRead:
            return pool[n.offset]
        }
    }

    func evalWide(_ n: FNode) -> BitVector {
        switch n.op {
        case .memRead:
            return readMemory(n.imm, addrNode: n.a)
        case .literal, .register, .memReadSync:
            // State and constants are stored, never evaluated.
            return BitVector(width: n.width)
        case .concat:
            return IREval.apply(.concat, HWType(width: n.width, isSigned: n.signed), signedA: false, a: nil, b: nil, c: nil,
                                imm: 0, parts: concat[n.imm].map { load(Int($0)) })
        default:
            let sa = n.a >= 0 ? nodes[Int(n.a)].signed : false
            return IREval.apply(n.op, HWType(width: n.width, isSigned: n.signed), signedA: sa,
                                a: n.a >= 0 ? load(Int(n.a)) : nil, b: n.b >= 0 ? load(Int(n.b)) : nil,
                                c: n.c >= 0 ? load(Int(n.c)) : nil, imm: n.imm, parts: [])
        }
    }
}

/// The value semantics of pure IR operators on bit vectors (shared by the simulator and the
/// emitter's constant analysis).
enum IREval {
    /// Evaluates `op` with result type `t`; `signedA` is the signedness of operand `a`.
    /// Returns nil for ops that are not pure functions of their operands.
    static func apply(_ op: IROp, _ t: HWType, signedA sa: Bool, a: BitVector?, b: BitVector?, c: BitVector?,
                      imm: Int, parts: [BitVector]) -> BitVector {
        let w = t.width
        let A = { a ?? BitVector(width: w) }
        let B = { b ?? BitVector(width: w) }
        switch op {
        case .output, .wire, .instInput, .instOutput, .input, .reinterpret:
            return A()
        case .add: return A().add(B())
        case .sub: return A().sub(B())
        case .mul: return A().mul(B(), resultWidth: w, signed: sa)
        case .and: return A().and(B())
        case .or: return A().or(B())
        case .xor: return A().xor(B())
        case .not: return A().not()
        case .neg: return A().neg()
        case .eq, .ne, .lt, .le, .gt, .ge:
            let x = A(), y = B()
            let cmp = sa ? x.compareSigned(y) : x.compareUnsigned(y)
            let r: Bool
            switch op {
            case .eq: r = cmp == 0
            case .ne: r = cmp != 0
            case .lt: r = cmp < 0
            case .le: r = cmp <= 0
            case .gt: r = cmp > 0
            default: r = cmp >= 0
            }
            return BitVector(width: 1, value: r ? 1 : 0)
        case .shl: return A().shl(imm)
        case .shr: return sa ? A().ashr(imm) : A().lshr(imm)
        case .dshl, .dshr:
            let x = A()
            let amt = B().intValue(signed: false) ?? Int.max
            let k = min(amt, w + 1)
            if op == .dshl { return x.shl(k) }
            return sa ? x.ashr(k) : x.lshr(k)
        case .slice: return A().slice(hi: imm + w - 1, lo: imm)
        case .concat:
            var acc: BitVector? = nil
            for v in parts { acc = acc.map { $0.concat(v) } ?? v }
            return acc ?? BitVector(width: w)
        case .zext: return A().zext(to: w)
        case .sext: return A().sext(to: w)
        case .mux: return A().bit(0) ? B() : (c ?? BitVector(width: w))
        case .andR: return BitVector(width: 1, value: A().not().isZero ? 1 : 0)
        case .orR: return BitVector(width: 1, value: A().isZero ? 0 : 1)
        case .xorR:
            return BitVector(width: 1, value: A().words.reduce(0) { $0 + $1.nonzeroBitCount } & 1)
        case .literal, .register, .memReadSync, .memRead:
            return BitVector(width: w)
        }
    }
}
