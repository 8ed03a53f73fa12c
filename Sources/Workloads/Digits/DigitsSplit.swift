/// A deterministic train / calibration / held-out test split of the digits data set.
///
/// The samples are shuffled with `SplitMix64(seed:)` (Fisher–Yates); the first `trainCount`
/// indices are the training split. The rest is the *evaluation pool*; it is split into
/// calibration (first `calibrationCount`) and test (the remainder). When `evaluationSeed` is
/// given, the pool is reshuffled with it first, so that the tuner can be checked on several
/// independent calibration/test splits without touching the training split.
public struct DigitsSplit: Sendable, Equatable {
    /// Default seed of the project's split.
    public static let defaultSeed: UInt64 = 2018
    /// Default split sizes (1797 = 997 + 400 + 400).
    public static let defaultTrainCount = 997
    public static let defaultCalibrationCount = 400

    /// Indices into the data set's samples.
    public let train: [Int]
    public let calibration: [Int]
    public let test: [Int]

    /// Shuffles `0..<count` with `seed` and cuts it; see the type's documentation.
    public init(count: Int, seed: UInt64 = DigitsSplit.defaultSeed,
                trainCount: Int = DigitsSplit.defaultTrainCount,
                calibrationCount: Int = DigitsSplit.defaultCalibrationCount,
                evaluationSeed: UInt64? = nil) {
        precondition(trainCount >= 0 && calibrationCount >= 0 && trainCount + calibrationCount <= count,
                     "DigitsSplit: \(trainCount) + \(calibrationCount) exceeds \(count) samples")
        var order = Array(0..<count)
        var rng = SplitMix64(seed: seed)
        rng.shuffle(&order)
        train = Array(order[0..<trainCount])
        var pool = Array(order[trainCount...])
        if let e = evaluationSeed {
            var rng2 = SplitMix64(seed: e)
            rng2.shuffle(&pool)
        }
        calibration = Array(pool[0..<calibrationCount])
        test = Array(pool[calibrationCount...])
    }

    /// The split's samples, in split order.
    public static func samples(_ indices: [Int], of dataset: DigitsDataset) -> [DigitsSample] {
        indices.map { dataset.samples[$0] }
    }
}
