/// A bad layer specification or bad layer data.
///
/// The message always names the layer and the offending field, e.g.
/// `layer 'fire2/squeeze1x1', field 'stride': must be >= 1 (got 0)`.
public struct LayerError: Error, CustomStringConvertible, Equatable, Sendable {
    /// Name of the layer (or node) the error is about.
    public let layer: String
    /// Name of the field that is wrong (`inC`, `stride`, `width`, `input shape`, ...).
    public let field: String
    /// What is wrong, including the offending value.
    public let message: String

    public init(layer: String, field: String, _ message: String) {
        self.layer = layer
        self.field = field
        self.message = message
    }

    public var description: String { "layer '\(layer)', field '\(field)': \(message)" }
}
