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
            let b = block(m.baseName)
            var tally: [Component: Int] = [:]
            for n in m.nodes {
                if let c = Inventory.component(of: n, in: m) { tally[c, default: 0] += 1 }
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

    /// The priced component of one IR node (nil for free wiring and ports).
    static func component(of n: IRNode, in m: IRModule) -> Component? {
        let w = n.type.width
        let wa = width(n.a, in: m)
        let constA = isConstant(n.a, in: m), constB = isConstant(n.b, in: m)
        let signed = n.a >= 0 && n.b >= 0 && m.nodes[Int(n.a)].type.isSigned && m.nodes[Int(n.b)].type.isSigned
        switch n.op {
        case .register:
            return .register(width: w, reset: n.imm >= 0, enable: n.b >= 0)
        case .memReadSync:
            return .register(width: w, reset: false, enable: n.b >= 0)
        case .add:
            return constA || constB ? .incrementer(width: w) : .adder(width: w)
        case .sub:
            return constA || constB ? .incrementer(width: w) : .subtractor(width: w)
        case .neg:
            return .incrementer(width: w)
        case .mul:
            if constA || constB { return .adder(width: w) }  // constant multiply: shift-and-add
            return .multiplier(width: max(wa, width(n.b, in: m)), signed: signed)
        case .eq, .ne:
            return constA || constB ? .logic(width: wa) : .comparator(.equal, width: wa)
        case .lt, .gt:
            if constA || constB { return .logic(width: wa) }
            return .comparator(signed ? .lessThanSigned : .lessThanUnsigned, width: wa)
        case .le, .ge:
            if constA || constB { return .logic(width: wa) }
            return .comparator(signed ? .lessEqualSigned : .lessThanUnsigned, width: wa)
        case .and, .or, .xor:
            return constA || constB ? nil : .logic(width: w)
        case .andR, .orR, .xorR:
            return wa > 1 ? .logic(width: wa - 1) : nil
        case .dshl, .dshr:
            return .shifter(width: w, shiftBits: width(n.b, in: m))
        case .mux:
            if isConstant(n.b, in: m) && isConstant(n.c, in: m) { return .logic(width: w) }
            if isConstant(n.b, in: m) || isConstant(n.c, in: m) { return .logic(width: w) }
            return .mux(width: w, inputs: 2)
        case .not, .shl, .shr, .slice, .concat, .zext, .sext, .reinterpret, .wire, .input, .output, .literal,
             .memRead, .instInput, .instOutput:
            return nil
        }
    }
}
