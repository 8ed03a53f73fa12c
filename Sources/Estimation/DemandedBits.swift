import HDL

/// Which result bits of each node of a module are actually used, so that operators are priced at
/// the width synthesis keeps (Yosys removes logic whose outputs reach no port, register or memory).
///
/// For every node two counts, both ≤ the node width: `value[i]` — the low bits `[0, value)` whose
/// values are used; `zeroTest[i]` (≥ `value[i]`) — bits `[value, zeroTest)` are used only through a
/// test against zero (`x[hi:lo] != 0`, `== 0`, or-reduction), e.g. the saturation check of a
/// requantiser. Bits at and above `zeroTest[i]` are not used at all.
///
/// Backward rules (a node's demand → its operands' demand): wires, casts and zero extension pass it
/// on (clipped to the operand width); a slice `[lo + w − 1 : lo]` shifts it up by `lo`; a constant
/// right/left shift by `k` shifts it up/down by `k` (arithmetic right shifts demand everything);
/// an increment (an add or subtract whose other operand is a constant 0/1) and a 2:1 mux pass both
/// counts to their data operands (a carry only travels up, and the zero test of `x + 1` is the zero
/// test of `x` plus the carry out of the kept bits; `s ? a : b` is zero iff the selected input is);
/// a comparison `== 0` / `!= 0` and an or-reduction zero-test their whole operand; a dynamic left
/// shift's low `k` outputs need the operand's low `k` bits. Everything else (general adders,
/// multipliers, comparisons, bitwise logic, dynamic right shifts, concatenations, registers,
/// ports, instance inputs, memory ports) uses all bits of its operands it could use.
/// A node that nothing references keeps the full demand (priced as before, never under-priced).
struct DemandedBits {
    var value: [Int]
    var zeroTest: [Int]

    init(_ m: IRModule) {
        let n = m.nodes.count
        func w(_ id: Int32) -> Int { m.nodes[Int(id)].type.width }
        // References, structurally.
        var referenced = [Bool](repeating: false, count: n)
        func ref(_ id: Int32) { if id >= 0, Int(id) < n { referenced[Int(id)] = true } }
        for node in m.nodes { ref(node.a); ref(node.b); ref(node.c) }
        for list in m.concatLists { list.forEach(ref) }
        for mem in m.memories { for p in mem.writePorts { ref(p.addr); ref(p.data); ref(p.enable) } }
        for inst in m.instances { inst.connections.forEach(ref) }

        var value = [Int](repeating: 0, count: n)
        var zero = [Int](repeating: 0, count: n)
        func raise(_ id: Int32, _ v: Int, _ z: Int) -> Bool {
            guard id >= 0, Int(id) < n else { return false }
            let i = Int(id), width = w(id)
            let nv = max(value[i], min(width, max(0, v)))
            let nz = max(zero[i], nv, min(width, max(0, z)))
            if nv == value[i] && nz == zero[i] { return false }
            value[i] = nv
            zero[i] = nz
            return true
        }
        func full(_ id: Int32) -> Bool { id >= 0 ? raise(id, w(id), w(id)) : false }
        // Roots: unreferenced nodes, state, ports and memory ports use everything.
        for i in 0..<n where !referenced[i] { _ = raise(Int32(i), w(Int32(i)), w(Int32(i))) }
        for list in m.concatLists { for p in list { _ = full(p) } }
        for mem in m.memories { for p in mem.writePorts { _ = full(p.addr); _ = full(p.data); _ = full(p.enable) } }

        func isZeroLiteral(_ id: Int32) -> Bool {
            guard let s = Inventory.source(id, in: m), s.op == .literal, s.imm >= 0, s.imm < m.literals.count else { return false }
            return m.literals[s.imm].isZero
        }
        func isIncrementConstant(_ id: Int32) -> Bool {
            Inventory.isConstant(id, in: m) && Inventory.effectiveWidth(id, in: m) <= 1
        }

        // Fixed point: demands only grow, so this terminates; bounded for safety.
        var changed = true, passes = 0
        while changed && passes < 64 {
            changed = false
            passes += 1
            for i in stride(from: n - 1, through: 0, by: -1) {
                let node = m.nodes[i]
                let dv = value[i], dz = zero[i]
                var c = false
                switch node.op {
                case .output, .register, .memReadSync, .memRead, .instInput, .mul, .lt, .le, .gt, .ge,
                     .andR, .xorR, .concat, .input, .literal, .instOutput:
                    c = full(node.a) || c; c = full(node.b) || c; c = full(node.c) || c
                case _ where dz == 0:
                    break  // nothing of this node is used
                case .wire, .reinterpret, .zext:
                    c = raise(node.a, dv, dz)
                case .sext:
                    let wa = w(node.a)
                    c = raise(node.a, dv > wa ? wa : dv, min(dz, wa))
                case .slice:
                    c = raise(node.a, dv > 0 ? node.imm + dv : 0, node.imm + dz)
                case .shr:
                    if node.type.isSigned || m.nodes[Int(node.a)].type.isSigned {
                        c = full(node.a)
                    } else {
                        c = raise(node.a, dv > 0 ? dv + node.imm : 0, dz + node.imm)
                    }
                case .shl:
                    c = raise(node.a, dv - node.imm, dz - node.imm)
                case .add, .sub:
                    let incLike = node.op == .add ? (isIncrementConstant(node.a) || isIncrementConstant(node.b))
                                                  : isIncrementConstant(node.b)
                    if incLike {
                        c = raise(node.a, dv, dz); c = raise(node.b, dv, dz) || c
                    } else {
                        c = raise(node.a, dz, dz); c = raise(node.b, dz, dz) || c
                    }
                case .neg:
                    c = raise(node.a, dv, dz)
                case .mux:
                    c = full(node.a); c = raise(node.b, dv, dz) || c; c = raise(node.c, dv, dz) || c
                case .eq, .ne:
                    if isZeroLiteral(node.b) { c = raise(node.a, 0, w(node.a)) }
                    else if isZeroLiteral(node.a) { c = raise(node.b, 0, w(node.b)) }
                    else { c = full(node.a); c = full(node.b) || c }
                case .orR:
                    c = raise(node.a, 0, w(node.a))
                case .and, .or, .xor, .not:
                    c = raise(node.a, dz, dz); c = raise(node.b, dz, dz) || c
                case .dshl:
                    c = raise(node.a, dz, dz); c = full(node.b) || c
                case .dshr:
                    c = full(node.a); c = full(node.b) || c
                }
                changed = changed || c
            }
        }
        if changed {  // did not settle: fall back to "everything used"
            for i in 0..<n { value[i] = m.nodes[i].type.width; zero[i] = value[i] }
        }
        self.value = value
        self.zeroTest = zero
    }
}
