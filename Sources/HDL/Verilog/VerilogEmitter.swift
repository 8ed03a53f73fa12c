/// Writes one IR module as a Verilog-2005 module: `default_nettype none`, a header naming the
/// generator and parameters, one declaration and one `assign` per node with explicit widths,
/// `// @[File.swift:line]` locators, clocked logic with nonblocking assignments only, and an
/// `_unused_ok` sink for bits that are deliberately not read (so `verilator -Wall` is clean).
public enum VerilogEmitter {
    /// Placeholder for the module name while the final name is not known yet.
    static let namePlaceholder = "\u{1}MODULE\u{1}"

    /// Emits `m`; `defs` are the definitions its instances refer to.
    public static func emit(_ m: IRModule, defs: [IRModule]) -> String {
        emit(m, defs: defs, name: m.name)
    }

    static func emit(_ m: IRModule, defs: [IRModule], name: String) -> String {
        var e = Emitter(m: m, defs: defs)
        return e.run(name: name)
    }

    /// `N'hXX` (or `N'shXX` for signed) for a bit pattern.
    static func literalText(_ v: BitVector, signed: Bool) -> String {
        "\(v.width)'\(signed ? "s" : "")h\(v.hex)"
    }

    static func range(_ t: HWType) -> String {
        let r = t.width == 1 ? "" : "[\(t.width - 1):0] "
        return (t.isSigned ? "signed " : "") + r
    }
}

private struct Emitter {
    let m: IRModule
    let defs: [IRModule]
    var out = ""

    init(m: IRModule, defs: [IRModule]) {
        self.m = m
        self.defs = defs
        out.reserveCapacity(m.nodes.count * 64 + 512)
    }

    func loc(_ l: SourceLocation) -> String { "// @[\(l)]" }

    /// Text of an operand: a literal or a node name.
    func ref(_ id: Int32) -> String {
        let n = m.nodes[Int(id)]
        if n.op == .literal { return VerilogEmitter.literalText(m.literals[n.imm], signed: n.type.isSigned) }
        return n.name
    }

    func bitsFor(_ k: Int) -> Int {
        var w = 1
        while (1 << w) <= k { w += 1 }
        return w
    }

    /// `x[hi:lo]` of node `id` (folded for literals, plain name for full 1-bit).
    func sliceText(_ id: Int32, hi: Int, lo: Int) -> String {
        let n = m.nodes[Int(id)]
        if n.op == .literal {
            let v = m.literals[n.imm].slice(hi: hi, lo: lo)
            return VerilogEmitter.literalText(v, signed: false)
        }
        if n.type.width == 1 { return n.name }
        return hi == lo ? "\(n.name)[\(lo)]" : "\(n.name)[\(hi):\(lo)]"
    }

    func extendText(_ id: Int32, to w: Int, signed: Bool) -> String {
        let n = m.nodes[Int(id)]
        let wa = n.type.width
        if wa == w { return ref(id) }
        if n.op == .literal {
            let v = m.literals[n.imm]
            return VerilogEmitter.literalText(signed ? v.sext(to: w) : v.zext(to: w), signed: false)
        }
        if signed {
            let s = sliceText(id, hi: wa - 1, lo: wa - 1)
            return "{{\(w - wa){\(s)}}, \(n.name)}"
        }
        return "{\(w - wa)'h0, \(n.name)}"
    }

