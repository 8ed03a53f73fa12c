import Golden

/// One kernel as the hardware holds it: an entry of the kernel table plus its op list in the
/// weight and index buffers (docs/ARCHITECTURE.md, "Op lists").
public struct HardwareKernel: Sendable, Equatable {
    /// Accumulator preload, in accumulator units.
    public var bias: Int64
    /// Op weights, in execution order.
    public var weights: [Int32]
    /// Op offsets into the input tile, `(c * Hin + ky) * Win + kx`.
    public var offsets: [Int32]
    /// `C`: the sign check may fire from op `C` on.
    public var checkFrom: Int
    /// `N`: speculation ops (0 = no threshold check).
    public var specN: Int
    /// `Th` in accumulator units.
    public var threshold: Int64

    public init(bias: Int64, weights: [Int32], offsets: [Int32], checkFrom: Int, specN: Int, threshold: Int64) {
        self.bias = bias
        self.weights = weights
        self.offsets = offsets
        self.checkFrom = checkFrom
        self.specN = specN
        self.threshold = threshold
    }

    /// Op list length `L`.
    public var count: Int { weights.count }
}

/// Everything the array needs for one `start`…`done`: the input tile, the kernels, each PE's
/// work list and the mode registers. Built from a golden `TileProgram` by `HardwareTile(_:)`.
public struct HardwareTile: Sendable, Equatable {
    /// Flat input tile `(c * Hin + y) * Win + x`.
    public var input: [Int32]
    public var kernels: [HardwareKernel]
    /// `workLists[j]` is PE `j`'s work list; output `q` of it lands at output address `q`.
    public var workLists: [[WorkEntry]]
    /// Sign check (rule 2) on.
    public var signCheck: Bool
    /// Threshold check (rule 1) on.
    public var thresholdCheck: Bool
    /// Requantiser shift `s`.
    public var shift: Int

    public init(input: [Int32], kernels: [HardwareKernel], workLists: [[WorkEntry]],
                signCheck: Bool, thresholdCheck: Bool, shift: Int) {
        self.input = input
        self.kernels = kernels
        self.workLists = workLists
        self.signCheck = signCheck
        self.thresholdCheck = thresholdCheck
        self.shift = shift
    }

    /// Total ops of all op lists (weight-buffer words used).
    public var totalOps: Int { kernels.reduce(0) { $0 + $1.count } }
}

