import Foundation
import Accelerator

/// Speed of the estimator (for the CLI; tests never assert on time).
public enum EstimationBenchmark {
    /// One measurement.
    public struct Result: Sendable, CustomStringConvertible {
        public var config: String
        public var inventoryItems: Int
        public var elaborateAndInventorySeconds: Double
        public var estimateSeconds: Double
        public var description: String {
            "\(config): elaborate + inventory \(String(format: "%.3f", elaborateAndInventorySeconds)) s "
                + "(\(inventoryItems) items), area estimate \(String(format: "%.4f", estimateSeconds)) s "
                + "(\(String(format: "%.0f", Double(inventoryItems) / max(estimateSeconds, 1e-9))) items/s)"
        }
    }

    /// Times inventory extraction and area estimation of `config` (`repeats` estimates).
    public static func run(_ config: AcceleratorConfig, repeats: Int = 20) throws -> Result {
        let est = try AreaEstimator()
        let t0 = Date()
        let inv = try AcceleratorEstimate.inventory(config)
        let t1 = Date()
        for _ in 0..<max(1, repeats) { _ = try est.estimate(inv, name: config.name) }
        let t2 = Date()
        return Result(config: config.name, inventoryItems: inv.items.count,
                      elaborateAndInventorySeconds: t1.timeIntervalSince(t0),
                      estimateSeconds: t2.timeIntervalSince(t1) / Double(max(1, repeats)))
    }
}
