import Foundation

/// Facts about the process environment that every target must decide the same way.
public enum RunEnvironment {
    /// The environment variable that marks a CI run.
    public static let ciVariable = "CI"

    /// True when `environment` marks a CI run: `CI` is `true`, `1` or `yes` in any case (surrounding
    /// blanks ignored). Under CI a missing tool or data file is a failure, never a skip.
    public static func isCI(_ environment: [String: String]) -> Bool {
        guard let v = environment[ciVariable] else { return false }
        return ["true", "1", "yes"].contains(v.trimmingCharacters(in: .whitespaces).lowercased())
    }

    /// `isCI` of this process's environment.
    public static var isCI: Bool { isCI(ProcessInfo.processInfo.environment) }
}
