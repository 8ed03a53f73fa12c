import Foundation

/// 45 nm energy per operation. Every figure names its source; width and size scaling rules are
/// stated next to the function that applies them (and in `docs/ESTIMATION.md`).
///
/// Sources:
/// - [H14] M. Horowitz, "Computing's energy problem (and what we can do about it)", ISSCC 2014,
///   45 nm, 0.9 V: 8b add 0.03 pJ, 32b add 0.1 pJ, 8b mult 0.2 pJ, 32b mult 3.1 pJ; SRAM 64-bit
///   read 10 pJ (8 KB), 20 pJ (32 KB), 100 pJ (1 MB); DRAM 1.3–2.6 nJ per 64 bits.
/// - [FR45] the fakeram45 SRAM macros of OpenROAD's Nangate45 platform (bsg_fakeram / CACTI 45 nm,
///   1.1 V): dynamic energy per access, via `SramMacroModel` (`bufferEnergy = .fakeram45`).
/// - [NG45] the Nangate45 Open Cell Library liberty (typical, 1.1 V, 25 °C) as read by
///   `scripts/calibrate_area.sh` into `AreaTable.liberty`: DFF_X1 internal energy, cell leakage.
public struct EnergyTable: Sendable, Hashable, Codable {
    /// [H14] integer add energy at 8 and 32 bits, pJ.
    public var add8PJ = 0.03, add32PJ = 0.1
    /// [H14] integer multiply energy at 8 and 32 bits, pJ.
    public var mult8PJ = 0.2, mult32PJ = 3.1
    /// [H14] SRAM 64-bit read energy by capacity: (bytes, pJ).
    public var sramRead64: [SRAMPoint] = [SRAMPoint(bytes: 8 << 10, pJ: 10), SRAMPoint(bytes: 32 << 10, pJ: 20),
                                          SRAMPoint(bytes: 1 << 20, pJ: 100)]
    /// [H14] DRAM energy per 64-bit word, pJ: the midpoint of the published 1.3–2.6 nJ range.
    public var dramPer64BitsPJ = 1950.0
    /// [NG45] DFF clock-pin energy per flop per clock, fJ.
    public var flopClockFJ: Double
    /// [NG45] DFF output energy per Q transition, fJ.
    public var flopToggleFJ: Double
    /// Switching activity assumed for a register write (fraction of bits that toggle).
    public var registerToggleActivity = 0.5
    /// [NG45] leakage power density, nW/µm² (Σ cell leakage / Σ area over the calibration netlists).
    public var leakageNWPerUm2: Double

    /// Where buffer access energies come from (`bufferAccessPJ`).
    public enum BufferEnergy: String, Sendable, Hashable, Codable {
        /// [H14] 64-bit read energy by capacity, scaled to the word width (the default).
        case horowitz
        /// [FR45] the SRAM macro's CACTI access energy (`SramMacroModel.fakeram45`).
        case fakeram45
    }
    /// The buffer energy source; both stay available through `sram64PJ` / `sramMacroAccessPJ`.
    public var bufferEnergy: BufferEnergy = .horowitz

    /// One SRAM figure.
    public struct SRAMPoint: Sendable, Hashable, Codable {
        public var bytes: Int
        public var pJ: Double
    }

    /// The table with its liberty-derived entries taken from `area` (the calibrated area table).
    public init(area: AreaTable) {
        flopClockFJ = area.liberty.dff_clock_energy_fJ
        flopToggleFJ = area.liberty.dff_q_toggle_energy_fJ
        leakageNWPerUm2 = area.liberty.leakage_nW_per_um2
    }

    /// Width range the [H14] integer figures support without extrapolation.
    public static let characterisedWidths = 8...32

    /// Adder / comparator energy, pJ. Rule: linear in width through [H14]'s 8b and 32b points,
    /// `E(w) = add8 + (add32 − add8)·(w − 8)/24` (ripple/prefix adders switch ∝ w bits).
    /// Outside 8...32 the same line is used (documented extrapolation; wide accumulators need it).
    public func addPJ(width w: Int) -> Double {
        add8PJ + (add32PJ - add8PJ) * Double(w - 8) / 24
    }

