/// What a module definition contains, for area and energy estimation.
public struct ModuleInventory: Sendable, Hashable {
    /// One kind of operator: op, result width, widths of the operands and signedness.
    public struct OperatorKind: Sendable, Hashable, Comparable {
        public let op: IROp
        /// Result width.
        public let width: Int
        /// Width of operand `a` (0 when none).
        public let widthA: Int
        /// Width of operand `b` (0 when none; shift amount width for dynamic shifts).
        public let widthB: Int
        /// Signedness of operand `a` (or of the result).
        public let isSigned: Bool

        public init(op: IROp, width: Int, widthA: Int, widthB: Int, isSigned: Bool) {
            self.op = op
            self.width = width
            self.widthA = widthA
            self.widthB = widthB
            self.isSigned = isSigned
        }

        public static func < (x: OperatorKind, y: OperatorKind) -> Bool {
            (x.op.rawValue, x.width, x.widthA, x.widthB, x.isSigned ? 1 : 0)
                < (y.op.rawValue, y.width, y.widthA, y.widthB, y.isSigned ? 1 : 0)
        }
    }

    /// A memory: `depth` × `width` with its port counts.
    public struct MemoryInfo: Sendable, Hashable {
        public let name: String
        public let depth: Int
        public let width: Int
        public let combinationalReadPorts: Int
        public let synchronousReadPorts: Int
        public let writePorts: Int

        public init(name: String, depth: Int, width: Int, combinationalReadPorts: Int, synchronousReadPorts: Int,
                    writePorts: Int) {
            self.name = name
            self.depth = depth
            self.width = width
            self.combinationalReadPorts = combinationalReadPorts
            self.synchronousReadPorts = synchronousReadPorts
            self.writePorts = writePorts
        }
    }

    /// Module name.
    public let module: String
    /// Operator counts (arithmetic, logic, comparisons, shifts, muxes, extensions...).
    /// Wires, ports, literals, slices, concatenations and extensions are free wiring and are
    /// listed too (with their op) so a consumer can decide.
    public let operators: [OperatorKind: Int]
    /// Number of registers and their total bits (synchronous read-port registers included).
    public let registers: Int
    public let registerBits: Int
    /// Registers with a reset value.
    public let resetRegisters: Int
    /// Memories.
    public let memories: [MemoryInfo]
    /// Direct submodule instances: (instance name, module name).
    public let instances: [(String, String)]
    /// Number of 2:1 multiplexer bits (sum of mux widths).
    public var muxBits: Int { operators.filter { $0.key.op == .mux }.reduce(0) { $0 + $1.key.width * $1.value } }

    public static func == (a: ModuleInventory, b: ModuleInventory) -> Bool {
        a.module == b.module && a.operators == b.operators && a.registers == b.registers
            && a.registerBits == b.registerBits && a.memories == b.memories
            && a.instances.map { $0.0 + "/" + $0.1 } == b.instances.map { $0.0 + "/" + $0.1 }
    }

    public func hash(into h: inout Hasher) {
        h.combine(module)
        h.combine(registerBits)
    }
}

extension Design {
    /// The inventory of every module definition (same order as `modules`).
    public func inventory() -> [ModuleInventory] {
        modules.map { m in
            var ops: [ModuleInventory.OperatorKind: Int] = [:]
            var regs = 0, regBits = 0, resetRegs = 0
            for n in m.nodes {
                switch n.op {
                case .input, .output, .literal, .instInput, .instOutput, .memRead:
                    continue
                case .register, .memReadSync:
                    regs += 1
                    regBits += n.type.width
                    if n.op == .register && n.imm >= 0 { resetRegs += 1 }
                    continue
                default:
                    break
                }
                let wa = n.a >= 0 && n.op != .mux ? m.nodes[Int(n.a)].type.width : (n.op == .mux ? m.nodes[Int(n.b)].type.width : 0)
                let wb = n.b >= 0 && n.op != .mux ? m.nodes[Int(n.b)].type.width : 0
                let signed = n.a >= 0 ? m.nodes[Int(n.op == .mux ? n.b : n.a)].type.isSigned : n.type.isSigned
                let k = ModuleInventory.OperatorKind(op: n.op, width: n.type.width, widthA: wa, widthB: wb, isSigned: signed)
                ops[k, default: 0] += 1
            }
            let mems = m.memories.map { mem in
                ModuleInventory.MemoryInfo(
                    name: mem.name, depth: mem.depth, width: mem.type.width,
                    combinationalReadPorts: mem.readPorts.filter { m.nodes[Int($0)].op == .memRead }.count,
                    synchronousReadPorts: mem.readPorts.filter { m.nodes[Int($0)].op == .memReadSync }.count,
                    writePorts: mem.writePorts.count)
            }
            return ModuleInventory(module: m.name, operators: ops, registers: regs, registerBits: regBits,
                                   resetRegisters: resetRegs, memories: mems,
                                   instances: m.instances.map { ($0.name, modules[$0.module].name) })
        }
    }

    /// How many times each definition occurs in the flattened hierarchy (top = 1).
    public func instanceCounts() -> [String: Int] {
        var counts = [Int](repeating: 0, count: modules.count)
        counts[modules.count - 1] = 1
        for i in stride(from: modules.count - 1, through: 0, by: -1) {
            for inst in modules[i].instances { counts[inst.module] += counts[i] }
        }
        var r: [String: Int] = [:]
        for (i, m) in modules.enumerated() { r[m.name] = counts[i] }
        return r
    }
}
