import Foundation

/// The folder holding the real data (`squeezenet/`, `images/`, `nangate45/`, …; `../shared/docs/data.md`).
/// Everything that needs a data file finds the folder here, in one order: an explicit path (a
/// `--data` flag), else `$SNAPEA_DATA`, else `../shared/data` beside the package.
public enum DataFolder {
    /// Environment variable that overrides the default location.
    public static let environmentVariable = "SNAPEA_DATA"
    /// The default location, relative to the package root.
    public static let besidePackage = "../shared/data"

    /// The package root this library was built from (three levels above this source file).
    public static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url
    }()

    /// The folder to use: `explicit` if given, else `$SNAPEA_DATA` (when not empty), else
    /// `../shared/data` beside `packageRoot` (standardised, so it reads `<parent>/shared/data`).
    public static func resolve(_ explicit: String? = nil,
                               environment: [String: String] = ProcessInfo.processInfo.environment,
                               packageRoot: URL = packageRoot) -> String {
        if let explicit { return explicit }
        if let e = environment[environmentVariable], !e.isEmpty { return e }
        return packageRoot.appendingPathComponent(besidePackage).standardizedFileURL.path
    }
}
