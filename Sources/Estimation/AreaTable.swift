import Foundation

/// The calibrated 45 nm logic area table (`Tables/area_nangate45.json`), produced by
/// `scripts/calibrate_area.sh`: every entry is one parametrised primitive synthesised with
/// Yosys (`synth; dfflibmap; abc; stat`) against the Nangate45 Open Cell Library (typical corner),
/// and records the exact command, the Yosys version, the liberty file and the date.
public struct AreaTable: Sendable {
    /// Where the table came from.
    public struct Meta: Sendable, Codable, Hashable {
        public var description: String
        public var generator: String
        public var flow: String
        public var yosys: String
        public var liberty: String
        public var liberty_sha256: String
        public var date: String
    }
    /// One synthesised primitive.
    public struct Entry: Sendable, Codable, Hashable {
        public var kind: String
        public var params: [String: Int]
        /// Cell area from `stat -liberty`, µm².
        public var area_um2: Double
        /// Σ cell count × `cell_leakage_power` of the liberty, nW.
        public var leakage_nW: Double
        /// Cell counts of the mapped netlist.
        public var cells: [String: Int]
        /// The Yosys command, version, liberty file and date that produced the entry.
        public var source: String
    }
    /// A least-squares model `area = Σ coefficient_i · term_i(params)` of one kind.
    public struct Fit: Sendable, Codable, Hashable {
        public var terms: [String]
        public var coefficients: [Double]
        public var max_rel_error: Double
        public var mean_rel_error: Double
        public var points: Int
    }
    /// Figures read from the liberty file by the calibration script.
    public struct LibertyFigures: Sendable, Codable, Hashable {
        /// Leakage power density of the calibration netlists, nW/µm².
        public var leakage_nW_per_um2: Double
        public var leakage_source: String
        /// DFF_X1 clock-pin internal energy per clock cycle (rise + fall), fJ.
        public var dff_clock_energy_fJ: Double
        public var dff_clock_source: String
        /// DFF_X1 output internal energy per Q transition, fJ.
        public var dff_q_toggle_energy_fJ: Double
        public var dff_q_source: String
    }

    public let meta: Meta
    public let liberty: LibertyFigures
    public let fits: [String: Fit]
    public let entries: [Entry]
    /// File name the table was read from (for messages).
    public let fileName: String

    private struct File: Codable {
        var meta: Meta
        var liberty: LibertyFigures
        var fits: [String: Fit]
        var entries: [Entry]
    }

    /// The table committed in `Sources/Estimation/Tables/area_nangate45.json`.
    public static func bundled() throws -> AreaTable {
        guard let url = Bundle.module.url(forResource: "area_nangate45", withExtension: "json",
                                          subdirectory: "Tables") else {
            throw EstimationError.badTable(file: "Tables/area_nangate45.json",
                                           detail: "not found in the Estimation resource bundle")
        }
        return try AreaTable(contentsOf: url)
    }