    /// Multiplier energy, pJ. Rule: power law through [H14]'s 8b and 32b points,
    /// `E(w) = mult8·(w/8)^k` with `k = log(mult32/mult8)/log 4` ≈ 1.98 (array multipliers: ∝ w²).
    public func multPJ(width w: Int) -> Double {
        let k = log(mult32PJ / mult8PJ) / log(4.0)
        return mult8PJ * pow(Double(w) / 8, k)
    }

    /// Register write energy, pJ, of `bits` flops: per bit the [NG45] clock energy plus
    /// `registerToggleActivity` × the Q transition energy.
    public func registerWritePJ(bits: Int) -> Double {
        Double(bits) * (flopClockFJ + registerToggleActivity * flopToggleFJ) / 1000
    }

    /// One MAC op, pJ: multiply (W) + accumulate add (A) + accumulator register write (A bits).
    public func macPJ(width: Int, accumulator: Int) -> Double {
        multPJ(width: width) + addPJ(width: accumulator) + registerWritePJ(bits: accumulator)
    }

    /// One PAU check, pJ: the A-bit ≤ threshold comparator and the op-counter compare, each
    /// costed as an adder of that width ([H14] add rule; a comparator is a subtractor); the sign
    /// check itself reads one bit (no arithmetic).
    public func pauCheckPJ(accumulator: Int, counter: Int) -> Double {
        addPJ(width: accumulator) + addPJ(width: counter)
    }

    /// Lane op-counter step per executed op, pJ: a `counter`-bit increment + register write.
    public func counterStepPJ(counter: Int) -> Double {
        addPJ(width: counter) + registerWritePJ(bits: counter)
    }

    /// 64-bit SRAM access energy for a buffer of `bytes`, pJ. Rule: log–log interpolation between
    /// the [H14] points; below 8 KB the 8→32 KB slope (E ∝ √size) continues downwards; above 1 MB
    /// the 32 KB→1 MB slope continues. Writes cost the same as reads (assumption; [H14] gives reads).
    public func sram64PJ(bytes: Int) -> Double {
        let pts = sramRead64.sorted { $0.bytes < $1.bytes }
        let x = log(Double(max(bytes, 1)))
        func seg(_ a: SRAMPoint, _ b: SRAMPoint) -> Double {
            let xa = log(Double(a.bytes)), xb = log(Double(b.bytes))
            let ya = log(a.pJ), yb = log(b.pJ)
            return exp(ya + (yb - ya) * (x - xa) / (xb - xa))
        }
        if x <= log(Double(pts[1].bytes)) { return seg(pts[0], pts[1]) }
        for i in 1..<(pts.count - 1) where x <= log(Double(pts[i + 1].bytes)) { return seg(pts[i], pts[i + 1]) }
        return seg(pts[pts.count - 2], pts[pts.count - 1])
    }

    /// One access of a `width`-bit word in a buffer of `depth` words, pJ. `.horowitz`:
    /// `width/64 × sram64PJ(bytes)`; `.fakeram45`: the read energy of a single-port SRAM macro of
    /// that shape (`sramMacroAccessPJ`; reads and writes cost the same in both).
    public func bufferAccessPJ(depth: Int, width: Int) -> Double {
        switch bufferEnergy {
        case .horowitz:
            let bytes = max(1, (depth * width + 7) / 8)
            return Double(width) / 64 * sram64PJ(bytes: bytes)
        case .fakeram45:
            return SramMacroModel.fakeram45.unchecked(SramShape(depth: max(depth, 1), width: max(width, 1))).readPJ
        }
    }

