/// Everything of a constructed (not yet lowered) module instance that lowering, checks, naming
/// and emission read, except the instance's own name and place in its parent. Two instances
/// with equal snapshots (children compared by their canonical instance) lower, check, name and
/// emit identically, so the elaborator processes only the first one (the canonical instance).
struct BuilderSnapshot: Equatable {
    /// One element of the flattened `when`/`assign` statement tree.
    enum Token: Equatable {
        case assign(target: Int32, value: Int32, loc: SourceLocation)
        case when(branches: Int, hasOtherwise: Bool)
        case branch(cond: Int32, loc: SourceLocation)
        case otherwise(loc: SourceLocation?)
        case end
    }

    /// A child instance as its parent sees it.
    struct Child: Equatable {
        let canonical: ObjectIdentifier
        let name: String
        let priority: NamePriority
        let location: SourceLocation
    }

    /// Cheap lookup key; equal snapshots have equal keys.
    struct Key: Hashable {
        let moduleName: String
        let parameters: [IRModule.KeyValue]
        let nodes: Int
        let children: Int
    }

    let key: Key
    let resetKind: ResetKind
    let sram: SRAMShape?
    let lastLoc: SourceLocation
    let nodes: [BNode]
    let literals: [BitVector]
    let concatLists: [[Int32]]
    let ports: [Int32]
    let memories: [BMemory]
    let portRefs: [Int64: Int32]
    let children: [Child]
    let statements: [Token]

    /// The snapshot of `b`; `canonical` maps a child to the instance it was found equal to.
    init(_ b: ModuleBuilder, canonical: (ModuleBuilder) -> ObjectIdentifier) {
        key = Key(moduleName: b.moduleName, parameters: b.parameters, nodes: b.nodes.count, children: b.children.count)
        resetKind = b.resetKind
        sram = b.sram
        lastLoc = b.lastLoc
        nodes = b.nodes
        literals = b.literals
        concatLists = b.concatLists
        ports = b.ports
        memories = b.memories
        portRefs = b.portRefs
        children = b.children.map { Child(canonical: canonical($0), name: $0.instanceName,
                                          priority: $0.instancePriority, location: $0.instanceLoc) }
        var tokens: [Token] = []
        BuilderSnapshot.flatten(b.root, into: &tokens)
        statements = tokens
    }

    static func flatten(_ block: Block, into tokens: inout [Token]) {
        for s in block.stmts {
            switch s {
            case let .assign(t, v, loc):
                tokens.append(.assign(target: t, value: v, loc: loc))
            case let .when(w):
                tokens.append(.when(branches: w.branches.count, hasOtherwise: w.otherwise != nil))
                for br in w.branches {
                    tokens.append(.branch(cond: br.cond, loc: br.loc))
                    flatten(br.block, into: &tokens)
                }
                if let o = w.otherwise {
                    tokens.append(.otherwise(loc: w.otherwiseLoc))
                    flatten(o, into: &tokens)
                }
                tokens.append(.end)
            }
        }
    }
}
