import Accelerator
import Estimation
import Reporting

/// Area of a configuration with PAUs and of its baseline without (same MAC count), from the
/// elaborated designs' IR inventories and the 45 nm table.
struct AreaComparison {
    let snapea: AreaReport
    let baseline: AreaReport

    init(config: AcceleratorConfig) throws {
        self.init(try AcceleratorEstimate.pauOverhead(config, estimator: try AreaEstimator()))
    }

    /// The stream organisation with vs without PAUs.
    init(stream: StreamConfig) throws {
        self.init(try AcceleratorEstimate.pauOverhead(stream: stream, estimator: try AreaEstimator()))
    }

    init(_ o: AcceleratorEstimate.PAUOverhead) {
        snapea = o.withPAU
        baseline = o.baseline
        overhead = o.overhead
        logicOverhead = o.logicOverhead
    }

    /// Area added by SnaPEA (PAUs and what they need) relative to the baseline, whole array and logic only.
    let overhead: Double
    let logicOverhead: Double

    /// Per-block breakdown, both designs side by side (µm² and share).
    var table: Table {
        var t = Table(headers: ["block", "SnaPEA µm²", "share", "baseline µm²", "share"])
        for block in Block.allCases {
            let a = snapea.area(of: block), b = baseline.area(of: block)
            t.append([block.title, Format.fixed(a, 0), Format.percent(a / snapea.totalUm2),
                      Format.fixed(b, 0), Format.percent(b / baseline.totalUm2)])
        }
        t.append(["total", Format.fixed(snapea.totalUm2, 0), "100 %", Format.fixed(baseline.totalUm2, 0), "100 %"])
        return t
    }

    /// Stacked bars of both designs' blocks.
    var svg: String { AreaChart.svg([snapea, baseline]) }
}
