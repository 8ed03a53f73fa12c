import Foundation

/// Runs external tools (Verilator, Icarus) and finds them on PATH.
enum ToolProcess {
    /// Full path of `tool` on PATH, or nil.
    static func locate(_ tool: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let p = "\(dir)/\(tool)"
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return nil
    }

    /// Runs `executable args` in `cwd`; returns exit status and combined output.
    static func run(_ executable: String, _ args: [String], cwd: String? = nil) throws -> (status: Int32, output: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = args
        if let cwd { p.currentDirectoryURL = URL(fileURLWithPath: cwd) }
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Requires `tool` on PATH.
    static func require(_ tool: String) throws -> String {
        guard let p = locate(tool) else {
            throw SimulationError("\(tool) not found on PATH (install it with scripts/setup.sh)")
        }
        return p
    }

    /// 64-bit FNV-1a of `parts` (a build-cache key, not a security hash), as 16 hex digits.
    static func cacheKey(_ parts: [String]) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for part in parts {
            for b in part.utf8 {
                h ^= UInt64(b)
                h = h &* 0x100_0000_01b3
            }
            h ^= 0xff
            h = h &* 0x100_0000_01b3
        }
        let s = String(h, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }

    /// Root of the simulator build cache: `$SNAPEA_CACHE_DIR`, else `~/.cache/snapea`.
    static var cacheRoot: String {
        let env = ProcessInfo.processInfo.environment
        if let d = env["SNAPEA_CACHE_DIR"], !d.isEmpty { return d }
        let home = env["HOME"] ?? NSTemporaryDirectory()
        return (home as NSString).appendingPathComponent(".cache/snapea")
    }
}
