import Foundation
import Golden

/// Configuration of the *stream organisation* of the SnaPEA array (docs/ACCELERATOR.md,
/// "Stream organisation"): every lane holds `slotsPerLane` output positions with their input
/// sub-tile in its own input bank (one synchronous single-port SRAM), the kernels of a tile stream
/// from one kernel-stream SRAM past every lane, and each lane buffers the stream in its own op
/// queue (a small two-port SRAM). No memory has more than two ports.
public struct StreamConfig: Codable, Sendable, Equatable, Hashable, CustomStringConvertible {
    public var name: String
    /// Processing elements `P` (groups of lanes; default 16).
    public var pes: Int
    /// Lanes `K` per PE (default 16).
    public var lanesPerPE: Int
    /// Weight/activation width `W` (default 16).
    public var dataWidth: Int
    /// Longest op list; sets the accumulator width (default 2048).
    public var maxKernelOps: Int
    /// Output positions per lane `M` (default 4).
    public var slotsPerLane: Int
    /// Op-queue entries per lane `F`, a multiple of `streamRate` (default 64).
    public var queueDepth: Int
    /// Stream entries per kernel-stream row `R`, a power of two (default 2).
    public var streamRate: Int
    /// Words of a lane's input bank `D` (default 1024: one 3×3 window of 64 channels fits twice).
    public var laneInputWords: Int
    /// Kernels per tile `T`; a lane's output buffer holds `M × T` words (default 32).
    public var kernelsPerTile: Int
    /// Entries of the kernel-stream buffer, a multiple of `streamRate` (default 8192).
    public var streamEntries: Int
    /// Lane groups `G`, each with its own kernel stream (a `streamEntries / G`-entry buffer and
    /// producer) over `lanes / G` lanes: a layer splits its kernels over the groups (positions
    /// repeated in each) or its positions (the kernels repeated), whichever is faster (default 4).
    public var streamGroups: Int
    /// `false`: the dense baseline (no PAU; the stream carries no check flags).
    public var withPAU: Bool
    /// Clock in MHz (default 500).
    public var clockMHz: Double

    public init(name: String, pes: Int, lanesPerPE: Int, dataWidth: Int = 16, maxKernelOps: Int = 2048,
                slotsPerLane: Int = 4, queueDepth: Int = 64, streamRate: Int = 2, laneInputWords: Int = 1024,
                kernelsPerTile: Int = 32, streamEntries: Int = 8192, streamGroups: Int = 4, withPAU: Bool = true,
                clockMHz: Double = 500) {
        self.name = name
        self.pes = pes
        self.lanesPerPE = lanesPerPE
        self.dataWidth = dataWidth
        self.maxKernelOps = maxKernelOps
        self.slotsPerLane = slotsPerLane
        self.queueDepth = queueDepth
        self.streamRate = streamRate
        self.laneInputWords = laneInputWords
        self.kernelsPerTile = kernelsPerTile
        self.streamEntries = streamEntries
        self.streamGroups = streamGroups
        self.withPAU = withPAU
        self.clockMHz = clockMHz
    }

    /// 256 MACs: 16 PEs × 16 lanes.
    public static let default256 = StreamConfig(name: "stream256", pes: 16, lanesPerPE: 16)
    /// For tests: 2 PEs × 4 lanes, small memories.
    public static let small = StreamConfig(name: "stream-small", pes: 2, lanesPerPE: 4, maxKernelOps: 1024, slotsPerLane: 4,
                                           queueDepth: 16, streamRate: 2, laneInputWords: 512, kernelsPerTile: 8,
                                           streamEntries: 2048, streamGroups: 2)

    /// `default256` without PAUs: the dense baseline of the same memories.
    public static let default256Baseline: StreamConfig = {
        var c = StreamConfig.default256
        c.name = "stream256-baseline"
        c.withPAU = false
        return c
    }()
    /// The stream organisation's presets (`snapea generate --preset stream256`).
    public static let presets: [StreamConfig] = [.default256, .default256Baseline, .small]
    public static func preset(named name: String) -> StreamConfig? { presets.first { $0.name == name } }

    /// Pretty, key-sorted JSON.
    public func jsonData() throws -> Data {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try e.encode(self)
    }

    public var description: String {
        "\(name): \(pes) PEs x \(lanesPerPE) lanes, \(dataWidth)-bit, \(slotsPerLane) positions/lane, queue \(queueDepth), "
            + "rate \(streamRate), lane input \(laneInputWords), \(kernelsPerTile) kernels/tile, stream \(streamGroups)x\(streamEntries / streamGroups)"
            + (withPAU ? "" : ", baseline (no PAU)")
    }

