/// Elaboration checks on a lowered module: instance connections, undriven signals,
/// combinational loops, unused inputs and wires; also derives clock/reset needs and the
/// output-to-input combinational dependencies parents need for their own loop check.
enum Checks {
    static func run(_ b: ModuleBuilder, touched: [Int32: SourceLocation],
                    facts: [ObjectIdentifier: ModuleFacts]) -> ModuleFacts {
        let ctx = b.context
        // 1. Complete instance connections.
        var connections: [[Int32]] = []
        for (ci, child) in b.children.enumerated() {
            var conn: [Int32] = []
            for pid in child.ports {
                let pn = child.nodes[Int(pid)]
                let key = Int64(ci) << 32 | Int64(pid)
                if let local = b.portRefs[key] {
                    conn.append(local)
                    continue
                }
                if pn.op == .output {
                    let id = b.add(.instOutput, pn.type, imm: ci, imm2: pn.imm, loc: child.instanceLoc)
                    b.portRefs[key] = id
                    conn.append(id)
                } else {
                    ctx.error(child.instanceLoc, "input '\(pn.name)' of instance '\(child.instanceName)' (\(child.moduleName)) is never driven")
                    let id = b.add(.instInput, pn.type, imm: ci, imm2: pn.imm, loc: child.instanceLoc)
                    b.portRefs[key] = id
                    b.nodes[Int(id)].a = b.literal(BitVector(width: pn.type.width), signed: pn.type.isSigned, loc: child.instanceLoc)
                    conn.append(id)
                }
            }
            connections.append(conn)
        }
        b.stamp(b.lastLoc)

        // 2. Undriven targets.
        for i in 0..<b.nodes.count {
            let n = b.nodes[i]
            let id = Int32(i)
            switch n.op {
            case .output, .wire:
                if touched[id] == nil {
                    ctx.error(n.loc ?? b.lastLoc, "\(n.op == .output ? "output" : "wire") \(b.describe(id)) is never assigned")
                }
            case .register:
                if touched[id] == nil {
                    ctx.error(n.loc ?? b.lastLoc, "register \(b.describe(id)) is never assigned (its input is undriven)")
                }
            case .instInput:
                if n.a < 0 && touched[id] == nil {
                    let child = b.children[n.imm]
                    let pname = child.nodes[Int(child.ports[n.imm2])].name
                    ctx.error(child.instanceLoc, "input '\(pname)' of instance '\(child.instanceName)' (\(child.moduleName)) is never driven")
                }
            default:
                break
            }
        }

        // 3. Combinational loops, topological order and port dependencies.
        let childFacts = b.children.map { facts[ObjectIdentifier($0)] }
        let instDeps: (Int, Int) -> [Int32] = { inst, port in
            guard let cf = childFacts[inst], let deps = cf.combDeps[port] else { return [] }
            let conn = connections[inst]
            return deps.map { conn[$0] }
        }
        let nodes = b.nodes
        let n = nodes.count
        var color = [UInt8](repeating: 0, count: n)
        var topo: [Int32] = []
        topo.reserveCapacity(n)
        var loopReported = false
        var succBuf: [Int32] = []
        for start in 0..<n where color[start] == 0 {
            // Iterative DFS: (node, its inputs, next index).
            var stack: [(Int32, [Int32], Int)] = []
            succBuf.removeAll()
            CombGraph.forEachInput(nodes, start, b.concatLists, instDeps) { succBuf.append($0) }
            stack.append((Int32(start), succBuf, 0))
            color[start] = 1
            while !stack.isEmpty {
                let top = stack.count - 1
                let (node, ins, idx) = stack[top]
                if idx < ins.count {
                    stack[top].2 += 1
                    let m = ins[idx]
                    if m < 0 { continue }
                    if color[Int(m)] == 0 {
                        color[Int(m)] = 1
                        succBuf.removeAll()
                        CombGraph.forEachInput(nodes, Int(m), b.concatLists, instDeps) { succBuf.append($0) }
                        stack.append((m, succBuf, 0))
                    } else if color[Int(m)] == 1 && !loopReported {
                        loopReported = true
                        // The cycle is the stack segment from m to the top (m depends on node, ...).
                        var cycle: [Int32] = []
                        if let from = stack.firstIndex(where: { $0.0 == m }) {
                            cycle = stack[from...].map { $0.0 }
                        }
                        let parts = cycle.reversed().map { id -> String in
                            "\(b.describe(id)) (\(b.location(of: id)))"
                        }
                        let loc = b.location(of: cycle.first ?? m)
                        ctx.error(loc, "combinational loop: " + parts.joined(separator: " -> ") + " -> back to \(b.describe(m))")
                    }
                } else {
                    color[Int(node)] = 2
                    topo.append(node)
                    stack.removeLast()
                }
            }
        }

        // Output -> input dependencies (bitsets over input port numbers).
        var inputNumber = [Int](repeating: -1, count: n)
        var inputPorts: [Int] = []
        for (pi, pid) in b.ports.enumerated() where nodes[Int(pid)].op == .input {
            inputNumber[Int(pid)] = inputPorts.count
            inputPorts.append(pi)
        }
        var combDeps: [Int: [Int]] = [:]
        if !loopReported {
            let words = max(1, (inputPorts.count + 63) / 64)
            var bits = [UInt64](repeating: 0, count: n * words)
            for id in topo {
                let i = Int(id)
                if inputNumber[i] >= 0 {
                    let k = inputNumber[i]
                    bits[i * words + k / 64] |= UInt64(1) << UInt64(k % 64)
                    continue
                }
                CombGraph.forEachInput(nodes, i, b.concatLists, instDeps) { m in
                    guard m >= 0 else { return }
                    for w in 0..<words { bits[i * words + w] |= bits[Int(m) * words + w] }
                }
            }
            for (pi, pid) in b.ports.enumerated() where nodes[Int(pid)].op == .output {
                var deps: [Int] = []
                for k in 0..<inputPorts.count where bits[Int(pid) * words + k / 64] >> UInt64(k % 64) & 1 == 1 {
                    deps.append(inputPorts[k])
                }
                combDeps[pi] = deps
            }
        }

        // 4. Unused inputs and wires (warnings).
        var used = [Bool](repeating: false, count: n)
        func use(_ x: Int32) { if x >= 0 { used[Int(x)] = true } }
        for nd in nodes {
            if nd.op == .concat {
                for o in b.concatLists[nd.imm] { use(o) }
            } else {
                use(nd.a); use(nd.b); use(nd.c)
            }
        }
        for m in b.memories {
            for w in m.writePorts { use(w.addr); use(w.data); use(w.enable) }
        }
        for i in 0..<n where !used[i] {
            let nd = nodes[i]
            if nd.op == .input {
                ctx.warning(nd.loc ?? b.lastLoc, "input \(b.describe(Int32(i))) is never used")
            } else if nd.op == .wire {
                ctx.warning(nd.loc ?? b.lastLoc, "wire \(b.describe(Int32(i))) is never used")
            }
        }

        // 5. Clock and reset needs.
        var hasClock = false, hasReset = false
        for nd in nodes {
            if nd.op == .register {
                hasClock = true
                if nd.imm >= 0 { hasReset = true }
            }
            if nd.op == .memReadSync { hasClock = true }
        }
        if b.memories.contains(where: { !$0.writePorts.isEmpty }) { hasClock = true }
        for cf in childFacts {
            if let cf = cf {
                hasClock = hasClock || cf.hasClock
                hasReset = hasReset || cf.hasReset
            }
        }
        return ModuleFacts(hasClock: hasClock, hasReset: hasReset, combDeps: combDeps, connections: connections)
    }
}
