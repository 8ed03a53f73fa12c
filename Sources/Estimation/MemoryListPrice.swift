import Foundation
import Reporting

/// The SRAM macros of a memory list priced by `SramMacroModel`: one line per memory module.
public struct MemoryListPrice: Sendable, Hashable, Codable {
    /// One memory module of the list.
    public struct Line: Sendable, Hashable, Codable {
        public var module: String
        public var count: Int
        /// The price of one instance.
        public var each: SramMacroPrice
        /// `count × each.areaUm2`.
        public var areaUm2: Double
        /// `count × each.leakageUW`.
        public var leakageUW: Double
    }

    public var top: String
    public var lines: [Line]

    /// Area of all macros, µm².
    public var totalAreaUm2: Double { lines.reduce(0) { $0 + $1.areaUm2 } }
    /// Leakage of all macros, µW.
    public var totalLeakageUW: Double { lines.reduce(0) { $0 + $1.leakageUW } }
    /// Lines priced outside the fakeram45 depth/width range.
    public var extrapolated: [Line] { lines.filter { $0.each.method == .extrapolated } }

    /// shape, ports, count, µm² each, µm² total, leakage µW total, read/write pJ, macro.
    public func table() -> Table {
        var t = Table(headers: ["module", "shape", "ports", "count", "um^2 each", "um^2 total", "leakage uW total",
                                "read pJ", "write pJ", "macro"])
        for l in lines {
            let s = l.each.shape
            t.append([l.module, "\(s.depth)x\(s.width)", s.ports.rawValue, "\(l.count)", Format.fixed(l.each.areaUm2, 1),
                      Format.fixed(l.areaUm2, 1), Format.fixed(l.leakageUW, 1), Format.fixed(l.each.readPJ, 3),
                      Format.fixed(l.each.writePJ, 3), l.each.source])
        }
        t.append(["total", "", "", "\(lines.reduce(0) { $0 + $1.count })", "", Format.fixed(totalAreaUm2, 1),
                  Format.fixed(totalLeakageUW, 1), "", "", ""])
        return t
    }

    /// A Markdown section: the table, the total in mm² and the extrapolation notice if any.
    public func markdown() -> String {
        var s = "### SRAM macros: \(top)\n\n" + table().markdown
        s += "\nTotal \(Format.fixed(totalAreaUm2 / 1e6, 4)) mm^2, leakage \(Format.fixed(totalLeakageUW / 1000, 3)) mW "
            + "(fakeram45 / CACTI 45 nm, see docs/ESTIMATION.md).\n"
        let ex = extrapolated
        if !ex.isEmpty {
            s += "\n**Extrapolated** (outside the fakeram45 depth/width range): " + ex.map(\.module).joined(separator: ", ") + ".\n"
        }
        return s
    }

    /// The table as CSV.
    public func csv() -> String { table().csv }
}

extension MemoryListFile.Memory {
    /// The SRAM shape of this memory; throws for a port spelling other than `1rw` / `1r1w`.
    public func shape() throws -> SramShape {
        guard let p = SramPorts(rawValue: ports) else {
            throw EstimationError.invalidInput(place: module, detail: "ports '\(ports)' is neither 1rw nor 1r1w")
        }
        return SramShape(depth: depth, width: width, ports: p, maskGranularity: maskGranularity)
    }
}

extension SramMacroModel {
    /// Prices every memory of `list`. Throws for a bad shape, a negative count, or a count that
    /// disagrees with a non-empty instance list.
    public func price(_ list: MemoryListFile) throws -> MemoryListPrice {
        let lines = try list.memories.map { m -> MemoryListPrice.Line in
            guard m.count >= 0 else {
                throw EstimationError.invalidInput(place: m.module, detail: "count \(m.count) is negative")
            }
            guard m.instances.isEmpty || m.instances.count == m.count else {
                throw EstimationError.invalidInput(place: m.module, detail: "count \(m.count) but \(m.instances.count) instances listed")
            }
            let p = try price(m.shape(), place: m.module)
            return .init(module: m.module, count: m.count, each: p, areaUm2: Double(m.count) * p.areaUm2,
                         leakageUW: Double(m.count) * p.leakageUW)
        }
        return MemoryListPrice(top: list.top, lines: lines)
    }
}
