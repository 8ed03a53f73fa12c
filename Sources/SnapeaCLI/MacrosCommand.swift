import Estimation
import Foundation
import Reporting

let macrosCommand = Command(
    name: "macros",
    summary: "price the SRAM macros of a memory list (fakeram45, 45 nm); with --files, add the logic synthesised with them as black boxes",
    usage: "MEMORIES.json [--files DESIGN.f] [--top MODULE] [--liberty FILE]",
    options: [
        .value("files", "DESIGN.f", "Verilog file list: synthesise the logic with Yosys, memory modules as black boxes"),
        .value("top", "MODULE", "top module (default: the memory list's top)"),
        .value("liberty", "FILE", "Nangate45 liberty (default: $SNAPEA_DATA or ../shared/data beside the package)"),
    ],
    examples: ["snapea macros out/SnapeaArray.memories.json",
               "snapea macros out/SnapeaArray.memories.json --files out/SnapeaArray.f"],
    run: { args, context in
        guard args.positionals.count == 1 else {
            throw CLIError.usage("snapea macros: give exactly one memory list file (MEMORIES.json)")
        }
        let list = try MemoryListFile(contentsOf: URL(fileURLWithPath: args.positionals[0]))
        let priced = try SramMacroModel.fakeram45.price(list)
        context.say(priced.markdown())
        struct Output: Encodable {
            let top: String; let macroUm2: Double; let leakageUW: Double
            let logicUm2: Double?; let totalUm2: Double?; let lines: [MemoryListPrice.Line]
        }
        guard let fileList = args.value("files") else {
            return try context.emitJSON(Output(top: priced.top, macroUm2: priced.totalAreaUm2, leakageUW: priced.totalLeakageUW,
                                               logicUm2: nil, totalUm2: nil, lines: priced.lines))
        }
        var yosys = try YosysArea()
        if let lib = args.value("liberty") { yosys.liberty = lib }
        context.progress("synthesising \(fileList) with \(list.memories.count) memory modules as black boxes")
        let r = try BlackboxSynthesis.run(files: BlackboxSynthesis.readFileList(URL(fileURLWithPath: fileList)),
                                          memoryList: list, top: args.value("top"), yosys: yosys)
        var t = Table(headers: ["part", "area (um^2)", "area (mm^2)"])
        t.append(["logic (Yosys + Nangate45)", Format.fixed(r.logicUm2, 1), Format.fixed(r.logicUm2 / 1e6, 4)])
        t.append(["SRAM macros (fakeram45 model)", Format.fixed(r.macroUm2, 1), Format.fixed(r.macroUm2 / 1e6, 4)])
        t.append(["total", Format.fixed(r.totalUm2, 1), Format.fixed(r.totalUm2 / 1e6, 4)])
        context.say(t.markdown)
        try context.emitJSON(Output(top: priced.top, macroUm2: r.macroUm2, leakageUW: priced.totalLeakageUW,
                                    logicUm2: r.logicUm2, totalUm2: r.totalUm2, lines: priced.lines))
    })
