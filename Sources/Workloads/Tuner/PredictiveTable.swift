import Foundation
import Golden

/// The tuner's output for the RTL flow: per tunable layer its mode and speculation strategy and,
/// per kernel, (Th, N) and the compiled op order (`snapea-predictive-table` JSON, version 1).
///
/// ```
/// { "format": "snapea-predictive-table", "version": 1, "network": "digits-snapea",
///   "budget": 0.03, "confidence": 0.9, "method": "...",
///   "calibration": { "inputs": 400, "harmed": 5, "harmBound": 0.029 },
///   "layers": [ { "name": "conv1", "mode": "predictive", "strategy": "largestMagnitude",
///                 "kernelSize": 9,
///                 "kernels": [ { "specN": 4, "threshold": -123456, "checkFrom": 3,
///                                "taps": [..], "weights": [..] }, ... ] }, ... ] }
/// ```
/// `mode` is `exact` or `predictive`; a kernel with `specN` 0 never predicts (its threshold is
/// written as `Int64.min`). `taps` are the geometry-free positions `(c * kH + ky) * kW + kx` in
/// execution order and `weights` the weights in that order (what `Compiler.compile` produces);
/// `checkFrom` is `C`. The reader validates everything against the network it is applied to.
public struct PredictiveTable: Sendable, Equatable {
    public static let format = "snapea-predictive-table"
    public static let version = 1
    /// Largest file accepted.
    public static let maxFileBytes = 64 << 20

    public struct Kernel: Sendable, Equatable, Codable {
        public var specN: Int
        public var threshold: Int64
        public var checkFrom: Int
        public var taps: [Int32]
        public var weights: [Int32]
    }

    public struct Layer: Sendable, Equatable, Codable {
        public var name: String
        public var mode: String
        public var strategy: String
        public var kernelSize: Int
        public var kernels: [Kernel]
    }

    public struct Calibration: Sendable, Equatable, Codable {
        public var inputs: Int
        public var harmed: Int
        public var harmBound: Double
    }

    public var network: String
    public var budget: Double
    public var confidence: Double
    public var method: String
    public var calibration: Calibration
    public var layers: [Layer]

    /// Builds the table of a selection: compiles every tunable layer with its plan.
    public init(network name: String, layers: [QuantizedConv], selection: TunerSelection, method: String) throws {
        network = name
        budget = selection.budget
        confidence = selection.confidence
        self.method = method
        calibration = Calibration(inputs: selection.calibration.inputs, harmed: selection.calibration.harmed,
                                  harmBound: selection.harmBound)
        self.layers = try zip(layers, selection.plans).map { layer, plan in
            let programs = try plan.compiler.compile(layer, inputHeight: layer.spec.kH, inputWidth: layer.spec.kW)
            return Layer(name: layer.spec.name, mode: plan.mode.rawValue, strategy: plan.strategy.rawValue,
                         kernelSize: layer.spec.kernelSize,
                         kernels: programs.map { p in
                             Kernel(specN: plan.mode == .predictive ? p.specN : 0,
                                    threshold: plan.mode == .predictive && p.specN > 0 ? p.threshold : Int64.min,
                                    checkFrom: p.checkFrom, taps: p.taps, weights: p.weights)
                         })
        }
    }

    /// The plans the table describes (one per layer).
    public var plans: [LayerPlan] {
        layers.map { l in
            let mode = Mode(rawValue: l.mode) ?? .exact
            return LayerPlan(mode: mode, strategy: SpeculationStrategy(rawValue: l.strategy) ?? .largestMagnitude,
                             settings: mode == .predictive ? l.kernels.map { PredictiveSetting(threshold: $0.threshold, specN: $0.specN) } : nil)
        }
    }

    private struct File: Codable {
        var format: String
        var version: Int
        var network: String
        var budget: Double
        var confidence: Double
        var method: String
        var calibration: Calibration
        var layers: [Layer]
    }

