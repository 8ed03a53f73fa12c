/// The blocks of the per-block area breakdown.
public enum Block: String, Sendable, Codable, CaseIterable, Hashable, Comparable {
    /// Multiply-accumulate datapaths (multiplier, accumulator adder, accumulator register).
    case mac
    /// Prediction activation units (sign check, threshold compare, op-counter compare).
    case pau
    /// Per-lane control: op counters, work-list pointers, requantisation, lane state.
    case laneControl
    /// Buffers: input, weight, index, output, kernel table, work list.
    case buffers
    /// The per-PE scheduler / dispatch of work-list entries to lanes.
    case scheduler
    /// Everything else at the top (load/read ports, handshake, array glue).
    case top

    /// Display name used in the reports.
    public var title: String {
        switch self {
        case .mac: return "MAC"
        case .pau: return "PAU"
        case .laneControl: return "lane control"
        case .buffers: return "buffers"
        case .scheduler: return "scheduler"
        case .top: return "top"
        }
    }

    /// Maps a free-form block tag (as used by the HDL inventory or instance names) to a block:
    /// case-insensitive, `-`/`_`/space ignored; unknown tags map to `.top`.
    public init(tag: String) {
        let t = tag.lowercased().filter { $0.isLetter || $0.isNumber }
        switch t {
        case "mac", "macs", "multiplier", "mul", "streammac": self = .mac
        case "pau", "paus", "prediction", "predictionactivationunit", "streampau": self = .pau
        case "lanecontrol", "lane", "lanectrl", "control", "ctrl", "requant", "requantizer", "computelane", "streamlane": self = .laneControl
        case "buffers", "buffer", "memory", "memories", "sram", "regfile", "inputbuffer", "weightbuffer",
             "indexbuffer", "outputbuffer", "kerneltable", "worklist": self = .buffers
        case "scheduler", "dispatch", "sched": self = .scheduler
        default: self = .top
        }
    }

    public static func < (a: Block, b: Block) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}
