import Foundation
import HDL

/// The memory list the HDL emitter writes next to a Verilog file list: every SRAM macro module of
/// the design with its shape and where it is instantiated.
///
///     {"top": "SnapeaArray", "memories": [{"module": "sram_1rw_1024x16", "ports": "1rw", "depth": 1024,
///       "width": 16, "maskGranularity": 0, "readLatency": 1, "count": 32,
///       "instances": ["SnapeaArray.pe0.inputBank0", ...]}]}
public struct MemoryListFile: Sendable, Hashable, Codable {
    /// One SRAM module and its instances.
    public struct Memory: Sendable, Hashable, Codable {
        /// Verilog module name (a blackbox for logic synthesis).
        public var module: String
        /// `"1rw"` or `"1r1w"`.
        public var ports: String
        public var depth: Int
        public var width: Int
        /// Bits per write-mask bit; 0 = no mask.
        public var maskGranularity: Int
        /// Cycles from address to data.
        public var readLatency: Int
        /// Number of instances.
        public var count: Int
        /// Hierarchical instance paths.
        public var instances: [String]

        public init(module: String, ports: String, depth: Int, width: Int, maskGranularity: Int = 0,
                    readLatency: Int = 1, count: Int, instances: [String] = []) {
            self.module = module; self.ports = ports; self.depth = depth; self.width = width
            self.maskGranularity = maskGranularity; self.readLatency = readLatency
            self.count = count; self.instances = instances
        }
    }

    /// Top module of the design.
    public var top: String
    public var memories: [Memory]

    public init(top: String, memories: [Memory]) {
        self.top = top
        self.memories = memories
    }

    /// The memory list of an elaborated design (`Design.memoryList`, the same JSON).
    public init(_ list: MemoryList) {
        self.init(top: list.top, memories: list.memories.map {
            Memory(module: $0.module, ports: $0.ports.rawValue, depth: $0.depth, width: $0.width,
                   maskGranularity: $0.maskGranularity, readLatency: $0.readLatency, count: $0.count, instances: $0.instances)
        })
    }

    /// Reads a memory list file.
    public init(contentsOf url: URL) throws {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw EstimationError.invalidInput(place: url.path, detail: "memory list cannot be read (\(error.localizedDescription))")
        }
        do { self = try JSONDecoder().decode(MemoryListFile.self, from: data) } catch {
            throw EstimationError.invalidInput(place: url.path, detail: "malformed memory list JSON (\(error))")
        }
    }

    /// Pretty-printed JSON with sorted keys.
    public func json() throws -> String {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try enc.encode(self), as: UTF8.self)
    }
}
