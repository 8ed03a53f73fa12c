/// How a buffer (`Component.memory`) is built and what it costs: a flip-flop register file for
/// shallow buffers, an SRAM macro for deep ones.
///
/// **Rule.** A buffer of `depth ≤ maxRegisterFileDepth` (default 64 words, the deepest register
/// file the area table characterises) is a flip-flop register file: its area comes from the
/// Yosys/Nangate45 `regfile` fit (D words × W bits, R read ports: flops with load enable, one
/// R-port read multiplexer tree each, write decoder). A deeper buffer is an SRAM macro.
///
/// **SRAM area.** `bits × sramBitAreaUm2`, with `sramBitAreaUm2 = 600 λ²` at λ = 45 nm
/// = 1.215 µm² per bit — the rule of thumb for single-ported SRAM from CACTI stated in
/// D. J. Greaves, "45nm SRAM Memory Area and Power Consumption", University of Cambridge
/// System-on-Chip D&M notes (http://www.cl.cam.ac.uk/teaching/1112/SysOnChip/slides/sp7tte/zhpd802be4b0.html).
/// (For comparison, the bare Intel 45 nm 6T cell is 0.346 µm², Mistry et al., IEDM 2007; the rule's
/// larger figure covers decoders, sense amplifiers and wiring of small macros.) An SRAM with
/// `R > 1` read ports is modelled as `R` single-ported replicas (area × R, each write goes to all).
///
/// **SRAM area from macros** (`sramArea = .fakeram45`, opt-in): each replica is priced as a
/// single-port (`1rw`) macro by `SramMacroModel.fakeram45` (fakeram45 / CACTI 45 nm, banked above
/// 2048 words; about 0.5–0.65 µm²/bit instead of 1.215). A shape outside the macros' depth/width
/// range is an `outOfRange` error unless the estimator extrapolates.
public struct BufferModel: Sendable, Hashable, Codable {
    /// How an SRAM buffer's area is priced.
    public enum SramArea: String, Sendable, Hashable, Codable {
        /// `bits × sramBitAreaUm2` (the Greaves/CACTI rule of thumb; the default).
        case bitRule
        /// A fakeram45 single-port macro per replica (`SramMacroModel.fakeram45`).
        case fakeram45
    }

    /// Deepest buffer built as a flip-flop register file.
    public var maxRegisterFileDepth: Int
    /// SRAM macro area per bit, µm² (600 λ², λ = 45 nm; Greaves/CACTI rule of thumb).
    public var sramBitAreaUm2: Double
    /// SRAM area source.
    public var sramArea: SramArea

    public init(maxRegisterFileDepth: Int = 64, sramBitAreaUm2: Double = 600 * 0.045 * 0.045, sramArea: SramArea = .bitRule) {
        self.maxRegisterFileDepth = maxRegisterFileDepth
        self.sramBitAreaUm2 = sramBitAreaUm2
        self.sramArea = sramArea
    }

    /// The implementation chosen for a buffer.
    public enum Implementation: String, Sendable, Codable {
        case registerFile, sram
    }

    public func implementation(depth: Int, width: Int, readPorts: Int) -> Implementation {
        depth <= maxRegisterFileDepth ? .registerFile : .sram
    }

    /// Area of a buffer, µm², and how it was obtained. The register-file model is linear in the
    /// word width by construction (bits are independent), so only depth and read ports are range-checked.
    public func area(depth: Int, width: Int, readPorts: Int, table: AreaTable, extrapolate: Bool,
                     place: String) throws -> (area: Double, method: AreaTable.Method, implementation: Implementation) {
        guard depth > 0, width > 0, readPorts > 0 else {
            throw EstimationError.invalidInput(place: place, detail: "memory \(depth)x\(width) with \(readPorts) read ports: all must be positive")
        }
        switch implementation(depth: depth, width: width, readPorts: readPorts) {
        case .sram:
            switch sramArea {
            case .bitRule:
                return (Double(depth * width * readPorts) * sramBitAreaUm2, .fitted, .sram)
            case .fakeram45:
                let m = SramMacroModel.fakeram45
                let p = try m.price(SramShape(depth: depth, width: width), place: place)
                if p.method == .extrapolated, !extrapolate {
                    let (k, v, r) = m.depthRange.contains(p.macroDepth) ? ("W", p.macroWidth, m.widthRange) : ("D", p.macroDepth, m.depthRange)
                    throw EstimationError.outOfRange(component: "sram macro", parameter: k, value: v, range: r, place: place)
                }
                return (Double(readPorts) * p.areaUm2, p.method, .sram)
            }
        case .registerFile:
            let kind = PrimitiveKind.registerFile
            var outside = false
            for (k, v) in [("D", depth), ("R", readPorts)] {
                guard let r = table.characterisedRange(kind, parameter: k) else {
                    throw EstimationError.badTable(file: table.fileName, detail: "no regfile entries")
                }
                if !r.contains(v) {
                    if !extrapolate {
                        throw EstimationError.outOfRange(component: "regfile", parameter: k, value: v, range: r, place: place)
                    }
                    outside = true
                }
            }
            let params = ["D": depth, "W": width, "R": readPorts]
            if !outside, table.characterisedRange(kind, parameter: "W")?.contains(width) == true {
                let a = try table.area(kind, params, extrapolate: extrapolate, place: place)
                return (a.area, a.method, .registerFile)
            }
            guard let a = table.fitted(kind, params) else {
                throw EstimationError.badTable(file: table.fileName, detail: "no fit for kind 'regfile'")
            }
            return (max(a, 0), outside ? .extrapolated : .fitted, .registerFile)
        }
    }
}
