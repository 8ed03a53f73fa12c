/// A cycle-based simulator of an elaborated design (the hierarchy is flattened). Values of any
/// width; up to 64 bits on a fast path. Semantics match the emitted Verilog: registers and
/// memories start at 0, `reset` is active high (synchronous or asynchronous per module),
/// memory reads see the contents before the edge, a later write port wins.
///
/// Usage: `let sim = try Simulator(design)`; `try sim.set("a", 3)`; `sim.step()`;
/// `try sim.get("y")`. Outputs reflect the current inputs and state (settled lazily).
public final class Simulator {
    /// A flattened node.
    struct FNode {
        var op: IROp
        var width: Int
        var signed: Bool
        var a: Int32
        var b: Int32
        var c: Int32
        var imm: Int
        /// Offset of the value in `pool`.
        var offset: Int
    }

    struct FMemory {
        var depth: Int
        var width: Int
        var wordsPer: Int
        var data: [UInt64]
        var writePorts: [(addr: Int32, data: Int32, enable: Int32)]
    }

    struct FReg {
        var node: Int32
        var next: Int32
        var enable: Int32
        /// Literal index of the reset value, or -1.
        var reset: Int
        var async: Bool
    }

    var nodes: [FNode] = []
    var pool: [UInt64] = []
    var literals: [BitVector] = []
    var concat: [[Int32]] = []
    var memories: [FMemory] = []
    var registers: [FReg] = []
    /// memReadSync nodes: (node, memory).
    var syncReads: [Int32] = []
    /// Combinational nodes in evaluation order.
    var order: [Int32] = []
    var ports: [String: Int32] = [:]
    var outputNames: [String] = []
    var inputNames: [String] = []
    var paths: [String: Int32] = [:]
    var resetValue = false
    var dirty = true
    let design: Design

    /// Flattens `design` from its top module.
    public init(_ design: Design) throws {
        self.design = design
        let top = design.top
        _ = flatten(design.modules.count - 1, prefix: "", parentInputs: nil)
        for pid in top.ports {
            let n = top.nodes[Int(pid)]
            ports[n.name] = topMap[Int(pid)]
            if n.op == .input { inputNames.append(n.name) } else { outputNames.append(n.name) }
        }
        try buildOrder()
        settle()
    }

    /// Top-level input port names in declaration order.
    public var inputs: [String] { inputNames }
    /// Top-level output port names in declaration order.
    public var outputs: [String] { outputNames }

    private var topMap: [Int32] = []

    /// Flattens definition `mi`; returns the global id of each local node.
    private func flatten(_ mi: Int, prefix: String, parentInputs: [Int32]?) -> [Int32] {
        let m = design.modules[mi]
        let base = nodes.count
        var map = [Int32](repeating: -1, count: m.nodes.count)
        for i in 0..<m.nodes.count { map[i] = Int32(base + i) }
        let litBase = literals.count
        literals.append(contentsOf: m.literals)
        let concatBase = concat.count
        let memBase = memories.count
        for mem in m.memories {
            let wp = BitVector.wordCount(mem.type.width)
            memories.append(FMemory(depth: mem.depth, width: mem.type.width, wordsPer: wp,
                                    data: [UInt64](repeating: 0, count: wp * mem.depth), writePorts: []))
        }
        for n in m.nodes {
            let g = { (x: Int32) -> Int32 in x >= 0 ? map[Int(x)] : -1 }
            var f = FNode(op: n.op, width: n.type.width, signed: n.type.isSigned, a: g(n.a), b: g(n.b), c: g(n.c),
                          imm: n.imm, offset: pool.count)
            pool.append(contentsOf: repeatElement(0, count: BitVector.wordCount(n.type.width)))
            switch n.op {
            case .literal:
                f.imm = litBase + n.imm
            case .concat:
                f.imm = concatBase + n.imm
            case .memRead, .memReadSync:
                f.imm = memBase + n.imm
            case .register:
                f.imm = n.imm >= 0 ? litBase + n.imm : -1
                registers.append(FReg(node: Int32(nodes.count), next: g(n.a), enable: g(n.b), reset: f.imm,
                                      async: m.resetKind == .async))
            case .input:
                if let pi = parentInputs {
                    // Child input: a copy of the parent's instInput node.
                    f.op = .wire
                    f.a = pi[n.imm]
                }
            default:
                break
            }
            if n.op == .memReadSync { syncReads.append(Int32(nodes.count)) }
            nodes.append(f)
            if !n.name.isEmpty { paths[prefix + n.name] = Int32(nodes.count - 1) }
        }
        for l in m.concatLists { concat.append(l.map { map[Int($0)] }) }
        for (k, mem) in m.memories.enumerated() {
            memories[memBase + k].writePorts = mem.writePorts.map { (map[Int($0.addr)], map[Int($0.data)], map[Int($0.enable)]) }
        }
        for inst in m.instances {
            let child = design.modules[inst.module]
            // Parent instInput nodes, indexed by the child's port index.
            var inputsByPort = [Int32](repeating: -1, count: child.ports.count)
            for (pi, local) in inst.connections.enumerated() { inputsByPort[pi] = map[Int(local)] }
            let cmap = flatten(inst.module, prefix: prefix + inst.name + ".", parentInputs: inputsByPort)
            for (pi, local) in inst.connections.enumerated() where m.nodes[Int(local)].op == .instOutput {
                let gid = Int(map[Int(local)])
                nodes[gid].op = .wire
                nodes[gid].a = cmap[Int(child.ports[pi])]
            }
        }
        if parentInputs == nil { topMap = map }
        return map
    }

