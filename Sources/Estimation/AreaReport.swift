import Foundation

/// The result of `AreaEstimator.estimate`: one line per inventory item, totals per block.
public struct AreaReport: Sendable, Codable, Hashable {
    /// One inventory item priced.
    public struct Line: Sendable, Codable, Hashable {
        public var block: Block
        public var path: String
        public var component: String
        public var count: Int
        public var unitAreaUm2: Double
        public var areaUm2: Double
        public var method: AreaTable.Method
        /// `registerFile` or `sram` for memories.
        public var implementation: String?
    }

    public var name: String
    public var lines: [Line]
    /// The table the estimate used (liberty, Yosys version, calibration date).
    public var table: String

    /// Total area, µm².
    public var totalUm2: Double { lines.reduce(0) { $0 + $1.areaUm2 } }

    /// Area of one block, µm².
    public func area(of block: Block) -> Double {
        lines.filter { $0.block == block }.reduce(0) { $0 + $1.areaUm2 }
    }

    /// Area per block, in `Block.allCases` order (all blocks, zeros included).
    public var blocks: [(block: Block, areaUm2: Double)] { Block.allCases.map { ($0, area(of: $0)) } }

    /// Lines priced by extrapolating a fit outside the characterised range.
    public var extrapolated: [Line] { lines.filter { $0.method == .extrapolated } }

    /// Markdown: per-block table (µm², mm², share) and the extrapolation notice if any.
    public func markdown() -> String {
        var s = "### Area: \(name)\n\n| block | area (um^2) | area (mm^2) | share |\n|---|---:|---:|---:|\n"
        let total = totalUm2
        for (b, a) in blocks {
            s += "| \(b.title) | \(fmt(a, 1)) | \(fmt(a / 1e6, 4)) | \(fmt(total > 0 ? 100 * a / total : 0, 1)) % |\n"
        }
        s += "| **total** | **\(fmt(total, 1))** | **\(fmt(total / 1e6, 4))** | 100.0 % |\n\n"
        s += "Table: \(table).\n"
        let ex = extrapolated
        if !ex.isEmpty {
            s += "\n**Extrapolated** (outside the characterised range, fitted model used): "
                + ex.map { "\($0.component) at \($0.path.isEmpty ? $0.block.title : $0.path)" }.joined(separator: ", ") + ".\n"
        }
        return s
    }

    /// JSON of the whole report (lines, per-block totals, total).
    public func json() throws -> String {
        struct Out: Codable {
            var name: String; var table: String; var totalUm2: Double
            var blocks: [String: Double]; var lines: [Line]
        }
        let out = Out(name: name, table: table, totalUm2: totalUm2,
                      blocks: Dictionary(uniqueKeysWithValues: blocks.map { ($0.block.rawValue, $0.areaUm2) }), lines: lines)
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try enc.encode(out), as: UTF8.self)
    }

    /// CSV, one row per line: block,path,component,count,unit_area_um2,area_um2,method,implementation.
    public func csv() -> String {
        var s = "block,path,component,count,unit_area_um2,area_um2,method,implementation\n"
        for l in lines {
            s += [l.block.rawValue, csvField(l.path), csvField(l.component), "\(l.count)", fmt(l.unitAreaUm2, 3),
                  fmt(l.areaUm2, 3), l.method.rawValue, l.implementation ?? ""].joined(separator: ",") + "\n"
        }
        return s
    }

    /// An SVG stacked bar of this report's block breakdown (see `AreaChart`).
    public func svg() -> String { AreaChart.svg([self]) }
}

func fmt(_ x: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", x) }

func csvField(_ s: String) -> String {
    s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
}
