import Accelerator
import Foundation
import Reporting

let generateCommand = Command(
    name: "generate",
    summary: "emit the accelerator's Verilog (one module per file) and its .f file list",
    usage: "[--preset P | --config file.json] [--out DIR] [--force]",
    options: configOptions + [
        .value("out", "DIR", "output folder (default: generated-<preset>)"),
        .flag("force", "replace an existing output folder"),
        .flag("print-config", "print the configuration as JSON (a template for --config) and exit"),
    ],
    examples: [
        "snapea generate --preset default256 --out rtl",
        "snapea generate --preset stream256 --out rtl-stream   # the SRAM-macro stream organisation",
        "snapea generate --preset small-baseline --out rtl-baseline --force",
        "snapea generate --print-config > my.json   # edit, then: snapea generate --config my.json",
    ],
    run: { args, context in
        // The stream organisation's presets (StreamConfig.presets) are generated here too.
        let stream = args.value("preset").flatMap(StreamConfig.preset(named:))
        if stream != nil && args.value("config") != nil { throw CLIError.usage("--preset and --config are exclusive; give one") }
        let config = stream == nil ? try selectedConfig(args, streamPresets: true) : AcceleratorConfig.default256
        if args.flag("print-config") {
            print(String(decoding: try stream?.jsonData() ?? config.jsonData(), as: UTF8.self))
            return
        }
        let started = Date()
        let files = try stream.map { try Generator.emit(stream: $0) } ?? Generator.emit(config)
        let name = stream?.name ?? config.name
        let folder = try OutputFolder(path: args.value("out") ?? "generated-\(name)", force: args.flag("force"))
        for file in files {
            try folder.write(file.text, to: file.name)
        }
        try folder.commit()
        let seconds = Date().timeIntervalSince(started)
        let modules = files.filter { $0.name.hasSuffix(".v") }.map(\.name)
        let shape = stream.map { "stream organisation, \($0.pes) PEs × \($0.lanesPerPE) lanes, \($0.dataWidth)-bit, PAUs \($0.withPAU ? "on" : "off")" }
            ?? "\(config.pes) PEs × \(config.lanesPerPE) lanes, \(config.dataWidth)-bit, PAUs \(config.withPAU ? "on" : "off")"
        context.say("wrote \(modules.count) Verilog modules + \(Generator.memoryListName) + \(Generator.fileListName) to \(folder.finalURL.path) "
                    + "(\(shape); \(Format.fixed(seconds, 2)) s)")
        struct Summary: Encodable { let folder: String; let config: String; let files: [String]; let seconds: Double }
        try context.emitJSON(Summary(folder: folder.finalURL.path, config: name, files: files.map(\.name), seconds: seconds))
    })