    /// [FR45] energy of one read (or, `write: true`, one write) of a full word of an SRAM macro of
    /// `shape`, pJ: `SramMacroModel.fakeram45` (the macro's CACTI dynamic energy per access at 1.1 V
    /// for a fakeram45 shape, the power-law fit otherwise; banked memories access one bank).
    /// These are well below [H14]'s figures for small macros (64×32: 0.80 pJ per 32-bit access vs
    /// 10 pJ per 64-bit read of an 8 KB array); see docs/ESTIMATION.md.
    public func sramMacroAccessPJ(_ shape: SramShape, write: Bool = false) throws -> Double {
        let p = try SramMacroModel.fakeram45.price(shape)
        return write ? p.writePJ : p.readPJ
    }

    /// Off-chip (DRAM) energy of one `width`-bit word, pJ: `width/64 × dramPer64BitsPJ`.
    public func dramWordPJ(width: Int) -> Double { Double(width) / 64 * dramPer64BitsPJ }

    /// Leakage power of `areaUm2`, mW.
    public func leakageMW(areaUm2: Double) -> Double { areaUm2 * leakageNWPerUm2 * 1e-6 }

    /// The table as cited rows (name, value, unit, source) for the reports.
    public func citedEntries(width: Int, accumulator: Int, counter: Int) -> [CitedFigure] {
        [
            CitedFigure("add 8b", add8PJ, "pJ", "Horowitz ISSCC 2014, 45 nm"),
            CitedFigure("add 32b", add32PJ, "pJ", "Horowitz ISSCC 2014, 45 nm"),
            CitedFigure("mult 8b", mult8PJ, "pJ", "Horowitz ISSCC 2014, 45 nm"),
            CitedFigure("mult 32b", mult32PJ, "pJ", "Horowitz ISSCC 2014, 45 nm"),
            CitedFigure("SRAM 64b read, 8 KB", 10, "pJ", "Horowitz ISSCC 2014, 45 nm"),
            CitedFigure("SRAM 64b read, 32 KB", 20, "pJ", "Horowitz ISSCC 2014, 45 nm"),
            CitedFigure("SRAM 64b read, 1 MB", 100, "pJ", "Horowitz ISSCC 2014, 45 nm"),
            CitedFigure("DRAM per 64b", dramPer64BitsPJ, "pJ", "Horowitz ISSCC 2014 (midpoint of 1.3-2.6 nJ)"),
            CitedFigure("DFF clock energy / bit / cycle", flopClockFJ, "fJ", "Nangate45 liberty, DFF_X1 CK internal_power"),
            CitedFigure("DFF Q toggle energy / bit", flopToggleFJ, "fJ", "Nangate45 liberty, DFF_X1 Q internal_power"),
            CitedFigure("leakage density", leakageNWPerUm2, "nW/um^2", "Nangate45 liberty cell_leakage_power over calibration netlists"),
            CitedFigure("mult \(width)b", multPJ(width: width), "pJ", "rule: power law through 8b/32b [H14]"),
            CitedFigure("add \(accumulator)b (accumulate)", addPJ(width: accumulator), "pJ", "rule: linear through 8b/32b [H14]"),
            CitedFigure("register write \(accumulator)b", registerWritePJ(bits: accumulator), "pJ", "rule: bits x (clock + 0.5 toggle) [NG45]"),
            CitedFigure("MAC \(width)x\(width)+\(accumulator)", macPJ(width: width, accumulator: accumulator), "pJ", "mult + add + register write"),
            CitedFigure("PAU check", pauCheckPJ(accumulator: accumulator, counter: counter), "pJ", "add(A) + add(counter) [H14 rule]"),
            CitedFigure("op counter step", counterStepPJ(counter: counter), "pJ", "add(counter) + register write"),
        ]
    }
}

/// One cited figure of a table, for reports.
public struct CitedFigure: Sendable, Hashable, Codable {
    public var name: String
    public var value: Double
    public var unit: String
    public var source: String
    public init(_ name: String, _ value: Double, _ unit: String, _ source: String) {
        self.name = name; self.value = value; self.unit = unit; self.source = source
    }
}
