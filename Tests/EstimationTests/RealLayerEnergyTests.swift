import Foundation
import XCTest
import Accelerator
import Golden
import Estimation

/// Energy of a real layer — conv2 of the embedded digits CNN (trained weights in
/// `Sources/Workloads/Resources/digits-plain.json`, a real digit from `digits.csv`) — in the four
/// modes on the `small` preset, and the exact-vs-dense saving recomputed from the counts.
final class RealLayerEnergyTests: XCTestCase {
    struct DigitsFile: Decodable {
        struct Conv: Decodable {
            var inChannels: Int, outChannels: Int, kernelSize: Int, padding: Int
            var weights: [Float], bias: [Float]
        }
        var format: String
        var inputScale: Float
        var conv1: Conv, conv2: Conv
    }

    func loadDigits() throws -> (DigitsFile, [[Float]]) {
        let res = packageRoot.appendingPathComponent("Sources/Workloads/Resources")
        let json = res.appendingPathComponent("digits-plain.json")
        let size = try XCTUnwrap(FileManager.default.attributesOfItem(atPath: json.path)[.size] as? Int)
        XCTAssertLessThan(size, 32 << 20)
        let model = try JSONDecoder().decode(DigitsFile.self, from: Data(contentsOf: json))
        XCTAssertEqual(model.format, "snapea-digits-cnn")
        let csv = try String(contentsOf: res.appendingPathComponent("digits.csv"), encoding: .utf8)
        let rows = csv.split(separator: "\n").prefix(40).compactMap { line -> [Float]? in
            let v = line.split(separator: ",").compactMap { Float($0.trimmingCharacters(in: .whitespaces)) }
            return v.count == 65 ? Array(v.prefix(64)) : nil
        }
        return (model, rows)
    }

    func testFourModesOnDigitsConv2AndExactSavingFromCounts() throws {
        let (model, rows) = try loadDigits()
        XCTAssertGreaterThanOrEqual(rows.count, 33)
        func conv(_ name: String, _ c: DigitsFile.Conv) throws -> ConvLayer {
            try ConvLayer(spec: ConvSpec(name: name, inC: c.inChannels, outC: c.outChannels, kernel: c.kernelSize, pad: c.padding),
                          weights: c.weights, bias: c.bias, relu: true)
        }
        var net = Network()
        let i = try net.add("input", .input(Shape(channels: 1, height: 8, width: 8), nonNegative: true))
        let c1 = try net.add("conv1", .conv(conv("conv1", model.conv1)), inputs: [i])
        let c2 = try net.add("conv2", .conv(conv("conv2", model.conv2)), inputs: [c1])
        let images = try rows.map { try Tensor(channels: 1, height: 8, width: 8, data: $0.map { $0 * model.inputScale }) }
        let config = AcceleratorConfig.small
        let qn = try Quantizer(width: config.dataWidth).quantize(net, calibration: Array(images.prefix(32)))
        let layer = try XCTUnwrap(qn.layers[c2])
        let input = try qn.forward(images[32], mode: .dense).outputs[c1]   // a held-out digit
        XCTAssertTrue(input.data.allSatisfy { $0 >= 0 }, "conv2 follows a ReLU")

        let area = try AcceleratorEstimate.area(config, estimator: try AreaEstimator())
        let hw = AcceleratorEstimate.hardwareShape(config, areaUm2: area.totalUm2)
        let caps = BufferCapacities(inputWordsPerBank: config.inputWordsPerBank, weightBufferOps: config.weightBufferOps,
                                    kernelTableEntries: config.kernelTableEntries, workListEntriesPerPE: config.workListEntries)
        let settings = (0..<layer.spec.outC).map { _ in PredictiveSetting(threshold: 0, specN: 8) }
        let cmp = try LayerEnergy.compareModes(layer: layer, input: input, settings: settings, capacities: caps,
                                               cycleModel: CycleModel(pes: config.pes, lanesPerPE: config.lanesPerPE),
                                               hardware: hw, estimator: try EnergyEstimator())
        print(cmp.markdown())
        let dense = try XCTUnwrap(cmp.row(.dense)), exact = try XCTUnwrap(cmp.row(.exact))
        XCTAssertLessThan(exact.activity.executedMACs, dense.activity.executedMACs)

        // Independent recomputation from the counts and the published figures.
        for row in [dense, exact] {
            XCTAssertEqual(row.report.totalPJ, try independentEnergyPJ(row.activity, hw), accuracy: 1e-6 * row.report.totalPJ,
                           "\(row.mode)")
        }
        let saving = dense.report.totalPJ - exact.report.totalPJ
        let recomputed = try independentEnergyPJ(dense.activity, hw) - independentEnergyPJ(exact.activity, hw)
        print("digits conv2 on small: exact saves \(String(format: "%.1f", 100 * saving / dense.report.totalPJ)) % of dense energy "
              + "(\(String(format: "%.1f", saving / 1e3)) nJ; recomputed from counts \(String(format: "%.1f", recomputed / 1e3)) nJ); "
              + "MACs \(dense.activity.executedMACs) -> \(exact.activity.executedMACs)")
        XCTAssertEqual(saving, recomputed, accuracy: 1e-6 * dense.report.totalPJ)
    }
}

