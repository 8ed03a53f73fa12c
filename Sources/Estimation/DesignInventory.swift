import HDL

/// Maps an elaborated HDL design (its IR) into an `Inventory`.
///
/// Rules (see `docs/ESTIMATION.md`): registers by width, reset and enable; `add`/`sub` → adder /
/// subtractor, or an incrementer when one operand is a constant; `mul` → multiplier of the wider
/// operand width (signed when both operands are); comparisons → the table's comparators, or
/// `logic` gates when one operand is a constant; `mux` → 2:1 mux, or `logic` when a data input is
/// a constant; `and`/`or`/`xor` → `logic` (free when an operand is a constant); reductions → `logic`
/// of the operand width; dynamic shifts → shifter; `not`, constant shifts, slices, concatenations,
/// extensions and wires are free; memories → `memory(depth, width, readPorts: all read ports)`,
/// a synchronous read port adds its output register.
extension Inventory {
    /// The inventory of `design` below `root` (default: the top), each definition counted as often
    /// as it is instantiated. `block` assigns a module (by base name) to a block; memories are
    /// always `.buffers`.
    public init(design: Design, root: String? = nil, block: (String) -> Block = { Block(tag: $0) }) throws {
        let rootIndex: Int
        if let r = root {
            guard let i = design.moduleIndex(named: r) else {
                throw EstimationError.invalidInput(place: "design inventory", detail: "no module named '\(r)' in the design")
            }
            rootIndex = i
        } else {
            rootIndex = design.modules.count - 1
        }
        // Instance counts below the root (modules are ordered children before parents).
        var counts = [Int](repeating: 0, count: design.modules.count)
        counts[rootIndex] = 1
        for i in stride(from: rootIndex, through: 0, by: -1) where counts[i] > 0 {
            for inst in design.modules[i].instances { counts[inst.module] += counts[i] }
        }
        var items: [Item] = []
        for (i, m) in design.modules.enumerated() where counts[i] > 0 {
            // An SRAM macro is one priced part, not the logic of its behavioural model.
            if let shape = m.sram {
                items.append(Item(.sramMacro(SramShape(depth: shape.depth, width: shape.width,
                                                       ports: shape.ports == .oneReadWrite ? .singlePort : .twoPort,
                                                       maskGranularity: shape.maskGranularity ?? 0)),
                                  count: counts[i], block: .buffers, path: m.name))
                continue
            }
            let b = block(m.baseName)
            var tally: [Component: Int] = [:]
            var seen = Set<NodeKey>()
            var held = Set<Int32>()
            let used = DemandedBits(m)
            let enables = Inventory.loadEnables(in: m)
            for (k, n) in m.nodes.enumerated() {
                // A register whose next value holds its own value through muxes is a load-enable
                // register (Yosys `opt_dff` makes those muxes the flip-flop's enable): priced as the
                // table's reset/enable register, its hold muxes not at all.
                if enables.holdMuxes.contains(Int32(k)) { continue }
                if n.op == .register, n.b < 0, enables.registers.contains(Int32(k)) {
                    tally[.register(width: n.type.width, reset: n.imm >= 0, enable: true), default: 0] += 1
                    continue
                }
                // Other muxes that feed a register's own value back: Yosys folds all hold muxes of
                // one register into a single enable (one mux per bit), so only the first is priced.
                if n.op == .mux {
                    let hb = Inventory.resolve(n.b, in: m), hc = Inventory.resolve(n.c, in: m)
                    let reg = [hb, hc].first { $0 >= 0 && m.nodes[Int($0)].op == .register }
                    if let r = reg, !held.insert(r).inserted { continue }
                }
                // Structurally identical operators (same op and operands) are one piece of
                // hardware after synthesis (Yosys `opt_merge`); count them once.
                if n.op.isOperator, !seen.insert(NodeKey(n, in: m)).inserted { continue }
                for c in Inventory.components(of: n, in: m, value: used.value[k], zeroTest: used.zeroTest[k]) {
                    tally[c, default: 0] += 1
                }
            }
            for mem in m.memories {
                let sync = mem.readPorts.filter { m.nodes[Int($0)].op == .memReadSync }.count
                items.append(Item(.memory(depth: mem.depth, width: mem.type.width, readPorts: max(1, mem.readPorts.count)),
                                  count: counts[i], block: .buffers, path: "\(m.name).\(mem.name)"))
                _ = sync  // the sync read registers are counted as register nodes below
            }
            for (c, n) in tally.sorted(by: { $0.key.description < $1.key.description }) {
                items.append(Item(c, count: n * counts[i], block: b, path: m.name))
            }
        }
        self.init(items)
    }

