/// Named configurations. Every preset has a `baseline` variant without PAUs (the dense
/// Eyeriss-like design of equal MAC count) for area/energy comparisons.
extension AcceleratorConfig {
    /// 16 PEs x 16 lanes = 256 MACs, 16-bit: the paper's MAC budget.
    public static let default256 = AcceleratorConfig(
        name: "default256", pes: 16, lanesPerPE: 16, dataWidth: 16, maxKernelOps: 2048,
        inputWordsPerBank: 8192, weightBufferOps: 4096, kernelTableEntries: 32,
        workListEntries: 1024, withPAU: true, clockMHz: 500)

    /// 2 PEs x 4 lanes, 16-bit: fast to build and simulate in tests; the input bank holds one
    /// output row of every SqueezeNet layer, so real-layer tiles run on it too.
    public static let small = AcceleratorConfig(
        name: "small", pes: 2, lanesPerPE: 4, dataWidth: 16, maxKernelOps: 1024,
        inputWordsPerBank: 8192, weightBufferOps: 2048, kernelTableEntries: 16,
        workListEntries: 512, withPAU: true, clockMHz: 500)

    /// `default256` with 8-bit weights and activations.
    public static let int8: AcceleratorConfig = {
        var c = AcceleratorConfig.default256
        c.name = "int8"
        c.dataWidth = 8
        return c
    }()

    /// This configuration without PAUs (name suffixed `-baseline`).
    public var baseline: AcceleratorConfig {
        var c = self
        c.withPAU = false
        if !c.name.hasSuffix("-baseline") { c.name += "-baseline" }
        return c
    }

    /// Every named preset, including the baselines.
    public static let presets: [AcceleratorConfig] = [
        .default256, .default256.baseline, .small, .small.baseline, .int8, .int8.baseline,
    ]

    /// The preset called `name` (e.g. `default256-baseline`), or nil.
    public static func preset(named name: String) -> AcceleratorConfig? {
        presets.first { $0.name == name }
    }
}
