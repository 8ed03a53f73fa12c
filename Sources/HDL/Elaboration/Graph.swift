/// Combinational dependency helpers over a module's nodes.
enum CombGraph {
    /// Calls `f` for each node whose value `n` reads in the same cycle.
    /// `instDeps(instance, outputPort)` returns the parent nodes an instance output depends on.
    @inline(__always)
    static func forEachInput(_ nodes: [BNode], _ id: Int, _ concat: [[Int32]],
                             _ instDeps: (Int, Int) -> [Int32], _ f: (Int32) -> Void) {
        let n = nodes[id]
        switch n.op {
        case .input, .literal, .register, .memReadSync:
            return
        case .concat:
            for o in concat[n.imm] { f(o) }
        case .instOutput:
            for o in instDeps(n.imm, n.imm2) { f(o) }
        default:
            if n.a >= 0 { f(n.a) }
            if n.b >= 0 { f(n.b) }
            if n.c >= 0 { f(n.c) }
        }
    }
}