    /// Identity of an operator for common-subexpression merging. Constant operands are compared
    /// by value (two `x + 1` with separate literal nodes are one adder after `opt_merge`).
    struct NodeKey: Hashable {
        var op: IROp, width: Int, signed: Bool, a: Int32, b: Int32, c: Int32, imm: Int, imm2: Int
        var literals: [BitVector?]
        init(_ n: IRNode, in m: IRModule) {
            op = n.op; width = n.type.width; signed = n.type.isSigned; imm = n.imm; imm2 = n.imm2
            a = Inventory.resolve(n.a, in: m); b = Inventory.resolve(n.b, in: m); c = Inventory.resolve(n.c, in: m)
            func value(_ id: Int32) -> BitVector? {
                guard id >= 0 else { return nil }
                let x = m.nodes[Int(id)]
                guard x.op == .literal, x.imm >= 0, x.imm < m.literals.count else { return nil }
                return m.literals[x.imm]
            }
            literals = [value(a), value(b), value(c)]
            if literals[0] != nil { a = -2 }
            if literals[1] != nil { b = -2 }
            if literals[2] != nil { c = -2 }
        }
    }

    /// Registers (without an explicit enable) whose next-value mux tree holds their own value
    /// (`cond ? x : reg` with a non-constant `x`, used nowhere else), and those hold muxes.
    static func loadEnables(in m: IRModule) -> (registers: Set<Int32>, holdMuxes: Set<Int32>) {
        var regs = Set<Int32>(), holds = Set<Int32>()
        var uses = [Int](repeating: 0, count: m.nodes.count)
        func use(_ id: Int32) { if id >= 0, Int(id) < uses.count { uses[Int(id)] += 1 } }
        for n in m.nodes { use(n.a); use(n.b); use(n.c) }
        for list in m.concatLists { list.forEach(use) }
        for mem in m.memories { for p in mem.writePorts { use(p.addr); use(p.data); use(p.enable) } }
        for inst in m.instances { inst.connections.forEach(use) }
        /// Uses of a node, counting through the plain wires that name it.
        func usesThroughWires(_ k: Int32) -> Int {
            var total = 0
            for (j, n) in m.nodes.enumerated() where n.op == .wire && resolve(Int32(j), in: m) == k { total += uses[j] - 1 }
            return total + uses[Int(k)]
        }
        for (i, n) in m.nodes.enumerated() where n.op == .register && n.b < 0 {
            let r = Int32(i)
            var stack = [resolve(n.a, in: m)], visited = Set<Int32>()
            while let k = stack.popLast() {
                guard k >= 0, visited.count < 256, visited.insert(k).inserted, m.nodes[Int(k)].op == .mux else { continue }
                let x = m.nodes[Int(k)]
                let rb = resolve(x.b, in: m), rc = resolve(x.c, in: m)
                if rb == r || rc == r {
                    let other = rb == r ? x.c : x.b
                    if !isConstant(other, in: m), usesThroughWires(k) == 1 {
                        regs.insert(r)
                        holds.insert(k)
                    }
                    stack.append(rb == r ? rc : rb)
                } else {
                    stack.append(rb)
                    stack.append(rc)
                }
            }
        }
        return (regs, holds)
    }

    /// Distinct signals among an operand's bits: a sign extension repeats one bit, so bitwise
    /// logic on it needs one gate for all the copies (Yosys/ABC share them).
    static func distinctWidth(_ id: Int32, in m: IRModule, depth: Int = 0) -> Int {
        guard id >= 0 else { return 0 }
        let n = m.nodes[Int(id)]
        guard depth < 32 else { return n.type.width }
        switch n.op {
        case .wire, .reinterpret: return distinctWidth(n.a, in: m, depth: depth + 1)
        case .sext: return min(n.type.width, distinctWidth(n.a, in: m, depth: depth + 1))
        default: return effectiveWidth(id, in: m)
        }
    }