    /// JSON bytes (sorted keys: equal tables give equal bytes).
    public func encode() throws -> Data {
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys]
        return try enc.encode(File(format: Self.format, version: Self.version, network: network, budget: budget,
                                   confidence: confidence, method: method, calibration: calibration, layers: layers))
    }

    /// Decodes and validates a table on its own (structure, ranges, op lists); `validate(against:)`
    /// then checks it against a network. Errors name the file, layer and field.
    public static func decode(_ data: Data, fileName: String = "predictive.json") throws -> PredictiveTable {
        func err(_ m: String) -> PredictiveTableError { PredictiveTableError("\(fileName): \(m)") }
        if data.count > maxFileBytes { throw err("\(data.count) bytes, larger than the \(maxFileBytes)-byte limit") }
        let f: File
        do {
            f = try JSONDecoder().decode(File.self, from: data)
        } catch let DecodingError.keyNotFound(key, ctx) {
            throw err("missing field \(path(ctx.codingPath + [key]))")
        } catch let DecodingError.typeMismatch(_, ctx) {
            throw err("wrong type at \(path(ctx.codingPath))")
        } catch let DecodingError.valueNotFound(_, ctx) {
            throw err("null at \(path(ctx.codingPath))")
        } catch let DecodingError.dataCorrupted(ctx) {
            throw err("corrupt JSON at \(path(ctx.codingPath)): \(ctx.debugDescription)")
        } catch {
            throw err("unreadable (\(error))")
        }
        guard f.format == format else { throw err("format is \"\(f.format)\", expected \"\(format)\"") }
        guard f.version == version else { throw err("version \(f.version) not supported (expected \(version))") }
        guard f.budget >= 0 && f.budget <= 1 else { throw err("budget \(f.budget) outside 0...1") }
        for l in f.layers {
            let at = "layer '\(l.name)'"
            guard Mode(rawValue: l.mode) == .exact || Mode(rawValue: l.mode) == .predictive else {
                throw err("\(at), field 'mode': \"\(l.mode)\" is not exact or predictive")
            }
            guard SpeculationStrategy(rawValue: l.strategy) != nil else {
                throw err("\(at), field 'strategy': unknown strategy \"\(l.strategy)\"")
            }
            guard l.kernelSize >= 1 && l.kernelSize <= 1 << 24 else { throw err("\(at), field 'kernelSize': \(l.kernelSize) out of range") }
            for (k, kn) in l.kernels.enumerated() {
                let kat = "\(at), kernel \(k)"
                guard kn.taps.count == kn.weights.count else {
                    throw err("\(kat), field 'taps': \(kn.taps.count) taps for \(kn.weights.count) weights")
                }
                guard kn.taps.count <= l.kernelSize else { throw err("\(kat), field 'taps': \(kn.taps.count) ops > kernelSize \(l.kernelSize)") }
                var seen = Set<Int32>()
                for t in kn.taps {
                    guard t >= 0 && Int(t) < l.kernelSize else { throw err("\(kat), field 'taps': tap \(t) outside 0..<\(l.kernelSize)") }
                    guard seen.insert(t).inserted else { throw err("\(kat), field 'taps': tap \(t) repeated") }
                }
                guard kn.specN >= 0 && kn.specN <= kn.taps.count else {
                    throw err("\(kat), field 'specN': \(kn.specN) outside 0...\(kn.taps.count)")
                }
                guard kn.checkFrom == KernelProgram.checkFrom(of: kn.weights) else {
                    throw err("\(kat), field 'checkFrom': \(kn.checkFrom), the weights give \(KernelProgram.checkFrom(of: kn.weights))")
                }
                if l.mode == Mode.exact.rawValue && kn.specN != 0 {
                    throw err("\(kat), field 'specN': \(kn.specN) in an exact layer")
                }
            }
        }
        return PredictiveTable(network: f.network, budget: f.budget, confidence: f.confidence, method: f.method,
                               calibration: f.calibration, layers: f.layers)
    }

    /// Checks the table against the tunable layers it will run with: names, kernel counts, and
    /// that every op list is exactly what the golden compiler produces for the table's plan.
    public func validate(against tunable: [QuantizedConv]) throws {
        guard tunable.count == layers.count else {
            throw PredictiveTableError("table has \(layers.count) layers, the network \(tunable.count) tunable layers")
        }
        for ((layer, entry), plan) in zip(zip(tunable, layers), plans) {
            let at = "layer '\(entry.name)'"
            guard layer.spec.name == entry.name else { throw PredictiveTableError("\(at): the network's layer is '\(layer.spec.name)'") }
            guard layer.spec.outC == entry.kernels.count else {
                throw PredictiveTableError("\(at), field 'kernels': \(entry.kernels.count) kernels, the layer has \(layer.spec.outC)")
            }
            let programs = try plan.compiler.compile(layer, inputHeight: layer.spec.kH, inputWidth: layer.spec.kW)
            for (k, (p, kn)) in zip(programs, entry.kernels).enumerated() where p.taps != kn.taps || p.weights != kn.weights {
                throw PredictiveTableError("\(at), kernel \(k), field 'taps': op list differs from the compiler's for this layer")
            }
        }
    }

    private init(network: String, budget: Double, confidence: Double, method: String, calibration: Calibration, layers: [Layer]) {
        self.network = network
        self.budget = budget
        self.confidence = confidence
        self.method = method
        self.calibration = calibration
        self.layers = layers
    }

    private static func path(_ keys: [CodingKey]) -> String {
        keys.isEmpty ? "top level" : keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }
}

/// A corrupt or mismatching predictive table; the message names the file, layer and field.
public struct PredictiveTableError: Error, CustomStringConvertible, Sendable, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
