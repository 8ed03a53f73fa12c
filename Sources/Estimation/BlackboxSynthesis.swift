import Foundation

/// Area of a design whose memories are SRAM macros: the logic synthesised by Yosys against
/// Nangate45 with every module of the memory list as a black box, plus the macros priced by
/// `SramMacroModel`. `scripts/synth_blackbox.sh` runs the same Yosys flow from the shell.
public enum BlackboxSynthesis {
    /// Logic, macro and total area of one design.
    public struct Result: Sendable, Hashable {
        /// Nangate45 cell area of everything but the memory-list modules, µm².
        public var logicUm2: Double
        /// Area of the SRAM macros, µm².
        public var macroUm2: Double
        /// `logicUm2 + macroUm2`.
        public var totalUm2: Double { logicUm2 + macroUm2 }
        /// The macros priced line by line.
        public var macros: MemoryListPrice
        /// Cell counts of the logic.
        public var logicCells: [String: Int]
    }

    /// Synthesises `files` (top `top`, default the memory list's top) with the memory list's
    /// modules as black boxes and adds the macros' area from `model`.
    public static func run(files: [URL], memoryList: MemoryListFile, top: String? = nil,
                           yosys: YosysArea, model: SramMacroModel = .fakeram45) throws -> Result {
        let macros = try model.price(memoryList)
        let logic = try yosys.synthesize(files: files, top: top ?? memoryList.top, blackboxes: memoryList.memories.map(\.module))
        return Result(logicUm2: logic.areaUm2, macroUm2: macros.totalAreaUm2, macros: macros, logicCells: logic.cells)
    }

    /// The same from a Verilog file list (`.f`) and a memory list file.
    public static func run(fileList: URL, memoryList: URL, top: String? = nil,
                           yosys: YosysArea, model: SramMacroModel = .fakeram45) throws -> Result {
        try run(files: readFileList(fileList), memoryList: MemoryListFile(contentsOf: memoryList), top: top,
                yosys: yosys, model: model)
    }

    /// The Verilog files of a `.f` file list: one path per line, relative paths taken from the
    /// list's folder; blank lines and `//` or `#` comments skipped. Options (`+incdir+`, `-y`, ...)
    /// are not supported and throw.
    public static func readFileList(_ url: URL) throws -> [URL] {
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw EstimationError.invalidInput(place: url.path, detail: "file list cannot be read (\(error.localizedDescription))")
        }
        let dir = url.deletingLastPathComponent()
        var files: [URL] = []
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = Substring(raw)
            if let c = line.range(of: "//") { line = line[..<c.lowerBound] }
            if line.hasPrefix("#") { continue }
            let path = line.trimmingCharacters(in: .whitespaces)
            if path.isEmpty { continue }
            guard !path.hasPrefix("+"), !path.hasPrefix("-") else {
                throw EstimationError.invalidInput(place: "\(url.path):\(i + 1)", detail: "option '\(path)' in a file list is not supported")
            }
            files.append(path.hasPrefix("/") ? URL(fileURLWithPath: path) : dir.appendingPathComponent(path))
        }
        guard !files.isEmpty else { throw EstimationError.invalidInput(place: url.path, detail: "file list names no file") }
        return files
    }
}