    /// Follows plain wires to the node that drives them.
    static func resolve(_ id: Int32, in m: IRModule) -> Int32 {
        var k = id, steps = 0
        while k >= 0, steps < 64, m.nodes[Int(k)].op == .wire { k = m.nodes[Int(k)].a; steps += 1 }
        return k
    }

    /// Bits of an operand that are not constant: constants count 0, zero extensions and
    /// concatenations with leading constant bits count only their variable part.
    static func effectiveWidth(_ id: Int32, in m: IRModule, depth: Int = 0) -> Int {
        guard id >= 0 else { return 0 }
        let n = m.nodes[Int(id)]
        if depth > 32 { return n.type.width }
        switch n.op {
        case .literal: return 0
        case .wire, .reinterpret: return effectiveWidth(n.a, in: m, depth: depth + 1)
        case .zext: return min(n.type.width, effectiveWidth(n.a, in: m, depth: depth + 1))
        case .add where !n.type.isSigned:
            let k = max(effectiveWidth(n.a, in: m, depth: depth + 1), effectiveWidth(n.b, in: m, depth: depth + 1))
            return k == 0 ? 0 : min(n.type.width, k + 1)
        case .mux:
            return max(effectiveWidth(n.b, in: m, depth: depth + 1), effectiveWidth(n.c, in: m, depth: depth + 1))
        case .slice:
            return min(n.type.width, max(0, effectiveWidth(n.a, in: m, depth: depth + 1) - n.imm))
        case .and where !n.type.isSigned:
            return min(effectiveWidth(n.a, in: m, depth: depth + 1), effectiveWidth(n.b, in: m, depth: depth + 1))
        case .or where !n.type.isSigned, .xor where !n.type.isSigned:
            return max(effectiveWidth(n.a, in: m, depth: depth + 1), effectiveWidth(n.b, in: m, depth: depth + 1))
        case .concat:
            guard n.imm >= 0, n.imm < m.concatLists.count else { return n.type.width }
            var w = n.type.width
            for part in m.concatLists[n.imm] {
                let p = m.nodes[Int(part)]
                if source(part, in: m)?.op == .literal { w -= p.type.width } else { break }
            }
            return max(0, w)
        default: return n.type.width
        }
    }

    /// Follows wires and width/sign casts back to the driving node.
    static func source(_ id: Int32, in m: IRModule) -> IRNode? {
        var k = id
        var steps = 0
        while k >= 0, steps < 64 {
            let n = m.nodes[Int(k)]
            switch n.op {
            case .wire, .zext, .sext, .reinterpret: k = n.a; steps += 1
            default: return n
            }
        }
        return nil
    }

    static func isConstant(_ id: Int32, in m: IRModule) -> Bool {
        id >= 0 && source(id, in: m)?.op == .literal
    }

    static func width(_ id: Int32, in m: IRModule) -> Int { id >= 0 ? m.nodes[Int(id)].type.width : 0 }

