import Foundation
import SnapeaEnvironment

/// Runs the calibration flow (`read_verilog -sv; synth -top M; dfflibmap; abc; stat -liberty`)
/// on a Verilog design and returns the Nangate45 cell area — the reference the estimator is
/// validated against.
public struct YosysArea: Sendable {
    /// The result of one synthesis.
    public struct Result: Sendable, Hashable {
        /// Chip area of the top module (hierarchy flattened), µm².
        public var areaUm2: Double
        /// Cell counts.
        public var cells: [String: Int]
    }

    public enum Failure: Error, CustomStringConvertible, Sendable {
        case toolMissing(String)
        case libertyMissing(String)
        case failed(String)
        public var description: String {
            switch self {
            case let .toolMissing(s), let .libertyMissing(s), let .failed(s): return s
            }
        }
    }

    /// Path of the `yosys` executable.
    public var yosys: String
    /// Path of the (gunzipped or .gz) Nangate45 liberty.
    public var liberty: String

    /// The liberty's path inside the data folder.
    public static let libertyInDataFolder = "nangate45/nangate45_typ.lib.gz"

    /// Finds `yosys` on PATH and the liberty `<data>/nangate45/nangate45_typ.lib.gz`, the data folder
    /// found like every other data file (`DataFolder.resolve`): `dataFolder` (a `--data` flag), else
    /// `$SNAPEA_DATA`, else `../shared/data` beside the package.
    public init(dataFolder: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        let path = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init)
        guard let y = path.map({ $0 + "/yosys" }).first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw Failure.toolMissing("yosys not found on PATH (install Yosys 0.23: scripts/setup.sh or apt-get install yosys)")
        }
        let lib = (DataFolder.resolve(dataFolder, environment: environment) as NSString)
            .appendingPathComponent(Self.libertyInDataFolder)
        guard FileManager.default.fileExists(atPath: lib) else {
            throw Failure.libertyMissing("Nangate45 liberty not found at \(lib): it is \(Self.libertyInDataFolder) in the data folder "
                + "(../shared/data beside the package, --data or $\(DataFolder.environmentVariable)); see ../shared/docs/data.md")
        }
        yosys = y
        liberty = lib
    }

    /// Synthesises `verilog` (top module `top`, hierarchy flattened) and returns its cell area.
    public func synthesize(verilog: String, top: String) throws -> Result {
        try withTemporaryDirectory { dir in
            let src = dir.appendingPathComponent("design.v")
            try verilog.write(to: src, atomically: true, encoding: .utf8)
            return try synthesize(files: [src], top: top, blackboxes: [], in: dir)
        }
    }

    /// Synthesises the Verilog `files` (read in this order, top module `top`, hierarchy flattened)
    /// with the modules named in `blackboxes` turned into black boxes (Yosys `blackbox`: their
    /// bodies are removed, their instances stay as cells of no area), and returns the cell area
    /// of the rest — the logic. A listed module that no file defines is ignored by Yosys (a
    /// warning); one that is instantiated but not defined is a synthesis error.
    public func synthesize(files: [URL], top: String, blackboxes: [String]) throws -> Result {
        try withTemporaryDirectory { dir in try synthesize(files: files, top: top, blackboxes: blackboxes, in: dir) }
    }

    private func withTemporaryDirectory<T>(_ body: (URL) throws -> T) throws -> T {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("snapea-yosys-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        return try body(dir)
    }

    private func synthesize(files: [URL], top: String, blackboxes: [String], in dir: URL) throws -> Result {
        guard !files.isEmpty else { throw Failure.failed("no Verilog files to synthesise for \(top)") }
        var lib = liberty
        if lib.hasSuffix(".gz") {
            let out = dir.appendingPathComponent("nangate45.lib")
            try run("/bin/sh", ["-c", "gzip -dc '\(lib)' > '\(out.path)'"], dir: dir)
            lib = out.path
        }
        let stat = dir.appendingPathComponent("stat.txt")
        let boxes = blackboxes.isEmpty ? "" : "blackbox \(blackboxes.joined(separator: " ")); "
        let script = "read_verilog -sv \(files.map(\.path).joined(separator: " ")); \(boxes)synth -flatten -top \(top); "
            + "dfflibmap -liberty \(lib); abc -liberty \(lib); tee -q -o \(stat.path) stat -liberty \(lib)"
        try run(yosys, ["-q", "-p", script], dir: dir)
        let text = try String(contentsOf: stat, encoding: .utf8)
        var area: Double? = nil
        var cells: [String: Int] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ", omittingEmptySubsequences: true)
            if line.contains("Chip area for module"), let v = parts.last.flatMap({ Double($0) }) { area = v }
            if parts.count == 2, parts[0].contains("_X"), let n = Int(parts[1]) { cells[String(parts[0])] = n }
        }
        guard let a = area else { throw Failure.failed("yosys stat printed no 'Chip area' for \(top)") }
        return Result(areaUm2: a, cells: cells)
    }

    private func run(_ exe: String, _ args: [String], dir: URL) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: exe)
        p.arguments = args
        p.currentDirectoryURL = dir
        let errFile = dir.appendingPathComponent("stderr-\(UUID().uuidString).txt")
        _ = FileManager.default.createFile(atPath: errFile.path, contents: nil)
        let h = try FileHandle(forWritingTo: errFile)
        p.standardError = h
        p.standardOutput = h
        try p.run()
        p.waitUntilExit()
        try? h.close()
        if p.terminationStatus != 0 {
            let log = (try? String(contentsOf: errFile, encoding: .utf8)) ?? ""
            let tail = log.split(separator: "\n").suffix(5).joined(separator: " | ")
            throw Failure.failed("\(URL(fileURLWithPath: exe).lastPathComponent) exited \(p.terminationStatus): \(tail)")
        }
    }
}
