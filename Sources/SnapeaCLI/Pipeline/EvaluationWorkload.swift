import Foundation
import Golden
import Workloads

/// The convolution layers of a network together with their fixed-point inputs on some samples:
/// what `simulate`, `cosim`, `report` and `demo` evaluate on the accelerator model.
struct EvaluationWorkload {
    let name: String
    /// Convolution layers with ReLU, in execution order.
    let layers: [QuantizedConv]
    /// `inputs[l][s]`: the input of layer `l` for sample `s`.
    let inputs: [[QTensor]]

    /// The tunable layers of `network` and their inputs on `samples`.
    static func of<N: TunableNetwork>(_ network: N, name: String, samples: [N.Input]) throws -> EvaluationWorkload {
        let runs = try network.runBatch(samples, plans: network.exactPlans, recordInputs: true)
        let inputs = network.tunableLayers.indices.map { l in runs.map { $0.layerInputs[l] } }
        return EvaluationWorkload(name: name, layers: network.tunableLayers, inputs: inputs)
    }

    /// The digits CNN (embedded; no ../shared needed), quantised on the calibration split, on the first
    /// `samples` held-out test digits.
    static func digits(_ which: DigitsModelFile.Embedded, samples: Int) throws -> EvaluationWorkload {
        let dataset = try DigitsDataset.embedded()
        let split = DigitsSplit(count: dataset.samples.count)
        let network = try DigitsQuantizer.quantize(try DigitsModelFile.embedded(which),
                                                   calibration: DigitsSplit.samples(split.calibration, of: dataset))
        let test = DigitsSplit.samples(Array(split.test.prefix(samples)), of: dataset)
        return try of(network, name: which == .snapeaAware ? "digits (SnaPEA-aware)" : "digits (plain)", samples: test)
    }

    /// SqueezeNet v1.0 from `dataDirectory` on its test images (the first `images` of them): the
    /// 25 tunable convolutions (conv1, with its signed input, always runs without the sign check).
    static func squeezeNet(dataDirectory: DataDirectory, images: Int) throws -> (EvaluationWorkload, SqueezeNetWorkload) {
        let workload = try SqueezeNetWorkload.load(dataDirectory: dataDirectory)
        let inputs = try workload.images.prefix(images).map { try workload.quantizedInput($0.image) }
        return (try of(workload, name: "SqueezeNet v1.0", samples: inputs), workload)
    }
}
