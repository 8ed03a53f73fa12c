/// The port configuration of a synchronous SRAM (`SRAM(depth:type:ports:)`).
public enum SRAMPortKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// One shared read/write port: chip enable, write enable, address, write data (and mask), read data.
    case oneReadWrite = "1rw"
    /// One read port (enable, address, read data) and one write port (enable, address, data, mask).
    case oneReadOneWrite = "1r1w"
}

/// Everything that distinguishes one synchronous SRAM module from another: port kind, depth,
/// word width and write-mask granularity. Each distinct shape is emitted as one Verilog module
/// named `sram_<ports>_<depth>x<width>[_m<granularity>]`, e.g. `sram_1r1w_512x32_m8`.
public struct SRAMShape: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Port kind.
    public var ports: SRAMPortKind
    /// Number of words (at least 2, any value: out-of-range addresses are defined, see `docs/HDL.md`).
    public var depth: Int
    /// Word width in bits.
    public var width: Int
    /// Bits per write-mask bit (`width` divisible by it); nil = no mask, a write stores the whole word.
    public var maskGranularity: Int?

    public init(ports: SRAMPortKind, depth: Int, width: Int, maskGranularity: Int? = nil) {
        self.ports = ports
        self.depth = depth
        self.width = width
        self.maskGranularity = maskGranularity
    }

    /// Read latency in cycles: read data is registered and appears after the next rising edge.
    public static let readLatency = 1

    /// Address width `ceil(log2(depth))` (at least 1).
    public var addrWidth: Int { Memory.addressWidth(depth: depth) }

    /// Number of write-mask bits (0 without a mask).
    public var maskBits: Int { maskGranularity.map { width / $0 } ?? 0 }

    /// The Verilog module name, derived from the shape only.
    public var moduleName: String {
        "sram_\(ports.rawValue)_\(depth)x\(width)" + (maskGranularity.map { "_m\($0)" } ?? "")
    }

    public var description: String { moduleName }

    /// Why the shape cannot be built, or nil when it is valid.
    public var problem: String? {
        if depth < 2 { return "SRAM depth must be at least 2, got \(depth)" }
        if width < 1 { return "SRAM width must be at least 1, got \(width)" }
        if let g = maskGranularity {
            if g < 1 || g > width || width % g != 0 {
                return "SRAM write-mask granularity \(g) must divide the width \(width)"
            }
        }
        return nil
    }
}
