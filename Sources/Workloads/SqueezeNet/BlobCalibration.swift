/// Largest magnitude seen in every blob of a Caffe network over a set of calibration inputs,
/// measured with the float reference (in-place ReLU blobs hold post-ReLU values, as in Caffe).
public struct BlobCalibration: Sendable, Equatable {
    /// `max |value|` per blob name.
    public var maxAbs: [String: Float]
    /// Number of calibration inputs.
    public var samples: Int

    public init(maxAbs: [String: Float], samples: Int) {
        self.maxAbs = maxAbs
        self.samples = samples
    }

    /// Runs `reference` on every input and records the per-blob maxima.
    public static func measure(_ reference: CaffeFloatReference, inputs: [[Float]]) throws -> BlobCalibration {
        var m: [String: Float] = [:]
        for x in inputs {
            let blobs = try reference.run(x)
            for (name, blob) in blobs {
                var v: Float = 0
                for e in blob.values { v = max(v, abs(e)) }
                m[name] = max(m[name] ?? 0, v)
            }
        }
        return BlobCalibration(maxAbs: m, samples: inputs.count)
    }
}
