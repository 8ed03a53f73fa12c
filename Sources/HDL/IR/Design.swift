import Foundation

/// An elaborated design: unique module definitions (children before parents, top last),
/// their Verilog text, and the elaboration warnings.
public struct Design: Sendable {
    /// Unique module definitions; instances refer to them by index. The last one is the top.
    public let modules: [IRModule]
    /// Verilog text per module, same order as `modules`.
    public let verilog: [String]
    /// Warnings (unused inputs and wires).
    public let warnings: [Diagnostic]

    /// The top module.
    public var top: IRModule { modules[modules.count - 1] }

    /// Index of the definition called `name`.
    public func moduleIndex(named name: String) -> Int? { modules.firstIndex { $0.name == name } }

    /// `[fileName: text]`: one `<Module>.v` per module plus `<top>.f`.
    public var verilogFiles: [String: String] {
        var files: [String: String] = [:]
        for (m, text) in zip(modules, verilog) { files["\(m.name).v"] = text }
        files["\(top.name).f"] = fileList
        return files
    }

    /// The file list (children first, top last), file names relative to the list's folder.
    public var fileList: String {
        modules.map { "\($0.name).v\n" }.joined()
    }

    /// Total number of IR nodes over all definitions.
    public var nodeCount: Int { modules.reduce(0) { $0 + $1.nodes.count } }

    /// Writes `<Module>.v` files and `<top>.f` into `directory` atomically: everything is written
    /// to a temporary sibling folder which then replaces `directory`.
    public func write(to directory: URL) throws {
        let fm = FileManager.default
        let parent = directory.deletingLastPathComponent()
        let tmp = parent.appendingPathComponent(".\(directory.lastPathComponent).tmp-\(ProcessInfo.processInfo.processIdentifier)-\(UInt64.random(in: 0...UInt64.max))")
        do {
            try fm.createDirectory(at: tmp, withIntermediateDirectories: true)
            for (name, text) in verilogFiles.sorted(by: { $0.key < $1.key }) {
                try Data(text.utf8).write(to: tmp.appendingPathComponent(name))
            }
            if fm.fileExists(atPath: directory.path) {
                let old = parent.appendingPathComponent(".\(directory.lastPathComponent).old-\(UInt64.random(in: 0...UInt64.max))")
                try fm.moveItem(at: directory, to: old)
                try fm.moveItem(at: tmp, to: directory)
                try? fm.removeItem(at: old)
            } else {
                try fm.moveItem(at: tmp, to: directory)
            }
        } catch {
            try? fm.removeItem(at: tmp)
            throw HDLError.io("cannot write Verilog to \(directory.path): \(error)")
        }
    }
}