    /// The priced components of one IR node (empty for free wiring and ports). `value` / `zeroTest`:
    /// the node's demanded bits (`DemandedBits`; default all): increments, muxes and logical
    /// right shifts are priced at the bits whose values are used, zero-tested bits above them cost
    /// the zero-test logic, unused bits nothing.
    static func components(of n: IRNode, in m: IRModule, value: Int? = nil, zeroTest: Int? = nil) -> [Component] {
        let w = n.type.width
        let uz = min(w, zeroTest ?? w), uv = min(uz, value ?? w)
        if n.op.isOperator && uz == 0 { return [] }  // nothing of the result is used: removed by synthesis
        let ea = effectiveWidth(n.a, in: m), eb = effectiveWidth(n.b, in: m)
        let signed = n.a >= 0 && n.b >= 0 && m.nodes[Int(n.a)].type.isSigned && m.nodes[Int(n.b)].type.isSigned
        /// An adder whose narrower operand has k variable bits: a k-bit adder plus a carry incrementer above.
        /// (Unsigned: the upper bits above both operands' variable bits are a carry or zero.) Carries only
        /// travel up, so only the used bits are built: the value bits for an increment (the zero test of
        /// its upper bits is the zero test of the operand's), all used bits for a general adder.
        func addLike(_ full: (Int) -> Component) -> [Component] {
            let w = min(ea, eb) <= 1 ? uv : uz
            if w == 0 { return [] }
            if signed || n.type.isSigned { return [full(w)] }
            let hi = min(w, max(ea, eb)), k = min(ea, eb)
            if hi == 0 { return [] }
            if k <= 1 { return [.incrementer(width: hi)] }
            if k >= hi { return [full(hi)] }
            return [full(k), .incrementer(width: hi - k)]
        }
        switch n.op {
        case .register:
            return [.register(width: w, reset: n.imm >= 0, enable: n.b >= 0)]
        case .memReadSync:
            return [.register(width: w, reset: false, enable: n.b >= 0)]
        case .add:
            return addLike { .adder(width: $0) }
        case .sub:
            return eb <= 1 ? (uv > 0 ? [.incrementer(width: uv)] : []) : [.subtractor(width: uz)]
        case .neg:
            return uv > 0 ? [.incrementer(width: uv)] : []
        case .mul:
            if ea == 0 || eb == 0 { return [.adder(width: w)] }  // constant multiply: shift-and-add
            return [.multiplier(width: max(ea, eb), signed: signed)]
        case .eq, .ne:
            let k = max(ea, eb)
            if k == 0 { return [] }
            return ea == 0 || eb == 0 ? [.logic(width: k)] : [.comparator(.equal, width: k)]
        case .lt, .gt, .le, .ge:
            let k = signed ? width(n.a, in: m) : max(ea, eb)
            if k == 0 { return [] }
            if ea == 0 || eb == 0 { return [.logic(width: k)] }
            let inclusive = n.op == .le || n.op == .ge
            return [.comparator(signed ? (inclusive ? .lessEqualSigned : .lessThanSigned) : .lessThanUnsigned, width: k)]
        case .and, .or, .xor:
            return ea == 0 || eb == 0 ? [] : [.logic(width: uz)]
        case .andR, .orR, .xorR:
            return ea > 1 ? [.logic(width: ea - 1)] : []
        case .dshr where n.a >= 0 && !m.nodes[Int(n.a)].type.isSigned:
            // Logical right shift: only the low `uv` outputs are built as a shifter; zero-tested
            // outputs above them cost a zero test (an or-tree of the bits shifted in above).
            let s: [Component] = [.logicalShifter(width: width(n.a, in: m), shiftBits: width(n.b, in: m), outputs: max(1, uv))]
            return uz > uv ? s + [.logic(width: uz - uv)] : s
        case .dshl, .dshr:
            return [.shifter(width: w, shiftBits: width(n.b, in: m))]
        case .mux:
            let eb2 = effectiveWidth(n.b, in: m), ec = effectiveWidth(n.c, in: m)
            if eb2 == 0 && ec == 0 { return [.logic(width: uz)] }
            if eb2 == 0 || ec == 0 {
                // A constant and a signal: one gate per distinct signal bit.
                let d = max(distinctWidth(n.b, in: m), distinctWidth(n.c, in: m))
                return [.logic(width: max(1, min(uz, d)))]
            }
            // Value bits: one mux each. Zero-tested bits: the zero test moves in front of the mux,
            // one test per input (the consumer's or-tree prices one, the second is this logic) + one mux.
            var parts: [Component] = uv > 0 ? [.mux(width: uv, inputs: 2)] : []
            if uz > uv { parts += [.logic(width: uz - uv), .mux(width: 1, inputs: 2)] }
            return parts
        case .not, .shl, .shr, .slice, .concat, .zext, .sext, .reinterpret, .wire, .input, .output, .literal,
             .memRead, .instInput, .instOutput:
            return []
        }
    }
}
