import Foundation

/// The synchronous SRAMs of a design (`Design.memoryList`): one entry per SRAM module (shape)
/// with every instance's hierarchical path, for a physical-design flow that maps each shape to
/// an SRAM macro. Combinational-read `Mem`s (register files) are not listed.
///
/// JSON (`json`, keys sorted, entries sorted by module name, instance paths sorted):
/// `{"memories": [{"count": 2, "depth": 1024, "instances": ["Top.a.buf", "Top.b.buf"],
/// "maskGranularity": 0, "module": "sram_1rw_1024x16", "ports": "1rw", "readLatency": 1,
/// "width": 16}], "top": "Top"}`.
public struct MemoryList: Sendable, Codable, Equatable {
    /// One SRAM module (shape) and its instances.
    public struct Entry: Sendable, Codable, Equatable {
        /// Verilog module name, e.g. `sram_1r1w_512x32_m8`.
        public var module: String
        /// `1rw` or `1r1w`.
        public var ports: SRAMPortKind
        /// Number of words.
        public var depth: Int
        /// Word width in bits.
        public var width: Int
        /// Data bits per write-mask bit; 0 = no write mask.
        public var maskGranularity: Int
        /// Cycles from address to read data (always 1: registered read data).
        public var readLatency: Int
        /// Number of instances (`instances.count`).
        public var count: Int
        /// Hierarchical instance paths starting with the top module's name, sorted.
        public var instances: [String]

        public init(shape: SRAMShape, module: String, instances: [String]) {
            self.module = module
            ports = shape.ports
            depth = shape.depth
            width = shape.width
            maskGranularity = shape.maskGranularity ?? 0
            readLatency = SRAMShape.readLatency
            count = instances.count
            self.instances = instances.sorted()
        }
    }

    /// The top module's name.
    public var top: String
    /// SRAM modules sorted by name.
    public var memories: [Entry]

    public init(top: String, memories: [Entry]) {
        self.top = top
        self.memories = memories.sorted { $0.module < $1.module }
    }

    /// The conventional file name next to the Verilog: `<top>.memories.json`.
    public var fileName: String { "\(top).memories.json" }

    /// Pretty-printed JSON with sorted keys and a final newline.
    public var json: String {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Encoding plain strings and integers cannot fail.
        let data = (try? e.encode(self)) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}

extension Design {
    /// Every SRAM instance of the flattened hierarchy, grouped by SRAM module (see `MemoryList`).
    public var memoryList: MemoryList {
        // SRAM instances below each definition: (path relative to it, SRAM definition); children come first.
        var below: [[(path: String, module: Int)]] = []
        below.reserveCapacity(modules.count)
        for m in modules {
            var found: [(path: String, module: Int)] = []
            for inst in m.instances {
                if modules[inst.module].sram != nil { found.append((inst.name, inst.module)) }
                found += below[inst.module].map { ("\(inst.name).\($0.path)", $0.module) }
            }
            below.append(found)
        }
        var byModule: [Int: [String]] = [:]
        if top.sram != nil { byModule[modules.count - 1] = [top.name] }
        for f in below[modules.count - 1] { byModule[f.module, default: []].append("\(top.name).\(f.path)") }
        let entries = byModule.compactMap { d, paths in
            modules[d].sram.map { MemoryList.Entry(shape: $0, module: modules[d].name, instances: paths) }
        }
        return MemoryList(top: top.name, memories: entries)
    }
}