extension AcceleratorConfig {
    /// Checks that `tile` fits this configuration's buffers and widths; throws a `ConfigError`
    /// naming the config field that is too small (or `tile.<field>` for a malformed tile).
    public func validate(tile: HardwareTile) throws {
        try validate()
        let w = dataWidth, a = accumulatorWidth
        let dmin = -(Int64(1) << (w - 1)), dmax = (Int64(1) << (w - 1)) - 1
        let amin = -(Int64(1) << (a - 1)), amax = a == 64 ? Int64.max : (Int64(1) << (a - 1)) - 1
        if tile.workLists.count != pes {
            throw ConfigError(field: "pes", "tile has \(tile.workLists.count) work lists for \(pes) PEs")
        }
        if tile.input.count > inputWordsPerBank {
            throw ConfigError(field: "inputWordsPerBank",
                              "\(inputWordsPerBank) words per bank, the tile's input needs \(tile.input.count)")
        }
        if tile.kernels.count > kernelTableEntries {
            throw ConfigError(field: "kernelTableEntries",
                              "\(kernelTableEntries) entries, the tile has \(tile.kernels.count) kernels")
        }
        if tile.totalOps > weightBufferOps {
            throw ConfigError(field: "weightBufferOps",
                              "\(weightBufferOps) ops, the tile's op lists need \(tile.totalOps)")
        }
        if let longest = tile.workLists.map(\.count).max(), longest > workListEntries {
            throw ConfigError(field: "workListEntries",
                              "\(workListEntries) entries per PE, the tile needs \(longest)")
        }
        if tile.shift < 0 || tile.shift > a - 1 {
            throw ConfigError(field: "tile.shift", "shift \(tile.shift) outside 0...\(a - 1)")
        }
        if let x = tile.input.first(where: { Int64($0) < dmin || Int64($0) > dmax }) {
            throw ConfigError(field: "dataWidth", "input value \(x) does not fit \(w) bits")
        }
        for (k, kern) in tile.kernels.enumerated() {
            if kern.count > maxKernelOps {
                throw ConfigError(field: "maxKernelOps", "kernel \(k) has \(kern.count) ops, the limit is \(maxKernelOps)")
            }
            if kern.offsets.count != kern.count {
                throw ConfigError(field: "tile.kernels[\(k)].offsets", "\(kern.offsets.count) offsets for \(kern.count) weights")
            }
            if let x = kern.weights.first(where: { Int64($0) < dmin || Int64($0) > dmax }) {
                throw ConfigError(field: "dataWidth", "kernel \(k) weight \(x) does not fit \(w) bits")
            }
            if kern.bias < amin || kern.bias > amax {
                throw ConfigError(field: "maxKernelOps", "kernel \(k) bias \(kern.bias) does not fit the \(a)-bit accumulator")
            }
            if kern.checkFrom < 0 || kern.checkFrom > maxKernelOps || kern.specN < 0 || kern.specN > maxKernelOps {
                throw ConfigError(field: "tile.kernels[\(k)]", "checkFrom \(kern.checkFrom) / specN \(kern.specN) outside 0...\(maxKernelOps)")
            }
            if let o = kern.offsets.first(where: { $0 < 0 || Int($0) >= inputWordsPerBank }) {
                throw ConfigError(field: "inputWordsPerBank", "kernel \(k) offset \(o) outside the \(inputWordsPerBank)-word bank")
            }
        }
        for (j, list) in tile.workLists.enumerated() {
            for (q, e) in list.enumerated() {
                guard e.kernel >= 0 && Int(e.kernel) < tile.kernels.count else {
                    throw ConfigError(field: "tile.workLists[\(j)][\(q)]", "kernel \(e.kernel) not in the tile")
                }
                let maxOff = tile.kernels[Int(e.kernel)].offsets.map { Int($0) }.max() ?? 0
                if e.base < 0 || Int(e.base) + maxOff >= max(tile.input.count, 1) && !tile.kernels[Int(e.kernel)].offsets.isEmpty {
                    throw ConfigError(field: "tile.workLists[\(j)][\(q)]",
                                      "base \(e.base) + offset \(maxOff) reads outside the \(tile.input.count)-word input")
                }
                if Int(e.base) >= inputWordsPerBank {
                    throw ConfigError(field: "inputWordsPerBank", "work-list base \(e.base) outside the bank")
                }
            }
        }
    }

    /// The threshold as the hardware register holds it: clamped to the accumulator range (a
    /// clamped value behaves identically because no partial sum reaches the clamp bound).
    func clampedThreshold(_ t: Int64) -> Int64 {
        let a = accumulatorWidth
        let amin = -(Int64(1) << (a - 1)), amax = a == 64 ? Int64.max : (Int64(1) << (a - 1)) - 1
        return min(max(t, amin), amax)
    }
}

extension HardwareTile {
    /// The hardware view of a golden tile. On hardware without PAUs (`withPAU == false`) the
    /// mode registers do not exist, so both checks are off whatever the tile's mode.
    public init(_ tile: TileProgram, withPAU: Bool = true) {
        self.init(input: tile.input,
                  kernels: tile.kernels.map {
                      HardwareKernel(bias: $0.bias, weights: $0.weights, offsets: $0.offsets,
                                     checkFrom: $0.checkFrom, specN: $0.specN, threshold: $0.threshold)
                  },
                  workLists: tile.workLists,
                  signCheck: withPAU && tile.mode.signCheck,
                  thresholdCheck: withPAU && tile.mode.thresholdCheck,
                  shift: tile.shift)
    }
}

extension AcceleratorConfig {
    /// The buffer capacities the golden tiler cuts layers by.
    public var bufferCapacities: BufferCapacities {
        BufferCapacities(inputWordsPerBank: inputWordsPerBank, weightBufferOps: weightBufferOps,
                         kernelTableEntries: kernelTableEntries, workListEntriesPerPE: workListEntries)
    }

    /// The golden cycle model of this array, with the RTL's handshake overhead.
    public var cycleModel: CycleModel {
        CycleModel(pes: pes, lanesPerPE: lanesPerPE, handshakeOverhead: Generator.handshakeOverhead)
    }
}
