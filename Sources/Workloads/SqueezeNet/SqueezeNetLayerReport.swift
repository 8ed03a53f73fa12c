import Foundation
import Golden

/// Per-layer statistics of one image in several modes.
public struct SqueezeNetLayerReport: Sendable {
    public let modes: [Mode]
    public let runs: [Mode: SqueezeNetWorkload.ModeRun]

    /// One row per convolution layer.
    public struct Row: Sendable, Equatable {
        public let layer: String
        /// Mode each requested mode actually ran in (the first layer runs zeroSkip for exact).
        public let effectiveModes: [Mode: Mode]
        public let outputs: Int
        /// Fraction of outputs whose accumulator is negative (from the dense run when present).
        public let negativeFraction: Double
        public let executedOps: [Mode: Int]
        /// `executed(exact) / executed(dense)` and `/ executed(zeroSkip)` (nil if a mode is missing).
        public var exactVsDense: Double? { ratio(.exact, .dense) }
        public var exactVsZeroSkip: Double? { ratio(.exact, .zeroSkip) }
        func ratio(_ a: Mode, _ b: Mode) -> Double? {
            guard let x = executedOps[a], let y = executedOps[b], y > 0 else { return nil }
            return Double(x) / Double(y)
        }
    }

    public var rows: [Row] {
        guard let first = modes.first, let base = runs[first] else { return [] }
        return base.layerStats.indices.map { i in
            var eff: [Mode: Mode] = [:], ops: [Mode: Int] = [:]
            for m in modes { eff[m] = runs[m]!.layerStats[i].mode; ops[m] = runs[m]!.layerStats[i].total.executedOps }
            let negSource = runs[.dense] ?? base
            return Row(layer: base.layerStats[i].layer, effectiveModes: eff, outputs: base.layerStats[i].total.outputs,
                       negativeFraction: negSource.layerStats[i].total.negativeFraction, executedOps: ops)
        }
    }

    /// Network totals of executed ops per mode.
    public var totalOps: [Mode: Int] {
        var t: [Mode: Int] = [:]
        for m in modes { t[m] = runs[m]!.layerStats.reduce(0) { $0 + $1.total.executedOps } }
        return t
    }

    /// A plain-text table: layer, negative fraction, executed ops per mode, exact/dense, exact/zeroSkip.
    public var table: String {
        var lines = ["layer                 neg%   " + modes.map { String("ops(\($0))".padding(toLength: 14, withPad: " ", startingAt: 0)) }.joined() + "exact/dense exact/zeroSkip"]
        func pct(_ v: Double?) -> String { v.map { String(format: "%6.1f%%", 100 * $0) } ?? "     -" }
        for r in rows {
            var s = r.layer.padding(toLength: 20, withPad: " ", startingAt: 0) + String(format: " %5.1f  ", 100 * r.negativeFraction)
            for m in modes {
                let marker = r.effectiveModes[m] != m ? "*" : " "
                s += String(format: "%13d", r.executedOps[m] ?? 0) + marker
            }
            s += "  " + pct(r.exactVsDense) + "      " + pct(r.exactVsZeroSkip)
            lines.append(s)
        }
        let t = totalOps
        var s = "total".padding(toLength: 29, withPad: " ", startingAt: 0)
        for m in modes { s += String(format: "%13d ", t[m] ?? 0) }
        if let e = t[.exact], let d = t[.dense], let z = t[.zeroSkip] {
            s += "  " + pct(Double(e) / Double(d)) + "      " + pct(Double(e) / Double(z))
        }
        lines.append(s)
        lines.append("(* = ran in a different mode: the first layer's input is signed, so exact falls back to zeroSkip)")
        return lines.joined(separator: "\n")
    }
}
