/// The seeded split of a labelled image folder for tuning predictive mode on true labels
/// (docs/SQUEEZENET-PREDICTIVE.md, "Tuning on labelled ImageNet"):
///
/// - **profiling**: the tuner fits the per-kernel thresholds on these images' layer inputs;
/// - **calibration**: the global search accepts a selection on these (harm = images the exact
///   network classifies correctly and the predictive one does not, Clopper–Pearson bound);
/// - **held-out**: never seen by the tuner; the reported top-1 loss against the exact network is
///   measured here.
///
/// The row indices `0..<count` are shuffled with `SplitMix64(seed:)` (Fisher–Yates) and cut in
/// that order: the first `profilingCount` are profiling, the next `calibrationCount` calibration,
/// the rest held-out. Each set is then sorted by row index (file order), so a set's order does
/// not depend on the shuffle and image ranges (`Shard`) of a set are contiguous in the file.
public struct LabelledSplit: Sendable, Equatable {
    public static let defaultSeed: UInt64 = 2018
    /// Defaults for the 500-image sample: 100 profiling, 250 calibration, 150 held-out.
    public static let defaultProfilingCount = 100
    public static let defaultCalibrationCount = 250

    public let seed: UInt64
    public let profiling: [Int]
    public let calibration: [Int]
    public let heldOut: [Int]

    /// Splits `0..<count`. Throws when the sizes do not fit (every set needs at least one row).
    public init(count: Int, seed: UInt64 = LabelledSplit.defaultSeed, profilingCount: Int = LabelledSplit.defaultProfilingCount,
                calibrationCount: Int = LabelledSplit.defaultCalibrationCount) throws {
        guard profilingCount >= 1, calibrationCount >= 2, profilingCount + calibrationCount < count else {
            throw TunerError("labelled split: \(profilingCount) profiling + \(calibrationCount) calibration images need at least "
                             + "\(profilingCount + calibrationCount + 1) images (one held out), the folder has \(count)")
        }
        var order = Array(0..<count)
        var rng = SplitMix64(seed: seed)
        rng.shuffle(&order)
        self.seed = seed
        profiling = order[0..<profilingCount].sorted()
        calibration = order[profilingCount..<(profilingCount + calibrationCount)].sorted()
        heldOut = order[(profilingCount + calibrationCount)...].sorted()
    }

    /// Sizes scaled to a folder of `count` images: 20 % profiling, 50 % calibration, the rest
    /// held-out (the defaults for 500 images).
    public static func scaled(count: Int, seed: UInt64 = defaultSeed) throws -> LabelledSplit {
        try LabelledSplit(count: count, seed: seed, profilingCount: max(1, count / 5), calibrationCount: max(2, count / 2))
    }

    /// One line for reports.
    public var description: String {
        "seeded split (SplitMix64 seed \(seed), Fisher-Yates): \(profiling.count) profiling, \(calibration.count) calibration, "
            + "\(heldOut.count) held-out images, disjoint"
    }
}
