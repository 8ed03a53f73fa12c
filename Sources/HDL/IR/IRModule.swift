/// A memory of an IR module: `depth` words of `type`, synchronous write ports and
/// combinational or synchronous read ports.
public struct IRMemory: Sendable, Hashable {
    /// One synchronous write port: writes `data` at `addr` on the rising edge when `enable` is 1.
    public struct WritePort: Sendable, Hashable {
        public var addr: Int32
        public var data: Int32
        public var enable: Int32
        public var location: SourceLocation
    }
    /// Verilog name of the array.
    public var name: String
    /// Number of words.
    public var depth: Int
    /// Word type.
    public var type: HWType
    /// Address width (`ceil(log2(depth))`).
    public var addrWidth: Int
    /// Node ids of the `memRead`/`memReadSync` nodes, in creation order.
    public var readPorts: [Int32]
    /// Write ports in priority order (a later port wins on the same address).
    public var writePorts: [WritePort]
    /// Declaration site.
    public var location: SourceLocation
}

/// An instance of a submodule inside an IR module.
public struct IRInstance: Sendable, Hashable {
    /// Instance name (from the Swift property name).
    public var name: String
    /// Index of the child definition in `Design.modules`.
    public var module: Int
    /// For each child port (child's `ports` order): the parent node (`instInput` or `instOutput`).
    public var connections: [Int32]
    /// Where `instance(...)` was called.
    public var location: SourceLocation
}

/// One module definition of an elaborated design.
public struct IRModule: Sendable, Hashable {
    /// Verilog module name (unique in the design).
    public var name: String
    /// The Swift class name.
    public var baseName: String
    /// Parameters as declared by the module (name, value), in declaration order.
    public var parameters: [KeyValue]
    /// All nodes; ids are indices.
    public var nodes: [IRNode]
    /// Constants referenced by `literal` nodes and register reset values.
    public var literals: [BitVector]
    /// Operand lists of `concat` nodes.
    public var concatLists: [[Int32]]
    /// Port nodes (`input`/`output`) in declaration order.
    public var ports: [Int32]
    /// Memories.
    public var memories: [IRMemory]
    /// Submodule instances.
    public var instances: [IRInstance]
    /// True when the module has a `clk` port.
    public var hasClock: Bool
    /// True when the module has a `reset` port.
    public var hasReset: Bool
    /// Reset behaviour of this module's registers.
    public var resetKind: ResetKind
    /// For each port index that is an output: the input port indices it depends on combinationally.
    public var combinationalDependencies: [Int: [Int]]
    /// Where the module class was instantiated first.
    public var location: SourceLocation
    /// The shape when the module is a synchronous SRAM (`SRAM(...)`), emitted as behavioural RTL
    /// that a flow may replace by a macro; nil for every other module.
    public var sram: SRAMShape? = nil

    /// A parameter (name, rendered value).
    public struct KeyValue: Sendable, Hashable {
        public var key: String
        public var value: String
        public init(_ key: String, _ value: String) {
            self.key = key
            self.value = value
        }
    }

    /// Input port node ids in declaration order.
    public var inputs: [Int32] { ports.filter { nodes[Int($0)].op == .input } }
    /// Output port node ids in declaration order.
    public var outputs: [Int32] { ports.filter { nodes[Int($0)].op == .output } }

    /// The node id of the port called `name`.
    public func port(named name: String) -> Int32? {
        ports.first { nodes[Int($0)].name == name }
    }
}
