import Foundation
import Reporting

/// Prices a synchronous SRAM of any shape from the 22 fakeram45 macros of the Nangate45 platform
/// (`Fakeram45.macros`, CACTI 45 nm): area µm², leakage µW, read/write energy pJ per access,
/// minimum clock period ns.
///
/// **Exact macros.** A physical macro of exactly a fakeram45 shape takes that macro's figures.
/// Its area is the LEF area, except for the six macros whose height was inflated by hand for pin
/// access (`heightInflated`): their area is the fit (their leakage, energy and period are CACTI's
/// and are used as they are).
///
/// **Other shapes: a power law per figure**, `y = k · depth^a · width^b`, least squares on
/// `ln y` (`PowerLawFit`): area over the 16 macros with an uninflated height, leakage, access
/// energy and min period over all 22. The fitted coefficients, their residuals and the leave-one-out
/// errors are in `docs/ESTIMATION.md` (area: residuals within ±19 %, RMS 10 %, the scatter of
/// CACTI's own choice of array organisation, e.g. 128×32 is 2.7× the area of 64×32). With both
/// exponents positive the fit grows monotonically in depth and width and stays positive for any
/// shape; an exact macro may lie up to 18 % off it, so next to one the price need not be monotone.
/// Shapes outside the macros' depth range 32...2048 or width range 7...256 are marked `extrapolated`.
///
/// **Banking rule.** No macro is deeper than `maxMacroDepth` = 2048 words, wider than
/// `maxMacroWidth` = 256 bits or larger than `maxMacroBits` = 80 Kibit (the largest fakeram45
/// macro is 2048×39 = 78 Kibit). A larger memory is `banks = ⌈depth / 2048⌉` depth banks of
/// `⌈depth / banks⌉` words, each cut into `slices = max(⌈width / 256⌉, ⌈bankDepth·width / 80 Ki⌉)`
/// width slices of `⌈width / slices⌉` bits: area and leakage × `banks·slices`, one access
/// reads or writes one bank, i.e. energy × `slices`; the period is one macro's (the bank-select
/// multiplexer is left to the logic synthesis).
///
/// **Two-port (`1r1w`).** fakeram45 has single-port macros only. A two-port macro is priced as the
/// single-port one × `twoPortAreaFactor` = 1.5 in area and leakage and × √1.5 ≈ 1.22 in energy per
/// access (wordlines and bitlines grow with the linear size of the array), same period. Rationale:
/// the 8T two-port cell (a separate read wordline and read bitline) is about 1.3× the 6T cell
/// (L. Chang et al., "Stable SRAM cell design for the 32 nm node and beyond", Symp. VLSI Technology
/// 2005), a true dual-port cell about 2×; a 1r1w macro also duplicates the address decoder and has
/// separate read and write column circuits, so 1.5× the whole macro, between the two.
///
/// **Write mask.** Every fakeram45 macro has a per-bit write mask, so any `maskGranularity`
/// (0 = none, g = one mask bit per g data bits) is priced as that macro: an upper bound for
/// coarser or no masking.
///
/// **Energy.** fakeram's access energy is CACTI's dynamic energy per access at 1.1 V, one number
/// for reads and writes, so `readPJ == writePJ`. It is far below Horowitz's (ISSCC 2014) 10 pJ per
/// 64-bit read of an 8 KB array for small macros; `EnergyTable` keeps both (`EnergyTable.BufferEnergy`).
public struct SramMacroModel: Sendable, Hashable, Codable {
    /// The figures a fit is made for.
    public enum Figure: String, Sendable, Hashable, Codable, CaseIterable {
        case area, leakage, accessEnergy, minPeriod

        /// The figure of one macro (area µm², leakage µW, access energy pJ, min period ns).
        public func value(of m: Fakeram45Macro) -> Double {
            switch self {
            case .area: return m.areaUm2
            case .leakage: return m.leakageUW
            case .accessEnergy: return m.accessPJ
            case .minPeriod: return m.minPeriodNs
            }
        }

        /// Whether the fit of this figure uses macro `m` (the area fit skips inflated heights).
        public func fits(_ m: Fakeram45Macro) -> Bool { self != .area || !m.heightInflated }

        public var unit: String {
            switch self {
            case .area: return "um^2"
            case .leakage: return "uW"
            case .accessEnergy: return "pJ"
            case .minPeriod: return "ns"
            }
        }
    }

    /// The macros the model is built on.
    public var macros: [Fakeram45Macro]
    /// The power law of each figure.
    public var fits: [Figure: PowerLawFit]
    /// Deepest physical macro, words.
    public var maxMacroDepth = 2048
    /// Widest physical macro, bits.
    public var maxMacroWidth = 256
    /// Largest physical macro, bits.
    public var maxMacroBits = 80 * 1024
    /// Two-port (1r1w) area and leakage relative to single-port.
    public var twoPortAreaFactor = 1.5
    /// Two-port (1r1w) energy per access relative to single-port.
    public var twoPortEnergyFactor = 1.5.squareRoot()

    /// The model of the bundled fakeram45 table.
    public static let fakeram45 = SramMacroModel(macros: Fakeram45.macros)!