    private func combInputs(_ i: Int, _ f: (Int32) -> Void) {
        let n = nodes[i]
        switch n.op {
        case .input, .literal, .register, .memReadSync:
            return
        case .concat:
            for o in concat[n.imm] { f(o) }
        default:
            if n.a >= 0 { f(n.a) }
            if n.b >= 0 { f(n.b) }
            if n.c >= 0 { f(n.c) }
        }
    }

    private func buildOrder() throws {
        var state = [UInt8](repeating: 0, count: nodes.count)
        order.reserveCapacity(nodes.count)
        var stack: [(Int32, Bool)] = []
        for s in 0..<nodes.count where state[s] == 0 {
            stack.append((Int32(s), false))
            while let (v, expanded) = stack.popLast() {
                let i = Int(v)
                if expanded {
                    if state[i] != 2 { state[i] = 2; order.append(v) }
                    continue
                }
                if state[i] == 2 { continue }
                if state[i] == 1 { throw HDLError.tool("simulator: combinational loop through flattened node \(i)") }
                state[i] = 1
                stack.append((v, true))
                combInputs(i) { m in if state[Int(m)] == 0 { stack.append((m, false)) } else if state[Int(m)] == 1 { /* handled below */ } }
            }
        }
        // Literals are constant: evaluate once.
        for (i, n) in nodes.enumerated() where n.op == .literal { store(i, literals[n.imm]) }
        order.removeAll { nodes[Int($0)].op == .literal || nodes[Int($0)].op == .input || nodes[Int($0)].op == .register || nodes[Int($0)].op == .memReadSync }
    }

    // MARK: - Value access

    @inline(__always) func word(_ i: Int32) -> UInt64 { pool[nodes[Int(i)].offset] }

    func load(_ i: Int) -> BitVector {
        let n = nodes[i]
        let wc = BitVector.wordCount(n.width)
        return BitVector(width: n.width, words: Array(pool[n.offset..<(n.offset + wc)]))
    }

    func store(_ i: Int, _ v: BitVector) {
        let n = nodes[i]
        let adj = v.width == n.width ? v : v.zext(to: n.width)
        for (k, w) in adj.words.enumerated() { pool[n.offset + k] = w }
    }

    @inline(__always) static func mask(_ w: Int) -> UInt64 { w >= 64 ? ~0 : (UInt64(1) << UInt64(w)) &- 1 }

    @inline(__always) static func sext64(_ v: UInt64, _ w: Int) -> Int64 {
        w >= 64 ? Int64(bitPattern: v) : (Int64(bitPattern: v << UInt64(64 - w)) >> Int64(64 - w))
    }