    /// Reads a table written by `scripts/calibrate_area.sh`.
    public init(contentsOf url: URL) throws {
        let attrs = try? FileManager.default.attributesOfItem(atPath: url.path)
        if let size = attrs?[.size] as? Int, size > 64 << 20 {
            throw EstimationError.badTable(file: url.lastPathComponent, detail: "file is \(size) bytes, larger than 64 MiB")
        }
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw EstimationError.badTable(file: url.path, detail: "cannot be read (\(error.localizedDescription))")
        }
        try self.init(jsonData: data, fileName: url.lastPathComponent)
    }

    /// Decodes a table from JSON and checks it (positive areas, fits with matching term counts).
    public init(jsonData: Data, fileName: String = "<memory>") throws {
        let file: File
        do { file = try JSONDecoder().decode(File.self, from: jsonData) } catch {
            throw EstimationError.badTable(file: fileName, detail: "malformed JSON (\(error))")
        }
        for (i, e) in file.entries.enumerated() {
            guard PrimitiveKind(rawValue: e.kind) != nil else {
                throw EstimationError.badTable(file: fileName, detail: "entry \(i): unknown kind '\(e.kind)'")
            }
            guard e.area_um2.isFinite, e.area_um2 >= 0 else {
                throw EstimationError.badTable(file: fileName, detail: "entry \(i) (\(e.kind)): area \(e.area_um2) is not a non-negative number")
            }
        }
        for (kind, f) in file.fits {
            guard f.terms.count == f.coefficients.count, !f.terms.isEmpty else {
                throw EstimationError.badTable(file: fileName, detail: "fit '\(kind)': \(f.terms.count) terms but \(f.coefficients.count) coefficients")
            }
            for t in f.terms where !AreaTable.knownTerms.contains(t) {
                throw EstimationError.badTable(file: fileName, detail: "fit '\(kind)': unknown term '\(t)'")
            }
        }
        meta = file.meta
        liberty = file.liberty
        fits = file.fits
        entries = file.entries
        self.fileName = fileName
    }

    static let knownTerms: Set<String> = ["1", "W", "W*W", "A", "C", "W*(N-1)", "D*W", "R*W*(D-1)", "D", "R*W"]

    static func term(_ t: String, _ p: [String: Int]) -> Double {
        func v(_ k: String) -> Double { Double(p[k] ?? 0) }
        switch t {
        case "1": return 1
        case "W": return v("W")
        case "W*W": return v("W") * v("W")
        case "A": return v("A")
        case "C": return v("C")
        case "W*(N-1)": return v("W") * (v("N") - 1)
        case "D*W": return v("D") * v("W")
        case "R*W*(D-1)": return v("R") * v("W") * (v("D") - 1)
        case "D": return v("D")
        case "R*W": return v("R") * v("W")
        default: return 0
        }
    }

    /// The entries of one kind.
    public func entries(of kind: PrimitiveKind) -> [Entry] { entries.filter { $0.kind == kind.rawValue } }

    /// The characterised range of `parameter` over the entries of `kind` (nil when there are none).
    public func characterisedRange(_ kind: PrimitiveKind, parameter: String) -> ClosedRange<Int>? {
        let vs = entries(of: kind).compactMap { $0.params[parameter] }
        guard let lo = vs.min(), let hi = vs.max() else { return nil }
        return lo...hi
    }

    /// The fitted model of `kind` evaluated at `params` (no range check).
    public func fitted(_ kind: PrimitiveKind, _ params: [String: Int]) -> Double? {
        guard let f = fits[kind.rawValue] else { return nil }
        return zip(f.terms, f.coefficients).reduce(0) { $0 + $1.1 * AreaTable.term($1.0, params) }
    }

    /// How an area was obtained.
    public enum Method: String, Sendable, Codable {
        /// An entry synthesised at exactly these parameters.
        case measured
        /// Linear interpolation between the two nearest characterised widths.
        case interpolated
        /// The fitted model inside the characterised range.
        case fitted
        /// The fitted model OUTSIDE the characterised range (only with `.fitModel` extrapolation).
        case extrapolated
    }

    /// Area of one primitive, µm². Inside the characterised range: the measured entry, linear
    /// interpolation in the sweep parameter, or the fit (multi-parameter kinds). Outside: an
    /// `EstimationError.outOfRange`, unless `extrapolate` is true (then the fit, flagged `.extrapolated`).
    public func area(_ kind: PrimitiveKind, _ params: [String: Int], extrapolate: Bool,
                     place: String) throws -> (area: Double, method: Method) {
        for (k, v) in params where v <= 0 {
            throw EstimationError.invalidInput(place: place, detail: "\(kind.rawValue) has \(k)=\(v), must be positive")
        }
        var outside = false
        for k in params.keys.sorted() {
            guard let r = characterisedRange(kind, parameter: k) else {
                throw EstimationError.badTable(file: fileName, detail: "no entries of kind '\(kind.rawValue)' with parameter \(k)")
            }
            let v = params[k]!
            if !r.contains(v) {
                if !extrapolate {
                    throw EstimationError.outOfRange(component: kind.rawValue, parameter: k, value: v, range: r, place: place)
                }
                outside = true
            }
        }
        func fit(_ m: Method) throws -> (area: Double, method: Method) {
            guard let a = fitted(kind, params) else {
                throw EstimationError.badTable(file: fileName, detail: "no fit for kind '\(kind.rawValue)'")
            }
            return (max(a, 0), m)
        }
        if outside { return try fit(.extrapolated) }
        let sweep = kind.sweepParameter
        let others = params.filter { $0.key != sweep }
        let line = entries(of: kind)
            .filter { e in e.params.count == params.count && others.allSatisfy { e.params[$0.key] == $0.value } }
            .compactMap { e in e.params[sweep].map { (x: $0, a: e.area_um2) } }
            .sorted { $0.x < $1.x }
        guard let x = params[sweep] else {
            throw EstimationError.invalidInput(place: place, detail: "\(kind.rawValue) needs parameter \(sweep)")
        }
        if let hit = line.first(where: { $0.x == x }) { return (hit.a, .measured) }
        guard let hiIdx = line.firstIndex(where: { $0.x > x }), hiIdx > 0 else {
            // Not bracketed by entries with the same other parameters: the fit (multi-parameter
            // kinds, inside the overall characterised ranges) or an error.
            if kind.usesFit { return try fit(.fitted) }
            let r = (line.first?.x ?? x)...(line.last?.x ?? x)
            throw EstimationError.outOfRange(component: kind.rawValue, parameter: sweep, value: x, range: r, place: place)
        }
        let lo = line[hiIdx - 1], hi = line[hiIdx]
        let t = Double(x - lo.x) / Double(hi.x - lo.x)
        return (lo.a + t * (hi.a - lo.a), .interpolated)
    }
}
