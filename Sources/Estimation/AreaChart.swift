/// Hand-written SVG: one vertical stacked bar per area report, blocks stacked bottom-up in
/// `Block.allCases` order, with a legend and the total in mm² above each bar.
public enum AreaChart {
    static let colors: [Block: String] = [.mac: "#4e79a7", .pau: "#e15759", .laneControl: "#f28e2b",
                                          .buffers: "#76b7b2", .scheduler: "#59a14f", .top: "#bab0ac"]

    /// The chart for `reports` (one bar each, scaled to the largest total).
    public static func svg(_ reports: [AreaReport]) -> String {
        let barW = 60.0, gap = 40.0, plotH = 300.0, left = 70.0, top = 30.0, legendW = 150.0
        let width = left + Double(max(reports.count, 1)) * (barW + gap) + legendW
        let height = top + plotH + 60
        let maxTotal = max(reports.map(\.totalUm2).max() ?? 0, 1e-9)
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" "
            + "viewBox=\"0 0 \(Int(width)) \(Int(height))\" font-family=\"sans-serif\" font-size=\"11\">\n"
        s += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
        s += "<text x=\"\(Int(left))\" y=\"16\" font-size=\"13\">45 nm area by block (mm^2)</text>\n"
        // axis with 4 ticks
        s += line(left - 5, top, left - 5, top + plotH)
        for k in 0...4 {
            let v = maxTotal * Double(k) / 4, y = top + plotH - plotH * Double(k) / 4
            s += line(left - 9, y, left - 5, y)
            s += "<text x=\"\(f(left - 11))\" y=\"\(f(y + 4))\" text-anchor=\"end\">\(fmt(v / 1e6, 3))</text>\n"
        }
        for (i, r) in reports.enumerated() {
            let x = left + gap / 2 + Double(i) * (barW + gap)
            var y = top + plotH
            for (b, a) in r.blocks where a > 0 {
                let h = plotH * a / maxTotal
                y -= h
                s += "<rect x=\"\(f(x))\" y=\"\(f(y))\" width=\"\(f(barW))\" height=\"\(f(h))\" fill=\"\(colors[b]!)\">"
                    + "<title>\(escape(r.name)) \(b.title): \(fmt(a, 1)) um^2</title></rect>\n"
            }
            s += "<text x=\"\(f(x + barW / 2))\" y=\"\(f(y - 4))\" text-anchor=\"middle\">\(fmt(r.totalUm2 / 1e6, 3))</text>\n"
            s += "<text x=\"\(f(x + barW / 2))\" y=\"\(f(top + plotH + 16))\" text-anchor=\"middle\">\(escape(r.name))</text>\n"
        }
        let lx = left + Double(max(reports.count, 1)) * (barW + gap) + 10
        for (k, b) in Block.allCases.reversed().enumerated() {
            let y = top + 10 + Double(k) * 18
            s += "<rect x=\"\(f(lx))\" y=\"\(f(y - 10))\" width=\"12\" height=\"12\" fill=\"\(colors[b]!)\"/>"
            s += "<text x=\"\(f(lx + 18))\" y=\"\(f(y))\">\(b.title)</text>\n"
        }
        return s + "</svg>\n"
    }

    static func f(_ x: Double) -> String { fmt(x, 1) }
    static func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double) -> String {
        "<line x1=\"\(f(x1))\" y1=\"\(f(y1))\" x2=\"\(f(x2))\" y2=\"\(f(y2))\" stroke=\"black\"/>\n"
    }
    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