    /// Fits the model to `macros`; nil when some figure cannot be fitted (fewer than three macros
    /// or all in one line).
    public init?(macros: [Fakeram45Macro]) {
        var fits: [Figure: PowerLawFit] = [:]
        for f in Figure.allCases {
            let pts = macros.filter(f.fits).map { (depth: $0.depth, width: $0.width, y: f.value(of: $0)) }
            guard let fit = PowerLawFit(points: pts) else { return nil }
            fits[f] = fit
        }
        self.macros = macros
        self.fits = fits
    }

    /// The power law of `figure`.
    public func fit(_ figure: Figure) -> PowerLawFit { fits[figure]! }

    /// The depth and width ranges of the macros (inside them a fit is an interpolation).
    public var depthRange: ClosedRange<Int> { macros.map(\.depth).min()!...macros.map(\.depth).max()! }
    public var widthRange: ClosedRange<Int> { macros.map(\.width).min()!...macros.map(\.width).max()! }

    /// How a `depth × width` memory is cut into physical macros (the banking rule).
    public func banking(depth: Int, width: Int) -> (banks: Int, slices: Int, macroDepth: Int, macroWidth: Int) {
        let banks = (depth + maxMacroDepth - 1) / maxMacroDepth
        let bankDepth = (depth + banks - 1) / banks
        let slices = max((width + maxMacroWidth - 1) / maxMacroWidth, (bankDepth * width + maxMacroBits - 1) / maxMacroBits)
        return (banks, slices, bankDepth, (width + slices - 1) / slices)
    }

    /// The price of one logical SRAM. Throws `EstimationError.invalidInput` for a non-positive
    /// depth or width, a negative mask granularity or one that does not divide the width.
    public func price(_ shape: SramShape, place: String = "sram") throws -> SramMacroPrice {
        guard shape.depth > 0, shape.width > 0 else {
            throw EstimationError.invalidInput(place: place, detail: "SRAM \(shape): depth and width must be positive")
        }
        guard shape.maskGranularity >= 0, shape.maskGranularity == 0 || shape.width % shape.maskGranularity == 0 else {
            throw EstimationError.invalidInput(place: place, detail: "SRAM \(shape): mask granularity must be 0 or divide the width")
        }
        return unchecked(shape)
    }

    /// `price` without the input checks (depth and width must be positive).
    func unchecked(_ shape: SramShape) -> SramMacroPrice {
        let b = banking(depth: shape.depth, width: shape.width)
        let d = b.macroDepth, w = b.macroWidth
        var area = fit(.area)(depth: d, width: w), leak = fit(.leakage)(depth: d, width: w)
        var energy = fit(.accessEnergy)(depth: d, width: w), period = fit(.minPeriod)(depth: d, width: w)
        var method: AreaTable.Method = depthRange.contains(d) && widthRange.contains(w) ? .fitted : .extrapolated
        let exact = macros.first { $0.depth == d && $0.width == w }
        if let m = exact {
            leak = m.leakageUW
            energy = m.accessPJ
            period = m.minPeriodNs
            if !m.heightInflated {
                area = m.areaUm2
                method = .measured
            }
        }
        if shape.ports == .twoPort {
            area *= twoPortAreaFactor
            leak *= twoPortAreaFactor
            energy *= twoPortEnergyFactor
        }
        let n = Double(b.banks * b.slices)
        return SramMacroPrice(shape: shape, banks: b.banks, slices: b.slices, macroDepth: d, macroWidth: w,
                              mappedMacro: exact?.name, method: method, areaUm2: n * area, leakageUW: n * leak,
                              readPJ: Double(b.slices) * energy, writePJ: Double(b.slices) * energy, minPeriodNs: period)
    }

    /// One macro's figure against its fit.
    public struct Residual: Sendable, Hashable {
        public var macro: Fakeram45Macro
        public var figure: Figure
        public var actual: Double
        public var fitted: Double
        /// `(fitted − actual) / actual`.
        public var relativeError: Double
        /// Whether the macro is one of the fit's points.
        public var inFit: Bool
    }

    /// The residuals of `figure` over all macros (those outside the fit included, marked).
    public func residuals(_ figure: Figure) -> [Residual] {
        let f = fit(figure)
        return macros.map { m in
            let y = figure.value(of: m), p = f(depth: m.depth, width: m.width)
            return Residual(macro: m, figure: figure, actual: y, fitted: p, relativeError: (p - y) / y, inFit: figure.fits(m))
        }
    }

    /// The residuals of all four figures, one row per macro (Markdown/CSV via `Table`):
    /// macro, `*`, LEF area, fitted area and the relative error of each figure
    /// (in parentheses: not a point of that fit).
    public func residualTable() -> Table {
        var t = Table(headers: ["macro", "note", "area um^2", "area fit", "area err", "leakage err", "energy err", "period err"])
        let r = Figure.allCases.map(residuals)
        for (i, m) in macros.enumerated() {
            func err(_ x: Residual) -> String {
                let s = Format.fixed(100 * x.relativeError, 1) + " %"
                return x.inFit ? s : "(\(s))"
            }
            t.append([m.name, m.heightInflated ? "*" : "", Format.fixed(m.areaUm2, 0), Format.fixed(r[0][i].fitted, 0),
                      err(r[0][i]), err(r[1][i]), err(r[2][i]), err(r[3][i])])
        }
        return t
    }
}
