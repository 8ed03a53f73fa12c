import Foundation

/// Energy (pJ) of a run by category, and average power (mW) at the run's clock.
public struct EnergyReport: Sendable, Codable, Hashable {
    /// Energy categories.
    public enum Category: String, Sendable, Codable, CaseIterable, Hashable {
        case mac, pau, laneControl, weightBufferRead, indexBufferRead, inputBufferRead, controlRead, outputBufferWrite
        case bufferFill, offChipInputs, offChipWeights, offChipControl, offChipOutputs, leakage

        /// On-chip dynamic, off-chip, or leakage.
        public var isOffChip: Bool { self == .offChipInputs || self == .offChipWeights || self == .offChipControl || self == .offChipOutputs }
    }
    /// `count` events of `unitPJ` each.
    public struct Line: Sendable, Codable, Hashable {
        public var category: Category
        public var count: Int
        public var unitPJ: Double
        public var energyPJ: Double { Double(count) * unitPJ }
        public init(category: Category, count: Int, unitPJ: Double) {
            self.category = category; self.count = count; self.unitPJ = unitPJ
        }
    }

    public var name: String
    public var lines: [Line]
    public var cycles: Int
    public var clockMHz: Double
    /// Extrapolations and other caveats the report states.
    public var notes: [String]

    /// Energy of one category, pJ.
    public func energy(_ c: Category) -> Double { lines.filter { $0.category == c }.reduce(0) { $0 + $1.energyPJ } }
    /// Total energy, pJ.
    public var totalPJ: Double { lines.reduce(0) { $0 + $1.energyPJ } }
    /// On-chip dynamic energy (everything but leakage and off-chip), pJ.
    public var onChipDynamicPJ: Double { Category.allCases.filter { $0 != .leakage && !$0.isOffChip }.reduce(0) { $0 + energy($1) } }
    /// Off-chip (DRAM) energy, pJ.
    public var offChipPJ: Double { Category.allCases.filter(\.isOffChip).reduce(0) { $0 + energy($1) } }
    /// Run time, ns.
    public var timeNs: Double { Double(cycles) * 1000 / clockMHz }
    /// Average on-chip dynamic power, mW (pJ/ns = mW); 0 for a zero-cycle run.
    public var dynamicPowerMW: Double { timeNs > 0 ? onChipDynamicPJ / timeNs : 0 }
    /// Leakage power, mW.
    public var leakagePowerMW: Double { timeNs > 0 ? energy(.leakage) / timeNs : 0 }
    /// Off-chip (DRAM) average power, mW.
    public var offChipPowerMW: Double { timeNs > 0 ? offChipPJ / timeNs : 0 }

    /// Markdown table: category, count, pJ each, total pJ, share; then power.
    public func markdown() -> String {
        var s = "### Energy: \(name)\n\n| category | count | pJ each | energy (uJ) | share |\n|---|---:|---:|---:|---:|\n"
        let total = totalPJ
        for c in Category.allCases {
            let ls = lines.filter { $0.category == c }
            let n = ls.reduce(0) { $0 + $1.count }
            let e = energy(c)
            let each = ls.count == 1 ? fmt(ls[0].unitPJ, 4) : "-"
            s += "| \(c.rawValue) | \(n) | \(each) | \(fmt(e / 1e6, 4)) | \(fmt(total > 0 ? 100 * e / total : 0, 1)) % |\n"
        }
        s += "| **total** | | | **\(fmt(total / 1e6, 4))** | 100.0 % |\n\n"
        s += "Cycles \(cycles) at \(fmt(clockMHz, 0)) MHz (\(fmt(timeNs / 1000, 3)) us): on-chip dynamic \(fmt(dynamicPowerMW, 3)) mW, "
            + "leakage \(fmt(leakagePowerMW, 3)) mW, off-chip \(fmt(offChipPowerMW, 3)) mW.\n"
        for n in notes { s += "\nNote: \(n).\n" }
        return s
    }

    /// JSON of the report with per-category totals and power figures.
    public func json() throws -> String {
        struct Out: Codable {
            var name: String; var cycles: Int; var clockMHz: Double; var totalPJ: Double
            var onChipDynamicPJ: Double; var offChipPJ: Double; var leakagePJ: Double
            var dynamicPowerMW: Double; var leakagePowerMW: Double; var offChipPowerMW: Double
            var categories: [String: Double]; var lines: [Line]; var notes: [String]
        }
        let out = Out(name: name, cycles: cycles, clockMHz: clockMHz, totalPJ: totalPJ, onChipDynamicPJ: onChipDynamicPJ,
                      offChipPJ: offChipPJ, leakagePJ: energy(.leakage), dynamicPowerMW: dynamicPowerMW,
                      leakagePowerMW: leakagePowerMW, offChipPowerMW: offChipPowerMW,
                      categories: Dictionary(uniqueKeysWithValues: Category.allCases.map { ($0.rawValue, energy($0)) }),
                      lines: lines, notes: notes)
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try enc.encode(out), as: UTF8.self)
    }

    /// CSV: name,category,count,unit_pJ,energy_pJ (one row per line).
    public func csv(header: Bool = true) -> String {
        var s = header ? "name,category,count,unit_pJ,energy_pJ\n" : ""
        for l in lines {
            s += "\(csvField(name)),\(l.category.rawValue),\(l.count),\(String(format: "%.6g", l.unitPJ)),\(String(format: "%.6g", l.energyPJ))\n"
        }
        return s
    }
}
