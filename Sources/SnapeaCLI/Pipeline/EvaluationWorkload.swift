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

    /// The digits CNN (embedded; no ../shared needed) on the first `samples` held-out test digits.
    static func digits(_ which: DigitsModelFile.Embedded, samples: Int) throws -> (EvaluationWorkload, DigitsQuantizedNetwork, DigitsSplitData) {
        let data = try DigitsSplitData.embedded()
        let model = try DigitsModelFile.embedded(which)
        let network = try DigitsQuantizer.quantize(model, calibration: data.calibration)
        let chosen = Array(data.test.prefix(samples))
        let runs = try network.runBatch(chosen, plans: network.exactPlans, recordInputs: true)
        let inputs = network.tunableLayers.indices.map { l in runs.map { $0.layerInputs[l] } }
        return (EvaluationWorkload(name: "digits-\(which.rawValue.replacingOccurrences(of: "digits-", with: ""))",
                                   layers: network.tunableLayers, inputs: inputs), network, data)
    }

    /// SqueezeNet v1.0 from `dataDirectory` on its test images (the first `images` of them).
    /// Only layers whose input is non-negative keep all four modes; conv1 (signed input) is
    /// evaluated too, and the golden executor runs it without the sign check.
    static func squeezeNet(dataDirectory: DataDirectory, images: Int) throws -> (EvaluationWorkload, SqueezeNetWorkload) {
        let workload = try SqueezeNetWorkload.load(dataDirectory: dataDirectory)
        let chosen = Array(workload.images.prefix(images))
        var inputs = [[QTensor]](repeating: [], count: workload.fixedPoint.convolutions.count)
        for (_, image) in chosen {
            let run = try workload.fixedPoint.run(try workload.quantizedInput(image), mode: .exact, keepLayerInputs: true)
            for (l, t) in run.layerInputs.enumerated() { inputs[l].append(t) }
        }
        let layers = workload.fixedPoint.convolutions
        let keep = layers.indices.filter { layers[$0].relu }
        return (EvaluationWorkload(name: "squeezenet", layers: keep.map { layers[$0] }, inputs: keep.map { inputs[$0] }), workload)
    }
}

/// The digits data set split the project uses everywhere (fixed seed).
struct DigitsSplitData {
    let train: [DigitsSample]
    let calibration: [DigitsSample]
    let test: [DigitsSample]

    static func embedded() throws -> DigitsSplitData {
        let dataset = try DigitsDataset.embedded()
        let split = DigitsSplit(count: dataset.samples.count)
        return DigitsSplitData(train: DigitsSplit.samples(split.train, of: dataset),
                               calibration: DigitsSplit.samples(split.calibration, of: dataset),
                               test: DigitsSplit.samples(split.test, of: dataset))
    }
}
