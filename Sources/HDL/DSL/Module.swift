/// Base class of every hardware module. Subclass it, declare ports and state with `Input`,
/// `Output`, `Wire`, `Reg`, `Mem` and `instance(...)` (in property initialisers, in `init`
/// after `super.init()`, or in `body()`), and build logic with signal operators.
///
/// A module is only constructed inside `Elaborator.elaborate(...)` (the top) or
/// `instance(...)` (a submodule). Clock `clk` and active-high `reset` are implicit.
/// Names: stored properties give names to signals, memories and instances (arrays append
/// `_0`, `_1` ...); `named(_:)` overrides; anything else gets a generated name.
open class Module {
    let builder: ModuleBuilder

    /// Binds the module to the builder prepared by `instance(...)`/`Elaborator`.
    public init() {
        guard let b = BuilderStack.stack.last else {
            preconditionFailure("construct modules inside Elaborator.elaborate(...) and instance(...)")
        }
        if b.bound {
            // Constructed without instance(...): report it and give the module a detached builder.
            b.context.error(b.lastLoc, "module '\(type(of: self))' constructed without instance(...) in '\(b.moduleName)'")
            let d = ModuleBuilder(context: b.context, parent: nil, location: b.lastLoc)
            d.bound = true
            builder = d
            return
        }
        b.bound = true
        builder = b
    }

    /// The Verilog base name (default: the Swift class name).
    open var moduleName: String { String(describing: type(of: self)) }

    /// Parameters that distinguish variants of this module; they form the Verilog module
    /// name (`Lane_W16_A43`) and appear in the file header. Modules with equal names and
    /// equal structure are emitted once.
    open var parameters: KeyValuePairs<String, Any> { [:] }

    /// Reset kind of this module's registers (`nil` = the elaboration default).
    open var resetKind: ResetKind? { nil }

    /// Optional place for the module's logic; runs after `init` with the module under construction.
    open func body() {}
}

/// Creates a submodule instance. `make` runs with a fresh module under construction, e.g.
/// `let mac = instance(MAC(width: 16))`; the instance name comes from the property the
/// result is stored in (or `name`).
public func instance<M: Module>(_ make: @autoclosure () -> M, name: String? = nil,
                                file: StaticString = #fileID, line: UInt = #line) -> M {
    let parent = BuilderStack.current
    let loc = SourceLocation(fileID: file, line: line)
    parent.stamp(loc)
    let child = ModuleBuilder(context: parent.context, parent: parent, location: loc)
    BuilderStack.stack.append(child)
    let m = make()
    m.body()
    BuilderStack.stack.removeLast()
    if m.builder !== child {
        parent.context.error(loc, "instance(...) must construct a new module, e.g. instance(MAC())")
        return m
    }
    finishConstruction(m, defaultReset: parent.context.defaultResetKind)
    child.indexInParent = parent.children.count
    parent.children.append(child)
    if let n = name {
        child.instanceName = sanitizeIdentifier(n)
        child.instancePriority = .explicit
    }
    return m
}

/// Captures module-level facts and names members from the module's stored properties.
func finishConstruction(_ m: Module, defaultReset: ResetKind) {
    let b = m.builder
    b.moduleName = sanitizeIdentifier(m.moduleName)
    b.parameters = m.parameters.map { IRModule.KeyValue($0.key, String(describing: $0.value)) }
    b.resetKind = m.resetKind ?? defaultReset
    b.stamp(b.lastLoc)
    MirrorNamer.name(m)
}
