import Foundation

/// One convolution layer decoded from a Deep Compression `.net` file.
public struct CompressedLayer: Sendable, Equatable {
    /// The layer's shape, from the network description.
    public let shape: ConvolutionShape
    /// Number of stored entries (`nnz` in the file header), fillers included.
    public let storedEntries: Int
    /// The 256-entry codebook (entry 0 is 0.0).
    public let codebook: [Float]
    /// One bias per output channel.
    public let bias: [Float]
    /// Dense weights, `outputs × inputs × kernel × kernel`, row-major; unstored weights are 0.
    public let weights: [Float]

    /// A layer from dense weights (for tests and for models not read from a file).
    /// `storedEntries` defaults to the number of nonzero weights.
    public init(shape: ConvolutionShape, weights: [Float], bias: [Float], storedEntries: Int? = nil, codebook: [Float] = []) {
        precondition(weights.count == shape.weightCount && bias.count == shape.outputs,
                     "CompressedLayer \(shape.layer): \(weights.count) weights / \(bias.count) biases for shape \(shape.outputs)×\(shape.inputs)×\(shape.kernel)²")
        self.shape = shape
        self.weights = weights
        self.bias = bias
        self.codebook = codebook
        self.storedEntries = storedEntries ?? weights.reduce(0) { $1 != 0 ? $0 + 1 : $0 }
    }

    /// Number of nonzero weights.
    public var nonzeroWeights: Int { weights.reduce(0) { $1 != 0 ? $0 + 1 : $0 } }
}

/// Reader for `compressed_SqueezeNet.net` (the Deep Compression release of SqueezeNet v1.0),
/// exactly as `../shared/docs/data.md` documents it. Little-endian:
/// 1. `uint32 nnz[L]`, one per convolution layer in prototxt order;
/// 2. per layer: `float32 codebook[256]`, `float32 bias[num_output]`, `uint8 code[nnz]`,
///    `uint8 gaps[(nnz + 1) / 2]` (4-bit gaps, low nibble first; `pos[i] = pos[i−1] + gap[i] + 1`,
///    `pos[−1] = −1`);
/// 3. nothing else.
///
/// The file is untrusted. Every count is checked against the layer shape and the bytes
/// remaining before anything is allocated; the file must be consumed exactly. Rejected, with
/// the byte offset (and layer): a truncated file (offset of the section that is cut short), a
/// padded one (offset of the first extra byte), an `nnz` larger than the layer (header offset
/// `4·i`), a codebook whose entry 0 is not 0.0, a NaN/infinite codebook or bias value, a
/// position past the layer's weights (offset of the gap byte holding that entry's nibble —
/// the sign of a corrupt file or of a prototxt whose shapes do not match it), and a nonzero
/// unused high nibble in the last gap byte of a layer with odd `nnz`.
public enum CompressedNet {
    /// Size of the header plus the fixed part of every layer, for `nnz` values.
    public static func expectedSize(layers: [ConvolutionShape], nnz: [Int]) -> Int {
        var size = 4 * layers.count
        for (shape, n) in zip(layers, nnz) { size += 4 * 256 + 4 * shape.outputs + n + (n + 1) / 2 }
        return size
    }

