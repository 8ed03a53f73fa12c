/// What an elaborated design contains, for area estimation: components by kind and width, each
/// tagged with the block it belongs to and the instance path it came from.
/// The HDL core's IR inventory maps into this type (see `docs/ESTIMATION.md`).
public struct Inventory: Sendable, Hashable, Codable {
    /// `count` copies of one component inside one instance.
    public struct Item: Sendable, Hashable, Codable {
        public var component: Component
        public var count: Int
        public var block: Block
        /// Instance path, e.g. `top.pe0.lane3.mac` (for reports and error messages).
        public var path: String

        public init(_ component: Component, count: Int = 1, block: Block, path: String = "") {
            self.component = component
            self.count = count
            self.block = block
            self.path = path
        }
    }

    public var items: [Item]

    public init(_ items: [Item] = []) { self.items = items }

    /// Appends `count` copies of `component`.
    public mutating func add(_ component: Component, count: Int = 1, block: Block, path: String = "") {
        items.append(Item(component, count: count, block: block, path: path))
    }

    /// This inventory replicated `times` times (e.g. one lane → all lanes), paths prefixed.
    public func replicated(_ times: Int, pathPrefix: String = "") -> Inventory {
        Inventory(items.map { var i = $0; i.count *= times; i.path = pathPrefix.isEmpty ? i.path : pathPrefix + "." + i.path; return i })
    }

    /// Concatenation of two inventories.
    public static func + (a: Inventory, b: Inventory) -> Inventory { Inventory(a.items + b.items) }

    /// Total flip-flop bits held in registers (memories excluded).
    public var registerBits: Int { items.reduce(0) { $0 + $1.component.registerBits * $1.count } }
}
