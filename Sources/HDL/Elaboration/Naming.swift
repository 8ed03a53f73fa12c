/// Gives every node, memory and instance of a module a unique, legal Verilog identifier.
/// Order of precedence: ports, explicit names, property names, hints, generated names;
/// clashes get `_1`, `_2` ... suffixes, so user names are never displaced by generated ones.
struct Naming {
    static let reserved: Set<String> = [
        "always", "and", "assign", "automatic", "begin", "buf", "case", "casex", "casez", "cell", "cmos", "config",
        "deassign", "default", "defparam", "design", "disable", "edge", "else", "end", "endcase", "endconfig",
        "endfunction", "endgenerate", "endmodule", "endprimitive", "endspecify", "endtable", "endtask", "event",
        "for", "force", "forever", "fork", "function", "generate", "genvar", "highz0", "highz1", "if", "ifnone",
        "incdir", "include", "initial", "inout", "input", "instance", "integer", "join", "large", "liblist",
        "library", "localparam", "macromodule", "medium", "module", "nand", "negedge", "nmos", "nor",
        "noshowcancelled", "not", "notif0", "notif1", "or", "output", "parameter", "pmos", "posedge", "primitive",
        "pull0", "pull1", "pulldown", "pullup", "pulsestyle_onevent", "pulsestyle_ondetect", "rcmos", "real",
        "realtime", "reg", "release", "repeat", "rnmos", "rpmos", "rtran", "rtranif0", "rtranif1", "scalared",
        "showcancelled", "signed", "small", "specify", "specparam", "strong0", "strong1", "supply0", "supply1",
        "table", "task", "time", "tran", "tranif0", "tranif1", "tri", "tri0", "tri1", "triand", "trior", "trireg",
        "unsigned", "use", "uwire", "vectored", "wait", "wand", "weak0", "weak1", "while", "wire", "wor", "xnor",
        "xor", "logic", "bit", "byte", "int", "shortint", "longint", "string", "class", "interface", "package",
        "program", "property", "sequence", "assert", "assume", "cover", "typedef", "enum", "struct", "union",
        "void", "return", "break", "continue", "do", "final", "import", "export", "extern", "static", "const",
        "var", "type", "new", "this", "super", "null", "local", "protected", "rand", "randc", "constraint",
        "inside", "with", "unique", "priority", "alias", "always_comb", "always_ff", "always_latch", "bind",
        "chandle", "context", "dist", "endclass", "endinterface", "endpackage", "endprogram", "endproperty",
        "endsequence", "expect", "first_match", "foreach", "forkjoin", "iff", "ignore_bins", "illegal_bins",
        "intersect", "join_any", "join_none", "matches", "modport", "packed", "pure", "ref", "solve", "tagged",
        "throughout", "timeprecision", "timeunit", "virtual", "wait_order", "wildcard", "within", "clk", "reset",
        "_unused_ok",
    ]

    private var used: Set<String> = []
    private var counters: [String: Int] = [:]

    mutating func claim(_ base: String) -> String {
        if !Naming.reserved.contains(base) && used.insert(base).inserted { return base }
        var k = counters[base] ?? 1
        var name = base + "_" + String(k)
        while used.contains(name) || Naming.reserved.contains(name) {
            k += 1
            name = base + "_" + String(k)
        }
        counters[base] = k + 1
        used.insert(name)
        return name
    }

    /// Names everything of `b`; `childPortName(child, port)` gives a child's final port names.
    static func run(_ b: ModuleBuilder, childPortName: (Int, Int) -> String) -> (nodes: [String], memories: [String], instances: [String]) {
        var nm = Naming()
        nm.used.reserveCapacity(b.nodes.count + b.children.count + b.memories.count)
        var names = [String](repeating: "", count: b.nodes.count)
        // Ports.
        for (i, pid) in b.ports.enumerated() {
            let n = b.nodes[Int(pid)]
            names[Int(pid)] = nm.claim(n.name.isEmpty ? "port\(i)" : n.name)
        }
        // User names (explicit, then property names).
        for pri in [NamePriority.explicit, .mirror] {
            for i in 0..<b.nodes.count where names[i].isEmpty && b.nodes[i].priority == pri && b.nodes[i].op != .literal {
                names[i] = nm.claim(b.nodes[i].name)
            }
        }
        var mems = [String](repeating: "", count: b.memories.count)
        for (i, m) in b.memories.enumerated() where m.priority >= .mirror { mems[i] = nm.claim(m.name) }
        for i in 0..<mems.count where mems[i].isEmpty { mems[i] = nm.claim("_mem") }
        var insts = [String](repeating: "", count: b.children.count)
        for (i, c) in b.children.enumerated() where c.instancePriority >= .mirror { insts[i] = nm.claim(c.instanceName) }
        for (i, c) in b.children.enumerated() where insts[i].isEmpty { insts[i] = nm.claim("_\(c.moduleName)") }
        // Hints and generated names.
        for i in 0..<b.nodes.count where names[i].isEmpty && b.nodes[i].op != .literal {
            let n = b.nodes[i]
            let base: String
            switch n.op {
            case .instInput, .instOutput:
                base = "\(insts[n.imm])_\(childPortName(n.imm, n.imm2))"
            case .memRead, .memReadSync:
                base = "\(mems[n.imm])_rd"
            case .register:
                base = "_reg"
            default:
                base = n.priority == .hint ? n.name : "_T"
            }
            names[i] = nm.claim(base)
        }
        return (names, mems, insts)
    }
}
