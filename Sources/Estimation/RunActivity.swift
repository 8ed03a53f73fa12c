import Golden

/// What a layer run did: the inputs of `EnergyEstimator`. All counts are totals over the run
/// (all PEs, all tiles). The golden model's `ActivityCounts` (module Golden) maps into it with
/// `init(_:)`; tests and other sources fill it directly.
public struct RunActivity: Sendable, Hashable, Codable {
    /// MAC operations executed (after early termination).
    public var executedMACs: Int
    /// PAU checks performed (threshold and sign comparisons).
    public var pauChecks: Int
    /// Buffer word reads: weight, index (input offsets of reordered ops), input, work list, kernel table.
    public var weightBufferReads: Int
    public var indexBufferReads: Int
    public var inputBufferReads: Int
    public var workListReads: Int
    public var kernelTableReads: Int
    /// Output-buffer word writes (one per output).
    public var outputBufferWrites: Int
    /// Buffer fills from off-chip (word writes into the on-chip buffers).
    public var inputBufferWrites: Int
    public var weightBufferWrites: Int
    public var indexBufferWrites: Int
    public var workListWrites: Int
    public var kernelTableWrites: Int
    /// Cycles of the run (for leakage and average power).
    public var cycles: Int
    /// Off-chip (DRAM) words moved.
    public var offChipInputWords: Int
    public var offChipWeightWords: Int
    public var offChipIndexWords: Int
    public var offChipKernelTableWords: Int
    public var offChipWorkListWords: Int
    public var offChipOutputWords: Int

    public init(executedMACs: Int = 0, pauChecks: Int = 0, weightBufferReads: Int = 0, indexBufferReads: Int = 0,
                inputBufferReads: Int = 0, workListReads: Int = 0, kernelTableReads: Int = 0,
                outputBufferWrites: Int = 0, inputBufferWrites: Int = 0, weightBufferWrites: Int = 0,
                indexBufferWrites: Int = 0, workListWrites: Int = 0, kernelTableWrites: Int = 0, cycles: Int = 0,
                offChipInputWords: Int = 0, offChipWeightWords: Int = 0, offChipIndexWords: Int = 0,
                offChipKernelTableWords: Int = 0, offChipWorkListWords: Int = 0, offChipOutputWords: Int = 0) {
        self.executedMACs = executedMACs; self.pauChecks = pauChecks
        self.weightBufferReads = weightBufferReads; self.indexBufferReads = indexBufferReads
        self.inputBufferReads = inputBufferReads; self.workListReads = workListReads
        self.kernelTableReads = kernelTableReads; self.outputBufferWrites = outputBufferWrites
        self.inputBufferWrites = inputBufferWrites; self.weightBufferWrites = weightBufferWrites
        self.indexBufferWrites = indexBufferWrites; self.workListWrites = workListWrites
        self.kernelTableWrites = kernelTableWrites; self.cycles = cycles
        self.offChipInputWords = offChipInputWords; self.offChipWeightWords = offChipWeightWords
        self.offChipIndexWords = offChipIndexWords; self.offChipKernelTableWords = offChipKernelTableWords
        self.offChipWorkListWords = offChipWorkListWords; self.offChipOutputWords = offChipOutputWords
    }

    /// The golden model's counts. Every word fetched from off-chip is written once into its
    /// on-chip buffer, so the buffer fills equal the off-chip input/weight/index/kernel-table/work-list words.
    public init(_ g: ActivityCounts) {
        self.init(executedMACs: g.macs, pauChecks: g.pauChecks, weightBufferReads: g.weightReads,
                  indexBufferReads: g.indexReads, inputBufferReads: g.inputReads, workListReads: g.workListReads,
                  kernelTableReads: g.kernelTableReads, outputBufferWrites: g.outputWrites,
                  inputBufferWrites: g.offChipInputWords, weightBufferWrites: g.offChipWeightWords,
                  indexBufferWrites: g.offChipIndexWords, workListWrites: g.offChipWorkListWords,
                  kernelTableWrites: g.offChipKernelTableWords, cycles: g.cycles,
                  offChipInputWords: g.offChipInputWords, offChipWeightWords: g.offChipWeightWords,
                  offChipIndexWords: g.offChipIndexWords, offChipKernelTableWords: g.offChipKernelTableWords,
                  offChipWorkListWords: g.offChipWorkListWords, offChipOutputWords: g.offChipOutputWords)
    }

    /// The counts as (name, value) pairs, for validation and reports.
    public var fields: [(String, Int)] {
        [("executedMACs", executedMACs), ("pauChecks", pauChecks), ("weightBufferReads", weightBufferReads),
         ("indexBufferReads", indexBufferReads), ("inputBufferReads", inputBufferReads),
         ("workListReads", workListReads), ("kernelTableReads", kernelTableReads),
         ("outputBufferWrites", outputBufferWrites), ("inputBufferWrites", inputBufferWrites),
         ("weightBufferWrites", weightBufferWrites), ("indexBufferWrites", indexBufferWrites),
         ("workListWrites", workListWrites), ("kernelTableWrites", kernelTableWrites), ("cycles", cycles),
         ("offChipInputWords", offChipInputWords), ("offChipWeightWords", offChipWeightWords),
         ("offChipIndexWords", offChipIndexWords), ("offChipKernelTableWords", offChipKernelTableWords),
         ("offChipWorkListWords", offChipWorkListWords), ("offChipOutputWords", offChipOutputWords)]
    }
}
