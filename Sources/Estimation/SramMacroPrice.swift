/// What one logical SRAM costs under `SramMacroModel`: the physical macros it is built from and
/// their area, leakage, access energies and minimum clock period.
public struct SramMacroPrice: Sendable, Hashable, Codable {
    /// The shape priced.
    public var shape: SramShape
    /// Depth banks: `banks` macros stacked in depth, one of them active per access.
    public var banks: Int
    /// Width slices: `slices` macros side by side, all active per access.
    public var slices: Int
    /// Words of one physical macro.
    public var macroDepth: Int
    /// Bits per word of one physical macro.
    public var macroWidth: Int
    /// The fakeram45 macro used when `macroDepth × macroWidth` is one of the platform's macros.
    public var mappedMacro: String?
    /// `.measured`: the macro's LEF area; `.fitted`: the power-law fit inside the macros' depth
    /// and width range (also for a mapped macro whose LEF height was inflated by hand);
    /// `.extrapolated`: the fit outside that range.
    public var method: AreaTable.Method
    /// Area of all macros, µm².
    public var areaUm2: Double
    /// Leakage of all macros, µW.
    public var leakageUW: Double
    /// Energy of one read of a full word, pJ (`slices` macros accessed).
    public var readPJ: Double
    /// Energy of one write of a full word, pJ.
    public var writePJ: Double
    /// Minimum clock period of one macro, ns (banking/slicing adds no register stage; the output
    /// multiplexer of a banked memory is not included).
    public var minPeriodNs: Double

    /// Number of physical macros, `banks × slices`.
    public var macroCount: Int { banks * slices }
    /// Area of one physical macro, µm².
    public var macroAreaUm2: Double { areaUm2 / Double(macroCount) }
    /// Area per stored bit, µm².
    public var areaPerBitUm2: Double { areaUm2 / Double(shape.bits) }

    /// `fakeram45_64x32`, `4 x fakeram45_2048x16`, `interpolated` or `extrapolated`; a mapped
    /// macro whose area comes from the fit says so.
    public var source: String {
        let n = macroCount > 1 ? "\(macroCount) x " : ""
        if let m = mappedMacro { return n + m + (method == .measured ? "" : " (area fitted: LEF height inflated)") }
        let fit = method == .extrapolated ? "extrapolated" : "interpolated"
        return macroCount > 1 ? n + "\(fit) \(macroDepth)x\(macroWidth)" : fit
    }
}
