infix operator +& : AdditionPrecedence
infix operator -& : AdditionPrecedence

/// How an operator's result type derives from its operands.
enum OpRule {
    /// Operands must have identical types; the result has that type.
    case same
    /// Operands must have identical types; the result is `Bool`.
    case compare
    /// Same signedness, any widths; result width is the sum.
    case product
    /// Left operand any type, right operand unsigned; result has the left type.
    case shiftBySignal
}

extension ModuleBuilder {
    func binary(_ op: IROp, _ x: Signal, _ y: Signal, _ symbol: String, _ rule: OpRule) -> Signal {
        let a = resolve(x, at: nil), b = resolve(y, at: nil)
        let ta = nodes[Int(a)].type, tb = nodes[Int(b)].type
        var result = ta
        var problem: String? = nil
        switch rule {
        case .same, .compare:
            if ta != tb {
                problem = "\(ta.width != tb.width ? "width" : "signedness") mismatch in '\(symbol)': \(ta) vs \(tb)"
            }
            if rule == .compare { result = .bool }
        case .product:
            if ta.isSigned != tb.isSigned { problem = "signedness mismatch in '\(symbol)': \(ta) vs \(tb)" }
            result = HWType(width: ta.width + tb.width, isSigned: ta.isSigned)
        case .shiftBySignal:
            if tb.isSigned { problem = "shift amount of '\(symbol)' must be unsigned, got \(tb)" }
        }
        let id = add(op, result, a: a, b: b, loc: nil)
        if let p = problem { opError(id, p) }
        return Signal(self, id)
    }

    func unary(_ op: IROp, _ x: Signal, _ result: HWType? = nil, imm: Int = 0, loc: SourceLocation? = nil) -> Signal {
        let a = resolve(x, at: loc)
        return Signal(self, add(op, result ?? nodes[Int(a)].type, a: a, imm: imm, loc: loc))
    }

    /// A literal of `type` used as an operand; misfit values are reported at the consuming call.
    func operandLiteral(_ v: Int, _ type: HWType) -> Signal {
        let id = literal(BitVector(width: type.width, value: v), signed: type.isSigned, loc: nil)
        if !fits(v, type) { opError(id, "literal \(v) does not fit \(type)") }
        return Signal(self, id)
    }

    func requireBool(_ x: Signal, _ symbol: String, _ id: Int32) {
        if x.type != .bool { opError(id, "'\(symbol)' needs UInt<1> operands, got \(x.type)") }
    }
}

// Operator results (see docs/HDL.md):
// + - & | ^ : operands of identical type, result of that type (wrapping).
// +& -&     : operands of identical type, result one bit wider (sign- or zero-extended first).
// *         : same signedness, any widths, result width wa + wb (full product).
// == != < <= > >= : identical types, UInt<1> result; signed compare for SInt.
// << >> by Int: result keeps the width; >> is arithmetic for SInt.
// << >> by Signal: amount unsigned; result keeps the width.
extension Signal {
    public static func + (x: Signal, y: Signal) -> Signal { BuilderStack.current.binary(.add, x, y, "+", .same) }
    public static func - (x: Signal, y: Signal) -> Signal { BuilderStack.current.binary(.sub, x, y, "-", .same) }
    public static func * (x: Signal, y: Signal) -> Signal { BuilderStack.current.binary(.mul, x, y, "*", .product) }
    public static func & (x: Signal, y: Signal) -> Signal { BuilderStack.current.binary(.and, x, y, "&", .same) }
    public static func | (x: Signal, y: Signal) -> Signal { BuilderStack.current.binary(.or, x, y, "|", .same) }
    public static func ^ (x: Signal, y: Signal) -> Signal { BuilderStack.current.binary(.xor, x, y, "^", .same) }
    public static func == (x: Signal, y: Signal) -> Signal { BuilderStack.current.binary(.eq, x, y, "==", .compare) }
    public static func != (x: Signal, y: Signal) -> Signal { BuilderStack.current.binary(.ne, x, y, "!=", .compare) }
    public static func < (x: Signal, y: Signal) -> Signal { BuilderStack.current.binary(.lt, x, y, "<", .compare) }
    public static func <= (x: Signal, y: Signal) -> Signal { BuilderStack.current.binary(.le, x, y, "<=", .compare) }
    public static func > (x: Signal, y: Signal) -> Signal { BuilderStack.current.binary(.gt, x, y, ">", .compare) }
    public static func >= (x: Signal, y: Signal) -> Signal { BuilderStack.current.binary(.ge, x, y, ">=", .compare) }

    /// Widening add: both operands extended by one bit (by sign for SInt), result width + 1.
    public static func +& (x: Signal, y: Signal) -> Signal { widening(.add, x, y, "+&") }

