import Golden

/// Energy of one layer in the four modes (dense, zeroSkip, exact, predictive) on the same
/// hardware: runs the golden model's tiled layer run per mode, maps its activity counts into
/// `RunActivity` and prices them with `EnergyEstimator`.
public struct ModeEnergyComparison: Sendable {
    /// One mode's result.
    public struct Row: Sendable {
        public var mode: Mode
        public var activity: RunActivity
        public var report: EnergyReport
    }

    public var layer: String
    public var rows: [Row]

    /// The row of `mode` (nil if it was not run).
    public func row(_ mode: Mode) -> Row? { rows.first { $0.mode == mode } }

    /// Energy saving of `mode` vs `baseline`, as a fraction of the baseline's total energy.
    public func saving(_ mode: Mode, vs baseline: Mode) -> Double? {
        guard let a = row(mode), let b = row(baseline), b.report.totalPJ > 0 else { return nil }
        return 1 - a.report.totalPJ / b.report.totalPJ
    }

    /// On-chip energy (dynamic + leakage, DRAM excluded) saving of `mode` vs `baseline`.
    public func onChipSaving(_ mode: Mode, vs baseline: Mode) -> Double? {
        guard let a = row(mode), let b = row(baseline) else { return nil }
        let ea = a.report.totalPJ - a.report.offChipPJ, eb = b.report.totalPJ - b.report.offChipPJ
        return eb > 0 ? 1 - ea / eb : nil
    }

    /// Per-category energy difference `baseline − mode`, pJ (what the saving consists of).
    public func savingBreakdown(_ mode: Mode, vs baseline: Mode) -> [(EnergyReport.Category, Double)] {
        guard let a = row(mode), let b = row(baseline) else { return [] }
        return EnergyReport.Category.allCases.map { ($0, b.report.energy($0) - a.report.energy($0)) }
    }

    /// Markdown: one row per mode with MACs, PAU checks, cycles, on-chip / off-chip / leakage
    /// energy, total, saving vs dense and vs zeroSkip, and the power figures.
    public func markdown() -> String {
        var s = "### Energy per mode: \(layer)\n\n| mode | MACs | PAU checks | cycles | on-chip dyn (uJ) | off-chip (uJ) "
            + "| leakage (uJ) | total (uJ) | vs dense | vs zeroSkip | on-chip vs dense | dyn (mW) | leak (mW) |\n"
            + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"
        for r in rows {
            let e = r.report
            func pct(_ m: Mode) -> String { saving(r.mode, vs: m).map { fmt(100 * $0, 1) + " %" } ?? "-" }
            s += "| \(r.mode) | \(r.activity.executedMACs) | \(r.activity.pauChecks) | \(r.activity.cycles) | "
                + "\(fmt(e.onChipDynamicPJ / 1e6, 4)) | \(fmt(e.offChipPJ / 1e6, 4)) | \(fmt(e.energy(.leakage) / 1e6, 4)) | "
                + "\(fmt(e.totalPJ / 1e6, 4)) | \(pct(.dense)) | \(pct(.zeroSkip)) | "
                + "\(onChipSaving(r.mode, vs: .dense).map { fmt(100 * $0, 1) + " %" } ?? "-") | \(fmt(e.dynamicPowerMW, 2)) | \(fmt(e.leakagePowerMW, 2)) |\n"
        }
        if row(.exact) != nil, row(.dense) != nil {
            s += "\nExact vs dense, saving by category (pJ): "
                + savingBreakdown(.exact, vs: .dense).filter { $0.1 != 0 }.map { "\($0.0.rawValue) \(fmt($0.1, 1))" }
                    .joined(separator: ", ") + ".\n"
        }
        return s
    }

    /// CSV: the per-line CSV of every mode's report.
    public func csv() -> String {
        "name,category,count,unit_pJ,energy_pJ\n" + rows.map { $0.report.csv(header: false) }.joined()
    }
}

/// Runs a layer in several modes and prices each run.
public enum LayerEnergy {
    /// Energy of `layer` on `input` in each of `modes`, with predictive settings `settings`
    /// (nil = never predict), the tiling `capacities`, the `cycleModel`'s PEs and lanes, and `hardware`.
    public static func compareModes(layer: QuantizedConv, input: QTensor, modes: [Mode] = Mode.allCases,
                                    settings: [PredictiveSetting]? = nil, capacities: BufferCapacities,
                                    cycleModel: CycleModel, hardware: HardwareShape,
                                    estimator: EnergyEstimator) throws -> ModeEnergyComparison {
        var rows: [ModeEnergyComparison.Row] = []
        for m in modes {
            let run = try LayerTiler.run(layer, input: input, compiler: Compiler(mode: m, settings: settings),
                                         capacities: capacities, cycleModel: cycleModel)
            let act = RunActivity(run.activity)
            rows.append(.init(mode: m, activity: act,
                              report: try estimator.estimate(act, hardware: hardware, name: "\(layer.spec.name) \(m)")))
        }
        return ModeEnergyComparison(layer: layer.spec.name, rows: rows)
    }
}
