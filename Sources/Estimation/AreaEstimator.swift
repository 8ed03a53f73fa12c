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
        if case let .shifter(w, s) = component, s != AreaEstimator.characterisedShiftBits, w > 0, s > 0 {
            // Barrel shifter: area ∝ number of useful stages, min(s, ceil(log2 w)); the table has s = 6.
            let base = try table.area(.shiftRight, ["W": w, "S": AreaEstimator.characterisedShiftBits], extrapolate: ex, place: place)
            func stages(_ k: Int) -> Double { Double(min(k, max(1, ceilLog2(w)))) }
            return (base.area * stages(s) / stages(AreaEstimator.characterisedShiftBits),
                    base.method == .extrapolated ? .extrapolated : .fitted)
        }
        guard let (kind, params) = component.primitive else {
            throw EstimationError.invalidInput(place: place, detail: "\(component) has no table primitive")
        }
        if case let .mux(_, n) = component, n < 2 {
            throw EstimationError.invalidInput(place: place, detail: "mux with \(n) inputs (needs at least 2)")
        }
        return try table.area(kind, params, extrapolate: ex, place: place)
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
