import Foundation

/// Finds external programs (verilator, iverilog, vvp, yosys) on `PATH` and runs them.
public struct ExternalTool: Sendable {
    /// Program name.
    public let name: String
    /// Absolute path.
    public let path: String

    /// Locates `name` on `PATH`; nil when missing.
    public static func find(_ name: String) -> ExternalTool? {
        let env = ProcessInfo.processInfo.environment
        let dirs = (env["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":")
        for d in dirs {
            let p = "\(d)/\(name)"
            if FileManager.default.isExecutableFile(atPath: p) { return ExternalTool(name: name, path: p) }
        }
        return nil
    }

    /// The first line `name arguments…` prints (stdout, else stderr), e.g. `verilator --version`;
    /// `"<name> missing"` when the program is not on PATH or does not run. Asked once per process
    /// and program (cache keys include it, so a tool upgrade gives new keys).
    public static func versionLine(_ name: String, _ arguments: [String]) -> String {
        let key = ([name] + arguments).joined(separator: " ")
        if let v = VersionMemo.shared.get(key) { return v }
        var line = "\(name) missing"
        if let t = find(name), let r = try? t.run(arguments) {
            let text = r.stdout.isEmpty ? r.stderr : r.stdout
            line = text.split(separator: "\n").first.map { String($0).trimmingCharacters(in: .whitespaces) } ?? "\(name) printed nothing"
        }
        VersionMemo.shared.set(key, line)
        return line
    }

    /// Locates `name` or throws a message that says how to install it.
    public static func require(_ name: String) throws -> ExternalTool {
        if let t = find(name) { return t }
        throw HDLError.tool("'\(name)' not found on PATH; install it with scripts/setup.sh (apt-get install -y verilator yosys iverilog)")
    }

    /// Result of running a program.
    public struct Result: Sendable {
        public let status: Int32
        public let stdout: String
        public let stderr: String
    }

    /// Runs the tool with `arguments` in `directory`; stdout and stderr are captured.
    public func run(_ arguments: [String], in directory: URL? = nil) throws -> Result {
        try ExternalTool.runProcess(path, arguments, in: directory)
    }

    /// Runs any executable, capturing stdout (pipe) and stderr (temporary file).
    public static func runProcess(_ executable: String, _ arguments: [String], in directory: URL? = nil) throws -> Result {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = arguments
        if let d = directory { p.currentDirectoryURL = d }
        let out = Pipe()
        let errURL = FileManager.default.temporaryDirectory
            .appendingPathComponent("snapea-stderr-\(ProcessInfo.processInfo.processIdentifier)-\(UInt64.random(in: 0...UInt64.max))")
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let errHandle = try FileHandle(forWritingTo: errURL)
        defer {
            try? errHandle.close()
            try? FileManager.default.removeItem(at: errURL)
        }
        p.standardOutput = out
        p.standardError = errHandle
        do {
            try p.run()
        } catch {
            throw HDLError.tool("cannot run \(executable): \(error)")
        }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let err = (try? Data(contentsOf: errURL)) ?? Data()
        return Result(status: p.terminationStatus, stdout: String(decoding: data, as: UTF8.self),
                      stderr: String(decoding: err, as: UTF8.self))
    }
}

/// Version lines already asked for (`ExternalTool.versionLine`).
private final class VersionMemo: @unchecked Sendable {
    static let shared = VersionMemo()
    private let lock = NSLock()
    private var lines: [String: String] = [:]
    func get(_ key: String) -> String? { lock.lock(); defer { lock.unlock() }; return lines[key] }
    func set(_ key: String, _ value: String) { lock.lock(); lines[key] = value; lock.unlock() }
}
