/// Turns the `when`/`assign` statement tree of a module into one driver per target
/// (a mux chain), reporting multiple drivers and paths without assignment.
struct Lowering {
    static let unassigned: Int32 = -2

    /// A scope of current target values that falls back to its parent.
    final class Scope {
        var values: [Int32: Int32] = [:]
        /// Targets assigned in this scope (directly or in a nested when), with the first location.
        var assignedAt: [Int32: SourceLocation] = [:]
        let parent: Scope?
        init(parent: Scope?) { self.parent = parent }

        func get(_ t: Int32, default d: Int32) -> Int32 {
            var s: Scope? = self
            while let sc = s {
                if let v = sc.values[t] { return v }
                s = sc.parent
            }
            return d
        }
    }

    let b: ModuleBuilder
    /// Targets with an assignment anywhere.
    var touched: [Int32: SourceLocation] = [:]
    /// Per target: the location of a `when` that left it unassigned on some path.
    var partialAt: [Int32: SourceLocation] = [:]

    init(_ b: ModuleBuilder) { self.b = b }

    func defaultValue(_ t: Int32) -> Int32 {
        b.nodes[Int(t)].op == .register ? t : Lowering.unassigned
    }

    /// Lowers the module body; afterwards every target's driver is in node `a`.
    mutating func run() {
        let top = Scope(parent: nil)
        lower(b.root, top)
        for (t, _) in touched.sorted(by: { $0.key < $1.key }) {
            let v = top.get(t, default: defaultValue(t))
            if v == Lowering.unassigned {
                let n = b.nodes[Int(t)]
                let whenLoc = partialAt[t].map { " (see when at \($0))" } ?? ""
                b.context.error(n.loc ?? b.lastLoc,
                                "\(b.describe(t)) is not assigned on every path\(whenLoc); assign a default so no latch is inferred")
            } else {
                b.nodes[Int(t)].a = v
            }
        }
    }

    private mutating func lower(_ block: Block, _ scope: Scope) {
        for stmt in block.stmts {
            switch stmt {
            case .assign(let t, let v, let loc):
                if let prev = scope.assignedAt[t] {
                    b.context.error(loc, "\(b.describe(t)) is driven from two places: \(prev) and \(loc)")
                }
                scope.values[t] = v
                scope.assignedAt[t] = loc
                if touched[t] == nil { touched[t] = loc }
            case .when(let w):
                var outs: [Scope] = []
                var changed: [Int32] = []
                var seen = Set<Int32>()
                for br in w.branches {
                    let s = Scope(parent: scope)
                    lower(br.block, s)
                    outs.append(s)
                    for t in s.values.keys.sorted() where seen.insert(t).inserted { changed.append(t) }
                }
                let elseScope = Scope(parent: scope)
                if let ob = w.otherwise {
                    lower(ob, elseScope)
                    for t in elseScope.values.keys.sorted() where seen.insert(t).inserted { changed.append(t) }
                }
                let whenLoc = w.branches.first?.loc ?? b.lastLoc
                for t in changed {
                    let d = defaultValue(t)
                    var acc = elseScope.get(t, default: d)
                    for i in stride(from: w.branches.count - 1, through: 0, by: -1) {
                        let v = outs[i].get(t, default: d)
                        acc = merge(w.branches[i].cond, v, acc, target: t, loc: w.branches[i].loc)
                    }
                    if acc == Lowering.unassigned && partialAt[t] == nil { partialAt[t] = whenLoc }
                    scope.values[t] = acc
                }
                // A later unconditional assignment to a target set inside this when overrides it entirely.
                for t in changed where scope.assignedAt[t] == nil {
                    scope.assignedAt[t] = outs.compactMap { $0.assignedAt[t] }.first ?? elseScope.assignedAt[t] ?? whenLoc
                }
            }
        }
    }

    private func merge(_ cond: Int32, _ v: Int32, _ e: Int32, target: Int32, loc: SourceLocation) -> Int32 {
        if v == e { return v }
        if v == Lowering.unassigned || e == Lowering.unassigned { return Lowering.unassigned }
        let t = b.nodes[Int(target)].type
        let id = b.add(.mux, t, a: cond, b: v, c: e, loc: loc)
        let tn = b.nodes[Int(target)].name
        if !tn.isEmpty { b.setName(id, "_\(tn)_T", .hint) }
        return id
    }
}