    /// Widening subtract: both operands extended by one bit (by sign for SInt), result width + 1.
    public static func -& (x: Signal, y: Signal) -> Signal { widening(.sub, x, y, "-&") }

    private static func widening(_ op: IROp, _ x: Signal, _ y: Signal, _ symbol: String) -> Signal {
        let b = BuilderStack.current
        let w = x.width + 1
        let ya = y.width < w ? y.extended(to: w) : y
        let r = b.binary(op, x.extended(to: w), ya, symbol, .same)
        if x.type != y.type {
            b.opError(r.id, "\(x.width != y.width ? "width" : "signedness") mismatch in '\(symbol)': \(x.type) vs \(y.type)")
        }
        return r
    }

    /// Sign-extends SInt and zero-extends UInt (no location; used by operators).
    func extended(to w: Int) -> Signal {
        let b = BuilderStack.current
        if w == width { return self }
        return b.unary(isSigned ? .sext : .zext, self, HWType(width: w, isSigned: isSigned))
    }

    public static func + (x: Signal, y: Int) -> Signal { x + BuilderStack.current.operandLiteral(y, x.type) }
    public static func - (x: Signal, y: Int) -> Signal { x - BuilderStack.current.operandLiteral(y, x.type) }
    public static func & (x: Signal, y: Int) -> Signal { x & BuilderStack.current.operandLiteral(y, x.type) }
    public static func | (x: Signal, y: Int) -> Signal { x | BuilderStack.current.operandLiteral(y, x.type) }
    public static func ^ (x: Signal, y: Int) -> Signal { x ^ BuilderStack.current.operandLiteral(y, x.type) }
    public static func == (x: Signal, y: Int) -> Signal { x == BuilderStack.current.operandLiteral(y, x.type) }
    public static func != (x: Signal, y: Int) -> Signal { x != BuilderStack.current.operandLiteral(y, x.type) }
    public static func < (x: Signal, y: Int) -> Signal { x < BuilderStack.current.operandLiteral(y, x.type) }
    public static func <= (x: Signal, y: Int) -> Signal { x <= BuilderStack.current.operandLiteral(y, x.type) }
    public static func > (x: Signal, y: Int) -> Signal { x > BuilderStack.current.operandLiteral(y, x.type) }
    public static func >= (x: Signal, y: Int) -> Signal { x >= BuilderStack.current.operandLiteral(y, x.type) }

    /// Logical and of two `UInt<1>` signals.
    public static func && (x: Signal, y: Signal) -> Signal {
        let s = BuilderStack.current.binary(.and, x, y, "&&", .same)
        BuilderStack.current.requireBool(x, "&&", s.id)
        return s
    }

    /// Logical or of two `UInt<1>` signals.
    public static func || (x: Signal, y: Signal) -> Signal {
        let s = BuilderStack.current.binary(.or, x, y, "||", .same)
        BuilderStack.current.requireBool(x, "||", s.id)
        return s
    }

    /// Logical not of a `UInt<1>` signal.
    public static prefix func ! (x: Signal) -> Signal {
        let s = BuilderStack.current.unary(.not, x)
        BuilderStack.current.requireBool(x, "!", s.id)
        return s
    }

    /// Bitwise complement.
    public static prefix func ~ (x: Signal) -> Signal { BuilderStack.current.unary(.not, x) }

    /// Two's-complement negation (same width, wrapping).
    public static prefix func - (x: Signal) -> Signal { BuilderStack.current.unary(.neg, x) }

    /// Shift left by a constant; the width is kept (high bits are lost).
    public static func << (x: Signal, k: Int) -> Signal {
        let b = BuilderStack.current
        let s = b.unary(.shl, x, imm: max(0, k))
        if k < 0 || k >= x.width { b.opError(s.id, "shift amount \(k) out of range 0..<\(x.width) for \(x.type)") }
        return s
    }

    /// Shift right by a constant (arithmetic for SInt, logical for UInt); the width is kept.
    public static func >> (x: Signal, k: Int) -> Signal {
        let b = BuilderStack.current
        let s = b.unary(.shr, x, imm: max(0, k))
        if k < 0 || k >= x.width { b.opError(s.id, "shift amount \(k) out of range 0..<\(x.width) for \(x.type)") }
        return s
    }

    /// Shift left by an unsigned signal amount; the width is kept.
    public static func << (x: Signal, k: Signal) -> Signal { BuilderStack.current.binary(.dshl, x, k, "<<", .shiftBySignal) }

    /// Shift right by an unsigned signal amount (arithmetic for SInt); the width is kept.
    public static func >> (x: Signal, k: Signal) -> Signal { BuilderStack.current.binary(.dshr, x, k, ">>", .shiftBySignal) }
}
