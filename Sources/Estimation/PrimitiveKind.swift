/// The kinds of primitive characterised in the area table, named as in
/// `scripts/yosys/primitives.v` (the raw value is the Verilog module name and the table's `kind`).
public enum PrimitiveKind: String, Sendable, Codable, CaseIterable, Hashable {
    case add, sub, inc
    case mulSigned = "mul_s", mulUnsigned = "mul_u"
    case mac
    case lessThanSigned = "lt_s", lessThanUnsigned = "lt_u", lessEqualSigned = "le_s", equal = "eq"
    case mux2, muxN = "muxn"
    case register = "reg_plain", registerReset = "reg_rst", registerEnable = "reg_en"
    case registerResetEnable = "reg_rst_en"
    case logic = "logic_and"
    case shiftRight = "shr_s"
    case shiftRightLogical = "shr_u"
    case pau
    case registerFile = "regfile"

    /// The parameter that the table interpolates over; the others must match entries exactly,
    /// otherwise a multi-parameter kind is evaluated by its fitted model.
    var sweepParameter: String {
        switch self {
        case .pau, .mac: return "A"
        case .muxN: return "N"
        case .registerFile, .shiftRightLogical: return "D"
        default: return "W"
        }
    }

    /// Multi-parameter kinds fall back to their fitted model between characterised lines.
    var usesFit: Bool {
        switch self {
        case .mac, .muxN, .pau, .registerFile: return true
        default: return false
        }
    }
}
