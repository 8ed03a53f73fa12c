/// The HDL core: a small hardware IR, a Swift DSL that builds it, elaboration checks,
/// a Verilog emitter, a cycle-based IR simulator and runners for external simulators.
public enum HDL {
    /// Name and version written into every emitted file header.
    public static let generator = "snapea-hdl 0.1.0"
}
