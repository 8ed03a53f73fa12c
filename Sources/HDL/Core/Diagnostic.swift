/// One elaboration finding: an error or a warning with the Swift location it refers to.
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible {
    /// Severity of a diagnostic.
    public enum Severity: String, Sendable, Hashable {
        case error
        case warning
    }

    /// Error or warning.
    public let severity: Severity
    /// Where the offending DSL call was made.
    public let location: SourceLocation
    /// One-line explanation.
    public let message: String

    /// Creates a diagnostic.
    public init(_ severity: Severity, _ location: SourceLocation, _ message: String) {
        self.severity = severity
        self.location = location
        self.message = message
    }

    /// `File.swift:12: error: width mismatch ...`.
    public var description: String { "\(location): \(severity.rawValue): \(message)" }
}

/// Errors thrown by elaboration and by the HDL tools.
public enum HDLError: Error, CustomStringConvertible, Sendable {
    /// Elaboration found one or more errors (listed in source order of discovery).
    case elaboration([Diagnostic])
    /// An external tool is missing or failed.
    case tool(String)
    /// Writing or reading files failed.
    case io(String)

    /// All diagnostics of an elaboration failure (empty for other cases).
    public var diagnostics: [Diagnostic] {
        if case .elaboration(let d) = self { return d }
        return []
    }

    public var description: String {
        switch self {
        case .elaboration(let d):
            return d.map(\.description).joined(separator: "\n")
        case .tool(let s): return "tool error: \(s)"
        case .io(let s): return "I/O error: \(s)"
        }
    }
}
