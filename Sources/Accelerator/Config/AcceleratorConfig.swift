import Foundation

/// Every knob of the generated SnaPEA accelerator, with documented defaults
/// (docs/ACCELERATOR.md, "Configuration"). Derive variants by copying and changing a field:
/// `var c = AcceleratorConfig.small; c.lanesPerPE = 3`.
public struct AcceleratorConfig: Codable, Sendable, Equatable, Hashable, CustomStringConvertible {
    /// Name used for `generated/<name>/` and in the Verilog header.
    public var name: String
    /// Processing elements `P` in the array (default 16).
    public var pes: Int
    /// Compute lanes `K` per PE, each one MAC + PAU (default 16).
    public var lanesPerPE: Int
    /// Weight and activation width `W` in bits (default 16).
    public var dataWidth: Int
    /// Longest op list a kernel may have; sets the accumulator width (default 2048).
    public var maxKernelOps: Int
    /// Words per input-buffer bank; the input buffer has two banks (ping-pong) (default 2048).
    public var inputWordsPerBank: Int
    /// Entries of the weight buffer and of the index buffer: the op lists of all kernels of a
    /// tile, concatenated (default 4096).
    public var weightBufferOps: Int
    /// Kernel-table entries: kernels per tile (default 32).
    public var kernelTableEntries: Int
    /// Work-list entries per PE = output-buffer words per PE (default 256).
    public var workListEntries: Int
    /// `false` builds the dense Eyeriss-like baseline: no PAUs, every lane runs its whole op list.
    public var withPAU: Bool
    /// Clock frequency in MHz (for power and time figures; default 500).
    public var clockMHz: Double

    public init(name: String, pes: Int, lanesPerPE: Int, dataWidth: Int, maxKernelOps: Int,
                inputWordsPerBank: Int, weightBufferOps: Int, kernelTableEntries: Int,
                workListEntries: Int, withPAU: Bool = true, clockMHz: Double = 500) {
        self.name = name
        self.pes = pes
        self.lanesPerPE = lanesPerPE
        self.dataWidth = dataWidth
        self.maxKernelOps = maxKernelOps
        self.inputWordsPerBank = inputWordsPerBank
        self.weightBufferOps = weightBufferOps
        self.kernelTableEntries = kernelTableEntries
        self.workListEntries = workListEntries
        self.withPAU = withPAU
        self.clockMHz = clockMHz
    }

    public var description: String {
        "\(name): \(pes) PEs x \(lanesPerPE) lanes, \(dataWidth)-bit, acc \(accumulatorWidth)-bit, "
            + "maxKernelOps \(maxKernelOps), input 2x\(inputWordsPerBank), weights \(weightBufferOps), "
            + "kernels \(kernelTableEntries), work list \(workListEntries), "
            + (withPAU ? "with PAU" : "baseline (no PAU)")
    }

    // MARK: derived widths (docs/ARCHITECTURE.md, "Arithmetic")

    /// Total MAC units `P * K`.
    public var macs: Int { pes * lanesPerPE }
    /// Accumulator width `A = 2W + ceil(log2(max(2, maxKernelOps))) + 1` (docs/ARCHITECTURE.md).
    public var accumulatorWidth: Int { 2 * dataWidth + ceilLog2(max(2, maxKernelOps)) + 1 }
    /// Bits of an input-buffer address (and of an op offset and a work-list base).
    public var inputAddressWidth: Int { addressWidth(inputWordsPerBank) }
    /// Bits of a weight/index-buffer address.
    public var weightAddressWidth: Int { addressWidth(weightBufferOps) }
    /// Bits of a kernel-table index.
    public var kernelIndexWidth: Int { addressWidth(kernelTableEntries) }
    /// Bits of a work-list / output-buffer address.
    public var workAddressWidth: Int { addressWidth(workListEntries) }
    /// Bits of a work-list length (0...workListEntries).
    public var workCountWidth: Int { bitsFor(workListEntries) }
    /// Bits of an op count (`L`, `C`, `N`: 0...maxKernelOps).
    public var opCountWidth: Int { bitsFor(maxKernelOps) }
    /// Bits of the requantiser shift (0...A-1).
    public var shiftWidth: Int { bitsFor(accumulatorWidth - 1) }
    /// Bits of the PE select of the load and read ports.
    public var peIndexWidth: Int { addressWidth(pes) }
    /// Width of the load port's data: the widest field (the accumulator-wide bias/threshold).
    public var loadDataWidth: Int { accumulatorWidth }
    /// Width of the load port's address: the widest buffer address.
    public var loadAddressWidth: Int {
        [inputAddressWidth, weightAddressWidth, kernelIndexWidth, workAddressWidth, 2].max()!
    }
    /// Lanes of the whole array that the PAUs serve (0 in the baseline).
    public var paus: Int { withPAU ? macs : 0 }

