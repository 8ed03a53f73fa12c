import Foundation

/// Where compiled simulators are cached: `$SNAPEA_CACHE` or `./.build/snapea-cache` (tests use a
/// temporary folder, `SnapeaTesting.TestRun`). Entries are keyed by the runners' `cacheKey`: a SHA-256
/// over the tool versions, flags, Verilog and harness/testbench.
public enum ToolCache {
    /// The cache root folder.
    public static var root: URL {
        if let c = ProcessInfo.processInfo.environment["SNAPEA_CACHE"], !c.isEmpty {
            return URL(fileURLWithPath: c)
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
            .appendingPathComponent(".build/snapea-cache")
    }

    /// Writes `files` into a fresh folder `<root>/<kind>/<key>` unless it is already complete
    /// (a `.complete` marker), then calls `build` inside a temporary folder that is renamed into
    /// place on success. Returns the folder.
    static func prepare(kind: String, key: String, files: [String: String],
                        build: (URL) throws -> Void) throws -> URL {
        let fm = FileManager.default
        let dir = root.appendingPathComponent(kind).appendingPathComponent(key)
        if fm.fileExists(atPath: dir.appendingPathComponent(".complete").path) { return dir }
        let tmp = root.appendingPathComponent(kind)
            .appendingPathComponent(".\(key).tmp-\(ProcessInfo.processInfo.processIdentifier)-\(UInt64.random(in: 0...UInt64.max))")
        do {
            try fm.createDirectory(at: tmp, withIntermediateDirectories: true)
            for (name, text) in files.sorted(by: { $0.key < $1.key }) {
                try Data(text.utf8).write(to: tmp.appendingPathComponent(name))
            }
            try build(tmp)
            try Data().write(to: tmp.appendingPathComponent(".complete"))
            if fm.fileExists(atPath: dir.path) { try? fm.removeItem(at: dir) }
            do {
                try fm.moveItem(at: tmp, to: dir)
            } catch {
                // Another process finished the same build first.
                try? fm.removeItem(at: tmp)
                if !fm.fileExists(atPath: dir.appendingPathComponent(".complete").path) { throw error }
            }
        } catch {
            try? fm.removeItem(at: tmp)
            throw error
        }
        return dir
    }
}
