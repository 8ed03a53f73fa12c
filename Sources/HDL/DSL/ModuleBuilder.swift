import Foundation

/// Shared state of one elaboration run.
final class ElabContext {
    var diagnostics: [Diagnostic] = []
    /// Operator errors whose location is the node's (stamped later).
    var pendingErrors: [(builder: ModuleBuilder, node: Int32, message: String)] = []
    let defaultResetKind: ResetKind

    init(defaultResetKind: ResetKind) {
        self.defaultResetKind = defaultResetKind
    }

    func error(_ loc: SourceLocation, _ message: String) {
        diagnostics.append(Diagnostic(.error, loc, message))
    }

    func warning(_ loc: SourceLocation, _ message: String) {
        diagnostics.append(Diagnostic(.warning, loc, message))
    }
}

/// How a node got its name (higher wins).
enum NamePriority: UInt8, Comparable {
    case none = 0, hint = 1, mirror = 2, explicit = 3
    static func < (a: NamePriority, b: NamePriority) -> Bool { a.rawValue < b.rawValue }
}

/// A node while the module is being built.
struct BNode: Equatable {
    var op: IROp
    var type: HWType
    var a: Int32 = -1
    var b: Int32 = -1
    var c: Int32 = -1
    var imm: Int = 0
    var imm2: Int = 0
    var name: String = ""
    var priority: NamePriority = .none
    var loc: SourceLocation?
}

/// A block of statements (the body of a `when` branch or the module body).
final class Block {
    var stmts: [Stmt] = []
}

/// A `when` statement with its `elsewhen` branches and optional `otherwise`.
final class WhenStmt {
    var branches: [(cond: Int32, block: Block, loc: SourceLocation)] = []
    var otherwise: Block?
    var otherwiseLoc: SourceLocation?
}

/// A statement of the module body.
enum Stmt {
    case assign(target: Int32, value: Int32, loc: SourceLocation)
    case when(WhenStmt)
}

/// A frame of the active `when` nesting (for memory write enables).
struct WhenFrame {
    let stmt: WhenStmt
    /// Branch index, or `-1` for `otherwise`.
    let branch: Int
    var pathCondition: Int32?
}

/// A memory while it is being built.
struct BMemory: Equatable {
    var name: String = ""
    var priority: NamePriority = .none
    var depth: Int
    var type: HWType
    var addrWidth: Int
    var readPorts: [Int32] = []
    var writePorts: [IRMemory.WritePort] = []
    var loc: SourceLocation
}

/// The mutable builder behind one module instance.
final class ModuleBuilder {
    let context: ElabContext
    weak var parent: ModuleBuilder?
    /// Index in the parent's `children`.
    var indexInParent = -1
    var bound = false
    var instanceName = ""
    var instancePriority: NamePriority = .none
    let instanceLoc: SourceLocation

    var moduleName = "Module"
    var parameters: [IRModule.KeyValue] = []
    var resetKind: ResetKind = .sync
    /// Set by `SRAMMacro`: the module is a synchronous SRAM of this shape.
    var sram: SRAMShape?

    var nodes: [BNode] = []
    var literals: [BitVector] = []
    var concatLists: [[Int32]] = []
    var ports: [Int32] = []
    var memories: [BMemory] = []
    var children: [ModuleBuilder] = []
    /// (child index, child port node) -> local instInput/instOutput node.
    var portRefs: [Int64: Int32] = [:]

    let root = Block()
    var blockStack: [Block]
    var whenStack: [WhenFrame] = []
    var unstamped: [Int32] = []
    var lastLoc: SourceLocation

    init(context: ElabContext, parent: ModuleBuilder?, location: SourceLocation) {
        self.context = context
        self.parent = parent
        self.instanceLoc = location
        self.lastLoc = location
        self.blockStack = [root]
    }

    var currentBlock: Block { blockStack[blockStack.count - 1] }

    /// Gives every node created since the last located DSL call the location `loc`.
    func stamp(_ loc: SourceLocation) {
        if !unstamped.isEmpty {
            for id in unstamped where nodes[Int(id)].loc == nil { nodes[Int(id)].loc = loc }
            unstamped.removeAll(keepingCapacity: true)
        }
        lastLoc = loc
    }

