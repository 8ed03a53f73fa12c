/// Converts lowered builders into unique IR module definitions and their Verilog text.
/// Instances with identical parameters and structure share one definition; a name clash
/// between different structures gets a short stable hash suffix.
enum DesignAssembler {
    /// `canonical` maps an instance to an earlier, identical one whose definition it shares.
    static func assemble(order: [ModuleBuilder], facts: [ObjectIdentifier: ModuleFacts],
                         canonical: [ObjectIdentifier: ModuleBuilder] = [:], warnings: [Diagnostic]) -> Design {
        var defs: [IRModule] = []
        var texts: [String] = []
        var defOf: [ObjectIdentifier: Int] = [:]
        var byKey: [String: Int] = [:]
        var byIR: [IRModule: Int] = [:]
        var usedNames: Set<String> = []
        for b in order {
            if let c = canonical[ObjectIdentifier(b)] {
                defOf[ObjectIdentifier(b)] = defOf[ObjectIdentifier(c)]!
                continue
            }
            let f = facts[ObjectIdentifier(b)]!
            let childDefs = b.children.map { defOf[ObjectIdentifier($0)]! }
            let naming = Naming.run(b) { ci, port in
                let d = defs[childDefs[ci]]
                return d.nodes[Int(d.ports[port])].name
            }
            var nodes: [IRNode] = []
            nodes.reserveCapacity(b.nodes.count)
            for (i, n) in b.nodes.enumerated() {
                nodes.append(IRNode(op: n.op, type: n.type, a: n.a, b: n.b, c: n.c, imm: n.imm, imm2: n.imm2,
                                    name: naming.nodes[i], location: n.loc ?? b.lastLoc))
            }
            let mems = b.memories.enumerated().map { i, m in
                IRMemory(name: naming.memories[i], depth: m.depth, type: m.type, addrWidth: m.addrWidth,
                         readPorts: m.readPorts, writePorts: m.writePorts, location: m.loc)
            }
            let insts = b.children.enumerated().map { i, c in
                IRInstance(name: naming.instances[i], module: childDefs[i], connections: f.connections[i], location: c.instanceLoc)
            }
            var ir = IRModule(name: VerilogEmitter.namePlaceholder, baseName: b.moduleName, parameters: b.parameters,
                              nodes: nodes, literals: b.literals, concatLists: b.concatLists, ports: b.ports,
                              memories: mems, instances: insts, hasClock: f.hasClock, hasReset: f.hasReset,
                              resetKind: b.resetKind, combinationalDependencies: f.combDeps, location: b.instanceLoc, sram: b.sram)
            // Identical IR (same class, parameters, structure, names and source lines) is emitted once.
            var irKey = ir
            irKey.location = .unknown
            if let existing = byIR[irKey] {
                defOf[ObjectIdentifier(b)] = existing
                continue
            }
            let parts = VerilogEmitter.emitParts(ir, defs: defs, name: VerilogEmitter.namePlaceholder)
            let text = parts.body
            let key = b.moduleName + "\u{0}" + parts.head + text
            if let existing = byKey[key] {
                defOf[ObjectIdentifier(b)] = existing
                byIR[irKey] = existing
                continue
            }
            var name = b.moduleName
            for p in b.parameters { name += "_" + sanitizeIdentifier(p.key) + sanitizeParamValue(p.value) }
            if usedNames.contains(name) || Naming.reserved.contains(name) {
                name += "_" + String(StableHash.fnv1a64(text) & 0xFFFF_FFFF, radix: 16)
                while usedNames.contains(name) { name += "x" }
            }
            usedNames.insert(name)
            ir.name = name
            defs.append(ir)
            texts.append(parts.head.replacingOccurrences(of: VerilogEmitter.namePlaceholder, with: name) + text)
            byKey[key] = defs.count - 1
            byIR[irKey] = defs.count - 1
            defOf[ObjectIdentifier(b)] = defs.count - 1
        }
        return Design(modules: defs, verilog: texts, warnings: warnings)
    }

    static func sanitizeParamValue(_ v: String) -> String {
        var s = ""
        for ch in v.unicodeScalars {
            switch ch {
            case "-": s += "m"
            case ".": s += "p"
            default:
                if (ch >= "a" && ch <= "z") || (ch >= "A" && ch <= "Z") || (ch >= "0" && ch <= "9") {
                    s.unicodeScalars.append(ch)
                } else {
                    s += "_"
                }
            }
        }
        return s
    }
}
