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
        let p = emitParts(m, defs: defs, name: name)
        return p.head + p.body
    }

    /// The text split after the `module` line: only `head` mentions the module name.
    static func emitParts(_ m: IRModule, defs: [IRModule], name: String) -> (head: String, body: String) {
        if let shape = m.sram { return SRAMVerilog.emitParts(m, shape, name: name) }
        var e = Emitter(m: m, defs: defs)
        let text = e.run(name: name)
        let u = text.utf8
        let cut = u.index(u.startIndex, offsetBy: e.headEnd)
        return (String(text[..<cut]), String(text[cut...]))
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
    var buf: [UInt8] = []
    /// UTF-8 length of the header (through the `module` line).
    var headEnd = 0

    /// Values of nodes that are constant within the module (as Verilator's constant folding sees them).
    let konst: [BitVector?]

    init(m: IRModule, defs: [IRModule]) {
        self.m = m
        self.defs = defs
        self.konst = Emitter.constants(m)
        buf.reserveCapacity(m.nodes.count * 96 + 512)
    }

    /// Constant analysis: literals, pure operators of constants, wires of constants, muxes with a
    /// constant select, `x & 0`, `x | ~0`, `x * 0`.
    static func constants(_ m: IRModule) -> [BitVector?] {
        let n = m.nodes.count
        var k = [BitVector?](repeating: nil, count: n)
        var state = [UInt8](repeating: 0, count: n)
        var stack: [(Int32, Bool)] = []
        func operands(_ nd: IRNode) -> [Int32] {
            switch nd.op {
            case .input, .literal, .register, .memReadSync, .memRead, .instOutput: return []
            case .concat: return m.concatLists[nd.imm]
            default: return [nd.a, nd.b, nd.c].filter { $0 >= 0 }
            }
        }
        for s0 in 0..<n where state[s0] == 0 {
            stack.append((Int32(s0), false))
            while let (v, done) = stack.popLast() {
                let i = Int(v)
                if done {
                    state[i] = 2
                    k[i] = fold(m, m.nodes[i], k)
                    continue
                }
                if state[i] != 0 { continue }
                state[i] = 1
                stack.append((v, true))
                for o in operands(m.nodes[i]) where state[Int(o)] == 0 { stack.append((o, false)) }
            }
        }
        return k
    }

    static func fold(_ m: IRModule, _ nd: IRNode, _ k: [BitVector?]) -> BitVector? {
        switch nd.op {
        case .literal: return m.literals[nd.imm]
        case .input, .register, .memReadSync, .memRead, .instOutput: return nil
        default: break
        }
        func kv(_ x: Int32) -> BitVector? { x >= 0 ? k[Int(x)] : nil }
        let ka = kv(nd.a), kb = kv(nd.b)
        switch nd.op {
        case .mux:
            guard let s = ka else { return nil }
            return s.bit(0) ? kb : kv(nd.c)
        case .and:
            if let z = ka ?? kb, z.isZero { return BitVector(width: nd.type.width) }
        case .or:
            if let o = ka ?? kb, o.not().isZero { return o }
        case .mul:
            if let z = ka, z.isZero { return BitVector(width: nd.type.width) }
            if let z = kb, z.isZero { return BitVector(width: nd.type.width) }
        case .xor, .sub:
            if nd.a == nd.b { return BitVector(width: nd.type.width) }
        case .eq, .le, .ge:
            if nd.a == nd.b { return BitVector(width: 1, value: 1) }
        case .ne, .lt, .gt:
            if nd.a == nd.b { return BitVector(width: 1) }
        default: break
        }
        if nd.op == .concat {
            var parts: [BitVector] = []
            for o in m.concatLists[nd.imm] {
                guard let v = k[Int(o)] else { return nil }
                parts.append(v)
            }
            return IREval.apply(.concat, nd.type, signedA: false, a: nil, b: nil, c: nil, imm: 0, parts: parts)
        }
        if nd.a >= 0 && ka == nil { return nil }
        if nd.b >= 0 && kb == nil { return nil }
        if nd.c >= 0 && kv(nd.c) == nil { return nil }
        let sa = nd.a >= 0 ? m.nodes[Int(nd.a)].type.isSigned : false
        return IREval.apply(nd.op, nd.type, signedA: sa, a: ka, b: kb, c: kv(nd.c), imm: nd.imm, parts: [])
    }

    @inline(__always) mutating func w(_ s: String) {
        var s = s
        s.withUTF8 { buf.append(contentsOf: $0) }
    }

    @inline(__always) mutating func w(_ v: Int) {
        if v < 10 && v >= 0 {
            buf.append(UInt8(48 + v))
            return
        }
        w(String(v))
    }

    mutating func wRange(_ t: HWType) {
        if t.isSigned { w("signed ") }
        if t.width > 1 {
            buf.append(UInt8(ascii: "["))
            w(t.width - 1)
            w(":0] ")
        }
    }

    mutating func wLoc(_ l: SourceLocation) {
        w("// @[")
        w(l.file)
        buf.append(UInt8(ascii: ":"))
        w(l.line)
        buf.append(UInt8(ascii: "]"))
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
            // Signed: `$signed(a) * $signed(b)`, assigned to the product-width wire, so the operands
            // are sign-extended by the context and synthesis sees a signed Wa×Wb multiplier
            // (explicitly sign-extended operands would be an unsigned (Wa+Wb)² multiplier).
            // Unsigned: zero-extended operands (synthesis trims constant-zero top bits).
            if n.type.isSigned { return "$signed(\(ref(n.a))) * $signed(\(ref(n.b)))" }
            let w = n.type.width
            return "\(extendText(n.a, to: w, signed: false)) * \(extendText(n.b, to: w, signed: false))"
        case .and: return "\(ref(n.a)) & \(ref(n.b))"
        case .or: return "\(ref(n.a)) | \(ref(n.b))"
        case .xor: return "\(ref(n.a)) ^ \(ref(n.b))"
        case .not: return "~\(ref(n.a))"
        case .neg: return "-\(ref(n.a))"
        case .eq: return "\(ref(n.a)) == \(ref(n.b))"
        case .ne: return "\(ref(n.a)) != \(ref(n.b))"
        case .lt, .le, .gt, .ge:
            if let c = constantCompare(n) { return c ? "1'h1" : "1'h0" }
            return compareText(n)
        default:
            return otherExpr(n)
        }
    }

    func compareText(_ n: IRNode) -> String {
        switch n.op {
        case .lt: return "\(ref(n.a)) < \(ref(n.b))"
        case .le: return "\(ref(n.a)) <= \(ref(n.b))"
        case .gt: return "\(ref(n.a)) > \(ref(n.b))"
        default: return "\(ref(n.a)) >= \(ref(n.b))"
        }
    }

    func otherExpr(_ n: IRNode) -> String? {
        switch n.op {
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
        default:
            return nil
        }
    }

    /// The value of a range comparison that is constant because a literal operand is the
    /// minimum or maximum of the type (Verilator's CMPCONST); nil when it depends on the operands.
    func constantCompare(_ n: IRNode) -> Bool? {
        switch n.op {
        case .lt, .le, .gt, .ge: break
        default: return nil
        }
        let kx = konst[Int(n.a)], ky = konst[Int(n.b)]
        if kx == nil && ky == nil { return nil }
        let t = m.nodes[Int(n.a)].type
        if let a = kx, let b = ky {
            let c = t.isSigned ? a.compareSigned(b) : a.compareUnsigned(b)
            switch n.op {
            case .lt: return c < 0
            case .le: return c <= 0
            case .gt: return c > 0
            default: return c >= 0
            }
        }
        let minV = t.isSigned ? BitVector(width: t.width).not().lshr(1).not() : BitVector(width: t.width)
        let maxV = t.isSigned ? BitVector(width: t.width).not().lshr(1) : BitVector(width: t.width).not()
        if let v = ky {
            switch n.op {
            case .lt: return v == minV ? false : nil
            case .le: return v == maxV ? true : nil
            case .gt: return v == maxV ? false : nil
            default: return v == minV ? true : nil
            }
        }
        if let v = kx {
            switch n.op {
            case .lt: return v == maxV ? false : nil
            case .le: return v == minV ? true : nil
            case .gt: return v == minV ? false : nil
            default: return v == maxV ? true : nil
            }
        }
        return nil
    }

    mutating func line(_ s: String) {
        w(s)
        buf.append(10)
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
            headEnd = buf.count
        } else {
            line("module \(name) (")
            headEnd = buf.count
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
                w("  reg  ")
            default:
                w("  wire ")
            }
            wRange(n.type)
            w(n.name)
            w("; ")
            wLoc(n.location)
            buf.append(10)
        }
        // Combinational assignments.
        for n in m.nodes {
            if let e = expr(n) {
                w("  assign ")
                w(n.name)
                w(" = ")
                w(e)
                w("; ")
                wLoc(n.location)
                buf.append(10)
            }
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
        return String(decoding: buf, as: UTF8.self)
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
            case .lt, .le, .gt, .ge:
                if constantCompare(nd) == nil { use(nd.a); use(nd.b) }
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
