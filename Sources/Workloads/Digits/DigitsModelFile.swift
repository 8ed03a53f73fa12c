import Foundation

/// The `snapea-digits-cnn` weight file (JSON, version 1), read with validation.
///
/// ```
/// { "format": "snapea-digits-cnn", "version": 1, "inputScale": 0.0625,
///   "provenance": { "options": "...", ... },
///   "conv1":      { "inChannels": 1, "outChannels": 8, "kernelSize": 3, "padding": 1,
///                   "weights": [out·in·3·3 floats, (out, in, ky, kx) row-major], "bias": [out floats] },
///   "conv2":      { ... same fields ... },
///   "classifier": { "inputs": C2·16, "outputs": 10, "weights": [outputs·inputs floats], "bias": [10 floats] } }
/// ```
/// The network is `DigitsModel`'s (conv 3×3 pad 1 → ReLU → conv → ReLU → max-pool 2×2 → FC).
/// Floats are written with enough digits to round-trip exactly.
public enum DigitsModelFile {
    public static let format = "snapea-digits-cnn"
    public static let version = 1
    /// Largest file accepted (a default model is about 80 KB).
    public static let maxFileBytes = 32 << 20

    struct Conv: Codable {
        var inChannels: Int, outChannels: Int, kernelSize: Int, padding: Int
        var weights: [Float], bias: [Float]
    }
    struct Dense: Codable {
        var inputs: Int, outputs: Int
        var weights: [Float], bias: [Float]
    }
    struct File: Codable {
        var format: String
        var version: Int
        var inputScale: Float
        var provenance: [String: String]
        var conv1: Conv, conv2: Conv
        var classifier: Dense
    }

    /// Encodes `model` (sorted keys, so equal models give equal bytes).
    public static func encode(_ model: DigitsModel) throws -> Data {
        func conv(_ l: FloatConvLayer) -> Conv {
            Conv(inChannels: l.inChannels, outChannels: l.outChannels, kernelSize: l.kernelSize,
                 padding: l.padding, weights: l.weights, bias: l.bias)
        }
        let f = File(format: format, version: version, inputScale: DigitsModel.inputScale,
                     provenance: model.provenance, conv1: conv(model.conv1), conv2: conv(model.conv2),
                     classifier: Dense(inputs: model.classifier.inputs, outputs: model.classifier.outputs,
                                       weights: model.classifier.weights, bias: model.classifier.bias))
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys]
        return try enc.encode(f)
    }

    /// Decodes and validates a weight file; errors name `fileName` and the offending field.
    public static func decode(_ data: Data, fileName: String = "model.json") throws -> DigitsModel {
        if data.count > maxFileBytes {
            throw DigitsModelError("\(fileName): \(data.count) bytes, larger than the \(maxFileBytes)-byte limit")
        }
        let f: File
        do {
            f = try JSONDecoder().decode(File.self, from: data)
        } catch let DecodingError.keyNotFound(key, ctx) {
            throw DigitsModelError("\(fileName): missing field \(path(ctx.codingPath + [key]))")
        } catch let DecodingError.typeMismatch(_, ctx) {
            throw DigitsModelError("\(fileName): wrong type at \(path(ctx.codingPath)): \(ctx.debugDescription)")
        } catch let DecodingError.valueNotFound(_, ctx) {
            throw DigitsModelError("\(fileName): null at \(path(ctx.codingPath))")
        } catch let DecodingError.dataCorrupted(ctx) {
            throw DigitsModelError("\(fileName): corrupt JSON at \(path(ctx.codingPath)): \(ctx.debugDescription)")
        } catch {
            throw DigitsModelError("\(fileName): unreadable (\(error))")
        }
        guard f.format == format else {
            throw DigitsModelError("\(fileName): format is \"\(f.format)\", expected \"\(format)\"")
        }
        guard f.version == version else {
            throw DigitsModelError("\(fileName): version \(f.version) not supported (expected \(version))")
        }
        guard f.inputScale == DigitsModel.inputScale else {
            throw DigitsModelError("\(fileName): inputScale \(f.inputScale), expected \(DigitsModel.inputScale)")
        }
        func conv(_ c: Conv) -> FloatConvLayer {
            FloatConvLayer(inChannels: c.inChannels, outChannels: c.outChannels, kernelSize: c.kernelSize,
                           padding: c.padding, weights: c.weights, bias: c.bias)
        }
        let m = DigitsModel(conv1: conv(f.conv1), conv2: conv(f.conv2),
                            classifier: FloatDenseLayer(inputs: f.classifier.inputs, outputs: f.classifier.outputs,
                                                        weights: f.classifier.weights, bias: f.classifier.bias),
                            provenance: f.provenance)
        do { try m.validate() } catch let e as DigitsModelError {
            throw DigitsModelError("\(fileName): \(e.description)")
        }
        return m
    }

    /// Reads and validates a weight file.
    public static func load(url: URL) throws -> DigitsModel {
        let name = url.lastPathComponent
        if let size = (try? FileManager.default.attributesOfItem(atPath: url.path))?[.size] as? NSNumber,
           size.intValue > maxFileBytes {
            throw DigitsModelError("\(name): \(size.intValue) bytes, larger than the \(maxFileBytes)-byte limit")
        }
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw DigitsModelError("\(name): cannot read (\(error.localizedDescription))")
        }
        return try decode(data, fileName: name)
    }

    /// Writes `model` to `url`.
    public static func save(_ model: DigitsModel, to url: URL) throws {
        try encode(model).write(to: url, options: .atomic)
    }

    /// Which committed network to load.
    public enum Embedded: String, Sendable, CaseIterable {
        /// Plain training (`digits-plain.json`).
        case plain = "digits-plain"
        /// SnaPEA-aware training with the activation-sparsity penalty (`digits-snapea.json`).
        case snapeaAware = "digits-snapea"
    }

    /// One of the committed trained networks.
    public static func embedded(_ which: Embedded) throws -> DigitsModel {
        guard let url = Bundle.module.url(forResource: which.rawValue, withExtension: "json") else {
            throw DigitsModelError("\(which.rawValue).json: embedded resource missing; run scripts/train_digits.sh")
        }
        return try load(url: url)
    }

    private static func path(_ keys: [CodingKey]) -> String {
        keys.isEmpty ? "top level" : keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }
}
