import Accelerator
import Estimation
import Reporting

/// Area of a configuration with PAUs and of its baseline without (same MAC count), from the
/// elaborated designs' IR inventories and the 45 nm table.
struct AreaComparison {
    let snapea: AreaReport
    let baseline: AreaReport

    init(config: AcceleratorConfig) throws {
        let estimator = try AreaEstimator()
        var withPAU = config
        withPAU.withPAU = true
        snapea = try estimator.estimate(Inventory(design: try Generator.elaborate(withPAU)), name: withPAU.name)
        baseline = try estimator.estimate(Inventory(design: try Generator.elaborate(withPAU.baseline)), name: withPAU.baseline.name)
    }

    /// Area added by SnaPEA (PAUs and what they need) relative to the baseline.
    var overhead: Double { snapea.totalUm2 / baseline.totalUm2 - 1 }
    /// Area added when buffers are left out (logic only).
    var logicOverhead: Double {
        let a = snapea.totalUm2 - snapea.area(of: .buffers), b = baseline.totalUm2 - baseline.area(of: .buffers)
        return a / b - 1
    }

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
    var svg: String {
        SVGChart.stackedBars(title: "Area breakdown (45 nm estimate)", yLabel: "area (µm²)",
                             categories: [snapea.name, baseline.name], components: Block.allCases.map(\.title),
                             values: Block.allCases.map { [snapea.area(of: $0), baseline.area(of: $0)] })
    }
}
