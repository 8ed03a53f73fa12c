/// A malformed input file: a prototxt with a syntax or semantic error, a corrupt binary file,
/// or a mismatch between a network description and its weights.
///
/// Every error names the file and the place: a line number for text files, a byte offset for
/// binary files, and the layer when one is involved. `description` is one line.
public struct FormatError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file (path or name) the error is about.
    public let file: String
    /// 1-based line number, for text formats.
    public let line: Int?
    /// 0-based byte offset where reading went wrong, for binary formats.
    public let byteOffset: Int?
    /// The network layer involved, if any.
    public let layer: String?
    /// What is wrong, in words.
    public let message: String

    public init(file: String, line: Int? = nil, byteOffset: Int? = nil, layer: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.byteOffset = byteOffset
        self.layer = layer
        self.message = message
    }

    public var description: String {
        var place = file
        if let line { place += ":\(line)" }
        if let byteOffset { place += ": byte \(byteOffset)" }
        if let layer { place += ": layer '\(layer)'" }
        return "\(place): \(message)"
    }
}
