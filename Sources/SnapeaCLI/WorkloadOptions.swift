import Foundation
import Workloads

/// `--model`, `--data` and `--samples` options shared by the commands that run a network.
let workloadOptions: [OptionSpec] = [
    .value("model", "NAME", "network: digits (SnaPEA-aware digits CNN, embedded; default), digits-plain, squeezenet"),
    .value("data", "DIR", "real data folder for squeezenet (default: $SNAPEA_DATA or ../shared/data)"),
    .value("samples", "N", "inputs to evaluate (digits test samples or SqueezeNet images; default 16 / 2)"),
]

enum ModelChoice: String, CaseIterable {
    case digits, digitsPlain = "digits-plain", squeezenet
}

func selectedModel(_ args: ParsedArguments) throws -> ModelChoice {
    let name = args.value("model") ?? "digits"
    guard let m = ModelChoice(rawValue: name) else {
        let hint = closest(to: name, among: ModelChoice.allCases.map(\.rawValue)).map { " (did you mean '\($0)'?)" } ?? ""
        throw CLIError.usage("--model: unknown model '\(name)'\(hint); models: "
                             + ModelChoice.allCases.map(\.rawValue).joined(separator: ", "))
    }
    return m
}

func dataDirectory(_ args: ParsedArguments) throws -> DataDirectory {
    if let path = args.value("data") {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue else {
            throw CLIError.failure("--data: no such folder \(path)")
        }
        return DataDirectory(path: path)
    }
    return DataDirectory.resolve()
}

/// Loads the chosen network and its evaluation inputs.
func loadWorkload(_ args: ParsedArguments, context: CommandContext) throws -> EvaluationWorkload {
    let model = try selectedModel(args)
    switch model {
    case .digits, .digitsPlain:
        let n = try args.int("samples", default: 16, range: 1...1000)
        context.progress("loading the embedded digits CNN (\(model.rawValue)), \(n) test samples")
        return try EvaluationWorkload.digits(model == .digits ? .snapeaAware : .plain, samples: n)
    case .squeezenet:
        let n = try args.int("samples", default: 2, range: 1...4)
        let dir = try dataDirectory(args)
        context.progress("loading SqueezeNet v1.0 from \(dir.path), \(n) image(s)")
        do {
            return try EvaluationWorkload.squeezeNet(dataDirectory: dir, images: n).0
        } catch let e as MissingDataFile {
            throw CLIError.failure(e.description)
        }
    }
}
