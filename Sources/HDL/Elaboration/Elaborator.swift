import Foundation

/// Builds a `Design` from a top module: runs the DSL, lowers `when` trees, checks the design
/// (widths, drivers, loops, latches, unused signals) and names everything.
public enum Elaborator {
    /// Elaboration options.
    public struct Options: Sendable {
        /// Reset kind for modules that do not choose one.
        public var defaultResetKind: ResetKind
        public init(defaultResetKind: ResetKind = .sync) {
            self.defaultResetKind = defaultResetKind
        }
    }

    /// Elaborates the module built by `make` (e.g. `try Elaborator.elaborate(Counter(width: 8))`).
    /// - Throws: `HDLError.elaboration` listing every error with its Swift file:line.
    public static func elaborate<M: Module>(_ make: @autoclosure () -> M, options: Options = Options(),
                                            file: StaticString = #fileID, line: UInt = #line) throws -> Design {
        BuilderStack.lock.lock()
        defer { BuilderStack.lock.unlock() }
        let saved = BuilderStack.stack
        BuilderStack.stack = []
        defer { BuilderStack.stack = saved }

        let ctx = ElabContext(defaultResetKind: options.defaultResetKind)
        let loc = SourceLocation(fileID: file, line: line)
        let root = ModuleBuilder(context: ctx, parent: nil, location: loc)
        BuilderStack.stack.append(root)
        let top = make()
        top.body()
        BuilderStack.stack.removeLast()
        if top.builder !== root {
            ctx.error(loc, "Elaborator.elaborate(...) must construct a new module")
        }
        finishConstruction(top, defaultReset: options.defaultResetKind)
        root.instanceName = root.moduleName

        // Post-order: children before parents.
        var order: [ModuleBuilder] = []
        var stack: [(ModuleBuilder, Int)] = [(root, 0)]
        while let (b, i) = stack.popLast() {
            if i < b.children.count {
                stack.append((b, i + 1))
                stack.append((b.children[i], 0))
            } else {
                order.append(b)
            }
        }

        // Lowering and checks run once per distinct instance: an instance whose snapshot equals
        // an earlier one's (same class, parameters, structure, names, lines; children equal in
        // turn) reuses that instance's facts and definition. Instances whose checks reported
        // anything, and every instance of a design with construction errors, are processed in full.
        var facts: [ObjectIdentifier: ModuleFacts] = [:]
        var canonical: [ObjectIdentifier: ModuleBuilder] = [:]
        var distinct: [BuilderSnapshot.Key: [(builder: ModuleBuilder, snapshot: BuilderSnapshot)]] = [:]
        let dedupe = ctx.diagnostics.isEmpty && ctx.pendingErrors.isEmpty
        for b in order {
            var snapshot: BuilderSnapshot? = nil
            if dedupe && b !== root {
                let s = BuilderSnapshot(b) { ObjectIdentifier(canonical[ObjectIdentifier($0)] ?? $0) }
                if let c = distinct[s.key]?.first(where: { $0.snapshot == s }) {
                    canonical[ObjectIdentifier(b)] = c.builder
                    facts[ObjectIdentifier(b)] = facts[ObjectIdentifier(c.builder)]
                    continue
                }
                snapshot = s
            }
            let reported = ctx.diagnostics.count
            var low = Lowering(b)
            low.run()
            let f = Checks.run(b, touched: low.touched, facts: facts)
            facts[ObjectIdentifier(b)] = f
            if let s = snapshot, ctx.diagnostics.count == reported {
                distinct[s.key, default: []].append((b, s))
            }
        }
        for pe in ctx.pendingErrors {
            ctx.error(pe.builder.location(of: pe.node), pe.message)
        }
        // Deduplicate repeated findings from identical instances, keep discovery order.
        var seen = Set<Diagnostic>()
        let diags = ctx.diagnostics.filter { seen.insert($0).inserted }
        let errors = diags.filter { $0.severity == .error }
        if !errors.isEmpty { throw HDLError.elaboration(errors) }
        var warnings = diags.filter { $0.severity == .warning }
        // Registers with reset in both sync and async modules share one `reset` net.
        let kinds = Set(order.filter { b in b.nodes.contains { $0.op == .register && $0.imm >= 0 } }.map(\.resetKind))
        if kinds.count > 1 {
            warnings.append(Diagnostic(.warning, loc, "design mixes sync and async reset modules on one reset net (Verilator reports SYNCASYNCNET)"))
        }
        return DesignAssembler.assemble(order: order, facts: facts, canonical: canonical, warnings: warnings)
    }
}

/// Facts computed per builder during checks and needed by parents and assembly.
struct ModuleFacts {
    var hasClock: Bool
    var hasReset: Bool
    /// Output port index -> input port indices it depends on combinationally.
    var combDeps: [Int: [Int]]
    /// For each instance (child index): parent node per child port.
    var connections: [[Int32]]
}
