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
        "snapea generate --preset small-baseline --out rtl-baseline --force",
        "snapea generate --print-config > my.json   # edit, then: snapea generate --config my.json",
    ],
    run: { args, context in
        let config = try selectedConfig(args)
        if args.flag("print-config") {
            print(String(decoding: try config.jsonData(), as: UTF8.self))
            return
        }
        let started = Date()
        let files = try Generator.emit(config)
        let folder = try OutputFolder(path: args.value("out") ?? "generated-\(config.name)", force: args.flag("force"))
        for file in files {
            try folder.write(file.text, to: file.name)
        }
        try folder.commit()
        let seconds = Date().timeIntervalSince(started)
        let modules = files.filter { $0.name.hasSuffix(".v") }.map(\.name)
        context.say("wrote \(modules.count) Verilog modules + \(Generator.memoryListName) + \(Generator.fileListName) to \(folder.finalURL.path) "
                    + "(\(config.pes) PEs × \(config.lanesPerPE) lanes, \(config.dataWidth)-bit, "
                    + "PAUs \(config.withPAU ? "on" : "off"); \(Format.fixed(seconds, 2)) s)")
        struct Summary: Encodable { let folder: String; let config: String; let files: [String]; let seconds: Double }
        try context.emitJSON(Summary(folder: folder.finalURL.path, config: config.name, files: files.map(\.name), seconds: seconds))
    })
