import Foundation
import HDL

/// One emitted file (`<Module>.v`, the memory list or the `.f` file list).
public struct VerilogFile: Sendable, Equatable {
    /// File name, e.g. `ComputeLane.v`.
    public var name: String
    public var text: String
}

/// Elaborates the accelerator for a configuration with the HDL DSL and emits one Verilog file
/// per block plus a memory list and a `.f` file list (`generated/<preset>/`).
public enum Generator {
    /// Top module name.
    public static let topModule = "SnapeaArray"
    /// File-list name.
    public static let fileListName = "SnapeaArray.f"
    /// Memory-list name (`MemoryList.fileName`).
    public static let memoryListName = "SnapeaArray.memories.json"

    /// Handshake overhead `O` of the generated RTL (docs/ACCELERATOR.md, "Timing").
    public static var handshakeOverhead: Int { SnapeaArray.handshakeOverhead }

    /// Elaborates the array for `config` (validated first).
    public static func elaborate(_ config: AcceleratorConfig) throws -> Design {
        try config.validate()
        return try Elaborator.elaborate(SnapeaArray(config))
    }

    /// The Verilog files of `config` (sorted by name), the memory list `SnapeaArray.memories.json`
    /// (every SRAM macro instance, `Design.memoryList`; empty while the array uses no SRAM) and
    /// the `.f` file list (leaves first, top last). Each Verilog file starts with a line naming
    /// the configuration.
    public static func emit(_ config: AcceleratorConfig) throws -> [VerilogFile] {
        files(try elaborate(config), header: "// snapea accelerator configuration: \(config)\n")
    }

    /// Elaborates the stream organisation's array for `config` (validated first).
    public static func elaborate(stream config: StreamConfig) throws -> Design {
        try config.validate()
        return try Elaborator.elaborate(StreamArray(config))
    }

    /// The stream organisation's Verilog files for `config`, like `emit`.
    public static func emit(stream config: StreamConfig) throws -> [VerilogFile] {
        files(try elaborate(stream: config), header: "// snapea accelerator configuration (stream organisation): \(config)\n")
    }

    /// One file per module (sorted by name, each starting with `header`), then the file list.
    static func files(_ design: Design, header: String) -> [VerilogFile] {
        var files: [VerilogFile] = []
        for (m, text) in zip(design.modules, design.verilog) {
            files.append(VerilogFile(name: "\(m.name).v", text: header + text))
        }
        files.sort { $0.name < $1.name }
        let memories = design.memoryList
        files.append(VerilogFile(name: memories.fileName, text: memories.json))
        files.append(VerilogFile(name: fileListName, text: design.fileList))
        return files
    }

    /// Writes `emit(config)` into `directory` (created if needed); returns the written paths.
    @discardableResult
    public static func write(_ config: AcceleratorConfig, to directory: String) throws -> [String] {
        let files = try emit(config)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return try files.map { f in
            let path = (directory as NSString).appendingPathComponent(f.name)
            try f.text.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
    }
}
