/// One hardware component of an inventory, with the parameters the area table needs.
public enum Component: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Comparison operators.
    public enum Comparison: String, Sendable, Hashable, Codable {
        case lessThanSigned, lessThanUnsigned, lessEqualSigned, equal
    }

    /// `width`-bit adder (result truncated to `width` bits).
    case adder(width: Int)
    /// `width`-bit subtractor.
    case subtractor(width: Int)
    /// `width`-bit incrementer (counter next-state).
    case incrementer(width: Int)
    /// `width` × `width` → 2·`width` multiplier.
    case multiplier(width: Int, signed: Bool)
    /// Signed `width` × `width` multiply plus `accumulator`-bit add (combinational part of a MAC).
    case mac(width: Int, accumulator: Int)
    /// `width`-bit comparator.
    case comparator(Comparison, width: Int)
    /// `inputs`:1 multiplexer of `width`-bit words (`inputs` ≥ 2).
    case mux(width: Int, inputs: Int)
    /// `width` flip-flops, optionally with synchronous reset and/or load enable.
    case register(width: Int, reset: Bool, enable: Bool)
    /// `width` two-input gates (glue logic).
    case logic(width: Int)
    /// `width`-bit arithmetic right shifter by a `shiftBits`-bit amount.
    case shifter(width: Int, shiftBits: Int)
    /// `width`-bit logical (zero-fill) right shifter by a `shiftBits`-bit amount of which only the
    /// low `outputs` result bits are used (`outputs == width`: the whole shifter). A left shifter
    /// whose low `k` bits are used is the same as `logicalShifter(width: k, shiftBits:, outputs: k)`.
    case logicalShifter(width: Int, shiftBits: Int, outputs: Int)
    /// A PAU: `accumulator`-bit sign check and ≤-threshold compare, `counter`-bit op-index compares.
    case pau(accumulator: Int, counter: Int)
    /// A buffer of `depth` words × `width` bits with `readPorts` read ports and one write port;
    /// a flip-flop register file or an SRAM macro by `BufferModel`'s rule.
    case memory(depth: Int, width: Int, readPorts: Int)
    /// A synchronous SRAM macro (an HDL `SRAM`), priced by `SramMacroModel` (fakeram45).
    case sramMacro(SramShape)

    public var description: String {
        switch self {
        case let .adder(w): return "add\(w)"
        case let .subtractor(w): return "sub\(w)"
        case let .incrementer(w): return "inc\(w)"
        case let .multiplier(w, s): return "mul\(s ? "s" : "u")\(w)x\(w)"
        case let .mac(w, a): return "mac\(w)x\(w)+\(a)"
        case let .comparator(c, w): return "\(c.rawValue)\(w)"
        case let .mux(w, n): return "mux\(n):1x\(w)"
        case let .register(w, r, e): return "reg\(w)\(r ? "r" : "")\(e ? "e" : "")"
        case let .logic(w): return "logic\(w)"
        case let .shifter(w, s): return "shr\(w)by\(s)"
        case let .logicalShifter(w, s, d): return d == w ? "shru\(w)by\(s)" : "shru\(w)by\(s)keep\(d)"
        case let .pau(a, c): return "pau\(a)/\(c)"
        case let .memory(d, w, r): return "mem\(d)x\(w)r\(r)"
        case let .sramMacro(shape): return "sram_\(shape.ports.rawValue)_\(shape.depth)x\(shape.width)"
        }
    }

    /// Number of flip-flop bits this component holds (registers only; memories are counted apart).
    public var registerBits: Int {
        if case let .register(w, _, _) = self { return w }
        return 0
    }

    /// The table primitive and parameters of this component (nil for memories, which `BufferModel` handles).
    var primitive: (PrimitiveKind, [String: Int])? {
        switch self {
        case let .adder(w): return (.add, ["W": w])
        case let .subtractor(w): return (.sub, ["W": w])
        case let .incrementer(w): return (.inc, ["W": w])
        case let .multiplier(w, s): return (s ? .mulSigned : .mulUnsigned, ["W": w])
        case let .mac(w, a): return (.mac, ["W": w, "A": a])
        case let .comparator(c, w):
            switch c {
            case .lessThanSigned: return (.lessThanSigned, ["W": w])
            case .lessThanUnsigned: return (.lessThanUnsigned, ["W": w])
            case .lessEqualSigned: return (.lessEqualSigned, ["W": w])
            case .equal: return (.equal, ["W": w])
            }
        case let .mux(w, n): return n == 2 ? (.mux2, ["W": w]) : (.muxN, ["W": w, "N": n])
        case let .register(w, r, e):
            switch (r, e) {
            case (false, false): return (.register, ["W": w])
            case (true, false): return (.registerReset, ["W": w])
            case (false, true): return (.registerEnable, ["W": w])
            case (true, true): return (.registerResetEnable, ["W": w])
            }
        case let .logic(w): return (.logic, ["W": w])
        case let .shifter(w, s): return (.shiftRight, ["W": w, "S": s])
        case let .logicalShifter(w, s, d): return (.shiftRightLogical, ["W": w, "S": s, "D": d])
        case let .pau(a, c): return (.pau, ["A": a, "C": c])
        case .memory, .sramMacro: return nil
        }
    }
}
