import Foundation
import XCTest

/// Repository root (three levels above this file).
let repoRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
}()

/// Skips (or fails under CI=true) when `tool` is not on PATH.
func requireTool(_ tool: String) throws {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    let found = path.split(separator: ":").contains {
        FileManager.default.isExecutableFile(atPath: "\($0)/\(tool)")
    }
    if found { return }
    if ProcessInfo.processInfo.environment["CI"] == "true" {
        XCTFail("\(tool) is required under CI=true; install it with scripts/setup.sh (apt-get install \(tool))")
        throw XCTSkip("\(tool) missing")
    }
    throw XCTSkip("\(tool) not found on PATH; install it with scripts/setup.sh")
}

/// Runs a process, returns (status, stdout+stderr).
func runTool(_ args: [String], cwd: String? = nil) throws -> (Int32, String) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
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

func makeTempDir(_ tag: String) throws -> String {
    let dir = NSTemporaryDirectory() + "snapea-\(tag)-\(UUID().uuidString.prefix(8))"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
}
