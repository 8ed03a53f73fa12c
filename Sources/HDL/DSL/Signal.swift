/// A handle to a hardware value (port, wire, register, operator result, literal...) of the
/// module under construction. Operators on signals build IR nodes; nothing widens or narrows
/// silently: see `docs/HDL.md` for the result width of every operator.
public struct Signal: CustomStringConvertible {
    let builder: ModuleBuilder
    let id: Int32
    /// Width and signedness.
    public let type: HWType

    init(_ builder: ModuleBuilder, _ id: Int32) {
        self.builder = builder
        self.id = id
        self.type = builder.nodes[Int(id)].type
    }

    /// Number of bits.
    public var width: Int { type.width }
    /// True for `SInt`.
    public var isSigned: Bool { type.isSigned }

    /// The signal's current name (empty until named) and type.
    public var description: String {
        let n = builder.nodes[Int(id)].name
        return "\(n.isEmpty ? "_" : n): \(type)"
    }

    /// Gives the signal an explicit Verilog name (overrides the property name).
    @discardableResult
    public func named(_ name: String) -> Signal {
        builder.setName(id, sanitizeIdentifier(name), .explicit)
        return self
    }

    /// Combinational assignment (for wires, outputs and submodule inputs) or next-value
    /// assignment (for registers). Inside `when` branches only that path is affected; the value
    /// must have exactly the target's type.
    public func assign(_ value: Signal, file: StaticString = #fileID, line: UInt = #line) {
        let b = BuilderStack.current
        let loc = SourceLocation(fileID: file, line: line)
        b.stamp(loc)
        let t = b.resolve(self, at: loc)
        let v = b.resolve(value, at: loc)
        let tn = b.nodes[Int(t)]
        switch tn.op {
        case .wire, .output, .register, .instInput:
            break
        case .input:
            b.context.error(loc, "cannot assign input port \(b.describe(t))")
            return
        case .instOutput:
            b.context.error(loc, "cannot assign output port of instance '\(b.children[tn.imm].instanceName)'; it is driven inside the instance")
            return
        default:
            b.context.error(loc, "cannot assign \(b.describe(t)): only wires, outputs, registers and submodule inputs are assignable")
            return
        }
        let vt = b.nodes[Int(v)].type
        if vt != tn.type {
            b.context.error(loc, "\(vt.width != tn.type.width ? "width" : "signedness") mismatch in assignment to \(b.describe(t)): target is \(tn.type), value is \(vt)")
            return
        }
        b.currentBlock.stmts.append(.assign(target: t, value: v, loc: loc))
    }

    /// Assigns an integer constant of the target's type (checked to fit).
    public func assign(_ value: Int, file: StaticString = #fileID, line: UInt = #line) {
        assign(lit(value, type, file: file, line: line), file: file, line: line)
    }
}

/// Turns any string into a legal Verilog identifier.
func sanitizeIdentifier(_ s: String) -> String {
    var out = ""
    for u in s.unicodeScalars {
        if (u >= "a" && u <= "z") || (u >= "A" && u <= "Z") || (u >= "0" && u <= "9") || u == "_" {
            out.unicodeScalars.append(u)
        } else {
            out.append("_")
        }
    }
    if out.isEmpty { return "_" }
    if let f = out.unicodeScalars.first, f >= "0" && f <= "9" { out = "_" + out }
    return out
}
