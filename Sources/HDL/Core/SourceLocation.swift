import Foundation

/// A Swift source location (`#fileID` and `#line`) recorded by every DSL call.
public struct SourceLocation: Hashable, Sendable, CustomStringConvertible {
    /// The file name without module prefix, e.g. `Counter.swift`.
    public let file: String
    /// The 1-based line.
    public let line: Int

    /// Creates a location from `#fileID` (a `Module/File.swift` path is reduced to `File.swift`).
    public init(fileID: StaticString, line: UInt) {
        self.file = SourceLocation.fileName(fileID)
        self.line = Int(line)
    }

    /// Last path component of a `#fileID`, cached by the string's address.
    private static func fileName(_ fileID: StaticString) -> String {
        guard fileID.hasPointerRepresentation else { return fileID.description }
        let key = UInt(bitPattern: fileID.utf8Start)
        cacheLock.lock()
        defer { cacheLock.unlock() }
        if let hit = cache[key] { return hit }
        let text = fileID.description
        let name: String
        if let slash = text.lastIndex(of: "/") {
            name = String(text[text.index(after: slash)...])
        } else {
            name = text
        }
        cache[key] = name
        return name
    }

    nonisolated(unsafe) private static var cache: [UInt: String] = [:]
    private static let cacheLock = NSLock()

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