    /// Decodes `bytes` for the convolution layers `layers` (in file order).
    public static func decode(_ bytes: [UInt8], layers: [ConvolutionShape], file: String) throws -> [CompressedLayer] {
        var r = ByteReader(bytes, file: file)
        guard !layers.isEmpty else { throw FormatError(file: file, byteOffset: 0, message: "no convolution layers to read") }
        try r.require(4 * layers.count, "header (nnz for \(layers.count) layers)")
        var nnz: [Int] = []
        for shape in layers {
            let at = r.offset
            let n = Int(try r.uint32("nnz", layer: shape.layer))
            guard n <= shape.weightCount else {
                throw FormatError(file: file, byteOffset: at, layer: shape.layer,
                                  message: "nnz \(n) exceeds the layer's \(shape.weightCount) weights (\(shape.outputs)×\(shape.inputs)×\(shape.kernel)×\(shape.kernel))")
            }
            nnz.append(n)
        }
        var result: [CompressedLayer] = []
        result.reserveCapacity(layers.count)
        for (shape, n) in zip(layers, nnz) {
            let name = shape.layer
            let codebookAt = r.offset
            let codebook = try r.float32s(256, "codebook", layer: name)
            guard codebook[0] == 0 else {
                throw FormatError(file: file, byteOffset: codebookAt, layer: name,
                                  message: "codebook entry 0 is \(codebook[0]), must be 0.0")
            }
            let bias = try r.float32s(shape.outputs, "bias (\(shape.outputs) values)", layer: name)
            // Check codes and gaps together before allocating the dense weights.
            let gapBytes = (n + 1) / 2
            try r.require(n, "codes (nnz \(n))", layer: name)
            let codes = try r.slice(n, "codes", layer: name)
            let gaps = try r.slice(gapBytes, "gaps (\(gapBytes) bytes for nnz \(n))", layer: name)
            if n % 2 == 1, bytes[gaps.upperBound - 1] >> 4 != 0 {
                throw FormatError(file: file, byteOffset: gaps.upperBound - 1, layer: name,
                                  message: "unused high nibble of the last gap byte is \(bytes[gaps.upperBound - 1] >> 4), must be 0")
            }
            var weights = [Float](repeating: 0, count: shape.weightCount)
            var position = -1
            for i in 0..<n {
                let byteAt = gaps.lowerBound + i / 2
                let gap = Int((bytes[byteAt] >> (4 * UInt8(i % 2))) & 0xF)
                position += gap + 1
                guard position < shape.weightCount else {
                    throw FormatError(file: file, byteOffset: byteAt, layer: name,
                                      message: "stored entry \(i) at position \(position) is past the layer's \(shape.weightCount) weights (\(shape.outputs)×\(shape.inputs)×\(shape.kernel)×\(shape.kernel)): corrupt file or prototxt shape mismatch")
                }
                weights[position] = codebook[Int(bytes[codes.lowerBound + i])]
            }
            result.append(CompressedLayer(shape: shape, weights: weights, bias: bias, storedEntries: n, codebook: codebook))
        }
        guard r.remaining == 0 else {
            throw FormatError(file: file, byteOffset: r.offset, layer: layers.last?.layer,
                              message: "\(r.remaining) unexpected bytes after the last layer (the file must end there)")
        }
        return result
    }

    /// Reads and decodes a file.
    public static func load(path: String, layers: [ConvolutionShape]) throws -> [CompressedLayer] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FormatError(file: path, message: "cannot read file")
        }
        return try decode([UInt8](data), layers: layers, file: path)
    }

    /// Encodes layers in the same format (for tests and tools). `entries[l]` lists, per layer,
    /// `(position, code)` pairs in increasing position order; gaps longer than 15 must already
    /// be bridged by the caller (use `bridge`).
    public static func encode(nnzEntries entries: [[(position: Int, code: UInt8)]], codebooks: [[Float]], biases: [[Float]]) -> [UInt8] {
        var out: [UInt8] = []
        func put32(_ v: UInt32) { for k in 0..<4 { out.append(UInt8((v >> (8 * UInt32(k))) & 0xFF)) } }
        for e in entries { put32(UInt32(e.count)) }
        for l in entries.indices {
            for f in codebooks[l] { put32(f.bitPattern) }
            for f in biases[l] { put32(f.bitPattern) }
            for e in entries[l] { out.append(e.code) }
            var gaps = [UInt8](repeating: 0, count: (entries[l].count + 1) / 2)
            var previous = -1
            for (i, e) in entries[l].enumerated() {
                let gap = e.position - previous - 1
                precondition(gap >= 0 && gap <= 15, "gap \(gap) out of 0...15; bridge it first")
                gaps[i / 2] |= UInt8(gap) << (4 * UInt8(i % 2))
                previous = e.position
            }
            out += gaps
        }
        return out
    }

    /// Inserts code-0 fillers so that no gap exceeds 15, as the Deep Compression encoder does.
    public static func bridge(_ entries: [(position: Int, code: UInt8)]) -> [(position: Int, code: UInt8)] {
        var out: [(position: Int, code: UInt8)] = []
        var previous = -1
        for e in entries {
            while e.position - previous - 1 > 15 {
                previous += 16
                out.append((previous, 0))
            }
            out.append(e)
            previous = e.position
        }
        return out
    }
}