    func expr(_ n: IRNode) -> String? {
        switch n.op {
        case .input, .literal, .register, .memReadSync, .instOutput:
            return nil
        case .output, .wire, .instInput:
            return ref(n.a)
        case .add: return "\(ref(n.a)) + \(ref(n.b))"
        case .sub: return "\(ref(n.a)) - \(ref(n.b))"
        case .mul:
            let w = n.type.width
            let s = n.type.isSigned
            return "\(extendText(n.a, to: w, signed: s)) * \(extendText(n.b, to: w, signed: s))"
        case .and: return "\(ref(n.a)) & \(ref(n.b))"
        case .or: return "\(ref(n.a)) | \(ref(n.b))"
        case .xor: return "\(ref(n.a)) ^ \(ref(n.b))"
        case .not: return "~\(ref(n.a))"
        case .neg: return "-\(ref(n.a))"
        case .eq: return "\(ref(n.a)) == \(ref(n.b))"
        case .ne: return "\(ref(n.a)) != \(ref(n.b))"
        case .lt: return "\(ref(n.a)) < \(ref(n.b))"
        case .le: return "\(ref(n.a)) <= \(ref(n.b))"
        case .gt: return "\(ref(n.a)) > \(ref(n.b))"
        case .ge: return "\(ref(n.a)) >= \(ref(n.b))"
        case .shl: return "\(ref(n.a)) << \(bitsFor(n.imm))'d\(n.imm)"
        case .shr: return "\(ref(n.a)) \(n.type.isSigned ? ">>>" : ">>") \(bitsFor(n.imm))'d\(n.imm)"
        case .dshl: return "\(ref(n.a)) << \(ref(n.b))"
        case .dshr: return "\(ref(n.a)) \(n.type.isSigned ? ">>>" : ">>") \(ref(n.b))"
        case .slice: return sliceText(n.a, hi: n.imm + n.type.width - 1, lo: n.imm)
        case .concat: return "{" + m.concatLists[n.imm].map { ref($0) }.joined(separator: ", ") + "}"
        case .zext: return extendText(n.a, to: n.type.width, signed: false)
        case .sext: return extendText(n.a, to: n.type.width, signed: true)
        case .reinterpret: return n.type.isSigned ? "$signed(\(ref(n.a)))" : "$unsigned(\(ref(n.a)))"
        case .mux: return "\(ref(n.a)) ? \(ref(n.b)) : \(ref(n.c))"
        case .andR: return "&\(ref(n.a))"
        case .orR: return "|\(ref(n.a))"
        case .xorR: return "^\(ref(n.a))"
        case .memRead:
            let mem = m.memories[n.imm]
            if mem.depth == 1 << mem.addrWidth { return "\(mem.name)[\(ref(n.a))]" }
            let bound = VerilogEmitter.literalText(BitVector(width: mem.addrWidth, value: mem.depth), signed: false)
            let zero = VerilogEmitter.literalText(BitVector(width: n.type.width), signed: n.type.isSigned)
            return "(\(ref(n.a)) < \(bound)) ? \(mem.name)[\(ref(n.a))] : \(zero)"
        }
    }

    mutating func line(_ s: String) {
        out += s
        out += "\n"
    }

