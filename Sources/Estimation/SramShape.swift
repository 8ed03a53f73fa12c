/// Port configuration of an SRAM macro, spelled as in the HDL's memory list.
public enum SramPorts: String, Sendable, Hashable, Codable, CaseIterable {
    /// One shared read/write port (6T single-port SRAM; every fakeram45 macro is of this kind).
    case singlePort = "1rw"
    /// One read port and one write port, usable in the same cycle (two-port SRAM).
    case twoPort = "1r1w"
}

/// The logical shape of a synchronous SRAM as the design sees it.
public struct SramShape: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Words.
    public var depth: Int
    /// Bits per word.
    public var width: Int
    public var ports: SramPorts
    /// Bits per write-mask bit; 0 = no write mask.
    public var maskGranularity: Int

    public init(depth: Int, width: Int, ports: SramPorts = .singlePort, maskGranularity: Int = 0) {
        self.depth = depth
        self.width = width
        self.ports = ports
        self.maskGranularity = maskGranularity
    }

    /// Bits stored.
    public var bits: Int { depth * width }

    /// `1024x16 1rw` (with `, mask 8` when masked).
    public var description: String {
        "\(depth)x\(width) \(ports.rawValue)" + (maskGranularity > 0 ? ", mask \(maskGranularity)" : "")
    }
}
