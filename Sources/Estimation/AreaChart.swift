import Reporting

/// The area breakdown as an SVG stacked bar: one bar per area report, blocks stacked bottom-up in
/// `Block.allCases` order (drawn by the shared `SVGChart`).
public enum AreaChart {
    /// The chart for `reports` (one bar each).
    public static func svg(_ reports: [AreaReport]) -> String {
        SVGChart.stackedBars(title: "45 nm area by block", yLabel: "area (µm²)", categories: reports.map(\.name),
                             components: Block.allCases.map(\.title),
                             values: Block.allCases.map { block in reports.map { $0.area(of: block) } })
    }
}
