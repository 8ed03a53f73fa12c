import Foundation

/// Hand-written SVG charts (no dependencies): grouped bars, stacked bars and x–y line/scatter plots.
/// Geometry is exposed (`plotHeight`, `scale`) so tests can check bar lengths against the data.
public enum SVGChart {
    public static let palette = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
                                 "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"]
    public static let plotHeight = 260.0
    static let top = 40.0, left = 70.0, bottomMargin = 90.0, right = 170.0

    /// Escapes text for XML.
    public static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// A "nice" axis maximum ≥ `value` (1, 2, 2.5, 5 × 10^k).
    public static func niceMax(_ value: Double) -> Double {
        guard value > 0, value.isFinite else { return 1 }
        let exponent = floor(log10(value))
        let base = pow(10, exponent)
        for step in [1.0, 2.0, 2.5, 5.0, 10.0] where step * base >= value * (1 - 1e-12) {
            return step * base
        }
        return 10 * base
    }

    static func fmt(_ v: Double) -> String { String(format: "%.2f", v) }

    static func frame(width: Double, title: String, yLabel: String, yMax: Double, body: String, legend: [String]) -> String {
        let height = top + plotHeight + bottomMargin
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(fmt(width))\" height=\"\(fmt(height))\" viewBox=\"0 0 \(fmt(width)) \(fmt(height))\" font-family=\"sans-serif\" font-size=\"11\">\n"
        s += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
        s += "<text x=\"\(fmt(width / 2))\" y=\"20\" text-anchor=\"middle\" font-size=\"14\">\(escape(title))</text>\n"
        // y axis with 5 ticks
        for i in 0...5 {
            let v = yMax * Double(i) / 5
            let y = top + plotHeight - plotHeight * Double(i) / 5
            s += "<line x1=\"\(fmt(left))\" y1=\"\(fmt(y))\" x2=\"\(fmt(width - right))\" y2=\"\(fmt(y))\" stroke=\"#ddd\"/>\n"
            s += "<text x=\"\(fmt(left - 6))\" y=\"\(fmt(y + 4))\" text-anchor=\"end\">\(escape(trimNumber(v)))</text>\n"
        }
        s += "<line x1=\"\(fmt(left))\" y1=\"\(fmt(top))\" x2=\"\(fmt(left))\" y2=\"\(fmt(top + plotHeight))\" stroke=\"black\"/>\n"
        s += "<text transform=\"translate(16,\(fmt(top + plotHeight / 2))) rotate(-90)\" text-anchor=\"middle\">\(escape(yLabel))</text>\n"
        s += body
        for (i, name) in legend.enumerated() {
            let y = top + Double(i) * 18
            s += "<rect x=\"\(fmt(width - right + 12))\" y=\"\(fmt(y))\" width=\"12\" height=\"12\" fill=\"\(palette[i % palette.count])\"/>\n"
            s += "<text x=\"\(fmt(width - right + 30))\" y=\"\(fmt(y + 10))\">\(escape(name))</text>\n"
        }
        return s + "</svg>\n"
    }

    static func trimNumber(_ v: Double) -> String {
        if v == v.rounded() && abs(v) < 1e9 { return String(Int(v)) }
        return String(format: "%.3g", v)
    }

    /// Grouped bars: one group per category, one bar per series. `values[s][c]` is series `s`, category `c`.
    /// An optional dashed reference line is drawn at `reference` (e.g. speedup 1.0).
    public static func groupedBars(title: String, yLabel: String, categories: [String], series: [String],
                                   values: [[Double]], reference: Double? = nil) -> String {
        precondition(values.count == series.count && values.allSatisfy { $0.count == categories.count },
                     "values must be series × categories")
        let all = values.flatMap { $0 }.filter { $0.isFinite } + [reference ?? 0]
        let yMax = niceMax(all.max() ?? 1)
        let groupWidth = max(24.0, 12.0 * Double(max(series.count, 1)) + 10)
        let width = left + right + groupWidth * Double(max(categories.count, 1))
        let barWidth = (groupWidth - 10) / Double(max(series.count, 1))
        var body = ""
        for (c, category) in categories.enumerated() {
            let gx = left + groupWidth * Double(c) + 5
            for s in series.indices {
                let v = max(0, values[s][c].isFinite ? values[s][c] : 0)
                let h = plotHeight * v / yMax
                body += "<rect class=\"bar\" data-series=\"\(s)\" data-category=\"\(c)\" data-value=\"\(v)\" x=\"\(fmt(gx + barWidth * Double(s)))\" y=\"\(fmt(top + plotHeight - h))\" width=\"\(fmt(barWidth))\" height=\"\(fmt(h))\" fill=\"\(palette[s % palette.count])\"><title>\(escape(series[s])) \(escape(category)): \(escape(trimNumber(v)))</title></rect>\n"
            }
            let lx = gx + (groupWidth - 10) / 2
            body += "<text transform=\"translate(\(fmt(lx)),\(fmt(top + plotHeight + 8))) rotate(50)\" font-size=\"10\">\(escape(category))</text>\n"
        }
        if let r = reference {
            let y = top + plotHeight - plotHeight * r / yMax
            body += "<line x1=\"\(fmt(left))\" y1=\"\(fmt(y))\" x2=\"\(fmt(width - right))\" y2=\"\(fmt(y))\" stroke=\"black\" stroke-dasharray=\"4 3\"/>\n"
        }
        return frame(width: width, title: title, yLabel: yLabel, yMax: yMax, body: body, legend: series)
    }

    /// Stacked bars: one bar per category, segments per component. `values[k][c]` is component `k` of bar `c`.
    public static func stackedBars(title: String, yLabel: String, categories: [String], components: [String],
                                   values: [[Double]]) -> String {
        precondition(values.count == components.count && values.allSatisfy { $0.count == categories.count },
                     "values must be components × categories")
        let totals = categories.indices.map { c in components.indices.reduce(0.0) { $0 + max(0, values[$1][c]) } }
        let yMax = niceMax(totals.max() ?? 1)
        let barSlot = 70.0
        let width = left + right + barSlot * Double(max(categories.count, 1))
        var body = ""
        for (c, category) in categories.enumerated() {
            var y = top + plotHeight
            let x = left + barSlot * Double(c) + 15
            for k in components.indices {
                let v = max(0, values[k][c])
                let h = plotHeight * v / yMax
                y -= h
                body += "<rect class=\"segment\" data-component=\"\(k)\" data-category=\"\(c)\" data-value=\"\(v)\" x=\"\(fmt(x))\" y=\"\(fmt(y))\" width=\"40\" height=\"\(fmt(h))\" fill=\"\(palette[k % palette.count])\"><title>\(escape(components[k])): \(escape(trimNumber(v)))</title></rect>\n"
            }
            body += "<text transform=\"translate(\(fmt(x + 10)),\(fmt(top + plotHeight + 8))) rotate(50)\" font-size=\"10\">\(escape(category))</text>\n"
        }
        return frame(width: width, title: title, yLabel: yLabel, yMax: yMax, body: body, legend: components)
    }

    /// Line plot of x–y series with point markers (e.g. accuracy loss vs speedup).
    public static func lines(title: String, xLabel: String, yLabel: String, series: [String],
                             points: [[(x: Double, y: Double)]]) -> String {
        precondition(points.count == series.count, "one point list per series")
        let xs = points.flatMap { $0.map(\.x) }.filter(\.isFinite)
        let ys = points.flatMap { $0.map(\.y) }.filter(\.isFinite)
        let xMax = niceMax(xs.max() ?? 1), yMax = niceMax(ys.max() ?? 1)
        let xMin = min(0, xs.min() ?? 0)
        let plotWidth = 420.0
        let width = left + right + plotWidth
        func px(_ x: Double) -> Double { left + plotWidth * (x - xMin) / (xMax - xMin) }
        func py(_ y: Double) -> Double { top + plotHeight - plotHeight * y / yMax }
        var body = ""
        for i in 0...5 {
            let v = xMin + (xMax - xMin) * Double(i) / 5
            body += "<text x=\"\(fmt(px(v)))\" y=\"\(fmt(top + plotHeight + 16))\" text-anchor=\"middle\">\(escape(trimNumber(v)))</text>\n"
        }
        body += "<line x1=\"\(fmt(left))\" y1=\"\(fmt(top + plotHeight))\" x2=\"\(fmt(left + plotWidth))\" y2=\"\(fmt(top + plotHeight))\" stroke=\"black\"/>\n"
        body += "<text x=\"\(fmt(left + plotWidth / 2))\" y=\"\(fmt(top + plotHeight + 36))\" text-anchor=\"middle\">\(escape(xLabel))</text>\n"
        for (s, list) in points.enumerated() {
            let color = palette[s % palette.count]
            let finite = list.filter { $0.x.isFinite && $0.y.isFinite }
            if finite.count > 1 {
                let path = finite.map { "\(fmt(px($0.x))),\(fmt(py($0.y)))" }.joined(separator: " ")
                body += "<polyline points=\"\(path)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.5\"/>\n"
            }
            for p in finite {
                body += "<circle class=\"point\" data-series=\"\(s)\" cx=\"\(fmt(px(p.x)))\" cy=\"\(fmt(py(p.y)))\" r=\"3\" fill=\"\(color)\"><title>\(escape(series[s])): (\(escape(trimNumber(p.x))), \(escape(trimNumber(p.y))))</title></circle>\n"
            }
        }
        return frame(width: width, title: title, yLabel: yLabel, yMax: yMax, body: body, legend: series)
    }
}