/// The energy model re-derived here from docs/ESTIMATION.md's rules (not from `EnergyTable`).
func independentEnergyPJ(_ c: RunActivity, _ h: HardwareShape) throws -> Double {
    let raw = try XCTUnwrap(rawTable()["liberty"] as? [String: Any])
    let clk = try XCTUnwrap(raw["dff_clock_energy_fJ"] as? Double)
    let tog = try XCTUnwrap(raw["dff_q_toggle_energy_fJ"] as? Double)
    let leak = try XCTUnwrap(raw["leakage_nW_per_um2"] as? Double)
    func add(_ w: Int) -> Double { 0.03 + (0.1 - 0.03) * Double(w - 8) / 24 }
    func mult(_ w: Int) -> Double { exp(log(0.2) + (log(3.1) - log(0.2)) * log(Double(w) / 8) / log(4)) }
    func reg(_ b: Int) -> Double { Double(b) * (clk + 0.5 * tog) / 1000 }
    func e64(_ bytes: Double) -> Double {
        bytes <= 32768 ? 10 * (bytes / 8192).squareRoot() : 20 * pow(bytes / 32768, log(5) / log(32))
    }
    func access(_ b: HardwareShape.Buffer) -> Double {
        Double(b.width) / 64 * e64(Double((b.depth * b.width + 7) / 8))
    }
    func dram(_ w: Int) -> Double { Double(w) / 64 * 1950 }
    let (a, n) = (h.accumulatorBits, h.counterBits)
    var e = Double(c.executedMACs) * (mult(h.dataBits) + add(a) + reg(a) + add(n) + reg(n))
    e += Double(c.pauChecks) * (add(a) + add(n))
    e += Double(c.weightBufferReads + c.weightBufferWrites) * access(h.weightBuffer)
    e += Double(c.indexBufferReads + c.indexBufferWrites) * access(h.indexBuffer)
    e += Double(c.inputBufferReads + c.inputBufferWrites) * access(h.inputBuffer)
    e += Double(c.outputBufferWrites) * access(h.outputBuffer)
    e += Double(c.workListReads + c.workListWrites) * access(h.workList)
    e += Double(c.kernelTableReads + c.kernelTableWrites) * access(h.kernelTable)
    e += Double(c.offChipInputWords + c.offChipWeightWords + c.offChipOutputWords) * dram(h.dataBits)
    e += Double(c.offChipIndexWords) * dram(h.indexBits) + Double(c.offChipKernelTableWords) * dram(a)
    e += Double(c.offChipWorkListWords) * dram(h.workList.width)
    e += Double(c.cycles) * h.areaUm2 * leak / h.clockMHz * 1e-3
    return e
}