    // MARK: - Public API

    /// The top-level port (or `clk`/`reset`) handle for fast access.
    public func port(_ name: String) throws -> Int32 {
        guard let p = ports[name] else { throw HDLError.io("simulator: no top-level port named '\(name)'") }
        return p
    }

    /// Sets top-level input `name` (an integer of the port type, two's complement for SInt).
    public func set(_ name: String, _ value: Int) throws {
        if name == "reset" { setReset(value != 0); return }
        let p = try port(name)
        set(p, BitVector(width: nodes[Int(p)].width, value: value))
    }

    /// Sets top-level input `name` from bits.
    public func set(_ name: String, _ value: BitVector) throws {
        if name == "reset" { setReset(!value.isZero); return }
        set(try port(name), value)
    }

    /// Sets an input by handle.
    public func set(_ port: Int32, _ value: BitVector) {
        store(Int(port), value)
        dirty = true
    }

    /// Drives the implicit `reset` input.
    public func setReset(_ on: Bool) {
        resetValue = on
        dirty = true
    }

    /// The current value of a top-level port (outputs are settled first).
    public func get(_ name: String) throws -> BitVector { get(try port(name)) }

    /// The current value by handle.
    public func get(_ port: Int32) -> BitVector {
        settle()
        return load(Int(port))
    }

    /// The value of `name` as an Int (signed per the port type); nil when it does not fit.
    public func getInt(_ name: String) throws -> Int? {
        let p = try port(name)
        return get(p).intValue(signed: nodes[Int(p)].signed)
    }

    /// The value of any named signal by hierarchical path (`"mac.sum"`, `"count"`).
    public func peek(_ path: String) throws -> BitVector {
        guard let id = paths[path] else { throw HDLError.io("simulator: no signal '\(path)'") }
        settle()
        return load(Int(id))
    }

    /// Holds `reset` high for `cycles` rising edges, then releases it.
    public func reset(cycles: Int = 1) {
        setReset(true)
        for _ in 0..<cycles { step() }
        setReset(false)
    }

    /// One rising clock edge.
    public func step() {
        settle()
        // Next register values and synchronous reads from the pre-edge state.
        var updates: [(Int, BitVector)] = []
        updates.reserveCapacity(registers.count + syncReads.count)
        for r in registers {
            if r.reset >= 0 && resetValue {
                updates.append((Int(r.node), literals[r.reset]))
            } else if r.enable < 0 || word(r.enable) & 1 == 1 {
                updates.append((Int(r.node), load(Int(r.next))))
            }
        }
        for sr in syncReads {
            let n = nodes[Int(sr)]
            if n.b >= 0 && word(n.b) & 1 == 0 { continue }
            updates.append((Int(sr), readMemory(n.imm, addrNode: n.a)))
        }
        for mi in 0..<memories.count {
            for wp in memories[mi].writePorts where word(wp.enable) & 1 == 1 {
                let addrV = load(Int(wp.addr))
                guard let addr = addrV.intValue(signed: false), addr < memories[mi].depth else { continue }
                let d = load(Int(wp.data))
                let wpw = memories[mi].wordsPer
                for k in 0..<wpw { memories[mi].data[addr * wpw + k] = d.words[k] }
            }
        }
        for (i, v) in updates { store(i, v) }
        dirty = true
        settle()
    }

    func readMemory(_ mi: Int, addrNode: Int32) -> BitVector {
        let mem = memories[mi]
        let addrV = load(Int(addrNode))
        guard let addr = addrV.intValue(signed: false), addr < mem.depth else { return BitVector(width: mem.width) }
        return BitVector(width: mem.width, words: Array(mem.data[(addr * mem.wordsPer)..<((addr + 1) * mem.wordsPer)]))
    }

    /// Evaluates every combinational node (if inputs or state changed).
    func settle() {
        guard dirty else { return }
        dirty = false
        if resetValue {
            for r in registers where r.async && r.reset >= 0 { store(Int(r.node), literals[r.reset]) }
        }
        for id in order { eval(Int(id)) }
    }
}