    // MARK: validation

    /// Checks every field; throws a `ConfigError` naming the first bad field.
    public func validate() throws {
        func need(_ ok: Bool, _ field: String, _ msg: @autoclosure () -> String) throws {
            if !ok { throw ConfigError(field: field, msg()) }
        }
        try need(!name.isEmpty && name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" },
                 "name", "must be non-empty letters, digits, '-' or '_' (got \"\(name)\")")
        try need(pes >= 1 && pes <= 1024, "pes", "must be in 1...1024 (got \(pes))")
        try need(lanesPerPE >= 1 && lanesPerPE <= 64, "lanesPerPE", "must be in 1...64 (got \(lanesPerPE))")
        try need(dataWidth >= 2 && dataWidth <= 24, "dataWidth", "must be in 2...24 bits (got \(dataWidth))")
        try need(maxKernelOps >= 1, "maxKernelOps", "must be at least 1 (got \(maxKernelOps))")
        try need(accumulatorWidth <= 64, "maxKernelOps",
                 "accumulator width 2W + ceil(log2(maxKernelOps)) + 1 = \(accumulatorWidth) exceeds 64 bits")
        try need(inputWordsPerBank >= 2 && inputWordsPerBank <= 1 << 20, "inputWordsPerBank",
                 "must be in 2...\(1 << 20) (got \(inputWordsPerBank))")
        try need(weightBufferOps >= 2 && weightBufferOps <= 1 << 20, "weightBufferOps",
                 "must be in 2...\(1 << 20) (got \(weightBufferOps))")
        try need(kernelTableEntries >= 2 && kernelTableEntries <= 1 << 16, "kernelTableEntries",
                 "must be in 2...\(1 << 16) (got \(kernelTableEntries))")
        try need(workListEntries >= 2 && workListEntries <= 1 << 16, "workListEntries",
                 "must be in 2...\(1 << 16) (got \(workListEntries))")
        try need(clockMHz > 0 && clockMHz.isFinite, "clockMHz", "must be positive (got \(clockMHz))")
    }

    // MARK: JSON

    /// Decodes a config from JSON (as written by `jsonData()`), then validates it.
    public static func fromJSON(_ data: Data) throws -> AcceleratorConfig {
        let c: AcceleratorConfig
        do {
            c = try JSONDecoder().decode(AcceleratorConfig.self, from: data)
        } catch let DecodingError.keyNotFound(key, _) {
            throw ConfigError(field: key.stringValue, "missing in the JSON config")
        } catch let DecodingError.typeMismatch(_, ctx) {
            throw ConfigError(field: ctx.codingPath.map(\.stringValue).joined(separator: "."),
                              "wrong type in the JSON config")
        } catch let DecodingError.valueNotFound(_, ctx) {
            throw ConfigError(field: ctx.codingPath.map(\.stringValue).joined(separator: "."),
                              "null in the JSON config")
        } catch {
            throw ConfigError(field: "(json)", "not a valid JSON config: \(error.localizedDescription)")
        }
        try c.validate()
        return c
    }

    /// Reads and validates a JSON config file (`snapea generate --config file.json`).
    public static func load(path: String) throws -> AcceleratorConfig {
        let url = URL(fileURLWithPath: path)
        let attrs = try? FileManager.default.attributesOfItem(atPath: path)
        guard let size = attrs?[.size] as? Int else {
            throw ConfigError(field: "(file)", "cannot read config file \(path)")
        }
        guard size <= 1 << 20 else { throw ConfigError(field: "(file)", "\(path) is larger than 1 MiB") }
        return try fromJSON(try Data(contentsOf: url))
    }

    /// Pretty, key-sorted JSON.
    public func jsonData() throws -> Data {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try e.encode(self)
    }
}

/// `ceil(log2(n))` for `n >= 1` (0 for `n <= 1`).
func ceilLog2(_ n: Int) -> Int {
    var b = 0
    while (1 << b) < n { b += 1 }
    return b
}

/// Bits to hold an address `0..<n` (at least 1).
func addressWidth(_ n: Int) -> Int { max(1, ceilLog2(n)) }

/// Bits to hold an unsigned value `0...n` (at least 1).
func bitsFor(_ n: Int) -> Int {
    var b = 1
    while (1 << b) <= n { b += 1 }
    return b
}
