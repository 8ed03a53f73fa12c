/// A Swift source location (`#fileID` and `#line`) recorded by every DSL call.
public struct SourceLocation: Hashable, Sendable, CustomStringConvertible {
    /// The file name without module prefix, e.g. `Counter.swift`.
    public let file: String
    /// The 1-based line.
    public let line: Int

    /// Creates a location from `#fileID` (a `Module/File.swift` path is reduced to `File.swift`).
    public init(fileID: StaticString, line: UInt) {
        let text = fileID.description
        if let slash = text.lastIndex(of: "/") {
            self.file = String(text[text.index(after: slash)...])
        } else {
            self.file = text
        }
        self.line = Int(line)
    }

    /// Creates a location from a file name and a line.
    public init(file: String, line: Int) {
        self.file = file
        self.line = line
    }

    /// A placeholder for nodes the elaborator synthesises.
    public static let unknown = SourceLocation(file: "<generated>", line: 0)

    /// `File.swift:12`.
    public var description: String { "\(file):\(line)" }
}