    // MARK: derived widths
    public var lanes: Int { pes * lanesPerPE }
    /// The datapath fields as an `AcceleratorConfig` (the MAC, PAU and requantiser are shared
    /// with the register-file organisation).
    public var datapath: AcceleratorConfig {
        AcceleratorConfig(name: name, pes: pes, lanesPerPE: lanesPerPE, dataWidth: dataWidth, maxKernelOps: maxKernelOps,
                          inputWordsPerBank: 2, weightBufferOps: 2, kernelTableEntries: 2, workListEntries: 2,
                          withPAU: withPAU, clockMHz: clockMHz)
    }
    public var accumulatorWidth: Int { datapath.accumulatorWidth }
    public var shiftWidth: Int { datapath.shiftWidth }
    public var opCountWidth: Int { datapath.opCountWidth }
    /// Bits of a lane input-bank address (and of an op offset and a slot base).
    public var inputAddressWidth: Int { addressWidth(laneInputWords) }
    /// Bits of a stream index or count (0...streamEntries).
    public var streamIndexWidth: Int { max(bitsFor(groupStreamEntries), opCountWidth) }
    /// Rows of a lane's op queue and their address bits.
    public var queueRows: Int { queueDepth / streamRate }
    public var queueRowWidth: Int { addressWidth(queueRows) }
    /// Lanes per group.
    public var lanesPerGroup: Int { lanes / streamGroups }
    /// Entries of one group's kernel-stream buffer, and its rows.
    public var groupStreamEntries: Int { streamEntries / streamGroups }
    public var streamRows: Int { groupStreamEntries / streamRate }
    /// Bits of a group index.
    public var groupIndexWidth: Int { addressWidth(streamGroups) }
    /// Bits selecting an entry in a row (0 when `streamRate == 1`).
    public var rowSelectWidth: Int { ceilLog2(streamRate) }
    /// Bits of a slot index, and of the issue cursor (0...M).
    public var slotIndexWidth: Int { addressWidth(slotsPerLane) }
    public var cursorWidth: Int { bitsFor(slotsPerLane) }
    /// Bits of a tile-local kernel index.
    public var kernelIndexWidth: Int { addressWidth(kernelsPerTile) }
    /// Words and address bits of a lane's output buffer (`M × T`).
    public var laneOutputWords: Int { slotsPerLane * kernelsPerTile }
    public var outputAddressWidth: Int { addressWidth(laneOutputWords) }
    /// Bits of one stream entry: 2 kind bits + the wider of a header (accumulator) and an op
    /// (weight, offset, remaining ops, sign-check and speculation-end flags).
    public var entryWidth: Int { 2 + max(accumulatorWidth, dataWidth + inputAddressWidth + opCountWidth + 2) }
    /// Bits of the global lane index (the load and read ports' `ldPe`/`rdPe`).
    public var laneIndexWidth: Int { max(addressWidth(lanes), groupIndexWidth) }
    public var loadDataWidth: Int { max(entryWidth, inputAddressWidth + 1, streamIndexWidth, shiftWidth) }
    public var loadAddressWidth: Int { max(inputAddressWidth, addressWidth(groupStreamEntries), slotIndexWidth, 1) }

    /// The golden cycle model of one group's stream.
    public var cycleModel: StreamCycleModel {
        StreamCycleModel(lanes: lanesPerGroup, slots: slotsPerLane, queueDepth: queueDepth, streamRate: streamRate,
                         separateHeaders: true, handshakeOverhead: StreamArray.handshakeOverhead)
    }
    /// The golden tiler for this array.
    public var tiler: StreamTiler {
        StreamTiler(lanes: lanes, groups: streamGroups, slots: slotsPerLane, laneInputWords: laneInputWords,
                    kernelsPerTile: kernelsPerTile, streamEntries: groupStreamEntries, model: cycleModel)
    }

    /// Checks every field; throws a `ConfigError` naming the first bad one.
    public func validate() throws {
        func need(_ ok: Bool, _ field: String, _ msg: @autoclosure () -> String) throws {
            if !ok { throw ConfigError(field: field, msg()) }
        }
        try datapath.validate()
        func pow2(_ n: Int) -> Bool { n >= 1 && n & (n - 1) == 0 }
        try need(slotsPerLane >= 1 && slotsPerLane <= 16, "slotsPerLane", "must be in 1...16 (got \(slotsPerLane))")
        try need(pow2(streamRate) && streamRate <= 8, "streamRate", "must be 1, 2, 4 or 8 (got \(streamRate))")
        try need(pow2(queueDepth) && queueDepth >= 2 * streamRate && queueDepth <= 4096, "queueDepth",
                 "must be a power of two in \(2 * streamRate)...4096 (got \(queueDepth))")
        try need(laneInputWords >= 2 && laneInputWords <= 1 << 16, "laneInputWords", "must be in 2...65536 (got \(laneInputWords))")
        try need(kernelsPerTile >= 1 && kernelsPerTile <= 4096, "kernelsPerTile", "must be in 1...4096 (got \(kernelsPerTile))")
        try need(streamEntries >= 2 * streamRate && streamEntries % streamRate == 0 && streamEntries <= 1 << 20, "streamEntries",
                 "must be a multiple of streamRate in \(2 * streamRate)...\(1 << 20) (got \(streamEntries))")
        try need(pow2(streamGroups) && lanes % streamGroups == 0, "streamGroups",
                 "must be a power of two dividing the \(lanes) lanes (got \(streamGroups))")
        try need(streamEntries % (streamGroups * streamRate) == 0 && groupStreamEntries >= queueDepth, "streamEntries",
                 "must split into \(streamGroups) group buffers of whole rows, each at least queueDepth (\(queueDepth))")
        try need(entryWidth <= 64, "maxKernelOps", "stream entries of \(entryWidth) bits exceed 64")
    }
}
