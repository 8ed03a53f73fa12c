/// Estimates the 45 nm area of a design from its inventory × the calibrated table.
public struct AreaEstimator: Sendable {
    /// What to do with a component outside the characterised range of the table.
    public enum Extrapolation: String, Sendable, Codable {
        /// Throw `EstimationError.outOfRange` (default).
        case error
        /// Evaluate the fitted model of the kind outside its range and list the component in
        /// `AreaReport.extrapolated` (the report prints it).
        case fitModel
    }

    /// Shift-amount width of the characterised `shr_s` entries; other widths scale by stage count.
    public static let characterisedShiftBits = 6

    public var table: AreaTable
    public var buffers: BufferModel
    public var extrapolation: Extrapolation

    /// An estimator over `table` (default: the bundled Yosys/Nangate45 table).
    public init(table: AreaTable? = nil, buffers: BufferModel = BufferModel(),
                extrapolation: Extrapolation = .error) throws {
        self.table = try table ?? AreaTable.bundled()
        self.buffers = buffers
        self.extrapolation = extrapolation
    }

    /// Area of one component, µm², and how it was obtained.
    public func area(of component: Component, place: String = "component") throws -> (area: Double, method: AreaTable.Method) {
        let ex = extrapolation == .fitModel
        if case let .memory(d, w, r) = component {
            let a = try buffers.area(depth: d, width: w, readPorts: r, table: table, extrapolate: ex, place: place)
            return (a.area, a.method)
        }
        if case let .sramMacro(shape) = component {
            let p = try SramMacroModel.fakeram45.price(shape, place: place)
            return (p.areaUm2, p.method)
        }
        if case let .shifter(w, s) = component, s != AreaEstimator.characterisedShiftBits, w > 0, s > 0 {
            // Barrel shifter: area ∝ number of useful stages, min(s, ceil(log2 w)); the table has s = 6.
            let base = try table.area(.shiftRight, ["W": w, "S": AreaEstimator.characterisedShiftBits], extrapolate: ex, place: place)
            func stages(_ k: Int) -> Double { Double(min(k, max(1, ceilLog2(w)))) }
            return (base.area * stages(s) / stages(AreaEstimator.characterisedShiftBits),
                    base.method == .extrapolated ? .extrapolated : .fitted)
        }
        if case let .logicalShifter(w, s, d) = component {
            return try logicalShifterArea(width: w, shiftBits: s, outputs: d, extrapolate: ex, place: place)
        }
        guard let (kind, params) = component.primitive else {
            throw EstimationError.invalidInput(place: place, detail: "\(component) has no table primitive")
        }
        if case let .mux(_, n) = component, n < 2 {
            throw EstimationError.invalidInput(place: place, detail: "mux with \(n) inputs (needs at least 2)")
        }
        return try table.area(kind, params, extrapolate: ex, place: place)
    }

    /// A logical right shifter (`shr_u` entries: one line per characterised width W with a
    /// ceil(log2 W)-bit amount, swept over the kept outputs D). Bilinear: linear in D along the two
    /// lines that bracket `width` (D clipped to a line's W; below its smallest D, the line's first
    /// segment continued, ≥ 0), then linear in W. An amount of other than ceil(log2 width) bits
    /// scales by the stage count, min(s, ceil(log2 width)) / ceil(log2 width), as for `shr_s`.
    func logicalShifterArea(width w: Int, shiftBits s: Int, outputs d: Int, extrapolate ex: Bool,
                            place: String) throws -> (area: Double, method: AreaTable.Method) {
        guard w > 0, s > 0, d > 0, d <= w else {
            throw EstimationError.invalidInput(place: place, detail: "logical shifter W=\(w) S=\(s) D=\(d) needs W, S > 0 and 1 <= D <= W")
        }
        let kind = PrimitiveKind.shiftRightLogical
        var lines: [Int: [(d: Int, a: Double)]] = [:]
        var lineS: [Int: Int] = [:]
        for e in table.entries(of: kind) {
            guard let lw = e.params["W"], let ld = e.params["D"], let ls = e.params["S"] else { continue }
            lines[lw, default: []].append((ld, e.area_um2))
            lineS[lw] = ls
        }
        let widths = lines.keys.sorted()
        guard let lo = widths.first, let hi = widths.last else {
            throw EstimationError.badTable(file: table.fileName, detail: "no entries of kind '\(kind.rawValue)'")
        }
        let natural = max(1, ceilLog2(w))
        let stageScale = Double(min(s, natural)) / Double(natural)
        if w < lo || w > hi {
            guard ex else {
                throw EstimationError.outOfRange(component: kind.rawValue, parameter: "W", value: w, range: lo...hi, place: place)
            }
            guard let f = table.fitted(kind, ["W": w, "S": natural, "D": d]) else {
                throw EstimationError.badTable(file: table.fileName, detail: "no fit for kind '\(kind.rawValue)'")
            }
            return (max(0, f) * stageScale, .extrapolated)
        }
        func along(_ lw: Int) -> (area: Double, exact: Bool) {
            let pts = lines[lw]!.sorted { $0.d < $1.d }
            let x = min(d, lw)
            if let hit = pts.first(where: { $0.d == x }) { return (hit.a, true) }
            let j = pts.firstIndex(where: { $0.d > x }) ?? (pts.count - 1)
            let p0 = pts[max(0, j - 1)], p1 = pts[max(1, j)]
            guard p1.d != p0.d else { return (p0.a, false) }
            let t = Double(x - p0.d) / Double(p1.d - p0.d)
            return (max(0, p0.a + t * (p1.a - p0.a)), false)
        }
        let area: Double, exact: Bool
        if lines[w] != nil {
            (area, exact) = along(w)
        } else {
            let wl = widths.last { $0 < w }!, wh = widths.first { $0 > w }!
            let t = Double(w - wl) / Double(wh - wl)
            area = along(wl).area + t * (along(wh).area - along(wl).area)
            exact = false
        }
        // The lines are characterised at a natural amount (ceil(log2 W) bits); other amounts scale by stages.
        let base = lineS[w].map { min($0, natural) } ?? natural
        let scale = Double(min(s, natural)) / Double(max(1, base))
        let method: AreaTable.Method = scale != 1 ? .fitted : (exact ? .measured : .interpolated)
        return (area * scale, method)
    }

    /// The per-block area breakdown of `inventory` (named `name` in the reports).
    public func estimate(_ inventory: Inventory, name: String = "design") throws -> AreaReport {
        var lines: [AreaReport.Line] = []
        for (i, item) in inventory.items.enumerated() {
            let place = "\(name) item \(i)" + (item.path.isEmpty ? "" : " (\(item.path))")
            guard item.count >= 0 else {
                throw EstimationError.invalidInput(place: place, detail: "count \(item.count) is negative")
            }
            let (a, method) = try area(of: item.component, place: place)
            var impl: String? = nil
            if case let .memory(d, w, r) = item.component {
                impl = buffers.implementation(depth: d, width: w, readPorts: r).rawValue
            }
            if case .sramMacro = item.component { impl = "sram macro (fakeram45)" }
            lines.append(AreaReport.Line(block: item.block, path: item.path, component: item.component.description,
                                         count: item.count, unitAreaUm2: a, areaUm2: a * Double(item.count),
                                         method: method, implementation: impl))
        }
        return AreaReport(name: name, lines: lines, table: "\(table.meta.liberty), \(table.meta.yosys), \(table.meta.date)")
    }
}

func ceilLog2(_ n: Int) -> Int {
    var b = 0
    while (1 << b) < n { b += 1 }
    return b
}