    @discardableResult
    func add(_ op: IROp, _ type: HWType, a: Int32 = -1, b: Int32 = -1, c: Int32 = -1, imm: Int = 0, imm2: Int = 0,
             loc: SourceLocation?) -> Int32 {
        let id = Int32(nodes.count)
        nodes.append(BNode(op: op, type: type, a: a, b: b, c: c, imm: imm, imm2: imm2, loc: loc))
        if loc == nil { unstamped.append(id) }
        return id
    }

    func literal(_ value: BitVector, signed: Bool, loc: SourceLocation?) -> Int32 {
        literals.append(value)
        return add(.literal, HWType(width: value.width, isSigned: signed), imm: literals.count - 1, loc: loc)
    }

    func location(of id: Int32) -> SourceLocation { nodes[Int(id)].loc ?? lastLoc }

    /// Records an operator error located at node `id` (resolved once the node is stamped).
    func opError(_ id: Int32, _ message: String) {
        context.pendingErrors.append((self, id, message))
    }

    func setName(_ id: Int32, _ name: String, _ priority: NamePriority) {
        if nodes[Int(id)].priority < priority {
            nodes[Int(id)].name = name
            nodes[Int(id)].priority = priority
        }
    }

    /// A readable description of node `id` for messages.
    func describe(_ id: Int32) -> String {
        let n = nodes[Int(id)]
        if !n.name.isEmpty { return "'\(n.name)'" }
        if n.op == .literal { return "literal \(literals[n.imm])" }
        return "\(n.op) result"
    }

    /// Maps a signal to a node of this module (child ports become instance-port nodes).
    func resolve(_ s: Signal, at loc: SourceLocation?) -> Int32 {
        if s.builder === self { return s.id }
        if let p = s.builder.parent, p === self {
            let child = s.builder
            let cn = child.nodes[Int(s.id)]
            guard cn.op == .input || cn.op == .output else {
                context.error(loc ?? lastLoc, "internal signal \(child.describe(s.id)) of instance '\(child.instanceName)' is not a port and cannot be used outside it")
                return literal(BitVector(width: s.type.width), signed: s.type.isSigned, loc: loc)
            }
            let key = Int64(child.indexInParent) << 32 | Int64(s.id)
            if let local = portRefs[key] { return local }
            let op: IROp = cn.op == .input ? .instInput : .instOutput
            let id = add(op, cn.type, imm: child.indexInParent, imm2: cn.imm, loc: child.instanceLoc)
            portRefs[key] = id
            return id
        }
        context.error(loc ?? lastLoc, "signal \(s.builder.describe(s.id)) of module '\(s.builder.moduleName)' used in module '\(moduleName)'; connect it through ports")
        return literal(BitVector(width: s.type.width), signed: s.type.isSigned, loc: loc)
    }

    /// The enable condition of the innermost active `when` branch (AND of the path), or nil at top level.
    func pathCondition(_ loc: SourceLocation) -> Int32? {
        guard !whenStack.isEmpty else { return nil }
        var cond: Int32? = nil
        for i in 0..<whenStack.count {
            if let c = whenStack[i].pathCondition { cond = c; continue }
            let frame = whenStack[i]
            var local: Int32? = nil
            let count = frame.branch < 0 ? frame.stmt.branches.count : frame.branch
            for j in 0..<count {
                let c = frame.stmt.branches[j].cond
                let n = add(.not, .bool, a: c, loc: loc)
                local = local.map { add(.and, .bool, a: $0, b: n, loc: loc) } ?? n
            }
            if frame.branch >= 0 {
                let c = frame.stmt.branches[frame.branch].cond
                local = local.map { add(.and, .bool, a: $0, b: c, loc: loc) } ?? c
            }
            if let l = local {
                cond = cond.map { add(.and, .bool, a: $0, b: l, loc: loc) } ?? l
            }
            whenStack[i].pathCondition = cond
        }
        return cond
    }
}

/// The stack of builders of the modules under construction (guarded by `Elaborator`'s lock).
enum BuilderStack {
    nonisolated(unsafe) static var stack: [ModuleBuilder] = []

    static var current: ModuleBuilder {
        guard let b = stack.last else {
            preconditionFailure("HDL DSL used outside Elaborator.elaborate(...): hardware can only be built while a module is elaborated")
        }
        return b
    }

    static let lock = NSRecursiveLock()
}
