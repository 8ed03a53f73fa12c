/// Energy and power of a run: activity counts × the per-op energies of `EnergyTable`.
public struct EnergyEstimator: Sendable {
    /// What to do with widths outside 8...32 bits, the range of the Horowitz figures.
    public var extrapolation: AreaEstimator.Extrapolation
    public var table: EnergyTable

    public init(table: EnergyTable, extrapolation: AreaEstimator.Extrapolation = .fitModel) {
        self.table = table
        self.extrapolation = extrapolation
    }

    /// An estimator whose liberty-derived entries come from the bundled area table.
    public init(extrapolation: AreaEstimator.Extrapolation = .fitModel) throws {
        self.init(table: EnergyTable(area: try AreaTable.bundled()), extrapolation: extrapolation)
    }

    /// The energy breakdown of one run (`name` labels the reports).
    public func estimate(_ c: RunActivity, hardware h: HardwareShape, name: String = "run") throws -> EnergyReport {
        for (k, v) in c.fields where v < 0 {
            throw EstimationError.invalidInput(place: "\(name) activity", detail: "\(k) = \(v) is negative")
        }
        for (k, v) in [("dataBits", h.dataBits), ("accumulatorBits", h.accumulatorBits), ("counterBits", h.counterBits),
                       ("indexBits", h.indexBits)] where v <= 0 {
            throw EstimationError.invalidInput(place: "\(name) hardware", detail: "\(k) = \(v) must be positive")
        }
        guard h.clockMHz > 0, h.areaUm2 >= 0 else {
            throw EstimationError.invalidInput(place: "\(name) hardware", detail: "clock \(h.clockMHz) MHz / area \(h.areaUm2) um^2 invalid")
        }
        var notes: [String] = []
        let r = EnergyTable.characterisedWidths
        if !r.contains(h.dataBits) {
            if extrapolation == .error {
                throw EstimationError.outOfRange(component: "multiplier energy", parameter: "W", value: h.dataBits, range: r, place: "\(name) hardware")
            }
            notes.append("multiplier energy at W=\(h.dataBits) extrapolated by the power-law rule (Horowitz points are 8 and 32 bits)")
        }
        if !r.contains(h.accumulatorBits) {
            if extrapolation == .error {
                throw EstimationError.outOfRange(component: "adder energy", parameter: "A", value: h.accumulatorBits, range: r, place: "\(name) hardware")
            }
            notes.append("accumulator add energy at A=\(h.accumulatorBits) extrapolated by the linear rule (Horowitz points are 8 and 32 bits)")
        }
        let t = table
        func bufferLine(_ cat: EnergyReport.Category, _ n: Int, _ b: HardwareShape.Buffer) -> EnergyReport.Line {
            EnergyReport.Line(category: cat, count: n, unitPJ: t.bufferAccessPJ(depth: b.depth, width: b.width))
        }
        let lines: [EnergyReport.Line] = [
            .init(category: .mac, count: c.executedMACs, unitPJ: t.macPJ(width: h.dataBits, accumulator: h.accumulatorBits)),
            .init(category: .pau, count: c.pauChecks, unitPJ: t.pauCheckPJ(accumulator: h.accumulatorBits, counter: h.counterBits)),
            .init(category: .laneControl, count: c.executedMACs, unitPJ: t.counterStepPJ(counter: h.counterBits)),
            bufferLine(.weightBufferRead, c.weightBufferReads, h.weightBuffer),
            bufferLine(.indexBufferRead, c.indexBufferReads, h.indexBuffer),
            bufferLine(.inputBufferRead, c.inputBufferReads, h.inputBuffer),
            bufferLine(.outputBufferWrite, c.outputBufferWrites, h.outputBuffer),
            bufferLine(.bufferFill, c.inputBufferWrites, h.inputBuffer),
            bufferLine(.bufferFill, c.weightBufferWrites, h.weightBuffer),
            bufferLine(.bufferFill, c.indexBufferWrites, h.indexBuffer),
            bufferLine(.controlRead, c.workListReads, h.workList),
            bufferLine(.controlRead, c.kernelTableReads, h.kernelTable),
            bufferLine(.bufferFill, c.workListWrites, h.workList),
            bufferLine(.bufferFill, c.kernelTableWrites, h.kernelTable),
            .init(category: .offChipInputs, count: c.offChipInputWords, unitPJ: t.dramWordPJ(width: h.dataBits)),
            .init(category: .offChipWeights, count: c.offChipWeightWords, unitPJ: t.dramWordPJ(width: h.dataBits)),
            .init(category: .offChipWeights, count: c.offChipIndexWords, unitPJ: t.dramWordPJ(width: h.indexBits)),
            .init(category: .offChipControl, count: c.offChipKernelTableWords, unitPJ: t.dramWordPJ(width: h.kernelTable.width / 4)),
            .init(category: .offChipControl, count: c.offChipWorkListWords, unitPJ: t.dramWordPJ(width: h.workList.width)),
            .init(category: .offChipOutputs, count: c.offChipOutputWords, unitPJ: t.dramWordPJ(width: h.dataBits)),
            // leakage: P_leak [nW] × cycles / f [MHz] × 1e-3 = pJ; one "count" per cycle
            .init(category: .leakage, count: c.cycles, unitPJ: h.areaUm2 * t.leakageNWPerUm2 / h.clockMHz * 1e-3),
        ]
        return EnergyReport(name: name, lines: lines, cycles: c.cycles, clockMHz: h.clockMHz, notes: notes)
    }
}
