/// The operation of one IR node. Operands are node ids in the same module (`-1` = none).
public enum IROp: UInt8, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Module input port.
    case input
    /// Module output port; `a` = driver.
    case output
    /// Named combinational wire; `a` = driver.
    case wire
    /// Constant; `imm` = index into `IRModule.literals`.
    case literal
    /// Register; `a` = next value, `b` = enable (`-1` = always), `imm` = reset literal index (`-1` = no reset).
    case register
    /// `a + b`, same widths, wrapping.
    case add
    /// `a - b`, same widths, wrapping.
    case sub
    /// `a * b`, result width = the node's width (full product, `wa + wb`).
    case mul
    /// Bitwise and.
    case and
    /// Bitwise or.
    case or
    /// Bitwise xor.
    case xor
    /// Bitwise not.
    case not
    /// Two's-complement negation.
    case neg
    /// Comparisons (1-bit result), signed when the operands are signed.
    case eq, ne, lt, le, gt, ge
    /// Shift left by the constant `imm`.
    case shl
    /// Shift right by the constant `imm` (arithmetic for signed operands).
    case shr
    /// Shift left by signal `b` (unsigned amount).
    case dshl
    /// Shift right by signal `b` (arithmetic for signed `a`).
    case dshr
    /// Bits `[imm + width - 1 : imm]` of `a`.
    case slice
    /// Concatenation of `IRModule.concatLists[imm]`, first element most significant.
    case concat
    /// Zero extension of `a` to the node width.
    case zext
    /// Sign extension of `a` to the node width.
    case sext
    /// Same bits, other signedness.
    case reinterpret
    /// `a ? b : c`.
    case mux
    /// Reductions (1-bit result).
    case andR, orR, xorR
    /// Combinational read of memory `imm` at address `a`.
    case memRead
    /// Synchronous (registered) read of memory `imm` at address `a`, enable `b` (`-1` = always).
    case memReadSync
    /// Output port `imm2` of instance `imm` (read in the parent).
    case instOutput
    /// Input port `imm2` of instance `imm` driven from the parent; `a` = driver.
    case instInput

    public var description: String { Self.names[Int(rawValue)] }

    private static let names: [String] = [
        "input", "output", "wire", "literal", "register", "add", "sub", "mul", "and", "or", "xor", "not",
        "neg", "eq", "ne", "lt", "le", "gt", "ge", "shl", "shr", "dshl", "dshr", "slice", "concat", "zext",
        "sext", "reinterpret", "mux", "andR", "orR", "xorR", "memRead", "memReadSync", "instOutput", "instInput",
    ]

    /// Operators whose value is a pure function of their operands (no state, no port).
    public var isOperator: Bool {
        switch self {
        case .input, .output, .wire, .literal, .register, .memRead, .memReadSync, .instOutput, .instInput:
            return false
        default:
            return true
        }
    }
}

/// One node of a module's IR.
public struct IRNode: Sendable, Hashable {
    /// What the node computes.
    public var op: IROp
    /// Result type.
    public var type: HWType
    /// Operands (`-1` = unused).
    public var a: Int32
    public var b: Int32
    public var c: Int32
    /// Op-specific integer (shift amount, slice low bit, literal/memory/instance index).
    public var imm: Int
    /// Op-specific second integer (instance port index).
    public var imm2: Int
    /// Verilog identifier (unique within the module; empty for literals).
    public var name: String
    /// Where the node was created in Swift.
    public var location: SourceLocation

    /// Creates a node.
    public init(op: IROp, type: HWType, a: Int32 = -1, b: Int32 = -1, c: Int32 = -1, imm: Int = 0, imm2: Int = 0,
                name: String = "", location: SourceLocation = .unknown) {
        self.op = op
        self.type = type
        self.a = a
        self.b = b
        self.c = c
        self.imm = imm
        self.imm2 = imm2
        self.name = name
        self.location = location
    }
}