    mutating func run(name: String) -> String {
        let gen = HDL.generator
        line("// Generated by \(gen). Do not edit.")
        line("// Module: \(name) (Swift class \(m.baseName))")
        if m.parameters.isEmpty {
            line("// Parameters: none")
        } else {
            line("// Parameters: " + m.parameters.map { "\($0.key)=\($0.value)" }.joined(separator: ", "))
        }
        line("// Reset: \(m.resetKind.rawValue), active high")
        line("`default_nettype none")
        line("")
        // Port list.
        var portLines: [(String, String)] = []
        if m.hasClock { portLines.append(("input  wire clk", "")) }
        if m.hasReset { portLines.append(("input  wire reset", "")) }
        for pid in m.ports {
            let n = m.nodes[Int(pid)]
            let dir = n.op == .input ? "input  wire " : "output wire "
            portLines.append((dir + VerilogEmitter.range(n.type) + n.name, loc(n.location)))
        }
        if portLines.isEmpty {
            line("module \(name);")
        } else {
            line("module \(name) (")
            for (i, p) in portLines.enumerated() {
                let comma = i + 1 < portLines.count ? "," : ""
                line("  \(p.0)\(comma)" + (p.1.isEmpty ? "" : " \(p.1)"))
            }
            line(");")
        }
        // Declarations.
        for mem in m.memories {
            line("  reg \(VerilogEmitter.range(mem.type))\(mem.name) [0:\(mem.depth - 1)]; \(loc(mem.location))")
        }
        for n in m.nodes {
            switch n.op {
            case .input, .output, .literal:
                continue
            case .register, .memReadSync:
                line("  reg  \(VerilogEmitter.range(n.type))\(n.name); \(loc(n.location))")
            default:
                line("  wire \(VerilogEmitter.range(n.type))\(n.name); \(loc(n.location))")
            }
        }
        // Combinational assignments.
        for n in m.nodes {
            if let e = expr(n) { line("  assign \(n.name) = \(e); \(loc(n.location))") }
        }
        // Instances.
        for inst in m.instances {
            let child = defs[inst.module]
            var conns: [String] = []
            if child.hasClock { conns.append(".clk(clk)") }
            if child.hasReset { conns.append(".reset(reset)") }
            for (pi, pid) in child.ports.enumerated() {
                conns.append(".\(child.nodes[Int(pid)].name)(\(m.nodes[Int(inst.connections[pi])].name))")
            }
            line("  \(child.name) \(inst.name) ( \(loc(inst.location))")
            for (i, c) in conns.enumerated() { line("    \(c)\(i + 1 < conns.count ? "," : "")") }
            line("  );")
        }
        // Registers.
        let edge = m.resetKind == .async ? "always @(posedge clk or posedge reset)" : "always @(posedge clk)"
        for n in m.nodes where n.op == .register {
            line("  \(n.imm >= 0 ? edge : "always @(posedge clk)") begin \(loc(n.location))")
            var indent = "    "
            if n.imm >= 0 {
                line("    if (reset) begin")
                line("      \(n.name) <= \(VerilogEmitter.literalText(m.literals[n.imm], signed: n.type.isSigned));")
                if n.b >= 0 {
                    line("    end else if (\(ref(n.b))) begin")
                } else {
                    line("    end else begin")
                }
                indent = "      "
                line("\(indent)\(n.name) <= \(ref(n.a));")
                line("    end")
            } else if n.b >= 0 {
                line("    if (\(ref(n.b))) begin")
                line("      \(n.name) <= \(ref(n.a));")
                line("    end")
            } else {
                line("\(indent)\(n.name) <= \(ref(n.a));")
            }
            line("  end")
        }
        // Memories: write ports, then synchronous read ports.
        for mem in m.memories {
            if !mem.writePorts.isEmpty {
                line("  always @(posedge clk) begin \(loc(mem.location))")
                for w in mem.writePorts {
                    line("    if (\(ref(w.enable))) begin \(loc(w.location))")
                    line("      \(mem.name)[\(ref(w.addr))] <= \(ref(w.data));")
                    line("    end")
                }
                line("  end")
            }
            for rp in mem.readPorts where m.nodes[Int(rp)].op == .memReadSync {
                let n = m.nodes[Int(rp)]
                var rhs = "\(mem.name)[\(ref(n.a))]"
                if mem.depth != 1 << mem.addrWidth {
                    let bound = VerilogEmitter.literalText(BitVector(width: mem.addrWidth, value: mem.depth), signed: false)
                    let zero = VerilogEmitter.literalText(BitVector(width: n.type.width), signed: n.type.isSigned)
                    rhs = "(\(ref(n.a)) < \(bound)) ? \(rhs) : \(zero)"
                }
                line("  always @(posedge clk) begin \(loc(n.location))")
                if n.b >= 0 {
                    line("    if (\(ref(n.b))) begin")
                    line("      \(n.name) <= \(rhs);")
                    line("    end")
                } else {
                    line("    \(n.name) <= \(rhs);")
                }
                line("  end")
            }
        }
        // Sink for bits nobody reads.
        let unused = unusedBits()
        if !unused.isEmpty {
            line("  wire _unused_ok = &{1'b0, \(unused.joined(separator: ", ")), 1'b0};")
        }
        line("endmodule")
        line("")
        line("`default_nettype wire")
        return out
    }

    /// Slices and names of signal bits that no expression reads.
    func unusedBits() -> [String] {
        let n = m.nodes.count
        var full = [Bool](repeating: false, count: n)
        var partial: [Int: [(Int, Int)]] = [:]
        func use(_ x: Int32) { if x >= 0 { full[Int(x)] = true } }
        for nd in m.nodes {
            switch nd.op {
            case .slice:
                partial[Int(nd.a), default: []].append((nd.imm, nd.imm + nd.type.width - 1))
            case .concat:
                for o in m.concatLists[nd.imm] { use(o) }
            default:
                use(nd.a); use(nd.b); use(nd.c)
            }
        }
        for mem in m.memories {
            for w in mem.writePorts { use(w.addr); use(w.data); use(w.enable) }
        }
        var result: [String] = []
        for i in 0..<n where !full[i] {
            let nd = m.nodes[i]
            switch nd.op {
            case .literal, .output, .instInput:
                continue
            default:
                break
            }
            guard var ranges = partial[i] else {
                result.append(nd.name)
                continue
            }
            ranges.sort { $0.0 < $1.0 }
            var next = 0
            for (lo, hi) in ranges {
                if lo > next { result.append(sliceText(Int32(i), hi: lo - 1, lo: next)) }
                next = max(next, hi + 1)
            }
            if next < nd.type.width { result.append(sliceText(Int32(i), hi: nd.type.width - 1, lo: next)) }
        }
        return result
    }
}
