import Accelerator
import Foundation

/// `--preset NAME` / `--config FILE` options shared by the commands that need a hardware configuration.
private let presetHelp: String = {
    let registerFile: String = AcceleratorConfig.presets.map(\.name).joined(separator: ", ")
    let stream: String = StreamConfig.presets.map(\.name).joined(separator: ", ")
    return "hardware preset: \(registerFile) (default: default256); `generate` and `simulate` also take the stream organisation's \(stream)"
}()

let configOptions: [OptionSpec] = [
    .value("preset", "NAME", presetHelp),
    .value("config", "FILE", "hardware configuration as JSON (see `snapea generate --help`)"),
]

/// The configuration chosen by `--preset` or `--config` (not both), validated.
/// `streamPresets`: the command also takes the stream organisation's presets (handled by the
/// caller), so an unknown name is matched against them too.
func selectedConfig(_ args: ParsedArguments, default def: AcceleratorConfig = .default256,
                    streamPresets: Bool = false) throws -> AcceleratorConfig {
    if args.value("preset") != nil && args.value("config") != nil {
        throw CLIError.usage("--preset and --config are exclusive; give one")
    }
    let config: AcceleratorConfig
    if let name = args.value("preset") {
        guard let preset = AcceleratorConfig.preset(named: name) else {
            let names = AcceleratorConfig.presets.map(\.name) + (streamPresets ? StreamConfig.presets.map(\.name) : [])
            let hint = closest(to: name, among: names).map { " (did you mean '\($0)'?)" } ?? ""
            throw CLIError.usage("--preset: unknown preset '\(name)'\(hint); presets: " + names.joined(separator: ", "))
        }
        config = preset
    } else if let path = args.value("config") {
        guard FileManager.default.fileExists(atPath: path) else {
            throw CLIError.failure("--config: no such file \(path)")
        }
        do {
            config = try AcceleratorConfig.load(path: path)
        } catch {
            throw CLIError.failure("--config \(path): \(error)")
        }
    } else {
        config = def
    }
    do {
        try config.validate()
    } catch {
        throw CLIError.failure("configuration '\(config.name)': \(error)")
    }
    return config
}
