/// Names signals, memories and instances after the stored properties of a module.
enum MirrorNamer {
    static func name(_ m: Module) {
        let b = m.builder
        var mirror: Mirror? = Mirror(reflecting: m)
        while let mi = mirror {
            for child in mi.children {
                guard var label = child.label else { continue }
                if label.hasPrefix("$__lazy_storage_$_") { label = String(label.dropFirst("$__lazy_storage_$_".count)) }
                if label.hasPrefix("_") && label.count > 1 { label = String(label.dropFirst()) }
                visit(child.value, sanitizeIdentifier(label), b, depth: 0)
            }
            mirror = mi.superclassMirror
        }
    }

    private static func visit(_ value: Any, _ name: String, _ b: ModuleBuilder, depth: Int) {
        if let s = value as? Signal {
            if s.builder === b { b.setName(s.id, name, .mirror) }
            return
        }
        if let arr = value as? [Signal] {
            for (i, s) in arr.enumerated() where s.builder === b { b.setName(s.id, "\(name)_\(i)", .mirror) }
            return
        }
        let isClass = type(of: value) is AnyObject.Type
        if !isClass {
            visitValue(value, name, b, depth: depth)
            return
        }
        if let mem = value as? Memory {
            if mem.builder === b, b.memories[mem.index].priority < .mirror {
                b.memories[mem.index].name = name
                b.memories[mem.index].priority = .mirror
            }
            return
        }
        if let mod = value as? Module {
            let cb = mod.builder
            if cb.parent === b, cb.instancePriority < .mirror {
                cb.instanceName = name
                cb.instancePriority = .mirror
            }
            return
        }
    }

    private static func visitValue(_ value: Any, _ name: String, _ b: ModuleBuilder, depth: Int) {
        guard depth < 4 else { return }
        let mi = Mirror(reflecting: value)
        switch mi.displayStyle {
        case .collection?:
            for (i, c) in mi.children.enumerated() { visit(c.value, "\(name)_\(i)", b, depth: depth + 1) }
        case .optional?:
            if let c = mi.children.first { visit(c.value, name, b, depth: depth + 1) }
        case .struct?, .tuple?:
            for (i, c) in mi.children.enumerated() {
                let l = c.label.map { $0.hasPrefix(".") ? "\(i)" : $0 } ?? "\(i)"
                visit(c.value, "\(name)_\(sanitizeIdentifier(l))", b, depth: depth + 1)
            }
        default:
            return
        }
    }
}
