import Accelerator
import HDL

/// Area, PAU overhead and energy inputs of the generated SnaPEA accelerator for a configuration.
public enum AcceleratorEstimate {
    /// The inventory of the elaborated accelerator (`Generator.elaborate`), or of the subtree
    /// rooted at module `root` (e.g. `"ComputeLane"`).
    public static func inventory(_ config: AcceleratorConfig, root: String? = nil) throws -> Inventory {
        try Inventory(design: Generator.elaborate(config), root: root)
    }

    /// The per-block area of `config`.
    public static func area(_ config: AcceleratorConfig, estimator: AreaEstimator) throws -> AreaReport {
        try estimator.estimate(inventory(config), name: config.name)
    }

    /// PAU area overhead: the build with PAUs vs the same config without them (same MAC count).
    public struct PAUOverhead: Sendable {
        public var withPAU: AreaReport
        public var baseline: AreaReport
        /// `(withPAU − baseline) / baseline`.
        public var overhead: Double { (withPAU.totalUm2 - baseline.totalUm2) / baseline.totalUm2 }
        /// The same ratio on logic only (buffers excluded).
        public var logicOverhead: Double {
            let a = withPAU.totalUm2 - withPAU.area(of: .buffers), b = baseline.totalUm2 - baseline.area(of: .buffers)
            return (a - b) / b
        }

        public func markdown() -> String {
            "PAU area overhead (\(withPAU.name) vs \(baseline.name), same MAC count): "
                + "\(fmt(withPAU.totalUm2 / 1e6, 4)) mm^2 vs \(fmt(baseline.totalUm2 / 1e6, 4)) mm^2 = "
                + "**+\(fmt(100 * overhead, 2)) %** of the whole accelerator (+\(fmt(100 * logicOverhead, 2)) % of its logic, "
                + "buffers excluded); SnaPEA reported 4.5 %. Added area by block (um^2): "
                + Block.allCases.map { "\($0.title) \(fmt(withPAU.area(of: $0) - baseline.area(of: $0), 0))" }.joined(separator: ", ") + ".\n"
        }
    }

    public static func pauOverhead(_ config: AcceleratorConfig, estimator: AreaEstimator) throws -> PAUOverhead {
        var with = config
        with.withPAU = true
        let base = with.baseline
        return PAUOverhead(withPAU: try area(with, estimator: estimator), baseline: try area(base, estimator: estimator))
    }

    /// The inventory of the stream organisation's array (SRAM macros as `.sramMacro` parts), or of
    /// the subtree rooted at module `root` (e.g. `"StreamLane"`).
    public static func inventory(stream config: StreamConfig, root: String? = nil) throws -> Inventory {
        try Inventory(design: Generator.elaborate(stream: config), root: root)
    }

    /// The per-block area of the stream organisation for `config`.
    public static func area(stream config: StreamConfig, estimator: AreaEstimator) throws -> AreaReport {
        try estimator.estimate(inventory(stream: config), name: config.name)
    }

    /// PAU area overhead of the stream organisation: with vs without PAUs, same MAC count and
    /// memories.
    public static func pauOverhead(stream config: StreamConfig, estimator: AreaEstimator) throws -> PAUOverhead {
        var with = config, base = config
        with.withPAU = true
        base.withPAU = false
        base.name += "-baseline"
        return PAUOverhead(withPAU: try area(stream: with, estimator: estimator), baseline: try area(stream: base, estimator: estimator))
    }

    /// The energy model's view of `config`: widths, one PE's buffers, clock, and `areaUm2` for leakage.
    public static func hardwareShape(_ c: AcceleratorConfig, areaUm2: Double) -> HardwareShape {
        let a = c.accumulatorWidth
        return HardwareShape(
            dataBits: c.dataWidth, accumulatorBits: a, counterBits: c.opCountWidth, indexBits: c.inputAddressWidth,
            weightBuffer: .init(depth: c.weightBufferOps, width: c.dataWidth),
            indexBuffer: .init(depth: c.weightBufferOps, width: c.inputAddressWidth),
            inputBuffer: .init(depth: c.inputWordsPerBank, width: c.dataWidth),
            outputBuffer: .init(depth: c.workListEntries, width: c.dataWidth),
            workList: .init(depth: c.workListEntries, width: c.kernelIndexWidth + c.inputAddressWidth),
            kernelTable: .init(depth: c.kernelTableEntries, width: 4 * a),
            clockMHz: c.clockMHz, areaUm2: areaUm2)
    }
}
