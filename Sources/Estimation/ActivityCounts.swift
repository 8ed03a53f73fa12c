/// What a layer run did, as counted by the golden model (or any other source): the inputs of
/// `EnergyEstimator`. All counts are totals over the run (all PEs, all tiles).
public struct ActivityCounts: Sendable, Hashable, Codable {
    /// MAC operations executed (after early termination).
    public var executedMACs: Int
    /// PAU checks performed (one per executed op on hardware with PAUs; 0 without).
    public var pauChecks: Int
    /// Weight-buffer word reads (one per executed op per lane unless the weight stream is shared).
    public var weightBufferReads: Int
    /// Index-buffer word reads (input offsets of the reordered ops).
    public var indexBufferReads: Int
    /// Input-buffer word reads (one per executed op).
    public var inputBufferReads: Int
    /// Output-buffer word writes (one per output).
    public var outputBufferWrites: Int
    /// Buffer fills from off-chip (word writes into the on-chip buffers).
    public var inputBufferWrites: Int
    public var weightBufferWrites: Int
    public var indexBufferWrites: Int
    /// Cycles of the run (for leakage and average power).
    public var cycles: Int
    /// Off-chip (DRAM) words moved: activations in, weights (and biases/thresholds) in,
    /// indices in, activations out.
    public var offChipInputWords: Int
    public var offChipWeightWords: Int
    public var offChipIndexWords: Int
    public var offChipOutputWords: Int

    public init(executedMACs: Int = 0, pauChecks: Int = 0, weightBufferReads: Int = 0, indexBufferReads: Int = 0,
                inputBufferReads: Int = 0, outputBufferWrites: Int = 0, inputBufferWrites: Int = 0,
                weightBufferWrites: Int = 0, indexBufferWrites: Int = 0, cycles: Int = 0,
                offChipInputWords: Int = 0, offChipWeightWords: Int = 0, offChipIndexWords: Int = 0,
                offChipOutputWords: Int = 0) {
        self.executedMACs = executedMACs; self.pauChecks = pauChecks
        self.weightBufferReads = weightBufferReads; self.indexBufferReads = indexBufferReads
        self.inputBufferReads = inputBufferReads; self.outputBufferWrites = outputBufferWrites
        self.inputBufferWrites = inputBufferWrites; self.weightBufferWrites = weightBufferWrites
        self.indexBufferWrites = indexBufferWrites; self.cycles = cycles
        self.offChipInputWords = offChipInputWords; self.offChipWeightWords = offChipWeightWords
        self.offChipIndexWords = offChipIndexWords; self.offChipOutputWords = offChipOutputWords
    }

    /// The counts as (name, value) pairs, for validation and reports.
    public var fields: [(String, Int)] {
        [("executedMACs", executedMACs), ("pauChecks", pauChecks), ("weightBufferReads", weightBufferReads),
         ("indexBufferReads", indexBufferReads), ("inputBufferReads", inputBufferReads),
         ("outputBufferWrites", outputBufferWrites), ("inputBufferWrites", inputBufferWrites),
         ("weightBufferWrites", weightBufferWrites), ("indexBufferWrites", indexBufferWrites), ("cycles", cycles),
         ("offChipInputWords", offChipInputWords), ("offChipWeightWords", offChipWeightWords),
         ("offChipIndexWords", offChipIndexWords), ("offChipOutputWords", offChipOutputWords)]
    }

    /// Element-wise sum (e.g. layers of a network).
    public static func + (a: ActivityCounts, b: ActivityCounts) -> ActivityCounts {
        ActivityCounts(executedMACs: a.executedMACs + b.executedMACs, pauChecks: a.pauChecks + b.pauChecks,
                       weightBufferReads: a.weightBufferReads + b.weightBufferReads,
                       indexBufferReads: a.indexBufferReads + b.indexBufferReads,
                       inputBufferReads: a.inputBufferReads + b.inputBufferReads,
                       outputBufferWrites: a.outputBufferWrites + b.outputBufferWrites,
                       inputBufferWrites: a.inputBufferWrites + b.inputBufferWrites,
                       weightBufferWrites: a.weightBufferWrites + b.weightBufferWrites,
                       indexBufferWrites: a.indexBufferWrites + b.indexBufferWrites, cycles: a.cycles + b.cycles,
                       offChipInputWords: a.offChipInputWords + b.offChipInputWords,
                       offChipWeightWords: a.offChipWeightWords + b.offChipWeightWords,
                       offChipIndexWords: a.offChipIndexWords + b.offChipIndexWords,
                       offChipOutputWords: a.offChipOutputWords + b.offChipOutputWords)
    }
}
